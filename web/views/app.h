// The Wirelab browser app: the document, the running network and the views, drawn one frame at a
// time through the platform Backend. Everything here is platform-free; web/platform/ holds the
// two mains' differences.
//
// One frame: take files that arrived → apply the Commands the views queued last frame → bring the
// running network up to date (rebuild or live link settings) → run the simulation's time slice →
// draw every view (which queue new Commands) → autosave.
#pragma once

#include "web/gfx/canvas_renderer.h"
#include "web/model/document.h"
#include "web/model/labs.h"
#include "web/model/selection.h"
#include "web/model/session.h"
#include "web/model/terminal.h"
#include "web/platform/backend.h"
#include "web/views/canvas_view.h"
#include "web/views/cidr_view.h"
#include "web/views/event_log_view.h"
#include "web/views/files.h"
#include "web/views/inspector_view.h"
#include "web/views/lab_view.h"
#include "web/views/packet_list_view.h"
#include "web/views/page_view.h"
#include "web/views/palette_view.h"
#include "web/views/sim_bar.h"
#include "web/views/terminal_view.h"
#include "web/views/theme.h"
#include "web/views/ui_state.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace wirelab::web {

class App {
public:
    explicit App(Backend& backend) : m_backend(backend) {}

    // After Backend::init(): builds the canvas shaders and loads the first document. A shader
    // failure does not stop the app; the canvas shows the message instead.
    void init();
    void frame();

    // [SECTION] Read-only state for the test hook (web/views/test_hook.cpp)
    uint64_t frames() const { return m_frames; }
    const UiState& ui() const { return m_ui; }
    const CidrView& cidr() const { return m_cidr; }
    const CanvasView& canvas() const { return m_canvas; }
    const CanvasRenderer& renderer() const { return m_renderer; }
    const std::string& renderer_problem() const { return m_renderer_problem; }
    const Fonts& fonts() const { return m_fonts; }
    float ui_scale() const { return m_scale; }
    float event_scale() const { return m_backend.event_scale(); }
    const Document& document() const { return m_doc; }
    const Session& session() const { return m_session; }
    const Selection& selection() const { return m_selection; }
    const FileManager& files() const { return m_files; }
    const PaletteView& palette() const { return m_palette; }
    const InspectorView& inspector() const { return m_inspector; }
    const SimBar& sim_bar() const { return m_sim_bar; }
    const TerminalView& terminal_view() const { return m_terminal_view; }
    const PageView& page_view() const { return m_page_view; }
    PacketListView& packet_list() { return m_packet_list; }
    const std::map<std::string, std::unique_ptr<Terminal>>& terminals() const
    {
        return m_terminals;
    }
    const std::string& active_tab() const { return m_active_tab; }
    // Tab rectangles of the bottom panel by label ("Packets", "Events", "pc1"...).
    const std::map<std::string, InspectorView::Rect>& tab_rects() const { return m_tab_rects; }
    // Menu rectangles ("menu.File", "menu.File.Open") while shown, and panels ("panel.inspector").
    const std::map<std::string, InspectorView::Rect>& menu_rects() const { return m_menu_rects; }
    const std::string& share_link() const { return m_share_link; }
    const LabBook& labs() const { return m_labs; }
    const LabView& lab_view() const { return m_lab_view; }
    bool is_lab_checking() const { return m_lab_check_frames > 0; }
    // Where the time of the last kMaxTimings frames went, in milliseconds.
    struct FrameTiming {
        double total = 0, prep = 0, sim = 0, ui = 0, render = 0;
    };
    static constexpr size_t kMaxTimings = 240;
    const std::vector<FrameTiming>& timings() const { return m_timings; }
    double frame_ms() const { return m_timings.empty() ? 0.0 : m_timings.back().total; }

private:
    // [SECTION] app.cpp: frame and layout
    void follow_ui_scale();
    void release_text_field_on_click();
    void draw_workspace();
    void draw_status_bar();
    void draw_bottom_panel(float height);
    void draw_terminal_tabs();
    void draw_problems();
    void draw_legend();

    // [SECTION] app_actions.cpp: edits, shortcuts, the running network
    void sync_session();
    void handle_shortcuts();
    void copy_selection();
    void paste();
    void delete_selection();
    void undo();
    void redo();
    Terminal& terminal(const std::string& host);
    void open_terminal(const std::string& host);
    void wire_shell_events();
    void draw_menus();

    // [SECTION] app_labs.cpp: the lab in progress (fetching, following the document, grading)
    void start_labs();
    void sync_labs();
    void follow_document_lab();
    void open_lab_now(const LabRef& ref);
    void handle_lab_requests();

    Backend& m_backend;
    UiState m_ui;
    Theme m_styled_theme = Theme::Dark;
    float m_scale = 0.0f; // UI scale the style and fonts were built for; 0 = not yet
    Fonts m_fonts;
    CanvasRenderer m_renderer;
    std::string m_renderer_problem;

    Document m_doc;
    Session m_session;
    Selection m_selection;
    FileManager m_files;
    sim::Scenario m_clipboard;
    int m_paste_count = 0;
    std::map<std::string, std::unique_ptr<Terminal>> m_terminals; // by host, never destroyed
    std::vector<std::string> m_terminal_tabs;                     // open tabs, in opening order
    std::string m_active_tab = "Packets";
    std::string m_select_tab; // a tab to bring forward on the next frame
    std::map<std::string, InspectorView::Rect> m_tab_rects;
    std::map<std::string, InspectorView::Rect> m_menu_rects;
    std::string m_share_link;
    LabBook m_labs;
    LabView m_lab_view;
    std::string m_lab_link;               // #lab=<id> waiting for the catalog
    std::optional<LabRef> m_lab_open;     // chosen in the dialog, waiting for its file
    std::set<std::string> m_lab_fetching; // lab files asked for
    std::optional<LabRef> m_lab_failed;   // a document's lab that could not be shown
    int m_lab_check_frames = 0;           // > 0: "Check my work" runs when it reaches 0

    CanvasView m_canvas;
    CidrView m_cidr;
    PaletteView m_palette;
    InspectorView m_inspector;
    SimBar m_sim_bar;
    TerminalView m_terminal_view;
    PageView m_page_view;
    PacketListView m_packet_list;
    EventLogView m_event_log;
    float m_bottom_height = 0.0f;
    float m_canvas_lab_w = 0.0f; // the lab panel's width when the canvas was last drawn
    uint64_t m_frames = 0;
    double m_last_wall = 0.0;
    bool m_restart_requested = false;
    std::vector<FrameTiming> m_timings;      // oldest first
    std::vector<sim::Diagnostic> m_warnings; // validate_scenario() of the document, for Problems
    uint64_t m_warnings_revision = 0;
};

} // namespace wirelab::web
