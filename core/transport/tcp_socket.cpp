// TcpSocket: the application interface (RFC 9293 §3.10.1-§3.10.6: OPEN, SEND, RECEIVE, CLOSE,
// ABORT) and the state changes they and the protocol engine share.
//
// [SECTION] index: names · construction · application calls · state changes
#include "core/transport/tcp_socket.h"
#include "core/transport/socket_table.h"

#include <algorithm>

namespace wirelab::transport {

// [SECTION] names

const char* to_string(TcpState s)
{
    switch (s) {
    case TcpState::Closed: return "CLOSED";
    case TcpState::Listen: return "LISTEN";
    case TcpState::SynSent: return "SYN-SENT";
    case TcpState::SynReceived: return "SYN-RECEIVED";
    case TcpState::Established: return "ESTABLISHED";
    case TcpState::FinWait1: return "FIN-WAIT-1";
    case TcpState::FinWait2: return "FIN-WAIT-2";
    case TcpState::CloseWait: return "CLOSE-WAIT";
    case TcpState::Closing: return "CLOSING";
    case TcpState::LastAck: return "LAST-ACK";
    case TcpState::TimeWait: return "TIME-WAIT";
    }
    return "?";
}

bool is_synchronized(TcpState s)
{
    return s != TcpState::Closed && s != TcpState::Listen && s != TcpState::SynSent &&
           s != TcpState::SynReceived;
}

// [SECTION] construction

TcpSocket::TcpSocket(SocketTable& table, SocketId id, const TcpConfig& config)
    : m_table(table), m_id(id), m_cfg(config), m_rtt(config.rto), m_snd_buf(config.send_buffer),
      m_rcv_buf(config.recv_buffer)
{
    m_history.push_back(TcpState::Closed);
}

SimTime TcpSocket::now() const
{
    return m_table.now();
}

void TcpSocket::apply_config()
{
    // The application may have changed config() since the socket was opened.
    m_rtt = RttEstimator(m_cfg.rto);
    if (m_snd_buf.empty()) m_snd_buf = ByteRing(m_cfg.send_buffer);
    if (m_rcv_buf.empty()) m_rcv_buf = ByteRing(m_cfg.recv_buffer);
}

uint8_t TcpSocket::our_wscale() const
{
    // RFC 7323 §2.3: the smallest shift that lets the 16-bit field describe the whole buffer.
    uint8_t s = 0;
    while (s < 14 && (m_rcv_buf.limit() >> s) > 65535) ++s;
    return s;
}

void TcpSocket::init_send_sequence()
{
    // RFC 9293 §3.4.1: the ISN comes from a generator; ours is the node's seeded stream.
    uint32_t iss = m_cfg.fixed_iss ? *m_cfg.fixed_iss : m_table.draw_iss();
    m_tcb.iss = SeqNum(iss);
    m_tcb.snd_una = m_tcb.snd_nxt = m_tcb.snd_max = m_tcb.iss;
    m_tcb.recover = m_tcb.iss;
    m_high_rxt = m_tcb.iss;
    m_sacked.clear();
    m_buf_seq = m_tcb.iss + 1; // the SYN takes the ISN; data starts after it
}

// [SECTION] application calls

Result<Ok, SocketError> TcpSocket::bind(const Endpoint& local)
{
    if (m_bound || m_state != TcpState::Closed) return fail(SocketError::InvalidState);
    if (!local.is_wildcard() && !m_table.node().is_local(local.addr))
        return fail(SocketError::AddressNotAvailable);
    Endpoint e = local;
    if (e.port == 0) {
        auto port = m_table.ephemeral_port(Protocol::Tcp);
        if (!port) return fail(SocketError::NoFreePort);
        e.port = *port;
    } else if (m_table.is_port_taken(Protocol::Tcp, e, m_id)) {
        return fail(SocketError::AddressInUse);
    }
    m_local = e;
    m_bound = true;
    return Ok{};
}

Result<Ok, SocketError> TcpSocket::listen(uint32_t backlog)
{
    if (m_state == TcpState::Listen) {
        m_backlog = std::max<uint32_t>(backlog, 1);
        return Ok{};
    }
    if (m_state != TcpState::Closed || m_released) return fail(SocketError::InvalidState);
    if (!m_bound) {
        auto r = bind(Endpoint::any_v6(0));
        if (!r) return r;
    }
    apply_config();
    m_backlog = std::max<uint32_t>(backlog, 1); // Linux: a backlog of 0 still admits one
    m_error.reset();
    set_state(TcpState::Listen);
    return Ok{};
}

Result<Ok, SocketError> TcpSocket::ensure_bound_for(const wire::IpAddr& remote)
{
    bool v6_any = m_bound && m_local.addr.is_v6() && m_local.is_wildcard();
    if (m_bound && !v6_any && m_local.addr.is_v4() != remote.is_v4())
        return fail(SocketError::AddressFamily);
    auto src = m_table.node().source_for(remote);
    if (!src) return fail(SocketError::NetworkUnreachable);
    Endpoint local = m_local;
    if (!m_bound || m_local.is_wildcard()) local.addr = *src;
    if (!m_bound) {
        auto port = m_table.ephemeral_port(Protocol::Tcp);
        if (!port) return fail(SocketError::NoFreePort);
        local.port = *port;
    }
    m_local = local;
    m_bound = true;
    return Ok{};
}

Result<Ok, SocketError> TcpSocket::connect(const Endpoint& remote)
{
    if (m_state == TcpState::Listen || m_released) return fail(SocketError::InvalidState);
    if (m_state != TcpState::Closed) return fail(SocketError::AlreadyConnected);
    if (remote.is_wildcard() || remote.port == 0) return fail(SocketError::AddressNotAvailable);
    auto bound = ensure_bound_for(remote.addr);
    if (!bound) return bound;
    m_remote = remote;
    if (!m_table.register_connection(*this)) return fail(SocketError::AddressInUse);
    apply_config();
    m_error.reset();
    m_soft_error.reset();
    m_tcb = Tcb{};
    init_send_sequence();
    m_tcb.rcv_mss = m_cfg.mss ? m_cfg.mss : m_table.mss_towards(remote.addr);
    m_tcb.rcv_wscale = m_cfg.window_scaling ? our_wscale() : 0;
    set_state(TcpState::SynSent);
    poll_transmit(); // the SYN
    return Ok{};
}

void TcpSocket::start_passive(SocketId parent, const TcpSegmentIn& syn)
{
    m_parent = parent;
    apply_config();
    m_tcb = Tcb{};
    init_send_sequence();
    m_tcb.irs = syn.repr.seq;
    m_tcb.rcv_nxt = syn.repr.seq + 1;
    m_tcb.rcv_adv = m_tcb.rcv_nxt;
    m_tcb.rcv_mss = m_cfg.mss ? m_cfg.mss : m_table.mss_towards(syn.src.addr);
    take_syn_options(syn.repr);
    // RFC 7323 §2.2: the window of a SYN is never scaled.
    m_tcb.snd_wnd = syn.repr.window;
    m_tcb.max_snd_wnd = m_tcb.snd_wnd;
    m_tcb.snd_wl1 = syn.repr.seq;
    m_tcb.snd_wl2 = m_tcb.iss;
    set_state(TcpState::SynReceived);
    poll_transmit(); // the SYN-ACK
}

Result<SocketId, SocketError> TcpSocket::accept()
{
    if (m_state != TcpState::Listen) return fail(SocketError::InvalidState);
    if (m_accept_queue.empty()) return fail(SocketError::WouldBlock);
    SocketId id = m_accept_queue.front();
    m_accept_queue.pop_front();
    return id;
}

Result<size_t, SocketError> TcpSocket::send(ByteSpan data)
{
    switch (m_state) {
    case TcpState::Closed: return fail(m_error.value_or(SocketError::NotConnected));
    case TcpState::Listen: return fail(SocketError::NotConnected);
    case TcpState::SynSent:
    case TcpState::SynReceived:
    case TcpState::Established:
    case TcpState::CloseWait: break;
    default: return fail(SocketError::BrokenPipe);
    }
    if (m_fin_queued) return fail(SocketError::BrokenPipe);
    size_t n = m_snd_buf.append(data);
    if (n == 0 && !data.empty()) return fail(SocketError::WouldBlock);
    if (is_synchronized(m_state)) poll_transmit();
    return n;
}

Result<size_t, SocketError> TcpSocket::recv(MutByteSpan out)
{
    if (m_state == TcpState::Listen) return fail(SocketError::InvalidState);
    if (!m_rcv_buf.empty()) {
        size_t n = m_rcv_buf.read(out);
        maybe_send_window_update();
        return n;
    }
    if (m_fin_received) return size_t(0); // end of stream
    if (m_state == TcpState::Closed) return fail(m_error.value_or(SocketError::NotConnected));
    return fail(SocketError::WouldBlock);
}

Result<Ok, SocketError> TcpSocket::shutdown()
{
    switch (m_state) {
    case TcpState::Closed:
    case TcpState::Listen: return fail(SocketError::NotConnected);
    case TcpState::SynSent: // RFC 9293 §3.10.4 CLOSE in SYN-SENT: delete the TCB
        enter_closed(std::nullopt);
        return Ok{};
    case TcpState::SynReceived: // queued until ESTABLISHED (enter_established sends it)
        m_fin_queued = true;
        return Ok{};
    case TcpState::Established:
        m_fin_queued = true;
        set_state(TcpState::FinWait1);
        break;
    case TcpState::CloseWait:
        m_fin_queued = true;
        set_state(TcpState::LastAck);
        break;
    default: return Ok{}; // already closing
    }
    poll_transmit();
    return Ok{};
}

void TcpSocket::abort()
{
    // RFC 9293 §3.10.5: RST in SYN-RECEIVED, ESTABLISHED, FIN-WAIT-*, CLOSE-WAIT; silently
    // otherwise.
    switch (m_state) {
    case TcpState::SynReceived:
    case TcpState::Established:
    case TcpState::FinWait1:
    case TcpState::FinWait2:
    case TcpState::CloseWait: send_reset(m_tcb.snd_nxt); break;
    case TcpState::Listen: abort_children(); break;
    default: break;
    }
    enter_closed(std::nullopt);
}

void TcpSocket::abort_children()
{
    std::vector<SocketId> all(m_children.begin(), m_children.end());
    all.insert(all.end(), m_accept_queue.begin(), m_accept_queue.end());
    m_children.clear();
    m_accept_queue.clear();
    for (SocketId id : all) {
        if (TcpSocket* c = m_table.tcp(id)) {
            c->m_released = true; // nobody will accept it now
            c->abort();
        }
    }
}

void TcpSocket::close_by_user()
{
    m_released = true;
    m_callback = nullptr;
    switch (m_state) {
    case TcpState::Closed:
    case TcpState::TimeWait:
    case TcpState::Closing:
    case TcpState::LastAck:
    case TcpState::FinWait1: break;
    case TcpState::FinWait2: // orphaned: do not wait forever for the peer's FIN (Linux)
        m_state_timer_at = now() + m_cfg.fin_wait2_timeout;
        arm_timers();
        break;
    case TcpState::Listen:
    case TcpState::SynSent: abort(); break;
    default:
        // RFC 2525 §2.17 and Linux: closing with unread data resets the connection, so the
        // peer learns that data was lost.
        if (!m_rcv_buf.empty() || !m_ooo.empty()) {
            abort();
            break;
        }
        (void)shutdown();
        break;
    }
}

void TcpSocket::forget_child(SocketId child)
{
    m_children.erase(std::remove(m_children.begin(), m_children.end(), child), m_children.end());
    m_accept_queue.erase(std::remove(m_accept_queue.begin(), m_accept_queue.end(), child),
                         m_accept_queue.end());
}

// [SECTION] state changes

void TcpSocket::set_state(TcpState s)
{
    if (s == m_state) return;
    m_state = s;
    m_history.push_back(s);
}

void TcpSocket::notify(SocketEvent e)
{
    bool first = m_events.bits == 0;
    m_events.add(e);
    if (first) m_table.mark_dirty(m_id);
}

void TcpSocket::enter_established()
{
    set_state(TcpState::Established);
    // RFC 5681 §3.1 / RFC 6928: initial window; ssthresh "arbitrarily high".
    m_tcb.cwnd = m_cfg.initial_cwnd_segments * m_tcb.snd_mss;
    m_tcb.ssthresh = kMaxCwnd;
    if (m_syn_retransmitted) m_rtt.reset_after_syn_timeout(); // RFC 6298 §5.7
    m_retries = 0;
    if (TcpSocket* p = m_table.tcp(m_parent);
        p && std::find(p->m_children.begin(), p->m_children.end(), m_id) != p->m_children.end()) {
        p->forget_child(m_id);
        p->m_accept_queue.push_back(m_id);
        p->notify(SocketEvent::Acceptable);
    } else {
        notify(SocketEvent::Connected);
        notify(SocketEvent::Writable);
    }
    if (m_fin_queued) set_state(TcpState::FinWait1); // shutdown() during SYN-RECEIVED
}

void TcpSocket::enter_time_wait()
{
    set_state(TcpState::TimeWait);
    stop_rto();
    m_persist = false;
    m_state_timer_at = now() + m_cfg.msl * 2; // RFC 9293 §3.10.7.4: 2 MSL
}

void TcpSocket::enter_closed(std::optional<SocketError> err)
{
    if (m_state == TcpState::Closed) return;
    m_table.unregister_connection(*this);
    if (err) {
        m_error = err;
        notify(SocketEvent::Error);
        // RFC 9293 §3.10.7.4 on RST: "All segment queues should be flushed."
        m_snd_buf.consume(m_snd_buf.size());
        m_rcv_buf.consume(m_rcv_buf.size());
        m_ooo.clear();
    }
    m_rto_at = m_delack_at = m_state_timer_at = SimTime::max();
    m_persist = false;
    m_ack_now = m_ack_pending = false;
    if (m_event.is_valid()) m_table.cancel_timer(m_event);
    m_event_at = SimTime::max();
    if (m_state == TcpState::Listen) abort_children();
    set_state(TcpState::Closed);
    notify(SocketEvent::Closed);
    notify(SocketEvent::Readable);
    notify(SocketEvent::Writable);
    // A child the application never accepted has no owner left.
    if (TcpSocket* p = m_table.tcp(m_parent)) {
        bool pending =
            std::find(p->m_children.begin(), p->m_children.end(), m_id) != p->m_children.end() ||
            std::find(p->m_accept_queue.begin(), p->m_accept_queue.end(), m_id) !=
                p->m_accept_queue.end();
        if (pending) {
            p->forget_child(m_id);
            m_released = true;
        }
    }
    m_table.mark_dirty(m_id);
}

void TcpSocket::schedule_ack(bool immediately)
{
    if (immediately || !m_cfg.delayed_ack) {
        m_ack_now = true;
        return;
    }
    if (m_ack_pending) return;
    // RFC 1122 §4.2.3.2: an ACK may be delayed, but by less than 0.5 s.
    m_ack_pending = true;
    m_delack_at = now() + m_cfg.delayed_ack_timeout;
}

} // namespace wirelab::transport
