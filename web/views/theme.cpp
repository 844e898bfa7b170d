// Styles, canvas colours and fonts.
#include "web/views/theme.h"

#include "web/platform/backend.h"

#include <cstdio>

namespace wirelab::web {

namespace {

constexpr float kUiFontPx = 16.0f;
constexpr float kMonoFontPx = 15.0f;

// Latin-1 plus the punctuation, arrows and symbols our labels use (· — … → ≤ ⚠).
// clang-format off
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, // Basic Latin + Latin-1
    0x2000, 0x206F, // General Punctuation
    0x2190, 0x21FF, // Arrows
    0x2200, 0x22FF, // Mathematical Operators
    0x25A0, 0x25FF, // Geometric Shapes
    0x26A0, 0x26A0, // warning sign
    0,
};
// clang-format on

bool is_readable(const std::string& path)
{
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    std::fclose(f);
    return true;
}

ImFont* add_font(const std::string& path, float px, std::string& problem)
{
    if (!is_readable(path)) {
        problem += "cannot read font " + path + " (install Debian's fonts-dejavu-core); ";
        return nullptr;
    }
    ImFontConfig config;
    config.OversampleH = 2;
    config.PixelSnapH = false;
    return ImGui::GetIO().Fonts->AddFontFromFileTTF(path.c_str(), px, &config, kGlyphRanges);
}

} // namespace

void apply_style(Theme theme, float scale)
{
    ImGuiStyle style;
    if (theme == Theme::Dark)
        ImGui::StyleColorsDark(&style);
    else
        ImGui::StyleColorsLight(&style);
    style.WindowRounding = 6.0f;
    style.ChildRounding = 4.0f;
    style.FrameRounding = 4.0f;
    style.PopupRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.FramePadding = ImVec2(8.0f, 5.0f);
    style.ItemSpacing = ImVec2(8.0f, 6.0f);
    style.WindowPadding = ImVec2(10.0f, 10.0f);
    // Opaque windows: the calculator's text must not compete with grid lines behind it.
    style.Colors[ImGuiCol_WindowBg].w = 1.0f;
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

CanvasColors canvas_colors(Theme theme)
{
    CanvasColors c;
    if (theme == Theme::Dark) {
        c.background = IM_COL32(24, 27, 33, 255);
        c.grid_minor = IM_COL32(255, 255, 255, 14);
        c.grid_major = IM_COL32(255, 255, 255, 32);
        c.axis = IM_COL32(110, 160, 255, 70);
        c.hint = IM_COL32(220, 225, 235, 200);
        c.hint_secondary = IM_COL32(160, 168, 182, 170);
        c.link = IM_COL32(150, 160, 178, 255);
        c.link_impaired = IM_COL32(240, 170, 50, 255);
        c.link_down = IM_COL32(230, 80, 80, 255);
        c.accent = IM_COL32(90, 160, 255, 255);
        c.label = IM_COL32(230, 234, 240, 255);
        c.label_dim = IM_COL32(160, 170, 186, 255);
        c.outline = IM_COL32(10, 12, 16, 255);
        return c;
    }
    c.background = IM_COL32(248, 249, 251, 255);
    c.grid_minor = IM_COL32(0, 0, 0, 14);
    c.grid_major = IM_COL32(0, 0, 0, 32);
    c.axis = IM_COL32(40, 90, 200, 70);
    c.hint = IM_COL32(40, 44, 52, 210);
    c.hint_secondary = IM_COL32(90, 96, 108, 180);
    c.link = IM_COL32(110, 118, 132, 255);
    c.link_impaired = IM_COL32(210, 130, 0, 255);
    c.link_down = IM_COL32(210, 40, 40, 255);
    c.accent = IM_COL32(30, 110, 230, 255);
    c.label = IM_COL32(25, 28, 34, 255);
    c.label_dim = IM_COL32(80, 88, 100, 255);
    c.outline = IM_COL32(255, 255, 255, 255);
    return c;
}

ImVec4 error_color(Theme theme)
{
    return theme == Theme::Dark ? ImVec4(1.0f, 0.42f, 0.42f, 1.0f)
                                : ImVec4(0.78f, 0.08f, 0.08f, 1.0f);
}

ImVec4 clear_color(Theme theme)
{
    return theme == Theme::Dark ? ImVec4(0.06f, 0.06f, 0.07f, 1.0f)
                                : ImVec4(0.94f, 0.94f, 0.94f, 1.0f);
}

Fonts load_fonts(const Backend& backend, float scale)
{
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    Fonts fonts;
    fonts.ui = add_font(backend.asset_path("DejaVuSans.ttf"), kUiFontPx * scale, fonts.problem);
    fonts.mono =
        add_font(backend.asset_path("DejaVuSansMono.ttf"), kMonoFontPx * scale, fonts.problem);
    if (!fonts.ui) {
        ImFontConfig config;
        config.SizePixels = 13.0f * scale;
        fonts.ui = io.Fonts->AddFontDefault(&config);
    }
    if (!fonts.mono) fonts.mono = fonts.ui;
    io.FontDefault = fonts.ui;
    io.Fonts->Build();
    if (!fonts.problem.empty()) std::fprintf(stderr, "wirelab: %s\n", fonts.problem.c_str());
    return fonts;
}

} // namespace wirelab::web
