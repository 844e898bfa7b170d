// The inspector: fields, and the device panels. Cables are in inspector_link.cpp.
#include "web/views/inspector_view.h"

#include "web/model/scenario_edit.h"
#include "web/views/inspector_checks.h"

#include <imgui_internal.h> // ActivateItemByID
#include <misc/cpp/imgui_stdlib.h>

namespace wirelab::web {

namespace {

constexpr ImGuiTreeNodeFlags kOpen = ImGuiTreeNodeFlags_DefaultOpen;

void help_marker(const char* text)
{
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", text);
}

// A command that edits device `name` (found again by name when it runs).
Command device_edit(const std::string& name, std::string label,
                    std::function<bool(sim::DeviceSpec&)> fn)
{
    return Command{std::move(label), [name, fn = std::move(fn)](sim::Scenario& s) {
                       const int i = s.device_index(name);
                       return i >= 0 && fn(s.devices[size_t(i)]);
                   }};
}

std::string optional_text(const std::optional<wire::Ipv4Addr>& a)
{
    return a ? a->to_string() : std::string();
}

std::string optional_text(const std::optional<wire::Ipv6Addr>& a)
{
    return a ? a->to_string() : std::string();
}

} // namespace

std::string InspectorView::field_error(const std::string& key) const
{
    auto it = m_drafts.find(key);
    return it == m_drafts.end() ? std::string() : it->second.error;
}

bool InspectorView::text_field(const char* label, const char* hint, const std::string& key,
                               const std::string& value, const Check& check, std::string& out,
                               float width)
{
    Draft& d = m_drafts[key];
    if (!d.active && !d.invalid) d.text = value;
    ImGui::PushID(key.c_str());
    // The label above the field, so the field can take the panel's whole width.
    ImGui::TextDisabled("%s", label);
    ImGui::SetNextItemWidth(width);
    ImGui::PushFont(m_fonts->mono);
    const bool enter =
        ImGui::InputTextWithHint("##field", hint, &d.text, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopFont();
    m_rects[key] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    if (m_focus_key == key) {
        ImGui::ActivateItemByID(ImGui::GetItemID()); // takes the keyboard next frame
        m_focus_key.clear();
    }
    d.active = ImGui::IsItemActive();
    if (ImGui::IsItemEdited()) d.error = check(d.text); // validated as you type
    const bool commit = enter || ImGui::IsItemDeactivatedAfterEdit();
    bool accepted = false;
    if (commit) {
        d.error = check(d.text);
        d.invalid = !d.error.empty();
        if (!d.invalid) {
            out = d.text;
            accepted = true;
        }
    }
    if (!d.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, error_color(m_theme));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(d.error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    ImGui::PopID();
    return accepted;
}

bool InspectorView::lock_begin(const std::string& device, std::string_view field)
{
    bool locked = false;
    if (m_locks && device.empty()) locked = field == "seed" || m_locks->links;
    if (m_locks && !device.empty())
        locked = field == "name" ? m_locks->devices.count(device) != 0
                                 : m_locks->is_locked(device, field);
    if (!locked) return false;
    ImGui::BeginDisabled();
    ImGui::BeginGroup();
    return true;
}

void InspectorView::lock_end(bool locked, const std::string& device, std::string_view field)
{
    if (!locked) return;
    ImGui::EndGroup();
    ImGui::EndDisabled();
    const std::string key = !device.empty()   ? device + "." + std::string(field)
                            : field == "seed" ? std::string("seed")
                                              : std::string("link");
    m_locked_keys.push_back(key);
    m_rects["locked." + key] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled | ImGuiHoveredFlags_DelayShort))
        return;
    if (field == "seed")
        ImGui::SetTooltip("A lab always runs with its own seed: grading uses the lab's.");
    else if (device.empty())
        ImGui::SetTooltip("The lab locks the cables and their settings: grading uses the lab's.");
    else if (field == "name")
        ImGui::SetTooltip("%s belongs to the lab, so it keeps its name.", device.c_str());
    else if (m_locks->is_device_locked(device))
        ImGui::SetTooltip("The lab locks %s: grading uses the lab's %s, whatever you change.",
                          device.c_str(), device.c_str());
    else
        ImGui::SetTooltip("The lab locks the %.*s of %s: grading uses the lab's.",
                          int(field.size()), field.data(), device.c_str());
}

void InspectorView::refresh_problems(const Document& doc)
{
    if (m_problems_revision == doc.revision()) return;
    m_problems_revision = doc.revision();
    m_problems = sim::validate_scenario(doc.scenario());
}

// Diagnostics whose path starts with path_prefix (or mentions `also`, e.g. a device's name in a
// link's message).
void InspectorView::problems_for(const std::string& path_prefix, const std::string& also)
{
    bool any = false;
    for (const sim::Diagnostic& d : m_problems) {
        const bool here = d.path.compare(0, path_prefix.size(), path_prefix) == 0 &&
                          (d.path.size() == path_prefix.size() ||
                           d.path[path_prefix.size()] == '.' || d.path[path_prefix.size()] == '[');
        const bool mentions = !also.empty() && d.message.find(also) != std::string::npos &&
                              d.path.rfind("links", 0) == 0;
        if (!here && !mentions) continue;
        if (!any) ImGui::SeparatorText("Problems");
        any = true;
        ImGui::PushStyleColor(ImGuiCol_Text, d.is_error() ? error_color(m_theme)
                                                          : ImVec4(0.95f, 0.7f, 0.2f, 1.0f));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(d.to_string().c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
}

void InspectorView::draw(Document& doc, Selection& sel, const Session& session, UiState& ui,
                         const Fonts& fonts, float ui_scale)
{
    m_fonts = &fonts;
    m_theme = ui.theme;
    m_scale = ui_scale;
    m_rects.clear();
    m_locked_keys.clear();
    refresh_problems(doc);
    const sim::Scenario& s = doc.scenario();
    // The selection may name what a queued command has not added yet (a device just dropped or
    // pasted): it is shown from the next frame on. (Not pruned here: that would forget it.)
    std::string subject = "network";
    if (sel.devices.size() == 1 && sel.links.empty() && s.device_index(*sel.devices.begin()) >= 0)
        subject = "device:" + *sel.devices.begin();
    if (sel.links.size() == 1 && sel.devices.empty() && *sel.links.begin() < s.links.size())
        subject = "link:" + std::to_string(*sel.links.begin());
    if (sel.devices.size() + sel.links.size() > 1) subject = "many";
    if (subject != m_subject) {
        m_drafts.clear();
        m_subject = subject;
    }
    // Widget ids per subject: a field of pc2 must never receive what was typed into the same
    // field of pc1 (ImGui hands the text of a field deactivated this frame to whichever widget
    // has its id).
    ImGui::PushID(subject.c_str());
    if (subject.rfind("device:", 0) == 0) {
        device_panel(doc, s, size_t(s.device_index(*sel.devices.begin())), ui);
    } else if (subject.rfind("link:", 0) == 0) {
        const bool locked = lock_begin("", "links");
        link_panel(doc, s, *sel.links.begin());
        lock_end(locked, "", "links");
    } else if (subject == "many") {
        ImGui::Text("%zu devices and %zu cables selected", sel.devices.size(), sel.links.size());
        ImGui::TextDisabled("Delete removes them; Ctrl+C copies the devices.");
    } else {
        network_panel(doc, s, session);
    }
    ImGui::PopID();
}

void InspectorView::device_panel(Document& doc, const sim::Scenario& s, size_t index, UiState& ui)
{
    const sim::DeviceSpec& d = s.devices[index];
    ImGui::SeparatorText(palette_label(palette_item_of(d)));
    std::string text;
    if (ui.focus_name_field) {
        m_focus_key = "name";
        ui.focus_name_field = false;
    }
    auto check_name = [&s, name = d.name](const std::string& to) {
        sim::Scenario trial = s;
        auto error = rename_device(trial, name, to);
        return error ? *error : std::string();
    };
    const bool name_locked = lock_begin(d.name, "name");
    if (text_field("Name", "pc1", "name", d.name, check_name, text)) {
        const std::string from = d.name;
        doc.queue({"Rename " + from + " to " + text,
                   [from, text](sim::Scenario& sc) { return !rename_device(sc, from, text); }});
    }
    lock_end(name_locked, d.name, "name");
    if (d.is_ip_node()) {
        if (ImGui::Button("Open terminal")) ui.open_terminal = d.name;
        m_rects["open_terminal"] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
            ImGui::SetTooltip("A shell on %s: ping, traceroute, ip, arp... (or double-click the "
                              "device)",
                              d.name.c_str());
        const bool ifaces_locked = lock_begin(d.name, "interfaces");
        for (size_t i = 0; i < d.interfaces.size(); ++i) interface_panel(doc, d, i);
        lock_end(ifaces_locked, d.name, "interfaces");
        if (d.type == sim::DeviceType::Router && d.interfaces.empty())
            ImGui::TextDisabled("No interfaces yet: connect a cable to add eth0.");
        gateway_panel(doc, d);
        const bool routes_locked = lock_begin(d.name, "routes");
        routes_panel(doc, d);
        lock_end(routes_locked, d.name, "routes");
        const bool services_locked = lock_begin(d.name, "services");
        services_panel(doc, s, index);
        lock_end(services_locked, d.name, "services");
    } else {
        ImGui::SeparatorText("Ports");
        std::string ports;
        auto check = [](const std::string& t) {
            return check_uint(t, 1, 64, "the number of ports");
        };
        const bool ports_locked = lock_begin(d.name, "ports");
        const bool ports_set =
            text_field("Ports", "8", "ports", std::to_string(d.ports), check, ports);
        lock_end(ports_locked, d.name, "ports");
        if (ports_set) {
            const uint32_t n = uint32_t(std::stoul(ports));
            doc.queue(device_edit(d.name, "Set ports of " + d.name, [n](sim::DeviceSpec& dev) {
                if (dev.ports == n) return false;
                dev.ports = n;
                return true;
            }));
        }
        ImGui::TextDisabled(d.type == sim::DeviceType::Hub
                                ? "A hub repeats every frame out of every other port."
                                : "A switch learns MAC addresses and forwards frames only where "
                                  "they need to go.");
    }
    problems_for("devices[" + std::to_string(index) + "]", "\"" + d.name + "\"");
}

void InspectorView::interface_panel(Document& doc, const sim::DeviceSpec& d, size_t i)
{
    const sim::InterfaceSpec& iface = d.interfaces[i];
    // A router's interfaces come from its cables, in the order they were drawn: the header says
    // which cable each one is, so the right subnet goes on the right side without guessing.
    std::string label = "Interface " + iface.name;
    for (const sim::LinkSpec& l : doc.scenario().links) {
        const sim::Endpoint here{d.name, iface.name};
        if (l.a == here || l.b == here)
            label += "  (cable to " + (l.a == here ? l.b : l.a).to_string() + ")";
    }
    label += "###iface." + iface.name; // the id stays when the cable changes
    if (!ImGui::CollapsingHeader(label.c_str(), kOpen)) return;
    const std::string key = iface.name;
    const std::string dev = d.name, name = iface.name;
    std::string text;
    if (text_field("IPv4", "10.0.0.1/24", key + ".ipv4", join_prefixes(iface.ipv4), check_ipv4_list,
                   text)) {
        auto list = parse_ipv4_list(text);
        doc.queue(device_edit(dev, "Set " + dev + " " + name + " IPv4",
                              [name, list](sim::DeviceSpec& dd) {
                                  for (auto& f : dd.interfaces)
                                      if (f.name == name && f.ipv4 != list) {
                                          f.ipv4 = list;
                                          return true;
                                      }
                                  return false;
                              }));
    }
    help_marker("Address and prefix length in CIDR notation, e.g. 192.168.1.10/24. Several "
                "addresses: separate them with commas.");
    if (text_field("IPv6", "2001:db8::1/64", key + ".ipv6", join_prefixes(iface.ipv6),
                   check_ipv6_list, text)) {
        auto list = parse_ipv6_list(text);
        doc.queue(device_edit(dev, "Set " + dev + " " + name + " IPv6",
                              [name, list](sim::DeviceSpec& dd) {
                                  for (auto& f : dd.interfaces)
                                      if (f.name == name && f.ipv6 != list) {
                                          f.ipv6 = list;
                                          return true;
                                      }
                                  return false;
                              }));
    }
    auto check_mtu = [](const std::string& t) {
        return t.empty() ? std::string() : check_uint(t, 576, 9216, "the MTU");
    };
    if (text_field("MTU", "1500", key + ".mtu", iface.mtu ? std::to_string(*iface.mtu) : "",
                   check_mtu, text, 120.0f * m_scale)) {
        std::optional<uint32_t> mtu;
        if (!text.empty()) mtu = uint32_t(std::stoul(text));
        doc.queue(
            device_edit(dev, "Set " + dev + " " + name + " MTU", [name, mtu](sim::DeviceSpec& dd) {
                for (auto& f : dd.interfaces)
                    if (f.name == name && f.mtu != mtu) {
                        f.mtu = mtu;
                        return true;
                    }
                return false;
            }));
    }
    if (d.type == sim::DeviceType::Host) {
        bool slaac = iface.slaac;
        if (ImGui::Checkbox(("IPv6 autoconfiguration##" + key).c_str(), &slaac))
            doc.queue(device_edit(dev, "Toggle SLAAC", [name, slaac](sim::DeviceSpec& dd) {
                for (auto& f : dd.interfaces)
                    if (f.name == name) f.slaac = slaac;
                return true;
            }));
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
            ImGui::SetTooltip("Build an IPv6 address from the prefix a router advertises (SLAAC).");
        bool dhcp = iface.dhcp;
        if (ImGui::Checkbox(("DHCP##" + key).c_str(), &dhcp))
            doc.queue(device_edit(dev, dhcp ? "Use DHCP" : "Stop using DHCP",
                                  [name, dhcp](sim::DeviceSpec& dd) {
                                      for (auto& f : dd.interfaces)
                                          if (f.name == name) f.dhcp = dhcp;
                                      return true;
                                  }));
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
            ImGui::SetTooltip(
                "Ask a DHCP server on this link for an address, gateway and DNS "
                "servers at boot (a server: a router or host with the dhcp service).");
    }
}

void InspectorView::gateway_panel(Document& doc, const sim::DeviceSpec& d)
{
    if (!ImGui::CollapsingHeader("Gateway and DNS", kOpen)) return;
    const std::string dev = d.name;
    std::string text;
    const bool gw_locked = lock_begin(dev, "gateway");
    const bool gw_set = text_field("Gateway", "10.0.0.1", "gateway", optional_text(d.gateway),
                                   check_optional_ipv4, text);
    lock_end(gw_locked, dev, "gateway");
    if (gw_set) {
        std::optional<wire::Ipv4Addr> gw;
        if (!split_list(text).empty()) gw = *wire::Ipv4Addr::parse(split_list(text)[0]);
        doc.queue(device_edit(dev, "Set " + dev + " gateway", [gw](sim::DeviceSpec& dd) {
            if (dd.gateway == gw) return false;
            dd.gateway = gw;
            return true;
        }));
    }
    help_marker("The router this device sends packets to when the destination is not on one of "
                "its own subnets (its IPv4 default route). It must be on a subnet of an "
                "interface.");
    const bool gw6_locked = lock_begin(dev, "gateway6");
    const bool gw6_set = text_field("Gateway (IPv6)", "2001:db8::1 or fe80::1", "gateway6",
                                    optional_text(d.gateway6), check_optional_ipv6, text);
    lock_end(gw6_locked, dev, "gateway6");
    if (gw6_set) {
        std::optional<wire::Ipv6Addr> gw;
        if (!split_list(text).empty()) gw = *wire::Ipv6Addr::parse(split_list(text)[0]);
        doc.queue(device_edit(dev, "Set " + dev + " IPv6 gateway", [gw](sim::DeviceSpec& dd) {
            if (dd.gateway6 == gw) return false;
            dd.gateway6 = gw;
            return true;
        }));
    }
    std::string servers;
    for (const wire::IpAddr& a : d.dns) servers += (servers.empty() ? "" : ", ") + a.to_string();
    auto check_dns = [](const std::string& t) {
        for (const std::string& w : split_list(t)) {
            auto a = wire::IpAddr::parse(w);
            if (!a) return a.error().message;
        }
        return std::string();
    };
    // Not a lockable field of its own: locked only with the whole device.
    const bool dns_locked = lock_begin(dev, "dns");
    const bool dns_set = text_field("DNS servers", "10.0.0.53", "dns", servers, check_dns, text);
    lock_end(dns_locked, dev, "dns");
    if (dns_set) {
        std::vector<wire::IpAddr> list;
        for (const std::string& w : split_list(text)) list.push_back(*wire::IpAddr::parse(w));
        doc.queue(device_edit(dev, "Set " + dev + " DNS servers", [list](sim::DeviceSpec& dd) {
            if (dd.dns == list) return false;
            dd.dns = list;
            return true;
        }));
    }
    help_marker("Who this device asks to turn names (www.lab) into addresses, in order "
                "(resolv.conf's nameserver lines). DHCP can fill it in.");
}

} // namespace wirelab::web
