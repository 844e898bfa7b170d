// DHCP in scenario files: the "dhcp" server and "dhcp-relay" services of a device, and the DHCP
// clients of interfaces marked "dhcp": true. Settings are read once by the same code for
// validation (which keeps the messages) and installation (which keeps the values).
//
//   "dhcp": {"pools": [{"subnet": "192.168.1.0/24", "range": "192.168.1.100-192.168.1.199",
//                       "router": "192.168.1.1", "dns": ["192.168.1.1"], "domain": "home.lab",
//                       "lease": "3600s"}],
//            "reservations": [{"mac": "02:57:4c:00:05:00", "ip": "192.168.1.50"}]}
//   "dhcp-relay": {"servers": ["10.0.0.67"], "interfaces": ["eth0"]}
#include "core/net/ip_node.h"
#include "core/services/dhcp/dhcp_client.h"
#include "core/services/dhcp/dhcp_relay.h"
#include "core/services/dhcp/dhcp_server.h"
#include "core/wire/dns_name.h"
#include "sim/services.h"
#include "sim/services_check.h"
#include "sim/services_clients.h"

namespace wirelab::sim {
namespace {

using detail::describe_value;
using detail::index_path;
using detail::join_path;
using detail::quote;
using detail::SettingsReader;
using wire::Ipv4Addr;

// [SECTION] values

std::optional<Ipv4Addr> read_v4(const RawJson& v, const std::string& path, const SettingsReader& r)
{
    const std::string* text = v.get_ptr<const std::string*>();
    if (!text) {
        r.error(path, "expected an IPv4 address like \"192.168.1.1\", got " + describe_value(v));
        return std::nullopt;
    }
    auto a = Ipv4Addr::parse(*text);
    if (!a) {
        r.error(path, a.error().message);
        return std::nullopt;
    }
    return *a;
}

// One address or a list of them.
std::vector<Ipv4Addr> read_v4_list(const RawJson* v, const std::string& path,
                                   const SettingsReader& r)
{
    std::vector<Ipv4Addr> out;
    if (!v) return out;
    if (!v->is_array()) {
        if (auto a = read_v4(*v, path, r)) out.push_back(*a);
        return out;
    }
    for (size_t i = 0; i < v->size(); ++i)
        if (auto a = read_v4((*v)[i], index_path(path, i), r)) out.push_back(*a);
    return out;
}

// "lease": whole seconds, as a number (3600) or a duration ("3600s"); or "infinite".
uint32_t read_lease(const SettingsReader& r)
{
    const RawJson* v = r.find("lease");
    if (!v) return 3600;
    std::string p = r.at("lease");
    if (v->is_string() && v->get<std::string>() == "infinite") return 0xffffffffu;
    std::optional<int64_t> seconds;
    if (v->is_number_unsigned()) seconds = int64_t(v->get<uint64_t>());
    if (v->is_string())
        if (auto d = parse_duration(v->get<std::string>()); d && d->ns() % 1000000000 == 0)
            seconds = d->ns() / 1000000000;
    if (!seconds || *seconds < 4 || *seconds > 0xfffffffe) {
        r.error(p, "must be a lease time in whole seconds from 4 to 4294967294, e.g. 3600 or "
                   "\"3600s\", or "
                   "\"infinite\"; got " +
                       describe_value(*v));
        return 3600;
    }
    return uint32_t(*seconds);
}

// "range": "first-last" inside the subnet, not its network or broadcast address.
void read_range(const SettingsReader& r, app::DhcpPool& pool)
{
    std::string p = r.at("range");
    const RawJson* v = r.find("range");
    if (!v) {
        r.error(p, "missing; the addresses to hand out, e.g. \"192.168.1.100-192.168.1.199\"");
        return;
    }
    const std::string* text = v->get_ptr<const std::string*>();
    size_t dash = text ? text->find('-') : std::string::npos;
    if (dash == std::string::npos) {
        r.error(p, "expected \"first-last\", e.g. \"192.168.1.100-192.168.1.199\", got " +
                       describe_value(*v));
        return;
    }
    auto first = Ipv4Addr::parse(text->substr(0, dash));
    auto last = Ipv4Addr::parse(text->substr(dash + 1));
    if (!first || !last) {
        r.error(p, (first ? last.error() : first.error()).message);
        return;
    }
    if (*last < *first) {
        r.error(p, quote(*text) + " ends before it starts; write the lower address first");
        return;
    }
    pool.first = *first;
    pool.last = *last;
    if (pool.subnet.len == 0) return; // the subnet was wrong and is reported already
    for (Ipv4Addr a : {*first, *last}) {
        if (!pool.subnet.contains(a))
            r.error(p, a.to_string() + " is not in the subnet " + pool.subnet.to_string());
        else if (pool.subnet.has_broadcast() &&
                 (a == pool.subnet.network() || a == pool.subnet.broadcast()))
            r.error(p, a.to_string() + " is the " +
                           (a == pool.subnet.network() ? "network" : "broadcast") + " address of " +
                           pool.subnet.to_string() + "; no host can have it");
    }
}

app::DhcpPool read_pool(const RawJson& v, const std::string& path, std::vector<Diagnostic>& out)
{
    app::DhcpPool pool;
    SettingsReader r(v, path, out);
    if (!r.is_settings_object(
            "{\"subnet\": \"192.168.1.0/24\", \"range\": \"192.168.1.100-192.168.1.199\"}"))
        return pool;
    r.only_keys({"subnet", "range", "router", "dns", "domain", "lease"});
    std::string subnet = r.string("subnet");
    if (subnet.empty()) {
        r.error(r.at("subnet"), "missing; the network the pool serves, e.g. \"192.168.1.0/24\"");
    } else if (auto pre = wire::Ipv4Prefix::parse(subnet); !pre) {
        r.error(r.at("subnet"), pre.error().message);
    } else if (pre->is_host_bits_set()) {
        r.error(r.at("subnet"), quote(subnet) + " has host bits set; the subnet is " +
                                    pre->canonical().to_string());
    } else if (pre->len > 30) {
        r.error(r.at("subnet"),
                quote(subnet) + " is too small to hand out addresses; use /30 or larger");
    } else {
        pool.subnet = *pre;
    }
    read_range(r, pool);
    pool.routers = read_v4_list(r.find("router"), r.at("router"), r);
    for (const Ipv4Addr& gw : pool.routers)
        if (pool.subnet.len && !pool.subnet.contains(gw))
            r.error(r.at("router"), gw.to_string() + " is not in " + pool.subnet.to_string() +
                                        "; clients can only use a router on their own subnet");
    pool.dns = read_v4_list(r.find("dns"), r.at("dns"), r);
    pool.domain = r.string("domain");
    if (!pool.domain.empty() && !wire::dns::Name::from_text(pool.domain))
        r.error(r.at("domain"), quote(pool.domain) + " is not a domain name");
    pool.lease_seconds = read_lease(r);
    return pool;
}

app::DhcpServerConfig read_dhcp(const RawJson& config, const std::string& path,
                                std::vector<Diagnostic>& out)
{
    app::DhcpServerConfig c;
    SettingsReader r(config, path, out);
    if (!r.is_settings_object("{\"pools\": [{\"subnet\": ..., \"range\": ...}]}")) return c;
    r.only_keys({"pools", "reservations"});
    const RawJson* pools = r.find("pools");
    if (!pools || !pools->is_array() || pools->empty()) {
        r.error(r.at("pools"),
                "must be a list of one or more pools, e.g. [{\"subnet\": \"192.168.1.0/24\", "
                "\"range\": \"192.168.1.100-192.168.1.199\", \"router\": \"192.168.1.1\"}]");
        return c;
    }
    for (size_t i = 0; i < pools->size(); ++i)
        c.pools.push_back(read_pool((*pools)[i], index_path(r.at("pools"), i), out));
    const RawJson* res = r.find("reservations");
    if (!res) return c;
    if (!res->is_array()) {
        r.error(r.at("reservations"),
                "must be a list like [{\"mac\": \"02:57:4c:00:05:00\", \"ip\": \"192.168.1.50\"}]");
        return c;
    }
    for (size_t i = 0; i < res->size(); ++i) {
        std::string p = index_path(r.at("reservations"), i);
        SettingsReader e((*res)[i], p, out);
        if (!e.is_settings_object("{\"mac\": \"02:57:4c:00:05:00\", \"ip\": \"192.168.1.50\"}"))
            continue;
        e.only_keys({"mac", "ip"});
        auto mac = wire::MacAddr::parse(e.string("mac"));
        if (!mac) e.error(e.at("mac"), mac.error().message);
        const RawJson* ip = e.find("ip");
        auto addr = ip ? read_v4(*ip, e.at("ip"), e) : std::nullopt;
        if (!ip) e.error(e.at("ip"), "missing; the address this MAC always gets");
        if (!mac || !addr) continue;
        bool in_pool = false;
        for (const app::DhcpPool& pool : c.pools)
            in_pool |= pool.subnet.len && pool.subnet.contains(*addr);
        if (!in_pool) e.error(e.at("ip"), addr->to_string() + " is in none of the pools' subnets");
        for (const app::DhcpReservation& other : c.reservations)
            if (other.mac == *mac) e.error(e.at("mac"), mac->to_string() + " is reserved twice");
        c.reservations.push_back({*mac, *addr});
    }
    return c;
}

bool has_relay(const Scenario& s)
{
    for (const DeviceSpec& d : s.devices)
        if (d.services.is_object() && d.services.contains("dhcp-relay")) return true;
    return false;
}

// Addresses other devices have statically inside a pool's range would be handed out twice.
void check_against_scenario(const app::DhcpServerConfig& c, const std::string& path,
                            const DeviceSpec& device, const Scenario& s,
                            std::vector<Diagnostic>& out)
{
    for (size_t i = 0; i < c.pools.size(); ++i) {
        const app::DhcpPool& pool = c.pools[i];
        if (pool.subnet.len == 0) continue;
        std::string pp = join_path(index_path(join_path(path, "pools"), i), "range");
        bool local = false;
        for (const InterfaceSpec& in : device.interfaces)
            for (const wire::Ipv4Prefix& a : in.ipv4) local |= pool.subnet.contains(a.addr);
        if (!local && !has_relay(s))
            out.push_back({Diagnostic::Severity::Warning,
                           join_path(index_path(join_path(path, "pools"), i), "subnet"),
                           device.name + " has no interface in " + pool.subnet.to_string() +
                               " and no router relays DHCP; add \"dhcp-relay\" on the router of "
                               "that subnet"});
        for (const DeviceSpec& d : s.devices)
            for (const InterfaceSpec& in : d.interfaces)
                for (const wire::Ipv4Prefix& a : in.ipv4)
                    if (pool.first <= a.addr && a.addr <= pool.last && d.name != device.name)
                        out.push_back({Diagnostic::Severity::Warning, pp,
                                       a.addr.to_string() + " (" + d.name + " " + in.name +
                                           ") is inside the range; the server could hand it out to "
                                           "another host"});
    }
}

void validate_dhcp(const RawJson& config, const std::string& path, const DeviceSpec& device,
                   const Scenario& s, std::vector<Diagnostic>& out)
{
    app::DhcpServerConfig c = read_dhcp(config, path, out);
    if (device.services.contains("dhcp-relay"))
        out.push_back({Diagnostic::Severity::Error, path,
                       device.name + " cannot run a DHCP server and a DHCP relay: "
                                     "both use UDP port 67; keep one"});
    check_against_scenario(c, path, device, s, out);
}

void install_dhcp(const RawJson& config, const DeviceSpec&, net::IpNode& node, BuiltScenario&)
{
    std::vector<Diagnostic> ignored; // the scenario validated
    app::ServiceSet::of(node).add<app::DhcpServer>(read_dhcp(config, "", ignored));
}

// [SECTION] relay

app::DhcpRelayConfig read_relay(const RawJson& config, const std::string& path,
                                const DeviceSpec& device, std::vector<Diagnostic>& out)
{
    app::DhcpRelayConfig c;
    SettingsReader r(config, path, out);
    if (!r.is_settings_object("{\"servers\": [\"10.0.0.67\"]}")) return c;
    r.only_keys({"servers", "interfaces"});
    c.servers = read_v4_list(r.find("servers"), r.at("servers"), r);
    if (!r.find("servers"))
        r.error(r.at("servers"), "missing; the DHCP servers to relay to, e.g. [\"10.0.0.67\"]");
    const RawJson* ifaces = r.find("interfaces");
    if (!ifaces) return c;
    if (!ifaces->is_array()) {
        r.error(r.at("interfaces"), "must be a list of interface names, e.g. [\"eth0\"]");
        return c;
    }
    for (size_t i = 0; i < ifaces->size(); ++i) {
        const std::string* name = (*ifaces)[i].get_ptr<const std::string*>();
        std::string p = index_path(r.at("interfaces"), i);
        if (!name)
            r.error(p, "expected an interface name, got " + describe_value((*ifaces)[i]));
        else if (!device.find_interface(*name))
            r.error(p, device.name + " has no interface " + quote(*name));
        else
            c.interfaces.push_back(*name);
    }
    return c;
}

void validate_relay(const RawJson& config, const std::string& path, const DeviceSpec& device,
                    const Scenario&, std::vector<Diagnostic>& out)
{
    read_relay(config, path, device, out);
    if (device.type != DeviceType::Router)
        out.push_back({Diagnostic::Severity::Error, path,
                       device.name + " is a host; a DHCP relay runs on the router "
                                     "between the clients and the server"});
}

void install_relay(const RawJson& config, const DeviceSpec& device, net::IpNode& node,
                   BuiltScenario&)
{
    std::vector<Diagnostic> ignored;
    app::ServiceSet::of(node).add<app::DhcpRelay>(read_relay(config, "", device, ignored));
}

} // namespace

extern const ServiceKind kDhcpService = {
    "dhcp", "DHCP server (UDP 67): address pools, reservations, leases", validate_dhcp,
    install_dhcp};
extern const ServiceKind kDhcpRelayService = {"dhcp-relay",
                                              "DHCP relay agent (ip helper-address) on a router",
                                              validate_relay, install_relay};

void install_dhcp_clients(const Scenario& s, BuiltScenario& built)
{
    for (const DeviceSpec& d : s.devices) {
        if (!d.is_ip_node()) continue;
        auto it = built.nodes.find(d.name);
        if (it == built.nodes.end()) continue;
        auto& node = static_cast<net::IpNode&>(built.network->node(it->second));
        for (const InterfaceSpec& in : d.interfaces) {
            int port = node.find_port(in.name);
            if (in.dhcp && port >= 0) app::DhcpClient::of(node).enable(uint32_t(port));
        }
    }
}

} // namespace wirelab::sim
