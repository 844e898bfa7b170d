// IPv6 (RFC 8200): deconstruct, construct, round trip, extension headers, malformed headers.
#include "core/wire/ipv6.h"

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

ipv6::Repr echo_repr()
{
    ipv6::Repr r;
    r.src = kGlobalA;
    r.dst = kGlobalB;
    r.next_header = IpProtocol::Icmpv6;
    r.hop_limit = 64;
    r.flow_label = 0x5f3a1;
    return r;
}

// An IPv6 packet whose payload is `ext` (extension headers) followed by 8 upper-layer bytes.
Bytes with_extensions(IpProtocol first, Bytes ext)
{
    ipv6::Repr r = echo_repr();
    r.next_header = first;
    Bytes payload = std::move(ext);
    for (uint8_t b : {0x80, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02}) payload.push_back(b);
    Bytes out = poisoned(ipv6::buffer_len(r, payload.size()));
    ipv6::emit(r, payload, out);
    return out;
}

} // namespace

TEST_CASE("ipv6: deconstruct an echo request with a flow label", "[wire][ipv6]")
{
    auto r = ipv6::parse(span_of(kIcmpv6EchoFrame, kL3));
    REQUIRE(r.ok());
    CHECK(r->repr == echo_repr());
    CHECK(r->protocol == IpProtocol::Icmpv6);
    CHECK(r->payload.size() == 20);
    CHECK(r->payload.data() == kIcmpv6EchoFrame + kL4v6);
}

TEST_CASE("ipv6: construct", "[wire][ipv6]")
{
    ByteSpan icmp = span_of(kIcmpv6EchoFrame, kL4v6);
    Bytes out = poisoned(ipv6::buffer_len(echo_repr(), icmp.size()));
    ipv6::emit(echo_repr(), icmp, out);
    CHECK(out == to_bytes(kIcmpv6EchoFrame, kL3));
}

TEST_CASE("ipv6: every IPv6 fixture round-trips; padding is trimmed", "[wire][ipv6]")
{
    for (const NamedFrame& f : kAllFrames) {
        if (load_be16(f.data + 12) != 0x86dd) continue;
        INFO(f.name);
        auto r = ipv6::parse(ByteSpan(f.data + kL3, f.size - kL3));
        REQUIRE(r.ok());
        Bytes out = poisoned(ipv6::buffer_len(r->repr, r->payload.size()));
        ipv6::emit(r->repr, r->payload, out);
        CHECK(out == Bytes(f.data + kL3, f.data + f.size));
        CHECK(r->repr.hop_limit == (r->repr.src.is_link_local() ? 255 : 64));
    }
    Bytes padded = to_bytes(kUdpV6Frame, kL3);
    padded.resize(padded.size() + 6, 0);
    auto r = ipv6::parse(padded);
    REQUIRE(r.ok());
    CHECK(r->payload.size() == 13);
}

TEST_CASE("ipv6: truncated at every length below the header, and short payloads", "[wire][ipv6]")
{
    for (size_t n = 0; n < ipv6::kHeaderLen; ++n) {
        auto r = ipv6::parse(span_of(kIcmpv6EchoFrame, kL3, kL3 + n));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error() == WireError::Truncated);
    }
    auto r = ipv6::parse(span_of(kIcmpv6EchoFrame, kL3, sizeof kIcmpv6EchoFrame - 1));
    CHECK(r.error() == WireError::Truncated);
    CHECK(r.error().message() == "ipv6: 19 bytes after the header, payload length says 20");
}

TEST_CASE("ipv6: a version other than 6 is rejected", "[wire][ipv6]")
{
    Bytes p = to_bytes(kIcmpv6EchoFrame, kL3);
    p[0] = 0x45;
    auto r = ipv6::parse(p);
    CHECK(r.error() == WireError::BadVersion);
    CHECK(r.error().message() == "ipv6: version field is 4, expected 6");
}

TEST_CASE("ipv6: skippable extension headers are passed over", "[wire][ipv6]")
{
    SECTION("hop-by-hop with a router alert (action 00) and PadN, as MLD sends")
    {
        Bytes p =
            with_extensions(IpProtocol::HopByHop, {58, 0, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00});
        auto r = ipv6::parse(p);
        REQUIRE(r.ok());
        CHECK(r->repr.next_header == IpProtocol::HopByHop);
        CHECK(r->protocol == IpProtocol::Icmpv6);
        CHECK(r->payload.size() == 8);
        CHECK(r->payload[0] == 0x80);
    }
    SECTION("destination options of Pad1 only, then a routing header with 0 segments left")
    {
        Bytes p = with_extensions(IpProtocol::Ipv6Opts,
                                  {43, 0, 0, 0, 0, 0, 0, 0,   // dest opts: 6 x Pad1
                                   58, 0, 4, 0, 0, 0, 0, 0}); // routing: type 4, left 0
        auto r = ipv6::parse(p);
        REQUIRE(r.ok());
        CHECK(r->protocol == IpProtocol::Icmpv6);
        CHECK(r->payload.size() == 8);
    }
    SECTION("an atomic fragment (offset 0, M clear; RFC 6946)")
    {
        Bytes p =
            with_extensions(IpProtocol::Ipv6Frag, {58, 0, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef});
        auto r = ipv6::parse(p);
        REQUIRE(r.ok());
        CHECK(r->protocol == IpProtocol::Icmpv6);
    }
}

TEST_CASE("ipv6: extension headers needing work are Unsupported or Malformed", "[wire][ipv6]")
{
    auto err = [](IpProtocol first, Bytes ext) {
        Bytes p = with_extensions(first, std::move(ext));
        auto r = ipv6::parse(p);
        REQUIRE_FALSE(r.ok());
        return r.error();
    };
    auto frag = err(IpProtocol::Ipv6Frag,
                    {58, 0, 0x05, 0xc9, 0, 0, 0, 1}); // offset 185 units = 1480 bytes, M
    CHECK(frag == WireError::Unsupported);
    CHECK(frag.message() == "ipv6: fragment at offset 1480; reassembly is not supported");
    auto opt = err(IpProtocol::HopByHop, {58, 0, 0xc2, 0x04, 0, 0, 0, 0}); // jumbo payload
    CHECK(opt == WireError::Unsupported);
    CHECK(opt.message() == "ipv6: hop-by-hop option type 0xc2 requires processing");
    CHECK(err(IpProtocol::Ipv6Route, {58, 0, 4, 1, 0, 0, 0, 0}) == WireError::Unsupported);
    CHECK(err(IpProtocol::Esp, {0, 0, 0, 1, 0, 0, 0, 1}) == WireError::Unsupported);
    // Hop-by-hop must come first (RFC 8200 §4.1).
    CHECK(err(IpProtocol::Ipv6Opts, {0, 0, 1, 4, 0, 0, 0, 0, 58, 0, 1, 4, 0, 0, 0, 0}) ==
          WireError::Malformed);
    // An option running past its header.
    CHECK(err(IpProtocol::Ipv6Opts, {58, 0, 0x01, 0x09, 0, 0, 0, 0}) == WireError::Malformed);
    // An extension header longer than the packet.
    CHECK(err(IpProtocol::Ipv6Opts, {58, 3, 1, 4, 0, 0, 0, 0}) == WireError::Truncated);
}
