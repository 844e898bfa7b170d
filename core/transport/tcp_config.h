// TCP vocabulary: the eleven states of RFC 9293 §3.3.2, the transmission control block (TCB)
// with RFC field names, per-socket tunables with the defaults we chose (Linux's where the RFCs
// leave a choice), counters, and the congestion trace a plot reads.
#pragma once

#include "core/base/sim_time.h"
#include "core/transport/rtt_estimator.h"
#include "core/wire/tcp.h"

#include <cstdint>
#include <optional>

namespace wirelab::transport {

using wire::tcp::SeqNum;

enum class TcpState : uint8_t {
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
};

// RFC spelling: "SYN-SENT", "TIME-WAIT".
const char* to_string(TcpState s);
// True from ESTABLISHED on (RFC 9293 "synchronized states"), excluding CLOSED.
bool is_synchronized(TcpState s);

struct TcpConfig {
    // MSS we announce; 0 = from the outgoing interface MTU (MTU - 40 for IPv4, - 60 for IPv6).
    uint16_t mss = 0;
    uint32_t send_buffer = 256 * 1024; // bytes the application may queue (Linux: tcp_wmem)
    uint32_t recv_buffer = 256 * 1024; // receive window we can offer (Linux: tcp_rmem)
    bool window_scaling = true;        // RFC 7323 §2, needed for windows above 64 KiB
    // Selective acknowledgments (RFC 2018) and SACK-based loss recovery (RFC 6675), offered and
    // used by default as Linux does; off gives plain NewReno (RFC 6582).
    bool sack = true;
    // RFC 6928's initial window of 10 segments, as Linux and ns-3 use; RFC 5681 allows 2-4.
    uint32_t initial_cwnd_segments = 10;
    // Slow start grows cwnd by at most this many SMSS per ACK (RFC 3465 "L"; 2 compensates for
    // delayed ACKs, the RFC's allowed maximum).
    uint32_t abc_limit_segments = 2;
    bool limited_transmit = true; // RFC 3042: new data on the first two duplicate ACKs
    RtoParams rto;
    // Maximum segment lifetime; TIME-WAIT lasts 2 x MSL. 30 s gives Linux's 60 s TIME-WAIT;
    // labs set it short to watch the state end.
    SimTime msl = SimTime::from_s(30);
    bool delayed_ack = true;
    // Linux's minimum delayed-ACK timeout (TCP_DELACK_MIN); RFC 1122 §4.2.3.2 allows up to 500 ms.
    SimTime delayed_ack_timeout = SimTime::from_ms(40);
    bool nagle = true;           // RFC 1122 §4.2.3.4; false is TCP_NODELAY
    uint32_t syn_retries = 6;    // SYN retransmissions before ETIMEDOUT (Linux tcp_syn_retries)
    uint32_t synack_retries = 5; // Linux tcp_synack_retries
    uint32_t max_retries = 15;   // data retransmissions before ETIMEDOUT (Linux tcp_retries2)
    // An orphaned connection (closed by the application) waits this long in FIN-WAIT-2 for the
    // peer's FIN (Linux tcp_fin_timeout).
    SimTime fin_wait2_timeout = SimTime::from_s(60);
    // A fixed initial sequence number instead of one from the seeded stream: for tests and labs
    // that want readable numbers. Real stacks never do this (RFC 9293 §3.4.1).
    std::optional<uint32_t> fixed_iss;
    bool trace = true;               // record TcpTracePoints
    uint32_t trace_limit = 1u << 17; // stop recording after this many points (~6 MB)
};

// The transmission control block (RFC 9293 §3.3.1), with the RFC names.
struct Tcb {
    // Send sequence space
    SeqNum iss;
    SeqNum snd_una;           // oldest unacknowledged
    SeqNum snd_nxt;           // next to send (goes back to snd_una after a timeout)
    SeqNum snd_max;           // highest sent + 1 (never goes back)
    uint32_t snd_wnd = 0;     // peer's window, scaled
    SeqNum snd_wl1, snd_wl2;  // segment seq / ack used for the last window update
    uint32_t max_snd_wnd = 0; // largest window the peer offered (sender SWS avoidance)
    uint8_t snd_wscale = 0;   // shift for the peer's window field
    uint16_t snd_mss = 536;   // effective MSS for what we send (RFC 9293 §3.7.1 default 536)
    // Receive sequence space
    SeqNum irs;
    SeqNum rcv_nxt;
    uint32_t rcv_wnd = 0; // window we last advertised (scaled value)
    SeqNum rcv_adv;       // right edge we last advertised: rcv_nxt + rcv_wnd, never shrinks
    uint8_t rcv_wscale = 0;
    uint16_t rcv_mss = 536; // MSS we announced
    // Congestion control (RFC 5681, RFC 6582)
    uint32_t cwnd = 0;
    uint32_t ssthresh = 0;
    SeqNum recover; // NewReno: snd_max when recovery (or a timeout) began
    bool in_recovery = false;
    uint32_t dupacks = 0;
    // Retransmission timer (RFC 6298), mirrored from the estimator for display.
    SimTime srtt, rttvar, rto;
};

struct TcpStats {
    uint64_t segments_sent = 0, segments_received = 0;
    uint64_t bytes_sent = 0;     // payload bytes handed to IP, retransmissions included
    uint64_t bytes_acked = 0;    // payload bytes the peer acknowledged
    uint64_t bytes_received = 0; // in-order payload bytes delivered to the buffer
    uint64_t retransmitted_segments = 0;
    uint64_t retransmitted_bytes = 0;
    uint64_t fast_retransmits = 0; // entries into fast recovery
    uint64_t timeouts = 0;         // RTO expiries
    uint64_t dupacks_received = 0;
    uint64_t out_of_order_segments = 0;
    uint64_t duplicate_segments = 0; // entirely old data
    uint64_t zero_window_probes = 0;
};

// One sample of the congestion state, recorded whenever one of its fields changes.
struct TcpTracePoint {
    SimTime at;
    uint32_t cwnd = 0;
    uint32_t ssthresh = 0;
    SimTime srtt;
    SimTime rto;
    uint32_t bytes_in_flight = 0;
    uint64_t retransmissions = 0; // cumulative retransmitted segments
};

} // namespace wirelab::transport
