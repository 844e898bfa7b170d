// The network canvas.
#include "web/views/canvas_view.h"

#include "web/views/palette_view.h"

#include <algorithm>
#include <cmath>

namespace wirelab::web {

namespace {

constexpr float kGridMinSpacingPx = 18.0f; // minor lines never closer than this (UI pixels)
constexpr int kMajorEvery = 5;
constexpr int kMaxLinesPerAxis = 400;

// Smallest step of the 1-2-5 series (world units) whose on-screen spacing is readable.
float grid_step(float px_per_unit, float ui_scale)
{
    const float min_world = kGridMinSpacingPx * ui_scale / px_per_unit;
    float decade = std::pow(10.0f, std::floor(std::log10(min_world)));
    for (;;) {
        for (float m : {1.0f, 2.0f, 5.0f})
            if (m * decade >= min_world) return m * decade;
        decade *= 10.0f;
    }
}

} // namespace

void CanvasView::reset_view()
{
    m_center = ImVec2(0.0f, 0.0f);
    m_zoom = 1.0f;
}

void CanvasView::draw(CanvasRenderer& renderer, const std::string& renderer_problem,
                      const CanvasColors& colors, float ui_scale)
{
    m_min = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 size(std::max(avail.x, 1.0f), std::max(avail.y, 1.0f));
    m_max = ImVec2(m_min.x + size.x, m_min.y + size.y);
    ImGui::InvisibleButton("##network_canvas", size,
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                               ImGuiButtonFlags_MouseButtonMiddle);
    accept_drop();
    handle_input(m_zoom * ui_scale);

    CanvasTransform t;
    t.px_per_unit = m_zoom * ui_scale;
    t.origin = ImVec2((m_min.x + m_max.x) * 0.5f - m_center.x * t.px_per_unit,
                      (m_min.y + m_max.y) * 0.5f - m_center.y * t.px_per_unit);

    ImDrawList* list = ImGui::GetWindowDrawList();
    list->PushClipRect(m_min, m_max, true);
    list->AddRectFilled(m_min, m_max, colors.background);
    renderer.clear();
    add_grid(renderer, t, colors, ui_scale);
    if (renderer_problem.empty()) renderer.submit(list, t);
    draw_hint(list, colors, ui_scale);
    if (!renderer_problem.empty())
        list->AddText(ImVec2(m_min.x + 12 * ui_scale, m_min.y + 12 * ui_scale),
                      IM_COL32(255, 90, 90, 255), renderer_problem.c_str());
    list->PopClipRect();
}

void CanvasView::handle_input(float px_per_unit)
{
    const ImGuiIO& io = ImGui::GetIO();
    // Pan by the drag distance from where the button went down (not by per-frame mouse deltas,
    // which include any jump of the pointer before the press).
    if (ImGui::IsItemActivated()) {
        m_drag_button = -1;
        for (int button = 0; button < 3; ++button)
            if (ImGui::IsMouseClicked(button)) m_drag_button = button;
        m_drag_start_center = m_center;
    }
    if (ImGui::IsItemActive() && m_drag_button >= 0) {
        const ImVec2 drag = ImGui::GetMouseDragDelta(m_drag_button, 0.0f);
        m_center = ImVec2(m_drag_start_center.x - drag.x / px_per_unit,
                          m_drag_start_center.y - drag.y / px_per_unit);
    }
    if (!ImGui::IsItemHovered() || io.MouseWheel == 0.0f) return;
    // Zoom about the pointer: the world point under it stays under it.
    const ImVec2 mid((m_min.x + m_max.x) * 0.5f, (m_min.y + m_max.y) * 0.5f);
    const ImVec2 from_mid(io.MousePos.x - mid.x, io.MousePos.y - mid.y);
    const ImVec2 world(m_center.x + from_mid.x / px_per_unit,
                       m_center.y + from_mid.y / px_per_unit);
    const float old_zoom = m_zoom;
    m_zoom = std::clamp(m_zoom * std::pow(1.15f, io.MouseWheel), kMinZoom, kMaxZoom);
    const float new_px_per_unit = px_per_unit * (m_zoom / old_zoom);
    m_center =
        ImVec2(world.x - from_mid.x / new_px_per_unit, world.y - from_mid.y / new_px_per_unit);
    // Zooming while dragging: continue the drag from here at the new scale.
    if (ImGui::IsItemActive() && m_drag_button >= 0) {
        m_drag_start_center = m_center;
        ImGui::ResetMouseDragDelta(m_drag_button);
    }
}

void CanvasView::accept_drop()
{
    if (!ImGui::BeginDragDropTarget()) return;
    if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload(kDevicePayload)) {
        const int kind = *static_cast<const int*>(payload->Data);
        m_notice = std::string(device_label(DeviceKind(kind))) +
                   ": placing devices is coming soon, with the network model.";
    }
    ImGui::EndDragDropTarget();
}

void CanvasView::add_grid(CanvasRenderer& renderer, const CanvasTransform& t,
                          const CanvasColors& colors, float ui_scale) const
{
    const float step = grid_step(t.px_per_unit, ui_scale);
    // Visible world rectangle.
    const float left = (m_min.x - t.origin.x) / t.px_per_unit;
    const float right = (m_max.x - t.origin.x) / t.px_per_unit;
    const float top = (m_min.y - t.origin.y) / t.px_per_unit;
    const float bottom = (m_max.y - t.origin.y) / t.px_per_unit;
    const float line_px = 0.5f * ui_scale;

    auto add_lines = [&](float lo, float hi, bool vertical) {
        const long first = long(std::floor(lo / step));
        const long last = long(std::ceil(hi / step));
        if (last - first > kMaxLinesPerAxis) return;
        for (long i = first; i <= last; ++i) {
            const float v = float(i) * step;
            const bool axis = i == 0;
            const bool major = i % kMajorEvery == 0;
            const ImU32 color = axis ? colors.axis : major ? colors.grid_major : colors.grid_minor;
            const float r = axis ? line_px * 2.0f : line_px;
            if (vertical)
                renderer.add_segment(ImVec2(v, top), ImVec2(v, bottom), 0.0f, r, color);
            else
                renderer.add_segment(ImVec2(left, v), ImVec2(right, v), 0.0f, r, color);
        }
    };
    add_lines(left, right, true);
    add_lines(top, bottom, false);
}

void CanvasView::draw_hint(ImDrawList* list, const CanvasColors& colors, float ui_scale) const
{
    const char* title = "Drag a host here from the palette";
    const char* detail = m_notice.empty() ? "Scroll to zoom · drag to pan" : m_notice.c_str();
    ImFont* font = ImGui::GetFont();
    const float big = ImGui::GetFontSize() * 1.35f;
    const ImVec2 title_size = font->CalcTextSizeA(big, FLT_MAX, 0.0f, title);
    const ImVec2 detail_size = ImGui::CalcTextSize(detail);
    const ImVec2 mid((m_min.x + m_max.x) * 0.5f, (m_min.y + m_max.y) * 0.5f);
    const float gap = 8.0f * ui_scale;
    // A backing plate in the canvas colour keeps the hint readable over grid lines.
    const float half_w = std::max(title_size.x, detail_size.x) * 0.5f + 16.0f * ui_scale;
    list->AddRectFilled(ImVec2(mid.x - half_w, mid.y - title_size.y - gap * 1.5f),
                        ImVec2(mid.x + half_w, mid.y + detail_size.y + gap * 1.5f),
                        (colors.background & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 220),
                        6.0f * ui_scale);
    list->AddText(font, big, ImVec2(mid.x - title_size.x * 0.5f, mid.y - title_size.y - gap * 0.5f),
                  colors.hint, title);
    list->AddText(ImVec2(mid.x - detail_size.x * 0.5f, mid.y + gap * 0.5f), colors.hint_secondary,
                  detail);
}

} // namespace wirelab::web
