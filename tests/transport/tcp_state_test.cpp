// TCP state transitions against RFC 9293's diagram (§3.3.2, Figure 5) and its examples
// (Figures 7-13): closes from both sides, simultaneous open and close, half-close, TIME-WAIT,
// RST and challenge ACKs (RFC 5961), aborts. Each test drives one socket from a state fixture
// with hand-built segments and checks the exact segments it emits, then that nothing more comes.
#include "tests/transport/segment_lab.h"

using namespace wirelab;
using namespace wirelab::test;
using transport::SocketError;
using transport::SocketEvent;
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

std::vector<TcpState> states(std::initializer_list<TcpState> l)
{
    return std::vector<TcpState>(l);
}

} // namespace

TEST_CASE("tcp states: passive close ESTABLISHED -> CLOSE-WAIT -> LAST-ACK -> CLOSED",
          "[transport][tcp][state]")
{
    SegmentLab lab;
    auto& s = tcp_established(lab);
    SocketId id = s.id();
    lab.inject(ms(20), from_peer(kRcv, kSnd, kFin | kAck));
    expect(lab.pop(), kSnd, kRcv + 1, kAck, 65535); // the FIN is acknowledged at once
    CHECK(s.state() == TcpState::CloseWait);
    Bytes buf(10);
    CHECK(s.recv(buf).value() == 0); // end of stream
    CHECK(s.is_eof());
    CHECK(s.send(ByteSpan(buf.data(), 3)).value() == 3); // CLOSE-WAIT may still send
    expect(lab.pop(), kSnd, kRcv + 1, kAck | kPsh, 65535, 3);
    lab.inject(ms(40), from_peer(kRcv + 1, kSnd + 3, kAck));
    lab.t().close(id);
    CHECK(s.state() == TcpState::LastAck);
    expect(lab.pop(), kSnd + 3, kRcv + 1, kFin | kAck, 65535);
    lab.inject(ms(60), from_peer(kRcv + 1, kSnd + 4, kAck));
    CHECK(s.history() == states({TcpState::Closed, TcpState::SynSent, TcpState::Established,
                                 TcpState::CloseWait, TcpState::LastAck, TcpState::Closed}));
    lab.run_to(SimTime::from_s(5));
    CHECK(lab.out.empty());
    CHECK(lab.t().tcp(id) == nullptr); // released and CLOSED: freed
}

TEST_CASE("tcp states: active close through FIN-WAIT-1/2 and TIME-WAIT (2 MSL)",
          "[transport][tcp][state]")
{
    SegmentLab lab;
    transport::TcpConfig cfg;
    cfg.msl = SimTime::from_s(1);
    auto& s = tcp_established(lab, 65535, cfg);
    REQUIRE(s.shutdown());
    CHECK(s.state() == TcpState::FinWait1);
    expect(lab.pop(), kSnd, kRcv, kFin | kAck, 65535);
    lab.inject(ms(30), from_peer(kRcv, kSnd + 1, kAck));
    CHECK(s.state() == TcpState::FinWait2);
    CHECK(lab.out.empty()); // an ACK is never acknowledged
    lab.inject(ms(40), from_peer(kRcv, kSnd + 1, kFin | kAck));
    expect(lab.pop(), kSnd + 1, kRcv + 1, kAck, 65535);
    CHECK(s.state() == TcpState::TimeWait);
    // The peer lost our ACK and sends its FIN again: ACK it and restart the 2 MSL timer.
    lab.inject(ms(500), from_peer(kRcv, kSnd + 1, kFin | kAck));
    expect(lab.pop(), kSnd + 1, kRcv + 1, kAck, 65535);
    lab.run_to(ms(2400));
    CHECK(s.state() == TcpState::TimeWait);
    lab.run_to(ms(2600)); // 500 ms + 2 x 1 s
    CHECK(s.state() == TcpState::Closed);
    CHECK(s.history() ==
          states({TcpState::Closed, TcpState::SynSent, TcpState::Established, TcpState::FinWait1,
                  TcpState::FinWait2, TcpState::TimeWait, TcpState::Closed}));
    CHECK_FALSE(s.error());
    CHECK(lab.out.empty());
}

TEST_CASE("tcp states: simultaneous close goes through CLOSING", "[transport][tcp][state]")
{
    SegmentLab lab;
    auto& s = tcp_established(lab);
    REQUIRE(s.shutdown());
    expect(lab.pop(), kSnd, kRcv, kFin | kAck, 65535);
    // RFC 9293 Figure 13: the peer's FIN crosses ours (it does not acknowledge our FIN).
    lab.inject(ms(20), from_peer(kRcv, kSnd, kFin | kAck));
    CHECK(s.state() == TcpState::Closing);
    expect(lab.pop(), kSnd + 1, kRcv + 1, kAck, 65535);
    lab.inject(ms(25), from_peer(kRcv + 1, kSnd + 1, kAck));
    CHECK(s.state() == TcpState::TimeWait);
    CHECK(s.history() == states({TcpState::Closed, TcpState::SynSent, TcpState::Established,
                                 TcpState::FinWait1, TcpState::Closing, TcpState::TimeWait}));
    CHECK(lab.out.empty());
}

TEST_CASE("tcp states: simultaneous open goes through SYN-RECEIVED", "[transport][tcp][state]")
{
    SegmentLab lab;
    lab.t().tcp_defaults().fixed_iss = 1000;
    lab.t().tcp_defaults().window_scaling = false;
    SocketId id = lab.t().tcp_open();
    auto* s = lab.t().tcp(id);
    bool connected = false;
    s->set_callback([&](transport::SocketEvents e) { connected |= e.has(SocketEvent::Connected); });
    REQUIRE(s->bind({lab.local, kLocalPort}));
    REQUIRE(s->connect({lab.peer, kPeerPort}));
    expect(lab.pop(), 1000, 0, kSyn, 65535);
    // RFC 9293 Figure 8: both sides sent a SYN.
    Repr syn = from_peer(5000, 0, kSyn, 65535);
    syn.options.mss = 1460;
    lab.inject(ms(5), syn);
    CHECK(s->state() == TcpState::SynReceived);
    expect(lab.pop(), 1000, 5001, kSyn | kAck, 65535); // "<SEQ=100><ACK=301><CTL=SYN,ACK>"
    Repr synack = from_peer(5000, 1001, kSyn | kAck, 65535);
    synack.options.mss = 1460;
    lab.inject(ms(6), synack);
    CHECK(s->state() == TcpState::Established);
    expect(lab.pop(), 1001, 5001, kAck, 65535); // line 7
    CHECK(connected);
    CHECK(s->history() == states({TcpState::Closed, TcpState::SynSent, TcpState::SynReceived,
                                  TcpState::Established}));
    lab.run_to(SimTime::from_s(10));
    CHECK(lab.out.empty());
}

TEST_CASE("tcp states: half-close keeps receiving in FIN-WAIT-2", "[transport][tcp][state]")
{
    SegmentLab lab;
    auto& s = tcp_established(lab);
    REQUIRE(s.shutdown());
    expect(lab.pop(), kSnd, kRcv, kFin | kAck, 65535);
    CHECK(s.send(ByteSpan()).error() == SocketError::BrokenPipe);
    lab.inject(ms(20), from_peer(kRcv, kSnd + 1, kAck));
    CHECK(s.state() == TcpState::FinWait2);
    Bytes data(100, 0x42);
    lab.inject(ms(30), from_peer(kRcv, kSnd + 1, kAck | kPsh), data);
    CHECK(lab.out.empty()); // delayed ACK (RFC 1122): 40 ms
    lab.run_to(ms(70));
    expect(lab.pop(), kSnd + 1, kRcv + 100, kAck, 65535);
    Bytes buf(200);
    auto n = s.recv(buf);
    REQUIRE(n);
    CHECK(*n == 100);
    CHECK(Bytes(buf.begin(), buf.begin() + 100) == data);
    lab.inject(ms(80), from_peer(kRcv + 100, kSnd + 1, kFin | kAck));
    expect(lab.pop(), kSnd + 1, kRcv + 101, kAck, 65535);
    CHECK(s.state() == TcpState::TimeWait);
    CHECK(s.recv(buf).value() == 0);
}

TEST_CASE("tcp reset: RST with RCV.NXT resets; in the window gets a challenge ACK",
          "[transport][tcp][state][rst]")
{
    SegmentLab lab;
    auto& s = tcp_established(lab);
    transport::SocketEvents seen;
    s.set_callback([&](transport::SocketEvents e) { seen.bits |= e.bits; });
    // RFC 5961 §3.2: in the window but not exactly RCV.NXT -> challenge ACK, no reset.
    lab.inject(ms(20), from_peer(kRcv + 1000, 0, kRst));
    expect(lab.pop(), kSnd, kRcv, kAck, 65535);
    CHECK(s.state() == TcpState::Established);
    // Outside the window: dropped silently.
    lab.inject(ms(21), from_peer(kRcv + 1'000'000, 0, kRst));
    CHECK(lab.out.empty());
    // A SYN on a synchronized connection: challenge ACK too (RFC 5961 §4).
    lab.inject(ms(22), from_peer(kRcv + 10, 0, kSyn));
    expect(lab.pop(), kSnd, kRcv, kAck, 65535);
    CHECK(s.state() == TcpState::Established);
    // Exactly RCV.NXT: the connection is reset.
    lab.inject(ms(23), from_peer(kRcv, 0, kRst));
    CHECK(s.state() == TcpState::Closed);
    CHECK(s.error() == SocketError::ConnectionReset);
    Bytes buf(10);
    CHECK(s.recv(buf).error() == SocketError::ConnectionReset);
    CHECK(s.send(buf).error() == SocketError::ConnectionReset);
    lab.run_to(ms(30));
    CHECK(seen.has(SocketEvent::Error));
    CHECK(seen.has(SocketEvent::Closed));
    CHECK(lab.out.empty()); // a RST is never answered
}

TEST_CASE("tcp reset: refused connect, bad ACK in SYN-SENT, abort", "[transport][tcp][state][rst]")
{
    SegmentLab lab;
    lab.t().tcp_defaults().fixed_iss = 1000;
    SocketId id = lab.t().tcp_open();
    auto* s = lab.t().tcp(id);
    REQUIRE(s->bind({lab.local, kLocalPort}));
    REQUIRE(s->connect({lab.peer, kPeerPort}));
    lab.pop(); // SYN
    // An ACK for something we never sent: "<SEQ=SEG.ACK><CTL=RST>", stay in SYN-SENT.
    lab.inject(ms(5), from_peer(0, 777, kAck));
    expect(lab.pop(), 777, 0, kRst, 0);
    CHECK(s->state() == TcpState::SynSent);
    // A RST without ACK is ignored in SYN-SENT.
    lab.inject(ms(6), from_peer(0, 0, kRst));
    CHECK(s->state() == TcpState::SynSent);
    // RST,ACK acknowledging our SYN: the port is closed.
    lab.inject(ms(7), from_peer(0, 1001, kRst | kAck));
    CHECK(s->state() == TcpState::Closed);
    CHECK(s->error() == SocketError::ConnectionRefused);
    CHECK(s->history() == states({TcpState::Closed, TcpState::SynSent, TcpState::Closed}));
    lab.run_to(SimTime::from_s(10));
    CHECK(lab.out.empty()); // no SYN retransmission after CLOSED

    SegmentLab lab2;
    auto& e = tcp_established(lab2);
    e.abort();
    expect(lab2.pop(), kSnd, 0, kRst, 0); // RFC 9293 §3.10.5: <SEQ=SND.NXT><CTL=RST>
    CHECK(e.state() == TcpState::Closed);
    CHECK_FALSE(e.error());
}

TEST_CASE("tcp reset: closing with unread data sends RST, not FIN", "[transport][tcp][state][rst]")
{
    SegmentLab lab;
    auto& s = tcp_established(lab);
    SocketId id = s.id();
    Bytes data(10, 1);
    lab.inject(ms(20), from_peer(kRcv, kSnd, kAck | kPsh), data);
    lab.t().close(id); // RFC 2525 §2.17: data would be lost silently otherwise
    expect(lab.pop(), kSnd, 0, kRst, 0);
    lab.run_to(ms(100));
    CHECK(lab.t().tcp(id) == nullptr);
    CHECK(lab.out.empty());
}

TEST_CASE("tcp listen: the backlog bounds pending connections; a RST returns a child to LISTEN",
          "[transport][tcp][state]")
{
    SegmentLab lab;
    lab.t().tcp_defaults().fixed_iss = 3000;
    SocketId lid = lab.t().tcp_open();
    auto* l = lab.t().tcp(lid);
    REQUIRE(l->bind(transport::Endpoint::any_v4(80)));
    REQUIRE(l->listen(1));
    lab.inject(ms(1), seg(40000, 80, 7000, 0, kSyn, 65535));
    expect(lab.pop(), 3000, 7001, kSyn | kAck, 65535);
    lab.inject(ms(2), seg(40001, 80, 9000, 0, kSyn, 65535));
    CHECK(lab.out.empty()); // the backlog of 1 is full: dropped, the client will retry
    // RFC 9293 SYN-RECEIVED, RST: a passive child just goes back to LISTEN (i.e. is removed).
    lab.inject(ms(3), seg(40000, 80, 7001, 0, kRst, 0));
    CHECK(lab.out.empty());
    CHECK(l->state() == TcpState::Listen);
    lab.inject(ms(4), seg(40001, 80, 9000, 0, kSyn, 65535));
    expect(lab.pop(), 3000, 9001, kSyn | kAck, 65535); // room again
    lab.inject(ms(5), seg(40001, 80, 9001, 3001, kAck, 65535));
    auto c = l->accept();
    REQUIRE(c);
    CHECK(lab.t().tcp(*c)->remote().port == 40001);
    // Binding another listener to the port fails; a closed listener frees it.
    SocketId other = lab.t().tcp_open();
    CHECK(lab.t().tcp(other)->bind(transport::Endpoint::any_v4(80)).error() ==
          SocketError::AddressInUse);
    lab.t().close(lid);
    lab.run_to(ms(10));
    CHECK(lab.t().tcp(other)->bind(transport::Endpoint::any_v4(80)));
    CHECK(lab.t().tcp(*c)->state() == TcpState::Established); // accepted: not the listener's
}
