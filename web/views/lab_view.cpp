// The lab panel, the Labs menu's entries and the student dialog.
// [SECTION] index: menu · dialogs · panel · instructions · checks
#include "web/views/lab_view.h"

#include "web/views/markdown_view.h"

#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace wirelab::web {

namespace {

void tooltip(const char* text)
{
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort | ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", text);
}

InspectorView::Rect item_rect()
{
    return {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
}

ImVec4 pass_color(Theme theme)
{
    return theme == Theme::Dark ? ImVec4(0.45f, 0.85f, 0.45f, 1.0f)
                                : ImVec4(0.1f, 0.55f, 0.1f, 1.0f);
}

ImVec4 heading_color(Theme theme)
{
    return theme == Theme::Dark ? ImVec4(0.55f, 0.75f, 1.0f, 1.0f) : ImVec4(0.1f, 0.3f, 0.7f, 1.0f);
}

ImVec4 link_color(Theme theme)
{
    return theme == Theme::Dark ? ImVec4(0.45f, 0.8f, 0.95f, 1.0f) : ImVec4(0.0f, 0.4f, 0.6f, 1.0f);
}

} // namespace

// ===================================================================================== [SECTION]
// Menu

void LabView::draw_menu(const LabBook& book, float ui_scale,
                        std::map<std::string, InspectorView::Rect>& rects)
{
    if (!book.has_index()) {
        const std::string& e = book.index_error();
        ImGui::MenuItem(e.empty() ? "loading…" : e.c_str(), nullptr, false, false);
        return;
    }
    if (book.index().empty()) ImGui::MenuItem("No labs in labs/index.json", nullptr, false, false);
    // Grouped by topic (the course notes' chapters), topics in catalog order.
    std::vector<std::string> topics;
    for (const LabInfo& l : book.index())
        if (std::find(topics.begin(), topics.end(), l.topic) == topics.end())
            topics.push_back(l.topic);
    for (const std::string& topic : topics) {
        ImGui::SeparatorText(topic.empty() ? "Other labs" : topic.c_str());
        for (const LabInfo& l : book.index())
            if (l.topic == topic) draw_menu_item(book, l, ui_scale, rects);
    }
}

void LabView::draw_menu_item(const LabBook& book, const LabInfo& l, float ui_scale,
                             std::map<std::string, InspectorView::Rect>& rects)
{
    const std::string points = std::to_string(l.points) + " points";
    const bool current = book.is_open() && book.active().id == l.id;
    if (ImGui::MenuItem(l.title.c_str(), points.c_str(), current))
        ask_student(l, book.active().student);
    rects["menu.Labs." + l.id] = item_rect();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) {
        ImGui::SetNextWindowSize(ImVec2(420.0f * ui_scale, 0.0f));
        ImGui::BeginTooltip();
        ImGui::TextWrapped("Topic: %s", l.topic.empty() ? "(none)" : l.topic.c_str());
        ImGui::TextWrapped("%s", l.variants ? "Every student gets their own values, drawn from "
                                              "their student id."
                                            : "The same network for every student.");
        ImGui::TextDisabled("Opens the lab's starting network (Undo brings yours back).");
        ImGui::EndTooltip();
    }
}

void LabView::ask_student(const LabInfo& info, const std::string& last_student)
{
    m_asking = info;
    if (m_student.empty()) m_student = last_student;
    m_ask_pending = true;
}

// ===================================================================================== [SECTION]
// Dialogs

void LabView::show_error(std::string title, std::vector<std::string> lines)
{
    m_error_title = std::move(title);
    m_error_lines = std::move(lines);
    m_error_pending = true;
    m_last_error = m_error_title;
    for (const std::string& l : m_error_lines) m_last_error += "\n" + l;
}

void LabView::draw_student_dialog(float s)
{
    if (m_ask_pending) {
        ImGui::OpenPopup("Open lab##student");
        m_ask_pending = false;
    }
    ImGui::SetNextWindowSize(ImVec2(520.0f * s, 0.0f), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    m_dialog_open =
        ImGui::BeginPopupModal("Open lab##student", nullptr, ImGuiWindowFlags_NoSavedSettings);
    if (!m_dialog_open) return;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(m_asking.title.c_str());
    ImGui::TextDisabled("%s · %u points", m_asking.topic.c_str(), m_asking.points);
    ImGui::Separator();
    ImGui::TextUnformatted(m_asking.variants
                               ? "Your values (subnets, addresses) are drawn from your student id: "
                                 "type the id your teacher gave you."
                               : "Type your student id: it is written into the file you hand in.");
    ImGui::PopTextWrapPos();
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-FLT_MIN);
    const bool enter = ImGui::InputTextWithHint("##student", "student id, e.g. alice", &m_student,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    m_rects["lab.student"] = item_rect();
    tooltip("Your student id. The same id always gives the same values; upper case and spaces "
            "around it do not matter.");
    // The id names the hand-in and picks the values: a lab is never started without one.
    const bool has_id = !sim::normalize_student(m_student).empty();
    ImGui::BeginDisabled(!has_id);
    bool ok = ImGui::Button("Start lab", ImVec2(140.0f * s, 0.0f));
    ImGui::EndDisabled();
    m_rects["lab.start"] = item_rect();
    tooltip(has_id ? "Replace the canvas with the lab's starting network (Edit → Undo brings yours "
                     "back)."
                   : "Type your student id first.");
    ImGui::SameLine();
    const bool cancel =
        ImGui::Button("Cancel", ImVec2(120.0f * s, 0.0f)) || ImGui::IsKeyPressed(ImGuiKey_Escape);
    tooltip("Keep the current network.");
    ok = (ok || enter) && has_id;
    if (ok) {
        m_req.open_lab = m_asking.id;
        m_req.student = m_student;
    }
    if (ok || cancel) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void LabView::draw_error_dialog(float s)
{
    if (m_error_pending) {
        ImGui::OpenPopup("Lab problem##lab");
        m_error_pending = false;
    }
    ImGui::SetNextWindowSize(ImVec2(620.0f * s, 0.0f), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("Lab problem##lab", nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(m_error_title.c_str());
    ImGui::Separator();
    for (const std::string& l : m_error_lines) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", l.c_str());
    }
    ImGui::PopTextWrapPos();
    if (ImGui::Button("OK", ImVec2(120.0f * s, 0.0f)) || ImGui::IsKeyPressed(ImGuiKey_Escape))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

// ===================================================================================== [SECTION]
// Panel

void LabView::draw_dialogs(float s)
{
    draw_student_dialog(s);
    draw_error_dialog(s);
}

void LabView::draw_panel(LabBook& book, uint64_t revision, bool checking, const Fonts& fonts,
                         Theme theme, float s)
{
    const sim::LabVariant* v = book.variant();
    if (!v) return;
    m_rects["panel.lab"] = {ImGui::GetWindowPos(),
                            ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                                   ImGui::GetWindowPos().y + ImGui::GetWindowSize().y)};
    ImGui::PushTextWrapPos(0.0f);
    ImGui::SetWindowFontScale(1.15f);
    ImGui::TextColored(heading_color(theme), "Lab: %s", v->title.c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopTextWrapPos();
    const bool stale = book.report() && book.graded_revision() != revision;
    draw_score(book, stale, checking, theme);
    ImGui::BeginDisabled(checking);
    if (ImGui::Button(checking ? "Checking…" : "Check my work")) m_req.check = true;
    ImGui::EndDisabled();
    m_rects["lab.check"] = item_rect();
    tooltip("Run your network the way the teacher's grader does (wirelab grade) and show which "
            "checks pass.");
    ImGui::SameLine();
    if (ImGui::Button("Export submission")) m_req.do_export = true;
    m_rects["lab.export"] = item_rect();
    const std::string export_tip =
        "Download " + book.submission_name() +
        ": your network with the lab and your student id, the file you hand in.";
    tooltip(export_tip.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Leave")) m_req.closed = true;
    m_rects["lab.leave"] = item_rect();
    tooltip("Close the lab: the network stays on the canvas as an ordinary network (Undo brings "
            "the lab back).");
    ImGui::Separator();
    ImGui::BeginChild("##lab_body", ImVec2(0.0f, 0.0f));
    if (ImGui::CollapsingHeader("Checks", ImGuiTreeNodeFlags_DefaultOpen))
        draw_checks(book, stale, theme, s);
    if (ImGui::CollapsingHeader("Instructions", ImGuiTreeNodeFlags_DefaultOpen))
        draw_instructions(*v, fonts, theme);
    ImGui::EndChild();
}

void LabView::draw_score(const LabBook& book, bool stale, bool checking, Theme theme)
{
    const sim::LabVariant& v = *book.variant();
    if (!v.student.empty()) ImGui::TextDisabled("Student %s", v.student.c_str());
    const sim::GradeReport* r = book.report();
    if (checking) {
        ImGui::TextUnformatted("Checking: running your network as the grader does…");
    } else if (!r) {
        ImGui::Text("Score: not checked yet (%u points)", v.max_points());
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, r->score == r->max_score
                                                 ? pass_color(theme)
                                                 : ImGui::GetStyleColorVec4(ImGuiCol_Text));
        ImGui::Text("Score: %u / %u", r->score, r->max_score);
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::TextDisabled("(%u runs, %.0f ms)", r->runs, book.grade_ms());
        if (stale)
            ImGui::TextColored(ImVec4(0.95f, 0.7f, 0.2f, 1.0f),
                               "The network changed since: check again.");
    }
}

// ===================================================================================== [SECTION]
// Instructions

void LabView::draw_instructions(const sim::LabVariant& v, const Fonts& fonts, Theme theme)
{
    const std::string key = v.title + '\x1f' + v.student + '\x1f' + v.instructions;
    if (key != m_parsed_for) {
        m_blocks = parse_markdown(v.instructions);
        m_parsed_for = key;
    }
    ImGui::PushTextWrapPos(0.0f);
    if (!v.goals.empty()) {
        ImGui::TextColored(heading_color(theme), "Goals");
        for (const std::string& g : v.goals) {
            ImGui::Bullet();
            ImGui::TextWrapped("%s", g.c_str()); // BulletText does not wrap
        }
        ImGui::Spacing();
    }
    const MarkdownColors colors{heading_color(theme), heading_color(theme), link_color(theme)};
    const std::string link = draw_markdown(m_blocks, fonts, colors);
    if (!link.empty()) m_req.link = link;
    ImGui::PopTextWrapPos();
}

// ===================================================================================== [SECTION]
// Checks

void LabView::draw_checks(LabBook& book, bool stale, Theme theme, float s)
{
    const sim::LabVariant& v = *book.variant();
    const sim::GradeReport* r = book.report();
    for (size_t i = 0; i < v.checks.size(); ++i) {
        const sim::CheckResult* cr = r && i < r->checks.size() ? &r->checks[i] : nullptr;
        ImGui::PushID(int(i));
        if (stale) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * 0.7f);
        draw_check(book, v.checks[i], cr, theme, s);
        if (stale) ImGui::PopStyleVar();
        ImGui::PopID();
    }
    if (r && !r->errors.empty()) {
        ImGui::TextColored(error_color(theme), "Your network cannot be graded yet:");
        ImGui::PushTextWrapPos(0.0f);
        for (const sim::Diagnostic& d : r->errors) {
            ImGui::Bullet();
            ImGui::TextWrapped("%s", d.to_string().c_str());
        }
        ImGui::PopTextWrapPos();
    }
    if (r && !r->notes.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        for (const std::string& n : r->notes) ImGui::TextDisabled("Note: %s", n.c_str());
        ImGui::PopTextWrapPos();
    }
}

void LabView::draw_check(LabBook& book, const sim::Check& c, const sim::CheckResult* r, Theme theme,
                         float s)
{
    (void)s;
    const char* mark = !r ? "  ?  " : r->passed ? "pass " : "FAIL ";
    const ImVec4 color = !r          ? ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled)
                         : r->passed ? pass_color(theme)
                                     : error_color(theme);
    ImGui::TextColored(color, "%s", mark);
    ImGui::SameLine();
    ImGui::Text("%u/%u", r ? r->points : 0u, c.points);
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(c.description.c_str());
    ImGui::PopTextWrapPos();
    if (!r || r->passed) return;
    ImGui::Indent();
    ImGui::PushTextWrapPos(0.0f);
    if (!r->detail.empty()) ImGui::TextDisabled("Why: %s", r->detail.c_str());
    const size_t shown = book.hints_shown(c.id);
    for (size_t h = 0; h < shown && h < r->hints.size(); ++h)
        ImGui::TextColored(heading_color(theme), "Hint %zu: %s", h + 1, r->hints[h].c_str());
    ImGui::PopTextWrapPos();
    if (shown < r->hints.size()) {
        char label[48];
        std::snprintf(label, sizeof label,
                      shown == 0 ? "Hint (%zu of %zu)" : "Another hint (%zu of %zu)", shown + 1,
                      r->hints.size());
        if (ImGui::SmallButton(label)) book.reveal_hint(c.id);
        m_rects["lab.hint." + c.id] = item_rect();
        tooltip("Reveal the next hint for this check: the first is a nudge, the last nearly the "
                "answer.");
    }
    ImGui::Unindent();
}

} // namespace wirelab::web
