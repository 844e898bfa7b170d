// The Wirelab browser app: owns the views and draws one frame at a time through the platform
// Backend. Everything here is platform-free; web/platform/ holds the two mains' differences.
#pragma once

#include "web/gfx/canvas_renderer.h"
#include "web/platform/backend.h"
#include "web/theme.h"
#include "web/ui_state.h"
#include "web/views/canvas_view.h"
#include "web/views/cidr_view.h"

#include <cstdint>
#include <string>

namespace wirelab::web {

class App {
public:
    explicit App(Backend& backend) : m_backend(backend) {}

    // After Backend::init(): builds the canvas shaders. A shader failure does not stop the app;
    // the canvas shows the message instead (renderer_problem()).
    void init();
    void frame();

    // Read-only state for the test hook (web/test_hook.cpp).
    uint64_t frames() const { return m_frames; }
    const UiState& ui() const { return m_ui; }
    const CidrView& cidr() const { return m_cidr; }
    const CanvasView& canvas() const { return m_canvas; }
    const CanvasRenderer& renderer() const { return m_renderer; }
    const std::string& renderer_problem() const { return m_renderer_problem; }
    const Fonts& fonts() const { return m_fonts; }
    float ui_scale() const { return m_scale; }
    float event_scale() const { return m_backend.event_scale(); }

private:
    void follow_ui_scale();
    void draw_workspace();
    void draw_status_bar();

    Backend& m_backend;
    UiState m_ui;
    Theme m_styled_theme = Theme::Dark;
    float m_scale = 0.0f; // UI scale the style and fonts were built for; 0 = not yet
    Fonts m_fonts;
    CanvasRenderer m_renderer;
    std::string m_renderer_problem;
    CanvasView m_canvas;
    CidrView m_cidr;
    uint64_t m_frames = 0;
};

} // namespace wirelab::web
