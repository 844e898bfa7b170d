// IPv4 (RFC 791): deconstruct, construct, round trip, options, fragments, malformed headers.
#include "core/wire/ipv4.h"

#include "tests/wire/fixtures.h"
#include "tests/wire/wire_test_util.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;
using test::poisoned;
using test::span_of;
using test::to_bytes;

namespace {

// A fragment with a router alert option (RFC 2113), experimental protocol 253 and 4 data bytes.
constexpr uint8_t kFragmentWithOption[] = {
    0x46,                   // version 4, IHL 6 (24 bytes)
    0xb8,                   // DSCP 46 (EF), ECN 0
    0x00, 0x1c,             // total length 28
    0x12, 0x34,             // identification 0x1234
    0x20, 0xb9,             // flags MF, fragment offset 185 (1480 bytes)
    0x07,                   // TTL 7
    0xfd,                   // protocol 253 (experimental, RFC 3692)
    0xd6, 0x39,             // header checksum 0xd639 (python3)
    0x0a, 0x00, 0x00, 0x01, // src 10.0.0.1
    0x0a, 0x00, 0x00, 0x02, // dst 10.0.0.2
    0x94, 0x04, 0x00, 0x00, // option: router alert (type 148, length 4, value 0)
    0x61, 0x62, 0x63, 0x64, // payload "abcd"
};

ipv4::Repr echo_repr()
{
    ipv4::Repr r;
    r.src = kIpA;
    r.dst = kIpB;
    r.protocol = IpProtocol::Icmp;
    r.ttl = 64;
    r.ident = 0x4d2f;
    r.dont_frag = true;
    return r;
}

} // namespace

TEST_CASE("ipv4: deconstruct Linux's ping packet", "[wire][ipv4]")
{
    auto r = ipv4::parse(span_of(kIcmpv4EchoFrame, kL3));
    REQUIRE(r.ok());
    CHECK(r->repr == echo_repr());
    CHECK_FALSE(r->repr.is_fragment());
    CHECK(r->payload.size() == 64);
    CHECK(r->payload.data() == kIcmpv4EchoFrame + kL4v4);
}

TEST_CASE("ipv4: construct Linux's ping packet", "[wire][ipv4]")
{
    ByteSpan icmp = span_of(kIcmpv4EchoFrame, kL4v4);
    Bytes out = poisoned(ipv4::buffer_len(echo_repr(), icmp.size()));
    ipv4::emit(echo_repr(), icmp, out);
    CHECK(out == to_bytes(kIcmpv4EchoFrame, kL3));
}

TEST_CASE("ipv4: Ethernet padding after the total length is trimmed", "[wire][ipv4]")
{
    // kUdpV4Frame: 60-byte frame, IPv4 total length 35.
    auto r = ipv4::parse(span_of(kUdpV4Frame, kL3));
    REQUIRE(r.ok());
    CHECK(r->payload.size() == 15);
    CHECK(r->repr.protocol == IpProtocol::Udp);
    CHECK_FALSE(r->repr.dont_frag);
}

TEST_CASE("ipv4: DSCP/ECN, TTL and every IPv4 fixture round-trip", "[wire][ipv4]")
{
    for (const NamedFrame& f : kAllFrames) {
        if (load_be16(f.data + 12) != 0x0800) continue;
        INFO(f.name);
        auto r = ipv4::parse(ByteSpan(f.data + kL3, f.size - kL3));
        REQUIRE(r.ok());
        Bytes out = poisoned(ipv4::buffer_len(r->repr, r->payload.size()));
        ipv4::emit(r->repr, r->payload, out);
        CHECK(out == Bytes(f.data + kL3, f.data + kL3 + out.size()));
    }
    auto unreach = ipv4::parse(span_of(kIcmpv4PortUnreachFrame, kL3));
    REQUIRE(unreach.ok());
    CHECK(unreach->repr.dscp == 48); // CS6, as Linux marks ICMP errors (tos 0xc0)
    CHECK(unreach->repr.ecn == 0);
}

TEST_CASE("ipv4: options are kept raw; fragments are reported", "[wire][ipv4]")
{
    auto r = ipv4::parse(kFragmentWithOption);
    REQUIRE(r.ok());
    CHECK(r->repr.options == Bytes{0x94, 0x04, 0x00, 0x00});
    CHECK(r->repr.dscp == 46);
    CHECK(r->repr.more_frags);
    CHECK(r->repr.frag_offset == 1480);
    CHECK(r->repr.is_fragment());
    CHECK(r->repr.ttl == 7);
    CHECK(uint8_t(r->repr.protocol) == 253);
    CHECK(r->payload.size() == 4);
    Bytes out = poisoned(ipv4::buffer_len(r->repr, 4));
    ipv4::emit(r->repr, r->payload, out);
    CHECK(out == to_bytes(kFragmentWithOption));
}

TEST_CASE("ipv4: truncated at every length below the header", "[wire][ipv4]")
{
    for (size_t n = 0; n < 24; ++n) {
        auto r = ipv4::parse(span_of(kFragmentWithOption, 0, n));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error() == WireError::Truncated);
    }
    // Header present but the total length runs past the end.
    auto r = ipv4::parse(span_of(kFragmentWithOption, 0, 27));
    CHECK(r.error() == WireError::Truncated);
    CHECK(r.error().message() == "ipv4: 27 bytes, the total length says 28");
}

TEST_CASE("ipv4: malformed headers say what is wrong", "[wire][ipv4]")
{
    Bytes p = to_bytes(kIcmpv4EchoFrame, kL3);
    SECTION("bad version")
    {
        p[0] = 0x65;
        auto r = ipv4::parse(p);
        CHECK(r.error() == WireError::BadVersion);
        CHECK(r.error().message() == "ipv4: version field is 6, expected 4");
    }
    SECTION("IHL below 5")
    {
        p[0] = 0x44;
        CHECK(ipv4::parse(p).error() == WireError::BadHeaderLength);
    }
    SECTION("total length smaller than the header")
    {
        store_be16(&p[ipv4::kTotalLen], 19);
        test::refill_checksum(p, ipv4::kChecksum);
        auto r = ipv4::parse(p);
        CHECK(r.error() == WireError::BadLength);
        CHECK(r.error().message() == "ipv4: total length 19 is smaller than the header length 20");
    }
    SECTION("bad checksum, unless skipped")
    {
        p[ipv4::kTtl] = 63; // a router forgot to update the checksum
        auto r = ipv4::parse(p);
        CHECK(r.error() == WireError::BadChecksum);
        CHECK(r.error().message() == "ipv4: header checksum 0xd977 does not verify");
        auto skipped = ipv4::parse(p, ChecksumCheck::Skip);
        REQUIRE(skipped.ok());
        CHECK(skipped->repr.ttl == 63);
    }
}
