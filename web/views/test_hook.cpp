// The browser tests' read-only view of the app, as JSON.
//
// Index of this file:
// [SECTION] The app, and a small JSON writer
// [SECTION] Parts of state(): CIDR, canvas, simulation, rectangles, timing, lab
// [SECTION] state() and packets() whole
// [SECTION] The functions window.wirelabTest calls (web/views/test_hook.h)

#include "web/views/test_hook.h"

#include "web/model/scenario_edit.h"
#include "web/views/app.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace wirelab::web {

namespace {

// [SECTION] The app, and a small JSON writer

// Set once by main(). Not const only because the packet list fills its row columns lazily
// (a cache); the hook never changes what the app shows or does.
App* g_app = nullptr;

// A small JSON writer: commas between members are the caller's business via `sep`.
class Json {
public:
    std::string out;
    void str(std::string_view text)
    {
        out += '"';
        for (unsigned char c : text) {
            if (c == '"' || c == '\\') {
                out += '\\';
                out += char(c);
            } else if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
        out += '"';
    }
    void num(double v)
    {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.9g", v);
        out += buf;
    }
    void boolean(bool v) { out += v ? "true" : "false"; }
    void key(std::string_view k)
    {
        sep();
        str(k);
        out += ':';
        m_first = true; // the value follows without a comma
    }
    void open(char c)
    {
        sep();
        out += c;
        m_first = true;
    }
    void close(char c)
    {
        out += c;
        m_first = false;
    }
    void sep()
    {
        if (!m_first) out += ',';
        m_first = false;
    }
    void field(std::string_view k, std::string_view v)
    {
        key(k);
        str(v);
        m_first = false;
    }
    void field(std::string_view k, double v)
    {
        key(k);
        num(v);
        m_first = false;
    }
    void flag(std::string_view k, bool v)
    {
        key(k);
        boolean(v);
        m_first = false;
    }
    void rect(std::string_view name, ImVec2 min, ImVec2 max, float to_css)
    {
        key(name);
        open('{');
        field("x", min.x / to_css);
        field("y", min.y / to_css);
        field("w", (max.x - min.x) / to_css);
        field("h", (max.y - min.y) / to_css);
        close('}');
    }
    void str_item(std::string_view v) // an array element
    {
        sep();
        str(v);
    }
    void point(std::string_view name, ImVec2 p, float to_css)
    {
        key(name);
        open('{');
        field("x", p.x / to_css);
        field("y", p.y / to_css);
        close('}');
    }

private:
    bool m_first = true;
};

// [SECTION] Parts of state(): CIDR, canvas, simulation, rectangles, timing, lab

void cidr_state(Json& j, const App& app)
{
    const CidrView& cidr = app.cidr();
    j.key("cidr");
    j.open('{');
    j.flag("open", app.ui().show_cidr);
    j.field("input", cidr.input());
    j.field("error", cidr.error());
    j.key("rows");
    j.open('[');
    for (const auto& row : cidr.rows()) {
        j.open('{');
        j.field("key", row.key);
        j.field("label", row.label);
        j.field("value", row.value);
        j.close('}');
    }
    j.close(']');
    j.close('}');
}

void canvas_state(Json& j, const App& app, float css)
{
    const CanvasView& canvas = app.canvas();
    j.key("canvas");
    j.open('{');
    j.field("zoom", canvas.zoom());
    j.key("center");
    j.open('[');
    j.sep();
    j.num(canvas.center().x);
    j.sep();
    j.num(canvas.center().y);
    j.close(']');
    j.field("instances", double(app.renderer().instance_count()));
    j.field("draw_calls", app.renderer().last_draw_calls());
    j.field("notice", canvas.notice());
    j.close('}');
    const sim::Scenario& s = app.document().scenario();
    j.key("devices");
    j.open('[');
    for (size_t i = 0; i < s.devices.size(); ++i) {
        const ImVec2 w = CanvasView::device_world(s, i);
        j.open('{');
        j.field("name", s.devices[i].name);
        j.field("type", sim::to_string(s.devices[i].type));
        j.field("item", palette_label(palette_item_of(s.devices[i])));
        j.point("at", canvas.to_screen(w), css);
        j.point("handle", canvas.to_screen(CanvasView::handle_world(w)), css);
        j.close('}');
    }
    j.close(']');
    j.field("links", double(s.links.size()));
    j.key("selection");
    j.open('[');
    for (const std::string& n : app.selection().devices) {
        j.sep();
        j.str(n);
    }
    j.close(']');
}

void sim_state(Json& j, const App& app)
{
    const Session& session = app.session();
    j.key("sim");
    j.open('{');
    j.flag("running", session.has_network());
    j.flag("playing", session.is_playing());
    j.field("speed", session.speed());
    j.field("time", session.now().seconds());
    j.field("restarts", double(session.restarts()));
    j.field("restart_reason", session.restart_reason());
    j.flag("lagging", session.is_lagging());
    j.field("frame_ms", app.frame_ms());
    j.field("slice_ms", session.last_slice_ms());
    j.field("flights", double(session.animation().flights().size()));
    j.field("packets_drawn", double(app.canvas().packets_drawn()));
    j.field("bursts", double(session.animation().bursts().size()));
    j.field("captured", double(session.capture().end_id() - session.capture().first_id()));
    size_t drops = 0;
    for (const LogEntry& e : session.log())
        if (e.kind == net::TraceKind::FrameDropped || e.kind == net::TraceKind::PacketDropped)
            ++drops;
    j.field("logged_drops", double(drops));
    j.field("last_log", session.log().empty() ? std::string() : session.log().back().text);
    j.key("problems");
    j.open('[');
    for (const sim::Diagnostic& d : session.problems()) {
        j.sep();
        j.str(d.to_string());
    }
    j.close(']');
    j.close('}');
}

void rects_state(Json& j, const App& app, float css)
{
    j.key("rects");
    j.open('{');
    j.rect("cidr_input", app.cidr().input_min(), app.cidr().input_max(), css);
    j.rect("canvas", app.canvas().rect_min(), app.canvas().rect_max(), css);
    const auto& items = app.palette().item_rects();
    for (size_t k = 0; k < items.size(); ++k)
        j.rect(std::string("palette.") + palette_label(PaletteItem(k)), items[k].min, items[k].max,
               css);
    j.rect("tool.cable", app.palette().cable_tool_rect().min, app.palette().cable_tool_rect().max,
           css);
    j.rect("play", app.sim_bar().play_min(), app.sim_bar().play_max(), css);
    for (const auto& [key, r] : app.inspector().rects())
        j.rect("inspector." + key, r.min, r.max, css);
    for (const auto& [key, r] : app.tab_rects()) j.rect("tab." + key, r.min, r.max, css);
    for (const auto& [key, r] : app.menu_rects()) j.rect(key, r.min, r.max, css);
    j.rect("terminal_input", app.terminal_view().input_min(), app.terminal_view().input_max(), css);
    const auto [bmin, bmax] = app.canvas().browser_item_rect();
    j.rect("canvas_menu.Open web browser", bmin, bmax, css);
    j.rect("page.address", app.page_view().address_min(), app.page_view().address_max(), css);
    j.rect("page.back", app.page_view().back_min(), app.page_view().back_max(), css);
    j.rect("page.first_link", app.page_view().first_link_min(), app.page_view().first_link_max(),
           css);
    PacketListView& list = g_app->packet_list();
    j.rect("packet_filter", list.filter_min(), list.filter_max(), css);
    j.rect("packet_download", list.download_min(), list.download_max(), css);
    j.close('}');
}

// The "Web browser" window: what it shows (web/views/page_view.h).
void page_state(Json& j, const App& app)
{
    const PageView& v = app.page_view();
    j.key("page_view");
    j.open('{');
    j.flag("open", v.is_open());
    j.field("host", v.host());
    j.field("address", v.address());
    j.field("url", v.url());
    j.field("status", double(v.status()));
    j.field("bytes", double(v.bytes()));
    j.field("ms", v.elapsed_ms());
    j.flag("loading", v.is_loading());
    j.field("error", v.error());
    j.field("title", v.title());
    j.field("text", v.text());
    j.close('}');
}

// The app's own time per frame over the last frames: median and 90th percentile of each part.
void timing_state(Json& j, const App& app)
{
    j.key("timing");
    j.open('{');
    j.field("frames", double(app.timings().size()));
    auto part = [&](const char* name, double App::FrameTiming::*field) {
        std::vector<double> v;
        for (const App::FrameTiming& t : app.timings()) v.push_back(t.*field);
        std::sort(v.begin(), v.end());
        j.key(name);
        j.open('{');
        j.field("median", v.empty() ? 0.0 : v[v.size() / 2]);
        j.field("p90", v.empty() ? 0.0 : v[std::min(v.size() - 1, v.size() * 9 / 10)]);
        j.close('}');
    };
    part("total", &App::FrameTiming::total);
    part("prep", &App::FrameTiming::prep);
    part("sim", &App::FrameTiming::sim);
    part("ui", &App::FrameTiming::ui);
    part("render", &App::FrameTiming::render);
    j.close('}');
}

// The lab in progress: which lab and student, the catalog, the last grade and revealed hints.
void lab_state(Json& j, const App& app)
{
    const LabBook& book = app.labs();
    j.key("lab");
    j.open('{');
    j.flag("open", book.is_open());
    j.field("id", book.is_open() ? book.active().id : std::string());
    j.field("student", book.is_open() ? book.active().student : std::string());
    j.field("title", book.variant() ? book.variant()->title : std::string());
    j.flag("checking", app.is_lab_checking());
    j.flag("dialog_open", app.lab_view().is_dialog_open());
    j.field("error", app.lab_view().last_error());
    j.key("catalog");
    j.open('[');
    for (const LabInfo& l : book.index()) j.str_item(l.id);
    j.close(']');
    const sim::GradeReport* r = book.report();
    j.flag("graded", r != nullptr);
    j.flag("stale", r && book.graded_revision() != app.document().revision());
    j.field("score", r ? double(r->score) : 0.0);
    j.field("max", book.variant() ? double(book.variant()->max_points()) : 0.0);
    j.field("runs", r ? double(r->runs) : 0.0);
    j.field("grade_ms", book.grade_ms());
    j.field("grades", double(book.grades()));
    j.key("checks");
    j.open('[');
    if (const sim::LabVariant* v = book.variant()) {
        for (size_t i = 0; i < v->checks.size(); ++i) {
            const sim::CheckResult* cr = r && i < r->checks.size() ? &r->checks[i] : nullptr;
            j.open('{');
            j.field("id", v->checks[i].id);
            j.flag("passed", cr && cr->passed);
            j.field("points", cr ? double(cr->points) : 0.0);
            j.field("max", double(v->checks[i].points));
            j.field("detail", cr ? cr->detail : std::string());
            j.field("hints_shown", double(book.hints_shown(v->checks[i].id)));
            j.field("hints", double(v->checks[i].hints.size()));
            j.close('}');
        }
    }
    j.close(']');
    j.key("locked");
    j.open('[');
    for (const std::string& k : app.inspector().locked_keys()) j.str_item(k);
    j.close(']');
    j.close('}');
}

// [SECTION] state() and packets() whole

std::string state_json(const App& app)
{
    const float css = app.event_scale();
    Json j;
    j.open('{');
    j.field("frames", double(app.frames()));
    j.field("ui_scale", app.ui_scale());
    j.field("theme", app.ui().theme == Theme::Dark ? "dark" : "light");
    j.field("fonts_problem", app.fonts().problem);
    j.field("renderer_problem", app.renderer_problem());
    canvas_state(j, app, css);
    cidr_state(j, app);
    sim_state(j, app);
    j.key("dialog");
    j.open('{');
    j.flag("open", app.files().is_dialog_open());
    j.field("text", app.files().last_dialog());
    j.close('}');
    j.field("status", app.files().last_status());
    j.field("share_link", app.share_link());
    j.field("undo", app.document().undo_label());
    j.field("active_tab", app.active_tab());
    j.flag("typing", ImGui::GetIO().WantTextInput); // a text field has the keyboard
    j.key("terminals");
    j.open('[');
    for (const auto& [host, t] : app.terminals()) {
        j.open('{');
        j.field("host", host);
        j.flag("open", t->open);
        j.flag("busy", t->is_busy());
        j.close('}');
    }
    j.close(']');
    j.key("field_errors");
    j.open('{');
    for (const auto& [key, r] : app.inspector().rects())
        if (!app.inspector().field_error(key).empty())
            j.field(key, app.inspector().field_error(key));
    j.close('}');
    page_state(j, app);
    timing_state(j, app);
    lab_state(j, app);
    rects_state(j, app, css);
    j.close('}');
    return j.out;
}

std::string packets_json(App& app, size_t limit)
{
    PacketListView& list = app.packet_list();
    const CaptureStore& store = app.session().capture();
    Json j;
    j.open('{');
    j.field("filter", list.filter_text());
    j.field("filter_error", list.filter_error());
    j.field("applied", list.applied_filter());
    j.key("rows");
    j.open('[');
    const auto& rows = list.rows(store, limit);
    for (size_t i = 0; i < rows.size() && i < limit; ++i) {
        const PacketRow& r = rows[i];
        if (r.id < store.first_id()) continue;
        const CapturedFrame& f = store.get(r.id);
        j.open('{');
        j.field("no", double(r.no));
        j.field("time", f.at.seconds());
        j.field("source", r.source);
        j.field("destination", r.destination);
        j.field("protocol", r.protocol);
        j.field("length", double(f.bytes.size()));
        j.field("info", r.info);
        j.close('}');
    }
    j.close(']');
    j.field("displayed", double(rows.size()));
    const float css = app.event_scale();
    j.key("visible");
    j.open('[');
    for (const PacketListView::VisibleRow& v : list.visible_rows()) {
        j.open('{');
        j.field("no", double(v.no));
        j.rect("rect", v.min, v.max, css);
        j.close('}');
    }
    j.close(']');
    j.key("tree");
    j.open('[');
    for (const std::string& line : list.selected_tree(store)) {
        j.sep();
        j.str(line);
    }
    j.close(']');
    j.close('}');
    return j.out;
}

} // namespace

void attach_test_hook(App* app)
{
    g_app = app;
}

} // namespace wirelab::web

// [SECTION] The functions window.wirelabTest calls (web/views/test_hook.h)

extern "C" {

using wirelab::web::g_app;

unsigned wirelab_test_frames()
{
    return g_app ? unsigned(g_app->frames()) : 0;
}

const char* wirelab_test_state()
{
    static std::string last; // returned to JavaScript; valid until the next call
    last = g_app ? wirelab::web::state_json(*g_app) : "null";
    return last.c_str();
}

const char* wirelab_test_scenario()
{
    static std::string last;
    last = g_app ? wirelab::sim::save_scenario(g_app->document().scenario()) : "";
    return last.c_str();
}

const char* wirelab_test_terminal(const char* host)
{
    static std::string last;
    last.clear();
    if (g_app) {
        auto it = g_app->terminals().find(host ? host : "");
        if (it != g_app->terminals().end()) last = it->second->text();
    }
    return last.c_str();
}

const char* wirelab_test_packets(unsigned limit)
{
    static std::string last;
    last = g_app ? wirelab::web::packets_json(*g_app, limit) : "null";
    return last.c_str();
}

} // extern "C"
