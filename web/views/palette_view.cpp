// The device palette.
#include "web/views/palette_view.h"

namespace wirelab::web {

void PaletteView::draw(UiState& ui, float ui_scale)
{
    ImGui::SeparatorText("Devices");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Drag onto the canvas");
    ImGui::PopTextWrapPos();
    for (int k = 0; k < int(PaletteItem::Count); ++k) {
        const auto item = PaletteItem(k);
        ImGui::PushID(k);
        ImGui::Selectable(palette_label(item), false, 0, ImVec2(0.0f, 26.0f * ui_scale));
        m_items[size_t(k)] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
        if (ImGui::BeginDragDropSource()) {
            const int payload = k;
            ImGui::SetDragDropPayload(kDevicePayload, &payload, sizeof(payload));
            ImGui::Text("%s", palette_label(item));
            ImGui::EndDragDropSource();
        } else if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) {
            ImGui::SetTooltip("%s", palette_tooltip(item));
        }
        ImGui::PopID();
    }

    ImGui::SeparatorText("Tools");
    if (ImGui::RadioButton("Select / move", ui.tool == CanvasTool::Select))
        ui.tool = CanvasTool::Select;
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("Click to select, drag to move, Shift+drag to select a box. Drag a "
                          "device's + handle onto another device to connect them.");
    if (ImGui::RadioButton("Cable", ui.tool == CanvasTool::Cable)) ui.tool = CanvasTool::Cable;
    m_cable = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("Drag from one device to another to connect them with a cable (a free "
                          "port or interface is picked; hosts and routers get a new one).");
}

} // namespace wirelab::web
