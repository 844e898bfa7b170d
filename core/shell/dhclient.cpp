// dhclient (ISC), `ipconfig /renew` and `/release` (Windows), and dhcp-lease-list (ISC's view of
// a server's lease table): the DHCP client and server as a student drives them from a shell.
#include "core/services/dhcp/dhcp_client.h"
#include "core/services/dhcp/dhcp_server.h"
#include "core/shell/commands.h"
#include "core/shell/options.h"

#include <algorithm>
#include <cstdio>

namespace wirelab::app {
namespace {

// Waits until every interface it started is BOUND (or the time limit), printing the client's
// log lines with -v; -r releases instead.
class Dhclient : public Process {
public:
    using Process::Process;
    std::vector<std::string> argv;
    bool windows = false; // ipconfig /renew, /release

    ~Dhclient() override
    {
        if (m_token) DhcpClient::of(m_node).remove_listener(m_token);
    }

    void start() override
    {
        if (!parse()) return;
        DhcpClient& c = DhcpClient::of(m_node);
        m_log_from = c.log().size();
        if (m_release) {
            for (uint32_t p : m_ports) c.release(p);
            flush_log();
            done(0);
            return;
        }
        m_token = c.add_listener([this](uint32_t, DhcpState) { on_change(); });
        for (uint32_t p : m_ports) c.enable(p);
        after(m_timeout, [this] { on_timeout(); });
        on_change();
    }

    void interrupt() override { done(130); }

private:
    bool parse()
    {
        // ISC dhclient's -timeout is one dash and a word; ipconfig's /release and /renew are
        // operands to the parser.
        static constexpr OptionSpec kOptions[] = {
            {'v'}, {'r'}, {0, "timeout", OptArg::Required, "", "", 'T'}};
        OptionRules rules;
        rules.single_dash_long = true;
        std::vector<std::string> names;
        OptionParser p(kOptions, argv, rules);
        for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
            const std::string& a = o.value;
            if (o.is_error() || (o.is_long && o.word.rfind("-timeout", 0) != 0) ||
                (o.is_operand() && a.rfind('-', 0) == 0))
                return bad("unknown option " + o.word +
                           " (usage: dhclient [-v] [-r] [interface ...])");
            if (o.key == 'v')
                m_verbose = true;
            else if (o.key == 'r' || (o.is_operand() && a == "/release"))
                m_release = true;
            else if (o.is_operand() && a == "/renew")
                m_release = false;
            else if (o.key == 'T' && !parse_seconds(a, m_timeout))
                return bad("bad timeout: " + a);
            else if (o.is_operand())
                names.push_back(a);
        }
        DhcpClient& c = DhcpClient::of(m_node);
        for (const std::string& n : names) {
            int p = m_node.find_port(n);
            if (p < 0)
                return bad(windows ? "The operation failed as no adapter is in the state "
                                     "permissible for this operation. (" +
                                         m_node.name() + " has no adapter " + n + ")"
                                   : "interface " + n + " does not exist on " + m_node.name());
            m_ports.push_back(uint32_t(p));
        }
        if (m_ports.empty()) {
            // Windows: the adapters DHCP manages; dhclient: those, or else every connected one.
            m_ports = c.ports();
            if (m_ports.empty() && !windows)
                for (uint32_t p = 0; p < m_node.ports().size(); ++p)
                    if (m_node.port(p).link.is_valid()) m_ports.push_back(p);
        }
        if (m_ports.empty())
            return bad(
                windows
                    ? "An error occurred while renewing interfaces: no adapter of " +
                          m_node.name() +
                          " uses DHCP (set \"dhcp\": true on an interface, or run dhclient eth0)"
                    : "no connected interface to configure on " + m_node.name());
        return true;
    }

    bool bad(const std::string& msg)
    {
        out((windows ? std::string() : "dhclient: ") + msg + "\n");
        exit(windows ? 1 : 2);
        return false;
    }

    void flush_log()
    {
        const auto& log = DhcpClient::of(m_node).log();
        for (; m_log_from < log.size(); ++m_log_from)
            if (m_verbose) out(log[m_log_from] + "\n");
    }

    void on_change()
    {
        flush_log();
        DhcpClient& c = DhcpClient::of(m_node);
        bool all = std::all_of(m_ports.begin(), m_ports.end(),
                               [&](uint32_t p) { return c.state(p) == DhcpState::Bound; });
        if (all && !has_exited()) done(0);
    }

    void on_timeout()
    {
        flush_log();
        DhcpClient& c = DhcpClient::of(m_node);
        for (uint32_t p : m_ports) {
            if (c.state(p) == DhcpState::Bound) continue;
            std::string name = m_node.port(p).name;
            if (windows)
                out("An error occurred while renewing interface " + name +
                    " : unable to contact your DHCP server. Request has timed out.\n");
            else
                out(c.state(p) == DhcpState::Selecting || c.state(p) == DhcpState::Init
                        ? "No DHCPOFFERS received on " + name +
                              " (is a DHCP server or relay on this link?)\n"
                        : "No DHCPACK received on " + name + "\n");
        }
        done(windows ? 1 : 2); // the client keeps trying in the background, as dhclient does
    }

    void done(int code)
    {
        if (m_token) DhcpClient::of(m_node).remove_listener(m_token);
        m_token = 0;
        if (windows && code == 0) {
            // Windows prints the new configuration.
            auto view = make_ipconfig(
                m_net, m_node, {"ipconfig"}, [this](std::string_view t) { out(t); }, [](int) {});
            view->start();
        }
        exit(code);
    }

    std::vector<uint32_t> m_ports;
    bool m_verbose = false, m_release = false;
    SimTime m_timeout = SimTime::from_s(60); // dhclient.conf "timeout 60"
    uint32_t m_token = 0;
    size_t m_log_from = 0;
};

std::string pad(std::string s, size_t n)
{
    if (s.size() < n) s.append(n - s.size(), ' ');
    return s + " ";
}

} // namespace

WIRELAB_COMMAND(make_dhclient)
{
    auto p = std::make_unique<Dhclient>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

WIRELAB_COMMAND(make_ipconfig_dhcp)
{
    auto p = std::make_unique<Dhclient>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    p->windows = true;
    return p;
}

WIRELAB_COMMAND(make_dhcp_lease_list)
{
    return instant(
        net, node, std::move(out), std::move(on_exit), [&node, &net, argv](std::string& s) {
            const ServiceSet* set = ServiceSet::find(node);
            const DhcpServer* server = nullptr;
            if (set)
                for (const auto& svc : set->all())
                    if (auto* d = dynamic_cast<const DhcpServer*>(svc.get())) server = d;
            if (!server) {
                s += "dhcp-lease-list: no DHCP server runs on " + node.name() + "\n";
                return 1;
            }
            bool all = argv.size() > 1 && argv[1] == "--all";
            s += pad("MAC", 17) + pad("IP", 15) + pad("hostname", 15) + pad("state", 9) +
                 "valid until\n";
            s += std::string(75, '=') + "\n";
            for (const DhcpLease& l : server->leases()) {
                bool live = l.state == DhcpLeaseState::Bound || l.state == DhcpLeaseState::Offered;
                if (!all && !live) continue;
                s += pad(l.mac.to_string(), 17) + pad(l.addr.to_string(), 15) +
                     pad(l.host_name.empty() ? "-NA-" : l.host_name, 15) +
                     pad(to_string(l.state), 9) + l.ends.to_string() +
                     (l.ends > net.now() ? "" : " (past)") + "\n";
            }
            return 0;
        });
}

} // namespace wirelab::app
