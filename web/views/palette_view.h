// The device palette: items dragged onto the canvas become devices (web/model/scenario_edit.h), and
// the canvas tools (select/move, or cable).
#pragma once

#include "web/model/scenario_edit.h"
#include "web/views/ui_state.h"

#include <imgui.h>

#include <array>

namespace wirelab::web {

// Drag-and-drop payload type carried from the palette to the canvas (payload: int PaletteItem).
inline constexpr const char* kDevicePayload = "WIRELAB_DEVICE";

class PaletteView {
public:
    void draw(UiState& ui, float ui_scale);

    // Where each item was drawn (ImGui display units), for the test hook.
    struct Rect {
        ImVec2 min, max;
    };
    const std::array<Rect, size_t(PaletteItem::Count)>& item_rects() const { return m_items; }
    Rect cable_tool_rect() const { return m_cable; }

private:
    std::array<Rect, size_t(PaletteItem::Count)> m_items{};
    Rect m_cable{};
};

} // namespace wirelab::web
