// Byte-exact handshakes (RFC 9293 §3.5) and RSTs for closed ports (§3.10.7.1), written by hand
// from the RFC 9293 §3.1 header layout. Checksums were computed independently (python3, RFC 1071
// over the IPv4 pseudo-header 10.0.0.1 <-> 10.0.0.2). Each test asserts the exact segments and
// then that nothing more is sent.
#include "tests/transport/segment_lab.h"

using namespace wirelab;
using namespace wirelab::test;
using transport::Endpoint;
using transport::SocketEvent;
using transport::TcpState;

namespace {

// Our SYN: 10.0.0.1:49152 -> 10.0.0.2:80.
const uint8_t kActiveSyn[] = {
    0xc0, 0x00,             // source port 49152
    0x00, 0x50,             // destination port 80
    0x00, 0x00, 0x03, 0xe8, // sequence number 1000 (the ISS)
    0x00, 0x00, 0x00, 0x00, // acknowledgment number: 0, no ACK flag
    0x80,                   // data offset 8 words (32 bytes), reserved 0
    0x02,                   // flags: SYN
    0xff, 0xff,             // window 65535 (RFC 7323 §2.2: a SYN's window is never scaled)
    0x96, 0xda,             // checksum
    0x00, 0x00,             // urgent pointer
    0x02, 0x04, 0x05, 0xb4, // option MSS, length 4: 1460 (MTU 1500 - 20 IPv4 - 20 TCP)
    0x01, 0x01,             // NOP NOP (Linux's layout without timestamps)
    0x04, 0x02,             // option SACK-permitted, length 2 (RFC 2018 §2)
    0x01,                   // NOP: the window scale option is aligned like Linux's
    0x03, 0x03, 0x03,       // option window scale, length 3: shift 3 (a 256 KiB buffer)
};

// The peer's SYN-ACK: MSS 1400, no window scaling (so neither side scales).
const uint8_t kPeerSynAck[] = {
    0x00, 0x50,             // source port 80
    0xc0, 0x00,             // destination port 49152
    0x00, 0x00, 0x13, 0x88, // sequence number 5000 (the peer's ISS)
    0x00, 0x00, 0x03, 0xe9, // acknowledgment number 1001: our SYN
    0x60,                   // data offset 6 words (24 bytes)
    0x12,                   // flags: SYN, ACK
    0x20, 0x00,             // window 8192
    0x8c, 0x8e,             // checksum
    0x00, 0x00,             // urgent pointer
    0x02, 0x04, 0x05, 0x78, // option MSS: 1400
};

// Our ACK completing the handshake.
const uint8_t kActiveAck[] = {
    0xc0, 0x00,             // source port 49152
    0x00, 0x50,             // destination port 80
    0x00, 0x00, 0x03, 0xe9, // sequence number 1001
    0x00, 0x00, 0x13, 0x89, // acknowledgment number 5001: the peer's SYN
    0x50,                   // data offset 5 words, no options
    0x10,                   // flags: ACK
    0xff, 0xff,             // window 65535: unscaled (the peer did not offer scaling), capped
    0xc4, 0x0f,             // checksum
    0x00, 0x00,             // urgent pointer
};

// A client's SYN to our listener on port 80, offering SACK and window scale 7 (as Linux does).
const uint8_t kPassiveSyn[] = {
    0x9c, 0x40,             // source port 40000
    0x00, 0x50,             // destination port 80
    0x00, 0x00, 0x1b, 0x58, // sequence number 7000
    0x00, 0x00, 0x00, 0x00, // acknowledgment number 0
    0x80,                   // data offset 8 words
    0x02,                   // flags: SYN
    0xfa, 0xf0,             // window 64240
    0xa8, 0x35,             // checksum
    0x00, 0x00,             // urgent pointer
    0x02, 0x04, 0x05, 0xb4, // option MSS 1460
    0x01, 0x01, 0x04, 0x02, // NOP NOP SACK-permitted
    0x01,                   // NOP
    0x03, 0x03, 0x07,       // option window scale: shift 7
};

// Our SYN-ACK: the peer offered SACK and scaling, so we answer with both.
const uint8_t kPassiveSynAck[] = {
    0x00, 0x50,             // source port 80
    0x9c, 0x40,             // destination port 40000
    0x00, 0x00, 0x0b, 0xb8, // sequence number 3000 (our ISS)
    0x00, 0x00, 0x1b, 0x59, // acknowledgment number 7001
    0x80,                   // data offset 8 words
    0x12,                   // flags: SYN, ACK
    0xff, 0xff,             // window 65535 (unscaled in a SYN)
    0x97, 0x61,             // checksum
    0x00, 0x00,             // urgent pointer
    0x02, 0x04, 0x05, 0xb4, // option MSS 1460
    0x01, 0x01, 0x04, 0x02, // NOP NOP SACK-permitted
    0x01,                   // NOP
    0x03, 0x03, 0x03,       // option window scale: shift 3
};

// The client's ACK; its window field 502 means 502 << 7 = 64256 bytes.
const uint8_t kPassiveAck[] = {
    0x9c, 0x40,             // source port 40000
    0x00, 0x50,             // destination port 80
    0x00, 0x00, 0x1b, 0x59, // sequence number 7001
    0x00, 0x00, 0x0b, 0xb9, // acknowledgment number 3001
    0x50,                   // data offset 5 words
    0x10,                   // flags: ACK
    0x01, 0xf6,             // window 502 (scaled by 2^7)
    0xd6, 0x39,             // checksum
    0x00, 0x00,             // urgent pointer
};

// A SYN to port 81, where nothing listens, and our answer.
const uint8_t kSynToClosedPort[] = {
    0x9c, 0x40, 0x00, 0x51, // ports 40000 -> 81
    0x00, 0x00, 0x1b, 0x58, // sequence number 7000
    0x00, 0x00, 0x00, 0x00, // acknowledgment number 0
    0x50, 0x02,             // data offset 5, flags SYN
    0xfa, 0xf0,             // window 64240
    0xe9, 0x05,             // checksum
    0x00, 0x00,             // urgent pointer
};
const uint8_t kResetForSyn[] = {
    0x00, 0x51, 0x9c, 0x40, // ports 81 -> 40000
    0x00, 0x00, 0x00, 0x00, // sequence number 0: "<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>"
    0x00, 0x00, 0x1b, 0x59, // acknowledgment number 7001 = 7000 + 1 (the SYN's length)
    0x50, 0x14,             // data offset 5, flags RST, ACK
    0x00, 0x00,             // window 0
    0xe3, 0xe3,             // checksum
    0x00, 0x00,             // urgent pointer
};

// A stray ACK to port 81, and our answer.
const uint8_t kAckToClosedPort[] = {
    0x9c, 0x40, 0x00, 0x51, // ports 40000 -> 81
    0x00, 0x00, 0x1b, 0x59, // sequence number 7001
    0x00, 0x00, 0x30, 0x39, // acknowledgment number 12345
    0x50, 0x10,             // data offset 5, flags ACK
    0xfa, 0xf0,             // window 64240
    0xb8, 0xbd,             // checksum
    0x00, 0x00,             // urgent pointer
};
const uint8_t kResetForAck[] = {
    0x00, 0x51, 0x9c, 0x40, // ports 81 -> 40000
    0x00, 0x00, 0x30, 0x39, // sequence number 12345: "<SEQ=SEG.ACK><CTL=RST>"
    0x00, 0x00, 0x00, 0x00, // acknowledgment number 0 (no ACK flag)
    0x50, 0x04,             // data offset 5, flags RST
    0x00, 0x00,             // window 0
    0xcf, 0x13,             // checksum
    0x00, 0x00,             // urgent pointer
};

template <size_t N>
Bytes bytes_of(const uint8_t (&a)[N])
{
    return Bytes(a, a + N);
}

} // namespace

TEST_CASE("tcp handshake: active open, byte for byte", "[transport][tcp][handshake]")
{
    SegmentLab lab;
    lab.t().tcp_defaults().fixed_iss = 1000;
    SocketId id = lab.t().tcp_open();
    auto* s = lab.t().tcp(id);
    transport::SocketEvents seen;
    s->set_callback([&](transport::SocketEvents e) { seen.bits |= e.bits; });
    REQUIRE(s->bind({lab.local, 49152}));
    REQUIRE(s->connect({lab.peer, 80}));
    CHECK(s->state() == TcpState::SynSent);
    Sent syn = lab.pop();
    CHECK(syn.at == SimTime::zero());
    CHECK(syn.bytes == bytes_of(kActiveSyn));
    CHECK(lab.out.empty());

    lab.inject_bytes(ms(10), kPeerSynAck);
    CHECK(s->state() == TcpState::Established);
    Sent ack = lab.pop();
    CHECK(ack.at == ms(10));
    CHECK(ack.bytes == bytes_of(kActiveAck));
    CHECK(seen.has(SocketEvent::Connected));
    CHECK(seen.has(SocketEvent::Writable));
    // Negotiated: MSS min(1400, 1460); no scaling and no SACK: the peer's SYN-ACK had neither.
    CHECK(s->tcb().snd_mss == 1400);
    CHECK_FALSE(s->is_sack_enabled());
    CHECK(s->tcb().snd_wscale == 0);
    CHECK(s->tcb().rcv_wscale == 0);
    CHECK(s->tcb().snd_wnd == 8192);
    CHECK(s->tcb().cwnd == 10 * 1400); // RFC 6928 initial window
    CHECK(s->tcb().srtt == ms(10));    // the SYN's round trip, RFC 6298 §2.2
    lab.run_to(SimTime::from_s(30));
    CHECK(lab.out.empty());
}

TEST_CASE("tcp handshake: passive open with window scaling, byte for byte",
          "[transport][tcp][handshake]")
{
    SegmentLab lab;
    lab.t().tcp_defaults().fixed_iss = 3000;
    SocketId lid = lab.t().tcp_open();
    auto* l = lab.t().tcp(lid);
    bool acceptable = false;
    l->set_callback(
        [&](transport::SocketEvents e) { acceptable |= e.has(SocketEvent::Acceptable); });
    REQUIRE(l->bind(Endpoint::any_v4(80)));
    REQUIRE(l->listen(8));
    CHECK(l->accept().error() == transport::SocketError::WouldBlock);

    lab.inject_bytes(ms(5), kPassiveSyn);
    Sent synack = lab.pop();
    CHECK(synack.at == ms(5));
    CHECK(synack.bytes == bytes_of(kPassiveSynAck));
    CHECK(lab.out.empty());
    CHECK_FALSE(acceptable); // not before the handshake completes

    lab.inject_bytes(ms(15), kPassiveAck);
    CHECK(acceptable);
    auto child = l->accept();
    REQUIRE(child);
    auto* c = lab.t().tcp(*child);
    REQUIRE(c);
    CHECK(c->state() == TcpState::Established);
    CHECK(c->local() == Endpoint{lab.local, 80});
    CHECK(c->remote() == Endpoint{lab.peer, 40000});
    CHECK(c->tcb().snd_wscale == 7);
    CHECK(c->is_sack_enabled());
    CHECK(c->tcb().rcv_wscale == 3);
    CHECK(c->tcb().snd_wnd == 502u << 7);
    CHECK(c->history() ==
          std::vector<TcpState>{TcpState::Closed, TcpState::SynReceived, TcpState::Established});
    CHECK(l->state() == TcpState::Listen);
    lab.run_to(SimTime::from_s(30));
    CHECK(lab.out.empty());
}

TEST_CASE("tcp: segments for a port nobody listens on are answered with RST",
          "[transport][tcp][handshake]")
{
    SegmentLab lab;
    lab.inject_bytes(ms(1), kSynToClosedPort);
    CHECK(lab.pop().bytes == bytes_of(kResetForSyn));
    lab.inject_bytes(ms(2), kAckToClosedPort);
    CHECK(lab.pop().bytes == bytes_of(kResetForAck));
    // A RST is never answered (no RST wars).
    lab.inject(ms(3), seg(40000, 81, 1, 0, wire::tcp::kRst, 0));
    CHECK(lab.out.empty());
    CHECK(lab.t().counters().tcp_resets_sent == 2);
}

TEST_CASE("tcp handshake: a retransmitted SYN gets the SYN-ACK again",
          "[transport][tcp][handshake]")
{
    SegmentLab lab;
    lab.t().tcp_defaults().fixed_iss = 3000;
    SocketId lid = lab.t().tcp_open();
    REQUIRE(lab.t().tcp(lid)->bind(Endpoint::any_v4(80)));
    REQUIRE(lab.t().tcp(lid)->listen(8));
    lab.inject_bytes(ms(5), kPassiveSyn);
    CHECK(lab.pop().bytes == bytes_of(kPassiveSynAck));
    lab.inject_bytes(ms(900), kPassiveSyn); // the client's SYN timer (1 s) was faster
    Sent again = lab.pop();
    CHECK(again.at == ms(900));
    CHECK(again.bytes == bytes_of(kPassiveSynAck));
    // Our own SYN-ACK timer: RFC 6298 initial RTO 1 s from the first, then backed off to 2 s.
    lab.run_to(SimTime::from_ms(5 + 1000));
    Sent timer = lab.pop();
    CHECK(timer.at == ms(1005));
    CHECK(timer.repr.flags == (wire::tcp::kSyn | wire::tcp::kAck));
    CHECK(lab.out.empty());
}
