// Help windows.
#include "web/views/help_view.h"

#include <imgui.h>

namespace wirelab::web {

namespace {

void controls_window(bool* open, float scale)
{
    ImGui::SetNextWindowSize(ImVec2(560.0f * scale, 0.0f), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Mouse and keyboard", open, ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    if (ImGui::BeginTable("##controls", 2,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        const char* rows[][2] = {
            {"Add a device", "drag it from the palette onto the canvas"},
            {"Connect two devices",
             "drag from a device's + handle onto the other (or use the Cable tool)"},
            {"Select", "click; Ctrl+click adds; Shift+drag draws a selection box; Ctrl+A all"},
            {"Move", "drag a selected device (snaps to the grid)"},
            {"Open a terminal", "double-click a host or router"},
            {"Menu for a device or cable", "right-click it"},
            {"Pan / zoom", "drag empty space / mouse wheel; F fits the network"},
            {"Delete, copy, paste", "Delete, Ctrl+C, Ctrl+V"},
            {"Undo / redo", "Ctrl+Z / Ctrl+Y"},
            {"Run / pause the simulation", "Space"},
            {"Save the scenario", "Ctrl+S"},
            {"Terminal", "Up/Down: history · Tab: complete · Ctrl+C: stop the command"},
        };
        for (const auto& row : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row[0]);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row[1]);
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

void about_window(bool* open, float scale)
{
    ImGui::SetNextWindowSize(ImVec2(420.0f * scale, 0.0f), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("About Wirelab", open, ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    ImGui::Text("Wirelab %s", WIRELAB_VERSION);
    ImGui::TextWrapped("A deterministic network simulator: build a network, watch every frame "
                       "on the wire, and check your understanding in labs.");
    ImGui::Separator();
    ImGui::TextDisabled("Dear ImGui %s · fonts: DejaVu", IMGUI_VERSION);
    ImGui::End();
}

} // namespace

void draw_help_windows(UiState& ui, float scale)
{
    if (ui.show_controls) controls_window(&ui.show_controls, scale);
    if (ui.show_about) about_window(&ui.show_about, scale);
}

} // namespace wirelab::web
