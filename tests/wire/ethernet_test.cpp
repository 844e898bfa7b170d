// Ethernet II: deconstruct, construct (with and without padding), round trip, malformed.
#include "core/wire/ethernet.h"

#include "tests/wire/fixtures.h"
#include "tests/wire/wire_test_util.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;
using test::poisoned;
using test::span_of;
using test::to_bytes;

TEST_CASE("ethernet: deconstruct a padded broadcast ARP frame", "[wire][ethernet]")
{
    auto r = ethernet::parse(kArpRequestFrame);
    REQUIRE(r.ok());
    CHECK(r->repr.dst == MacAddr::broadcast());
    CHECK(r->repr.src == kMacA);
    CHECK(r->repr.ethertype == ethernet::EtherType::Arp);
    // The payload keeps the 18 padding bytes: ARP (28 bytes) ignores them.
    CHECK(r->payload.size() == 60 - 14);
    CHECK(r->payload.data() == kArpRequestFrame + 14);
}

TEST_CASE("ethernet: construct pads short frames with zeros to 60 bytes", "[wire][ethernet]")
{
    ethernet::Repr repr{MacAddr::broadcast(), kMacA, ethernet::EtherType::Arp};
    ByteSpan arp = span_of(kArpRequestFrame, 14, 14 + 28);
    REQUIRE(ethernet::buffer_len(repr, arp.size()) == 60);
    Bytes out = poisoned(60);
    ethernet::emit(repr, arp, out);
    CHECK(out == to_bytes(kArpRequestFrame));
}

TEST_CASE("ethernet: construct without padding", "[wire][ethernet]")
{
    ethernet::Repr repr{kMacA, kMacB, ethernet::EtherType::Arp};
    ByteSpan arp = span_of(kArpReplyFrame, 14);
    REQUIRE(ethernet::buffer_len(repr, arp.size(), ethernet::Pad::None) == 42);
    Bytes out = poisoned(42);
    ethernet::emit(repr, arp, out);
    CHECK(out == to_bytes(kArpReplyFrame));
}

TEST_CASE("ethernet: every fixture frame round-trips byte for byte", "[wire][ethernet]")
{
    for (const NamedFrame& f : kAllFrames) {
        INFO(f.name);
        auto r = ethernet::parse(ByteSpan(f.data, f.size));
        REQUIRE(r.ok());
        Bytes out = poisoned(ethernet::buffer_len(r->repr, r->payload.size(), ethernet::Pad::None));
        ethernet::emit(r->repr, r->payload, out);
        CHECK(out == Bytes(f.data, f.data + f.size));
        auto again = ethernet::parse(out);
        REQUIRE(again.ok());
        CHECK(again->repr == r->repr);
    }
}

TEST_CASE("ethernet: emit in place skips the payload copy", "[wire][ethernet]")
{
    Bytes buf = to_bytes(kIcmpv4EchoFrame);
    std::fill(buf.begin(), buf.begin() + 14, uint8_t(0xA5));
    ethernet::Repr repr{kMacB, kMacA, ethernet::EtherType::Ipv4};
    ethernet::emit(repr, ByteSpan(buf).subspan(14), buf);
    CHECK(buf == to_bytes(kIcmpv4EchoFrame));
}

TEST_CASE("ethernet: truncated at every length below the header", "[wire][ethernet]")
{
    for (size_t n = 0; n < ethernet::kHeaderLen; ++n) {
        auto r = ethernet::parse(span_of(kUdpV4Frame, 0, n));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error() == WireError::Truncated);
    }
    CHECK(ethernet::parse(span_of(kUdpV4Frame, 0, 14)).ok()); // header alone is a frame
}

TEST_CASE("ethernet: an 802.3 length field is rejected, naming it", "[wire][ethernet]")
{
    Bytes f = to_bytes(kUdpV4Frame);
    store_be16(&f[12], 46); // 802.3: a length, not an EtherType
    auto r = ethernet::parse(f);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == WireError::Unsupported);
    CHECK(r.error().message().find("802.3 length") != std::string::npos);
    store_be16(&f[12], 0x88cc); // LLDP: unknown but valid, passed up
    auto lldp = ethernet::parse(f);
    REQUIRE(lldp.ok());
    CHECK(uint16_t(lldp->repr.ethertype) == 0x88cc);
}
