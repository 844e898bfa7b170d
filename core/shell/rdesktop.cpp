// rdesktop / mstsc: the first step of a Remote Desktop connection, for real — an X.224
// Connection Request with an RDP Negotiation Request ([MS-RDPBCGR] 2.2.1.1) — and the server's
// Connection Confirm read back. The desktop session after it is not simulated, and the command
// says so. `rdesktop [-u USER] HOST[:PORT]`, or Windows' `mstsc /v:HOST[:PORT]`.
#include "core/host/dns_stub.h"
#include "core/services/rdp/rdp_server.h"
#include "core/shell/commands.h"
#include "core/shell/options.h"

namespace wirelab::app {
namespace {

using transport::SocketError;

class Rdesktop : public Process {
public:
    using Process::Process;
    std::vector<std::string> argv;

    void start() override
    {
        // Like rdesktop, options it does not simulate are ignored; so is a -u with no user.
        static constexpr OptionSpec kOptions[] = {{'u', "", OptArg::Required}};
        std::string target;
        OptionParser p(kOptions, argv);
        for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
            const std::string& a = o.value;
            if (o.is_option())
                m_user = a;
            else if (!o.is_operand())
                continue;
            else if (a.rfind("/v:", 0) == 0 || a.rfind("/V:", 0) == 0)
                target = a.substr(3);
            else if (a[0] != '-' && a[0] != '/')
                target = a;
        }
        if (target.empty()) {
            out(argv[0] + ": no server given\nusage: rdesktop [-u USER] HOST[:PORT]   or   mstsc "
                          "/v:HOST[:PORT]\n");
            return exit(1);
        }
        if (size_t colon = target.find(':');
            colon != std::string::npos && target.find(':', colon + 1) == std::string::npos) {
            if (!parse_port(std::string_view(target).substr(colon + 1), m_port)) {
                out(argv[0] + ": bad port in " + target + "\n");
                return exit(1);
            }
            target = target.substr(0, colon);
        }
        m_host = target;
        m_lookup = DnsStub::resolve(m_node, m_host, [this](Result<Resolved, ResolveError> r) {
            if (!r) return done(1, "cannot resolve " + m_host + ": " + r.error().describe());
            connect(r->addr);
        });
    }

    void interrupt() override { done(130, ""); }

private:
    void connect(const wire::IpAddr& addr)
    {
        out("Connecting to " + addr.to_string() + " port " + std::to_string(m_port) +
            " (TCP)...\n");
        m_stream = std::make_unique<TcpStream>(m_node, argv[0]);
        m_stream->on_connected([this] {
            // requestedProtocols 0: standard RDP security (rdesktop's choice without TLS).
            Bytes cr = rdp::connection_request("Cookie: mstshash=" + m_user, 0);
            m_stream->send(std::string_view(reinterpret_cast<const char*>(cr.data()), cr.size()));
            out("Connected. Sent an X.224 Connection Request (cookie mstshash=" + m_user +
                ", asking for standard RDP security).\n");
        });
        m_stream->on_data([this](std::string_view b) { on_data(b); });
        m_stream->on_closed([this](std::optional<SocketError> why) {
            if (why)
                return done(1, std::string("connection failed: ") + transport::to_string(*why));
            done(1, "the server closed the connection before confirming it");
        });
        if (auto r = m_stream->connect({addr, m_port}); !r)
            done(1, std::string("connection failed: ") + transport::to_string(r.error()));
    }

    void on_data(std::string_view bytes)
    {
        m_buf.insert(m_buf.end(), bytes.begin(), bytes.end());
        bool failure = false;
        auto selected = rdp::parse_connection_confirm(m_buf, failure);
        if (!selected) return;
        if (failure)
            return done(1, "the server refused the negotiation (failure code " +
                               std::to_string(*selected) + ")");
        const char* name = *selected == 0   ? "standard RDP security"
                           : *selected == 1 ? "TLS"
                                            : "CredSSP";
        out(std::string("The server confirmed the connection (X.224 Connection Confirm, selected "
                        "protocol: ") +
            name + ").\n");
        out("Wirelab stops here: the remote desktop itself (MCS, graphics, keyboard and mouse) is "
            "not simulated.\n");
        done(0, "");
    }

    void done(int code, const std::string& msg)
    {
        if (has_exited()) return;
        if (!msg.empty()) out(argv[0] + ": " + msg + "\n");
        m_lookup.cancel();
        if (m_stream) m_stream->close();
        exit(code);
    }

    std::string m_host, m_user = "student";
    uint16_t m_port = rdp::kPort;
    DnsStub::Lookup m_lookup;
    std::unique_ptr<TcpStream> m_stream;
    Bytes m_buf;
};

} // namespace

WIRELAB_COMMAND(make_rdesktop)
{
    auto p = std::make_unique<Rdesktop>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

} // namespace wirelab::app
