// Drawing the canvas: the grid, cables, device icons and packets go to the instanced renderer
// (one draw call per layer); text labels and the selection box go to ImGui's draw list.
#include "web/model/scenario_edit.h"
#include "web/views/canvas_view.h"

#include <algorithm>
#include <cmath>

namespace wirelab::web {

namespace {

constexpr float kGridMinSpacingPx = 18.0f; // minor lines never closer than this (UI pixels)
constexpr int kMajorEvery = 5;
constexpr int kMaxLinesPerAxis = 400;
constexpr float R = CanvasView::kDeviceRadius;

// Smallest step of the 1-2-5 series (world units) whose on-screen spacing is readable.
float grid_step(float px_per_unit, float ui_scale)
{
    const float min_world = kGridMinSpacingPx * ui_scale / px_per_unit;
    float decade = std::pow(10.0f, std::floor(std::log10(min_world)));
    for (;;) {
        for (float m : {1.0f, 2.0f, 5.0f})
            if (m * decade >= min_world) return m * decade;
        decade *= 10.0f;
    }
}

ImU32 with_alpha(ImU32 c, float a)
{
    const uint32_t alpha =
        uint32_t(float((c >> IM_COL32_A_SHIFT) & 0xff) * std::clamp(a, 0.0f, 1.0f));
    return (c & ~IM_COL32_A_MASK) | (alpha << IM_COL32_A_SHIFT);
}

ImU32 body_color(PaletteItem item)
{
    switch (item) {
    case PaletteItem::Host: return IM_COL32(56, 108, 190, 255);
    case PaletteItem::Server: return IM_COL32(72, 88, 128, 255);
    case PaletteItem::Laptop: return IM_COL32(50, 132, 172, 255);
    case PaletteItem::Switch: return IM_COL32(28, 138, 118, 255);
    case PaletteItem::Hub: return IM_COL32(128, 128, 52, 255);
    case PaletteItem::Router: return IM_COL32(138, 78, 168, 255);
    case PaletteItem::Count: break;
    }
    return IM_COL32(120, 120, 120, 255);
}

// Pictograms from strokes in a 2R x 2R box around the device, in world units.
class Glyph {
public:
    Glyph(CanvasRenderer& r, ImVec2 at) : m_r(r), m_at(at) {}
    void line(float x0, float y0, float x1, float y1, float w = 1.6f)
    {
        m_r.add_segment(Layer::Nodes, ImVec2(m_at.x + x0, m_at.y + y0),
                        ImVec2(m_at.x + x1, m_at.y + y1), w, 0.0f, kInk);
    }
    void box(float x0, float y0, float x1, float y1)
    {
        line(x0, y0, x1, y0);
        line(x1, y0, x1, y1);
        line(x1, y1, x0, y1);
        line(x0, y1, x0, y0);
    }
    // An arrow from (x0, y0) to (x1, y1) with its head at the end.
    void arrow(float x0, float y0, float x1, float y1)
    {
        line(x0, y0, x1, y1);
        const float dx = x1 - x0, dy = y1 - y0, len = std::hypot(dx, dy);
        const float ux = dx / len * 4.0f, uy = dy / len * 4.0f;
        line(x1, y1, x1 - ux - uy, y1 - uy + ux);
        line(x1, y1, x1 - ux + uy, y1 - uy - ux);
    }

private:
    static constexpr ImU32 kInk = IM_COL32(245, 248, 255, 255);
    CanvasRenderer& m_r;
    ImVec2 m_at;
};

void draw_glyph(CanvasRenderer& r, ImVec2 p, PaletteItem item)
{
    Glyph g(r, p);
    switch (item) {
    case PaletteItem::Host:
        g.box(-10, -9, 10, 4);
        g.line(0, 4, 0, 8);
        g.line(-6, 9, 6, 9);
        break;
    case PaletteItem::Laptop:
        g.box(-9, -9, 9, 3);
        g.line(-13, 8, 13, 8, 2.2f);
        break;
    case PaletteItem::Server:
        g.box(-7, -12, 7, 12);
        for (float y : {-5.0f, 1.0f, 7.0f}) g.line(-4, y, 4, y, 1.2f);
        break;
    case PaletteItem::Switch:
        g.arrow(-11, -5, 11, -5);
        g.arrow(11, 5, -11, 5);
        break;
    case PaletteItem::Hub:
        for (int k = 0; k < 6; ++k) {
            const float a = float(k) * 3.14159265f / 3.0f;
            g.line(0, 0, 11 * std::cos(a), 11 * std::sin(a));
        }
        break;
    case PaletteItem::Router:
        g.arrow(2, 0, 12, 0);
        g.arrow(-2, 0, -12, 0);
        g.arrow(0, 2, 0, 12);
        g.arrow(0, -2, 0, -12);
        break;
    case PaletteItem::Count: break;
    }
}

} // namespace

void CanvasView::add_grid(CanvasRenderer& renderer, const CanvasColors& colors,
                          float ui_scale) const
{
    const float step = grid_step(m_px_per_unit, ui_scale);
    const ImVec2 lo = to_world(m_min), hi = to_world(m_max);
    const float line_px = 0.5f * ui_scale;
    auto add_lines = [&](float from, float to, bool vertical) {
        const long first = long(std::floor(from / step));
        const long last = long(std::ceil(to / step));
        if (last - first > kMaxLinesPerAxis) return;
        for (long i = first; i <= last; ++i) {
            const float v = float(i) * step;
            const bool axis = i == 0;
            const bool major = i % kMajorEvery == 0;
            const ImU32 color = axis ? colors.axis : major ? colors.grid_major : colors.grid_minor;
            const float r = axis ? line_px * 2.0f : line_px;
            if (vertical)
                renderer.add_segment(Layer::Grid, ImVec2(v, lo.y), ImVec2(v, hi.y), 0.0f, r, color);
            else
                renderer.add_segment(Layer::Grid, ImVec2(lo.x, v), ImVec2(hi.x, v), 0.0f, r, color);
        }
    };
    add_lines(lo.x, hi.x, true);
    add_lines(lo.y, hi.y, false);
}

void CanvasView::add_links(CanvasContext& ctx) const
{
    const sim::Scenario& s = ctx.doc.scenario();
    CanvasRenderer& r = ctx.renderer;
    const float ui = ctx.ui_scale;
    for (size_t i = 0; i < s.links.size() && i < m_link_ends.size(); ++i) {
        const sim::LinkSpec& l = s.links[i];
        const auto [ia, ib] = m_link_ends[i];
        if (ia < 0 || ib < 0) continue;
        const ImVec2 a = drawn_position(ctx, size_t(ia)), b = drawn_position(ctx, size_t(ib));
        if (ctx.selection.links.count(i) || int(i) == m_hover_link)
            r.add_segment(
                Layer::Links, a, b, 0.0f, 4.5f * ui,
                with_alpha(ctx.colors.accent, ctx.selection.links.count(i) ? 0.8f : 0.35f));
        if (!l.up) {
            // Down: dashes, so the state does not rely on colour alone.
            const float len = std::hypot(b.x - a.x, b.y - a.y);
            const float dash = 8.0f / m_zoom;
            const int n = std::max(1, int(len / (2 * dash)));
            for (int k = 0; k < n; ++k) {
                const float t0 = float(2 * k) * dash / len, t1 = std::min(1.0f, t0 + dash / len);
                r.add_segment(Layer::Links, ImVec2(a.x + (b.x - a.x) * t0, a.y + (b.y - a.y) * t0),
                              ImVec2(a.x + (b.x - a.x) * t1, a.y + (b.y - a.y) * t1), 0.0f,
                              1.5f * ui, ctx.colors.link_down);
            }
            continue;
        }
        const bool impaired = is_impaired(l);
        r.add_segment(Layer::Links, a, b, 0.0f, (impaired ? 2.2f : 1.5f) * ui,
                      impaired ? ctx.colors.link_impaired : ctx.colors.link);
    }
    if (m_gesture == Gesture::Connect && m_press_device >= 0 &&
        size_t(m_press_device) < s.devices.size()) {
        const ImVec2 from = drawn_position(ctx, size_t(m_press_device));
        r.add_segment(Layer::Links, from, to_world(ImGui::GetIO().MousePos), 0.0f, 1.5f * ui,
                      ctx.colors.accent);
    }
}

void CanvasView::add_devices(CanvasContext& ctx) const
{
    const sim::Scenario& s = ctx.doc.scenario();
    CanvasRenderer& r = ctx.renderer;
    const float ui = ctx.ui_scale;
    const bool detailed = R * m_px_per_unit >= 9.0f * ui;
    const ImVec2 lo = to_world(m_min), hi = to_world(m_max);
    for (size_t i = 0; i < s.devices.size(); ++i) {
        const sim::DeviceSpec& d = s.devices[i];
        const ImVec2 p = drawn_position(ctx, i);
        if (p.x < lo.x - 2 * R || p.x > hi.x + 2 * R || p.y < lo.y - 2 * R || p.y > hi.y + 2 * R)
            continue; // off screen
        const bool selected = ctx.selection.devices.count(d.name) > 0;
        const bool hovered = int(i) == m_hover_device;
        if (selected || hovered)
            r.add_disc(Layer::Nodes, p, R, 4.0f * ui,
                       with_alpha(ctx.colors.accent, selected ? 0.9f : 0.4f));
        const PaletteItem item = palette_item_of(d);
        if (!detailed) {
            // Too small for a pictogram to be read: one disc in the device's colour.
            r.add_disc(Layer::Nodes, p, R, 0.0f, body_color(item));
            continue;
        }
        r.add_disc(Layer::Nodes, p, R, 1.0f * ui, ctx.colors.outline);
        r.add_disc(Layer::Nodes, p, R, 0.0f, body_color(item));
        draw_glyph(r, p, item);
        if (selected || hovered) {
            const ImVec2 h = handle_world(p);
            r.add_disc(Layer::Nodes, h, 0.0f, 7.0f * ui, ctx.colors.accent);
            r.add_segment(Layer::Nodes, ImVec2(h.x - 4.0f / m_zoom, h.y),
                          ImVec2(h.x + 4.0f / m_zoom, h.y), 0.0f, 1.2f * ui, IM_COL32_WHITE);
            r.add_segment(Layer::Nodes, ImVec2(h.x, h.y - 4.0f / m_zoom),
                          ImVec2(h.x, h.y + 4.0f / m_zoom), 0.0f, 1.2f * ui, IM_COL32_WHITE);
        }
    }
}

void CanvasView::add_packets(CanvasContext& ctx) const
{
    const sim::Scenario& s = ctx.doc.scenario();
    const Animation& anim = ctx.session.animation();
    CanvasRenderer& r = ctx.renderer;
    const float ui = ctx.ui_scale;
    const double now = anim.clock();
    const float packet_px = std::clamp(4.8f * ui * std::min(m_zoom, 1.0f), 1.5f * ui, 4.8f * ui);
    const float margin = 10.0f * ui / m_px_per_unit;
    const ImVec2 lo = to_world(m_min), hi = to_world(m_max);
    const ImVec2 view_lo(lo.x - margin, lo.y - margin), view_hi(hi.x + margin, hi.y + margin);
    m_packets_drawn = 0;
    auto ends = [&](uint32_t link, ImVec2& a, ImVec2& b) {
        if (link >= m_link_ends.size()) return false;
        const auto [ia, ib] = m_link_ends[link];
        if (ia < 0 || ib < 0) return false;
        a = drawn_position(ctx, size_t(ia));
        b = drawn_position(ctx, size_t(ib));
        return true;
    };
    for (const Flight& f : anim.flights()) {
        if (now < f.start) continue;
        ImVec2 a, b;
        if (!ends(f.link, a, b)) continue;
        if (f.from_side == 1) std::swap(a, b);
        const float t = float(std::clamp((now - f.start) / f.duration, 0.0, 1.0));
        // Leave and enter at the icons' rims rather than their centres.
        const float len = std::max(std::hypot(b.x - a.x, b.y - a.y), 1.0f);
        const float rim = std::min(0.45f, R / len);
        const float u = rim + (1.0f - 2.0f * rim) * t;
        const ImVec2 p(a.x + (b.x - a.x) * u, a.y + (b.y - a.y) * u);
        if (p.x < view_lo.x || p.x > view_hi.x || p.y < view_lo.y || p.y > view_hi.y) continue;
        // Packets keep their size next to the icons when zoomed out (a fixed pixel size would
        // hide the network under them, and cost fill rate); the outline only when large enough.
        if (packet_px >= 3.5f)
            r.add_disc(Layer::Packets, p, 0.0f, packet_px + 1.2f * ui, ctx.colors.outline);
        r.add_disc(Layer::Packets, p, 0.0f, packet_px, packet_color(f.kind));
        ++m_packets_drawn;
    }
    for (const Burst& b : anim.bursts()) {
        if (now < b.start) continue;
        ImVec2 p;
        if (b.on_link) {
            ImVec2 a, z;
            if (!ends(b.link, a, z)) continue;
            p = ImVec2(a.x + (z.x - a.x) * b.along, a.y + (z.y - a.y) * b.along);
        } else {
            if (b.device >= s.devices.size()) continue;
            p = drawn_position(ctx, b.device);
            p = ImVec2(p.x, p.y - R * 0.9f);
        }
        const float age = float((now - b.start) / Animation::kBurstLife);
        const float grow = std::min(1.0f, age * 4.0f);
        const ImU32 red = with_alpha(IM_COL32(235, 50, 50, 255), 1.0f - age * 0.7f);
        r.add_disc(Layer::Packets, p, 0.0f, 5.0f * ui, red);
        for (int k = 0; k < 8; ++k) {
            const float ang = float(k) * 3.14159265f / 4.0f;
            const float r0 = (7.0f + 3.0f * grow) * ui / m_px_per_unit;
            const float r1 = (9.0f + 9.0f * grow) * ui / m_px_per_unit;
            r.add_segment(
                Layer::Packets, ImVec2(p.x + r0 * std::cos(ang), p.y + r0 * std::sin(ang)),
                ImVec2(p.x + r1 * std::cos(ang), p.y + r1 * std::sin(ang)), 0.0f, 1.5f * ui, red);
        }
    }
}

void CanvasView::draw_labels(CanvasContext& ctx, ImDrawList* list) const
{
    const sim::Scenario& s = ctx.doc.scenario();
    const float radius_px = R * m_px_per_unit;
    if (radius_px < 7.0f * ctx.ui_scale) return; // too small to read
    ImFont* ui_font = ctx.fonts.ui;
    ImFont* mono = ctx.fonts.mono;
    const float name_size = ui_font->FontSize * std::clamp(m_zoom, 0.75f, 1.1f);
    const float addr_size = mono->FontSize * std::clamp(m_zoom, 0.7f, 1.0f) * 0.85f;
    const bool details = m_zoom >= 0.6f;
    for (size_t i = 0; i < s.devices.size(); ++i) {
        const sim::DeviceSpec& d = s.devices[i];
        const ImVec2 c = to_screen(drawn_position(ctx, i));
        if (c.x < m_min.x - 200 || c.x > m_max.x + 200 || c.y < m_min.y - 100 ||
            c.y > m_max.y + 100)
            continue;
        float y = c.y + radius_px + 3.0f * ctx.ui_scale;
        const ImVec2 name_w = ui_font->CalcTextSizeA(name_size, FLT_MAX, 0.0f, d.name.c_str());
        list->AddText(ui_font, name_size, ImVec2(c.x - name_w.x * 0.5f, y), ctx.colors.label,
                      d.name.c_str());
        y += name_w.y;
        if (!details) continue;
        for (const sim::InterfaceSpec& iface : d.interfaces) {
            auto line = [&](const std::string& text) {
                const ImVec2 w = mono->CalcTextSizeA(addr_size, FLT_MAX, 0.0f, text.c_str());
                list->AddText(mono, addr_size, ImVec2(c.x - w.x * 0.5f, y), ctx.colors.label_dim,
                              text.c_str());
                y += w.y;
            };
            for (const auto& a : iface.ipv4) line(a.to_string());
            for (const auto& a : iface.ipv6) line(a.to_string());
        }
    }
    if (m_zoom < 0.9f) return;
    // Port names next to each cable end.
    for (size_t i = 0; i < s.links.size() && i < m_link_ends.size(); ++i) {
        const sim::LinkSpec& l = s.links[i];
        const auto [ia, ib] = m_link_ends[i];
        if (ia < 0 || ib < 0) continue;
        const ImVec2 a = to_screen(drawn_position(ctx, size_t(ia)));
        const ImVec2 b = to_screen(drawn_position(ctx, size_t(ib)));
        const float len = std::hypot(b.x - a.x, b.y - a.y);
        if (len < radius_px * 4.0f) continue;
        auto port_label = [&](ImVec2 from, ImVec2 to, const std::string& port) {
            // Beside the cable, just outside the icon: along the cable past the rim, then off it
            // to the side facing up, so the text never sits on the line.
            const ImVec2 dir((to.x - from.x) / len, (to.y - from.y) / len);
            ImVec2 side(-dir.y, dir.x);
            if (side.y > 0.0f || (side.y == 0.0f && side.x < 0.0f)) side = ImVec2(-side.x, -side.y);
            const ImVec2 w = mono->CalcTextSizeA(addr_size, FLT_MAX, 0.0f, port.c_str());
            const float along = radius_px + 6.0f * ctx.ui_scale + w.x * 0.5f * std::fabs(dir.x);
            const float off = w.y * 0.5f + 3.0f * ctx.ui_scale + w.x * 0.5f * std::fabs(dir.y);
            const ImVec2 c(from.x + dir.x * along + side.x * off,
                           from.y + dir.y * along + side.y * off);
            list->AddText(mono, addr_size, ImVec2(c.x - w.x * 0.5f, c.y - w.y * 0.5f),
                          ctx.colors.label_dim, port.c_str());
        };
        port_label(a, b, l.a.port);
        port_label(b, a, l.b.port);
    }
}

void CanvasView::draw_overlays(CanvasContext& ctx, ImDrawList* list) const
{
    if (m_gesture == Gesture::Box) {
        const ImVec2 a = m_press_screen, b = ImGui::GetIO().MousePos;
        const ImVec2 lo(std::min(a.x, b.x), std::min(a.y, b.y));
        const ImVec2 hi(std::max(a.x, b.x), std::max(a.y, b.y));
        list->AddRectFilled(lo, hi, with_alpha(ctx.colors.accent, 0.12f));
        list->AddRect(lo, hi, ctx.colors.accent, 0.0f, 0, 1.0f * ctx.ui_scale);
    }
    if (!m_notice.empty()) {
        const float pad = 8.0f * ctx.ui_scale;
        const ImVec2 size = ImGui::CalcTextSize(m_notice.c_str());
        const ImVec2 at(m_min.x + pad, m_min.y + pad);
        list->AddRectFilled(ImVec2(at.x - pad * 0.5f, at.y - pad * 0.5f),
                            ImVec2(at.x + size.x + pad * 0.5f, at.y + size.y + pad * 0.5f),
                            IM_COL32(120, 30, 30, 230), 4.0f * ctx.ui_scale);
        list->AddText(at, IM_COL32_WHITE, m_notice.c_str());
    }
}

void CanvasView::draw_hint(ImDrawList* list, const CanvasColors& colors, float ui_scale) const
{
    const char* title = "Drag a host here from the palette";
    const char* detail =
        "then a second host and a switch · drag a device's + onto another to connect";
    const char* detail2 = "double-click a host for its terminal · or open File → Examples";
    ImFont* font = ImGui::GetFont();
    const float big = ImGui::GetFontSize() * 1.35f;
    const ImVec2 title_size = font->CalcTextSizeA(big, FLT_MAX, 0.0f, title);
    const ImVec2 detail_size = ImGui::CalcTextSize(detail);
    const ImVec2 detail2_size = ImGui::CalcTextSize(detail2);
    const ImVec2 mid((m_min.x + m_max.x) * 0.5f, (m_min.y + m_max.y) * 0.5f);
    const float gap = 8.0f * ui_scale;
    const float half_w =
        std::max({title_size.x, detail_size.x, detail2_size.x}) * 0.5f + 16.0f * ui_scale;
    list->AddRectFilled(ImVec2(mid.x - half_w, mid.y - title_size.y - gap * 1.5f),
                        ImVec2(mid.x + half_w, mid.y + 2 * detail_size.y + gap * 2.5f),
                        (colors.background & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 220),
                        6.0f * ui_scale);
    list->AddText(font, big, ImVec2(mid.x - title_size.x * 0.5f, mid.y - title_size.y - gap * 0.5f),
                  colors.hint, title);
    list->AddText(ImVec2(mid.x - detail_size.x * 0.5f, mid.y + gap * 0.5f), colors.hint_secondary,
                  detail);
    list->AddText(ImVec2(mid.x - detail2_size.x * 0.5f, mid.y + detail_size.y + gap * 1.5f),
                  colors.hint_secondary, detail2);
}

} // namespace wirelab::web
