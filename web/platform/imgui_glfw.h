// Dear ImGui on a GLFW window with the OpenGL3 renderer: the part both platforms share (the
// browser's GLFW is Emscripten's emulation of the same API).
#pragma once

struct GLFWwindow;

namespace wirelab::web {

// Creates the ImGui context and installs the GLFW + OpenGL3 backends. glsl_version is the
// #version line ImGui's own shaders get ("#version 300 es" or "#version 330 core").
bool imgui_attach(GLFWwindow* window, const char* glsl_version);
void imgui_begin_frame();
void imgui_render(GLFWwindow* window, float r, float g, float b);
void imgui_rebuild_font_texture();

} // namespace wirelab::web
