// The network canvas: a pannable, zoomable world drawn by CanvasRenderer (instanced shaders).
// For now it holds only the grid and a first-run hint; nodes, links and packets come with the
// network model.
#pragma once

#include "web/gfx/canvas_renderer.h"
#include "web/theme.h"

#include <imgui.h>

#include <string>

namespace wirelab::web {

class CanvasView {
public:
    static constexpr float kMinZoom = 0.1f;
    static constexpr float kMaxZoom = 8.0f;

    // Fills the current ImGui content region. `renderer_problem` (empty when the shaders built)
    // is shown in place of the grid.
    void draw(CanvasRenderer& renderer, const std::string& renderer_problem,
              const CanvasColors& colors, float ui_scale);
    void reset_view();

    float zoom() const { return m_zoom; }
    ImVec2 center() const { return m_center; }
    ImVec2 rect_min() const { return m_min; }
    ImVec2 rect_max() const { return m_max; }
    const std::string& notice() const { return m_notice; }

private:
    void handle_input(float px_per_unit);
    void accept_drop();
    void add_grid(CanvasRenderer& renderer, const CanvasTransform& t, const CanvasColors& colors,
                  float ui_scale) const;
    void draw_hint(ImDrawList* list, const CanvasColors& colors, float ui_scale) const;

    ImVec2 m_center{0.0f, 0.0f}; // world point shown at the middle of the canvas
    float m_zoom = 1.0f;         // 1 = one world unit per UI pixel
    ImVec2 m_min, m_max;         // last frame's canvas rectangle, ImGui display units
    std::string m_notice;        // one-line message after an action that is not available yet
    int m_drag_button = -1;      // mouse button panning the view, -1 when none
    ImVec2 m_drag_start_center;  // m_center when that drag started
};

} // namespace wirelab::web
