// The browser test's read-only view of the app, as JSON.
#include "web/test_hook.h"

#include "web/app.h"

#include <cstdio>
#include <string>

namespace wirelab::web {

namespace {

const App* g_app = nullptr; // set once by main(); the hook only reads through it

void append_string(std::string& out, std::string_view text)
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

void append_number(std::string& out, double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    out += buf;
}

void append_rect(std::string& out, const char* name, ImVec2 min, ImVec2 max, float to_css)
{
    append_string(out, name);
    out += ":{\"x\":";
    append_number(out, min.x / to_css);
    out += ",\"y\":";
    append_number(out, min.y / to_css);
    out += ",\"w\":";
    append_number(out, (max.x - min.x) / to_css);
    out += ",\"h\":";
    append_number(out, (max.y - min.y) / to_css);
    out += '}';
}

void append_cidr(std::string& out, const App& app)
{
    const CidrView& cidr = app.cidr();
    out += "\"cidr\":{\"open\":";
    out += app.ui().show_cidr ? "true" : "false";
    out += ",\"input\":";
    append_string(out, cidr.input());
    out += ",\"error\":";
    append_string(out, cidr.error());
    out += ",\"rows\":[";
    for (size_t i = 0; i < cidr.rows().size(); ++i) {
        const auto& row = cidr.rows()[i];
        if (i) out += ',';
        out += "{\"key\":";
        append_string(out, row.key);
        out += ",\"label\":";
        append_string(out, row.label);
        out += ",\"value\":";
        append_string(out, row.value);
        out += '}';
    }
    out += "]}";
}

std::string state_json(const App& app)
{
    std::string out = "{\"frames\":";
    append_number(out, double(app.frames()));
    out += ",\"ui_scale\":";
    append_number(out, app.ui_scale());
    out += ",\"theme\":";
    append_string(out, app.ui().theme == Theme::Dark ? "dark" : "light");
    out += ",\"fonts_problem\":";
    append_string(out, app.fonts().problem);
    out += ",\"renderer_problem\":";
    append_string(out, app.renderer_problem());
    out += ",\"canvas\":{\"zoom\":";
    append_number(out, app.canvas().zoom());
    out += ",\"center\":[";
    append_number(out, app.canvas().center().x);
    out += ',';
    append_number(out, app.canvas().center().y);
    out += "],\"instances\":";
    append_number(out, double(app.renderer().instance_count()));
    out += ",\"notice\":";
    append_string(out, app.canvas().notice());
    out += "},";
    append_cidr(out, app);
    const float to_css = app.event_scale();
    out += ",\"rects\":{";
    append_rect(out, "cidr_input", app.cidr().input_min(), app.cidr().input_max(), to_css);
    out += ',';
    append_rect(out, "canvas", app.canvas().rect_min(), app.canvas().rect_max(), to_css);
    out += "}}";
    return out;
}

} // namespace

void attach_test_hook(const App* app)
{
    g_app = app;
}

} // namespace wirelab::web

extern "C" {

unsigned wirelab_test_frames()
{
    return wirelab::web::g_app ? unsigned(wirelab::web::g_app->frames()) : 0;
}

const char* wirelab_test_state()
{
    static std::string last; // returned to JavaScript; valid until the next call
    last = wirelab::web::g_app ? wirelab::web::state_json(*wirelab::web::g_app) : "null";
    return last.c_str();
}

} // extern "C"
