// TcpSocket: one TCP endpoint per RFC 9293 — all eleven states, the three-way handshake with the
// MSS option (and window scaling, RFC 7323), simultaneous open and close, half-close, TIME-WAIT,
// RST handling (with RFC 5961 challenge ACKs), flow control with zero-window probing,
// reassembly, retransmission timeout per RFC 6298, slow start / congestion avoidance / fast
// retransmit / NewReno fast recovery (RFC 5681, RFC 6582, RFC 3042), selective acknowledgments
// with SACK-based recovery (RFC 2018, RFC 6675), delayed ACKs (RFC 1122).
//
// Files: tcp_socket.cpp (application calls, state changes), tcp_input.cpp (SEGMENT ARRIVES,
// RFC 9293 §3.10.7), tcp_output.cpp (poll_transmit: what to send), tcp_timers.cpp (timers and
// congestion control), tcp_sack.cpp (SACK blocks, scoreboard, RFC 6675 pipe and NextSeg).
#pragma once

#include "core/base/result.h"
#include "core/net/ip_node.h"
#include "core/transport/assembler.h"
#include "core/transport/byte_ring.h"
#include "core/transport/rtt_estimator.h"
#include "core/transport/socket_types.h"
#include "core/transport/tcp_config.h"

#include <deque>
#include <string>
#include <vector>

namespace wirelab::transport {

class SocketTable;

// A received segment, already checksummed and parsed, with the addresses it came with.
struct TcpSegmentIn {
    Endpoint src;
    Endpoint dst;
    const wire::tcp::Repr& repr;
    ByteSpan payload;
};

class TcpSocket {
public:
    TcpSocket(SocketTable& table, SocketId id, const TcpConfig& config);
    TcpSocket(const TcpSocket&) = delete;
    TcpSocket& operator=(const TcpSocket&) = delete;

    // [SECTION] application calls (RFC 9293 §3.9.1). None blocks; none calls the callback.
    // Port 0 picks an ephemeral port. A wildcard address accepts any local address.
    Result<Ok, SocketError> bind(const Endpoint& local);
    // Passive OPEN. Binds an ephemeral port first if unbound (as Linux does). `backlog` bounds
    // the connections waiting in SYN-RECEIVED plus those waiting for accept().
    Result<Ok, SocketError> listen(uint32_t backlog);
    // Active OPEN: sends a SYN. Completion is signalled by SocketEvent::Connected (or an Error).
    Result<Ok, SocketError> connect(const Endpoint& remote);
    // A connection that completed the handshake on this listener; WouldBlock if none.
    Result<SocketId, SocketError> accept();
    // Queues up to data.size() bytes (as many as fit in the send buffer); WouldBlock if none fit.
    // Allowed from SYN-SENT on (RFC 9293 SEND in SYN-SENT queues the data).
    Result<size_t, SocketError> send(ByteSpan data);
    // Reads in-order bytes. 0 means end of stream (the peer's FIN, all data read); WouldBlock
    // means nothing yet.
    Result<size_t, SocketError> recv(MutByteSpan out);
    // Half-close (shutdown(SHUT_WR)): a FIN follows the queued data; receiving continues.
    Result<Ok, SocketError> shutdown();
    // ABORT: RST to the peer if synchronized, then CLOSED with every queue discarded.
    void abort();
    // (CLOSE is SocketTable::close(id): it also gives the socket back to the table.)

    void set_callback(SocketCallback cb) { m_callback = std::move(cb); }
    // Program name shown by `ss -p` / `netstat -p`.
    void set_owner(std::string owner) { m_owner = std::move(owner); }
    TcpConfig& config() { return m_cfg; } // change before connect()/listen()

    // [SECTION] observation (no accessor mutates or fails)
    SocketId id() const { return m_id; }
    TcpState state() const { return m_state; }
    const Tcb& tcb() const { return m_tcb; }
    bool is_sack_enabled() const { return m_sack_ok; }
    const TcpConfig& config() const { return m_cfg; }
    const TcpStats& stats() const { return m_stats; }
    const std::vector<TcpTracePoint>& trace() const { return m_trace; }
    // Every state the connection went through, in order, starting with CLOSED.
    const std::vector<TcpState>& history() const { return m_history; }
    const Endpoint& local() const { return m_local; }
    const Endpoint& remote() const { return m_remote; }
    bool is_bound() const { return m_bound; }
    const std::string& owner() const { return m_owner; }
    size_t recv_queue() const { return m_rcv_buf.size(); } // bytes readable now
    size_t send_queue() const { return m_snd_buf.size(); } // bytes not yet acknowledged
    size_t send_space() const { return m_snd_buf.space(); }
    size_t accept_queue() const { return m_accept_queue.size(); }
    uint32_t backlog() const { return m_backlog; }
    uint32_t bytes_in_flight() const { return uint32_t(m_tcb.snd_nxt - m_tcb.snd_una); }
    bool is_eof() const { return m_fin_received && m_rcv_buf.empty(); }
    // The error that ended (or troubles) the connection, if any.
    std::optional<SocketError> error() const { return m_error; }

    // [SECTION] protocol engine, driven by SocketTable
    void on_segment(const TcpSegmentIn& seg);
    void poll_transmit();
    void on_timer();
    void on_icmp_error(SocketError err, bool hard);
    // A listener's new child, in SYN-RECEIVED after a SYN: sends the SYN-ACK.
    void start_passive(SocketId parent, const TcpSegmentIn& syn);
    // The application released the socket (SocketTable::close).
    void close_by_user();
    bool is_released() const { return m_released; }
    SocketId parent() const { return m_parent; }
    void forget_child(SocketId child);
    // Pending readiness events, taken by the table when it notifies.
    SocketEvents take_events()
    {
        SocketEvents e = m_events;
        m_events = {};
        return e;
    }
    const SocketCallback& callback() const { return m_callback; }

private:
    friend class SocketTable;
    static constexpr uint32_t kMaxCwnd = 1u << 30;

    // What the sequence check (RFC 9293 §3.10.7.4 "first") kept of a segment: its text trimmed
    // to the receive window, and whether its FIN is within it.
    struct Accepted {
        SeqNum seq;
        ByteSpan data;
        bool fin = false;
    };

    // Input: one handler per state (tcp_input.cpp).
    void on_segment_listen(const TcpSegmentIn& seg);
    void on_segment_syn_sent(const TcpSegmentIn& seg);
    void on_segment_syn_received(const TcpSegmentIn& seg);
    void on_segment_established(const TcpSegmentIn& seg); // and FIN-WAIT-*, CLOSE-WAIT, ...
    void on_segment_time_wait(const TcpSegmentIn& seg);
    // The steps shared by the synchronized states.
    void process_synchronized(const TcpSegmentIn& seg, const Accepted& in);
    bool check_sequence(const TcpSegmentIn& seg, Accepted& in);
    bool check_reset(const TcpSegmentIn& seg);
    bool check_syn(const TcpSegmentIn& seg);
    bool process_ack(const TcpSegmentIn& seg, const Accepted& in);
    void process_text(SeqNum seq, ByteSpan data);
    void process_fin_at(SeqNum fin_seq);
    void fin_reached();
    void update_send_window(const TcpSegmentIn& seg);
    void take_syn_options(const wire::tcp::Repr& syn);
    void acknowledge_syn(SeqNum ack);
    uint32_t receive_window() const;
    ByteSpan clip_to_window(SeqNum seq, ByteSpan data) const;

    // Output (tcp_output.cpp).
    struct SegmentPlan {
        SeqNum seq;
        uint32_t len = 0;
        bool fin = false;
    };
    bool plan_data_segment(SegmentPlan& plan) const;
    bool may_send_fin() const;
    void transmit(const SegmentPlan& plan);
    void retransmit_first();
    void send_syn(bool with_ack);
    void send_ack();
    void send_reset(SeqNum seq);
    void send_segment(SeqNum seq, uint8_t flags, uint32_t data_off, uint32_t data_len,
                      const wire::tcp::Options& opts);
    uint16_t syn_window();
    uint16_t advertise_window();
    void maybe_send_window_update();

    // SACK (tcp_sack.cpp).
    void fill_sack_blocks(wire::tcp::Options& o) const;
    bool take_sack_blocks(const wire::tcp::Repr& r);
    bool is_lost(SeqNum seq) const;
    uint32_t pipe() const;
    bool plan_sack_segment(SegmentPlan& plan) const;
    void skip_sacked();
    SeqNum next_sacked(SeqNum from) const;

    // Timers and congestion control (tcp_timers.cpp).
    void on_rto_expired();
    void on_persist_expired();
    void on_delayed_ack_expired();
    bool needs_persist() const;
    void arm_timers();
    void start_rto();
    void stop_rto() { m_rto_at = SimTime::max(); }
    void on_new_ack(uint32_t acked);
    void on_duplicate_ack();
    void enter_fast_recovery();
    uint32_t flight_size() const { return uint32_t(m_tcb.snd_max - m_tcb.snd_una); }
    void record_trace();

    // Set-up and state changes (tcp_socket.cpp).
    void apply_config();
    uint8_t our_wscale() const;
    void init_send_sequence();
    void abort_children();
    void set_state(TcpState s);
    void enter_established();
    void enter_time_wait();
    void enter_closed(std::optional<SocketError> err);
    void notify(SocketEvent e);
    void schedule_ack(bool immediately);
    Result<Ok, SocketError> ensure_bound_for(const wire::IpAddr& remote);
    SimTime now() const;
    SeqNum data_end() const { return m_buf_seq + uint32_t(m_snd_buf.size()); }
    bool fin_acked() const { return m_fin_queued && m_tcb.snd_una > data_end(); }

    SocketTable& m_table;
    SocketId m_id;
    TcpConfig m_cfg;
    TcpState m_state = TcpState::Closed;
    Tcb m_tcb;
    TcpStats m_stats;
    RttEstimator m_rtt;
    Endpoint m_local, m_remote;
    bool m_bound = false;
    bool m_released = false; // the application closed it; the table frees it once CLOSED
    std::string m_owner;
    SocketCallback m_callback;
    SocketEvents m_events;
    std::optional<SocketError> m_error;
    std::optional<SocketError> m_soft_error; // ICMP news, reported if the connection times out

    // Send side: bytes from m_buf_seq (the first byte not yet acknowledged) onwards.
    ByteRing m_snd_buf;
    SeqNum m_buf_seq;
    bool m_fin_queued = false; // shutdown/close asked for a FIN after the queued data
    // Receive side.
    ByteRing m_rcv_buf;
    Assembler m_ooo;
    std::optional<SeqNum> m_rcv_fin_seq; // a FIN that arrived ahead of missing data
    bool m_fin_received = false;
    bool m_ack_pending = false;   // an ACK is owed (delayed)
    bool m_ack_now = false;       // an ACK must go out with the next poll_transmit
    uint32_t m_unacked_bytes = 0; // received since our last ACK (ACK every 2 x MSS)

    // Listener.
    uint32_t m_backlog = 0;
    std::deque<SocketId> m_accept_queue;
    std::vector<SocketId> m_children; // in SYN-RECEIVED
    SocketId m_parent;

    // Timers: deadlines, served by one scheduler event at the earliest (tcp_timers.cpp).
    SimTime m_rto_at = SimTime::max(); // retransmission or persist timer
    bool m_persist = false;            // m_rto_at is the persist (zero-window) timer
    uint32_t m_persist_backoff = 0;
    SimTime m_delack_at = SimTime::max();
    SimTime m_state_timer_at = SimTime::max(); // TIME-WAIT end, orphan FIN-WAIT-2 timeout
    SimTime m_event_at = SimTime::max();       // when our pending scheduler event fires
    kernel::EventId m_event;
    uint32_t m_retries = 0; // consecutive timeouts of the same data
    // RTT timing of one segment at a time (Karn's rule: cleared on any retransmission).
    bool m_timing = false;
    SeqNum m_timed_seq;
    SimTime m_timed_at;
    bool m_syn_retransmitted = false;
    // Congestion avoidance byte counter (RFC 5681 §3.1, "appropriate byte counting").
    uint32_t m_ca_acked = 0;
    bool m_partial_ack_seen = false;    // RFC 6582 "impatient": reset RTO on the first only
    bool m_syn_sent = false;            // a SYN (or SYN-ACK) went out at least once
    bool m_peer_offered_wscale = false; // the peer's SYN carried window scaling
    bool m_peer_offered_sack = false;   // the peer's SYN carried SACK-permitted
    bool m_sack_ok = false;             // both SYNs did: SACK in use
    Assembler m_sacked;                 // scoreboard: what the peer SACKed above SND.UNA
    SeqNum m_high_rxt;                  // RFC 6675 HighRxt: retransmitted up to here
    SeqNum m_last_ooo;                  // the latest out-of-order segment (first SACK block)
    TcpTracePoint m_last_trace;
    std::vector<TcpTracePoint> m_trace;
    std::vector<TcpState> m_history;
};

} // namespace wirelab::transport
