// The one platform interface the app is written against, after Tracy's Backend: a window with a
// GL ES 3.0-class context, Dear ImGui wired to its input, and a frame loop. CMake picks one
// implementation: emscripten_main.cpp (the page's canvas) or glfw_main.cpp (a native window).
// Views never ask which one runs; everything that differs lives behind these calls.
#pragma once

#include <string>
#include <string_view>

struct GLFWwindow;

namespace wirelab::web {

using FrameFn = void (*)(void* user);

class Backend {
public:
    // Creates the window and GL context, the ImGui context and its GLFW + OpenGL3 backends.
    // Returns false with error() naming what is missing (e.g. "WebGL 2 context").
    bool init(const char* title);
    // Calls frame(user) once per display refresh until the window closes. In the browser it
    // returns at once and the page drives the loop (a blocking loop would freeze the page).
    void run(FrameFn frame, void* user);

    // Inside frame(): follows the window/canvas size and starts an ImGui frame. w, h receive
    // the framebuffer size in pixels.
    void new_frame(int& w, int& h);
    // Inside frame(): renders ImGui's draw data over a clear colour and presents the frame.
    void end_frame(float r, float g, float b);

    // How many framebuffer pixels one logical UI pixel takes: devicePixelRatio in the browser,
    // the monitor's content scale natively. Fonts and style sizes are multiplied by it.
    float ui_scale() const;
    // ImGui units per input-event unit (CSS pixel in the browser), for the test hook's rects.
    float event_scale() const;
    // Text prepended to every shader body in shaders/: a #version line (+ precision for ES).
    const char* glsl_prelude() const;
    // Where a bundled asset (a font file name) is read from on this platform.
    std::string asset_path(std::string_view name) const;
    // Re-uploads ImGui's font atlas after the app rebuilt it (e.g. when ui_scale() changed).
    void rebuild_font_texture();

    const std::string& error() const { return m_error; }

private:
    GLFWwindow* m_window = nullptr;
    std::string m_error;
};

} // namespace wirelab::web
