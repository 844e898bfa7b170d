// TCP data transfer on one socket driven by hand-built segments: reassembly of out-of-order
// segments, delayed ACKs (RFC 1122 §4.2.3.2, RFC 5681 §4.2), flow control with a zero window and
// window updates, zero-window probes (RFC 9293 §3.8.6.1), and the retransmission timer
// (RFC 6298: back-off, Karn's rule, giving up).
#include "tests/transport/segment_lab.h"

#include <numeric>

using namespace wirelab;
using namespace wirelab::test;
using transport::SocketError;
using transport::TcpState;
using namespace wire::tcp;

namespace {

void expect(const Sent& s, uint32_t seq, uint32_t ack, uint8_t flags, uint16_t window,
            size_t len = 0)
{
    INFO("segment at " << s.at.to_string());
    CHECK(s.repr.seq.raw() == seq);
    CHECK(s.repr.ack.raw() == ack);
    CHECK(int(s.repr.flags) == int(flags));
    CHECK(s.repr.window == window);
    CHECK(s.payload.size() == len);
}

Bytes counting(size_t n, uint8_t first)
{
    Bytes b(n);
    std::iota(b.begin(), b.end(), first);
    return b;
}

} // namespace

TEST_CASE("tcp receive: out-of-order segments are held and delivered in order",
          "[transport][tcp][data]")
{
    SegmentLab lab;
    auto& s = tcp_established(lab);
    Bytes a = counting(100, 0), b = counting(100, 100), c = counting(100, 200);
    lab.inject(ms(20), from_peer(kRcv + 100, kSnd, kAck), b);
    expect(lab.pop(), kSnd, kRcv, kAck, 65535); // immediate duplicate ACK (RFC 5681 §4.2)
    lab.inject(ms(21), from_peer(kRcv + 200, kSnd, kAck), c);
    expect(lab.pop(), kSnd, kRcv, kAck, 65535);
    Bytes buf(400);
    CHECK(s.recv(buf).error() == SocketError::WouldBlock); // nothing in order yet
    lab.inject(ms(22), from_peer(kRcv, kSnd, kAck), a);
    expect(lab.pop(), kSnd, kRcv + 300, kAck, 65535); // the gap is filled: ACK at once
    auto n = s.recv(buf);
    REQUIRE(n);
    CHECK(*n == 300);
    CHECK(Bytes(buf.begin(), buf.begin() + 300) == counting(300, 0));
    // A duplicate of old data is answered with an ACK and not delivered twice.
    lab.inject(ms(30), from_peer(kRcv + 100, kSnd, kAck), b);
    expect(lab.pop(), kSnd, kRcv + 300, kAck, 65535);
    CHECK(s.recv(buf).error() == SocketError::WouldBlock);
    CHECK(s.stats().out_of_order_segments == 2);
    CHECK(s.stats().duplicate_segments == 1);
    lab.run_to(SimTime::from_s(5));
    CHECK(lab.out.empty());
}

TEST_CASE("tcp receive: a FIN ahead of missing data waits for the gap", "[transport][tcp][data]")
{
    SegmentLab lab;
    auto& s = tcp_established(lab);
    lab.inject(ms(20), from_peer(kRcv + 50, kSnd, kAck | kFin), counting(50, 50));
    expect(lab.pop(), kSnd, kRcv, kAck, 65535);
    CHECK(s.state() == TcpState::Established);
    lab.inject(ms(25), from_peer(kRcv, kSnd, kAck), counting(50, 0));
    expect(lab.pop(), kSnd, kRcv + 101, kAck, 65535); // 100 bytes and the FIN
    CHECK(s.state() == TcpState::CloseWait);
    Bytes buf(200);
    CHECK(s.recv(buf).value() == 100);
    CHECK(s.recv(buf).value() == 0);
}

TEST_CASE("tcp receive: delayed ACKs, every second full segment, or off", "[transport][tcp][data]")
{
    SegmentLab lab;
    tcp_established(lab);
    lab.inject(ms(20), from_peer(kRcv, kSnd, kAck), counting(100, 0));
    lab.run_to(ms(59));
    CHECK(lab.out.empty());
    lab.run_to(ms(60)); // 40 ms later (Linux's delayed-ACK minimum)
    expect(lab.pop(), kSnd, kRcv + 100, kAck, 65535);
    // Two full-sized segments: ACK after the second, at once.
    lab.inject(ms(100), from_peer(kRcv + 100, kSnd, kAck), Bytes(1460, 1));
    CHECK(lab.out.empty());
    lab.inject(ms(101), from_peer(kRcv + 1560, kSnd, kAck), Bytes(1460, 2));
    Sent ack = lab.pop();
    CHECK(ack.at == ms(101));
    expect(ack, kSnd, kRcv + 3020, kAck, 65535);
    lab.run_to(SimTime::from_s(1));
    CHECK(lab.out.empty());

    SegmentLab lab2;
    transport::TcpConfig cfg;
    cfg.delayed_ack = false;
    tcp_established(lab2, 65535, cfg);
    lab2.inject(ms(20), from_peer(kRcv, kSnd, kAck), counting(100, 0));
    Sent now = lab2.pop();
    CHECK(now.at == ms(20));
    expect(now, kSnd, kRcv + 100, kAck, 65535);
}

TEST_CASE("tcp flow control: a full receive buffer advertises a zero window; reading reopens it",
          "[transport][tcp][data][window]")
{
    SegmentLab lab;
    transport::TcpConfig cfg;
    cfg.recv_buffer = 2920; // two segments
    auto& s = tcp_established(lab, 65535, cfg);
    lab.inject(ms(20), from_peer(kRcv, kSnd, kAck), Bytes(1460, 1));
    lab.inject(ms(21), from_peer(kRcv + 1460, kSnd, kAck), Bytes(1460, 2));
    expect(lab.pop(), kSnd, kRcv + 2920, kAck, 0); // no room left
    // More data does not fit: not acceptable, answered with an ACK repeating the zero window.
    lab.inject(ms(30), from_peer(kRcv + 2920, kSnd, kAck), Bytes(100, 3));
    expect(lab.pop(), kSnd, kRcv + 2920, kAck, 0);
    // A zero-window probe (Linux style, SND.UNA - 1) gets the same answer.
    lab.inject(ms(40), from_peer(kRcv + 2919, kSnd, kAck));
    expect(lab.pop(), kSnd, kRcv + 2920, kAck, 0);
    Bytes buf(4000);
    lab.run_to(ms(100));
    CHECK(s.recv(MutByteSpan(buf.data(), 1000)).value() == 1000);
    CHECK(lab.out.empty()); // 1000 bytes free is less than one MSS: SWS avoidance waits
    CHECK(s.recv(buf).value() == 1920);
    Sent update = lab.pop(); // the window update the sender waits for
    CHECK(update.at == ms(100));
    expect(update, kSnd, kRcv + 2920, kAck, 2920);
    CHECK(lab.out.empty());
}

TEST_CASE("tcp flow control: a zero window is probed with backed-off persist timers",
          "[transport][tcp][data][window]")
{
    SegmentLab lab;
    auto& s = tcp_established(lab, 0); // the peer offers no room yet
    REQUIRE(s.send(counting(100, 0)).value() == 100);
    CHECK(lab.out.empty());
    lab.run_to(ms(209));
    CHECK(lab.out.empty());
    // First probe one RTO (200 ms) after the send at 10 ms: an ACK with SND.UNA - 1.
    lab.run_to(ms(210));
    expect(lab.pop(), kSnd - 1, kRcv, kAck, 65535);
    lab.run_to(ms(610)); // then 400 ms
    expect(lab.pop(), kSnd - 1, kRcv, kAck, 65535);
    CHECK(s.stats().zero_window_probes == 2);
    // The window opens: the data goes at once, and probing stops.
    lab.inject(ms(700), from_peer(kRcv, kSnd, kAck, 1000));
    Sent data = lab.pop();
    expect(data, kSnd, kRcv, kAck | kPsh, 65535, 100);
    CHECK(data.payload == counting(100, 0));
    lab.inject(ms(710), from_peer(kRcv, kSnd + 100, kAck, 1000));
    lab.run_to(SimTime::from_s(10));
    CHECK(lab.out.empty());
}

TEST_CASE("tcp RTO: exponential back-off, Karn's rule, and the RTT sample after it",
          "[transport][tcp][data][rto]")
{
    SegmentLab lab;
    auto& s = tcp_established(lab);
    CHECK(s.tcb().rto == ms(200)); // SRTT 10 ms + 4 x 5 ms = 30 ms, raised to the minimum
    REQUIRE(s.send(counting(100, 0)).value() == 100);
    expect(lab.pop(), kSnd, kRcv, kAck | kPsh, 65535, 100);
    // RFC 6298 §5.4-5.6: retransmit at 200 ms, then double: 400, 800.
    lab.run_to(ms(210));
    expect(lab.pop(), kSnd, kRcv, kAck | kPsh, 65535, 100);
    CHECK(s.tcb().cwnd == 1460);     // RFC 5681: loss window of one segment
    CHECK(s.tcb().ssthresh == 2920); // max(FlightSize / 2, 2 SMSS)
    lab.run_to(ms(610));
    expect(lab.pop(), kSnd, kRcv, kAck | kPsh, 65535, 100);
    lab.run_to(ms(1410));
    expect(lab.pop(), kSnd, kRcv, kAck | kPsh, 65535, 100);
    CHECK(s.stats().timeouts == 3);
    CHECK(s.tcb().rto == ms(1600));
    // The ACK of a retransmitted segment gives no sample (Karn): SRTT stays 10 ms and the
    // backed-off RTO stays until new data is timed.
    lab.inject(ms(1500), from_peer(kRcv, kSnd + 100, kAck));
    CHECK(s.tcb().srtt == ms(10));
    CHECK(s.tcb().rto == ms(1600));
    REQUIRE(s.send(counting(10, 0)).value() == 10);
    expect(lab.pop(), kSnd + 100, kRcv, kAck | kPsh, 65535, 10);
    lab.inject(ms(1520), from_peer(kRcv, kSnd + 110, kAck));
    // RFC 6298 §2.3: RTTVAR = 3/4 x 5 + 1/4 x |10 - 20| = 6.25 ms, SRTT = 7/8 x 10 + 1/8 x 20.
    CHECK(s.tcb().srtt == SimTime::from_us(11250));
    CHECK(s.tcb().rttvar == SimTime::from_us(6250));
    CHECK(s.tcb().rto == ms(200));
    lab.run_to(SimTime::from_s(10));
    CHECK(lab.out.empty());
    CHECK(s.stats().retransmitted_segments == 3);
}

TEST_CASE("tcp RTO: too many retransmissions end the connection with ETIMEDOUT",
          "[transport][tcp][data][rto]")
{
    SegmentLab lab;
    transport::TcpConfig cfg;
    cfg.max_retries = 2;
    auto& s = tcp_established(lab, 65535, cfg);
    REQUIRE(s.send(counting(10, 0)).value() == 10);
    lab.run_to(SimTime::from_s(10));
    CHECK(lab.out.size() == 3); // original + 2 retransmissions
    CHECK(s.state() == TcpState::Closed);
    CHECK(s.error() == SocketError::TimedOut);
}

TEST_CASE("tcp connect: SYN retransmissions back off from 1 s, then ETIMEDOUT",
          "[transport][tcp][data][rto]")
{
    SegmentLab lab;
    lab.t().tcp_defaults().syn_retries = 3;
    SocketId id = lab.t().tcp_open();
    auto* s = lab.t().tcp(id);
    REQUIRE(s->connect({lab.peer, 80}));
    lab.run_to(SimTime::from_s(100));
    REQUIRE(lab.out.size() == 4);
    CHECK(lab.out[0].at == SimTime::zero());
    CHECK(lab.out[1].at == SimTime::from_s(1)); // RFC 6298 §2.1 initial RTO 1 s
    CHECK(lab.out[2].at == SimTime::from_s(3));
    CHECK(lab.out[3].at == SimTime::from_s(7));
    CHECK(s->state() == TcpState::Closed);
    CHECK(s->error() == SocketError::TimedOut);
    // The ephemeral port came from RFC 6335's dynamic range.
    CHECK(s->local().port >= 49152);
}

TEST_CASE("tcp receive: SACK blocks report what arrived beyond the gap, newest first",
          "[transport][tcp][data][sack]")
{
    SegmentLab lab;
    auto& s = tcp_established(lab, 65535, {}, true); // the peer offered SACK-permitted
    REQUIRE(s.is_sack_enabled());
    auto blocks = [](const Sent& x) {
        std::vector<std::pair<uint32_t, uint32_t>> v;
        for (uint8_t i = 0; i < x.repr.options.sack_count; ++i)
            v.push_back({x.repr.options.sack[i].left.raw(), x.repr.options.sack[i].right.raw()});
        return v;
    };
    using Blocks = std::vector<std::pair<uint32_t, uint32_t>>;
    lab.inject(ms(20), from_peer(kRcv + 100, kSnd, kAck), counting(100, 100));
    Sent a = lab.pop();
    expect(a, kSnd, kRcv, kAck, 65535);
    CHECK(blocks(a) == Blocks{{kRcv + 100, kRcv + 200}});
    CHECK(a.bytes.size() == 20 + 12); // NOP NOP, SACK kind 5 length 10, one block
    lab.inject(ms(21), from_peer(kRcv + 300, kSnd, kAck), counting(100, 44));
    // RFC 2018 §4: the block with the segment that triggered the ACK comes first.
    CHECK(blocks(lab.pop()) == Blocks{{kRcv + 300, kRcv + 400}, {kRcv + 100, kRcv + 200}});
    lab.inject(ms(22), from_peer(kRcv + 100, kSnd, kAck), counting(100, 100)); // a duplicate
    CHECK(blocks(lab.pop()) == Blocks{{kRcv + 100, kRcv + 200}, {kRcv + 300, kRcv + 400}});
    lab.inject(ms(23), from_peer(kRcv, kSnd, kAck), counting(100, 0));
    Sent filled = lab.pop();
    expect(filled, kSnd, kRcv + 200, kAck, 65535);
    CHECK(blocks(filled) == Blocks{{kRcv + 300, kRcv + 400}});
    lab.inject(ms(24), from_peer(kRcv + 200, kSnd, kAck), counting(100, 200));
    Sent done = lab.pop();
    expect(done, kSnd, kRcv + 400, kAck, 65535);
    CHECK(done.repr.options.sack_count == 0); // nothing out of order any more
}
