// The app's actions: keeping the running network in step with the document, keyboard shortcuts,
// clipboard, undo/redo, and terminals.
#include "web/model/scenario_edit.h"
#include "web/views/app.h"

#include <imgui_internal.h> // keyboard navigation state

namespace wirelab::web {

void App::sync_session()
{
    ChangeKind change = m_doc.take_changes();
    std::string why = m_doc.last_label().empty() ? "network loaded" : m_doc.last_label();
    if (m_restart_requested) {
        change = ChangeKind::Structure;
        why = "restarted from the Simulation menu";
        m_restart_requested = false;
    }
    if (change == ChangeKind::None) return;
    const sim::Scenario& s = m_doc.scenario();
    m_selection.prune(s);
    if (change == ChangeKind::LiveLinks) {
        m_session.apply_link_settings(s);
        return;
    }
    if (change != ChangeKind::Structure) return;
    for (auto& [host, t] : m_terminals) {
        t->restarted("the network changed (" + why + ") and restarted at t = 0");
        const int index = s.device_index(host);
        if (t->open && (index < 0 || !s.devices[size_t(index)].is_ip_node())) {
            t->note("[" + host + " is no longer in the network]");
            t->open = false;
        }
    }
    m_session.rebuild(s, why);
}

void App::wire_shell_events()
{
    ShellEvents events;
    events.started = [this](const std::string& host, const std::string& line, bool from_script) {
        Terminal& t = terminal(host);
        t.started(line, from_script);
        // Show scripted commands as they start, without taking the keyboard.
        if (from_script && !t.open && m_terminal_tabs.size() < 6) {
            t.open = true;
            t.focus_request = false;
            m_terminal_tabs.push_back(host);
        }
    };
    events.output = [this](const std::string& host, std::string_view text) {
        terminal(host).output(text);
    };
    events.exited = [this](const std::string& host, int code) { terminal(host).exited(code); };
    m_session.set_shell_events(std::move(events));
}

Terminal& App::terminal(const std::string& host)
{
    std::unique_ptr<Terminal>& t = m_terminals[host];
    if (!t) {
        t = std::make_unique<Terminal>(host);
        t->open = false;
    }
    return *t;
}

void App::open_terminal(const std::string& host)
{
    Terminal& t = terminal(host);
    if (std::find(m_terminal_tabs.begin(), m_terminal_tabs.end(), host) == m_terminal_tabs.end())
        m_terminal_tabs.push_back(host);
    t.open = true;
    t.focus_request = true;
    m_select_tab = host;
    m_ui.show_bottom = true;
}

// ===================================================================================== [SECTION]
// Editing

void App::copy_selection()
{
    if (m_selection.devices.empty()) return;
    m_clipboard = extract(m_doc.scenario(), m_selection.devices);
    m_paste_count = 0;
}

void App::paste()
{
    if (m_clipboard.devices.empty()) return;
    // As a drop from the palette: a lab with "add_devices": false refuses new devices.
    if (const sim::LabLocks* locks = m_labs.locks(); locks && !locks->add_devices) {
        m_files.set_status("The lab does not take devices you add (grading leaves them out).");
        return;
    }
    ++m_paste_count;
    const double offset = kGridStep * 2 * m_paste_count;
    sim::Scenario preview = m_doc.scenario();
    const std::vector<std::string> added = web::paste(preview, m_clipboard, {offset, offset});
    const sim::Scenario fragment = m_clipboard;
    m_doc.queue({"Paste " + std::to_string(added.size()) + " device(s)",
                 [fragment, offset](sim::Scenario& s) {
                     return !web::paste(s, fragment, {offset, offset}).empty();
                 }});
    m_selection.clear();
    for (const std::string& n : added) m_selection.devices.insert(n);
}

void App::delete_selection()
{
    if (m_selection.is_empty()) return;
    std::set<std::string> devices = m_selection.devices;
    std::set<size_t> links = m_selection.links;
    // What the lab locks stays: grading would put it back anyway.
    if (const sim::LabLocks* locks = m_labs.locks()) {
        std::string kept;
        for (auto it = devices.begin(); it != devices.end();) {
            // With the cabling locked, the lab's devices come back when deleted.
            const bool lab_owns = m_labs.variant()->scenario.device_index(*it) >= 0;
            if (!locks->is_device_locked(*it) && !(locks->links && lab_owns)) {
                ++it;
                continue;
            }
            kept += (kept.empty() ? "" : ", ") + *it;
            it = devices.erase(it);
        }
        if (locks->links && !links.empty()) {
            kept += std::string(kept.empty() ? "" : ", ") + "the cables";
            links.clear();
        }
        if (!kept.empty())
            m_files.set_status("The lab locks " + kept +
                               ": not deleted (grading would use the lab's).");
        if (devices.empty() && links.empty()) return;
    }
    const size_t n = devices.size() + links.size();
    std::string label = "Delete ";
    if (n == 1 && !devices.empty())
        label += *devices.begin();
    else if (n == 1)
        label += "cable";
    else
        label += std::to_string(n) + " items";
    m_doc.queue(
        {label, [devices, links](sim::Scenario& s) { return delete_items(s, devices, links); }});
    m_selection.clear();
}

void App::undo()
{
    m_doc.undo();
    m_selection.prune(m_doc.scenario());
}

void App::redo()
{
    m_doc.redo();
    m_selection.prune(m_doc.scenario());
}

void App::handle_shortcuts()
{
    const ImGuiIO& io = ImGui::GetIO();
    if (!m_ui.open_terminal.empty()) {
        open_terminal(m_ui.open_terminal);
        m_ui.open_terminal.clear();
    }
    // While a popup or dialog is open, keys belong to it.
    if (ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
        return;
    const bool ctrl = io.KeyCtrl || io.KeySuper;
    if (ctrl && ImGui::IsKeyPressed(ImGuiKey_S, false)) m_files.save(m_backend, m_doc);
    // Text fields keep their own meaning of these keys (ImGui's text undo, typing a space).
    if (io.WantTextInput) return;
    if (ctrl && ImGui::IsKeyPressed(ImGuiKey_Z, false)) {
        if (io.KeyShift)
            redo();
        else
            undo();
    }
    if (ctrl && ImGui::IsKeyPressed(ImGuiKey_Y, false)) redo();
    if (ctrl && ImGui::IsKeyPressed(ImGuiKey_C, false)) copy_selection();
    if (ctrl && ImGui::IsKeyPressed(ImGuiKey_V, false)) paste();
    if (ctrl && ImGui::IsKeyPressed(ImGuiKey_A, false)) {
        for (const sim::DeviceSpec& d : m_doc.scenario().devices)
            m_selection.devices.insert(d.name);
    }
    if (ImGui::IsKeyPressed(ImGuiKey_Delete, false) ||
        ImGui::IsKeyPressed(ImGuiKey_Backspace, false))
        delete_selection();
    // Space plays/pauses, except while a widget is highlighted by keyboard navigation, where
    // Space presses that widget.
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    const bool navigating = g.NavId != 0 && !g.NavDisableHighlight;
    if (!ctrl && !navigating && ImGui::IsKeyPressed(ImGuiKey_Space, false))
        m_session.set_playing(!m_session.is_playing());
    if (!ctrl && ImGui::IsKeyPressed(ImGuiKey_F, false)) m_ui.fit_view_requested = true;
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        m_selection.clear();
        m_ui.tool = CanvasTool::Select;
    }
}

} // namespace wirelab::web
