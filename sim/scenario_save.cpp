// Scenario saving: the canonical JSON text of a Scenario. Keys in a fixed order, settings left
// unset are omitted, units in their shortest exact form, lists of plain values on one line.
#include "sim/scenario_json.h"
#include "sim/scenario_units.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace wirelab::sim {
namespace {

using J = RawJson;

// ===================================================================================== [SECTION]
// Printer: 2-space indent like json.dump(2), except that a list or object holding no object
// stays on one line when that line fits in 100 columns ("ipv4": ["10.0.1.10/24"],
// {"a": "pc1:eth0", "b": "sw1:port1"}), which reads better in reviews and diffs.

constexpr size_t kMaxColumns = 100;

// The one-line form of v, or nullopt if it holds an object (nested objects always break).
std::optional<std::string> one_line(const J& v, bool top)
{
    if (!v.is_object() && !v.is_array()) return detail::compact(v);
    if (!top && v.is_object()) return std::nullopt;
    std::string s(1, v.is_array() ? '[' : '{');
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (it != v.begin()) s += ", ";
        if (v.is_object()) s += detail::compact(J(it.key())) + ": ";
        auto inner = one_line(*it, false);
        if (!inner) return std::nullopt;
        s += *inner;
    }
    s += v.is_array() ? ']' : '}';
    return s;
}

// `column` is where v starts on its line (after the indent and the key).
void print(const J& v, size_t indent, size_t column, std::string& out)
{
    auto flat = one_line(v, true);
    bool is_container = v.is_object() || v.is_array();
    if (flat && (!is_container || v.empty() || column + flat->size() + 1 <= kMaxColumns)) {
        out += *flat;
        return;
    }
    std::string pad(indent + 2, ' ');
    out += v.is_array() ? "[\n" : "{\n";
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (it != v.begin()) out += ",\n";
        out += pad;
        std::string key = v.is_object() ? detail::compact(J(it.key())) + ": " : "";
        out += key;
        print(*it, indent + 2, pad.size() + key.size(), out);
    }
    out += '\n';
    out += std::string(indent, ' ');
    out += v.is_array() ? ']' : '}';
}

// ===================================================================================== [SECTION]
// Scenario -> JSON

J number(double x)
{
    // Whole coordinates print as integers ("120", not "120.0"); they load back as the same double.
    if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 9.0e15) return J(int64_t(x));
    return J(x);
}

template <class P>
J prefix_list(const std::vector<P>& prefixes)
{
    J list = J::array();
    for (const P& p : prefixes) list.push_back(p.to_string());
    return list;
}

J interface_json(const InterfaceSpec& i)
{
    J j = J::object();
    j["name"] = i.name;
    if (i.dhcp) j["dhcp"] = true;
    if (!i.ipv4.empty()) j["ipv4"] = prefix_list(i.ipv4);
    if (!i.ipv6.empty()) j["ipv6"] = prefix_list(i.ipv6);
    if (i.mtu) j["mtu"] = *i.mtu;
    if (!i.slaac) j["slaac"] = false;
    return j;
}

J route_json(const RouteSpec& r)
{
    J j = J::object();
    j["to"] = r.to.to_string();
    if (r.via) j["via"] = r.via->to_string();
    if (!r.dev.empty()) j["dev"] = r.dev;
    if (r.metric) j["metric"] = *r.metric;
    return j;
}

// One item as itself, several as a list (the forms the loader accepts).
template <class T, class Fn>
J one_or_list(const std::vector<T>& items, Fn to_json)
{
    if (items.size() == 1) return to_json(items[0]);
    J list = J::array();
    for (const T& t : items) list.push_back(to_json(t));
    return list;
}

void resolver_json(const DeviceSpec& d, J& j)
{
    auto addr = [](const wire::IpAddr& a) { return J(a.to_string()); };
    if (!d.dns.empty()) j["dns"] = one_or_list(d.dns, addr);
    if (!d.search.empty())
        j["search"] = one_or_list(d.search, [](const std::string& s) { return J(s); });
    if (d.hosts.empty()) return;
    J hosts = J::object();
    for (const HostsSpec& h : d.hosts) hosts[h.name] = one_or_list(h.addrs, addr);
    j["hosts"] = std::move(hosts);
}

J device_json(const DeviceSpec& d)
{
    J j = J::object();
    j["name"] = d.name;
    j["type"] = to_string(d.type);
    if (d.position) j["position"] = J::array({number(d.position->x), number(d.position->y)});
    if (d.is_ip_node()) {
        J ifaces = J::array();
        for (const InterfaceSpec& i : d.interfaces) ifaces.push_back(interface_json(i));
        j["interfaces"] = std::move(ifaces);
        if (d.gateway) j["gateway"] = d.gateway->to_string();
        if (d.gateway6) j["gateway6"] = d.gateway6->to_string();
        if (!d.routes.empty()) {
            J routes = J::array();
            for (const RouteSpec& r : d.routes) routes.push_back(route_json(r));
            j["routes"] = std::move(routes);
        }
        if (!d.advertise.empty()) {
            J adv = J::object();
            for (const AdvertiseSpec& a : d.advertise) adv[a.iface] = prefix_list(a.prefixes);
            j["advertise"] = std::move(adv);
        }
        resolver_json(d, j);
    } else {
        j["ports"] = d.ports;
    }
    if (!d.services.is_null()) j["services"] = d.services;
    if (!d.notes.is_null()) j["notes"] = d.notes;
    return j;
}

void dir_fields(const LinkDirSpec& d, J& j)
{
    if (d.bandwidth_bps) j["bandwidth"] = format_bandwidth(*d.bandwidth_bps);
    if (d.delay) j["delay"] = format_duration(*d.delay);
    if (d.queue) j["queue"] = *d.queue;
    if (d.loss) j["loss"] = *d.loss;
    if (d.burst) {
        J b = J::object();
        b["p"] = d.burst->p;
        b["r"] = d.burst->r;
        b["loss_good"] = d.burst->loss_good;
        b["loss_bad"] = d.burst->loss_bad;
        j["burst"] = std::move(b);
    }
    if (d.duplicate) j["duplicate"] = *d.duplicate;
    if (d.reorder) j["reorder"] = *d.reorder;
    if (d.reorder_delay) j["reorder_delay"] = format_duration(*d.reorder_delay);
    if (d.corrupt) j["corrupt"] = *d.corrupt;
}

J link_json(const LinkSpec& l)
{
    J j = J::object();
    j["a"] = l.a.to_string();
    j["b"] = l.b.to_string();
    dir_fields(l.both, j);
    if (!l.up) j["up"] = false;
    for (auto [key, dir] : {std::pair{"a_to_b", &l.a_to_b}, std::pair{"b_to_a", &l.b_to_a}}) {
        if (dir->is_empty()) continue;
        J d = J::object();
        dir_fields(*dir, d);
        j[key] = std::move(d);
    }
    if (!l.notes.is_null()) j["notes"] = l.notes;
    return j;
}

} // namespace

std::string save_scenario(const Scenario& s)
{
    J doc = J::object();
    doc["format"] = std::string(kScenarioFormat);
    doc["seed"] = s.seed;
    if (!s.title.empty()) doc["title"] = s.title;
    if (!s.description.empty()) doc["description"] = s.description;
    J devices = J::array();
    for (const DeviceSpec& d : s.devices) devices.push_back(device_json(d));
    doc["devices"] = std::move(devices);
    J links = J::array();
    for (const LinkSpec& l : s.links) links.push_back(link_json(l));
    doc["links"] = std::move(links);
    J script = J::array();
    for (const ScriptEntry& e : s.script) {
        J entry = J::object();
        entry["at"] = format_duration(e.at);
        entry["on"] = e.on;
        entry["run"] = e.run;
        script.push_back(std::move(entry));
    }
    doc["script"] = std::move(script);
    if (!s.services.is_null()) doc["services"] = s.services;
    if (!s.lab.is_null()) doc["lab"] = s.lab;
    if (!s.notes.is_null()) doc["notes"] = s.notes;
    std::string out;
    print(doc, 0, 0, out);
    out += '\n';
    return out;
}

} // namespace wirelab::sim
