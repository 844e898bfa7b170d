// Instanced shapes, fragment half: coverage of a capsule from its signed distance, so edges stay
// smooth at any zoom without multisampling (WebGL 2 canvases may have none).

in vec2 v_px;
flat in vec4 v_segment_px;
flat in float v_radius_px;
in vec4 v_color;

out vec4 frag_color;

float distance_to_segment(vec2 p, vec2 a, vec2 b)
{
    vec2 ab = b - a;
    float t = clamp(dot(p - a, ab) / max(dot(ab, ab), 1e-8), 0.0, 1.0);
    return length(p - (a + t * ab));
}

void main()
{
    float d = distance_to_segment(v_px, v_segment_px.xy, v_segment_px.zw);
    float coverage = clamp(v_radius_px - d + 0.5, 0.0, 1.0);
    if (coverage <= 0.0) discard;
    // ImGui's renderer leaves blending at SRC_ALPHA, ONE_MINUS_SRC_ALPHA: straight alpha.
    frag_color = vec4(v_color.rgb, v_color.a * coverage);
}
