// ARP (RFC 826, Ethernet/IPv4): deconstruct, construct, round trip, malformed.
#include "core/wire/arp.h"

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

const arp::Repr kRequest{arp::Operation::Request, kMacA, kIpA, MacAddr{}, kIpB};
const arp::Repr kReply{arp::Operation::Reply, kMacB, kIpB, kMacA, kIpA};

} // namespace

TEST_CASE("arp: deconstruct a request (with Ethernet padding after it) and a reply", "[wire][arp]")
{
    auto req = arp::parse(span_of(kArpRequestFrame, kL3));
    REQUIRE(req.ok());
    CHECK(req.value() == kRequest);
    auto rep = arp::parse(span_of(kArpReplyFrame, kL3));
    REQUIRE(rep.ok());
    CHECK(rep.value() == kReply);
}

TEST_CASE("arp: construct", "[wire][arp]")
{
    Bytes out = poisoned(arp::buffer_len(kRequest));
    arp::emit(kRequest, out);
    CHECK(out == to_bytes(kArpRequestFrame, kL3, kL3 + 28));
    out = poisoned(28);
    arp::emit(kReply, out);
    CHECK(out == to_bytes(kArpReplyFrame, kL3));
}

TEST_CASE("arp: parse and emit round trip", "[wire][arp]")
{
    Bytes out = poisoned(28);
    arp::emit(kReply, out);
    auto back = arp::parse(out);
    REQUIRE(back.ok());
    CHECK(back.value() == kReply);
}

TEST_CASE("arp: truncated at every length below 28 bytes", "[wire][arp]")
{
    for (size_t n = 0; n < arp::kPacketLen; ++n) {
        auto r = arp::parse(span_of(kArpReplyFrame, kL3, kL3 + n));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error() == WireError::Truncated);
    }
}

TEST_CASE("arp: other hardware, protocol, lengths and operations are rejected", "[wire][arp]")
{
    auto with = [](size_t off, uint8_t v) {
        Bytes p = to_bytes(kArpReplyFrame, kL3);
        p[off] = v;
        return arp::parse(p);
    };
    auto htype = with(arp::kHardwareType + 1, 6); // IEEE 802 networks
    CHECK(htype.error() == WireError::Unsupported);
    CHECK(htype.error().message() == "arp: hardware type 6, only 1 (Ethernet) supported");
    CHECK(with(arp::kProtocolType, 0x86).error() == WireError::Unsupported);
    CHECK(with(arp::kHardwareLen, 8).error() == WireError::Malformed);
    CHECK(with(arp::kProtocolLen, 16).error() == WireError::Malformed);
    CHECK(with(arp::kOperation + 1, 3).error() == WireError::Unsupported); // RARP request
    CHECK(with(arp::kOperation + 1, 0).error() == WireError::Unsupported);
}
