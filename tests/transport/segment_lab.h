// Deterministic TCP labs (STYLE §6): a socket driven with hand-built segments at explicit times,
// every emitted segment captured through the table's output sink; and a "wire" joining two
// tables that delays, and drops by number, the segments between them (ns-3's AddSeqToKill).
#pragma once

#include "tests/transport/harness.h"

#include <deque>
#include <set>

namespace wirelab::test {

using wire::tcp::Repr;
using wire::tcp::SeqNum;

struct Sent {
    SimTime at;
    wire::IpAddr src, dst;
    Bytes bytes;
    Repr repr;
    Bytes payload;
};

inline Sent capture(SimTime at, const wire::IpAddr& src, const wire::IpAddr& dst, ByteSpan bytes)
{
    Sent s{at, src, dst, Bytes(bytes.begin(), bytes.end()), {}, {}};
    auto ph = src.is_v4() ? wire::PseudoHeader::v4(src.v4(), dst.v4())
                          : wire::PseudoHeader::v6(src.v6(), dst.v6());
    auto parsed = wire::tcp::parse(bytes, ph);
    REQUIRE(parsed.ok()); // every segment we emit parses and its checksum verifies
    s.repr = parsed->repr;
    s.payload.assign(parsed->payload.begin(), parsed->payload.end());
    return s;
}

// One host, 10.0.0.1, whose segments are captured; the peer 10.0.0.2 exists only as the
// source of the segments the test injects.
struct SegmentLab {
    net::Network net{1};
    net::Host& a = net.add_node<net::Host>("a");
    transport::SocketTable* table = nullptr;
    std::deque<Sent> out;
    wire::IpAddr local = ip("10.0.0.1"), peer = ip("10.0.0.2");

    SegmentLab()
    {
        a.add_interface("eth0");
        a.add_address(0, wire::Ipv4Prefix::parse("10.0.0.1/24").value());
        table = &transport::SocketTable::of(a);
        table->set_output_sink([this](const wire::IpAddr& s, const wire::IpAddr& d,
                                      wire::IpProtocol proto, ByteSpan bytes) {
            if (proto == wire::IpProtocol::Tcp) out.push_back(capture(net.now(), s, d, bytes));
        });
    }
    transport::SocketTable& t() { return *table; }

    void run_to(SimTime at) { net.run_until(at); }
    Bytes build(const Repr& r, ByteSpan payload = {}) const
    {
        Bytes b(wire::tcp::buffer_len(r, payload.size()), 0xA5);
        wire::tcp::emit(r, payload, wire::PseudoHeader::v4(peer.v4(), local.v4()), b);
        return b;
    }
    void inject_bytes(SimTime at, ByteSpan seg)
    {
        run_to(at);
        net::IpMeta m{peer, local, 0, 64, wire::IpProtocol::Tcp};
        t().input_tcp(m, seg);
    }
    void inject(SimTime at, const Repr& r, ByteSpan payload = {})
    {
        inject_bytes(at, build(r, payload));
    }
    Sent pop()
    {
        REQUIRE_FALSE(out.empty());
        Sent s = out.front();
        out.pop_front();
        return s;
    }
};

inline Repr seg(uint16_t src, uint16_t dst, uint32_t seq, uint32_t ack, uint8_t flags,
                uint16_t window)
{
    Repr r;
    r.src_port = src;
    r.dst_port = dst;
    r.seq = SeqNum(seq);
    r.ack = SeqNum(ack);
    r.flags = flags;
    r.window = window;
    return r;
}

inline SimTime ms(int64_t v)
{
    return SimTime::from_ms(v);
}

// Two tables joined by a simulated wire: each segment arrives after `delay` plus its
// serialisation time at `rate`; `kill` lists the data segments from a to b (1-based, in sending
// order, retransmissions included) that are lost.
struct WirePair {
    net::Network net{1};
    net::Host& a = net.add_node<net::Host>("a");
    net::Host& b = net.add_node<net::Host>("b");
    transport::SocketTable* ta = nullptr;
    transport::SocketTable* tb = nullptr;
    SimTime delay = ms(10);
    uint64_t rate_bps = 10'000'000;
    std::set<uint32_t> kill;   // data segments a -> b to drop
    uint32_t data_from_a = 0;  // data segments a sent so far
    std::vector<Sent> log;     // everything either side sent
    std::vector<bool> dropped; // parallel to log
    SimTime busy[2];

    WirePair()
    {
        a.add_interface("eth0");
        b.add_interface("eth0");
        a.add_address(0, wire::Ipv4Prefix::parse("10.0.0.1/24").value());
        b.add_address(0, wire::Ipv4Prefix::parse("10.0.0.2/24").value());
        ta = &transport::SocketTable::of(a);
        tb = &transport::SocketTable::of(b);
        ta->set_output_sink([this](const wire::IpAddr& s, const wire::IpAddr& d, wire::IpProtocol,
                                   ByteSpan bytes) { carry(0, s, d, bytes); });
        tb->set_output_sink([this](const wire::IpAddr& s, const wire::IpAddr& d, wire::IpProtocol,
                                   ByteSpan bytes) { carry(1, s, d, bytes); });
    }

    void carry(int from, const wire::IpAddr& s, const wire::IpAddr& d, ByteSpan bytes)
    {
        Sent x = capture(net.now(), s, d, bytes);
        bool drop = false;
        if (from == 0 && !x.payload.empty()) drop = kill.count(++data_from_a) > 0;
        log.push_back(std::move(x));
        dropped.push_back(drop);
        if (drop) return;
        // 58 bytes of Ethernet + IPv4 headers and framing on the wire.
        SimTime tx =
            SimTime::from_ns(int64_t((bytes.size() + 58) * 8 * 1'000'000'000ULL / rate_bps));
        SimTime start = std::max(net.now(), busy[from]);
        busy[from] = start + tx;
        size_t idx = log.size() - 1;
        net.scheduler().schedule_at(busy[from] + delay, [this, idx, from] {
            Sent p = log[idx]; // a copy: input may append to the log
            net::IpMeta m{p.src, p.dst, 0, 64, wire::IpProtocol::Tcp};
            (from == 0 ? tb : ta)->input_tcp(m, p.bytes);
        });
    }

    // Data segments a sent, with whether each was dropped.
    std::vector<std::pair<Sent, bool>> data_from_a_log() const
    {
        std::vector<std::pair<Sent, bool>> v;
        for (size_t i = 0; i < log.size(); ++i)
            if (log[i].src == ip("10.0.0.1") && !log[i].payload.empty())
                v.push_back({log[i], dropped[i]});
        return v;
    }

    bool run_until(const std::function<bool()>& done, SimTime limit)
    {
        SimTime end = net.now() + limit;
        while (!done() && net.now() < end) {
            SimTime next = net.scheduler().next_time();
            if (next == SimTime::max()) break;
            net.run_until(std::min(next, end));
        }
        return done();
    }
};

} // namespace wirelab::test

namespace wirelab::test {

// State fixture: an ESTABLISHED connection 10.0.0.1:49152 <-> 10.0.0.2:80 opened at t = 0 with
// the peer's SYN-ACK at 10 ms. Our ISS 1000 (data from 1001), the peer's 5000 (data from 5001),
// MSS 1460 both ways, no window scaling (the peer offers none), the given peer window. The
// handshake's segments are consumed; SRTT = 10 ms, so the RTO is the 200 ms minimum.
constexpr uint16_t kLocalPort = 49152, kPeerPort = 80;
constexpr uint32_t kSnd = 1001, kRcv = 5001;

inline transport::TcpSocket& tcp_established(SegmentLab& lab, uint16_t peer_window = 65535,
                                             transport::TcpConfig cfg = {}, bool peer_sack = false)
{
    cfg.fixed_iss = 1000;
    lab.t().tcp_defaults() = cfg;
    SocketId id = lab.t().tcp_open();
    auto* s = lab.t().tcp(id);
    REQUIRE(s->bind({lab.local, kLocalPort}));
    REQUIRE(s->connect({lab.peer, kPeerPort}));
    Repr synack =
        seg(kPeerPort, kLocalPort, kRcv - 1, kSnd, wire::tcp::kSyn | wire::tcp::kAck, peer_window);
    synack.options.mss = 1460;
    synack.options.sack_permitted = peer_sack;
    lab.inject(ms(10), synack);
    REQUIRE(s->state() == transport::TcpState::Established);
    lab.out.clear();
    return *s;
}

// A segment from the peer of tcp_established().
inline Repr from_peer(uint32_t seq, uint32_t ack, uint8_t flags, uint16_t window = 65535)
{
    return seg(kPeerPort, kLocalPort, seq, ack, flags, window);
}

} // namespace wirelab::test
