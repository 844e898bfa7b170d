// TcpSocket output: poll_transmit decides what goes out now — SYN / SYN-ACK, data within the
// peer's window and the congestion window (with Nagle and sender SWS avoidance, RFC 9293
// §3.8.6.2.1), FIN, retransmissions and ACKs — and builds each segment in place in the frame.
//
// [SECTION] index: poll_transmit · planning · building segments · receive window
#include "core/transport/socket_table.h"
#include "core/transport/tcp_socket.h"

#include <algorithm>

namespace wirelab::transport {

using namespace wire::tcp;

// [SECTION] poll_transmit

void TcpSocket::poll_transmit()
{
    switch (m_state) {
    case TcpState::Closed:
    case TcpState::Listen: return;
    case TcpState::SynSent:
        if (m_tcb.snd_nxt == m_tcb.iss) send_syn(false);
        break;
    case TcpState::SynReceived:
        if (m_tcb.snd_nxt == m_tcb.iss)
            send_syn(true);
        else if (m_ack_now)
            send_ack();
        break;
    case TcpState::TimeWait:
        if (m_ack_now) send_ack();
        break;
    default: {
        bool sent = false;
        SegmentPlan plan;
        if (m_tcb.in_recovery && m_sack_ok) {
            while (plan_sack_segment(plan)) { // RFC 6675: the pipe decides, holes first
                transmit(plan);
                sent = true;
            }
        } else {
            for (skip_sacked(); plan_data_segment(plan); skip_sacked()) {
                transmit(plan);
                sent = true;
            }
        }
        if (m_ack_now && !sent) send_ack();
        break;
    }
    }
    arm_timers();
}

// [SECTION] planning

bool TcpSocket::may_send_fin() const
{
    return m_fin_queued && (m_state == TcpState::FinWait1 || m_state == TcpState::Closing ||
                            m_state == TcpState::LastAck);
}

bool TcpSocket::plan_data_segment(SegmentPlan& plan) const
{
    SeqNum end = data_end();
    SeqNum nxt = m_tcb.snd_nxt;
    if (nxt > end) return false; // data and FIN all sent
    // RFC 3042 limited transmit: one new segment for each of the first two duplicate ACKs.
    uint32_t extra = m_cfg.limited_transmit && !m_tcb.in_recovery && m_tcb.dupacks < 3
                         ? m_tcb.dupacks * m_tcb.snd_mss
                         : 0;
    uint32_t wnd = std::min(m_tcb.snd_wnd, m_tcb.cwnd + extra);
    uint32_t in_flight = uint32_t(nxt - m_tcb.snd_una);
    uint32_t usable = wnd > in_flight ? wnd - in_flight : 0;
    uint32_t unsent = uint32_t(end - nxt);
    uint32_t len = std::min({uint32_t(m_tcb.snd_mss), usable, unsent});
    if (m_sack_ok && nxt < m_tcb.snd_max) len = std::min(len, uint32_t(next_sacked(nxt) - nxt));
    // The FIN takes one sequence number of the peer's window (not of cwnd: it carries no data).
    bool fin = may_send_fin() && nxt + len == end && uint32_t(end - m_tcb.snd_una) < m_tcb.snd_wnd;
    if (len == 0 && !fin) return false;
    if (len > 0 && len < m_tcb.snd_mss && nxt >= m_tcb.snd_max && !fin) {
        // A short segment of new data goes only if it empties the queue and either nothing is
        // unacknowledged (Nagle, RFC 1122 §4.2.3.4) or Nagle is off — or if it is at least half
        // the largest window the peer offered (sender SWS avoidance).
        bool all = nxt + len == end;
        bool idle = m_tcb.snd_una == m_tcb.snd_max;
        if (!(all && (idle || !m_cfg.nagle)) && len < m_tcb.max_snd_wnd / 2) return false;
    }
    plan = {nxt, len, fin};
    return true;
}

void TcpSocket::transmit(const SegmentPlan& plan)
{
    uint8_t flags = kAck;
    if (plan.fin) flags |= kFin;
    if (plan.len > 0 && plan.seq + plan.len == data_end()) flags |= kPsh; // emptied the queue
    SeqNum end = plan.seq + plan.len + (plan.fin ? 1 : 0);
    bool retransmission = plan.seq < m_tcb.snd_max;
    send_segment(plan.seq, flags, uint32_t(plan.seq - m_buf_seq), plan.len, Options{});
    m_stats.bytes_sent += plan.len;
    if (retransmission) {
        if (m_tcb.in_recovery && m_sack_ok) m_high_rxt = wire::tcp::max(m_high_rxt, end);
        ++m_stats.retransmitted_segments;
        m_stats.retransmitted_bytes += plan.len;
        m_timing = false; // Karn: no sample while a retransmission is outstanding
    } else if (!m_timing && plan.len > 0) {
        m_timing = true; // time this segment (RFC 6298 §3: one measurement per RTT)
        m_timed_seq = plan.seq;
        m_timed_at = now();
    }
    if (plan.seq == m_tcb.snd_nxt) m_tcb.snd_nxt = end;
    if (end > m_tcb.snd_max) m_tcb.snd_max = end;
    // RFC 6298 §5.1: start the timer when data is sent and it is not running.
    if (m_rto_at == SimTime::max() || m_persist) start_rto();
}

void TcpSocket::retransmit_first()
{
    // The oldest unacknowledged segment (fast retransmit, NewReno partial ACK).
    SeqNum s = m_tcb.snd_una;
    SeqNum end = data_end();
    uint32_t len =
        s < end
            ? std::min({uint32_t(m_tcb.snd_mss), uint32_t(end - s), uint32_t(m_tcb.snd_max - s)})
            : 0;
    bool fin = may_send_fin() && s + len == end && m_tcb.snd_max > end;
    if (len == 0 && !fin) return;
    transmit(SegmentPlan{s, len, fin});
}

// [SECTION] building segments

void TcpSocket::send_syn(bool with_ack)
{
    Options o;
    o.mss = m_tcb.rcv_mss;
    // Offer window scaling in a SYN; in a SYN-ACK only if the peer offered it (RFC 7323 §1.3).
    bool scale = with_ack ? m_tcb.rcv_wscale != 0 || m_peer_offered_wscale : m_cfg.window_scaling;
    if (scale) o.window_scale = m_tcb.rcv_wscale;
    o.sack_permitted = with_ack ? m_peer_offered_sack : m_cfg.sack;
    bool again = m_syn_sent;
    uint8_t flags = kSyn | (with_ack ? kAck : 0);
    send_segment(m_tcb.iss, flags, 0, 0, o);
    m_syn_sent = true;
    m_tcb.snd_nxt = m_tcb.iss + 1;
    if (m_tcb.snd_max < m_tcb.snd_nxt) m_tcb.snd_max = m_tcb.snd_nxt;
    if (again) {
        ++m_stats.retransmitted_segments;
        m_syn_retransmitted = true;
        m_timing = false;
    } else {
        m_timing = true;
        m_timed_seq = m_tcb.iss;
        m_timed_at = now();
    }
    if (m_rto_at == SimTime::max()) start_rto();
}

void TcpSocket::send_ack()
{
    send_segment(m_tcb.snd_nxt, kAck, 0, 0, Options{});
}

void TcpSocket::send_reset(SeqNum seq)
{
    Repr r;
    r.src_port = m_local.port;
    r.dst_port = m_remote.port;
    r.seq = seq;
    r.flags = kRst;
    ++m_stats.segments_sent;
    m_table.send_tcp(m_local, m_remote, r, 0, [](MutByteSpan) {});
}

void TcpSocket::send_segment(SeqNum seq, uint8_t flags, uint32_t data_off, uint32_t data_len,
                             const Options& opts)
{
    Repr r;
    r.src_port = m_local.port;
    r.dst_port = m_remote.port;
    r.seq = seq;
    r.flags = flags;
    r.ack = (flags & kAck) ? m_tcb.rcv_nxt : SeqNum(0);
    r.window = (flags & kSyn) ? syn_window() : advertise_window();
    r.options = opts;
    if ((flags & kAck) && !(flags & kSyn) && m_sack_ok && !m_ooo.empty())
        fill_sack_blocks(r.options);
    ++m_stats.segments_sent;
    m_table.send_tcp(m_local, m_remote, r, data_len,
                     [&](MutByteSpan out) { m_snd_buf.copy_out(data_off, out); });
    if (flags & kAck) {
        // Every segment carries the ACK: nothing is owed any more.
        m_ack_now = m_ack_pending = false;
        m_delack_at = SimTime::max();
        m_unacked_bytes = 0;
    }
}

// [SECTION] receive window

uint16_t TcpSocket::syn_window()
{
    // RFC 7323 §2.2: the window in a SYN is not scaled.
    uint32_t w = std::min<uint32_t>(uint32_t(m_rcv_buf.space()), 65535);
    if (m_state != TcpState::SynSent) m_tcb.rcv_adv = m_tcb.rcv_nxt + w;
    m_tcb.rcv_wnd = w;
    return uint16_t(w);
}

uint16_t TcpSocket::advertise_window()
{
    // RFC 9293 §3.8.6.2.2 receiver SWS avoidance: move the right edge only when it can move by
    // min(buffer / 2, MSS). The edge never moves left (RCV.NXT + RCV.WND never decreases).
    uint32_t free = uint32_t(m_rcv_buf.space());
    uint32_t cur = receive_window();
    uint32_t step = std::min<uint32_t>(uint32_t(m_rcv_buf.limit() / 2), m_tcb.rcv_mss);
    if (free >= cur + step) cur = free;
    m_tcb.rcv_adv = m_tcb.rcv_nxt + cur;
    m_tcb.rcv_wnd = cur;
    return uint16_t(std::min<uint32_t>(cur >> m_tcb.rcv_wscale, 65535));
}

void TcpSocket::maybe_send_window_update()
{
    // After the application read: tell the peer when the window opened a lot (at least
    // doubled, or from under one MSS) — the update a sender stuck at zero window waits for.
    if (m_state != TcpState::Established && m_state != TcpState::FinWait1 &&
        m_state != TcpState::FinWait2)
        return;
    uint32_t free = uint32_t(m_rcv_buf.space());
    uint32_t cur = receive_window();
    uint32_t step = std::min<uint32_t>(uint32_t(m_rcv_buf.limit() / 2), m_tcb.rcv_mss);
    if (free < cur + step) return;
    if (free >= 2 * cur || cur < m_tcb.rcv_mss) {
        m_ack_now = true;
        poll_transmit();
    }
}

} // namespace wirelab::transport
