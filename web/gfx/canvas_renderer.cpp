// Instanced capsule renderer for the network canvas.
#include "web/gfx/canvas_renderer.h"

#include "web/gfx/shader_sources.h"

#include <cstddef>

namespace wirelab::web {

namespace {

// Attribute locations fixed by layout(location = N) in shaders/shape.vert.glsl.
enum : GLuint { kCorner = 0, kSegment = 1, kRadius = 2, kColor = 3 };

void instance_attribute(GLuint location, GLint size, GLenum type, bool normalized, size_t offset)
{
    glEnableVertexAttribArray(location);
    glVertexAttribPointer(location, size, type, normalized ? GL_TRUE : GL_FALSE,
                          sizeof(ShapeInstance), reinterpret_cast<const void*>(offset));
    glVertexAttribDivisor(location, 1);
}

// Points the per-instance attributes at the instances starting at `first` in the bound buffer
// (WebGL 2 has no base-instance draw, so each layer gets its own attribute offsets).
void point_instances_at(size_t first)
{
    const size_t base = first * sizeof(ShapeInstance);
    instance_attribute(kSegment, 4, GL_FLOAT, false, base + offsetof(ShapeInstance, p0x));
    instance_attribute(kRadius, 2, GL_FLOAT, false, base + offsetof(ShapeInstance, radius_world));
    instance_attribute(kColor, 4, GL_UNSIGNED_BYTE, true, base + offsetof(ShapeInstance, rgba));
}

} // namespace

Result<Ok, ShaderError> CanvasRenderer::init(const char* glsl_prelude)
{
    auto program = build_program(glsl_prelude, {"shape.vert.glsl", shaders::shape_vert},
                                 {"shape.frag.glsl", shaders::shape_frag});
    if (!program) return fail(program.error());
    m_program = *program;
    m_u_px_per_unit = glGetUniformLocation(m_program, "u_px_per_unit");
    m_u_offset = glGetUniformLocation(m_program, "u_world_to_px_offset");
    m_u_framebuffer = glGetUniformLocation(m_program, "u_framebuffer");
    m_u_fb_per_display = glGetUniformLocation(m_program, "u_fb_per_display");

    static const float corners[] = {-1, -1, 1, -1, -1, 1, 1, 1}; // one triangle strip
    glGenVertexArrays(1, &m_vao);
    glBindVertexArray(m_vao);
    glGenBuffers(1, &m_corner_buffer);
    glBindBuffer(GL_ARRAY_BUFFER, m_corner_buffer);
    glBufferData(GL_ARRAY_BUFFER, sizeof(corners), corners, GL_STATIC_DRAW);
    glEnableVertexAttribArray(kCorner);
    glVertexAttribPointer(kCorner, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);

    glGenBuffers(1, &m_instance_buffer);
    glBindBuffer(GL_ARRAY_BUFFER, m_instance_buffer);
    point_instances_at(0);
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    return Ok{};
}

void CanvasRenderer::clear()
{
    for (auto& layer : m_layers) layer.clear();
}

size_t CanvasRenderer::instance_count() const
{
    size_t n = 0;
    for (const auto& layer : m_layers) n += layer.size();
    return n;
}

void CanvasRenderer::add_segment(Layer layer, ImVec2 a, ImVec2 b, float radius_world,
                                 float radius_px, ImU32 rgba)
{
    m_layers[size_t(layer)].push_back({a.x, a.y, b.x, b.y, radius_world, radius_px, rgba});
}

void CanvasRenderer::add_disc(Layer layer, ImVec2 centre, float radius_world, float radius_px,
                              ImU32 rgba)
{
    add_segment(layer, centre, centre, radius_world, radius_px, rgba);
}

void CanvasRenderer::submit(ImDrawList* list, const CanvasTransform& transform)
{
    m_transform = transform;
    list->AddCallback(on_draw_callback, this);
    // Hands GL state back to ImGui's renderer for the rest of the list.
    list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

void CanvasRenderer::on_draw_callback(const ImDrawList*, const ImDrawCmd* cmd)
{
    static_cast<CanvasRenderer*>(cmd->UserCallbackData)->draw(*cmd);
}

void CanvasRenderer::draw(const ImDrawCmd& cmd)
{
    m_draw_calls = 0;
    if (m_program == 0 || instance_count() == 0) return;
    const ImDrawData* data = ImGui::GetDrawData();
    const ImVec2 scale = data->FramebufferScale;
    const float fb_w = data->DisplaySize.x * scale.x;
    const float fb_h = data->DisplaySize.y * scale.y;
    // Clip rect in framebuffer pixels; GL's scissor origin is the bottom-left corner.
    const float x0 = (cmd.ClipRect.x - data->DisplayPos.x) * scale.x;
    const float y0 = (cmd.ClipRect.y - data->DisplayPos.y) * scale.y;
    const float x1 = (cmd.ClipRect.z - data->DisplayPos.x) * scale.x;
    const float y1 = (cmd.ClipRect.w - data->DisplayPos.y) * scale.y;
    if (x1 <= x0 || y1 <= y0) return;
    glEnable(GL_SCISSOR_TEST);
    glScissor(GLint(x0), GLint(fb_h - y1), GLsizei(x1 - x0), GLsizei(y1 - y0));

    glUseProgram(m_program);
    glUniform1f(m_u_px_per_unit, m_transform.px_per_unit * scale.x);
    glUniform2f(m_u_offset, (m_transform.origin.x - data->DisplayPos.x) * scale.x,
                (m_transform.origin.y - data->DisplayPos.y) * scale.y);
    glUniform2f(m_u_framebuffer, fb_w, fb_h);
    glUniform1f(m_u_fb_per_display, scale.x);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_instance_buffer);
    m_upload.clear();
    for (const auto& layer : m_layers) m_upload.insert(m_upload.end(), layer.begin(), layer.end());
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(m_upload.size() * sizeof(ShapeInstance)),
                 m_upload.data(), GL_STREAM_DRAW);
    size_t first = 0;
    for (const auto& layer : m_layers) {
        if (layer.empty()) continue;
        point_instances_at(first);
        glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, GLsizei(layer.size()));
        first += layer.size();
        ++m_draw_calls;
    }
    glBindVertexArray(0);
}

} // namespace wirelab::web
