// Draws the network canvas with our own instanced GLSL ES 3.0 program (shaders/shape.*.glsl):
// every shape is one instance of a capsule, and each layer (grid, links, nodes, packets) is one
// instanced draw call however many shapes it holds. The draws are queued into an ImGui draw list,
// so text drawn after them (labels) and ImGui windows stay on top.
#pragma once

#include "core/base/result.h"
#include "web/gfx/shader_program.h"

#include <imgui.h>

#include <cstdint>
#include <vector>

namespace wirelab::web {

// One capsule: the segment p0-p1 grown by radius_world (scales with zoom) + radius_px (ImGui
// display units: does not scale with zoom).
// p0 == p1 gives a disc. Colour is ImGui's packed IM_COL32 (bytes R, G, B, A in memory).
struct ShapeInstance {
    float p0x, p0y, p1x, p1y;
    float radius_world, radius_px;
    uint32_t rgba;
};

// World -> ImGui display coordinates: display = world * px_per_unit + origin.
struct CanvasTransform {
    float px_per_unit = 1.0f;
    ImVec2 origin;
};

// Drawn in this order, one instanced draw call each.
enum class Layer : uint8_t { Grid, Links, Nodes, Packets, Count };

class CanvasRenderer {
public:
    Result<Ok, ShaderError> init(const char* glsl_prelude);

    void clear();
    void add_segment(Layer layer, ImVec2 a, ImVec2 b, float radius_world, float radius_px,
                     ImU32 rgba);
    void add_disc(Layer layer, ImVec2 centre, float radius_world, float radius_px, ImU32 rgba);
    size_t instance_count() const;
    size_t instance_count(Layer layer) const { return m_layers[size_t(layer)].size(); }
    // Draw calls issued by the last render (one per non-empty layer).
    int last_draw_calls() const { return m_draw_calls; }

    // Queues the instances into `list` at this point of its command stream; they are drawn when
    // ImGui renders, clipped to the list's current clip rectangle. Call once per frame.
    void submit(ImDrawList* list, const CanvasTransform& transform);

private:
    static void on_draw_callback(const ImDrawList* list, const ImDrawCmd* cmd);
    void draw(const ImDrawCmd& cmd);

    GLuint m_program = 0;
    GLuint m_vao = 0;
    GLuint m_corner_buffer = 0;
    GLuint m_instance_buffer = 0;
    GLint m_u_px_per_unit = -1;
    GLint m_u_offset = -1;
    GLint m_u_framebuffer = -1;
    GLint m_u_fb_per_display = -1;
    CanvasTransform m_transform;
    std::vector<ShapeInstance> m_layers[size_t(Layer::Count)];
    std::vector<ShapeInstance> m_upload; // the layers back to back, sent in one buffer upload
    int m_draw_calls = 0;
};

} // namespace wirelab::web
