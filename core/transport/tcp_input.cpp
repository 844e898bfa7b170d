// TcpSocket input: RFC 9293 §3.10.7 "SEGMENT ARRIVES", one handler per state, with the shared
// steps of the synchronized states (sequence check, RST, SYN, ACK, text, FIN) as helpers.
//
// [SECTION] index: dispatch · LISTEN · SYN-SENT · SYN-RECEIVED · synchronized states · steps
#include "core/transport/socket_table.h"
#include "core/transport/tcp_socket.h"

#include <algorithm>

namespace wirelab::transport {

using namespace wire::tcp;

// [SECTION] dispatch

void TcpSocket::on_segment(const TcpSegmentIn& seg)
{
    ++m_stats.segments_received;
    switch (m_state) {
    case TcpState::Closed: return; // unregistered sockets see nothing; the table answers RST
    case TcpState::Listen: on_segment_listen(seg); return;
    case TcpState::SynSent: on_segment_syn_sent(seg); break;
    case TcpState::SynReceived: on_segment_syn_received(seg); break;
    case TcpState::TimeWait: on_segment_time_wait(seg); break;
    default: on_segment_established(seg); break;
    }
    poll_transmit();
    record_trace();
}

// [SECTION] LISTEN

void TcpSocket::on_segment_listen(const TcpSegmentIn& seg)
{
    const Repr& r = seg.repr;
    if (r.has(kRst)) return; // "An incoming RST segment could not be valid ... ignore it"
    if (r.has(kAck)) {
        m_table.send_reset_for(seg); // <SEQ=SEG.ACK><CTL=RST>
        return;
    }
    if (!r.has(kSyn)) return;
    // A child in SYN-RECEIVED answers; nullptr means the backlog is full and the SYN is dropped
    // (Linux behaviour: the client retransmits).
    m_table.spawn_child(*this, seg);
}

// [SECTION] SYN-SENT

void TcpSocket::on_segment_syn_sent(const TcpSegmentIn& seg)
{
    const Repr& r = seg.repr;
    if (r.has(kAck) && (r.ack <= m_tcb.iss || r.ack > m_tcb.snd_max)) {
        // "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the RST bit is set)"
        if (!r.has(kRst)) send_reset(r.ack);
        return;
    }
    if (r.has(kRst)) {
        // With an acceptable ACK: "signal to the user 'error: connection reset'" — a refused
        // connection (ECONNREFUSED). Without an ACK the RST is dropped.
        if (r.has(kAck)) enter_closed(SocketError::ConnectionRefused);
        return;
    }
    if (!r.has(kSyn)) return;
    m_tcb.irs = r.seq;
    m_tcb.rcv_nxt = r.seq + 1;
    take_syn_options(r);
    m_tcb.rcv_adv = m_tcb.rcv_nxt + std::min<uint32_t>(uint32_t(m_rcv_buf.space()), 65535);
    m_tcb.snd_wnd = r.window; // RFC 7323 §2.2: never scaled in a SYN
    m_tcb.max_snd_wnd = m_tcb.snd_wnd;
    m_tcb.snd_wl1 = r.seq;
    m_tcb.snd_wl2 = r.ack;
    if (!r.has(kAck)) {
        // Simultaneous open (RFC 9293 MUST-10): SYN-RECEIVED, and our SYN again, now with ACK.
        set_state(TcpState::SynReceived);
        m_tcb.snd_nxt = m_tcb.iss;
        return;
    }
    acknowledge_syn(r.ack);
    enter_established();
    schedule_ack(true); // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    // Data or a FIN on the SYN-ACK: "continue processing at the sixth step".
    if (!seg.payload.empty())
        process_text(m_tcb.rcv_nxt, clip_to_window(m_tcb.rcv_nxt, seg.payload));
    if (r.has(kFin)) process_fin_at(r.seq + 1 + uint32_t(seg.payload.size()));
}

void TcpSocket::acknowledge_syn(SeqNum ack)
{
    if (m_timing && ack > m_timed_seq) {
        m_rtt.sample(now() - m_timed_at);
        m_timing = false;
    }
    m_tcb.snd_una = ack;
    if (m_tcb.snd_nxt < ack) m_tcb.snd_nxt = ack;
    stop_rto();
}

void TcpSocket::take_syn_options(const Repr& syn)
{
    // RFC 9293 §3.7.1: without an MSS option the peer accepts 536 (IPv4) / 1220 (IPv6).
    uint16_t peer = syn.options.mss ? *syn.options.mss : (m_remote.addr.is_v4() ? 536 : 1220);
    m_tcb.snd_mss = std::max<uint16_t>(std::min(peer, m_tcb.rcv_mss), 64);
    // RFC 7323 §2.2: scaling is used only if both SYNs carried the option; shifts above 14 are
    // taken as 14 (§2.3).
    // RFC 2018 §2: SACK only if both SYNs carried SACK-permitted.
    m_peer_offered_sack = syn.options.sack_permitted && m_cfg.sack;
    m_sack_ok = m_peer_offered_sack;
    m_peer_offered_wscale = syn.options.window_scale && m_cfg.window_scaling;
    if (m_peer_offered_wscale) {
        m_tcb.snd_wscale = std::min<uint8_t>(*syn.options.window_scale, 14);
        m_tcb.rcv_wscale = our_wscale();
    } else {
        m_tcb.snd_wscale = 0;
        m_tcb.rcv_wscale = 0;
    }
}

// [SECTION] SYN-RECEIVED

void TcpSocket::on_segment_syn_received(const TcpSegmentIn& seg)
{
    const Repr& r = seg.repr;
    if (r.has(kSyn) && !r.has(kAck) && !r.has(kRst) && r.seq == m_tcb.irs) {
        // The peer did not get our SYN-ACK and sent its SYN again: answer at once, as Linux
        // does, rather than with the bare ACK the sequence check would give.
        m_tcb.snd_nxt = m_tcb.iss;
        return;
    }
    if (r.has(kSyn) && r.has(kAck) && !r.has(kRst) && !m_parent.is_valid() &&
        r.seq + 1 == m_tcb.rcv_nxt && r.ack == m_tcb.iss + 1) {
        // Simultaneous open, RFC 9293 Figure 8 line 6: the peer's SYN,ACK completes it. The
        // generic sequence check would call its SYN old and drop it; Linux special-cases it too.
        acknowledge_syn(r.ack);
        m_tcb.snd_wnd = r.window; // a SYN's window is never scaled
        m_tcb.max_snd_wnd = std::max(m_tcb.max_snd_wnd, m_tcb.snd_wnd);
        m_tcb.snd_wl1 = r.seq;
        m_tcb.snd_wl2 = r.ack;
        enter_established();
        schedule_ack(true); // line 7: <SEQ=101><ACK=301><CTL=ACK>
        return;
    }
    Accepted in;
    if (!check_sequence(seg, in) || !check_reset(seg) || !check_syn(seg)) return;
    if (!r.has(kAck)) return;
    if (!(m_tcb.snd_una < r.ack && r.ack <= m_tcb.snd_max)) {
        send_reset(r.ack); // "form a reset segment <SEQ=SEG.ACK><CTL=RST>"
        return;
    }
    acknowledge_syn(m_tcb.iss + 1);
    m_tcb.snd_wnd = uint32_t(r.window) << m_tcb.snd_wscale;
    m_tcb.max_snd_wnd = std::max(m_tcb.max_snd_wnd, m_tcb.snd_wnd);
    m_tcb.snd_wl1 = r.seq;
    m_tcb.snd_wl2 = r.ack;
    enter_established();
    process_synchronized(seg, in); // "continue processing in the ESTABLISHED state"
}

// [SECTION] synchronized states

void TcpSocket::on_segment_established(const TcpSegmentIn& seg)
{
    Accepted in;
    if (!check_sequence(seg, in) || !check_reset(seg) || !check_syn(seg)) return;
    if (!seg.repr.has(kAck)) return; // "if the ACK bit is off, drop the segment and return"
    process_synchronized(seg, in);
}

void TcpSocket::on_segment_time_wait(const TcpSegmentIn& seg)
{
    const Repr& r = seg.repr;
    if (r.has(kFin) && !r.has(kRst) && r.seq + uint32_t(seg.payload.size()) + 1 == m_tcb.rcv_nxt) {
        // "The only thing that can arrive in this state is a retransmission of the remote FIN.
        // Acknowledge it, and restart the 2 MSL timeout."
        schedule_ack(true);
        m_state_timer_at = now() + m_cfg.msl * 2;
        return;
    }
    Accepted in;
    if (!check_sequence(seg, in) || !check_reset(seg)) return;
    check_syn(seg);
}

void TcpSocket::process_synchronized(const TcpSegmentIn& seg, const Accepted& in)
{
    if (!process_ack(seg, in)) return;
    // Seventh: segment text, only while we can still receive.
    bool receiving = m_state == TcpState::Established || m_state == TcpState::FinWait1 ||
                     m_state == TcpState::FinWait2;
    if (!in.data.empty() && receiving) process_text(in.seq, in.data);
    // Eighth: FIN.
    if (in.fin && m_state != TcpState::Closed) process_fin_at(in.seq + uint32_t(in.data.size()));
}

// [SECTION] steps

uint32_t TcpSocket::receive_window() const
{
    return m_tcb.rcv_adv > m_tcb.rcv_nxt ? uint32_t(m_tcb.rcv_adv - m_tcb.rcv_nxt) : 0;
}

ByteSpan TcpSocket::clip_to_window(SeqNum seq, ByteSpan data) const
{
    SeqNum right = m_tcb.rcv_nxt + receive_window();
    if (!(seq < right)) return {};
    return data.first(std::min<size_t>(data.size(), uint32_t(right - seq)));
}

bool TcpSocket::check_sequence(const TcpSegmentIn& seg, Accepted& in)
{
    // First: the acceptability test of RFC 9293 §3.10.7.4 (four cases on SEG.LEN and RCV.WND).
    const Repr& r = seg.repr;
    uint32_t len = uint32_t(seg.payload.size()) + (r.has(kSyn) ? 1 : 0) + (r.has(kFin) ? 1 : 0);
    uint32_t wnd = receive_window();
    SeqNum nxt = m_tcb.rcv_nxt;
    auto in_window = [&](SeqNum s) { return nxt <= s && s < nxt + wnd; };
    bool ok = len == 0 ? (wnd == 0 ? r.seq == nxt : in_window(r.seq))
                       : (wnd != 0 && (in_window(r.seq) || in_window(r.seq + (len - 1))));
    if (!ok) {
        if (r.has(kRst)) return false;
        if (len > 0 && r.seq + len <= nxt) ++m_stats.duplicate_segments;
        schedule_ack(true); // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
        return false;
    }
    // Trim to the window: what precedes RCV.NXT was already received, what follows the right
    // edge has no room (a FIN beyond the edge is not accepted either).
    in.seq = r.has(kSyn) ? r.seq + 1 : r.seq;
    in.data = seg.payload;
    in.fin = r.has(kFin);
    if (in.seq < nxt) {
        uint32_t skip = uint32_t(nxt - in.seq);
        in.data = skip >= in.data.size() ? ByteSpan{} : in.data.subspan(skip);
        in.seq = nxt;
    }
    size_t before = in.data.size();
    in.data = clip_to_window(in.seq, in.data);
    if (in.data.size() < before || !(in.seq + uint32_t(in.data.size()) < nxt + wnd)) in.fin = false;
    return true;
}

bool TcpSocket::check_reset(const TcpSegmentIn& seg)
{
    if (!seg.repr.has(kRst)) return true;
    if (seg.repr.seq != m_tcb.rcv_nxt) {
        // RFC 9293 §3.10.7.4 (RFC 5961 §3.2): in the window but not exact — challenge ACK.
        schedule_ack(true);
        return false;
    }
    switch (m_state) {
    case TcpState::SynReceived:
        // Passive open: "return this connection to LISTEN" — the listener is untouched and
        // this child goes. Active (simultaneous) open: connection refused.
        enter_closed(m_parent.is_valid() ? std::nullopt
                                         : std::optional(SocketError::ConnectionRefused));
        break;
    case TcpState::Established:
    case TcpState::FinWait1:
    case TcpState::FinWait2:
    case TcpState::CloseWait: enter_closed(SocketError::ConnectionReset); break;
    default: enter_closed(std::nullopt); break; // CLOSING, LAST-ACK, TIME-WAIT
    }
    return false;
}

bool TcpSocket::check_syn(const TcpSegmentIn& seg)
{
    if (!seg.repr.has(kSyn)) return true;
    if (m_state == TcpState::SynReceived && m_parent.is_valid()) {
        enter_closed(std::nullopt); // "return this connection to the LISTEN state"
        return false;
    }
    // RFC 5961 §4 as adopted by RFC 9293: a SYN in a synchronized state gets a challenge ACK.
    schedule_ack(true);
    return false;
}

bool TcpSocket::process_ack(const TcpSegmentIn& seg, const Accepted& in)
{
    const Repr& r = seg.repr;
    if (r.ack > m_tcb.snd_max) {
        schedule_ack(true); // acknowledges something not yet sent: "send an ACK, drop"
        return false;
    }
    SeqNum prior_una = m_tcb.snd_una;
    size_t prior_buffered = m_snd_buf.size();
    bool dup = r.ack == m_tcb.snd_una && in.data.empty() && !in.fin && !r.has(kSyn) &&
               (uint32_t(r.window) << m_tcb.snd_wscale) == m_tcb.snd_wnd &&
               m_tcb.snd_max > m_tcb.snd_una; // RFC 5681 §2 "DUPLICATE ACKNOWLEDGMENT"
    bool advanced = r.ack > m_tcb.snd_una;
    if (advanced) {
        if (m_timing && r.ack > m_timed_seq) {
            m_rtt.sample(now() - m_timed_at);
            m_timing = false;
        }
        int32_t data = r.ack - m_buf_seq;
        size_t n = data > 0 ? std::min<size_t>(size_t(data), m_snd_buf.size()) : 0;
        m_snd_buf.consume(n);
        m_buf_seq += uint32_t(n);
        m_stats.bytes_acked += n;
        m_tcb.snd_una = r.ack;
        if (m_tcb.snd_nxt < m_tcb.snd_una) m_tcb.snd_nxt = m_tcb.snd_una;
        m_sacked.drop_below(m_tcb.snd_una);
        m_retries = 0;
    }
    // RFC 6675 §2: with SACK, an ACK that SACKs new data counts as a duplicate too.
    bool news = m_sack_ok && take_sack_blocks(r);
    if (advanced) {
        on_new_ack(uint32_t(r.ack - prior_una));
        if (m_snd_buf.size() < prior_buffered) notify(SocketEvent::Writable);
    } else if (dup || (news && r.ack == m_tcb.snd_una)) {
        on_duplicate_ack();
    }
    update_send_window(seg);
    switch (m_state) {
    case TcpState::FinWait1:
        if (fin_acked()) {
            set_state(TcpState::FinWait2);
            if (m_released) m_state_timer_at = now() + m_cfg.fin_wait2_timeout;
        }
        break;
    case TcpState::Closing:
        if (!fin_acked()) return false; // "otherwise, ignore the segment"
        enter_time_wait();
        break;
    case TcpState::LastAck:
        if (fin_acked()) {
            enter_closed(std::nullopt);
            return false;
        }
        break;
    default: break;
    }
    return true;
}

void TcpSocket::update_send_window(const TcpSegmentIn& seg)
{
    // "If SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)": only a newer
    // segment may change the window, so a reordered old one cannot shrink it.
    const Repr& r = seg.repr;
    if (!(m_tcb.snd_wl1 < r.seq || (m_tcb.snd_wl1 == r.seq && m_tcb.snd_wl2 <= r.ack))) return;
    m_tcb.snd_wnd = uint32_t(r.window) << m_tcb.snd_wscale;
    m_tcb.snd_wl1 = r.seq;
    m_tcb.snd_wl2 = r.ack;
    m_tcb.max_snd_wnd = std::max(m_tcb.max_snd_wnd, m_tcb.snd_wnd);
    if (m_tcb.snd_wnd > 0) m_persist_backoff = 0;
}

void TcpSocket::process_text(SeqNum seq, ByteSpan data)
{
    if (data.empty() || m_fin_received) return;
    uint32_t len = uint32_t(data.size());
    if (seq != m_tcb.rcv_nxt) {
        // Out of order: keep it at its place in the buffer and remember the range. RFC 5681
        // §4.2: "A TCP receiver SHOULD send an immediate duplicate ACK when an out-of-order
        // segment arrives."
        ++m_stats.out_of_order_segments;
        m_last_ooo = seq;
        if (m_ooo.add(seq, seq + len))
            m_rcv_buf.write_at(m_rcv_buf.size() + uint32_t(seq - m_tcb.rcv_nxt), data);
        schedule_ack(true);
        return;
    }
    bool had_gap = !m_ooo.empty();
    m_rcv_buf.write_at(m_rcv_buf.size(), data);
    SeqNum end = m_ooo.advance(seq + len);
    uint32_t delivered = uint32_t(end - m_tcb.rcv_nxt);
    m_rcv_buf.commit(delivered);
    m_tcb.rcv_nxt = end;
    m_stats.bytes_received += delivered;
    notify(SocketEvent::Readable);
    // RFC 5681 §4.2: ACK at once when a segment fills (part of) a gap; otherwise at least every
    // second full-sized segment (RFC 1122 §4.2.3.2), else delayed.
    m_unacked_bytes += delivered;
    schedule_ack(had_gap || m_unacked_bytes >= 2u * m_tcb.rcv_mss);
    if (m_rcv_fin_seq && *m_rcv_fin_seq == m_tcb.rcv_nxt) fin_reached();
}

void TcpSocket::process_fin_at(SeqNum fin_seq)
{
    if (m_fin_received) return;
    if (fin_seq == m_tcb.rcv_nxt)
        fin_reached();
    else if (fin_seq > m_tcb.rcv_nxt)
        m_rcv_fin_seq = fin_seq; // ahead of missing data: wait for the gap to fill
}

void TcpSocket::fin_reached()
{
    m_tcb.rcv_nxt += 1; // "advance RCV.NXT over the FIN"
    m_fin_received = true;
    m_rcv_fin_seq.reset();
    notify(SocketEvent::Readable);
    schedule_ack(true);
    switch (m_state) {
    case TcpState::SynReceived:
    case TcpState::Established: set_state(TcpState::CloseWait); break;
    case TcpState::FinWait1:
        // Our FIN acknowledged too: TIME-WAIT; otherwise both sides closed at once: CLOSING.
        if (fin_acked())
            enter_time_wait();
        else
            set_state(TcpState::Closing);
        break;
    case TcpState::FinWait2: enter_time_wait(); break;
    default: break;
    }
}

void TcpSocket::on_icmp_error(SocketError err, bool hard)
{
    // Linux: a hard ICMP error ends a connection attempt at once; otherwise it is remembered and
    // reported if the connection times out (RFC 1122 §4.2.3.9 "soft errors").
    if (m_state == TcpState::SynSent && hard) {
        enter_closed(err);
        return;
    }
    m_soft_error = err;
}

} // namespace wirelab::transport
