// Instanced shapes for the network canvas: each instance is a capsule (a segment p0-p1 with a
// radius), which covers discs (p0 == p1: hosts, packets) and lines (grid, links) alike.
// The loader prepends the #version line (and precision for GLSL ES): no #version here.

// Per vertex: a corner of the unit quad, in [-1, 1]^2.
layout(location = 0) in vec2 a_corner;
// Per instance (divisor 1).
layout(location = 1) in vec4 a_segment;  // p0.xy, p1.xy in world units
layout(location = 2) in vec2 a_radius;   // x: world units (scales with zoom), y: UI pixels
layout(location = 3) in vec4 a_color;    // straight alpha, from normalized bytes

uniform float u_px_per_unit;       // framebuffer pixels per world unit (zoom x UI scale)
uniform vec2 u_world_to_px_offset; // framebuffer pixel of world (0, 0); y grows downwards
uniform vec2 u_framebuffer;        // framebuffer size in pixels
uniform float u_fb_per_display;    // framebuffer pixels per ImGui display unit

out vec2 v_px;
flat out vec4 v_segment_px;
flat out float v_radius_px;
out vec4 v_color;

void main()
{
    vec2 p0 = a_segment.xy * u_px_per_unit + u_world_to_px_offset;
    vec2 p1 = a_segment.zw * u_px_per_unit + u_world_to_px_offset;
    float radius = a_radius.x * u_px_per_unit + a_radius.y * u_fb_per_display;
    vec2 axis = p1 - p0;
    float len = length(axis);
    vec2 along = len > 1e-4 ? axis / len : vec2(1.0, 0.0);
    vec2 across = vec2(-along.y, along.x);
    // One pixel of margin so the anti-aliased edge is not cut off by the quad.
    float reach = radius + 1.0;
    vec2 centre = 0.5 * (p0 + p1);
    vec2 px = centre + along * a_corner.x * (0.5 * len + reach) + across * a_corner.y * reach;

    v_px = px;
    v_segment_px = vec4(p0, p1);
    v_radius_px = radius;
    v_color = a_color;
    vec2 ndc = px / u_framebuffer * 2.0 - 1.0;
    gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
}
