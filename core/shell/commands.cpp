#include "core/shell/commands.h"

namespace wirelab::app {

const std::vector<CommandSpec>& commands()
{
    static const std::vector<CommandSpec> table = {
        {"arp", "show the ARP cache (arp -a, arp -n)", make_arp},
        {"cat", "print files of this host (cat /var/log/mail.log)", make_cat},
        {"curl", "fetch a URL over HTTP (curl -v http://10.0.0.5/; -I, -X, -d, -H, -L, -m)",
         make_curl},
        {"date", "print this host's clock (date, date -u, date +%s)", make_date},
        {"dhclient", "get an address from a DHCP server (dhclient -v eth0; -r releases)",
         make_dhclient},
        {"dhcp-lease-list", "list the leases of this host's DHCP server (--all for old ones)",
         make_dhcp_lease_list},
        {"dig", "query DNS (dig www.lab; @server, -x addr, +short, +trace)", make_dig},
        {"ftp",
         "FTP client, passive mode (ftp 10.0.0.21 -e \"user alice secret\" -e ls -e \"get f.txt\")",
         make_ftp},
        {"help", "list the commands", make_help},
        {"host", "look a name or address up in DNS (host www.lab)", make_host},
        {"hostname", "print the host's name", make_hostname},
        {"ifconfig", "show interfaces (BSD/old Linux style)", make_ifconfig},
        {"ip", "show addresses, routes and neighbours (ip addr, ip route, ip neigh)", make_ip},
        {"ipconfig", "show interfaces (Windows style)", make_ipconfig},
        {"iperf", "measure TCP/UDP goodput (iperf -s; iperf -c 10.0.0.2 [-u] [-t 10])", make_iperf},
        {"ls", "list this host's files (ls -l /srv)", make_ls},
        {"mail",
         "send (-s SUBJ -S smtp=HOST TO -- BODY) or read (-f pop3://u:p@HOST, imap://...) mail",
         make_mail},
        {"mstsc", "Remote Desktop, first step only (mstsc /v:10.0.0.5)", make_rdesktop},
        {"nc", "netcat: TCP/UDP client, -l server, -z port scan (nc 10.0.0.2 80 'text')", make_nc},
        {"netstat", "list sockets and their states (netstat -tuna)", make_netstat},
        {"ntpdate", "set this host's clock from an NTP server (ntpdate 10.0.0.123; -q query only)",
         make_ntpdate},
        {"nslookup", "look a name or address up in DNS (nslookup www.lab [server])", make_nslookup},
        {"ping", "send ICMP echo requests (ping -c 3 10.0.0.1)", make_ping},
        {"rdesktop", "Remote Desktop, first step only (rdesktop 10.0.0.5)", make_rdesktop},
        {"rm", "remove files of this host", make_rm},
        {"route", "show the routing table (route -n)", make_route},
        {"ss", "list sockets and their states (ss -tuna)", make_ss},
        {"telnet",
         "remote login in clear text (telnet 10.0.0.5 -e alice -e secret -e \"ip addr\" -e exit)",
         make_telnet},
        {"traceroute", "list the routers on the path to a host", make_traceroute},
    };
    return table;
}

namespace {
class Instant : public Process {
public:
    Instant(net::Network& net, net::IpNode& node, OutputFn out, ExitFn on_exit,
            std::function<int(std::string&)> fn)
        : Process(net, node, std::move(out), std::move(on_exit)), m_fn(std::move(fn))
    {}
    void start() override
    {
        std::string text;
        int code = m_fn(text);
        out(text);
        exit(code);
    }

private:
    std::function<int(std::string&)> m_fn;
};
} // namespace

std::unique_ptr<Process> instant(net::Network& net, net::IpNode& node, OutputFn out, ExitFn on_exit,
                                 std::function<int(std::string&)> fn)
{
    return std::make_unique<Instant>(net, node, std::move(out), std::move(on_exit), std::move(fn));
}

WIRELAB_COMMAND(make_help)
{
    return instant(net, node, std::move(out), std::move(on_exit), [](std::string& s) {
        s += "Commands available on this host:\n";
        for (const CommandSpec& c : commands()) {
            s += "  " + std::string(c.name);
            s.append(c.name.size() < 12 ? 12 - c.name.size() : 1, ' ');
            s += std::string(c.summary) + "\n";
        }
        return 0;
    });
}

WIRELAB_COMMAND(make_hostname)
{
    return instant(net, node, std::move(out), std::move(on_exit), [&node](std::string& s) {
        s += node.name() + "\n";
        return 0;
    });
}

} // namespace wirelab::app
