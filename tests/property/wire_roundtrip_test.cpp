// Property tests for the wire formats: parse(emit(r)) == r for random Reprs of every protocol,
// and random or mutated bytes never crash a parser (whatever parses must re-emit consistently).
// Reproduce a failure with --rng-seed <seed>: every case derives its Rng from GENERATE.
#include "core/base/rng.h"
#include "tests/fuzz/oracles.h"
#include "tests/wire/fixtures.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::wire;

namespace {

constexpr int kCases = 200;

uint32_t seed()
{
    return GENERATE(take(kCases, random(0u, 0xffffffffu)));
}

template <class T>
T pick(Rng& rng, T lo, T hi)
{
    return T(rng.uniform_int(int64_t(lo), int64_t(hi)));
}

Bytes random_bytes(Rng& rng, size_t max_len)
{
    Bytes b(rng.below(uint32_t(max_len + 1)));
    for (auto& x : b) x = uint8_t(rng.next_u32());
    return b;
}

template <size_t N>
std::array<uint8_t, N> random_array(Rng& rng)
{
    std::array<uint8_t, N> a;
    for (auto& x : a) x = uint8_t(rng.next_u32());
    return a;
}

MacAddr random_mac(Rng& rng)
{
    return {random_array<6>(rng)};
}
Ipv4Addr random_ip4(Rng& rng)
{
    return Ipv4Addr::from_u32(rng.next_u32());
}
Ipv6Addr random_ip6(Rng& rng)
{
    return {random_array<16>(rng)};
}
std::optional<MacAddr> maybe_mac(Rng& rng)
{
    return rng.bernoulli(0.5) ? std::optional<MacAddr>(random_mac(rng)) : std::nullopt;
}

} // namespace

// [SECTION] parse(emit(r)) == r

TEST_CASE("property: ethernet and arp round-trip", "[property][wire]")
{
    Rng rng(seed());
    ethernet::Repr e{random_mac(rng), random_mac(rng),
                     ethernet::EtherType(pick(rng, 0x0600, 0xffff))};
    Bytes payload = random_bytes(rng, 80);
    auto pad = rng.bernoulli(0.5) ? ethernet::Pad::ToMinimum : ethernet::Pad::None;
    Bytes out(ethernet::buffer_len(e, payload.size(), pad), 0xA5);
    ethernet::emit(e, payload, out);
    auto p = ethernet::parse(out);
    REQUIRE(p.ok());
    CHECK(p->repr == e);
    CHECK(p->payload.first(payload.size()).size() == payload.size());
    CHECK(oracle::same_bytes(p->payload.first(payload.size()), payload));

    arp::Repr a{rng.bernoulli(0.5) ? arp::Operation::Request : arp::Operation::Reply,
                random_mac(rng), random_ip4(rng), random_mac(rng), random_ip4(rng)};
    Bytes ab(28, 0xA5);
    arp::emit(a, ab);
    auto ap = arp::parse(ab);
    REQUIRE(ap.ok());
    CHECK(ap.value() == a);
}

TEST_CASE("property: ipv4 round-trips, options and fragments included", "[property][wire]")
{
    Rng rng(seed());
    ipv4::Repr r;
    r.src = random_ip4(rng);
    r.dst = random_ip4(rng);
    r.protocol = IpProtocol(pick(rng, 0, 255));
    r.ttl = pick<uint8_t>(rng, 0, 255);
    r.dscp = pick<uint8_t>(rng, 0, 63);
    r.ecn = pick<uint8_t>(rng, 0, 3);
    r.ident = pick<uint16_t>(rng, 0, 0xffff);
    r.dont_frag = rng.bernoulli(0.5);
    r.more_frags = rng.bernoulli(0.3);
    r.frag_offset = uint16_t(pick(rng, 0, 0x1fff) * 8);
    r.options = random_bytes(rng, 0);
    r.options.resize(4 * rng.below(11));
    for (auto& b : r.options) b = uint8_t(rng.next_u32());
    Bytes payload = random_bytes(rng, 300);
    Bytes out(ipv4::buffer_len(r, payload.size()), 0xA5);
    ipv4::emit(r, payload, out);
    auto p = ipv4::parse(out);
    REQUIRE(p.ok());
    CHECK(p->repr == r);
    CHECK(oracle::same_bytes(p->payload, payload));
}

TEST_CASE("property: ipv6 round-trips", "[property][wire]")
{
    Rng rng(seed());
    ipv6::Repr r;
    r.src = random_ip6(rng);
    r.dst = random_ip6(rng);
    // Upper-layer numbers only: extension header numbers would make parse read the payload.
    const IpProtocol upper[] = {IpProtocol::Icmpv6, IpProtocol::Tcp, IpProtocol::Udp,
                                IpProtocol::Ipv6NoNext, IpProtocol(200)};
    r.next_header = upper[rng.below(5)];
    r.hop_limit = pick<uint8_t>(rng, 0, 255);
    r.traffic_class = pick<uint8_t>(rng, 0, 255);
    r.flow_label = rng.next_u32() & ipv6::kFlowLabelMask;
    Bytes payload = random_bytes(rng, 300);
    Bytes out(ipv6::buffer_len(r, payload.size()), 0xA5);
    ipv6::emit(r, payload, out);
    auto p = ipv6::parse(out);
    REQUIRE(p.ok());
    CHECK(p->repr == r);
    CHECK(p->protocol == r.next_header);
    CHECK(oracle::same_bytes(p->payload, payload));
}

TEST_CASE("property: icmpv4 round-trips", "[property][wire]")
{
    Rng rng(seed());
    uint16_t a = pick<uint16_t>(rng, 0, 0xffff), b = pick<uint16_t>(rng, 0, 0xffff);
    icmpv4::Repr choices[] = {
        icmpv4::EchoRequest{a, b},
        icmpv4::EchoReply{a, b},
        icmpv4::DestUnreachable{icmpv4::UnreachableCode(pick(rng, 0, 15)), b},
        icmpv4::TimeExceeded{icmpv4::TimeExceededCode(pick(rng, 0, 1))},
    };
    icmpv4::Repr r = choices[rng.below(4)];
    Bytes payload = random_bytes(rng, 200);
    Bytes out(icmpv4::buffer_len(r, payload.size()), 0xA5);
    icmpv4::emit(r, payload, out);
    auto p = icmpv4::parse(out);
    REQUIRE(p.ok());
    CHECK(p->repr == r);
    CHECK(oracle::same_bytes(p->payload, payload));
}

namespace {

icmpv6::Repr random_icmpv6(Rng& rng)
{
    uint16_t a = pick<uint16_t>(rng, 0, 0xffff), b = pick<uint16_t>(rng, 0, 0xffff);
    switch (rng.below(10)) {
    case 0: return icmpv6::EchoRequest{a, b};
    case 1: return icmpv6::EchoReply{a, b};
    case 2: return icmpv6::DestUnreachable{icmpv6::UnreachableCode(pick(rng, 0, 8))};
    case 3: return icmpv6::PacketTooBig{rng.next_u32()};
    case 4: return icmpv6::TimeExceeded{icmpv6::TimeExceededCode(pick(rng, 0, 1))};
    case 5: return icmpv6::ParamProblem{icmpv6::ParamProblemCode(pick(rng, 0, 10)), rng.next_u32()};
    case 6: return icmpv6::RouterSolicit{maybe_mac(rng)};
    case 7: return icmpv6::NeighborSolicit{random_ip6(rng), maybe_mac(rng)};
    case 8:
        return icmpv6::NeighborAdvert{rng.bernoulli(0.5), rng.bernoulli(0.5), rng.bernoulli(0.5),
                                      random_ip6(rng), maybe_mac(rng)};
    default: break;
    }
    icmpv6::RouterAdvert ra;
    ra.cur_hop_limit = pick<uint8_t>(rng, 0, 255);
    ra.managed_flag = rng.bernoulli(0.5);
    ra.other_flag = rng.bernoulli(0.5);
    ra.router_lifetime = a;
    ra.reachable_time = rng.next_u32();
    ra.retrans_timer = rng.next_u32();
    ra.source_ll = maybe_mac(rng);
    if (rng.bernoulli(0.5)) ra.mtu = rng.next_u32();
    for (uint32_t i = rng.below(4); i > 0; --i)
        ra.prefixes.push_back({pick<uint8_t>(rng, 0, 128), rng.bernoulli(0.5), rng.bernoulli(0.5),
                               rng.next_u32(), rng.next_u32(), random_ip6(rng)});
    return ra;
}

} // namespace

TEST_CASE("property: icmpv6 and neighbor discovery round-trip", "[property][wire]")
{
    Rng rng(seed());
    icmpv6::Repr r = random_icmpv6(rng);
    bool nd = r.index() >= 6;
    Bytes payload = nd ? Bytes{} : random_bytes(rng, 200);
    Ipv6Addr src = random_ip6(rng), dst = random_ip6(rng);
    Bytes out(icmpv6::buffer_len(r, payload.size()), 0xA5);
    icmpv6::emit(r, payload, src, dst, out);
    auto p = icmpv6::parse(out, src, dst);
    REQUIRE(p.ok());
    CHECK(p->repr == r);
    CHECK(oracle::same_bytes(p->payload, payload));
}

namespace {

PseudoHeader random_pseudo_header(Rng& rng)
{
    return rng.bernoulli(0.5) ? PseudoHeader::v4(random_ip4(rng), random_ip4(rng))
                              : PseudoHeader::v6(random_ip6(rng), random_ip6(rng));
}

tcp::Options random_tcp_options(Rng& rng)
{
    tcp::Options o;
    if (rng.bernoulli(0.5)) o.mss = pick<uint16_t>(rng, 0, 0xffff);
    if (rng.bernoulli(0.5)) o.window_scale = pick<uint8_t>(rng, 0, 255);
    o.sack_permitted = rng.bernoulli(0.5);
    if (rng.bernoulli(0.5)) o.timestamps = tcp::Timestamps{rng.next_u32(), rng.next_u32()};
    // Whatever fits in 40 bytes, packed: 4 + 3 + 2 + 10 + 2 + 8n.
    size_t used = (o.mss ? 4 : 0) + (o.window_scale ? 3 : 0) + (o.sack_permitted ? 2 : 0) +
                  (o.timestamps ? 10 : 0);
    size_t max_blocks = used + 10 <= 40 ? std::min<size_t>(4, (40 - used - 2) / 8) : 0;
    o.sack_count = uint8_t(rng.below(uint32_t(max_blocks + 1)));
    for (size_t i = 0; i < o.sack_count; ++i)
        o.sack[i] = {tcp::SeqNum(rng.next_u32()), tcp::SeqNum(rng.next_u32())};
    return o;
}

} // namespace

TEST_CASE("property: udp and tcp round-trip over both pseudo-headers", "[property][wire]")
{
    Rng rng(seed());
    PseudoHeader ph = random_pseudo_header(rng);
    Bytes payload = random_bytes(rng, 300);

    udp::Repr u{pick<uint16_t>(rng, 0, 0xffff), pick<uint16_t>(rng, 0, 0xffff)};
    Bytes ub(udp::buffer_len(u, payload.size()), 0xA5);
    udp::emit(u, payload, ph, ub);
    auto up = udp::parse(ub, ph);
    REQUIRE(up.ok());
    CHECK(up->repr == u);
    CHECK(oracle::same_bytes(up->payload, payload));

    tcp::Repr t;
    t.src_port = pick<uint16_t>(rng, 0, 0xffff);
    t.dst_port = pick<uint16_t>(rng, 0, 0xffff);
    t.seq = tcp::SeqNum(rng.next_u32());
    t.ack = tcp::SeqNum(rng.next_u32());
    t.flags = pick<uint8_t>(rng, 0, 255);
    t.window = pick<uint16_t>(rng, 0, 0xffff);
    t.urgent_ptr = pick<uint16_t>(rng, 0, 0xffff);
    t.options = random_tcp_options(rng);
    Bytes tb(tcp::buffer_len(t, payload.size()), 0xA5);
    tcp::emit(t, payload, ph, tb);
    auto tp = tcp::parse(tb, ph);
    REQUIRE(tp.ok());
    CHECK(tp->repr == t);
    CHECK(oracle::same_bytes(tp->payload, payload));
}

TEST_CASE("property: pcap records read back", "[property][wire]")
{
    Rng rng(seed());
    pcap::PcapWriter w(rng.bernoulli(0.5) ? pcap::kDefaultSnapLen : 64);
    Bytes file;
    w.append_header(file);
    std::vector<Bytes> frames;
    std::vector<SimTime> times;
    for (uint32_t i = rng.below(6); i > 0; --i) {
        frames.push_back(random_bytes(rng, 200));
        times.push_back(SimTime::from_ns(int64_t(rng.next_u64() % (uint64_t(1) << 52))));
        w.append_record(file, times.back(), frames.back());
    }
    auto c = pcap::read(file);
    REQUIRE(c.ok());
    REQUIRE(c->records.size() == frames.size());
    for (size_t i = 0; i < frames.size(); ++i) {
        CHECK(c->records[i].time == times[i]);
        CHECK(c->records[i].orig_len == frames[i].size());
        size_t kept = std::min<size_t>(frames[i].size(), c->snaplen);
        CHECK(oracle::same_bytes(c->records[i].data, ByteSpan(frames[i]).first(kept)));
    }
}

// [SECTION] arbitrary bytes never crash, and whatever parses re-emits consistently

TEST_CASE("property: random bytes never crash a parser", "[property][wire]")
{
    Rng rng(seed());
    Bytes b = random_bytes(rng, 120);
    // Make the first byte plausible now and then, so IP parsers get past the version check.
    if (!b.empty() && rng.bernoulli(0.5)) b[0] = rng.bernoulli(0.5) ? 0x45 : 0x60;
    auto ph4 = PseudoHeader::v4(oracle::kSrc4, oracle::kDst4);
    auto ph6 = PseudoHeader::v6(oracle::kSrc6, oracle::kDst6);
    for (const char* why :
         {oracle::ethernet(b), oracle::arp(b), oracle::ipv4(b), oracle::ipv6(b), oracle::icmpv4(b),
          oracle::icmpv6(b), oracle::udp(b, ph4), oracle::udp(b, ph6), oracle::tcp(b, ph4),
          oracle::tcp(b, ph6), oracle::pcap(b), oracle::frame(b)}) {
        INFO((why ? why : ""));
        CHECK(why == nullptr);
    }
}

TEST_CASE("property: mutated fixture frames never crash the decode chain", "[property][wire]")
{
    Rng rng(seed());
    const auto& f = fixtures::kAllFrames[rng.below(uint32_t(std::size(fixtures::kAllFrames)))];
    Bytes b(f.data, f.data + f.size);
    for (uint32_t flips = 1 + rng.below(4); flips > 0; --flips)
        b[rng.below(uint32_t(b.size()))] = uint8_t(rng.next_u32());
    if (rng.bernoulli(0.3)) b.resize(rng.below(uint32_t(b.size()) + 1));
    if (rng.bernoulli(0.2)) b.resize(b.size() + rng.below(20), 0);
    INFO(f.name);
    const char* why = oracle::frame(b);
    INFO((why ? why : ""));
    CHECK(why == nullptr);
}
