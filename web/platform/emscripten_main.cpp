// Backend for the browser: Emscripten's GLFW on the page's <canvas id="canvas">, WebGL 2.
// The canvas fills the window through CSS (site/index.html); every frame its backing store is
// sized to that CSS size x devicePixelRatio, so the UI is drawn at the screen's real resolution.
#include "web/platform/backend.h"

#include "web/platform/imgui_glfw.h"

#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace wirelab::web {

namespace {

constexpr const char* kCanvas = "#canvas";

struct Loop {
    FrameFn frame;
    void* user;
};

void on_animation_frame(void* arg)
{
    const Loop* loop = static_cast<const Loop*>(arg);
    loop->frame(loop->user);
}

// Emscripten's GLFW reads the window size from the canvas's backing store, and scales mouse
// positions by backing store / CSS size, so one ImGui unit is one device pixel.
void fit_canvas_to_window(GLFWwindow* window)
{
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size(kCanvas, &css_w, &css_h);
    const double ratio = emscripten_get_device_pixel_ratio();
    const int want_w = std::max(1, int(std::lround(css_w * ratio)));
    const int want_h = std::max(1, int(std::lround(css_h * ratio)));
    int w = 0, h = 0;
    glfwGetWindowSize(window, &w, &h);
    if (w == want_w && h == want_h) return;
        // Not glfwSetWindowSize: Emscripten 3.1.6's version requests fullscreen whenever the size
        // equals the screen's. This call resizes the canvas and notifies GLFW's resize listener.
        // clang-format off
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
    emscripten_set_canvas_size(want_w, want_h);
#pragma clang diagnostic pop
    // clang-format on
}

// Mouse wheel for ImGui, listened to on the canvas. ImGui's GLFW backend listens on the document,
// where Chrome makes wheel listeners passive: its preventDefault() then logs a console error on
// every wheel turn. A listener on the canvas itself may prevent the page from scrolling.
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*)
{
    // Browsers report pixels, lines or pages; ImGui wants "notches" (about 100 px or 3 lines).
    float per_unit = 0.0f;
    if (e->deltaMode == DOM_DELTA_PIXEL)
        per_unit = 1.0f / 100.0f;
    else if (e->deltaMode == DOM_DELTA_LINE)
        per_unit = 1.0f / 3.0f;
    else if (e->deltaMode == DOM_DELTA_PAGE)
        per_unit = 80.0f;
    ImGui::GetIO().AddMouseWheelEvent(float(-e->deltaX) * per_unit, float(-e->deltaY) * per_unit);
    return EM_TRUE;
}

} // namespace

bool Backend::init(const char* title)
{
    if (!glfwInit()) {
        m_error = "GLFW could not start in this page";
        return false;
    }
    m_window = glfwCreateWindow(1280, 720, title, nullptr, nullptr);
    if (!m_window) {
        m_error = "this browser did not give the page a WebGL 2 context (try enabling hardware "
                  "acceleration, or another browser)";
        return false;
    }
    glfwMakeContextCurrent(m_window);
    fit_canvas_to_window(m_window);
    if (!imgui_attach(m_window, "#version 300 es")) {
        m_error = "Dear ImGui's GLFW/OpenGL3 backends failed to start";
        return false;
    }
    emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, nullptr);
    emscripten_set_wheel_callback(kCanvas, nullptr, false, on_wheel);
    return true;
}

void Backend::run(FrameFn frame, void* user)
{
    static Loop loop; // must outlive main(), which the browser unwinds
    loop = {frame, user};
    // fps 0 = requestAnimationFrame; simulate_infinite_loop so main's stack frame is kept.
    emscripten_set_main_loop_arg(on_animation_frame, &loop, 0, true);
}

void Backend::new_frame(int& w, int& h)
{
    fit_canvas_to_window(m_window);
    glfwGetFramebufferSize(m_window, &w, &h);
    imgui_begin_frame();
}

void Backend::end_frame(float r, float g, float b)
{
    imgui_render(m_window, r, g, b);
}

float Backend::ui_scale() const
{
    return float(emscripten_get_device_pixel_ratio());
}

float Backend::event_scale() const
{
    return ui_scale();
}

const char* Backend::glsl_prelude() const
{
    return "#version 300 es\nprecision highp float;\nprecision highp int;\n";
}

std::string Backend::asset_path(std::string_view name) const
{
    // Embedded into the module at link time (web/CMakeLists.txt, --embed-file).
    return "/assets/" + std::string(name);
}

void Backend::rebuild_font_texture()
{
    imgui_rebuild_font_texture();
}

} // namespace wirelab::web
