// Scenario loading, part 2: one entry of "devices" (hosts, routers, switches, hubs), with its
// interfaces, addresses, gateways, routes and router advertisements.
#include "sim/scenario_json.h"
#include "sim/scenario_load.h"

#include "core/wire/dns_name.h"

#include <cmath>

namespace wirelab::sim::detail {
namespace {

using J = RawJson;

const KeyList kDeviceKeys = {"name",     "type",   "position",  "interfaces", "gateway",
                             "gateway6", "routes", "advertise", "dns",        "search",
                             "hosts",    "ports",  "services",  "notes"};
const KeyList kInterfaceKeys = {"name", "dhcp", "ipv4", "ipv6", "mtu", "slaac"};
const KeyList kRouteKeys = {"to", "via", "dev", "metric"};
const KeyList kTypeNames = {"host", "router", "switch", "hub"};

constexpr uint32_t kMaxPorts = 64;

// What people also call these devices.
std::string_view type_alias(std::string_view name)
{
    static constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
        {"pc", "host"},        {"computer", "host"},    {"server", "host"},
        {"laptop", "host"},    {"workstation", "host"}, {"client", "host"},
        {"gateway", "router"}, {"bridge", "switch"},    {"repeater", "hub"}};
    for (const auto& [alias, type] : kAliases)
        if (alias == name) return type;
    return {};
}

std::optional<DeviceType> read_type(Reader& r, const J& v, const std::string& path)
{
    std::string p = join_path(path, "type");
    if (!Reader::find(v, "type")) {
        r.error(p, "missing; one of \"host\", \"router\", \"switch\", \"hub\"");
        return std::nullopt;
    }
    auto t = r.get_string(v, "type", path, true);
    if (!t) return std::nullopt;
    for (size_t i = 0; i < kTypeNames.size(); ++i)
        if (*t == kTypeNames[i]) return DeviceType(i);
    std::string_view guess = type_alias(*t);
    if (guess.empty()) guess = closest(*t, kTypeNames);
    std::string msg = "unknown device type " + quote(*t);
    if (!guess.empty()) msg += "; did you mean " + quote(guess) + "?";
    r.error(p, msg + " (the types are host, router, switch and hub)");
    return std::nullopt;
}

// Keys that exist in the format but make no sense for this type of device.
void check_type_keys(Reader& r, const J& v, const std::string& path, DeviceType type)
{
    std::string kind = to_string(type);
    auto misplaced = [&](std::string_view key, const std::string& why) {
        if (Reader::find(v, key)) r.error(join_path(path, key), why);
    };
    if (type == DeviceType::Switch || type == DeviceType::Hub) {
        std::string layer = type == DeviceType::Hub ? "1" : "2";
        misplaced("interfaces", "a " + kind +
                                    " has \"ports\" (port1, port2, ...), not interfaces; "
                                    "it has no IP address");
        for (std::string_view key : {"gateway", "gateway6", "routes"})
            misplaced(key,
                      "a " + kind + " works at layer " + layer +
                          " and does no IP routing; set gateways and routes on hosts and routers");
        misplaced("advertise", "only routers send router advertisements");
        for (std::string_view key : {"dns", "search", "hosts"})
            misplaced(key, "a " + kind + " has no IP stack and resolves no names; set \"" +
                               std::string(key) + "\" on hosts and routers");
    } else {
        misplaced("ports", "a " + kind + " has \"interfaces\" (eth0, eth1, ...), not \"ports\"");
        if (type == DeviceType::Host)
            misplaced("advertise", "only routers send router advertisements; make this device a "
                                   "router or remove \"advertise\"");
    }
}

std::optional<Position> read_position(Reader& r, const J& v, const std::string& path)
{
    const J* pos = Reader::find(v, "position");
    if (!pos) return std::nullopt;
    bool ok = pos->is_array() && pos->size() == 2;
    for (size_t i = 0; ok && i < 2; ++i)
        ok = (*pos)[i].is_number() &&
             (!(*pos)[i].is_number_float() || std::isfinite(*(*pos)[i].get_ptr<const double*>()));
    if (!ok) {
        r.error(join_path(path, "position"),
                "expected [x, y], two numbers, got " + describe_value(*pos));
        return std::nullopt;
    }
    auto num = [](const J& n) {
        if (n.is_number_float()) return *n.get_ptr<const double*>();
        if (n.is_number_unsigned()) return double(*n.get_ptr<const uint64_t*>());
        return double(*n.get_ptr<const int64_t*>());
    };
    return Position{num((*pos)[0]), num((*pos)[1])};
}

std::string prefix_hint(const std::string& message, bool v6)
{
    if (message.find("missing \"/length\"") != std::string::npos)
        return v6 ? " (write the address with its prefix length, e.g. \"2001:db8:1::10/64\")"
                  : " (write the address with its subnet length, e.g. \"10.0.1.10/24\")";
    return "";
}

// "ipv4"/"ipv6": one prefix or a list of them. Bad entries are reported and left out.
template <class Prefix>
void read_prefixes(Reader& r, const J& obj, std::string_view key, const std::string& path,
                   std::vector<Prefix>& out)
{
    constexpr bool v6 = std::is_same_v<Prefix, wire::Ipv6Prefix>;
    const J* v = Reader::find(obj, key);
    if (!v) return;
    std::string list_path = join_path(path, key);
    auto one = [&](const J& item, const std::string& p) {
        const std::string* text = item.get_ptr<const std::string*>();
        if (!text) {
            r.error(p, std::string("expected ") +
                           (v6 ? "an IPv6 prefix like \"2001:db8::1/64\""
                               : "an IPv4 prefix like \"10.0.1.10/24\"") +
                           ", got " + describe_value(item));
            r.taint(list_path);
            return;
        }
        bool other_family =
            v6 ? text->find(':') == std::string::npos && text->find('.') != std::string::npos
               : text->find(':') != std::string::npos;
        if (other_family) {
            r.error(p, quote(*text) + " is an " + (v6 ? "IPv4" : "IPv6") +
                           " prefix; list it under \"" + (v6 ? "ipv4" : "ipv6") + "\"");
            r.taint(list_path);
            return;
        }
        auto prefix = Prefix::parse(*text);
        if (!prefix) {
            r.error(p, prefix.error().message + prefix_hint(prefix.error().message, v6));
            r.taint(list_path);
            return;
        }
        out.push_back(*prefix);
    };
    if (v->is_array()) {
        for (size_t i = 0; i < v->size(); ++i) one((*v)[i], index_path(list_path, i));
    } else {
        one(*v, list_path);
    }
}

InterfaceSpec read_interface(Reader& r, const J& v, const std::string& path, DeviceType type)
{
    InterfaceSpec spec;
    if (!r.check_object(v, path, "an interface {\"name\": \"eth0\", ...}")) return spec;
    r.check_keys(v, path, kInterfaceKeys);
    spec.name = r.get_string(v, "name", path, true).value_or("");
    read_prefixes(r, v, "ipv4", path, spec.ipv4);
    read_prefixes(r, v, "ipv6", path, spec.ipv6);
    if (auto mtu = r.get_uint(v, "mtu", path, 68, 65535, "the MTU")) spec.mtu = uint32_t(*mtu);
    if (auto dhcp = r.get_bool(v, "dhcp", path)) {
        spec.dhcp = *dhcp;
        if (*dhcp && !spec.ipv4.empty())
            r.error(join_path(path, "dhcp"),
                    "an interface with \"dhcp\": true gets its IPv4 address "
                    "from a DHCP server; remove \"ipv4\" or \"dhcp\"");
    }
    if (auto slaac = r.get_bool(v, "slaac", path)) {
        if (type == DeviceType::Router)
            r.error(join_path(path, "slaac"), "routers do not configure addresses from router "
                                              "advertisements; remove \"slaac\"");
        else
            spec.slaac = *slaac;
    }
    return spec;
}

template <class Addr>
std::optional<Addr> read_gateway(Reader& r, const J& v, std::string_view key,
                                 const std::string& path)
{
    constexpr bool v6 = std::is_same_v<Addr, wire::Ipv6Addr>;
    auto text = r.get_string(v, key, path, false);
    if (!text) return std::nullopt;
    std::string p = join_path(path, key);
    if (text->find('/') != std::string::npos) {
        r.error(p, quote(*text) + " is a prefix; a gateway is one address, without \"/length\"");
        return std::nullopt;
    }
    bool has_colon = text->find(':') != std::string::npos;
    if (has_colon != v6 && !text->empty()) {
        r.error(p, quote(*text) + " is an " + (v6 ? "IPv4" : "IPv6") + " address; use \"" +
                       (v6 ? "gateway" : "gateway6") + "\" for it");
        return std::nullopt;
    }
    auto addr = wire::IpAddr::parse(*text);
    if (!addr) {
        r.error(p, addr.error().message);
        return std::nullopt;
    }
    if constexpr (v6)
        return addr->v6();
    else
        return addr->v4();
}

std::optional<RouteSpec> read_route(Reader& r, const J& v, const std::string& path)
{
    if (!r.check_object(v, path, "a route {\"to\": \"10.9.0.0/16\", \"via\": \"10.0.1.254\"}"))
        return std::nullopt;
    r.check_keys(v, path, kRouteKeys);
    RouteSpec route;
    bool ok = true;
    if (auto via = r.get_string(v, "via", path, false)) {
        auto addr = wire::IpAddr::parse(*via);
        if (addr)
            route.via = *addr;
        else
            r.error(join_path(path, "via"), addr.error().message), ok = false;
    }
    route.dev = r.get_string(v, "dev", path, false).value_or("");
    if (auto metric = r.get_uint(v, "metric", path, 0, UINT32_MAX, "the metric"))
        route.metric = uint32_t(*metric);
    auto to = r.get_string(v, "to", path, true);
    if (!to) return std::nullopt;
    if (*to == "default") {
        if (!route.via) {
            if (ok)
                r.error(join_path(path, "to"), "\"default\" needs \"via\" to tell IPv4 from IPv6; "
                                               "or write \"0.0.0.0/0\" or \"::/0\"");
            return std::nullopt;
        }
        route.to = route.via->is_v4() ? wire::IpPrefix(wire::Ipv4Prefix{})
                                      : wire::IpPrefix(wire::Ipv6Prefix{});
        return ok ? std::optional(route) : std::nullopt;
    }
    auto prefix = wire::IpPrefix::parse(*to);
    if (!prefix) {
        r.error(join_path(path, "to"), prefix.error().message);
        return std::nullopt;
    }
    route.to = *prefix;
    return ok ? std::optional(route) : std::nullopt;
}

void read_routes(Reader& r, const J& v, const std::string& path, DeviceSpec& d)
{
    const J* routes = r.get_list(v, "routes", path);
    if (!routes) return;
    std::string list_path = join_path(path, "routes");
    for (size_t i = 0; i < routes->size(); ++i) {
        if (auto route = read_route(r, (*routes)[i], index_path(list_path, i)))
            d.routes.push_back(std::move(*route));
        else
            r.taint(list_path);
    }
}

void read_advertise(Reader& r, const J& v, const std::string& path, DeviceSpec& d)
{
    const J* adv = Reader::find(v, "advertise");
    if (!adv) return;
    std::string p = join_path(path, "advertise");
    if (!adv->is_object()) {
        r.error(p, "expected {\"eth1\": [\"2001:db8:1::/64\"], ...}, got " + describe_value(*adv));
        return;
    }
    for (auto it = adv->begin(); it != adv->end(); ++it) {
        AdvertiseSpec spec{it.key(), {}};
        read_prefixes(r, *adv, it.key(), p, spec.prefixes);
        d.advertise.push_back(std::move(spec));
    }
}

// "dns": one address or a list; "search": one domain or a list; "hosts": {"name": address or
// [addresses]}. The stub resolver's configuration (resolv.conf and /etc/hosts).
std::optional<wire::IpAddr> read_address(Reader& r, const J& v, const std::string& path)
{
    const std::string* text = v.get_ptr<const std::string*>();
    if (!text) {
        r.error(path, "expected an address like \"10.0.0.53\", got " + describe_value(v));
        return std::nullopt;
    }
    auto addr = wire::IpAddr::parse(*text);
    if (!addr) {
        r.error(path, addr.error().message);
        return std::nullopt;
    }
    return *addr;
}

std::optional<std::string> read_domain(Reader& r, const J& v, const std::string& path)
{
    const std::string* text = v.get_ptr<const std::string*>();
    if (!text) {
        r.error(path, "expected a domain name like \"lab\", got " + describe_value(v));
        return std::nullopt;
    }
    auto name = wire::dns::Name::from_text(*text);
    if (!name || text->empty() || *text == ".") {
        r.error(path, quote(*text) + " is not a domain name" +
                          (name ? std::string(" (the root cannot be searched)")
                                : ": " + name.error().message()));
        return std::nullopt;
    }
    return *text;
}

// A value that may be one item or a list of items.
template <class Item, class Fn>
void read_one_or_list(const J& v, const std::string& path, std::vector<Item>& out, Fn read)
{
    if (!v.is_array()) {
        if (auto item = read(v, path)) out.push_back(*item);
        return;
    }
    for (size_t i = 0; i < v.size(); ++i)
        if (auto item = read(v[i], index_path(path, i))) out.push_back(*item);
}

void read_resolver(Reader& r, const J& v, const std::string& path, DeviceSpec& d)
{
    auto address = [&r](const J& item, const std::string& p) { return read_address(r, item, p); };
    if (const J* dns = Reader::find(v, "dns"))
        read_one_or_list(*dns, join_path(path, "dns"), d.dns, address);
    if (const J* search = Reader::find(v, "search"))
        read_one_or_list(
            *search, join_path(path, "search"), d.search,
            [&r](const J& item, const std::string& p) { return read_domain(r, item, p); });
    const J* hosts = Reader::find(v, "hosts");
    if (!hosts) return;
    std::string hp = join_path(path, "hosts");
    if (!hosts->is_object()) {
        r.error(hp, "expected {\"www.lab\": \"10.0.0.80\", ...}, got " + describe_value(*hosts));
        return;
    }
    for (auto it = hosts->begin(); it != hosts->end(); ++it) {
        std::string p = join_path(hp, it.key());
        auto name = wire::dns::Name::from_text(it.key());
        if (!name || it.key().empty() || it.key() == ".") {
            r.error(p, quote(it.key()) + " is not a host name" +
                           (name ? "" : ": " + name.error().message()));
            continue;
        }
        HostsSpec h{it.key(), {}};
        read_one_or_list(it.value(), p, h.addrs, address);
        if (!h.addrs.empty()) d.hosts.push_back(std::move(h));
    }
}

} // namespace

DeviceSpec read_device(Reader& r, const J& v, const std::string& path)
{
    DeviceSpec d;
    if (!r.check_object(v, path, "a device {\"name\": ..., \"type\": ...}")) return d;
    r.check_keys(v, path, kDeviceKeys);
    d.name = r.get_string(v, "name", path, true).value_or("");
    std::optional<DeviceType> type = read_type(r, v, path);
    if (type) check_type_keys(r, v, path, *type);
    d.type = type.value_or(DeviceType::Host);
    d.position = read_position(r, v, path);
    if (const J* ifaces = r.get_list(v, "interfaces", path))
        for (size_t i = 0; i < ifaces->size(); ++i)
            d.interfaces.push_back(read_interface(
                r, (*ifaces)[i], index_path(join_path(path, "interfaces"), i), d.type));
    d.gateway = read_gateway<wire::Ipv4Addr>(r, v, "gateway", path);
    d.gateway6 = read_gateway<wire::Ipv6Addr>(r, v, "gateway6", path);
    read_routes(r, v, path, d);
    read_advertise(r, v, path, d);
    if (d.type == DeviceType::Switch || d.type == DeviceType::Hub) {
        d.ports = d.type == DeviceType::Switch ? 8 : 4;
        if (auto ports = r.get_uint(v, "ports", path, 1, kMaxPorts, "the number of ports"))
            d.ports = uint32_t(*ports);
    }
    read_resolver(r, v, path, d);
    d.services = r.get_raw(v, "services");
    d.notes = r.get_raw(v, "notes");
    return d;
}

} // namespace wirelab::sim::detail
