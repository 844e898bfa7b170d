// The inspector's routes table, cable settings and the network panel.
#include "sim/scenario_units.h"
#include "web/model/scenario_edit.h"
#include "web/views/inspector_checks.h"
#include "web/views/inspector_view.h"
#include "web/views/link_text.h"

#include <misc/cpp/imgui_stdlib.h>

namespace wirelab::web {

namespace {

using DirField = std::optional<double> sim::LinkDirSpec::*;

// Sets one setting of a cable: on both directions (clearing per-direction overrides of it), or
// on one direction only.
template <class T>
void set_setting(sim::LinkSpec& l, int direction, std::optional<T> sim::LinkDirSpec::*field, T v)
{
    if (direction == 0) {
        l.both.*field = v;
        l.a_to_b.*field = std::nullopt;
        l.b_to_a.*field = std::nullopt;
    } else {
        (direction == 1 ? l.a_to_b : l.b_to_a).*field = v;
    }
}

template <class T>
Command link_setting(size_t index, int direction, std::optional<T> sim::LinkDirSpec::*field, T v,
                     std::string label)
{
    return Command{std::move(label), [=](sim::Scenario& s) {
                       if (index >= s.links.size()) return false;
                       sim::LinkSpec before = s.links[index];
                       set_setting(s.links[index], direction, field, v);
                       return !(before == s.links[index]);
                   }};
}

} // namespace

void InspectorView::routes_panel(Document& doc, const sim::DeviceSpec& d)
{
    if (!ImGui::CollapsingHeader("Routes", ImGuiTreeNodeFlags_DefaultOpen)) return;
    const std::string dev = d.name;
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (!d.routes.empty() && ImGui::BeginTable("##routes", 4, flags)) {
        ImGui::TableSetupColumn("Network");
        ImGui::TableSetupColumn("Via");
        ImGui::TableSetupColumn("Dev", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < d.routes.size(); ++i) {
            const sim::RouteSpec& r = d.routes[i];
            ImGui::PushID(int(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushFont(m_fonts->mono);
            ImGui::TextUnformatted(r.to.to_string().c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.via ? r.via->to_string().c_str() : "(on link)");
            ImGui::PopFont();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.dev.empty() ? "auto" : r.dev.c_str());
            ImGui::TableNextColumn();
            if (ImGui::SmallButton("x")) {
                const sim::RouteSpec gone = r;
                doc.queue({"Remove route from " + dev, [dev, gone](sim::Scenario& s) {
                               const int di = s.device_index(dev);
                               if (di < 0) return false;
                               auto& routes = s.devices[size_t(di)].routes;
                               return std::erase(routes, gone) > 0;
                           }});
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this route");
            ImGui::PopID();
        }
        ImGui::EndTable();
    } else if (d.routes.empty()) {
        ImGui::TextDisabled("No static routes (connected subnets and the gateway are automatic).");
    }
    // A new route: network and next hop.
    ImGui::TextDisabled("Add a route:");
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    ImGui::SetNextItemWidth(half);
    ImGui::PushFont(m_fonts->mono);
    ImGui::InputTextWithHint("##new_to", "10.9.0.0/16", &m_new_route_to);
    m_rects["route.to"] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    ImGui::SameLine();
    ImGui::SetNextItemWidth(half);
    ImGui::InputTextWithHint("##new_via", "via 10.0.0.254", &m_new_route_via);
    m_rects["route.via"] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    ImGui::PopFont();
    std::string error = m_new_route_to.empty() && m_new_route_via.empty()
                            ? std::string()
                            : check_prefix(m_new_route_to);
    if (error.empty()) error = check_optional_ip(m_new_route_via);
    ImGui::BeginDisabled(m_new_route_to.empty() || !error.empty());
    if (ImGui::Button("Add route")) {
        sim::RouteSpec r;
        r.to = wire::IpPrefix::parse(split_list(m_new_route_to)[0])->canonical();
        if (!split_list(m_new_route_via).empty())
            r.via = *wire::IpAddr::parse(split_list(m_new_route_via)[0]);
        doc.queue({"Add route to " + dev, [dev, r](sim::Scenario& s) {
                       const int di = s.device_index(dev);
                       if (di < 0) return false;
                       s.devices[size_t(di)].routes.push_back(r);
                       return true;
                   }});
        m_new_route_to.clear();
        m_new_route_via.clear();
    }
    ImGui::EndDisabled();
    if (!error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, error_color(m_theme));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
}

void InspectorView::link_panel(Document& doc, const sim::Scenario& s, size_t index)
{
    const sim::LinkSpec& l = s.links[index];
    ImGui::SeparatorText("Cable");
    ImGui::PushFont(m_fonts->mono);
    ImGui::TextUnformatted(l.a.to_string().c_str());
    ImGui::TextUnformatted(("  ↔ " + l.b.to_string()).c_str());
    ImGui::PopFont();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", link_summary(l).c_str());
    ImGui::PopTextWrapPos();
    bool up = l.up;
    if (ImGui::Checkbox("Plugged in (link up)", &up))
        doc.queue({up ? "Link up" : "Link down", [index, up](sim::Scenario& sc) {
                       if (index >= sc.links.size() || sc.links[index].up == up) return false;
                       sc.links[index].up = up;
                       return true;
                   }});
    m_rects["link.up"] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("Unplug the cable: frames on it are dropped (\"link down\").");
    const std::string a_to_b = l.a.device + " → " + l.b.device;
    const std::string b_to_a = l.b.device + " → " + l.a.device;
    const char* directions[] = {"both directions", a_to_b.c_str(), b_to_a.c_str()};
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::Combo("##direction", &m_link_direction, directions, 3);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("Which direction the settings below apply to.");
    link_numbers(doc, l, index);
    link_mtu(doc, s, l);
    if (is_impaired(l) && ImGui::Button("Remove impairments")) {
        doc.queue({"Remove impairments", [index](sim::Scenario& sc) {
                       if (index >= sc.links.size()) return false;
                       for (sim::LinkDirSpec* d : {&sc.links[index].both, &sc.links[index].a_to_b,
                                                   &sc.links[index].b_to_a}) {
                           d->loss.reset();
                           d->burst.reset();
                           d->duplicate.reset();
                           d->reorder.reset();
                           d->corrupt.reset();
                       }
                       return true;
                   }});
    }
    ImGui::TextDisabled("Changes apply to the running network at once.");
    problems_for("links[" + std::to_string(index) + "]", "");
}

void InspectorView::link_numbers(Document& doc, const sim::LinkSpec& l, size_t index)
{
    const int dir = m_link_direction;
    const net::LinkParams p = l.params();
    const net::LinkDirParams& v = dir == 2 ? p.ba : p.ab;
    const std::string k = "link.";
    std::string text;
    auto percent_field = [&](const char* label, const char* key, double value, DirField field,
                             const char* tip) {
        if (text_field(label, "0", k + key, format_percent(value), check_percent, text,
                       120.0f * m_scale))
            doc.queue(link_setting(index, dir, field, parse_percent_value(text),
                                   std::string("Set ") + key));
        ImGui::SameLine();
        ImGui::TextDisabled("%%");
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", tip);
    };
    if (text_field("Bandwidth", "100Mbit", k + "bandwidth", sim::format_bandwidth(v.bandwidth_bps),
                   check_bandwidth, text, 160.0f * m_scale))
        doc.queue(link_setting(index, dir, &sim::LinkDirSpec::bandwidth_bps,
                               *sim::parse_bandwidth(text), "Set bandwidth"));
    if (text_field("Delay", "100us", k + "delay", sim::format_duration(v.delay), check_duration,
                   text, 160.0f * m_scale))
        doc.queue(link_setting(index, dir, &sim::LinkDirSpec::delay, *sim::parse_duration(text),
                               "Set delay"));
    auto check_queue = [](const std::string& t) { return check_uint(t, 1, 100000, "the queue"); };
    if (text_field("Queue (frames)", "100", k + "queue", std::to_string(v.queue_limit), check_queue,
                   text, 160.0f * m_scale))
        doc.queue(link_setting(index, dir, &sim::LinkDirSpec::queue, uint32_t(std::stoul(text)),
                               "Set queue"));
    percent_field("Loss", "loss", v.loss, &sim::LinkDirSpec::loss,
                  "Each frame is lost with this probability.");
    percent_field("Duplication", "duplicate", v.duplicate, &sim::LinkDirSpec::duplicate,
                  "Each frame is delivered twice with this probability.");
    percent_field("Reordering", "reorder", v.reorder, &sim::LinkDirSpec::reorder,
                  "Each frame is held back (and so overtaken) with this probability.");
    if (v.reorder > 0.0 &&
        text_field("Held back by", "5ms", k + "reorder_delay",
                   sim::format_duration(v.reorder_delay), check_duration, text, 160.0f * m_scale))
        doc.queue(link_setting(index, dir, &sim::LinkDirSpec::reorder_delay,
                               *sim::parse_duration(text), "Set reorder delay"));
    percent_field("Corruption", "corrupt", v.corrupt, &sim::LinkDirSpec::corrupt,
                  "One bit of the frame is flipped with this probability (checksums catch it).");
    // Gilbert-Elliott burst loss: enter bad state with p, leave it with r.
    const net::BurstLoss b = v.burst;
    if (text_field("Burst loss: enter", "0", k + "burst_p", format_percent(b.p), check_percent,
                   text, 120.0f * m_scale)) {
        net::BurstLoss nb = b;
        nb.p = parse_percent_value(text);
        doc.queue(link_setting(index, dir, &sim::LinkDirSpec::burst, nb, "Set burst loss"));
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%% (?)");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("Gilbert-Elliott burst loss: after each frame the link turns bad with "
                          "this probability, and while bad it loses every frame until it "
                          "recovers (below). 0 turns bursts off.");
    if (b.p > 0.0 && text_field("Burst loss: leave", "100", k + "burst_r", format_percent(b.r),
                                check_percent, text, 120.0f * m_scale)) {
        net::BurstLoss nb = b;
        nb.r = parse_percent_value(text);
        doc.queue(link_setting(index, dir, &sim::LinkDirSpec::burst, nb, "Set burst recovery"));
    }
}

// The MTU belongs to the interfaces at the cable's ends (a switch port has none of its own); the
// field sets both, as configuring the same MTU on a link's two ends does on real equipment.
void InspectorView::link_mtu(Document& doc, const sim::Scenario& s, const sim::LinkSpec& l)
{
    std::optional<uint32_t> mtu;
    bool any = false;
    for (const sim::Endpoint* e : {&l.a, &l.b}) {
        const sim::DeviceSpec* d = s.find_device(e->device);
        const sim::InterfaceSpec* i = d ? d->find_interface(e->port) : nullptr;
        if (!i) continue;
        any = true;
        if (i->mtu && (!mtu || *i->mtu < *mtu)) mtu = i->mtu;
    }
    if (!any) return;
    auto check_mtu = [](const std::string& t) {
        return t.empty() ? std::string() : check_uint(t, 576, 9216, "the MTU");
    };
    std::string text;
    if (text_field("MTU (bytes, both ends)", "1500", "link.mtu", mtu ? std::to_string(*mtu) : "",
                   check_mtu, text, 160.0f * m_scale)) {
        std::optional<uint32_t> value;
        if (!text.empty()) value = uint32_t(std::stoul(text));
        const sim::Endpoint a = l.a, b = l.b;
        doc.queue({"Set MTU", [a, b, value](sim::Scenario& sc) {
                       bool changed = false;
                       for (const sim::Endpoint* e : {&a, &b}) {
                           const int di = sc.device_index(e->device);
                           if (di < 0) continue;
                           for (sim::InterfaceSpec& i : sc.devices[size_t(di)].interfaces)
                               if (i.name == e->port && i.mtu != value) {
                                   i.mtu = value;
                                   changed = true;
                               }
                       }
                       return changed;
                   }});
    }
}

void InspectorView::network_panel(Document& doc, const sim::Scenario& s, const Session& session)
{
    ImGui::SeparatorText("Network");
    std::string title = s.title;
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::InputTextWithHint("##title", "Title", &title))
        doc.queue({"Set title",
                   [title](sim::Scenario& sc) {
                       sc.title = title;
                       return true;
                   },
                   "title"});
    if (ImGui::IsItemDeactivated()) doc.break_merge();
    if (!s.description.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", s.description.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::Text("%zu devices · %zu cables", s.devices.size(), s.links.size());
    if (!s.script.empty()) ImGui::Text("%zu scripted commands", s.script.size());
    std::string text;
    auto check_seed = [](const std::string& t) { return check_uint(t, 0, UINT64_MAX, "the seed"); };
    // A lab always runs with its own seed (sim/LAB_FORMAT.md, Locks).
    const bool seed_locked = lock_begin("", "seed");
    const bool seed_set =
        text_field("Seed", "1", "seed", std::to_string(s.seed), check_seed, text, 160.0f * m_scale);
    lock_end(seed_locked, "", "seed");
    if (seed_set) {
        const uint64_t seed = std::stoull(text);
        doc.queue({"Set seed", [seed](sim::Scenario& sc) {
                       if (sc.seed == seed) return false;
                       sc.seed = seed;
                       return true;
                   }});
    }
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("Every random choice (losses, addresses, timers) comes from this seed: "
                          "the same seed gives the same run.");
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    if (s.devices.empty())
        ImGui::TextDisabled("Drag devices from the palette onto the canvas, or open an example "
                            "from File → Examples.");
    else
        ImGui::TextDisabled("Select a device or a cable to edit it.");
    ImGui::PopTextWrapPos();
    if (!session.has_network() && !session.problems().empty()) {
        ImGui::SeparatorText("Why the network is not running");
        for (const sim::Diagnostic& d : session.problems()) {
            ImGui::PushStyleColor(ImGuiCol_Text, error_color(m_theme));
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(d.to_string().c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
        }
    }
}

} // namespace wirelab::web
