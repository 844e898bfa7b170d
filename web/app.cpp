// The Wirelab app: layout of the workspace (menu bar, palette, canvas, status bar) and windows.
#include "web/app.h"

#include "web/views/help_view.h"
#include "web/views/menu_bar.h"
#include "web/views/palette_view.h"

#include <cstdio>

namespace wirelab::web {

namespace {
constexpr float kPaletteWidth = 210.0f;
constexpr ImGuiWindowFlags kWorkspaceFlags =
    ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
    ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNavFocus;
} // namespace

void App::init()
{
    auto built = m_renderer.init(m_backend.glsl_prelude());
    if (!built) {
        m_renderer_problem = "Canvas unavailable: " + built.error().message;
        std::fprintf(stderr, "wirelab: %s\n", m_renderer_problem.c_str());
    }
}

void App::frame()
{
    follow_ui_scale();
    int width = 0, height = 0;
    m_backend.new_frame(width, height);
    draw_menu_bar(m_ui);
    draw_workspace();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 cidr_pos(vp->WorkPos.x + vp->WorkSize.x - 450.0f * m_scale,
                          vp->WorkPos.y + 20.0f * m_scale);
    m_cidr.draw(&m_ui.show_cidr, m_fonts, m_ui.theme, m_scale, cidr_pos);
    draw_help_windows(m_ui, m_scale);
    const ImVec4 clear = clear_color(m_ui.theme);
    m_backend.end_frame(clear.x, clear.y, clear.z);
    ++m_frames;
}

// Style and fonts are rasterised for one UI scale; rebuild them when it changes (the page moved
// to another screen, or the browser zoom changed) or when the theme was switched.
void App::follow_ui_scale()
{
    const float scale = m_backend.ui_scale();
    if (scale != m_scale) {
        const bool had_texture = m_scale != 0.0f;
        m_scale = scale;
        m_fonts = load_fonts(m_backend, scale);
        // The first upload happens in the renderer's first frame.
        if (had_texture) m_backend.rebuild_font_texture();
        apply_style(m_ui.theme, scale);
        m_styled_theme = m_ui.theme;
    }
    if (m_styled_theme != m_ui.theme) {
        apply_style(m_ui.theme, scale);
        m_styled_theme = m_ui.theme;
    }
}

void App::draw_workspace()
{
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0.0f, 0.0f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("##workspace", nullptr, kWorkspaceFlags);
    ImGui::PopStyleVar(3);

    const float status_height = ImGui::GetFrameHeight();
    const float body_height = ImGui::GetContentRegionAvail().y - status_height;
    if (m_ui.show_palette) {
        ImGui::BeginChild("##palette", ImVec2(kPaletteWidth * m_scale, body_height),
                          ImGuiChildFlags_Border);
        draw_palette();
        ImGui::EndChild();
        ImGui::SameLine(0.0f, 0.0f);
    }
    ImGui::BeginChild("##canvas", ImVec2(0.0f, body_height), ImGuiChildFlags_None,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    if (m_ui.reset_view_requested) {
        m_canvas.reset_view();
        m_ui.reset_view_requested = false;
    }
    m_canvas.draw(m_renderer, m_renderer_problem, canvas_colors(m_ui.theme), m_scale);
    ImGui::EndChild();
    draw_status_bar();
    ImGui::End();
}

void App::draw_status_bar()
{
    ImGui::SetCursorPosX(ImGui::GetStyle().FramePadding.x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Simulation: no network yet");
    ImGui::SameLine();
    ImGui::TextDisabled("·  zoom %.0f%%", m_canvas.zoom() * 100.0f);
    if (!m_fonts.problem.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(error_color(m_ui.theme), "·  %s", m_fonts.problem.c_str());
    }
}

} // namespace wirelab::web
