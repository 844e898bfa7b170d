// Terminal tabs.
#include "web/views/terminal_view.h"

#include <imgui_internal.h> // ActivateItemByID
#include <misc/cpp/imgui_stdlib.h>

namespace wirelab::web {

namespace {

struct CallbackContext {
    Terminal* terminal;
    const std::vector<std::string>* names;
    std::string* entered; // the line taken out of the field when Enter was pressed
    bool busy;            // a command runs: Enter leaves the line where it is
};

int on_input_event(ImGuiInputTextCallbackData* data)
{
    auto* ctx = static_cast<CallbackContext*>(data->UserData);
    const std::string current(data->Buf, size_t(data->BufTextLen));
    if (data->EventFlag == ImGuiInputTextFlags_CallbackAlways) {
        // Enter: take the line and empty the field while it keeps the keyboard, so keys typed
        // right after Enter are not lost.
        const bool enter = ImGui::IsKeyPressed(ImGuiKey_Enter, false) ||
                           ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false);
        if (enter && !ctx->busy) {
            *ctx->entered = current;
            data->DeleteChars(0, data->BufTextLen);
        }
        return 0;
    }
    std::string next = current;
    if (data->EventFlag == ImGuiInputTextFlags_CallbackHistory) {
        if (data->EventKey == ImGuiKey_UpArrow) next = ctx->terminal->history_prev(current);
        if (data->EventKey == ImGuiKey_DownArrow) next = ctx->terminal->history_next();
    } else if (data->EventFlag == ImGuiInputTextFlags_CallbackCompletion) {
        std::vector<std::string> choices;
        next = complete_line(current.substr(0, size_t(data->CursorPos)), *ctx->names, choices);
        if (!choices.empty()) {
            // Like bash's second Tab: list what could follow.
            std::string list;
            for (const std::string& c : choices) list += c + "  ";
            ctx->terminal->note(ctx->terminal->prompt() + current);
            ctx->terminal->note(list);
        }
    }
    if (next != current) {
        data->DeleteChars(0, data->BufTextLen);
        data->InsertChars(0, next.c_str());
    }
    return 0;
}

} // namespace

void TerminalView::draw(Terminal& t, Session& session, const sim::Scenario& s, const Fonts& fonts,
                        Theme theme, float ui_scale)
{
    if (t.host() != m_last_host) {
        m_input.clear();
        m_last_host = t.host();
    }
    const float input_h = ImGui::GetFrameHeightWithSpacing();
    const ImVec4 bg = theme == Theme::Dark ? ImVec4(0.05f, 0.06f, 0.07f, 1.0f)
                                           : ImVec4(0.99f, 0.99f, 0.98f, 1.0f);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, bg);
    ImGui::BeginChild("##scrollback", ImVec2(0.0f, -input_h), ImGuiChildFlags_Border);
    ImGui::PushFont(fonts.mono);
    ImGui::TextUnformatted(t.text().data(), t.text().data() + t.text().size());
    ImGui::PopFont();
    const bool at_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4.0f * ui_scale;
    if (t.take_scroll_request() && at_bottom) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
    ImGui::PopStyleColor();

    ImGui::PushFont(fonts.mono);
    ImGui::AlignTextToFramePadding();
    if (t.is_busy())
        ImGui::TextDisabled("(running: Ctrl+C stops it)");
    else
        ImGui::TextUnformatted(t.prompt().c_str());
    ImGui::SameLine(0.0f, 0.0f);
    m_names.clear();
    for (const sim::DeviceSpec& d : s.devices) m_names.push_back(d.name);
    std::string entered;
    CallbackContext ctx{&t, &m_names, &entered, t.is_busy()};
    ImGui::SetNextItemWidth(-FLT_MIN);
    const ImGuiInputTextFlags flags =
        ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackHistory |
        ImGuiInputTextFlags_CallbackCompletion | ImGuiInputTextFlags_CallbackAlways;
    const bool enter = ImGui::InputText("##input", &m_input, flags, on_input_event, &ctx);
    m_input_min = ImGui::GetItemRectMin();
    m_input_max = ImGui::GetItemRectMax();
    const bool focused = ImGui::IsItemActive();
    if (t.focus_request) {
        // Give the input line the keyboard on the next frame. (SetKeyboardFocusHere goes through
        // keyboard navigation, which this layout's windows opt out of.)
        ImGui::ActivateItemByID(ImGui::GetItemID());
        t.focus_request = false;
    }
    ImGui::PopFont();
    if (enter && !t.is_busy()) {
        m_input = entered.empty() ? m_input : entered;
        submit(t, session, s);
    }
    const ImGuiIO& io = ImGui::GetIO();
    if (focused && io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_C, false)) {
        if (t.is_busy()) {
            t.output("^C\n");
            session.interrupt(t.host());
        } else {
            t.submit(m_input + "^C");
            m_input.clear();
        }
    }
}

void TerminalView::submit(Terminal& t, Session& session, const sim::Scenario& s)
{
    const std::string line = m_input;
    m_input.clear();
    if (!t.submit(line)) return;
    if (line == "clear") {
        t.clear_text();
        return;
    }
    if (line == "exit") {
        t.open = false;
        return;
    }
    std::vector<std::string> notes;
    const std::string resolved = resolve_device_names(line, s, notes);
    for (const std::string& n : notes)
        t.output("# " + n + " (from the network map, like /etc/hosts)\n");
    if (!session.is_playing())
        t.output("# the simulation is paused: press Space or Play for the command to run\n");
    session.run_command(t.host(), resolved);
}

} // namespace wirelab::web
