// The main menu bar: File, Edit, View, Simulation, Labs, Help. Items whose feature does not exist
// yet are shown disabled with "coming soon" instead of pretending to work. The Labs menu lists
// site/labs/index.json (web/views/lab_view.cpp).
#include "web/views/app.h"

#include <misc/cpp/imgui_stdlib.h>

namespace wirelab::web {

namespace {

void tooltip(const char* text)
{
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", text);
}

InspectorView::Rect item_rect()
{
    return {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
}

} // namespace

void App::draw_menus()
{
    bool open_share = false;
    m_menu_rects.clear(); // refilled as menus and panels are drawn this frame
    if (ImGui::BeginMainMenuBar()) {
        const bool file = ImGui::BeginMenu("File");
        m_menu_rects["menu.File"] = item_rect();
        if (file) {
            if (ImGui::MenuItem("New network")) m_files.new_document(m_doc);
            m_menu_rects["menu.File.New"] = item_rect();
            tooltip("Start from an empty canvas (Edit → Undo brings the old network back).");
            if (ImGui::MenuItem("Open scenario…")) m_files.open(m_backend);
            m_menu_rects["menu.File.Open"] = item_rect();
            tooltip("Open a scenario .json file (or drop one onto the page).");
            if (ImGui::MenuItem("Save scenario", "Ctrl+S")) m_files.save(m_backend, m_doc);
            tooltip("Download the network as a scenario .json file.");
            const bool examples = ImGui::BeginMenu("Examples");
            m_menu_rects["menu.File.Examples"] = item_rect();
            if (examples) {
                if (m_files.examples().empty())
                    ImGui::MenuItem(m_files.examples_error().empty()
                                        ? "loading…"
                                        : m_files.examples_error().c_str(),
                                    nullptr, false, false);
                for (const ExampleInfo& e : m_files.examples()) {
                    if (ImGui::MenuItem(e.title.c_str())) m_files.open_example(m_backend, e);
                    m_menu_rects["menu.File.Examples." + e.file] = item_rect();
                    if (!e.description.empty() &&
                        ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) {
                        ImGui::SetNextWindowSize(ImVec2(420.0f * m_scale, 0.0f));
                        ImGui::BeginTooltip();
                        ImGui::TextWrapped("%s", e.description.c_str());
                        ImGui::EndTooltip();
                    }
                }
                ImGui::EndMenu();
            }
            ImGui::Separator();
            if (ImGui::MenuItem("Share link…")) open_share = true;
            m_menu_rects["menu.File.Share"] = item_rect();
            tooltip("A link that carries this whole network: whoever opens it gets a copy.");
            if (ImGui::MenuItem("Download capture (.pcap)")) {
                const Bytes pcap = m_packet_list.pcap_bytes(m_session);
                m_backend.download(m_packet_list.pcap_name(m_doc.scenario()),
                                   "application/vnd.tcpdump.pcap", pcap.data(), pcap.size());
            }
            tooltip("The packets shown in the packet list, for Wireshark or tshark.");
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("Edit")) {
            const std::string undo_label = "Undo " + m_doc.undo_label();
            const std::string redo_label = "Redo " + m_doc.redo_label();
            if (ImGui::MenuItem(undo_label.c_str(), "Ctrl+Z", false, m_doc.can_undo())) undo();
            if (ImGui::MenuItem(redo_label.c_str(), "Ctrl+Y", false, m_doc.can_redo())) redo();
            ImGui::Separator();
            if (ImGui::MenuItem("Copy", "Ctrl+C", false, !m_selection.devices.empty()))
                copy_selection();
            if (ImGui::MenuItem("Paste", "Ctrl+V", false, !m_clipboard.devices.empty())) paste();
            if (ImGui::MenuItem("Delete", "Delete", false, !m_selection.is_empty()))
                delete_selection();
            if (ImGui::MenuItem("Select all", "Ctrl+A"))
                for (const sim::DeviceSpec& d : m_doc.scenario().devices)
                    m_selection.devices.insert(d.name);
            ImGui::EndMenu();
        }
        const bool view = ImGui::BeginMenu("View");
        m_menu_rects["menu.View"] = item_rect();
        if (view) {
            ImGui::MenuItem("Device palette", nullptr, &m_ui.show_palette);
            ImGui::MenuItem("Inspector", nullptr, &m_ui.show_inspector);
            ImGui::MenuItem("Terminals, packets and events", nullptr, &m_ui.show_bottom);
            ImGui::MenuItem("Packet colours (legend)", nullptr, &m_ui.show_legend);
            ImGui::MenuItem("CIDR calculator", nullptr, &m_ui.show_cidr);
            m_menu_rects["menu.View.CIDR"] = item_rect();
            ImGui::Separator();
            if (ImGui::MenuItem("Fit network to view", "F")) m_ui.fit_view_requested = true;
            if (ImGui::MenuItem("Reset canvas view")) m_ui.reset_view_requested = true;
            ImGui::Separator();
            bool dark = m_ui.theme == Theme::Dark;
            if (ImGui::MenuItem("Dark theme", nullptr, &dark))
                m_ui.theme = dark ? Theme::Dark : Theme::Light;
            m_menu_rects["menu.View.Dark"] = item_rect();
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("Simulation")) {
            if (ImGui::MenuItem(m_session.is_playing() ? "Pause" : "Run", "Space"))
                m_session.set_playing(!m_session.is_playing());
            if (ImGui::MenuItem("Step to the next frame")) m_session.step();
            if (ImGui::MenuItem("Restart at t = 0")) m_restart_requested = true;
            tooltip("Build the network again and start the clock from zero.");
            ImGui::EndMenu();
        }
        const bool labs = ImGui::BeginMenu("Labs");
        m_menu_rects["menu.Labs"] = item_rect();
        if (labs) {
            m_lab_view.draw_menu(m_labs, m_scale, m_menu_rects);
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("Help")) {
            ImGui::MenuItem("Mouse and keyboard", nullptr, &m_ui.show_controls);
            ImGui::MenuItem("About Wirelab", nullptr, &m_ui.show_about);
            ImGui::EndMenu();
        }
        ImGui::EndMainMenuBar();
    }
    if (open_share) {
        m_share_link = m_files.make_share_link(m_backend, m_doc);
        ImGui::OpenPopup("Share link");
    }
    ImGui::SetNextWindowSize(ImVec2(560.0f * m_scale, 0.0f), ImGuiCond_Appearing);
    if (ImGui::BeginPopupModal("Share link", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::TextWrapped("This link holds the whole network (%zu bytes). It was copied to the "
                           "clipboard; whoever opens it gets their own copy.",
                           m_share_link.size());
        ImGui::SetNextItemWidth(-FLT_MIN);
        ImGui::InputText("##link", &m_share_link,
                         ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
        if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGuiKey_Escape))
            ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

} // namespace wirelab::web
