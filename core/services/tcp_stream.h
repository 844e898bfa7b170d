// Building blocks for the text protocols of the well-known ports (echo, Telnet, FTP, SMTP, POP3,
// IMAP) and their clients: TcpStream (one connection with a send queue and three callbacks),
// StreamServer (a Service that listens on a port and runs one Session per client), LineBuffer
// (CRLF/LF line splitting). Clients resolve names with DnsStub (core/host/dns_stub.h).
#pragma once

#include "core/base/result.h"
#include "core/host/service.h"
#include "core/kernel/timers.h"
#include "core/transport/socket_types.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::app {

// One TCP connection as an application sees it. Bytes passed to send() are queued and handed to
// the socket as it has room; callbacks run from socket events, never from inside a call.
class TcpStream {
public:
    using ConnectedFn = std::function<void()>;
    using DataFn = std::function<void(std::string_view bytes)>;
    // nullopt: the peer ended its stream (FIN) and everything was read; else why it broke
    // (refused, reset, timed out, unreachable).
    using ClosedFn = std::function<void(std::optional<transport::SocketError>)>;

    TcpStream(net::IpNode& node, std::string owner);
    ~TcpStream(); // closes the socket if still open
    TcpStream(const TcpStream&) = delete;
    TcpStream& operator=(const TcpStream&) = delete;

    void on_connected(ConnectedFn f) { m_on_connected = std::move(f); }
    // Until a data callback is set, received bytes (and the peer's FIN) wait in the socket.
    void on_data(DataFn f) { m_on_data = std::move(f); }
    void on_closed(ClosedFn f) { m_on_closed = std::move(f); }

    // Active open; an immediate failure (no route, no free port) is returned, later ones come
    // through on_closed.
    Result<Ok, transport::SocketError> connect(const transport::Endpoint& remote);
    // Takes over a connection accepted from a listener (already connected: no on_connected).
    void adopt(SocketId accepted);
    void send(std::string_view bytes);
    // FIN once the queued bytes are out; receiving goes on (half-close).
    void finish();
    // Ends the connection: the queued bytes still go out (the stream keeps feeding the socket
    // while it lives), then the socket is released with a FIN. No callback runs afterwards.
    void close();

    // Lets go of the socket without a word to the peer (no FIN, no callback): for teardown,
    // when the node and its network are being destroyed and nothing may be sent any more.
    void abandon();

    // A socket is held: connecting, connected, or closing with bytes still queued.
    bool is_open() const { return m_id.is_valid(); }
    bool is_closing() const { return m_closing; }
    bool is_connected() const { return m_connected; }
    SocketId id() const { return m_id; }
    transport::Endpoint local() const;
    transport::Endpoint remote() const;
    net::IpNode& node() { return m_node; }

private:
    void on_event();
    void pump_out();
    void release();
    void report_closed(std::optional<transport::SocketError> why);

    net::IpNode& m_node;
    std::string m_owner;
    SocketId m_id;
    std::string m_out;
    bool m_connected = false;
    bool m_finish = false;
    bool m_closing = false;
    bool m_closed_reported = false;
    ConnectedFn m_on_connected;
    DataFn m_on_data;
    ClosedFn m_on_closed;
};

// Splits received bytes into lines; "\r\n" and "\n" both end a line (and are not returned).
class LineBuffer {
public:
    void feed(std::string_view bytes) { m_buf.append(bytes); }
    std::optional<std::string> next_line();
    // The next `n` bytes as they are (an IMAP literal), once that many have arrived.
    std::optional<std::string> take(size_t n);
    const std::string& pending() const { return m_buf; }
    void clear() { m_buf.clear(); }

private:
    std::string m_buf;
};

// A server on one TCP port: accepts clients and gives each a Session. Sessions end when they
// call close() or the client goes away; they are freed after the event that ended them.
class StreamServer : public Service {
public:
    class Session {
    public:
        virtual ~Session() = default;
        // The client connected: send a greeting here.
        virtual void on_open() {}
        virtual void on_data(std::string_view bytes) = 0;
        // The client ended its stream (FIN): by default the session closes too.
        virtual void on_peer_closed() { close(); }
        // The server is being destroyed with its node: drop other sockets without sending.
        virtual void on_abandon() {}

        void send(std::string_view bytes) { m_stream->send(bytes); }
        // FIN after the queued bytes; the session is then freed.
        void close();
        bool is_closed() const { return m_closed; }
        TcpStream& stream() { return *m_stream; }
        StreamServer& server() { return *m_server; }

    private:
        friend class StreamServer;
        StreamServer* m_server = nullptr;
        std::unique_ptr<TcpStream> m_stream;
        bool m_closed = false;
    };

    // `owner` is the program name `ss -tlnp` shows ("telnetd").
    StreamServer(net::IpNode& node, uint16_t port, std::string owner);
    ~StreamServer() override;

    void start() override;
    std::string_view name() const override { return m_owner; }
    bool is_listening() const { return m_listener.is_valid(); }
    uint16_t port() const { return m_port; }
    size_t session_count() const { return m_sessions.size(); }
    uint64_t sessions_served() const { return m_served; }
    // "telnetd: listening on TCP 23, 1 session open" (or why it is not listening).
    std::string status() const override;

    // Keeps a closing stream (a data connection still sending) alive until its socket is
    // released, even if the session that opened it ends first.
    void linger(std::unique_ptr<TcpStream> stream);

protected:
    virtual std::unique_ptr<Session> make_session() = 0;

private:
    void on_listener();
    void reap_later();
    void reap_later_after(SimTime delay);

    uint16_t m_port;
    std::string m_owner;
    SocketId m_listener;
    std::vector<std::unique_ptr<Session>> m_sessions;
    std::vector<std::unique_ptr<TcpStream>> m_lingering;
    bool m_reap_scheduled = false;
    uint64_t m_served = 0;
    kernel::Timers m_timers; // the reap event captures `this`: cancelled with the server
};

// The bytes of a string as a span, for socket calls.
ByteSpan as_bytes(std::string_view s);

} // namespace wirelab::app
