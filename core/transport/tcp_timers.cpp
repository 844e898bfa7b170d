// TcpSocket timers and congestion control: the retransmission timer (RFC 6298), persist timer
// (zero-window probes, RFC 9293 §3.8.6.1), delayed ACK (RFC 1122 §4.2.3.2), TIME-WAIT; slow
// start and congestion avoidance (RFC 5681 §3.1), fast retransmit and NewReno fast recovery
// (RFC 5681 §3.2, RFC 6582); the congestion trace.
//
// All of a socket's timers are deadlines served by one scheduler event at the earliest of them.
// Restarting the retransmission timer on every ACK only moves a deadline later; the pending
// event then fires early, finds nothing due and re-arms. A bulk transfer thus costs about one
// timer event per RTO, not one per ACK.
//
// [SECTION] index: timer plumbing · expiries · congestion control · trace
#include "core/transport/socket_table.h"
#include "core/transport/tcp_socket.h"

#include <algorithm>

namespace wirelab::transport {

// [SECTION] timer plumbing

void TcpSocket::start_rto()
{
    m_persist = false;
    m_rto_at = now() + m_rtt.rto();
}

bool TcpSocket::needs_persist() const
{
    // Nothing in flight to bring an ACK back, yet something waits to be sent that the window
    // (or SWS avoidance) holds back: without a probe both sides could wait forever.
    if (!is_synchronized(m_state) || m_tcb.snd_max != m_tcb.snd_una) return false;
    bool waiting = m_tcb.snd_nxt < data_end() || (may_send_fin() && !(m_tcb.snd_nxt > data_end()));
    SegmentPlan plan;
    return waiting && !plan_data_segment(plan);
}

void TcpSocket::arm_timers()
{
    if (needs_persist()) {
        if (!m_persist || m_rto_at == SimTime::max()) {
            SimTime interval =
                m_rtt.rto() * (int64_t(1) << std::min<uint32_t>(m_persist_backoff, 10));
            m_persist = true;
            m_rto_at = now() + std::min(interval, m_cfg.rto.max);
        }
    } else if (m_persist) {
        m_persist = false;
        m_rto_at = SimTime::max();
    }
    SimTime next = std::min({m_rto_at, m_delack_at, m_state_timer_at});
    if (next == SimTime::max()) return;
    if (m_event_at <= next) return; // the pending event comes first and re-arms
    if (m_event_at != SimTime::max()) m_table.cancel_timer(m_event);
    m_event = m_table.schedule_timer(m_id, next);
    m_event_at = next;
}

void TcpSocket::on_timer()
{
    m_event_at = SimTime::max();
    SimTime t = now();
    if (m_state_timer_at <= t) {
        m_state_timer_at = SimTime::max();
        // TIME-WAIT over (RFC 9293 §3.10.8), or an orphan gave up waiting in FIN-WAIT-2.
        if (m_state == TcpState::TimeWait || m_state == TcpState::FinWait2)
            enter_closed(std::nullopt);
    }
    if (m_state != TcpState::Closed && m_rto_at <= t) {
        m_rto_at = SimTime::max();
        if (m_persist)
            on_persist_expired();
        else
            on_rto_expired();
    }
    if (m_state != TcpState::Closed && m_delack_at <= t) {
        m_delack_at = SimTime::max();
        on_delayed_ack_expired();
    }
    if (m_state == TcpState::Closed) return;
    poll_transmit();
    record_trace();
}

// [SECTION] expiries

void TcpSocket::on_rto_expired()
{
    ++m_stats.timeouts;
    if (m_state == TcpState::SynSent || m_state == TcpState::SynReceived) {
        uint32_t limit = m_state == TcpState::SynSent ? m_cfg.syn_retries : m_cfg.synack_retries;
        if (m_retries >= limit) {
            enter_closed(m_soft_error.value_or(SocketError::TimedOut));
            return;
        }
        ++m_retries;
        m_rtt.back_off();          // RFC 6298 §5.5
        m_tcb.snd_nxt = m_tcb.iss; // poll_transmit sends the SYN (or SYN-ACK) again
        return;
    }
    if (m_tcb.snd_una == m_tcb.snd_max) return; // everything was acknowledged meanwhile
    if (m_retries >= m_cfg.max_retries) {
        enter_closed(m_soft_error.value_or(SocketError::TimedOut));
        return;
    }
    // RFC 5681 §3.1 eq. (4), on the first timeout of this data only, then a loss window of one
    // segment; RFC 6582 §3.2 step 4: recover = the highest sequence number sent.
    uint32_t mss = m_tcb.snd_mss;
    if (m_retries == 0) m_tcb.ssthresh = std::max(flight_size() / 2, 2 * mss);
    ++m_retries;
    m_tcb.cwnd = mss;
    m_tcb.recover = m_tcb.snd_max;
    m_tcb.in_recovery = false;
    m_tcb.dupacks = 0;
    m_ca_acked = 0;
    m_rtt.back_off(); // §5.5
    m_timing = false;
    // §5.4 retransmit the earliest segment; as Linux, everything after it counts as lost and is
    // sent again as the congestion window reopens (go-back-N from SND.UNA).
    m_tcb.snd_nxt = m_tcb.snd_una;
    retransmit_first();
    start_rto(); // §5.6
}

void TcpSocket::on_persist_expired()
{
    m_persist = false;
    if (!needs_persist()) return;
    ++m_persist_backoff;
    if (m_tcb.snd_wnd == 0) {
        // Zero-window probe, Linux style: an ACK with an old sequence number (SND.UNA - 1),
        // which the receiver must answer with its current window (RFC 9293 §3.8.6.1 allows
        // probing with or without data).
        ++m_stats.zero_window_probes;
        send_segment(m_tcb.snd_una - 1, wire::tcp::kAck, 0, 0, wire::tcp::Options{});
    } else {
        // A small window that SWS avoidance would wait on: send what fits (RFC 1122 §4.2.3.4
        // override timeout).
        SeqNum end = data_end();
        uint32_t len =
            std::min({uint32_t(m_tcb.snd_mss), m_tcb.snd_wnd, uint32_t(end - m_tcb.snd_nxt)});
        bool fin = may_send_fin() && m_tcb.snd_nxt + len == end &&
                   uint32_t(end - m_tcb.snd_una) < m_tcb.snd_wnd;
        if (len > 0 || fin) transmit(SegmentPlan{m_tcb.snd_nxt, len, fin});
    }
}

void TcpSocket::on_delayed_ack_expired()
{
    if (m_ack_pending) m_ack_now = true;
}

// [SECTION] congestion control

void TcpSocket::on_new_ack(uint32_t acked)
{
    uint32_t mss = m_tcb.snd_mss;
    if (m_tcb.in_recovery) {
        if (m_tcb.snd_una >= m_tcb.recover) {
            // RFC 6582 §3.2 step 3, full acknowledgment: deflate to
            // min(ssthresh, max(FlightSize, SMSS) + SMSS) and leave fast recovery. (With SACK
            // cwnd is already ssthresh, RFC 6675 §5.)
            m_tcb.cwnd = std::min(m_tcb.ssthresh, std::max(flight_size(), uint32_t(mss)) + mss);
            m_tcb.in_recovery = false;
            m_tcb.dupacks = 0;
        } else if (m_sack_ok) {
            // RFC 6675: a partial ACK just shrinks the pipe; NextSeg picks what goes next.
            start_rto();
            return;
        } else {
            // Step 4, partial acknowledgment: the next hole is lost too. Retransmit it, deflate
            // by the amount acknowledged (adding back one SMSS if at least that much), and
            // reset the timer for the first partial ACK only ("impatient" variant).
            retransmit_first();
            m_tcb.cwnd = m_tcb.cwnd > acked ? m_tcb.cwnd - acked : 0;
            if (acked >= mss) m_tcb.cwnd += mss;
            m_tcb.cwnd = std::max(m_tcb.cwnd, uint32_t(mss));
            if (!m_partial_ack_seen) start_rto();
            m_partial_ack_seen = true;
            return;
        }
    } else {
        m_tcb.dupacks = 0;
        if (m_tcb.cwnd < m_tcb.ssthresh) {
            // Slow start, RFC 5681 eq. (2) with RFC 3465's byte counting limit L.
            m_tcb.cwnd += std::min(acked, m_cfg.abc_limit_segments * mss);
        } else {
            // Congestion avoidance: one SMSS per cwnd of acknowledged bytes (RFC 5681 §3.1,
            // the byte-counting form it recommends).
            m_ca_acked += acked;
            if (m_ca_acked >= m_tcb.cwnd) {
                m_ca_acked -= m_tcb.cwnd;
                m_tcb.cwnd += mss;
            }
        }
        m_tcb.cwnd = std::min(m_tcb.cwnd, kMaxCwnd);
    }
    // RFC 6298 §5.2 / §5.3.
    if (m_tcb.snd_una == m_tcb.snd_max)
        stop_rto();
    else
        start_rto();
}

void TcpSocket::on_duplicate_ack()
{
    ++m_stats.dupacks_received;
    ++m_tcb.dupacks;
    uint32_t mss = m_tcb.snd_mss;
    if (m_tcb.in_recovery) {
        // RFC 5681 §3.2 step 4: inflate by the segment that left. With SACK the pipe estimate
        // does this accounting instead (RFC 6675).
        if (!m_sack_ok) m_tcb.cwnd = std::min(m_tcb.cwnd + mss, kMaxCwnd);
        return;
    }
    // RFC 6582 §3.2 step 2: only if the ACK covers more than `recover` — i.e. everything sent
    // before the last recovery or timeout is acknowledged — so duplicate ACKs caused by our own
    // retransmissions do not start a second recovery. (We compare with SND.UNA >= recover,
    // recover being SND.MAX at that time.)
    // RFC 6675 §5 adds: or as soon as the scoreboard says the first segment IsLost.
    bool lost = m_tcb.dupacks == 3 || (m_sack_ok && (m_tcb.dupacks > 3 || is_lost(m_tcb.snd_una)));
    if (lost && m_tcb.snd_una >= m_tcb.recover) enter_fast_recovery();
}

void TcpSocket::enter_fast_recovery()
{
    uint32_t mss = m_tcb.snd_mss;
    ++m_stats.fast_retransmits;
    m_tcb.ssthresh = std::max(flight_size() / 2, 2 * mss); // RFC 5681 eq. (4)
    m_tcb.recover = m_tcb.snd_max;
    m_tcb.in_recovery = true;
    m_partial_ack_seen = false;
    m_ca_acked = 0;
    m_high_rxt = m_tcb.snd_una;
    retransmit_first();
    if (m_sack_ok)
        m_tcb.cwnd = m_tcb.ssthresh; // RFC 6675 §5 step 4.2; the pipe counts what left
    else
        m_tcb.cwnd = m_tcb.ssthresh + 3 * mss; // "artificially inflates" by the 3 that left
}

// [SECTION] trace

void TcpSocket::record_trace()
{
    m_tcb.srtt = m_rtt.srtt();
    m_tcb.rttvar = m_rtt.rttvar();
    m_tcb.rto = m_rtt.rto();
    if (!m_cfg.trace || m_trace.size() >= m_cfg.trace_limit) return;
    TcpTracePoint p{now(),
                    m_tcb.cwnd,
                    m_tcb.ssthresh,
                    m_tcb.srtt,
                    m_tcb.rto,
                    uint32_t(m_tcb.snd_nxt - m_tcb.snd_una),
                    m_stats.retransmitted_segments};
    const TcpTracePoint& l = m_last_trace;
    if (!m_trace.empty() && p.cwnd == l.cwnd && p.ssthresh == l.ssthresh && p.srtt == l.srtt &&
        p.rto == l.rto && p.retransmissions == l.retransmissions)
        return;
    m_trace.push_back(p);
    m_last_trace = p;
}

} // namespace wirelab::transport
