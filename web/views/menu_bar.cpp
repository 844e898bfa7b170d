// The main menu bar.
#include "web/views/menu_bar.h"

#include <imgui.h>

namespace wirelab::web {

namespace {

constexpr const char* kSoon = "coming soon";

void coming_soon(const char* label)
{
    ImGui::MenuItem(label, kSoon, false, false);
}

void file_menu()
{
    if (!ImGui::BeginMenu("File")) return;
    coming_soon("New network");
    coming_soon("Open scenario…");
    coming_soon("Save scenario");
    ImGui::Separator();
    coming_soon("Export capture (.pcap)…");
    ImGui::EndMenu();
}

void edit_menu()
{
    if (!ImGui::BeginMenu("Edit")) return;
    coming_soon("Undo");
    coming_soon("Redo");
    ImGui::Separator();
    coming_soon("Delete selection");
    ImGui::EndMenu();
}

void view_menu(UiState& ui)
{
    if (!ImGui::BeginMenu("View")) return;
    ImGui::MenuItem("Device palette", nullptr, &ui.show_palette);
    ImGui::MenuItem("CIDR calculator", nullptr, &ui.show_cidr);
    ImGui::Separator();
    if (ImGui::MenuItem("Reset canvas view")) ui.reset_view_requested = true;
    ImGui::Separator();
    bool dark = ui.theme == Theme::Dark;
    if (ImGui::MenuItem("Dark theme", nullptr, &dark)) ui.theme = dark ? Theme::Dark : Theme::Light;
    ImGui::EndMenu();
}

void simulation_menu()
{
    if (!ImGui::BeginMenu("Simulation")) return;
    coming_soon("Run");
    coming_soon("Pause");
    coming_soon("Step one event");
    ImGui::Separator();
    coming_soon("Speed…");
    ImGui::EndMenu();
}

void labs_menu()
{
    if (!ImGui::BeginMenu("Labs")) return;
    coming_soon("Addressing: subnets and prefixes");
    coming_soon("ARP and Ethernet");
    coming_soon("DHCP, DNS and HTTP");
    ImGui::EndMenu();
}

void help_menu(UiState& ui)
{
    if (!ImGui::BeginMenu("Help")) return;
    ImGui::MenuItem("Mouse and keyboard", nullptr, &ui.show_controls);
    ImGui::MenuItem("About Wirelab", nullptr, &ui.show_about);
    ImGui::EndMenu();
}

} // namespace

void draw_menu_bar(UiState& ui)
{
    if (!ImGui::BeginMainMenuBar()) return;
    file_menu();
    edit_menu();
    view_menu(ui);
    simulation_menu();
    labs_menu();
    help_menu(ui);
    ImGui::EndMainMenuBar();
}

} // namespace wirelab::web
