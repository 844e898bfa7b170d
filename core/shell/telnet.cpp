// telnet: the netkit telnet client over the simulated network. A scenario script (and the
// browser terminal) has no keyboard to type into a running command, so the lines to type are
// given up front: `telnet 10.0.0.5 -e alice -e secret -e "ip addr" -e exit` (Wirelab's meaning
// of -e; real telnet uses -e for its escape character). Each line is typed when the server shows
// a prompt (output ending in ": ", "$ ", "# " or "> ") or has been quiet for a second.
#include "core/host/dns_stub.h"
#include "core/services/tcp_stream.h"
#include "core/services/telnet/telnet_codec.h"
#include "core/shell/commands.h"
#include "core/shell/options.h"

#include <deque>

namespace wirelab::app {
namespace {

using transport::SocketError;

constexpr SimTime kQuiet = SimTime::from_s(1); // type the next line after this much silence
constexpr SimTime kLinger =
    SimTime::from_s(5); // after the last line, wait this long for the server

class Telnet : public Process {
public:
    using Process::Process;
    std::vector<std::string> argv;

    void start() override
    {
        if (!parse()) return;
        m_lookup = DnsStub::resolve(m_node, m_host, [this](Result<Resolved, ResolveError> r) {
            if (!r) {
                out("telnet: could not resolve " + m_host + "/" + std::to_string(m_port) + ": " +
                    r.error().describe() + "\n");
                return finish(1);
            }
            connect(r->addr);
        });
    }

    void interrupt() override
    {
        if (m_stream) m_stream->close();
        exit(130);
    }

private:
    bool parse()
    {
        static constexpr OptionSpec kOptions[] = {{'e', "", OptArg::Required}};
        std::vector<std::string> pos;
        OptionParser p(kOptions, argv);
        for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
            if (o.is_error() && o.error == OptionError::MissingValue)
                return usage("option requires an argument -- 'e'");
            if (o.is_error())
                return usage("invalid option -- '" + (o.is_long ? "-" : o.name) + "'");
            if (o.is_operand())
                pos.push_back(o.value);
            else
                m_typed.push_back(o.value); // -e
        }
        if (pos.empty() || pos.size() > 2)
            return usage(pos.empty() ? "no host given" : "too many arguments");
        m_host = pos[0];
        if (pos.size() == 2 && !parse_port(pos[1], m_port)) {
            out("telnet: " + pos[1] + ": bad port number\n");
            exit(1);
            return false;
        }
        return true;
    }

    bool usage(const std::string& msg)
    {
        out("telnet: " + msg +
            "\n"
            "usage: telnet host [port] [-e line]...\n"
            "  -e LINE   a line to type once connected (repeat for each line: user, password, "
            "commands)\n"
            "  telnet 10.0.0.5 -e alice -e secret -e 'ip addr' -e exit\n");
        exit(1);
        return false;
    }

    void connect(const wire::IpAddr& addr)
    {
        out("Trying " + addr.to_string() + "...\n");
        m_stream = std::make_unique<TcpStream>(m_node, "telnet");
        m_stream->on_connected([this] {
            out("Connected to " + m_host + ".\nEscape character is '^]'.\n");
            m_connected = true;
            quiet_timer();
        });
        m_stream->on_data([this](std::string_view b) { on_data(b); });
        m_stream->on_closed([this](std::optional<SocketError> why) { on_closed(why); });
        if (auto r = m_stream->connect({addr, m_port}); !r) {
            out(std::string("telnet: Unable to connect to remote host: ") +
                transport::to_string(r.error()) + "\n");
            finish(1);
        }
    }

    void on_data(std::string_view bytes)
    {
        telnet::Decoder::Output in = m_decoder.feed(bytes);
        for (const telnet::Negotiation& n : in.negotiations) answer(n);
        std::string text;
        for (char c : in.data)
            if (c != '\r' && c != '\0') text += c; // NVT CR LF shown as a plain newline
        if (!text.empty()) {
            out(text);
            m_tail += text;
            if (m_tail.size() > 8) m_tail.erase(0, m_tail.size() - 8);
        }
        if (is_prompt())
            type_next();
        else
            quiet_timer();
    }

    // The netkit client agrees to the server echoing and suppressing go-ahead, and refuses the
    // rest (it has no terminal type or window size to report here).
    void answer(const telnet::Negotiation& n)
    {
        bool known = n.option == telnet::kOptEcho || n.option == telnet::kOptSuppressGoAhead;
        if (n.verb == telnet::kWill) {
            if (known && !m_agreed[n.option]) {
                m_agreed[n.option] = true;
                m_stream->send(telnet::command(telnet::kDo, n.option));
            } else if (!known) {
                m_stream->send(telnet::command(telnet::kDont, n.option));
            }
            if (n.option == telnet::kOptEcho) m_remote_echo = true;
        } else if (n.verb == telnet::kWont && n.option == telnet::kOptEcho) {
            m_remote_echo = false;
        } else if (n.verb == telnet::kDo) {
            m_stream->send(telnet::command(telnet::kWont, n.option));
        }
    }

    bool is_prompt() const
    {
        if (m_tail.size() < 2) return false;
        std::string end = m_tail.substr(m_tail.size() - 2);
        return end == ": " || end == "$ " || end == "# " || end == "> ";
    }

    void quiet_timer()
    {
        if (m_timer.is_valid()) m_net.scheduler().cancel(m_timer);
        SimTime wait = m_typed.empty() ? kLinger : kQuiet;
        m_timer = after(wait, [this] {
            m_timer = {};
            if (!m_typed.empty()) return type_next();
            out("Connection closed.\n"); // what telnet says when you close it yourself
            finish(0);
        });
    }

    void type_next()
    {
        if (m_typed.empty() || !m_connected) return quiet_timer();
        std::string line = m_typed.front();
        m_typed.pop_front();
        m_tail.clear();
        // Without the server's echo, the terminal shows what was typed (line mode).
        if (!m_remote_echo) out(line + "\n");
        m_stream->send(telnet::escape_data(line) + "\r\n");
        quiet_timer();
    }

    void on_closed(std::optional<SocketError> why)
    {
        if (!m_connected) {
            out(std::string("telnet: Unable to connect to remote host: ") +
                transport::to_string(why.value_or(SocketError::ConnectionRefused)) + "\n");
            return finish(1);
        }
        if (why) out(std::string("telnet: ") + transport::to_string(*why) + "\n");
        out("Connection closed by foreign host.\n");
        finish(why ? 1 : 0);
    }

    void finish(int code)
    {
        m_lookup.cancel();
        if (m_stream) m_stream->close();
        exit(code);
    }

    std::string m_host;
    uint16_t m_port = telnet::kPort;
    std::deque<std::string> m_typed;
    DnsStub::Lookup m_lookup;
    std::unique_ptr<TcpStream> m_stream;
    telnet::Decoder m_decoder;
    bool m_connected = false, m_remote_echo = false;
    bool m_agreed[256] = {};
    std::string m_tail; // the last characters shown, to spot a prompt
    kernel::EventId m_timer;
};

} // namespace

WIRELAB_COMMAND(make_telnet)
{
    auto p = std::make_unique<Telnet>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

} // namespace wirelab::app
