#include "core/services/tcp_stream.h"

#include "core/transport/socket_table.h"

#include <array>

namespace wirelab::app {

using transport::SocketError;
using transport::SocketTable;
using transport::TcpState;

ByteSpan as_bytes(std::string_view s)
{
    return ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// [SECTION] TcpStream

TcpStream::TcpStream(net::IpNode& node, std::string owner) : m_node(node), m_owner(std::move(owner))
{}

TcpStream::~TcpStream()
{
    release();
}

Result<Ok, SocketError> TcpStream::connect(const transport::Endpoint& remote)
{
    SocketTable& t = SocketTable::of(m_node);
    m_id = t.tcp_open();
    transport::TcpSocket* s = t.tcp(m_id);
    s->set_owner(m_owner);
    s->set_callback([this](transport::SocketEvents) { on_event(); });
    auto r = s->connect(remote);
    if (!r) {
        t.close(m_id);
        m_id = SocketId();
        return fail(r.error());
    }
    return Ok{};
}

void TcpStream::adopt(SocketId accepted)
{
    SocketTable& t = SocketTable::of(m_node);
    m_id = accepted;
    m_connected = true;
    transport::TcpSocket* s = t.tcp(m_id);
    s->set_owner(m_owner);
    s->set_callback([this](transport::SocketEvents) { on_event(); });
}

void TcpStream::send(std::string_view bytes)
{
    m_out.append(bytes);
    pump_out();
}

void TcpStream::finish()
{
    m_finish = true;
    pump_out();
}

void TcpStream::close()
{
    if (!m_id.is_valid() || m_closing) return;
    m_closing = true; // on_event calls no callback from now on
    pump_out();
    if (m_out.empty() || !m_connected) release();
}

void TcpStream::abandon()
{
    if (!m_id.is_valid()) return;
    if (transport::TcpSocket* s = SocketTable::of(m_node).tcp(m_id)) s->set_callback({});
    m_id = SocketId();
}

void TcpStream::release()
{
    if (!m_id.is_valid()) return;
    SocketTable& t = SocketTable::of(m_node);
    if (transport::TcpSocket* s = t.tcp(m_id)) {
        s->set_callback({});
        if (!m_out.empty()) (void)s->send(as_bytes(m_out)); // what still fits goes before the FIN
    }
    t.close(m_id);
    m_id = SocketId();
}

transport::Endpoint TcpStream::local() const
{
    const SocketTable* t = SocketTable::find(m_node);
    const transport::TcpSocket* s = t ? t->tcp(m_id) : nullptr;
    return s ? s->local() : transport::Endpoint{};
}

transport::Endpoint TcpStream::remote() const
{
    const SocketTable* t = SocketTable::find(m_node);
    const transport::TcpSocket* s = t ? t->tcp(m_id) : nullptr;
    return s ? s->remote() : transport::Endpoint{};
}

void TcpStream::pump_out()
{
    if (!m_id.is_valid() || !m_connected) return;
    transport::TcpSocket* s = SocketTable::of(m_node).tcp(m_id);
    if (!s) return;
    while (!m_out.empty()) {
        auto r = s->send(as_bytes(m_out));
        if (!r) return; // WouldBlock: Writable brings us back; errors arrive as events
        m_out.erase(0, *r);
    }
    if (m_finish) (void)s->shutdown();
}

void TcpStream::on_event()
{
    SocketTable& t = SocketTable::of(m_node);
    transport::TcpSocket* s = t.tcp(m_id);
    if (!s) return;
    SocketId self = m_id;
    if (m_closing) {
        pump_out();
        if (m_out.empty() || s->error()) release();
        return;
    }
    if (!m_connected && s->state() != TcpState::SynSent && s->state() != TcpState::Closed) {
        m_connected = true;
        pump_out();
        if (m_on_connected) m_on_connected();
        if (m_id != self) return; // closed by the callback
    }
    pump_out();
    if (!m_on_data) return; // bytes wait in the socket until someone reads them
    std::array<uint8_t, 4096> buf;
    while (m_id == self) {
        s = t.tcp(m_id);
        if (!s) return;
        auto r = s->recv(buf);
        if (!r) {
            if (r.error() == SocketError::WouldBlock) break;
            return report_closed(r.error());
        }
        if (*r == 0) return report_closed(std::nullopt);
        if (m_on_data) m_on_data(std::string_view(reinterpret_cast<const char*>(buf.data()), *r));
    }
    if (m_id == self && s && s->error() && s->state() == TcpState::Closed)
        report_closed(s->error());
}

void TcpStream::report_closed(std::optional<SocketError> why)
{
    if (m_closed_reported) return;
    m_closed_reported = true;
    if (m_on_closed) m_on_closed(why);
}

// [SECTION] LineBuffer

std::optional<std::string> LineBuffer::next_line()
{
    size_t nl = m_buf.find('\n');
    if (nl == std::string::npos) return std::nullopt;
    std::string line = m_buf.substr(0, nl);
    m_buf.erase(0, nl + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

std::optional<std::string> LineBuffer::take(size_t n)
{
    if (m_buf.size() < n) return std::nullopt;
    std::string out = m_buf.substr(0, n);
    m_buf.erase(0, n);
    return out;
}

// [SECTION] StreamServer

void StreamServer::Session::close()
{
    if (m_closed) return;
    m_closed = true;
    m_stream->finish();
    m_stream->close();
    m_server->reap_later();
}

StreamServer::StreamServer(net::IpNode& node, uint16_t port, std::string owner)
    : Service(node), m_port(port), m_owner(std::move(owner)), m_timers(node.network().scheduler())
{}

StreamServer::~StreamServer()
{
    // Services die with their node, inside the network's destructor: nothing may be sent now.
    if (m_listener.is_valid())
        if (transport::TcpSocket* l = SocketTable::of(m_node).tcp(m_listener)) l->set_callback({});
    for (auto& s : m_sessions) {
        s->on_abandon();
        s->m_stream->abandon();
    }
    for (auto& s : m_lingering) s->abandon();
}

void StreamServer::start()
{
    SocketTable& t = SocketTable::of(m_node);
    m_listener = t.tcp_open();
    transport::TcpSocket* l = t.tcp(m_listener);
    l->set_owner(m_owner);
    if (!l->bind(transport::Endpoint::any_v6(m_port)) || !l->listen(64)) {
        t.close(m_listener);
        m_listener = SocketId();
        return;
    }
    l->set_callback([this](transport::SocketEvents) { on_listener(); });
}

std::string StreamServer::status() const
{
    std::string port = std::to_string(m_port);
    if (!is_listening())
        return m_owner + ": not listening: TCP port " + port + " is taken by another program";
    size_t n = m_sessions.size();
    return m_owner + ": listening on TCP " + port + ", " + std::to_string(n) + " session" +
           (n == 1 ? "" : "s") + " open, " + std::to_string(m_served) + " served";
}

void StreamServer::on_listener()
{
    SocketTable& t = SocketTable::of(m_node);
    transport::TcpSocket* l = t.tcp(m_listener);
    while (l) {
        auto a = l->accept();
        if (!a) return;
        std::unique_ptr<Session> s = make_session();
        Session* raw = s.get();
        raw->m_server = this;
        raw->m_stream = std::make_unique<TcpStream>(m_node, m_owner);
        raw->m_stream->adopt(*a);
        raw->m_stream->on_data([raw](std::string_view b) {
            if (!raw->m_closed) raw->on_data(b);
        });
        raw->m_stream->on_closed([raw](std::optional<SocketError> why) {
            if (raw->m_closed) return;
            if (why)
                raw->close(); // reset or timed out: nothing more to say
            else
                raw->on_peer_closed();
        });
        m_sessions.push_back(std::move(s));
        ++m_served;
        raw->on_open();
        l = t.tcp(m_listener);
    }
}

void StreamServer::linger(std::unique_ptr<TcpStream> stream)
{
    if (!stream) return;
    stream->close();
    if (!stream->is_open()) return;
    m_lingering.push_back(std::move(stream));
    reap_later();
}

void StreamServer::reap_later()
{
    reap_later_after(SimTime::zero());
}

void StreamServer::reap_later_after(SimTime delay)
{
    if (m_reap_scheduled) return;
    m_reap_scheduled = true;
    // Freed in an event of its own: the session that closed may still be on the call stack.
    // A session still sending its last bytes is looked at again a little later. `this` is safe:
    // m_timers cancels the event if the server goes first.
    m_timers.schedule_in(delay, [this] {
        m_reap_scheduled = false;
        bool draining = false;
        std::erase_if(m_sessions, [&](const std::unique_ptr<Session>& s) {
            if (!s->is_closed()) return false;
            if (s->m_stream->is_open()) draining = true;
            return !s->m_stream->is_open();
        });
        std::erase_if(m_lingering, [&](const std::unique_ptr<TcpStream>& s) {
            if (s->is_open()) draining = true;
            return !s->is_open();
        });
        if (draining) reap_later_after(SimTime::from_ms(100));
    });
}

} // namespace wirelab::app
