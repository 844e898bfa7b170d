// Look of the app: light/dark ImGui styles scaled to the screen, the canvas palette, and the
// DejaVu fonts (Debian's fonts-dejavu-core) rasterised at the UI scale.
#pragma once

#include <imgui.h>

#include <string>

namespace wirelab::web {

class Backend;

enum class Theme { Dark, Light };

struct CanvasColors {
    ImU32 background;
    ImU32 grid_minor;
    ImU32 grid_major;
    ImU32 axis;
    ImU32 hint;
    ImU32 hint_secondary;
    ImU32 link;          // a cable that is up
    ImU32 link_impaired; // up, with loss/duplication/reordering/corruption
    ImU32 link_down;
    ImU32 accent;    // selection, handles, the selection box
    ImU32 label;     // device names
    ImU32 label_dim; // addresses, port names
    ImU32 outline;   // ring around device icons
};

struct Fonts {
    ImFont* ui = nullptr;   // DejaVu Sans, 16 px x scale
    ImFont* mono = nullptr; // DejaVu Sans Mono, for addresses and numbers
    std::string problem;    // empty when both loaded; else which file is missing and the fix
};

// Replaces ImGui's style with `theme`, all sizes multiplied by `scale`.
void apply_style(Theme theme, float scale);
CanvasColors canvas_colors(Theme theme);
ImVec4 error_color(Theme theme);
ImVec4 clear_color(Theme theme);

// Rebuilds ImGui's font atlas at `scale`; falls back to ImGui's built-in font (and says so in
// Fonts::problem) when a file cannot be read.
Fonts load_fonts(const Backend& backend, float scale);

} // namespace wirelab::web
