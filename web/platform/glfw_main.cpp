// Backend for a native window: GLFW 3.3 with a desktop OpenGL 3.3 core context (Debian's
// libglfw3-dev). Built only with -DWIRELAB_NATIVE_GUI=ON.
#include "web/platform/backend.h"

#include "web/platform/imgui_glfw.h"

#include <GLFW/glfw3.h>

#include <cstdio>

namespace wirelab::web {

namespace {
void on_glfw_error(int code, const char* text)
{
    std::fprintf(stderr, "wirelab: GLFW error %d: %s\n", code, text);
}
} // namespace

bool Backend::init(const char* title)
{
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        m_error = "GLFW could not start (is a display available? try xvfb-run)";
        return false;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    m_window = glfwCreateWindow(1280, 800, title, nullptr, nullptr);
    if (!m_window) {
        m_error =
            "no OpenGL 3.3 context (check the GPU driver, or run with LIBGL_ALWAYS_SOFTWARE=1)";
        return false;
    }
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(1);
    if (!imgui_attach(m_window, "#version 330 core")) {
        m_error = "Dear ImGui's GLFW/OpenGL3 backends failed to start";
        return false;
    }
    return true;
}

void Backend::run(FrameFn frame, void* user)
{
    while (!glfwWindowShouldClose(m_window)) {
        glfwPollEvents();
        frame(user);
    }
    glfwDestroyWindow(m_window);
    glfwTerminate();
}

void Backend::new_frame(int& w, int& h)
{
    glfwGetFramebufferSize(m_window, &w, &h);
    imgui_begin_frame();
}

void Backend::end_frame(float r, float g, float b)
{
    imgui_render(m_window, r, g, b);
}

float Backend::ui_scale() const
{
    float x = 1.0f, y = 1.0f;
    glfwGetWindowContentScale(m_window, &x, &y);
    return x > 0.0f ? x : 1.0f;
}

float Backend::event_scale() const
{
    return 1.0f;
}

const char* Backend::glsl_prelude() const
{
    return "#version 330 core\n";
}

std::string Backend::asset_path(std::string_view name) const
{
    // Debian's fonts-dejavu-core, the same files the browser build embeds.
    return "/usr/share/fonts/truetype/dejavu/" + std::string(name);
}

void Backend::rebuild_font_texture()
{
    imgui_rebuild_font_texture();
}

} // namespace wirelab::web
