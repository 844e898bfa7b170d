// Lab checks, evaluation: each kind turns what the run did into pass/fail and a sentence saying
// what was observed ("pc1 eth0 has 10.0.0.5/24, not in 10.37.5.64/26"), so a student learns why.
// [SECTION] index: helpers · address · route · listening · dhcp pool · command · traffic
#include "sim/lab_checks.h"

#include "core/net/ip_node.h"
#include "core/services/dhcp/dhcp_client.h"
#include "core/services/dhcp/dhcp_server.h"
#include "core/transport/socket_table.h"
#include "sim/scenario_units.h"

namespace wirelab::sim::detail {
namespace {

// ===================================================================================== [SECTION]
// Helpers

const net::IpNode* ip_node(const BuiltScenario& built, const std::string& name, Outcome& out)
{
    auto it = built.nodes.find(name);
    if (it == built.nodes.end()) {
        out.detail = "there is no device " + name + " in the submitted network";
        return nullptr;
    }
    const net::Node& n = built.network->node(it->second);
    if (n.kind() != net::DeviceKind::Host && n.kind() != net::DeviceKind::Router) {
        out.detail = name + " is not a host or router";
        return nullptr;
    }
    return static_cast<const net::IpNode*>(&n);
}

std::string port_name(const net::IpNode& n, uint32_t port)
{
    return port < n.ports().size() ? n.ports()[port].name : std::string("lo");
}

std::string interface_list(const net::IpNode& n)
{
    std::string out;
    for (const net::Port& p : n.ports()) out += (out.empty() ? "" : ", ") + p.name;
    return out.empty() ? "none" : out;
}

// Last non-empty line of a command's output, shortened, for "what happened" details.
std::string last_line(const std::string& output)
{
    size_t end = output.find_last_not_of("\r\n ");
    if (end == std::string::npos) return "";
    size_t begin = output.rfind('\n', end);
    begin = begin == std::string::npos ? 0 : begin + 1;
    std::string line = output.substr(begin, end - begin + 1);
    if (line.size() > 160) line = line.substr(0, 157) + "...";
    return line;
}

std::string with_output(std::string text, const std::string& output)
{
    std::string line = last_line(output);
    return line.empty() ? std::move(text) + " (no output)"
                        : std::move(text) + "; it printed: " + line;
}

struct Addr {
    std::string iface;
    wire::IpPrefix prefix;
    bool leased = false; // IPv4: the address of the interface's bound DHCP lease
};

std::vector<Addr> addresses(const net::IpNode& n, const std::string& only, bool v6)
{
    std::vector<Addr> out;
    if (only == "lo") {
        if (v6)
            out.push_back({"lo", wire::Ipv6Prefix{wire::Ipv6Addr::loopback(), 128}});
        else
            out.push_back({"lo", wire::Ipv4Prefix{wire::Ipv4Addr::from_u32(0x7f000001), 8}});
        return out;
    }
    for (uint32_t p = 0; p < n.ports().size(); ++p) {
        const std::string& name = n.ports()[p].name;
        if (!only.empty() && only != name) continue;
        const net::IpInterface& i = n.iface(p);
        if (!v6) {
            const app::DhcpClient* dhcp = app::DhcpClient::find(n);
            const app::DhcpClientLease* lease = dhcp ? dhcp->lease(p) : nullptr;
            for (const auto& a : i.ipv4)
                out.push_back({name, a, lease && lease->addr.addr == a.addr});
        } else {
            for (const auto& a : i.ipv6) out.push_back({name, a});
            out.push_back({name, i.link_local});
        }
    }
    return out;
}

std::string addr_text(const Addr& a, bool name_iface)
{
    return a.prefix.to_string() + (name_iface ? " on " + a.iface : "");
}

bool source_fits(const AddressCheck& c, const Addr& a)
{
    return c.source == AddressSource::Any || a.leased == (c.source == AddressSource::Dhcp);
}

// "a static address", "leased by DHCP": what the student sees about an address of the wrong kind.
std::string source_text(const Addr& a)
{
    return a.leased ? "leased by DHCP" : "a static address (not from a DHCP lease)";
}

} // namespace

std::string missing_device(const Scenario& s, const std::string& name, bool need_ip)
{
    const DeviceSpec* d = s.find_device(name);
    if (!d) return "there is no device " + name + " in the submitted network";
    if (need_ip && !d->is_ip_node())
        return name + " is a " + to_string(d->type) + ", not a host or router";
    return "";
}

// ===================================================================================== [SECTION]
// Address

Outcome eval_address(const AddressCheck& c, const BuiltScenario& built)
{
    Outcome out;
    const net::IpNode* n = ip_node(built, c.device, out);
    if (!n) return out;
    if (!c.interface.empty() && c.interface != "lo" && n->find_port(c.interface) < 0) {
        out.detail = c.device + " has no interface " + c.interface +
                     " (interfaces: " + interface_list(*n) + ")";
        return out;
    }
    std::string who = c.interface.empty() ? c.device : c.device + " " + c.interface;
    bool v6 = c.in.is_v6();
    std::vector<Addr> all = addresses(*n, c.interface, v6);
    const Addr* in_prefix = nullptr;
    const Addr* sized = nullptr; // in the prefix, with the right length
    const Addr* exact = nullptr; // ...and from the right source
    for (const Addr& a : all) {
        if (!c.in.contains(a.prefix.addr())) continue;
        if (!in_prefix) in_prefix = &a;
        if (c.length && a.prefix.len() != *c.length) continue;
        if (!sized) sized = &a;
        if (!exact && source_fits(c, a)) exact = &a;
    }
    bool name_iface = c.interface.empty();
    if (c.absent) {
        out.passed = !in_prefix;
        out.detail = in_prefix ? who + " has " + addr_text(*in_prefix, name_iface) +
                                     ", which lies in " + c.in.to_string()
                               : who + " has no address in " + c.in.to_string();
        return out;
    }
    if (exact) {
        out.passed = true;
        out.detail = who + " has " + addr_text(*exact, name_iface) +
                     (c.source == AddressSource::Any ? "" : ", " + source_text(*exact));
        return out;
    }
    if (sized) {
        out.detail = who + " has " + addr_text(*sized, name_iface) + ", but it is " +
                     source_text(*sized) +
                     (c.source == AddressSource::Dhcp ? "; it should come from a DHCP lease" : "");
        return out;
    }
    if (in_prefix) {
        bool host = c.in.len() == (v6 ? 128u : 32u);
        out.detail = who + " has " + addr_text(*in_prefix, name_iface) + ": " +
                     (host ? std::string("the right address") : "inside " + c.in.to_string()) +
                     ", but configured as /" + std::to_string(in_prefix->prefix.len()) + ", not /" +
                     std::to_string(*c.length);
        return out;
    }
    std::string family = v6 ? "IPv6" : "IPv4";
    std::string have;
    for (const Addr& a : all)
        if (!(v6 && a.prefix.v6().addr.is_link_local()) || c.in.v6().len < 10)
            have += (have.empty() ? "" : ", ") + addr_text(a, name_iface);
    out.detail = have.empty() ? who + " has no " + family + " address" +
                                    (v6 ? " (besides its link-local one)" : "")
                              : who + " has " + have + ", none in " + c.in.to_string();
    return out;
}

// ===================================================================================== [SECTION]
// Route

namespace {

std::string route_text(const net::IpNode& n, const net::Route& r)
{
    bool any = r.prefix.len() == 0;
    std::string s = any ? (r.prefix.is_v4() ? "default" : "default (IPv6)") : r.prefix.to_string();
    if (r.gateway) s += " via " + r.gateway->to_string();
    return s + " dev " + port_name(n, r.port);
}

bool route_fits(const RouteCheck& c, const net::IpNode& n, const net::Route& r)
{
    if (c.via && !(r.gateway && *r.gateway == *c.via)) return false;
    if (!c.interface.empty() && port_name(n, r.port) != c.interface) return false;
    return true;
}

std::string route_wanted(const RouteCheck& c)
{
    std::string s = c.to
                        ? (c.to->len() == 0
                               ? std::string(c.to->is_v4() ? "default route" : "IPv6 default route")
                               : "route for " + c.to->to_string())
                        : "route to " + c.lookup->to_string();
    if (c.via) s += " via " + c.via->to_string();
    if (!c.interface.empty()) s += " out of " + c.interface;
    return s;
}

} // namespace

Outcome eval_route(const RouteCheck& c, const BuiltScenario& built)
{
    Outcome out;
    const net::IpNode* n = ip_node(built, c.device, out);
    if (!n) return out;
    const net::Route* found = nullptr;
    std::vector<net::Route> routes = n->routes().routes();
    if (c.to) {
        for (const net::Route& r : routes)
            if (r.prefix == c.to->canonical() && route_fits(c, *n, r)) {
                found = &r;
                break;
            }
    } else if (const net::Route* r = n->routes().lookup(*c.lookup); r && route_fits(c, *n, *r)) {
        found = r;
    }
    if (c.absent) {
        out.passed = !found;
        out.detail = found ? c.device + " has " + route_text(*n, *found)
                           : c.device + " has no " + route_wanted(c);
        return out;
    }
    if (found) {
        out.passed = true;
        out.detail = c.device + " has " + route_text(*n, *found);
        return out;
    }
    std::string list;
    size_t shown = 0;
    for (const net::Route& r : routes) {
        if (r.prefix.is_v6() != (c.to ? c.to->is_v6() : c.lookup->is_v6())) continue;
        if (r.prefix.is_v6() && r.prefix.v6().addr.is_link_local()) continue;
        if (shown++ == 6) {
            list += "; ...";
            break;
        }
        list += (list.empty() ? "" : "; ") + route_text(*n, r);
    }
    out.detail = c.device + " has no " + route_wanted(c);
    out.detail +=
        list.empty() ? " (it has no routes of that family)" : " (its routes: " + list + ")";
    return out;
}

// ===================================================================================== [SECTION]
// Listening

Outcome eval_listening(const ListeningCheck& c, const BuiltScenario& built)
{
    Outcome out;
    const net::IpNode* n = ip_node(built, c.device, out);
    if (!n) return out;
    std::string what = std::string(c.udp ? "UDP " : "TCP ") + std::to_string(c.port);
    const transport::SocketTable* t = transport::SocketTable::find(*n);
    std::string others;
    if (t) {
        for (const transport::SocketInfo& s : t->list()) {
            bool udp = s.protocol == transport::Protocol::Udp;
            bool listens = udp ? !s.remote : s.state == transport::TcpState::Listen;
            if (!listens) continue;
            if (udp == c.udp && s.local.port == c.port) {
                out.passed = true;
                out.detail = c.device + " listens on " + what;
                return out;
            }
            std::string o = std::string(udp ? "UDP " : "TCP ") + std::to_string(s.local.port);
            if (others.find(o) == std::string::npos) others += (others.empty() ? "" : ", ") + o;
        }
    }
    out.detail = "nothing listens on " + what + " on " + c.device +
                 (others.empty() ? " (it listens on no port)" : " (it listens on " + others + ")");
    return out;
}

// ===================================================================================== [SECTION]
// DHCP pool

namespace {

const app::DhcpServer* dhcp_server(const net::IpNode& n)
{
    const app::ServiceSet* set = app::ServiceSet::find(n);
    if (!set) return nullptr;
    for (const auto& s : set->all())
        if (const auto* d = dynamic_cast<const app::DhcpServer*>(s.get())) return d;
    return nullptr;
}

std::string pool_text(const app::DhcpPool& p)
{
    return Ipv4Range{p.first, p.last}.to_string() + " (pool of " + p.subnet.to_string() + ")";
}

bool overlaps(const app::DhcpPool& p, const Ipv4Range& r)
{
    return p.first.to_u32() <= r.last.to_u32() && r.first.to_u32() <= p.last.to_u32();
}

} // namespace

Outcome eval_dhcp_pool(const DhcpPoolCheck& c, const BuiltScenario& built)
{
    Outcome out;
    const net::IpNode* n = ip_node(built, c.device, out);
    if (!n) return out;
    const app::DhcpServer* server = dhcp_server(*n);
    if (!server) {
        out.detail = c.device + " runs no DHCP server (add \"dhcp\" to its services)";
        return out;
    }
    const std::vector<app::DhcpPool>& pools = server->config().pools;
    std::string all;
    for (const app::DhcpPool& p : pools) all += (all.empty() ? "" : ", ") + pool_text(p);
    for (const Ipv4Range& ex : c.excludes)
        for (const app::DhcpPool& p : pools)
            if (overlaps(p, ex)) {
                out.detail =
                    c.device + " hands out " + pool_text(p) + ", which includes " + ex.to_string();
                return out;
            }
    if (c.covers) {
        const app::DhcpPool* found = nullptr;
        for (const app::DhcpPool& p : pools)
            if (p.first.to_u32() <= c.covers->first.to_u32() &&
                c.covers->last.to_u32() <= p.last.to_u32()) {
                found = &p;
                break;
            }
        if (!found) {
            out.detail = c.device + "'s DHCP server hands out " + all + ": not all of " +
                         c.covers->to_string();
            return out;
        }
        all = pool_text(*found);
    }
    out.passed = true;
    out.detail = c.device + "'s DHCP server hands out " + all;
    for (const Ipv4Range& ex : c.excludes)
        out.detail += (&ex == c.excludes.data() ? ", not " : ", ") + ex.to_string();
    return out;
}

// ===================================================================================== [SECTION]
// Command

Outcome eval_command(const CommandCheck& c, const CommandRecord& rec, const LabBudget& budget)
{
    Outcome out;
    std::string cmd = "`" + c.command.run + "` on " + c.command.on;
    if (!rec.has_started) {
        out.detail = cmd + " never started: " + c.command.on +
                     " was still busy with an earlier check's command";
        return out;
    }
    if (rec.interrupted || !rec.has_ended) {
        out.budget_exceeded = true;
        std::string at = rec.has_ended ? " (stopped at " + rec.ended.to_string() + ")" : "";
        out.detail =
            with_output("exceeded budget: " + cmd + " did not finish" + at + "; the lab allows " +
                            format_duration(budget.time) + " of simulated time per run",
                        rec.output);
        return out;
    }
    std::string status = "exit status " + std::to_string(rec.exit_code);
    bool exit_ok = c.exit == ExitExpect::Any ||
                   (c.exit == ExitExpect::NonZero && rec.exit_code != 0) ||
                   (c.exit == ExitExpect::Code && rec.exit_code == c.exit_code);
    if (!exit_ok) {
        std::string want = c.exit == ExitExpect::NonZero
                               ? "it should fail"
                               : "expected " + std::to_string(c.exit_code);
        out.detail = with_output(cmd + " ended with " + status + " (" + want + ")", rec.output);
        return out;
    }
    if (c.matches && !c.matches->search(rec.output)) {
        out.detail = with_output(cmd + ": the output does not match /" + c.matches->pattern() + "/",
                                 rec.output);
        return out;
    }
    if (c.not_matches && c.not_matches->search(rec.output)) {
        out.detail = with_output(cmd + ": the output matches /" + c.not_matches->pattern() +
                                     "/ (it must not)",
                                 rec.output);
        return out;
    }
    out.passed = true;
    out.detail = with_output(cmd + ": " + status, rec.output);
    return out;
}

// ===================================================================================== [SECTION]
// Traffic

std::string scope_text(const TrafficCheck& c)
{
    switch (c.scope) {
    case TrafficScope::Anywhere: return "anywhere in the network";
    case TrafficScope::Link: {
        auto end = [](const Endpoint& e) { return e.port.empty() ? e.device : e.to_string(); };
        return "on the link " + end(c.link[0]) + " - " + end(c.link[1]);
    }
    case TrafficScope::SentBy: return "sent by " + c.device;
    case TrafficScope::ReceivedBy: return "received by " + c.device;
    }
    return "";
}

Outcome eval_traffic(const TrafficCheck& c, const FrameCount& n)
{
    Outcome out;
    out.passed = n.count >= c.min && n.count <= c.max;
    std::string filter = "`" + c.filter.text() + "`";
    std::string where = scope_text(c);
    std::string first = n.count ? "; the first at " + n.first_at.to_string() + ": " + n.first : "";
    if (n.count == 0) {
        out.detail = "no frame matching " + filter + " was seen " + where;
        return out;
    }
    std::string counted = std::to_string(n.count) + (n.count == 1 ? " frame" : " frames") +
                          " matching " + filter + " seen " + where;
    std::string expected;
    if (!out.passed) {
        if (c.max == 0)
            expected = " (expected none)";
        else if (c.max == UINT64_MAX)
            expected = " (expected at least " + std::to_string(c.min) + ")";
        else
            expected = " (expected " + std::to_string(c.min) + " to " + std::to_string(c.max) + ")";
    }
    out.detail = counted + expected + first;
    return out;
}

} // namespace wirelab::sim::detail

namespace wirelab::sim {

std::string Ipv4Range::to_string() const
{
    return first == last ? first.to_string() : first.to_string() + "-" + last.to_string();
}

} // namespace wirelab::sim
