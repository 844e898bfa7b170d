// ip, ifconfig, ipconfig, route, arp: read-only views of a host's interfaces, routes and
// neighbours, shaped like iproute2 / net-tools / Windows output so what students learn carries
// over.
#include "core/services/dhcp/dhcp_client.h"
#include "core/shell/commands.h"
#include "core/shell/options.h"

#include <algorithm>
#include <cstdio>

namespace wirelab::app {
namespace {

using net::IpNode;
using net::Route;
using wire::IpAddr;
using wire::IpPrefix;

std::string flags_of(const IpNode& n, uint32_t p)
{
    const net::Port& port = n.port(p);
    bool lower = port.link.is_valid() && n.network().link(port.link).is_up();
    std::string f = "<BROADCAST,MULTICAST";
    if (port.up) f += ",UP";
    if (port.up && lower) f += ",LOWER_UP";
    return f + ">";
}

std::string state_of(const IpNode& n, uint32_t p)
{
    const net::Port& port = n.port(p);
    bool lower = port.link.is_valid() && n.network().link(port.link).is_up();
    return port.up && lower ? "UP" : "DOWN";
}

void ip_addr(const IpNode& n, const std::string& only, std::string& s)
{
    if (only.empty() || only == "lo") {
        s += "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN\n"
             "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
             "    inet 127.0.0.1/8 scope host lo\n"
             "    inet6 ::1/128 scope host\n";
    }
    for (uint32_t p = 0; p < n.ports().size(); ++p) {
        const net::Port& port = n.port(p);
        if (!only.empty() && only != port.name) continue;
        const net::IpInterface& i = n.iface(p);
        s += std::to_string(p + 2) + ": " + port.name + ": " + flags_of(n, p) + " mtu " +
             std::to_string(i.mtu) + " state " + state_of(n, p) + "\n";
        s += "    link/ether " + port.mac.to_string() + " brd ff:ff:ff:ff:ff:ff\n";
        for (const auto& a : i.ipv4) {
            s += "    inet " + a.to_string();
            if (a.has_broadcast()) s += " brd " + a.broadcast().to_string();
            s += " scope global " + port.name + "\n";
        }
        for (const auto& a : i.ipv6) s += "    inet6 " + a.to_string() + " scope global\n";
        s += "    inet6 " + i.link_local.to_string() + " scope link\n";
    }
}

std::string dev_name(const IpNode& n, uint32_t p)
{
    return p == net::kLoopbackPort ? "lo" : n.port(p).name;
}

void ip_route(const IpNode& n, bool v6, std::string& s)
{
    // Linux dumps its FIB in key order: by network address, then prefix length (default first).
    std::vector<Route> routes = n.routes().routes();
    std::stable_sort(routes.begin(), routes.end(), [](const Route& x, const Route& y) {
        if (!(x.prefix.network() == y.prefix.network()))
            return x.prefix.network() < y.prefix.network();
        return x.prefix.len() < y.prefix.len();
    });
    for (const Route& r : routes) {
        if (r.prefix.is_v6() != v6) continue;
        std::string line = r.prefix.len() == 0 ? "default" : r.prefix.to_string();
        if (r.gateway) line += " via " + r.gateway->to_string();
        line += " dev " + dev_name(n, r.port);
        if (r.origin == net::RouteOrigin::Connected) {
            line += " proto kernel scope link";
            if (!v6) {
                for (const auto& a : n.iface(r.port).ipv4)
                    if (IpPrefix(a.canonical()) == r.prefix) {
                        line += " src " + a.addr.to_string();
                        break;
                    }
            }
        } else if (r.origin != net::RouteOrigin::Static) {
            line += std::string(" proto ") + net::to_string(r.origin);
        }
        if (r.metric && (v6 || r.origin != net::RouteOrigin::Connected))
            line += " metric " + std::to_string(r.metric);
        s += line + "\n";
    }
}

void ip_neigh(const IpNode& n, std::string& s)
{
    for (const auto& v : n.neighbors()) {
        s += v.ip.to_string() + " dev " + n.port(v.port).name;
        if (v.mac) s += " lladdr " + v.mac->to_string();
        s += std::string(" ") + v.state + "\n";
    }
}

// ip's global options come before the object (iproute2: "ip [ OPTIONS ] OBJECT { COMMAND }").
constexpr OptionSpec kIpOptions[] = {{'4'}, {'6'}};

int run_ip(const IpNode& n, const std::vector<std::string>& argv, std::string& s)
{
    bool v6 = false;
    OptionRules rules;
    rules.permute = false; // the first word that is not an option is the object
    OptionParser opts(kIpOptions, argv, rules);
    size_t i = opts.index();
    // iproute2 reads whole words and does not group: "-46" or "-x" is no option of it, so it is
    // left in place as the object and gets the usage.
    for (OptionItem o = opts.next(); o.is_option() && o.word.size() == 2; o = opts.next()) {
        v6 = o.key == '6';
        i = opts.index();
    }
    std::string obj = i < argv.size() ? argv[i++] : "";
    std::string verb = i < argv.size() ? argv[i++] : "show";
    auto is = [](const std::string& w, std::initializer_list<const char*> names) {
        for (const char* x : names)
            if (w == x) return true;
        return false;
    };
    if (!is(verb, {"show", "list", "ls"})) {
        s += "ip: only 'show' is available from the command line here; change addresses and routes "
             "in "
             "the scenario or the inspector (got '" +
             verb + "')\n";
        return 2;
    }
    if (is(obj, {"a", "addr", "address"})) {
        std::string dev;
        if (i + 1 < argv.size() && argv[i] == "dev") dev = argv[i + 1];
        if (!dev.empty() && dev != "lo" && n.find_port(dev) < 0) {
            s += "Device \"" + dev + "\" does not exist.\n";
            return 1;
        }
        ip_addr(n, dev, s);
        return 0;
    }
    if (is(obj, {"r", "ro", "route"})) {
        ip_route(n, v6, s);
        return 0;
    }
    if (is(obj, {"n", "neigh", "neighbor", "neighbour"})) {
        ip_neigh(n, s);
        return 0;
    }
    if (is(obj, {"l", "link"})) {
        for (uint32_t p = 0; p < n.ports().size(); ++p)
            s += std::to_string(p + 2) + ": " + n.port(p).name + ": " + flags_of(n, p) + " mtu " +
                 std::to_string(n.iface(p).mtu) + " state " + state_of(n, p) + "\n    link/ether " +
                 n.port(p).mac.to_string() + " brd ff:ff:ff:ff:ff:ff\n";
        return 0;
    }
    s += "Usage: ip [ -4 | -6 ] { addr | route | neigh | link } [ show ]\n";
    return obj.empty() ? 2 : 1;
}

} // namespace

WIRELAB_COMMAND(make_ip)
{
    if (argv.size() > 3 && (argv[1] == "link" || argv[1] == "l") && argv[2] == "set")
        return make_ip_link_set(net, node, std::move(argv), std::move(out), std::move(on_exit));
    return instant(net, node, std::move(out), std::move(on_exit),
                   [&node, argv](std::string& s) { return run_ip(node, argv, s); });
}

WIRELAB_COMMAND(make_ifconfig)
{
    return instant(net, node, std::move(out), std::move(on_exit), [&node](std::string& s) {
        for (uint32_t p = 0; p < node.ports().size(); ++p) {
            const auto& i = node.iface(p);
            s += node.port(p).name + ": flags=4163" + flags_of(node, p) + "  mtu " +
                 std::to_string(i.mtu) + "\n";
            for (const auto& a : i.ipv4) {
                s += "        inet " + a.addr.to_string() + "  netmask " + a.netmask().to_string();
                if (a.has_broadcast()) s += "  broadcast " + a.broadcast().to_string();
                s += "\n";
            }
            for (const auto& a : i.ipv6)
                s += "        inet6 " + a.addr.to_string() + "  prefixlen " +
                     std::to_string(a.len) + "  scopeid 0x0<global>\n";
            s += "        inet6 " + i.link_local.addr.to_string() +
                 "  prefixlen 64  scopeid 0x20<link>\n";
            s += "        ether " + node.port(p).mac.to_string() +
                 "  txqueuelen 1000  (Ethernet)\n\n";
        }
        s += "lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n        inet 127.0.0.1  netmask "
             "255.0.0.0\n"
             "        inet6 ::1  prefixlen 128  scopeid 0x10<host>\n        loop  txqueuelen 1000  "
             "(Local Loopback)\n";
        return 0;
    });
}

WIRELAB_COMMAND(make_ipconfig)
{
    if (argv.size() > 1 && (argv[1] == "/renew" || argv[1] == "/release"))
        return make_ipconfig_dhcp(net, node, std::move(argv), std::move(out), std::move(on_exit));
    return instant(net, node, std::move(out), std::move(on_exit), [&node, argv](std::string& s) {
        if (argv.size() > 1 && argv[1] != "/all") {
            s += "ipconfig: '" + argv[1] +
                 "' is not available yet (only ipconfig, /all, /renew and /release)\n";
            return 1;
        }
        s += "\nWindows IP Configuration\n\n";
        for (uint32_t p = 0; p < node.ports().size(); ++p) {
            const auto& i = node.iface(p);
            s += "Ethernet adapter " + node.port(p).name + ":\n\n";
            if (node.port(p).link.is_valid() == false) {
                s += "   Media State . . . . . . . . . . . : Media disconnected\n\n";
                continue;
            }
            if (argv.size() > 1) {
                std::string mac = node.port(p).mac.to_string();
                for (char& c : mac) c = c == ':' ? '-' : ascii_upper(c);
                s += "   Physical Address. . . . . . . . . : " + mac + "\n";
            }
            for (const auto& a : i.ipv6)
                s += "   IPv6 Address. . . . . . . . . . . : " + a.addr.to_string() + "\n";
            s += "   Link-local IPv6 Address . . . . . : " + i.link_local.addr.to_string() + "%" +
                 std::to_string(p + 2) + "\n";
            for (const auto& a : i.ipv4) {
                s += "   IPv4 Address. . . . . . . . . . . : " + a.addr.to_string() + "\n";
                s += "   Subnet Mask . . . . . . . . . . . : " + a.netmask().to_string() + "\n";
            }
            std::string gw;
            for (const Route& r : node.routes().routes())
                if (r.prefix.len() == 0 && r.gateway && r.port == p)
                    gw += (gw.empty() ? "" : "\n                                       ") +
                          r.gateway->to_string();
            s += "   Default Gateway . . . . . . . . . : " + gw + "\n";
            if (argv.size() > 1) s += ipconfig_all_lines(node, p); // DHCP and DNS (dhcp_client.h)
            s += "\n";
        }
        return 0;
    });
}

WIRELAB_COMMAND(make_route)
{
    return instant(net, node, std::move(out), std::move(on_exit), [&node](std::string& s) {
        s += "Kernel IP routing table\nDestination     Gateway         Genmask         Flags "
             "Metric Ref    Use Iface\n";
        for (const Route& r : node.routes().routes()) {
            if (!r.prefix.is_v4()) continue;
            char line[160];
            std::string flags = "U";
            if (r.gateway) flags += "G";
            if (r.prefix.len() == 32) flags += "H";
            std::snprintf(line, sizeof line, "%-15s %-15s %-15s %-5s %-6u %-6d %3d %s\n",
                          r.prefix.v4().network().to_string().c_str(),
                          r.gateway ? r.gateway->to_string().c_str() : "0.0.0.0",
                          r.prefix.v4().netmask().to_string().c_str(), flags.c_str(), r.metric, 0,
                          0, node.port(r.port).name.c_str());
            s += line;
        }
        return 0;
    });
}

// net-tools arp: -a for the BSD-style listing, -n (numeric: it always is here) and -e (the
// default Linux table); other words are ignored, as they always were here.
constexpr OptionSpec kArpOptions[] = {{'a'}, {'e'}, {'n'}};

WIRELAB_COMMAND(make_arp)
{
    bool bsd = false;
    OptionParser opts(kArpOptions, argv);
    for (OptionItem o = opts.next(); !o.is_end(); o = opts.next())
        if (o.is_option() && o.key == 'a') bsd = true;
    return instant(net, node, std::move(out), std::move(on_exit), [&node, bsd](std::string& s) {
        if (!bsd)
            s += "Address                  HWtype  HWaddress           Flags Mask            "
                 "Iface\n";
        for (const auto& v : node.neighbors()) {
            if (!v.ip.is_v4()) continue;
            if (bsd) {
                s += "? (" + v.ip.to_string() + ") at " +
                     (v.mac ? v.mac->to_string() + " [ether]" : "<incomplete>") + " on " +
                     node.port(v.port).name + "\n";
                continue;
            }
            char line[160];
            std::snprintf(line, sizeof line, "%-24s %-7s %-19s %-5s %-15s %s\n",
                          v.ip.to_string().c_str(), v.mac ? "ether" : "",
                          v.mac ? v.mac->to_string().c_str() : "(incomplete)", v.mac ? "C" : "", "",
                          node.port(v.port).name.c_str());
            s += line;
        }
        return 0;
    });
}

} // namespace wirelab::app
