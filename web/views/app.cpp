// The Wirelab app: the frame, and the layout of the workspace (simulation bar, palette, canvas,
// inspector, bottom panel with terminals / packets / events / problems, status bar).
#include "web/views/app.h"

#include "web/views/help_view.h"

#include <imgui_internal.h> // ClearActiveID, the active text field

#include <algorithm>
#include <cstdio>

namespace wirelab::web {

namespace {
constexpr float kPaletteWidth = 180.0f;
constexpr float kInspectorWidth = 330.0f;
constexpr float kLabWidth = 400.0f; // the lab panel, between the canvas and the inspector
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
    // Enter applies a field and leaves the keyboard in it (the terminal takes its line out of
    // the field), so typing right after Enter is never lost.
    ImGui::GetIO().ConfigInputTextEnterKeepActive = true;
    wire_shell_events();
    start_labs(); // reads a #lab= link before the files take the fragment
    if (m_files.start(m_backend, m_doc)) m_ui.fit_view_requested = true;
    m_last_wall = m_backend.wall_seconds();
}

void App::frame()
{
    const double now = m_backend.wall_seconds();
    const double dt = std::clamp(now - m_last_wall, 0.0, 0.25);
    m_last_wall = now;
    if (m_files.poll(m_backend, m_doc)) {
        m_selection.clear();
        m_ui.fit_view_requested = true;
    }
    sync_labs();
    m_doc.apply_queued();
    sync_session();
    const double sim_start = m_backend.wall_seconds();
    m_session.advance(dt);
    const double sim_done = m_backend.wall_seconds();

    follow_ui_scale();
    const double ui_start = m_backend.wall_seconds();
    int width = 0, height = 0;
    m_backend.new_frame(width, height);
    release_text_field_on_click();
    handle_shortcuts();
    draw_menus();
    draw_workspace();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 cidr_pos(vp->WorkPos.x + vp->WorkSize.x - 450.0f * m_scale,
                          vp->WorkPos.y + 60.0f * m_scale);
    m_cidr.draw(&m_ui.show_cidr, m_fonts, m_ui.theme, m_scale, cidr_pos);
    m_page_view.draw(m_session, m_ui, m_fonts, m_ui.theme, m_scale);
    draw_help_windows(m_ui, m_scale);
    m_lab_view.draw_dialogs(m_scale);
    handle_lab_requests();
    m_files.draw_dialogs(m_scale);
    const double ui_done = m_backend.wall_seconds();
    const ImVec4 clear = clear_color(m_ui.theme);
    m_backend.end_frame(clear.x, clear.y, clear.z);
    const double rendered = m_backend.wall_seconds();
    m_files.autosave(m_backend, m_doc);
    FrameTiming t;
    t.total = (m_backend.wall_seconds() - now) * 1000.0;
    t.prep = (sim_start - now) * 1000.0;
    t.sim = (sim_done - sim_start) * 1000.0;
    t.ui = (ui_done - ui_start) * 1000.0;
    t.render = (rendered - ui_done) * 1000.0;
    if (m_timings.size() == kMaxTimings) m_timings.erase(m_timings.begin());
    m_timings.push_back(t);
    ++m_frames;
}

// A click anywhere lets go of the text field being typed in, before any widget sees the click.
// ImGui otherwise does that inside the field itself, after widgets drawn earlier in the same
// window (the bottom panel's tabs, the canvas) have already ignored the click because an item
// was active, so a first click after typing would do nothing. A click on the field itself
// activates it again at once.
void App::release_text_field_on_click()
{
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiIO& io = ImGui::GetIO();
    // (Not on a double-click, which selects a word in the field.)
    const bool clicked = (io.MouseClicked[0] && !io.MouseDoubleClicked[0]) || io.MouseClicked[1] ||
                         io.MouseClicked[2];
    if (clicked && g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID) ImGui::ClearActiveID();
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

    // Simulation bar.
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::SetCursorPos(ImVec2(style.FramePadding.x, style.FramePadding.y));
    m_sim_bar.draw(m_session, m_fonts, m_ui.theme, m_scale, m_backend.wall_seconds());
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 2.0f);

    const float status_height = ImGui::GetFrameHeight();
    // Three gaps of item spacing: body / splitter / bottom panel / status bar.
    const float total =
        ImGui::GetContentRegionAvail().y - status_height - 3.0f * style.ItemSpacing.y;
    if (m_bottom_height <= 0.0f) m_bottom_height = std::round(total * 0.36f);
    m_bottom_height = std::clamp(m_bottom_height, 80.0f * m_scale,
                                 std::max(total - 120.0f * m_scale, 80.0f * m_scale));
    const float splitter = 6.0f * m_scale;
    const float body_height = m_ui.show_bottom ? total - m_bottom_height - splitter : total;

    if (m_ui.show_palette) {
        ImGui::BeginChild("##palette", ImVec2(kPaletteWidth * m_scale, body_height),
                          ImGuiChildFlags_Border);
        m_palette.draw(m_ui, m_scale);
        ImGui::EndChild();
        ImGui::SameLine(0.0f, 0.0f);
    }
    const float inspector_w = m_ui.show_inspector ? kInspectorWidth * m_scale : 0.0f;
    const float lab_w = m_labs.is_open() ? kLabWidth * m_scale : 0.0f;
    ImGui::BeginChild("##canvas", ImVec2(-(inspector_w + lab_w), body_height), ImGuiChildFlags_None,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    if (m_ui.reset_view_requested) {
        m_canvas.reset_view();
        m_ui.reset_view_requested = false;
    }
    // The canvas is as wide as last frame's rect only when the lab panel did not just open or
    // close; otherwise fit on the next frame, to the canvas's new size.
    const bool resized = lab_w != m_canvas_lab_w;
    m_canvas_lab_w = lab_w;
    if (m_ui.fit_view_requested && !resized && m_canvas.rect_max().x > m_canvas.rect_min().x) {
        m_canvas.fit(m_doc.scenario());
        m_ui.fit_view_requested = false;
    }
    const CanvasColors colors = canvas_colors(m_ui.theme);
    CanvasContext ctx{m_doc,         m_selection,
                      m_session,     m_ui,
                      m_renderer,    m_renderer_problem,
                      colors,        m_fonts,
                      m_scale,       !m_clipboard.devices.empty(),
                      m_labs.locks()};
    const CanvasAction action = m_canvas.draw(ctx);
    ImGui::EndChild();
    if (action == CanvasAction::Copy) copy_selection();
    if (action == CanvasAction::Paste) paste();
    if (action == CanvasAction::Delete) delete_selection();
    if (lab_w > 0.0f) {
        ImGui::SameLine(0.0f, 0.0f);
        ImGui::BeginChild("##lab", ImVec2(lab_w, body_height), ImGuiChildFlags_Border);
        m_lab_view.draw_panel(m_labs, m_doc.revision(), m_lab_check_frames > 0, m_fonts, m_ui.theme,
                              m_scale);
        ImGui::EndChild();
    }
    if (m_ui.show_inspector) {
        ImGui::SameLine(0.0f, 0.0f);
        ImGui::BeginChild("##inspector", ImVec2(0.0f, body_height), ImGuiChildFlags_Border);
        m_inspector.set_locks(m_labs.locks());
        m_inspector.draw(m_doc, m_selection, m_session, m_ui, m_fonts, m_scale);
        ImGui::EndChild();
        m_menu_rects["panel.inspector"] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    }
    if (m_ui.show_bottom) {
        ImGui::InvisibleButton("##bottom_split", ImVec2(-FLT_MIN, splitter));
        if (ImGui::IsItemActive()) m_bottom_height -= ImGui::GetIO().MouseDelta.y;
        if (ImGui::IsItemHovered() || ImGui::IsItemActive())
            ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
        draw_bottom_panel(m_bottom_height);
    }
    draw_status_bar();
    ImGui::End();
    draw_legend();
}

void App::draw_status_bar()
{
    ImGui::SetCursorPosX(ImGui::GetStyle().FramePadding.x);
    ImGui::AlignTextToFramePadding();
    const sim::Scenario& s = m_doc.scenario();
    ImGui::TextDisabled("%zu devices · %zu cables · %llu frames captured · zoom %.0f%%",
                        s.devices.size(), s.links.size(),
                        static_cast<unsigned long long>(m_session.capture().end_id() -
                                                        m_session.capture().first_id()),
                        m_canvas.zoom() * 100.0f);
    if (!m_files.last_status().empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("·  %s", m_files.last_status().c_str());
    }
    if (!m_fonts.problem.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(error_color(m_ui.theme), "·  %s", m_fonts.problem.c_str());
    }
}

// The packet colours, as one strip along the canvas's bottom edge (out of the network's way).
void App::draw_legend()
{
    if (!m_ui.show_legend || m_doc.scenario().devices.empty()) return;
    const float pad = 8.0f * m_scale;
    ImGui::SetNextWindowPos(ImVec2(m_canvas.rect_min().x + pad, m_canvas.rect_max().y - pad),
                            ImGuiCond_Always, ImVec2(0.0f, 1.0f));
    ImGui::SetNextWindowBgAlpha(0.75f);
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
        ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6.0f * m_scale, 3.0f * m_scale));
    if (!ImGui::Begin("##legend", nullptr, flags)) {
        ImGui::End();
        ImGui::PopStyleVar();
        return;
    }
    ImDrawList* list = ImGui::GetWindowDrawList();
    const float r = 4.5f * m_scale;
    auto entry = [&](ImU32 color, const char* text) {
        const ImVec2 at = ImGui::GetCursorScreenPos();
        list->AddCircleFilled(ImVec2(at.x + r, at.y + ImGui::GetTextLineHeight() * 0.5f), r, color);
        ImGui::Dummy(ImVec2(2.0f * r, ImGui::GetTextLineHeight()));
        ImGui::SameLine(0.0f, 4.0f * m_scale);
        ImGui::TextUnformatted(text);
        ImGui::SameLine(0.0f, 12.0f * m_scale);
    };
    for (int k = 0; k < int(PacketKind::Count); ++k)
        entry(packet_color(PacketKind(k)), to_string(PacketKind(k)));
    entry(IM_COL32(235, 50, 50, 255), "dropped (hover it for why)");
    if (m_session.animation().not_drawn())
        ImGui::TextDisabled("· %llu frames not drawn",
                            static_cast<unsigned long long>(m_session.animation().not_drawn()));
    else
        ImGui::NewLine();
    ImGui::End();
    ImGui::PopStyleVar();
}

void App::draw_bottom_panel(float height)
{
    ImGui::BeginChild("##bottom", ImVec2(0.0f, height), ImGuiChildFlags_Border);
    m_tab_rects.clear();
    if (!ImGui::BeginTabBar("##bottom_tabs", ImGuiTabBarFlags_AutoSelectNewTabs)) {
        ImGui::EndChild();
        return;
    }
    auto tab = [&](const char* label, const std::string& key, bool* open) {
        const ImGuiTabItemFlags flags = m_select_tab == key ? ImGuiTabItemFlags_SetSelected : 0;
        const bool shown = ImGui::BeginTabItem(label, open, flags);
        m_tab_rects[key] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) {
            if (key == "Packets") ImGui::SetTooltip("Every frame on the wire, as in Wireshark");
            if (key == "Events") ImGui::SetTooltip("Drops and notable events, with their reasons");
            if (key == "Problems") ImGui::SetTooltip("What is wrong with the network as built");
        }
        if (shown) m_active_tab = key;
        return shown;
    };
    draw_terminal_tabs();
    if (tab("Packets", "Packets", nullptr)) {
        if (m_packet_list.draw(m_session, m_doc.scenario(), m_fonts, m_ui.theme, m_scale)) {
            const Bytes pcap = m_packet_list.pcap_bytes(m_session);
            m_backend.download(m_packet_list.pcap_name(m_doc.scenario()),
                               "application/vnd.tcpdump.pcap", pcap.data(), pcap.size());
        }
        ImGui::EndTabItem();
    }
    if (tab("Events", "Events", nullptr)) {
        m_event_log.draw(m_session, m_fonts, m_ui.theme);
        ImGui::EndTabItem();
    }
    const size_t problems = m_session.problems().size();
    const std::string label = problems ? "Problems (" + std::to_string(problems) + ")###Problems"
                                       : std::string("Problems###Problems");
    if (tab(label.c_str(), "Problems", nullptr)) {
        draw_problems();
        ImGui::EndTabItem();
    }
    m_select_tab.clear();
    ImGui::EndTabBar();
    ImGui::EndChild();
}

void App::draw_terminal_tabs()
{
    for (size_t i = 0; i < m_terminal_tabs.size();) {
        const std::string host = m_terminal_tabs[i];
        Terminal& t = terminal(host);
        const ImGuiTabItemFlags flags = m_select_tab == host ? ImGuiTabItemFlags_SetSelected : 0;
        const std::string label = host + (t.is_busy() ? " •" : "") + "###term-" + host;
        bool open = t.open;
        const bool shown = ImGui::BeginTabItem(label.c_str(), &open, flags);
        m_tab_rects[host] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
            ImGui::SetTooltip("Terminal on %s", host.c_str());
        if (shown) {
            m_active_tab = host;
            m_terminal_view.draw(t, m_session, m_doc.scenario(), m_fonts, m_ui.theme, m_scale);
            ImGui::EndTabItem();
        }
        t.open = open && t.open;
        if (!t.open) {
            if (t.is_busy()) m_session.interrupt(host);
            m_terminal_tabs.erase(m_terminal_tabs.begin() + long(i));
            continue;
        }
        ++i;
    }
}

void App::draw_problems()
{
    ImGui::PushTextWrapPos(0.0f);
    if (!m_session.problems().empty()) {
        ImGui::TextColored(
            error_color(m_ui.theme),
            "The network cannot run until these are fixed (the simulation is stopped):");
        for (const sim::Diagnostic& d : m_session.problems())
            ImGui::BulletText("%s", d.to_string().c_str());
    }
    if (m_warnings_revision != m_doc.revision()) {
        m_warnings = sim::validate_scenario(m_doc.scenario());
        m_warnings_revision = m_doc.revision();
    }
    bool any_warning = false;
    for (const sim::Diagnostic& d : m_warnings) {
        if (d.is_error()) continue;
        if (!any_warning) ImGui::TextColored(ImVec4(0.95f, 0.7f, 0.2f, 1.0f), "Warnings:");
        any_warning = true;
        ImGui::BulletText("%s", d.message.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("(%s)", d.path.c_str());
    }
    if (m_session.problems().empty() && !any_warning)
        ImGui::TextDisabled("No problems: the network is running.");
    ImGui::PopTextWrapPos();
}

} // namespace wirelab::web
