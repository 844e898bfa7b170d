// nc: OpenBSD netcat over the simulated sockets — TCP and UDP clients, -l servers, -z port scans,
// with netcat-openbsd's messages. A scenario has no stdin, so the text to send is given as the
// trailing words (joined by spaces, ending with a newline; '\n' in single quotes starts a new
// line). After sending it, nc half-closes like `echo text | nc -N host port`.
//
// [SECTION] index: options · client · listener · UDP · scan
#include "core/inspect/well_known_ports.h"
#include "core/shell/commands.h"
#include "core/shell/options.h"
#include "core/transport/socket_table.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace wirelab::app {
namespace {

using transport::Endpoint;
using transport::SocketError;
using transport::SocketEvent;
using transport::SocketEvents;
using transport::SocketTable;
using transport::TcpState;

std::string service_of(uint16_t port, bool udp)
{
    // netcat-openbsd prints getservbyport's name, "*" when there is none.
    const wire::WellKnownPort* w = wire::find_port(port);
    if (!w || (udp ? !w->udp : !w->tcp)) return "*";
    return ascii_lower(w->service);
}

class Nc : public Process {
public:
    using Process::Process;
    std::vector<std::string> argv;

    void start() override
    {
        m_table = &SocketTable::of(m_node);
        if (!parse()) return;
        if (m_scan)
            scan_next();
        else if (m_listen)
            m_udp ? udp_listen() : tcp_listen();
        else
            m_udp ? udp_client() : tcp_client();
    }

    ~Nc() override { release_all(); }

    void interrupt() override
    {
        release_all();
        exit(130);
    }

private:
    // [SECTION] options

    bool parse()
    {
        static constexpr OptionSpec kOptions[] = {
            {'l'},
            {'u'},
            {'v'},
            {'z'},
            {'k'},
            {'C'},
            {'n'},
            {'N'},
            {'4'},
            {'6'},
            {'p', "", OptArg::Required},
            {'s', "", OptArg::Required},
            {'w', "", OptArg::Required},
        };
        OptionRules rules;
        rules.permute = false; // options come first; everything after the target is text
        std::vector<std::string> pos;
        OptionParser p(kOptions, argv, rules);
        for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
            if (o.is_operand()) {
                pos.push_back(o.value);
                continue;
            }
            if (o.error == OptionError::MissingValue ||
                (o.is_option() && o.has_value && o.value.empty()))
                return usage("option requires an argument -- '" + o.name + "'");
            if (o.is_error())
                return usage("invalid option -- '" + (o.is_long ? "-" : o.name) + "'");
            switch (o.key) {
            case 'l': m_listen = true; break;
            case 'u': m_udp = true; break;
            case 'v': m_verbose = true; break;
            case 'z': m_scan = true; break;
            case 'k': m_keep = true; break;
            case 'C': m_crlf = true; break;
            case 'n':
            case 'N': break; // numeric only; text always ends with a half-close
            case '4': m_family = 4; break;
            case '6': m_family = 6; break;
            default:
                if (!option_value(char(o.key), o.value)) return false;
            }
        }
        return positional(pos);
    }

    bool option_value(char c, const std::string& v)
    {
        if (c == 'p') {
            if (!parse_port(v, m_local_port)) return fail_msg("port number invalid: " + v);
        } else if (c == 's') {
            auto a = wire::IpAddr::parse(v);
            if (!a)
                return fail_msg(
                    "getaddrinfo: " + v +
                    ": Name or service not known (names are not resolved; give an address)");
            m_source = *a;
        } else {
            if (!parse_seconds(v, m_timeout) || m_timeout == SimTime::zero())
                return fail_msg("timeout invalid: " + v);
            m_has_timeout = true;
        }
        return true;
    }

    bool positional(std::vector<std::string>& pos)
    {
        size_t i = 0;
        if (m_listen) {
            // nc -l [address] port [text], or nc -l -p port [text]
            if (i < pos.size() && wire::IpAddr::parse(pos[i]).ok())
                m_source = wire::IpAddr::parse(pos[i++]).value();
            if (!m_local_port) {
                if (i >= pos.size()) return usage("missing port number");
                if (!parse_port(pos[i], m_local_port))
                    return fail_msg("port number invalid: " + pos[i]);
                ++i;
            }
        } else {
            if (pos.size() < 2) return usage("missing hostname and port");
            auto a = wire::IpAddr::parse(pos[0]);
            if (!a)
                return fail_msg(
                    "getaddrinfo for host \"" + pos[0] + "\" port " + pos[1] +
                    ": Name or service not known (names are not resolved; give an address)");
            m_host = *a;
            if (!parse_ports(pos[1])) return fail_msg("port range not valid: " + pos[1]);
            if ((m_family == 4 && !m_host.is_v4()) || (m_family == 6 && !m_host.is_v6()))
                return fail_msg("getaddrinfo for host \"" + pos[0] +
                                "\": Address family for hostname not supported");
            i = 2;
        }
        if (i >= pos.size()) return true; // no text: send nothing, just listen to the peer
        for (size_t k = i; k < pos.size(); ++k) m_text += (k == i ? "" : " ") + pos[k];
        m_text = expand(m_text) + (m_crlf ? "\r\n" : "\n");
        return true;
    }

    bool parse_ports(const std::string& s)
    {
        size_t dash = s.find('-');
        uint64_t lo = 0, hi = 0;
        if (!parse_uint(s.substr(0, dash), 65535, lo) || lo == 0) return false;
        hi = lo;
        if (dash != std::string::npos && (!parse_uint(s.substr(dash + 1), 65535, hi) || hi < lo))
            return false;
        if (hi != lo && !m_scan) return false; // a range only makes sense with -z
        for (uint64_t p = lo; p <= hi; ++p) m_ports.push_back(uint16_t(p));
        return true;
    }

    // '\n', '\r', '\t' and '\\' written literally (in single quotes) become the characters.
    std::string expand(const std::string& t) const
    {
        std::string o;
        for (size_t i = 0; i < t.size(); ++i) {
            if (t[i] == '\\' && i + 1 < t.size()) {
                char c = t[++i];
                if (c == 'n')
                    o += m_crlf ? "\r\n" : "\n";
                else if (c == 'r')
                    o += '\r';
                else if (c == 't')
                    o += '\t';
                else
                    o += c;
            } else {
                o += t[i];
            }
        }
        return o;
    }

    bool usage(const std::string& msg)
    {
        out("nc: " + msg +
            "\n"
            "usage: nc [-46Cklnuvz] [-p port] [-s source] [-w timeout] [host] port [text ...]\n"
            "  nc 10.0.0.2 80 'GET / HTTP/1.0\\n'   connect, send the text, print the reply\n"
            "  nc -l 1234                          wait for one connection, print what arrives\n"
            "  nc -u 10.0.0.2 53 hello             UDP: send one datagram, print replies\n"
            "  nc -zv 10.0.0.2 20-25               scan TCP ports\n");
        exit(1);
        return false;
    }

    bool fail_msg(const std::string& msg)
    {
        out("nc: " + msg + "\n");
        exit(1);
        return false;
    }

    void finish(int code)
    {
        release_all();
        exit(code);
    }

    void release_all()
    {
        if (!m_table) return;
        for (SocketId* id : {&m_conn, &m_listener, &m_udp_sock})
            if (id->is_valid()) {
                m_table->close(*id);
                *id = SocketId();
            }
    }

    // An idle/connect deadline (-w), served by one timer that re-arms while there is activity.
    void touch()
    {
        if (!m_has_timeout) return;
        m_deadline = m_net.now() + m_timeout;
        if (!m_timer_armed) arm();
    }
    void arm()
    {
        m_timer_armed = true;
        after(m_deadline - m_net.now(), [this] {
            m_timer_armed = false;
            if (has_exited()) return;
            if (m_net.now() < m_deadline) return arm();
            on_timeout();
        });
    }

    void on_timeout()
    {
        if (m_scan) {
            scan_result(false, "timed out: Operation now in progress");
            return;
        }
        if (!m_listen && !m_udp && !m_connected) {
            out("nc: connect to " + m_host.to_string() + " port " + std::to_string(m_ports[0]) +
                " (tcp) timed out: Operation now in progress\n");
            return finish(1);
        }
        finish(m_udp_refused ? 1 : 0);
    }

    // [SECTION] client

    Endpoint local_for(const wire::IpAddr& towards) const
    {
        if (m_source) return {*m_source, m_local_port};
        return {towards.is_v4() ? wire::IpAddr() : wire::IpAddr(wire::Ipv6Addr{}), m_local_port};
    }

    void tcp_client()
    {
        m_conn = open_tcp(m_host, m_ports[0]);
        if (!m_conn.is_valid()) return;
        touch();
    }

    // Opens and connects; reports an immediate failure as nc does and ends the command.
    SocketId open_tcp(const wire::IpAddr& host, uint16_t port)
    {
        SocketId id = m_table->tcp_open();
        transport::TcpSocket* s = m_table->tcp(id);
        s->set_owner("nc");
        s->set_callback([this](SocketEvents e) { on_conn_event(e); });
        if (m_source || m_local_port) {
            auto b = s->bind(local_for(host));
            if (!b) {
                m_table->close(id);
                fail_msg(std::string(transport::to_string(b.error())));
                return SocketId();
            }
        }
        auto r = s->connect({host, port});
        if (!r) {
            m_table->close(id);
            if (m_scan) {
                scan_result(false, std::string("failed: ") + transport::to_string(r.error()));
                return SocketId();
            }
            out("nc: connect to " + host.to_string() + " port " + std::to_string(port) +
                " (tcp) failed: " + transport::to_string(r.error()) + "\n");
            finish(1);
            return SocketId();
        }
        return id;
    }

    void on_conn_event(SocketEvents)
    {
        transport::TcpSocket* s = m_table->tcp(m_conn);
        if (!s || has_exited()) return;
        if (m_scan) return scan_event(*s);
        if (!m_connected && s->state() != TcpState::SynSent &&
            s->state() != TcpState::SynReceived && s->state() != TcpState::Closed) {
            m_connected = true;
            if (m_verbose && !m_listen)
                out("Connection to " + m_host.to_string() + " " + std::to_string(m_ports[0]) +
                    " port [tcp/" + service_of(m_ports[0], false) + "] succeeded!\n");
        }
        if (!m_connected) {
            if (s->error()) {
                out("nc: connect to " + m_host.to_string() + " port " + std::to_string(m_ports[0]) +
                    " (tcp) failed: " + transport::to_string(*s->error()) + "\n");
                finish(1);
            }
            return;
        }
        touch();
        send_pending(*s);
        drain(*s);
    }

    void send_pending(transport::TcpSocket& s)
    {
        while (m_sent < m_text.size()) {
            auto r = s.send(ByteSpan(reinterpret_cast<const uint8_t*>(m_text.data()) + m_sent,
                                     m_text.size() - m_sent));
            if (!r) return;
            m_sent += *r;
        }
        if (!m_text.empty() && !m_shut) {
            m_shut = true;
            (void)s.shutdown(); // like `echo text | nc -N`: the peer sees the end of our stream
        }
    }

    void drain(transport::TcpSocket& s)
    {
        std::array<uint8_t, 4096> buf;
        while (true) {
            auto r = s.recv(buf);
            if (!r) {
                if (r.error() == SocketError::WouldBlock) return;
                out(std::string("nc: read failed: ") + transport::to_string(r.error()) + "\n");
                return end_connection(1);
            }
            if (*r == 0) return end_connection(0);
            out(std::string_view(reinterpret_cast<const char*>(buf.data()), *r));
        }
    }

    void end_connection(int code)
    {
        if (m_conn.is_valid()) m_table->close(m_conn);
        m_conn = SocketId();
        if (m_listen && m_keep && m_listener.is_valid()) {
            m_connected = false;
            m_sent = 0;
            m_shut = false;
            return; // -k: wait for the next client
        }
        finish(code);
    }

    // [SECTION] listener

    void tcp_listen()
    {
        m_listener = m_table->tcp_open();
        transport::TcpSocket* l = m_table->tcp(m_listener);
        l->set_owner("nc");
        Endpoint at = m_source ? Endpoint{*m_source, m_local_port}
                               : (m_family == 6 ? Endpoint::any_v6(m_local_port)
                                                : Endpoint::any_v4(m_local_port));
        auto b = l->bind(at);
        if (!b) return (void)fail_msg(std::string(transport::to_string(b.error())));
        (void)l->listen(1);
        l->set_callback([this](SocketEvents) { on_accept(); });
        if (m_verbose)
            out("Listening on " + at.addr.to_string() + " " + std::to_string(m_local_port) + "\n");
        touch();
    }

    void on_accept()
    {
        transport::TcpSocket* l = m_table->tcp(m_listener);
        if (!l || has_exited() || m_conn.is_valid()) return;
        auto c = l->accept();
        if (!c) return;
        m_conn = *c;
        transport::TcpSocket* s = m_table->tcp(m_conn);
        s->set_owner("nc");
        s->set_callback([this](SocketEvents e) { on_conn_event(e); });
        if (m_verbose)
            out("Connection received on " + s->remote().addr.to_string() + " " +
                std::to_string(s->remote().port) + "\n");
        if (!m_keep) { // netcat-openbsd stops listening once it has its client
            m_table->close(m_listener);
            m_listener = SocketId();
        }
        on_conn_event({});
    }

    // [SECTION] UDP

    bool open_udp(const Endpoint& local)
    {
        m_udp_sock = m_table->udp_open();
        transport::UdpSocket* u = m_table->udp(m_udp_sock);
        u->set_owner("nc");
        u->set_callback([this](SocketEvents) { on_datagram(); });
        auto b = u->bind(local);
        if (!b) return fail_msg(std::string(transport::to_string(b.error())));
        return true;
    }

    void udp_client()
    {
        if (!open_udp(local_for(m_host))) return;
        transport::UdpSocket* u = m_table->udp(m_udp_sock);
        auto c = u->connect({m_host, m_ports[0]});
        if (!c) return (void)fail_msg(std::string("connect: ") + transport::to_string(c.error()));
        if (m_verbose)
            out("Connection to " + m_host.to_string() + " " + std::to_string(m_ports[0]) +
                " port [udp/" + service_of(m_ports[0], true) + "] succeeded!\n");
        if (!m_text.empty()) {
            auto r =
                u->send(ByteSpan(reinterpret_cast<const uint8_t*>(m_text.data()), m_text.size()));
            if (!r) return (void)fail_msg(std::string("write: ") + transport::to_string(r.error()));
        }
        // No stdin to wait on: wait for replies -w seconds (2 by default).
        if (!m_has_timeout) m_timeout = SimTime::from_s(2), m_has_timeout = true;
        touch();
    }

    void udp_listen()
    {
        Endpoint at = m_source ? Endpoint{*m_source, m_local_port}
                               : (m_family == 6 ? Endpoint::any_v6(m_local_port)
                                                : Endpoint::any_v4(m_local_port));
        if (!open_udp(at)) return;
        if (m_verbose)
            out("Bound on " + at.addr.to_string() + " " + std::to_string(m_local_port) + "\n");
        touch();
    }

    void on_datagram()
    {
        transport::UdpSocket* u = m_table->udp(m_udp_sock);
        if (!u || has_exited()) return;
        while (true) {
            auto d = u->recv();
            if (!d) {
                if (d.error() == SocketError::WouldBlock) break;
                if (m_scan)
                    return scan_result(false,
                                       std::string("failed: ") + transport::to_string(d.error()));
                out(std::string("nc: read(net): ") + transport::to_string(d.error()) + "\n");
                m_udp_refused = true;
                return finish(1);
            }
            touch();
            if (m_listen && !u->remote()) {
                // netcat-openbsd "connects" to its first client and answers it.
                if (m_verbose)
                    out("Connection received on " + d->from.addr.to_string() + " " +
                        std::to_string(d->from.port) + "\n");
                (void)u->connect(d->from);
                if (!m_text.empty())
                    (void)u->send(
                        ByteSpan(reinterpret_cast<const uint8_t*>(m_text.data()), m_text.size()));
            }
            out(std::string_view(reinterpret_cast<const char*>(d->data.data()), d->data.size()));
            u->recycle(std::move(*d));
        }
    }

    // [SECTION] scan

    void scan_next()
    {
        if (m_scan_index >= m_ports.size()) return finish(m_scan_open ? 0 : 1);
        uint16_t port = m_ports[m_scan_index];
        m_connected = false;
        if (m_udp) {
            // Like netcat-openbsd: send a probe; silence counts as open, ICMP port unreachable
            // as closed.
            if (!open_udp(local_for(m_host))) return;
            transport::UdpSocket* u = m_table->udp(m_udp_sock);
            (void)u->connect({m_host, port});
            (void)u->send(ByteSpan(reinterpret_cast<const uint8_t*>("X"), 1));
            if (!m_has_timeout) m_timeout = SimTime::from_s(1), m_has_timeout = true;
        } else {
            m_conn = open_tcp(m_host, port);
            if (!m_conn.is_valid()) return;
        }
        touch();
    }

    void scan_event(transport::TcpSocket& s)
    {
        if (s.state() == TcpState::Established) return scan_result(true, "");
        if (s.error())
            scan_result(false, std::string("failed: ") + transport::to_string(*s.error()));
    }

    void scan_result(bool open, const std::string& why)
    {
        uint16_t port = m_ports[m_scan_index];
        bool udp_open = m_udp && why.find("timed out") != std::string::npos;
        open = open || udp_open;
        if (open) ++m_scan_open;
        if (m_verbose) {
            std::string proto = m_udp ? "udp" : "tcp";
            if (open)
                out("Connection to " + m_host.to_string() + " " + std::to_string(port) + " port [" +
                    proto + "/" + service_of(port, m_udp) + "] succeeded!\n");
            else
                out("nc: connect to " + m_host.to_string() + " port " + std::to_string(port) +
                    " (" + proto + ") " + why + "\n");
        }
        release_all();
        ++m_scan_index;
        m_deadline = SimTime::max();
        after(SimTime::zero(), [this] { scan_next(); }); // a fresh event: no deep recursion
    }

    SocketTable* m_table = nullptr;
    bool m_listen = false, m_udp = false, m_verbose = false, m_scan = false, m_keep = false,
         m_crlf = false;
    int m_family = 0;
    uint16_t m_local_port = 0;
    std::optional<wire::IpAddr> m_source;
    wire::IpAddr m_host;
    std::vector<uint16_t> m_ports;
    std::string m_text;
    size_t m_sent = 0;
    bool m_shut = false;
    bool m_connected = false;
    bool m_udp_refused = false;
    SimTime m_timeout;
    bool m_has_timeout = false;
    SimTime m_deadline = SimTime::max();
    bool m_timer_armed = false;
    SocketId m_conn, m_listener, m_udp_sock;
    size_t m_scan_index = 0;
    uint32_t m_scan_open = 0;
};

} // namespace

WIRELAB_COMMAND(make_nc)
{
    auto p = std::make_unique<Nc>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

} // namespace wirelab::app
