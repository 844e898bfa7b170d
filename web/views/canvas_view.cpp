// The network canvas: layout, transform and mouse gestures. Drawing is in canvas_draw.cpp, the
// context menu and tooltips in canvas_menu.cpp.
#include "web/views/canvas_view.h"

#include "web/model/scenario_edit.h"
#include "web/views/palette_view.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace wirelab::web {

namespace {

constexpr float kHandlePx = 7.0f;   // connect handle radius, UI pixels
constexpr float kLinkPickPx = 6.0f; // how close to a cable a click selects it
constexpr float kAutoSpacing = 120.0f;
constexpr int kAutoColumns = 8;

float distance(ImVec2 a, ImVec2 b)
{
    return std::hypot(a.x - b.x, a.y - b.y);
}

float distance_to_segment(ImVec2 p, ImVec2 a, ImVec2 b)
{
    const ImVec2 ab(b.x - a.x, b.y - a.y);
    const float len2 = ab.x * ab.x + ab.y * ab.y;
    float t = len2 > 0.0f ? ((p.x - a.x) * ab.x + (p.y - a.y) * ab.y) / len2 : 0.0f;
    t = std::clamp(t, 0.0f, 1.0f);
    return distance(p, ImVec2(a.x + t * ab.x, a.y + t * ab.y));
}

std::string count_label(size_t n, const char* one, const char* many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

ImVec2 CanvasView::device_world(const sim::Scenario& s, size_t i)
{
    const sim::DeviceSpec& d = s.devices[i];
    if (d.position) return ImVec2(float(d.position->x), float(d.position->y));
    return ImVec2(float(i % kAutoColumns) * kAutoSpacing, float(i / kAutoColumns) * kAutoSpacing);
}

ImVec2 CanvasView::handle_world(ImVec2 device)
{
    return ImVec2(device.x + kDeviceRadius * 0.8f, device.y - kDeviceRadius * 0.8f);
}

ImVec2 CanvasView::to_screen(ImVec2 w) const
{
    return ImVec2(w.x * m_px_per_unit + m_origin.x, w.y * m_px_per_unit + m_origin.y);
}

ImVec2 CanvasView::to_world(ImVec2 p) const
{
    return ImVec2((p.x - m_origin.x) / m_px_per_unit, (p.y - m_origin.y) / m_px_per_unit);
}

void CanvasView::reset_view()
{
    m_center = ImVec2(0.0f, 0.0f);
    m_zoom = 1.0f;
}

void CanvasView::fit(const sim::Scenario& s)
{
    if (s.devices.empty()) {
        reset_view();
        return;
    }
    ImVec2 lo(FLT_MAX, FLT_MAX), hi(-FLT_MAX, -FLT_MAX);
    for (size_t i = 0; i < s.devices.size(); ++i) {
        const ImVec2 p = device_world(s, i);
        lo = ImVec2(std::min(lo.x, p.x), std::min(lo.y, p.y));
        hi = ImVec2(std::max(hi.x, p.x), std::max(hi.y, p.y));
    }
    // Room for the icons and their labels around the outermost devices.
    const float margin = kDeviceRadius * 4.0f;
    const float w = hi.x - lo.x + 2 * margin, h = hi.y - lo.y + 2 * margin;
    m_center = ImVec2((lo.x + hi.x) * 0.5f, (lo.y + hi.y) * 0.5f + kDeviceRadius * 0.5f);
    const float scale = m_px_per_unit / std::max(m_zoom, 1e-6f); // UI scale
    const float avail_w = std::max(m_max.x - m_min.x, 100.0f) / scale;
    const float avail_h = std::max(m_max.y - m_min.y, 100.0f) / scale;
    m_zoom = std::clamp(std::min(avail_w / w, avail_h / h), kMinZoom, 1.5f);
}

// ===================================================================================== [SECTION]
// Frame

CanvasAction CanvasView::draw(CanvasContext& ctx)
{
    m_min = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 size(std::max(avail.x, 1.0f), std::max(avail.y, 1.0f));
    m_max = ImVec2(m_min.x + size.x, m_min.y + size.y);
    begin_frame_rect();
    m_px_per_unit = m_zoom * ctx.ui_scale;
    update_link_ends(ctx.doc);
    ImGui::InvisibleButton("##network_canvas", size,
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                               ImGuiButtonFlags_MouseButtonMiddle);
    accept_drop(ctx);
    handle_mouse(ctx);
    zoom_with_wheel();
    begin_frame_rect();
    update_positions(ctx);

    ImDrawList* list = ImGui::GetWindowDrawList();
    list->PushClipRect(m_min, m_max, true);
    list->AddRectFilled(m_min, m_max, ctx.colors.background);
    CanvasRenderer& r = ctx.renderer;
    r.clear();
    add_grid(r, ctx.colors, ctx.ui_scale);
    add_links(ctx);
    add_devices(ctx);
    add_packets(ctx);
    if (ctx.renderer_problem.empty()) r.submit(list, CanvasTransform{m_px_per_unit, m_origin});
    draw_labels(ctx, list);
    draw_overlays(ctx, list);
    if (ctx.doc.scenario().devices.empty()) draw_hint(list, ctx.colors, ctx.ui_scale);
    if (!ctx.renderer_problem.empty())
        list->AddText(ImVec2(m_min.x + 12 * ctx.ui_scale, m_min.y + 12 * ctx.ui_scale),
                      IM_COL32(255, 90, 90, 255), ctx.renderer_problem.c_str());
    list->PopClipRect();
    tooltips(ctx);
    return context_menu(ctx);
}

// The transform for this frame from the current centre and zoom.
void CanvasView::begin_frame_rect()
{
    m_origin = ImVec2((m_min.x + m_max.x) * 0.5f - m_center.x * m_px_per_unit,
                      (m_min.y + m_max.y) * 0.5f - m_center.y * m_px_per_unit);
}

void CanvasView::update_link_ends(const Document& doc)
{
    if (doc.revision() == m_link_ends_revision) return;
    m_link_ends_revision = doc.revision();
    const sim::Scenario& s = doc.scenario();
    std::map<std::string_view, int> index;
    for (size_t i = 0; i < s.devices.size(); ++i) index.emplace(s.devices[i].name, int(i));
    auto find = [&](const std::string& name) {
        auto it = index.find(name);
        return it == index.end() ? -1 : it->second;
    };
    m_link_ends.clear();
    for (const sim::LinkSpec& l : s.links)
        m_link_ends.push_back({find(l.a.device), find(l.b.device)});
}

void CanvasView::update_positions(const CanvasContext& ctx)
{
    const sim::Scenario& s = ctx.doc.scenario();
    const bool moving = m_gesture == Gesture::Move && m_dragged;
    m_pos.resize(s.devices.size());
    for (size_t i = 0; i < s.devices.size(); ++i) {
        ImVec2 p = device_world(s, i);
        if (moving && ctx.selection.devices.count(s.devices[i].name))
            p = ImVec2(p.x + m_move_delta.x, p.y + m_move_delta.y);
        m_pos[i] = p;
    }
}

// ===================================================================================== [SECTION]
// Mouse

CanvasView::Hit CanvasView::hit_test(const sim::Scenario& s, ImVec2 screen,
                                     const Selection& sel) const
{
    Hit hit;
    const ImVec2 world = to_world(screen);
    const float handle_px = kHandlePx * (m_px_per_unit / std::max(m_zoom, 1e-6f));
    for (size_t i = s.devices.size(); i-- > 0;) {
        const ImVec2 p = device_world(s, i);
        const bool shows_handle = int(i) == m_hover_device || sel.devices.count(s.devices[i].name);
        if (shows_handle && distance(to_screen(handle_world(p)), screen) <= handle_px + 2.0f)
            return Hit{int(i), -1, true};
        if (hit.device < 0 && distance(world, p) <= kDeviceRadius) hit.device = int(i);
    }
    if (hit.device >= 0) return hit;
    const float pick = kLinkPickPx / m_zoom;
    float best = pick;
    for (size_t i = 0; i < s.links.size() && i < m_link_ends.size(); ++i) {
        const auto [a, b] = m_link_ends[i];
        if (a < 0 || b < 0) continue;
        const float d =
            distance_to_segment(world, device_world(s, size_t(a)), device_world(s, size_t(b)));
        if (d <= best) {
            best = d;
            hit.link = int(i);
        }
    }
    return hit;
}

// Hovering a device or cable the lab locks says so (what is locked is greyed out in the inspector).
void CanvasView::lock_tooltip(const CanvasContext& ctx, const Hit& hit) const
{
    if (!ctx.locks || !ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal)) return;
    const sim::Scenario& s = ctx.doc.scenario();
    if (hit.device >= 0) {
        const std::string& name = s.devices[size_t(hit.device)].name;
        if (ctx.locks->is_device_locked(name))
            ImGui::SetTooltip("The lab locks %s: grading uses the lab's %s, whatever you change.",
                              name.c_str(), name.c_str());
        else if (ctx.locks->devices.count(name))
            ImGui::SetTooltip("The lab locks some settings of %s (greyed out in the inspector).",
                              name.c_str());
    } else if (hit.link >= 0 && ctx.locks->links) {
        ImGui::SetTooltip("The lab locks the cables and their settings.");
    }
}

void CanvasView::handle_mouse(CanvasContext& ctx)
{
    const ImGuiIO& io = ImGui::GetIO();
    const sim::Scenario& s = ctx.doc.scenario();
    const bool over = ImGui::IsItemHovered();
    const Hit hit = over || ImGui::IsItemActive() ? hit_test(s, io.MousePos, ctx.selection) : Hit{};
    if (m_gesture == Gesture::None) {
        m_hover_device = hit.device;
        m_hover_link = hit.link;
        lock_tooltip(ctx, hit);
    }
    if (ImGui::IsItemActivated()) {
        for (int button = 0; button < 3; ++button)
            if (ImGui::IsMouseClicked(button)) on_press(ctx, button, hit);
    }
    if (m_gesture != Gesture::None && m_gesture_button >= 0) {
        const ImVec2 drag = ImGui::GetMouseDragDelta(m_gesture_button, 0.0f);
        if (!m_dragged && std::hypot(drag.x, drag.y) > io.MouseDragThreshold) m_dragged = true;
        if (m_gesture == Gesture::Pan)
            m_center = ImVec2(m_drag_start_center.x - drag.x / m_px_per_unit,
                              m_drag_start_center.y - drag.y / m_px_per_unit);
        if (m_gesture == Gesture::Move && m_dragged && m_press_device >= 0 &&
            size_t(m_press_device) < s.devices.size()) {
            const ImVec2 anchor = device_world(s, size_t(m_press_device));
            m_move_delta = ImVec2(float(snap(anchor.x + drag.x / m_px_per_unit)) - anchor.x,
                                  float(snap(anchor.y + drag.y / m_px_per_unit)) - anchor.y);
        }
        if (ImGui::IsMouseReleased(m_gesture_button)) on_release(ctx, m_gesture_button);
    }
    if (over && ImGui::IsMouseDoubleClicked(0) && hit.device >= 0 &&
        s.devices[size_t(hit.device)].is_ip_node())
        ctx.ui.open_terminal = s.devices[size_t(hit.device)].name;
}

void CanvasView::on_press(CanvasContext& ctx, int button, const Hit& hit)
{
    const ImGuiIO& io = ImGui::GetIO();
    const sim::Scenario& s = ctx.doc.scenario();
    m_press_screen = io.MousePos;
    m_dragged = false;
    m_gesture_button = button;
    m_press_device = hit.device;
    m_press_link = hit.link;
    m_move_delta = ImVec2(0.0f, 0.0f);
    m_drag_start_center = m_center;
    m_gesture = Gesture::Pan;
    m_notice.clear();
    if (button != 0) return;
    Selection& sel = ctx.selection;
    if (hit.device < 0 && io.KeyShift) {
        m_gesture = Gesture::Box;
    } else if (hit.device >= 0 && (hit.handle || ctx.ui.tool == CanvasTool::Cable)) {
        m_gesture = Gesture::Connect;
    } else if (hit.device >= 0) {
        const std::string& name = s.devices[size_t(hit.device)].name;
        const bool selected = sel.devices.count(name) > 0;
        if (io.KeyCtrl) {
            if (selected)
                sel.devices.erase(name);
            else
                sel.devices.insert(name);
            m_gesture = selected ? Gesture::None : Gesture::Move;
        } else {
            if (!selected) sel.select_only_device(name);
            m_gesture = Gesture::Move;
        }
    } else if (hit.link >= 0) {
        if (io.KeyCtrl) {
            if (!sel.links.erase(size_t(hit.link))) sel.links.insert(size_t(hit.link));
        } else {
            sel.select_only_link(size_t(hit.link));
        }
    }
}

void CanvasView::on_release(CanvasContext& ctx, int button)
{
    const ImGuiIO& io = ImGui::GetIO();
    const sim::Scenario& s = ctx.doc.scenario();
    Selection& sel = ctx.selection;
    const Gesture gesture = m_gesture;
    m_gesture = Gesture::None;
    m_gesture_button = -1;
    switch (gesture) {
    case Gesture::Pan:
        if (m_dragged) break;
        if (button == 1) {
            m_menu_device = m_press_device;
            m_menu_link = m_press_link;
            m_menu_world = to_world(m_press_screen);
            if (m_press_device >= 0 && !sel.devices.count(s.devices[size_t(m_press_device)].name))
                sel.select_only_device(s.devices[size_t(m_press_device)].name);
            if (m_press_link >= 0 && !sel.links.count(size_t(m_press_link)))
                sel.select_only_link(size_t(m_press_link));
            ImGui::OpenPopup("##canvas_menu");
        } else if (button == 0 && m_press_link < 0 && !io.KeyCtrl) {
            sel.clear();
        }
        break;
    case Gesture::Move: {
        if (!m_dragged) {
            // A click on one device of a group selects just that one.
            if (!io.KeyCtrl && m_press_device >= 0)
                sel.select_only_device(s.devices[size_t(m_press_device)].name);
            break;
        }
        if (m_move_delta.x == 0.0f && m_move_delta.y == 0.0f) break;
        std::vector<std::pair<std::string, sim::Position>> moves;
        for (size_t i = 0; i < s.devices.size(); ++i) {
            if (!sel.devices.count(s.devices[i].name)) continue;
            const ImVec2 p = device_world(s, i);
            moves.push_back({s.devices[i].name, sim::Position{snap(p.x + m_move_delta.x),
                                                              snap(p.y + m_move_delta.y)}});
        }
        const std::string label =
            "Move " +
            (moves.size() == 1 ? moves[0].first : count_label(moves.size(), "device", "devices"));
        ctx.doc.queue({label, [moves](sim::Scenario& sc) {
                           bool changed = false;
                           for (const auto& [name, pos] : moves) {
                               const int i = sc.device_index(name);
                               if (i < 0 || sc.devices[size_t(i)].position == pos) continue;
                               sc.devices[size_t(i)].position = pos;
                               changed = true;
                           }
                           return changed;
                       }});
        break;
    }
    case Gesture::Box: {
        const ImVec2 a = to_world(m_press_screen), b = to_world(io.MousePos);
        const ImVec2 lo(std::min(a.x, b.x), std::min(a.y, b.y));
        const ImVec2 hi(std::max(a.x, b.x), std::max(a.y, b.y));
        if (!io.KeyCtrl) sel.clear();
        for (size_t i = 0; i < s.devices.size(); ++i) {
            const ImVec2 p = device_world(s, i);
            if (p.x >= lo.x && p.x <= hi.x && p.y >= lo.y && p.y <= hi.y)
                sel.devices.insert(s.devices[i].name);
        }
        break;
    }
    case Gesture::Connect: {
        const Hit target = hit_test(s, io.MousePos, sel);
        if (!m_dragged || target.device < 0) {
            m_notice = "To connect, drag from a device's + handle onto another device.";
            break;
        }
        if (target.device == m_press_device) break;
        if (ctx.locks && ctx.locks->links) {
            m_notice = "The lab locks the cables: grading uses the lab's cabling, so new cables "
                       "are refused.";
            break;
        }
        const std::string a = s.devices[size_t(m_press_device)].name;
        const std::string b = s.devices[size_t(target.device)].name;
        sim::Scenario trial = s;
        if (auto error = connect_devices(trial, size_t(m_press_device), size_t(target.device))) {
            m_notice = "Cannot connect " + a + " and " + b + ": " + *error;
            break;
        }
        ctx.doc.queue({"Connect " + a + " and " + b, [a, b](sim::Scenario& sc) {
                           const int ia = sc.device_index(a), ib = sc.device_index(b);
                           return ia >= 0 && ib >= 0 &&
                                  !connect_devices(sc, size_t(ia), size_t(ib));
                       }});
        break;
    }
    case Gesture::None: break;
    }
    ctx.doc.break_merge();
}

void CanvasView::accept_drop(CanvasContext& ctx)
{
    if (!ImGui::BeginDragDropTarget()) return;
    if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload(kDevicePayload)) {
        if (ctx.locks && !ctx.locks->add_devices) {
            m_notice = "The lab does not take devices you add (grading leaves them out).";
            ImGui::EndDragDropTarget();
            return;
        }
        const auto item = PaletteItem(*static_cast<const int*>(payload->Data));
        const ImVec2 w = to_world(ImGui::GetIO().MousePos);
        sim::DeviceSpec d = make_device(ctx.doc.scenario(), item, sim::Position{w.x, w.y});
        ctx.selection.select_only_device(d.name);
        ctx.doc.queue({std::string("Add ") + d.name, [d](sim::Scenario& s) {
                           sim::DeviceSpec copy = d;
                           if (s.device_index(copy.name) >= 0) return false;
                           s.devices.push_back(std::move(copy));
                           return true;
                       }});
        m_notice.clear();
    }
    ImGui::EndDragDropTarget();
}

void CanvasView::zoom_with_wheel()
{
    const ImGuiIO& io = ImGui::GetIO();
    if (!ImGui::IsItemHovered() || io.MouseWheel == 0.0f) return;
    // Zoom about the pointer: the world point under it stays under it.
    const float ui_scale = m_px_per_unit / m_zoom;
    const ImVec2 mid((m_min.x + m_max.x) * 0.5f, (m_min.y + m_max.y) * 0.5f);
    const ImVec2 from_mid(io.MousePos.x - mid.x, io.MousePos.y - mid.y);
    const ImVec2 world(m_center.x + from_mid.x / m_px_per_unit,
                       m_center.y + from_mid.y / m_px_per_unit);
    m_zoom = std::clamp(m_zoom * std::pow(1.15f, io.MouseWheel), kMinZoom, kMaxZoom);
    m_px_per_unit = m_zoom * ui_scale;
    m_center = ImVec2(world.x - from_mid.x / m_px_per_unit, world.y - from_mid.y / m_px_per_unit);
    // Zooming while panning: continue the pan from here at the new scale.
    if (m_gesture == Gesture::Pan && m_gesture_button >= 0) {
        m_drag_start_center = m_center;
        ImGui::ResetMouseDragDelta(m_gesture_button);
    }
}

} // namespace wirelab::web
