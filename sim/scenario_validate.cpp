// Scenario checks on the data itself: names, references between devices, links and the script,
// addresses and subnets. Used by load_scenario (after reading the JSON) and by the browser on a
// Scenario edited in memory.
// [SECTION] index: helpers · names · addresses · gateways and routes · links · script · entry
#include "sim/scenario_json.h"
#include "sim/scenario_load.h"
#include "sim/services.h"

#include <algorithm>
#include <map>

namespace wirelab::sim::detail {
namespace {

constexpr size_t kMaxNameLen = 32;
constexpr uint32_t kMaxPorts = 64;
constexpr uint32_t kMinIpv6Mtu = 1280; // RFC 8200 §5

// ===================================================================================== [SECTION]
// Helpers

bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

bool is_valid_name(std::string_view n)
{
    if (n.empty() || n.size() > kMaxNameLen || n[0] == '-' || n[0] == '_' || n[0] == '.')
        return false;
    for (char c : n)
        if (!is_name_char(c)) return false;
    return true;
}

std::string name_rule(std::string_view n)
{
    return quote(n) +
           " is not a usable name: use letters, digits, \"-\", \"_\" and \".\", at most " +
           std::to_string(kMaxNameLen) + " characters, starting with a letter or digit";
}

// "eth0: 10.0.1.10/24, eth1: 10.0.2.1/24" (IPv4 or IPv6), for messages about subnets.
std::string address_summary(const DeviceSpec& d, bool v6)
{
    std::string s;
    for (const InterfaceSpec& i : d.interfaces) {
        std::vector<std::string> texts;
        if (v6)
            for (const auto& p : i.ipv6) texts.push_back(p.to_string());
        else
            for (const auto& p : i.ipv4) texts.push_back(p.to_string());
        for (const std::string& t : texts) s += (s.empty() ? "" : ", ") + i.name + ": " + t;
    }
    return s;
}

std::string list_names(const std::vector<std::string>& names)
{
    std::string s;
    size_t shown = std::min<size_t>(names.size(), 12);
    for (size_t i = 0; i < shown; ++i) s += (i ? ", " : "") + names[i];
    if (shown < names.size()) s += ", ...";
    return s;
}

class Validator {
public:
    Validator(const Scenario& s, const std::set<std::string>& broken) : m_s(s), m_broken(broken) {}
    std::vector<Diagnostic> run();

private:
    // Quiet when this path or one of its ancestors could not be read.
    bool is_quiet(const std::string& path) const
    {
        std::string p = path;
        while (true) {
            if (m_broken.count(p)) return true;
            size_t cut = p.find_last_of(".[");
            if (cut == std::string::npos || cut == 0) return false;
            p.resize(cut);
        }
    }
    // Something at or under `prefix` could not be read.
    bool is_broken_under(const std::string& prefix) const
    {
        auto it = m_broken.lower_bound(prefix);
        for (; it != m_broken.end() && it->compare(0, prefix.size(), prefix) == 0; ++it) {
            char next = it->size() > prefix.size() ? (*it)[prefix.size()] : '\0';
            if (next == '\0' || next == '.' || next == '[') return true;
        }
        return false;
    }
    void error(const std::string& path, std::string msg)
    {
        if (!is_quiet(path)) m_out.push_back({Diagnostic::Severity::Error, path, std::move(msg)});
    }
    void warning(const std::string& path, std::string msg)
    {
        if (!is_quiet(path)) m_out.push_back({Diagnostic::Severity::Warning, path, std::move(msg)});
    }
    std::string device_path(size_t i) const { return index_path("devices", i); }
    std::string iface_path(size_t d, size_t i) const
    {
        return index_path(join_path(device_path(d), "interfaces"), i);
    }

    void check_names();
    void check_device(size_t di);
    void check_interface(size_t di, size_t ii);
    void check_ipv4(const std::string& path, const wire::Ipv4Prefix& p);
    void check_ipv6(const std::string& path, const wire::Ipv6Prefix& p);
    void check_address_conflicts();
    void check_gateways(size_t di);
    void check_routes(size_t di);
    void check_advertise(size_t di);
    void check_links();
    bool check_endpoint(size_t li, std::string_view side, const Endpoint& e);
    void check_dir(const std::string& path, const LinkDirSpec& d);
    void check_script();
    std::string no_device(std::string_view name) const;

    const Scenario& m_s;
    const std::set<std::string>& m_broken;
    std::vector<Diagnostic> m_out;
};

// ===================================================================================== [SECTION]
// Names

void Validator::check_names()
{
    std::map<std::string, size_t, std::less<>> seen;
    for (size_t i = 0; i < m_s.devices.size(); ++i) {
        const DeviceSpec& d = m_s.devices[i];
        std::string p = join_path(device_path(i), "name");
        if (d.name.empty()) {
            error(p, "missing; every device needs a name, e.g. \"pc1\"");
            continue;
        }
        if (!is_valid_name(d.name)) error(p, name_rule(d.name));
        auto [it, fresh] = seen.emplace(d.name, i);
        if (!fresh) error(p, quote(d.name) + " is already the name of " + device_path(it->second));
    }
}

std::string Validator::no_device(std::string_view name) const
{
    std::vector<std::string> names;
    std::vector<std::string_view> views;
    for (const DeviceSpec& d : m_s.devices)
        if (!d.name.empty() && std::find(names.begin(), names.end(), d.name) == names.end())
            names.push_back(d.name);
    views.reserve(names.size());
    for (const std::string& n : names) views.push_back(n);
    std::string msg = "no device named " + quote(name);
    std::string_view guess = closest(name, views);
    if (!guess.empty()) return msg + "; did you mean " + quote(guess) + "?";
    if (names.empty()) return msg + " (there are no devices)";
    return msg + " (devices are: " + list_names(names) + ")";
}

// ===================================================================================== [SECTION]
// Devices and addresses

void Validator::check_device(size_t di)
{
    const DeviceSpec& d = m_s.devices[di];
    std::string p = device_path(di);
    if (!d.is_ip_node()) {
        if (d.ports < 1 || d.ports > kMaxPorts)
            error(join_path(p, "ports"), std::to_string(d.ports) +
                                             " is out of range: the number of "
                                             "ports must be 1-" +
                                             std::to_string(kMaxPorts));
        return;
    }
    std::map<std::string, size_t, std::less<>> names;
    for (size_t ii = 0; ii < d.interfaces.size(); ++ii) {
        const InterfaceSpec& iface = d.interfaces[ii];
        std::string np = join_path(iface_path(di, ii), "name");
        if (!iface.name.empty()) {
            auto [it, fresh] = names.emplace(iface.name, ii);
            if (!fresh)
                error(np, quote(iface.name) + " is already the name of interfaces[" +
                              std::to_string(it->second) + "]");
        }
        check_interface(di, ii);
    }
    check_gateways(di);
    check_routes(di);
    check_advertise(di);
}

void Validator::check_interface(size_t di, size_t ii)
{
    const InterfaceSpec& iface = m_s.devices[di].interfaces[ii];
    std::string p = iface_path(di, ii);
    if (iface.name.empty())
        error(join_path(p, "name"), "missing; every interface needs a name, e.g. \"eth0\"");
    else if (iface.name == "lo")
        error(join_path(p, "name"), "\"lo\" is the loopback interface, which every device already "
                                    "has; name this one eth0, eth1, ...");
    else if (!is_valid_name(iface.name))
        error(join_path(p, "name"), name_rule(iface.name));
    if (iface.mtu && (*iface.mtu < 68 || *iface.mtu > 65535))
        error(join_path(p, "mtu"),
              std::to_string(*iface.mtu) + " is out of range: the MTU must be 68-65535");
    else if (iface.mtu && *iface.mtu < kMinIpv6Mtu && !iface.ipv6.empty())
        error(join_path(p, "mtu"), std::to_string(*iface.mtu) +
                                       " is too small for IPv6, which needs "
                                       "an MTU of at least 1280 (RFC 8200 section 5)");
    for (size_t k = 0; k < iface.ipv4.size(); ++k)
        check_ipv4(index_path(join_path(p, "ipv4"), k), iface.ipv4[k]);
    for (size_t k = 0; k < iface.ipv6.size(); ++k)
        check_ipv6(index_path(join_path(p, "ipv6"), k), iface.ipv6[k]);
}

void Validator::check_ipv4(const std::string& path, const wire::Ipv4Prefix& p)
{
    std::string text = p.to_string();
    wire::RangeClass rc = wire::range_class(p.addr);
    if (p.len == 0) {
        error(path, text + " has prefix length 0, which is every address; an interface needs its "
                           "subnet's length, e.g. /24");
    } else if (p.addr.is_unspecified()) {
        error(path, "0.0.0.0 is not an address an interface can have");
    } else if (rc == wire::RangeClass::Loopback) {
        error(path, text + " is a loopback address; every device has 127.0.0.1 on \"lo\" already");
    } else if (rc == wire::RangeClass::Multicast || rc == wire::RangeClass::LimitedBroadcast ||
               rc == wire::RangeClass::Reserved) {
        error(path, text + " is a " + std::string(wire::range_label(rc)) +
                        " address; an interface needs a unicast address");
    } else if (p.has_broadcast() && p.addr == p.network()) {
        error(path, text + " is the network address of " + p.canonical().to_string() +
                        "; use an address inside it, such as " +
                        wire::Ipv4Prefix{p.first_host(), p.len}.to_string());
    } else if (p.has_broadcast() && p.addr == p.broadcast()) {
        error(path, text + " is the broadcast address of " + p.canonical().to_string() +
                        "; use an address inside it, such as " +
                        wire::Ipv4Prefix{p.last_host(), p.len}.to_string());
    }
}

void Validator::check_ipv6(const std::string& path, const wire::Ipv6Prefix& p)
{
    std::string text = p.to_string();
    if (p.len == 0)
        error(path,
              text + " has prefix length 0; an interface needs its subnet's length, usually /64");
    else if (p.addr.is_unspecified())
        error(path, ":: is not an address an interface can have");
    else if (p.addr.is_loopback())
        error(path, "::1 is the loopback address; every device has it on \"lo\" already");
    else if (p.addr.is_multicast())
        error(path, text + " is a multicast address; an interface needs a unicast address");
    else if (p.addr.is_link_local())
        error(path, text +
                        " is link-local; link-local addresses (fe80::/64) are made automatically "
                        "from the MAC, so list only global or unique-local ones here");
}

void Validator::check_address_conflicts()
{
    // One owner per address: a second use on the same device is an error, on another device a
    // warning (labs about address conflicts need it to load).
    struct Owner {
        size_t device;
        std::string where; // pc1:eth0
    };
    std::map<wire::IpAddr, Owner> owners;
    for (size_t di = 0; di < m_s.devices.size(); ++di) {
        const DeviceSpec& d = m_s.devices[di];
        if (!d.is_ip_node()) continue;
        for (size_t ii = 0; ii < d.interfaces.size(); ++ii) {
            const InterfaceSpec& iface = d.interfaces[ii];
            std::vector<std::pair<std::string, wire::IpAddr>> addrs;
            for (size_t k = 0; k < iface.ipv4.size(); ++k)
                addrs.push_back(
                    {index_path(join_path(iface_path(di, ii), "ipv4"), k), iface.ipv4[k].addr});
            for (size_t k = 0; k < iface.ipv6.size(); ++k)
                addrs.push_back(
                    {index_path(join_path(iface_path(di, ii), "ipv6"), k), iface.ipv6[k].addr});
            for (const auto& [path, addr] : addrs) {
                auto [it, fresh] = owners.emplace(addr, Owner{di, d.name + ":" + iface.name});
                if (fresh) continue;
                if (it->second.device == di)
                    error(path, addr.to_string() + " is already on " + it->second.where);
                else
                    warning(path, addr.to_string() + " is also the address of " + it->second.where +
                                      " (an address conflict)");
            }
        }
    }
}

// ===================================================================================== [SECTION]
// Gateways, routes, router advertisements

void Validator::check_gateways(size_t di)
{
    const DeviceSpec& d = m_s.devices[di];
    std::string p = device_path(di);
    if (is_broken_under(join_path(p, "interfaces"))) return;
    if (d.gateway) {
        auto r = on_link_interface(d, *d.gateway);
        if (!r) error(join_path(p, "gateway"), r.error());
    }
    if (d.gateway6) {
        auto r = on_link_interface(d, *d.gateway6);
        if (!r) {
            std::string hint =
                d.interfaces.empty() || !d.interfaces[0].slaac || d.type != DeviceType::Host
                    ? ""
                    : " (a host using router advertisements learns its IPv6 default "
                      "route by itself: remove \"gateway6\")";
            error(join_path(p, "gateway6"), r.error() + hint);
        }
    }
}

void Validator::check_routes(size_t di)
{
    const DeviceSpec& d = m_s.devices[di];
    bool ifaces_ok = !is_broken_under(join_path(device_path(di), "interfaces"));
    for (size_t k = 0; k < d.routes.size(); ++k) {
        const RouteSpec& r = d.routes[k];
        std::string rp = index_path(join_path(device_path(di), "routes"), k);
        if (r.to.is_host_bits_set()) {
            error(join_path(rp, "to"), quote(r.to.to_string()) +
                                           " has host bits set; the network is " +
                                           r.to.canonical().to_string());
        }
        if (!r.via && r.dev.empty()) {
            error(rp,
                  "a route needs \"via\" (the next-hop address), \"dev\" (the interface), or both");
            continue;
        }
        if (r.via && r.via->is_v4() != r.to.is_v4()) {
            error(join_path(rp, "via"),
                  r.via->to_string() + " is " + (r.via->is_v4() ? "IPv4" : "IPv6") + " but " +
                      r.to.to_string() + " is " + (r.to.is_v4() ? "IPv4" : "IPv6"));
            continue;
        }
        const InterfaceSpec* dev = nullptr;
        if (!r.dev.empty()) {
            dev = d.find_interface(r.dev);
            if (!dev && ifaces_ok) {
                std::string names;
                for (const InterfaceSpec& i : d.interfaces)
                    names += (names.empty() ? "" : ", ") + i.name;
                error(join_path(rp, "dev"),
                      "no interface " + quote(r.dev) + " on " + d.name +
                          (names.empty() ? " (it has none)" : " (it has " + names + ")"));
                continue;
            }
        }
        if (!r.via || !ifaces_ok) continue;
        if (dev && !(r.via->is_v6() && r.via->v6().is_link_local())) {
            DeviceSpec only_dev = d;
            only_dev.interfaces = {*dev};
            auto hop = on_link_interface(only_dev, *r.via);
            if (!hop) error(join_path(rp, "via"), hop.error() + " via " + r.dev);
        } else if (!dev) {
            auto hop = on_link_interface(d, *r.via);
            if (!hop) error(join_path(rp, "via"), hop.error());
        }
    }
}

void Validator::check_advertise(size_t di)
{
    const DeviceSpec& d = m_s.devices[di];
    for (const AdvertiseSpec& a : d.advertise) {
        std::string ap = join_path(join_path(device_path(di), "advertise"), a.iface);
        if (!d.find_interface(a.iface) &&
            !is_broken_under(join_path(device_path(di), "interfaces")))
            error(ap, "no interface " + quote(a.iface) + " on " + d.name);
        for (size_t k = 0; k < a.prefixes.size(); ++k) {
            const wire::Ipv6Prefix& p = a.prefixes[k];
            std::string pp = index_path(ap, k);
            if (p.len != 64)
                error(pp, p.to_string() +
                              " cannot be used for SLAAC: hosts build addresses from a "
                              "/64 prefix and a 64-bit interface id (RFC 4862 section 5.5.3)");
            else if (p.is_host_bits_set())
                error(pp, quote(p.to_string()) + " has host bits set; the prefix is " +
                              p.canonical().to_string());
        }
    }
}

// ===================================================================================== [SECTION]
// Links

bool Validator::check_endpoint(size_t li, std::string_view side, const Endpoint& e)
{
    std::string p = join_path(index_path("links", li), side);
    if (e.device.empty() || is_quiet(p)) return false;
    int di = m_s.device_index(e.device);
    if (di < 0) {
        error(p, no_device(e.device));
        return false;
    }
    const DeviceSpec& d = m_s.devices[size_t(di)];
    std::string dp = device_path(size_t(di));
    if (is_quiet(join_path(dp, "type"))) return false;
    if (d.is_ip_node()) {
        if (d.find_interface(e.port)) return true;
        if (is_broken_under(join_path(dp, "interfaces"))) return false;
        std::string names;
        for (const InterfaceSpec& i : d.interfaces) names += (names.empty() ? "" : ", ") + i.name;
        if (names.empty())
            error(p, d.name + " has no interfaces; add one under " + join_path(dp, "interfaces"));
        else
            error(p, d.name + " has no interface " + quote(e.port) + " (its interfaces: " + names +
                         ")");
        return false;
    }
    if (is_quiet(join_path(dp, "ports"))) return false;
    std::string range = "port1 to port" + std::to_string(d.ports);
    bool numbered = e.port.size() > 4 && e.port.compare(0, 4, "port") == 0 &&
                    e.port.find_first_not_of("0123456789", 4) == std::string::npos &&
                    e.port[4] != '0';
    if (!numbered) {
        error(p, d.name + " is a " + to_string(d.type) + "; its ports are named " + range);
        return false;
    }
    uint32_t number = 0;
    for (size_t i = 4; i < e.port.size() && number <= kMaxPorts; ++i)
        number = number * 10 + uint32_t(e.port[i] - '0');
    if (number > d.ports) {
        error(p, d.name + " has no " + e.port + ": its ports are " + range +
                     " (raise \"ports\" for more)");
        return false;
    }
    return true;
}

void Validator::check_dir(const std::string& path, const LinkDirSpec& d)
{
    auto prob = [&](std::string_view key, const std::optional<double>& v) {
        if (v && !(*v >= 0.0 && *v <= 1.0))
            error(join_path(path, key), std::to_string(*v) + " is not a probability: it must be "
                                                             "between 0 and 1");
    };
    prob("loss", d.loss);
    prob("duplicate", d.duplicate);
    prob("reorder", d.reorder);
    prob("corrupt", d.corrupt);
    if (d.burst) {
        std::string bp = join_path(path, "burst");
        for (auto [key, v] :
             {std::pair{"p", d.burst->p}, std::pair{"r", d.burst->r},
              std::pair{"loss_good", d.burst->loss_good}, std::pair{"loss_bad", d.burst->loss_bad}})
            if (!(v >= 0.0 && v <= 1.0))
                error(join_path(bp, key), "is not a probability: it must be between 0 and 1");
    }
    if (d.bandwidth_bps && *d.bandwidth_bps == 0)
        error(join_path(path, "bandwidth"), "a link needs at least 1bit");
    if (d.queue && *d.queue == 0)
        error(join_path(path, "queue"), "the queue must hold at least 1 frame");
    for (auto [key, v] : {std::pair{"delay", d.delay}, std::pair{"reorder_delay", d.reorder_delay}})
        if (v && v->ns() < 0) error(join_path(path, key), "a duration must not be negative");
}

void Validator::check_links()
{
    std::map<std::string, std::string> used; // "sw1:port2" -> "links[0]"
    for (size_t li = 0; li < m_s.links.size(); ++li) {
        const LinkSpec& l = m_s.links[li];
        std::string lp = index_path("links", li);
        bool a_ok = check_endpoint(li, "a", l.a);
        bool b_ok = check_endpoint(li, "b", l.b);
        if (a_ok && b_ok && l.a == l.b) {
            error(join_path(lp, "b"), "a cable cannot connect " + l.a.to_string() + " to itself");
            b_ok = false;
        }
        for (auto [side, ok, e] : {std::tuple{"a", a_ok, &l.a}, std::tuple{"b", b_ok, &l.b}}) {
            if (!ok) continue;
            auto [it, fresh] = used.emplace(e->to_string(), lp);
            if (!fresh)
                error(join_path(lp, side),
                      e->to_string() + " is already connected by " + it->second);
        }
        check_dir(lp, l.both);
        check_dir(join_path(lp, "a_to_b"), l.a_to_b);
        check_dir(join_path(lp, "b_to_a"), l.b_to_a);
    }
    // An addressed interface without a cable is usually a forgotten link.
    for (size_t di = 0; di < m_s.devices.size(); ++di) {
        const DeviceSpec& d = m_s.devices[di];
        for (size_t ii = 0; ii < d.interfaces.size(); ++ii) {
            const InterfaceSpec& i = d.interfaces[ii];
            if (i.name.empty() || (i.ipv4.empty() && i.ipv6.empty())) continue;
            if (!used.count(d.name + ":" + i.name))
                warning(iface_path(di, ii), d.name + ":" + i.name +
                                                " has addresses but no cable; "
                                                "connect it under \"links\"");
        }
    }
}

// ===================================================================================== [SECTION]
// Script

void Validator::check_script()
{
    for (size_t i = 0; i < m_s.script.size(); ++i) {
        const ScriptEntry& e = m_s.script[i];
        std::string p = index_path("script", i);
        if (e.at.ns() < 0) error(join_path(p, "at"), "the time must not be negative");
        if (e.on.empty()) {
            error(join_path(p, "on"), "missing; the host or router to run the command on");
        } else if (int di = m_s.device_index(e.on); di < 0) {
            error(join_path(p, "on"), no_device(e.on));
        } else if (!m_s.devices[size_t(di)].is_ip_node() &&
                   !is_quiet(join_path(device_path(size_t(di)), "type"))) {
            error(join_path(p, "on"), e.on + " is a " + to_string(m_s.devices[size_t(di)].type) +
                                          "; commands run on hosts and routers");
        }
        if (e.run.find_first_not_of(" \t") == std::string::npos)
            error(join_path(p, "run"), "the command is empty");
    }
}

std::vector<Diagnostic> Validator::run()
{
    check_names();
    for (size_t di = 0; di < m_s.devices.size(); ++di)
        if (!is_quiet(device_path(di))) check_device(di);
    check_address_conflicts();
    check_links();
    check_script();
    return std::move(m_out);
}

} // namespace

Result<size_t, std::string> on_link_interface(const DeviceSpec& d, const wire::IpAddr& hop)
{
    bool v6 = hop.is_v6();
    std::string text = hop.to_string();
    if (v6 && hop.v6().is_link_local()) {
        if (d.interfaces.size() == 1) return size_t(0);
        return fail(
            text + " is link-local, which exists on every link; " + d.name +
            " has several interfaces, so name one with a route {\"to\": \"::/0\", \"via\": \"" +
            text + "\", \"dev\": \"eth1\"}");
    }
    for (const InterfaceSpec& i : d.interfaces) {
        for (const auto& p : i.ipv4)
            if (!v6 && p.addr == hop.v4()) return fail(text + " is " + d.name + "'s own address");
        for (const auto& p : i.ipv6)
            if (v6 && p.addr == hop.v6()) return fail(text + " is " + d.name + "'s own address");
    }
    for (size_t i = 0; i < d.interfaces.size(); ++i) {
        for (const auto& p : d.interfaces[i].ipv4)
            if (!v6 && p.contains(hop.v4())) return i;
        for (const auto& p : d.interfaces[i].ipv6)
            if (v6 && p.contains(hop.v6())) return i;
    }
    std::string summary = address_summary(d, v6);
    if (summary.empty())
        return fail(d.name + " has no " + (v6 ? "IPv6" : "IPv4") + " address, so it cannot reach " +
                    text + "; give an interface an address in " + text + "'s subnet");
    return fail(text + " is not on any subnet of " + d.name + " (" + summary +
                "); a gateway or next hop must be on a directly connected network");
}

std::vector<Diagnostic> validate(const Scenario& s, const std::set<std::string>& broken)
{
    std::vector<Diagnostic> out = Validator(s, broken).run();
    validate_services(s, out);
    return out;
}

} // namespace wirelab::sim::detail

namespace wirelab::sim {

std::vector<Diagnostic> validate_scenario(const Scenario& s)
{
    return detail::validate(s, {});
}

} // namespace wirelab::sim
