// The canvas's right-click menu and hover tooltips.
#include "web/model/scenario_edit.h"
#include "web/views/canvas_view.h"
#include "web/views/link_text.h"

#include <cmath>

namespace wirelab::web {

namespace {

void device_tooltip(const sim::DeviceSpec& d)
{
    ImGui::BeginTooltip();
    ImGui::Text("%s  (%s)", d.name.c_str(), palette_label(palette_item_of(d)));
    if (d.is_ip_node()) {
        for (const sim::InterfaceSpec& i : d.interfaces) {
            std::string addrs;
            for (const auto& a : i.ipv4) addrs += " " + a.to_string();
            for (const auto& a : i.ipv6) addrs += " " + a.to_string();
            ImGui::TextDisabled("%s:%s", i.name.c_str(),
                                addrs.empty() ? " no address" : addrs.c_str());
        }
        if (d.gateway) ImGui::TextDisabled("gateway %s", d.gateway->to_string().c_str());
        ImGui::TextDisabled("Double-click for a terminal · drag + to connect");
    } else {
        ImGui::TextDisabled("%u ports · drag + to connect", d.ports);
    }
    ImGui::EndTooltip();
}

} // namespace

void CanvasView::tooltips(const CanvasContext& ctx)
{
    if (!ImGui::IsItemHovered() || m_gesture != Gesture::None) return;
    const sim::Scenario& s = ctx.doc.scenario();
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    // A drop under the pointer explains itself first.
    const Animation& anim = ctx.session.animation();
    for (const Burst& b : anim.bursts()) {
        if (anim.clock() < b.start) continue;
        ImVec2 w;
        if (b.on_link) {
            if (b.link >= m_link_ends.size()) continue;
            const auto [ia, ib] = m_link_ends[b.link];
            if (ia < 0 || ib < 0) continue;
            const ImVec2 a = device_world(s, size_t(ia)), z = device_world(s, size_t(ib));
            w = ImVec2(a.x + (z.x - a.x) * b.along, a.y + (z.y - a.y) * b.along);
        } else {
            if (b.device >= s.devices.size()) continue;
            const ImVec2 p = device_world(s, b.device);
            w = ImVec2(p.x, p.y - kDeviceRadius * 0.9f);
        }
        const ImVec2 p = to_screen(w);
        if (std::hypot(p.x - mouse.x, p.y - mouse.y) > 14.0f * ctx.ui_scale) continue;
        ImGui::BeginTooltip();
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.45f, 1.0f), "Dropped at %s",
                           b.at.to_string().c_str());
        ImGui::TextUnformatted(b.text.c_str());
        ImGui::TextDisabled("reason: %s", net::to_string(b.reason));
        ImGui::EndTooltip();
        return;
    }
    if (m_hover_device >= 0 && size_t(m_hover_device) < s.devices.size()) {
        device_tooltip(s.devices[size_t(m_hover_device)]);
    } else if (m_hover_link >= 0 && size_t(m_hover_link) < s.links.size()) {
        const sim::LinkSpec& l = s.links[size_t(m_hover_link)];
        ImGui::BeginTooltip();
        ImGui::Text("%s — %s", l.a.to_string().c_str(), l.b.to_string().c_str());
        ImGui::TextDisabled("%s", link_summary(l).c_str());
        ImGui::EndTooltip();
    }
}

CanvasAction CanvasView::context_menu(CanvasContext& ctx)
{
    CanvasAction action = CanvasAction::None;
    m_browser_item = {};
    if (!ImGui::BeginPopup("##canvas_menu")) return action;
    const sim::Scenario& s = ctx.doc.scenario();
    if (m_menu_device >= 0 && size_t(m_menu_device) < s.devices.size()) {
        const sim::DeviceSpec& d = s.devices[size_t(m_menu_device)];
        ImGui::TextDisabled("%s", d.name.c_str());
        ImGui::Separator();
        if (d.is_ip_node() && ImGui::MenuItem("Open terminal", "double-click"))
            ctx.ui.open_terminal = d.name;
        if (d.is_ip_node() && ImGui::MenuItem("Open web browser")) ctx.ui.open_browser = d.name;
        if (d.is_ip_node()) m_browser_item = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
        if (ImGui::BeginMenu("Connect to", !(ctx.locks && ctx.locks->links))) {
            for (size_t i = 0; i < s.devices.size(); ++i) {
                if (int(i) == m_menu_device) continue;
                const bool ok = has_free_port_or_room(s.devices[i], s);
                if (!ImGui::MenuItem(s.devices[i].name.c_str(), nullptr, false, ok)) continue;
                const std::string a = d.name, b = s.devices[i].name;
                ctx.doc.queue({"Connect " + a + " and " + b, [a, b](sim::Scenario& sc) {
                                   const int ia = sc.device_index(a), ib = sc.device_index(b);
                                   return ia >= 0 && ib >= 0 &&
                                          !connect_devices(sc, size_t(ia), size_t(ib));
                               }});
            }
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem("Rename…")) ctx.ui.focus_name_field = true;
        if (ImGui::MenuItem("Copy", "Ctrl+C")) action = CanvasAction::Copy;
        if (ImGui::MenuItem("Delete", "Delete")) action = CanvasAction::Delete;
    } else if (m_menu_link >= 0 && size_t(m_menu_link) < s.links.size()) {
        const sim::LinkSpec& l = s.links[size_t(m_menu_link)];
        ImGui::TextDisabled("%s — %s", l.a.to_string().c_str(), l.b.to_string().c_str());
        ImGui::Separator();
        const size_t index = size_t(m_menu_link);
        const bool up = l.up;
        if (ImGui::MenuItem(up ? "Unplug (link down)" : "Plug in (link up)")) {
            ctx.doc.queue({up ? "Link down" : "Link up", [index, up](sim::Scenario& sc) {
                               if (index >= sc.links.size()) return false;
                               sc.links[index].up = !up;
                               return true;
                           }});
        }
        if (ImGui::MenuItem("Delete cable", "Delete")) action = CanvasAction::Delete;
    } else {
        // As a drop from the palette: a lab with "add_devices": false refuses new devices.
        const bool may_add = !(ctx.locks && !ctx.locks->add_devices);
        const bool adding = ImGui::BeginMenu("Add here", may_add);
        if (!may_add && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("The lab does not take devices you add (grading leaves them out).");
        if (adding) {
            for (int k = 0; k < int(PaletteItem::Count); ++k) {
                if (!ImGui::MenuItem(palette_label(PaletteItem(k)))) continue;
                sim::DeviceSpec d =
                    make_device(s, PaletteItem(k), {m_menu_world.x, m_menu_world.y});
                ctx.selection.select_only_device(d.name);
                ctx.doc.queue({"Add " + d.name, [d](sim::Scenario& sc) {
                                   if (sc.device_index(d.name) >= 0) return false;
                                   sc.devices.push_back(d);
                                   return true;
                               }});
            }
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem("Paste", "Ctrl+V", false, ctx.can_paste)) action = CanvasAction::Paste;
        if (ImGui::MenuItem("Fit to view", "F")) ctx.ui.fit_view_requested = true;
    }
    ImGui::EndPopup();
    return action;
}

} // namespace wirelab::web
