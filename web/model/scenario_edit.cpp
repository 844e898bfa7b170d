// Scenario edits behind the canvas and inspector.
#include "web/model/scenario_edit.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace wirelab::web {

namespace {

constexpr uint32_t kMaxPorts = 64; // the loader's limit for switches and hubs

bool is_port_used(const sim::Scenario& s, const std::string& device, const std::string& port)
{
    for (const sim::LinkSpec& l : s.links)
        if ((l.a.device == device && l.a.port == port) ||
            (l.b.device == device && l.b.port == port))
            return true;
    return false;
}

// A free port on d, adding one when all are taken; nullopt when d cannot take another cable.
std::optional<std::string> take_port(sim::Scenario& s, size_t index)
{
    sim::DeviceSpec& d = s.devices[index];
    if (d.is_ip_node()) {
        for (const sim::InterfaceSpec& i : d.interfaces)
            if (!is_port_used(s, d.name, i.name)) return i.name;
        for (int n = 0;; ++n) {
            std::string name = "eth" + std::to_string(n);
            if (d.find_interface(name)) continue;
            sim::InterfaceSpec iface;
            iface.name = name;
            d.interfaces.push_back(iface);
            return name;
        }
    }
    for (uint32_t p = 1; p <= d.ports; ++p) {
        std::string name = "port" + std::to_string(p);
        if (!is_port_used(s, d.name, name)) return name;
    }
    if (d.ports >= kMaxPorts) return std::nullopt;
    ++d.ports;
    return "port" + std::to_string(d.ports);
}

const char* icon_of(const sim::DeviceSpec& d)
{
    if (!d.notes.is_object()) return "";
    auto it = d.notes.find("icon");
    if (it == d.notes.end() || !it->is_string()) return "";
    const std::string& icon = it->get_ref<const std::string&>();
    if (icon == "server") return "server";
    if (icon == "laptop") return "laptop";
    return "";
}

} // namespace

const char* palette_label(PaletteItem item)
{
    switch (item) {
    case PaletteItem::Host: return "Host";
    case PaletteItem::Server: return "Server";
    case PaletteItem::Laptop: return "Laptop";
    case PaletteItem::Switch: return "Switch";
    case PaletteItem::Hub: return "Hub";
    case PaletteItem::Router: return "Router";
    case PaletteItem::Count: break;
    }
    return "?";
}

const char* palette_tooltip(PaletteItem item)
{
    switch (item) {
    case PaletteItem::Host:
        return "A PC with one network card (eth0). Give it an address in the inspector, then open "
               "its terminal (double-click) to ping.";
    case PaletteItem::Server: return "A host shown as a server: same stack as a PC.";
    case PaletteItem::Laptop: return "A host shown as a laptop: same stack as a PC.";
    case PaletteItem::Switch:
        return "Learns which MAC address is behind which port and forwards frames only there "
               "(8 ports, more are added as you cable it).";
    case PaletteItem::Hub:
        return "Repeats every frame out of every other port: everyone sees everything.";
    case PaletteItem::Router:
        return "Forwards IP packets between networks; an interface is added for each cable.";
    case PaletteItem::Count: break;
    }
    return "";
}

PaletteItem palette_item_of(const sim::DeviceSpec& d)
{
    switch (d.type) {
    case sim::DeviceType::Router: return PaletteItem::Router;
    case sim::DeviceType::Switch: return PaletteItem::Switch;
    case sim::DeviceType::Hub: return PaletteItem::Hub;
    case sim::DeviceType::Host: break;
    }
    const std::string_view icon = icon_of(d);
    if (icon == "server") return PaletteItem::Server;
    if (icon == "laptop") return PaletteItem::Laptop;
    return PaletteItem::Host;
}

double snap(double v)
{
    return std::round(v / kGridStep) * kGridStep;
}

std::string next_name(const sim::Scenario& s, std::string_view prefix)
{
    for (int n = 1;; ++n) {
        std::string name = std::string(prefix) + std::to_string(n);
        if (s.device_index(name) < 0) return name;
    }
}

sim::DeviceSpec make_device(const sim::Scenario& s, PaletteItem item, sim::Position at)
{
    sim::DeviceSpec d;
    d.position = sim::Position{snap(at.x), snap(at.y)};
    sim::InterfaceSpec eth0;
    eth0.name = "eth0";
    switch (item) {
    case PaletteItem::Host:
    case PaletteItem::Server:
    case PaletteItem::Laptop:
        d.type = sim::DeviceType::Host;
        d.name = next_name(s, item == PaletteItem::Server   ? "srv"
                              : item == PaletteItem::Laptop ? "laptop"
                                                            : "pc");
        d.interfaces.push_back(eth0);
        if (item != PaletteItem::Host)
            d.notes = sim::RawJson{{"icon", item == PaletteItem::Server ? "server" : "laptop"}};
        break;
    case PaletteItem::Router:
        d.type = sim::DeviceType::Router;
        d.name = next_name(s, "r");
        break;
    case PaletteItem::Switch:
        d.type = sim::DeviceType::Switch;
        d.name = next_name(s, "sw");
        d.ports = 8;
        break;
    case PaletteItem::Hub:
        d.type = sim::DeviceType::Hub;
        d.name = next_name(s, "hub");
        d.ports = 4;
        break;
    case PaletteItem::Count: break;
    }
    return d;
}

std::optional<std::string> connect_devices(sim::Scenario& s, size_t a, size_t b)
{
    if (a == b) return "a cable needs two different devices";
    if (a >= s.devices.size() || b >= s.devices.size()) return "no such device";
    sim::Scenario trial = s;
    auto pa = take_port(trial, a);
    if (!pa) return trial.devices[a].name + " has all 64 ports in use";
    auto pb = take_port(trial, b);
    if (!pb) return trial.devices[b].name + " has all 64 ports in use";
    sim::LinkSpec link;
    link.a = {trial.devices[a].name, *pa};
    link.b = {trial.devices[b].name, *pb};
    trial.links.push_back(link);
    s = std::move(trial);
    return std::nullopt;
}

bool has_free_port_or_room(const sim::DeviceSpec& d, const sim::Scenario& s)
{
    if (d.is_ip_node()) return true;
    for (uint32_t p = 1; p <= d.ports; ++p)
        if (!is_port_used(s, d.name, "port" + std::to_string(p))) return true;
    return d.ports < kMaxPorts;
}

bool delete_items(sim::Scenario& s, const std::set<std::string>& devices,
                  const std::set<size_t>& links)
{
    const size_t before = s.devices.size() + s.links.size() + s.script.size();
    std::vector<sim::LinkSpec> kept;
    for (size_t i = 0; i < s.links.size(); ++i) {
        const sim::LinkSpec& l = s.links[i];
        if (links.count(i) || devices.count(l.a.device) || devices.count(l.b.device)) continue;
        kept.push_back(l);
    }
    s.links = std::move(kept);
    std::erase_if(s.devices, [&](const sim::DeviceSpec& d) { return devices.count(d.name) > 0; });
    std::erase_if(s.script, [&](const sim::ScriptEntry& e) { return devices.count(e.on) > 0; });
    return s.devices.size() + s.links.size() + s.script.size() != before;
}

std::optional<std::string> rename_device(sim::Scenario& s, const std::string& from,
                                         const std::string& to)
{
    const int index = s.device_index(from);
    if (index < 0) return "no device named \"" + from + "\"";
    if (from == to) return std::nullopt;
    // The loader reports a clash at the later of the two devices, which may be the other one.
    if (const int other = s.device_index(to); other >= 0)
        return "\"" + to + "\" is already the name of devices[" + std::to_string(other) + "]";
    sim::Scenario trial = s;
    trial.devices[size_t(index)].name = to;
    for (sim::LinkSpec& l : trial.links) {
        if (l.a.device == from) l.a.device = to;
        if (l.b.device == from) l.b.device = to;
    }
    for (sim::ScriptEntry& e : trial.script)
        if (e.on == from) e.on = to;
    // The loader's own words for a bad or taken name.
    const std::string path = "devices[" + std::to_string(index) + "].name";
    for (const sim::Diagnostic& d : sim::validate_scenario(trial))
        if (d.is_error() && d.path == path) return d.message;
    s = std::move(trial);
    return std::nullopt;
}

sim::Scenario extract(const sim::Scenario& s, const std::set<std::string>& devices)
{
    sim::Scenario part;
    for (const sim::DeviceSpec& d : s.devices)
        if (devices.count(d.name)) part.devices.push_back(d);
    for (const sim::LinkSpec& l : s.links)
        if (devices.count(l.a.device) && devices.count(l.b.device)) part.links.push_back(l);
    return part;
}

std::vector<std::string> paste(sim::Scenario& s, const sim::Scenario& fragment,
                               sim::Position offset)
{
    std::map<std::string, std::string> renamed;
    std::vector<std::string> added;
    for (sim::DeviceSpec d : fragment.devices) {
        std::string name = d.name;
        if (s.device_index(name) >= 0) {
            // pc12 -> the next free pcN.
            const size_t digits = name.find_last_not_of("0123456789") + 1;
            name = next_name(s, name.substr(0, digits));
        }
        renamed[d.name] = name;
        d.name = name;
        const sim::Position p = d.position.value_or(sim::Position{});
        d.position = sim::Position{snap(p.x + offset.x), snap(p.y + offset.y)};
        s.devices.push_back(std::move(d));
        added.push_back(name);
    }
    for (sim::LinkSpec l : fragment.links) {
        l.a.device = renamed[l.a.device];
        l.b.device = renamed[l.b.device];
        s.links.push_back(std::move(l));
    }
    return added;
}

bool is_impaired(const sim::LinkSpec& l)
{
    const net::LinkParams p = l.params();
    auto dir = [](const net::LinkDirParams& d) {
        return d.loss > 0.0 || d.burst.p > 0.0 || d.duplicate > 0.0 || d.reorder > 0.0 ||
               d.corrupt > 0.0;
    };
    return dir(p.ab) || dir(p.ba);
}

} // namespace wirelab::web
