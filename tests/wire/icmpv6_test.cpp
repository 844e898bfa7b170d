// ICMPv6 (RFC 4443) and Neighbor Discovery (RFC 4861): deconstruct and construct every fixture,
// round trips, ND option rules, malformed messages.
#include "core/wire/icmpv6.h"

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

constexpr Ipv6Addr kPrefix{{0x20, 0x01, 0x0d, 0xb8}};

struct Case {
    const char* name;
    ByteSpan message; // the ICMPv6 message inside the fixture frame
    Ipv6Addr src;
    Ipv6Addr dst;
    icmpv6::Repr repr;
    ByteSpan payload;
};

template <size_t N>
ByteSpan icmp_of(const uint8_t (&frame)[N])
{
    return span_of(frame, kL4v6);
}

std::vector<Case> cases()
{
    icmpv6::RouterAdvert ra;
    ra.cur_hop_limit = 64;
    ra.other_flag = true;
    ra.router_lifetime = 1800;
    ra.reachable_time = 30000;
    ra.retrans_timer = 1000;
    ra.source_ll = kMacR;
    ra.mtu = 1500;
    ra.prefixes = {icmpv6::PrefixInfo{64, true, true, 2592000, 604800, kPrefix}};
    return {
        {"echo", icmp_of(kIcmpv6EchoFrame), kGlobalA, kGlobalB, icmpv6::EchoRequest{0x2a2b, 7},
         span_of(kIcmpv6EchoFrame, kL4v6 + 8)},
        {"neighbor solicit",
         icmp_of(kNeighborSolicitFrame),
         kLinkLocalA,
         kSolicitedNodeB,
         icmpv6::NeighborSolicit{kLinkLocalB, kMacA},
         {}},
        {"neighbor advert",
         icmp_of(kNeighborAdvertFrame),
         kLinkLocalB,
         kLinkLocalA,
         icmpv6::NeighborAdvert{false, true, true, kLinkLocalB, kMacB},
         {}},
        {"router solicit",
         icmp_of(kRouterSolicitFrame),
         kLinkLocalA,
         kAllRouters,
         icmpv6::RouterSolicit{kMacA},
         {}},
        {"router advert", icmp_of(kRouterAdvertFrame), kLinkLocalR, kAllNodes, ra, {}},
        {"packet too big", icmp_of(kIcmpv6PacketTooBigFrame), kGlobalR, kGlobalA,
         icmpv6::PacketTooBig{1280}, span_of(kUdpV6Frame, kL3)},
    };
}

Bytes emitted(const Case& c)
{
    Bytes out = poisoned(icmpv6::buffer_len(c.repr, c.payload.size()));
    icmpv6::emit(c.repr, c.payload, c.src, c.dst, out);
    return out;
}

} // namespace

TEST_CASE("icmpv6: deconstruct echo, NS, NA, RS, RA and packet too big", "[wire][icmpv6]")
{
    for (const Case& c : cases()) {
        INFO(c.name);
        auto r = icmpv6::parse(c.message, c.src, c.dst);
        REQUIRE(r.ok());
        CHECK(r->repr == c.repr);
        CHECK(Bytes(r->payload.begin(), r->payload.end()) ==
              Bytes(c.payload.begin(), c.payload.end()));
    }
}

TEST_CASE("icmpv6: construct echo, NS, NA, RS, RA and packet too big", "[wire][icmpv6]")
{
    for (const Case& c : cases()) {
        INFO(c.name);
        CHECK(emitted(c) == Bytes(c.message.begin(), c.message.end()));
    }
}

TEST_CASE("icmpv6: errors and ND messages round-trip", "[wire][icmpv6]")
{
    std::vector<icmpv6::Repr> reprs = {
        icmpv6::EchoReply{1, 2},
        icmpv6::DestUnreachable{icmpv6::UnreachableCode::Port},
        icmpv6::DestUnreachable{icmpv6::UnreachableCode::AdminProhibited},
        icmpv6::TimeExceeded{icmpv6::TimeExceededCode::FragReassembly},
        icmpv6::ParamProblem{icmpv6::ParamProblemCode::UnknownNextHeader, 6},
        icmpv6::NeighborSolicit{kGlobalB, std::nullopt}, // DAD: no source link-layer option
        icmpv6::NeighborAdvert{true, false, false, kGlobalB, std::nullopt},
        icmpv6::RouterSolicit{std::nullopt},
        icmpv6::RouterAdvert{},
    };
    for (const auto& repr : reprs) {
        bool nd = repr.index() >= 6;
        ByteSpan payload = nd ? ByteSpan{} : span_of(kUdpV6Frame, kL3);
        Bytes out = poisoned(icmpv6::buffer_len(repr, payload.size()));
        icmpv6::emit(repr, payload, kGlobalA, kGlobalB, out);
        auto back = icmpv6::parse(out, kGlobalA, kGlobalB);
        REQUIRE(back.ok());
        CHECK(back->repr == repr);
        CHECK(back->payload.size() == payload.size());
    }
}

TEST_CASE("icmpv6: the checksum covers the pseudo-header addresses", "[wire][icmpv6]")
{
    auto wrong_dst = icmpv6::parse(icmp_of(kNeighborSolicitFrame), kLinkLocalA, kAllNodes);
    CHECK(wrong_dst.error() == WireError::BadChecksum);
    Bytes m = to_bytes(kNeighborSolicitFrame, kL4v6);
    m[10] ^= 1; // target address
    CHECK(icmpv6::parse(m, kLinkLocalA, kSolicitedNodeB).error() == WireError::BadChecksum);
    CHECK(icmpv6::parse(m, kLinkLocalA, kSolicitedNodeB, ChecksumCheck::Skip).ok());
}

TEST_CASE("icmpv6: truncated messages", "[wire][icmpv6]")
{
    for (size_t n = 0; n < icmpv6::kHeaderLen; ++n)
        CHECK(icmpv6::parse(span_of(kIcmpv6EchoFrame, kL4v6, kL4v6 + n), kGlobalA, kGlobalB,
                            ChecksumCheck::Skip)
                  .error() == WireError::Truncated);
    // An NS shorter than its 24-byte fixed part.
    for (size_t n = icmpv6::kHeaderLen; n < icmpv6::kNdHeaderLen; ++n)
        CHECK(icmpv6::parse(span_of(kNeighborSolicitFrame, kL4v6, kL4v6 + n), kLinkLocalA,
                            kSolicitedNodeB, ChecksumCheck::Skip)
                  .error() == WireError::Truncated);
}

namespace {

// The RA fixture with bytes from `at` replaced, checksum refilled.
Result<icmpv6::Parsed, WireFault> ra_with(size_t at, Bytes patch, size_t keep = 0)
{
    Bytes m = to_bytes(kRouterAdvertFrame, kL4v6);
    if (keep) m.resize(keep);
    std::copy(patch.begin(), patch.end(), m.begin() + ptrdiff_t(at));
    test::refill_checksum(
        m, icmpv6::kChecksum,
        PseudoHeader::v6(kLinkLocalR, kAllNodes).sum(IpProtocol::Icmpv6, uint32_t(m.size())));
    return icmpv6::parse(m, kLinkLocalR, kAllNodes);
}

} // namespace

TEST_CASE("icmpv6: ND option rules of RFC 4861 §4.6", "[wire][icmpv6]")
{
    // Offsets in the RA: 16 SLLA option, 24 MTU option, 32 prefix option.
    auto zero = ra_with(17, {0});
    CHECK(zero.error() == WireError::Malformed);
    CHECK(zero.error().message() == "icmpv6: ND option 1 has length zero");
    CHECK(ra_with(33, {5}).error() == WireError::Truncated);   // prefix option overruns
    CHECK(ra_with(17, {2}).error() == WireError::Malformed);   // 16-byte link-layer option
    CHECK(ra_with(34, {129}).error() == WireError::Malformed); // prefix length 129
    CHECK(ra_with(1, {1}).error() == WireError::Malformed);    // code must be 0
    // An unknown option (type 25, RDNSS-like) is skipped; the MTU option still counts.
    auto unknown = ra_with(16, {25, 1});
    REQUIRE(unknown.ok());
    auto& ra = std::get<icmpv6::RouterAdvert>(unknown->repr);
    CHECK_FALSE(ra.source_ll.has_value());
    CHECK(ra.mtu == 1500u);
    // A stray byte after the last option.
    Bytes m = to_bytes(kRouterAdvertFrame, kL4v6);
    m.push_back(1);
    CHECK(icmpv6::parse(m, kLinkLocalR, kAllNodes, ChecksumCheck::Skip).error() ==
          WireError::Truncated);
}

TEST_CASE("icmpv6: unknown types and undefined codes", "[wire][icmpv6]")
{
    Bytes m = to_bytes(kIcmpv6EchoFrame, kL4v6);
    m[0] = 143; // MLDv2 report
    auto r = icmpv6::parse(m, kGlobalA, kGlobalB, ChecksumCheck::Skip);
    CHECK(r.error() == WireError::Unsupported);
    CHECK(r.error().message() == "icmpv6: message type 143 is not supported");
    m[0] = 1, m[1] = 9; // destination unreachable, code 9
    CHECK(icmpv6::parse(m, kGlobalA, kGlobalB, ChecksumCheck::Skip).error() ==
          WireError::Malformed);
    m[0] = 3, m[1] = 2; // time exceeded, code 2
    CHECK(icmpv6::parse(m, kGlobalA, kGlobalB, ChecksumCheck::Skip).error() ==
          WireError::Malformed);
}

TEST_CASE("icmpv6: errors quote at most 1232 bytes, so they fit in 1280", "[wire][icmpv6]")
{
    Bytes big(1500, 0x60);
    CHECK(icmpv6::quote_invoking(big).size() == 1280 - 40 - 8);
}
