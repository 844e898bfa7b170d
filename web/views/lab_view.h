// The lab panel and its dialogs: the Labs menu's entries (title, topic, points), the "who are
// you" dialog that asks for the student id (per-student values are drawn from it), and the panel
// with the lab's goals, instructions (Markdown, drawn by markdown_view.h), the check list with
// points and score, "Check my work", hints one tier at a time, and "Export submission".
//
// The view only draws web/model/labs.h's LabBook and reports what the student asked for; the app
// fetches, grades and downloads (web/views/app_labs.cpp).
#pragma once

#include "web/model/labs.h"
#include "web/model/markdown.h"
#include "web/views/inspector_view.h"
#include "web/views/theme.h"

#include <map>
#include <string>
#include <utility>

namespace wirelab::web {

struct LabRequests {
    std::string open_lab;   // the student confirmed the dialog: open this lab...
    std::string student;    // ...as this student
    bool check = false;     // "Check my work"
    bool do_export = false; // "Export submission"
    bool closed = false;    // the panel's close button: leave the lab (the network stays)
    std::string link;       // a link in the instructions was clicked: its target
};

class LabView {
public:
    // Inside the Labs menu: one item per catalog lab. Clicking one opens the student dialog.
    void draw_menu(const LabBook& book, float ui_scale,
                   std::map<std::string, InspectorView::Rect>& rects);
    // Opens the student dialog for lab `id` (the menu, or a #lab= link).
    void ask_student(const LabInfo& info, const std::string& last_student);

    // The lab panel, drawn into the workspace column the app gives it (only while a lab is
    // open). `revision`: the document's, to say when the check list is older than the network.
    // `checking`: a check was asked for and runs on a coming frame.
    void draw_panel(LabBook& book, uint64_t revision, bool checking, const Fonts& fonts,
                    Theme theme, float ui_scale);
    // The student and error dialogs (every frame).
    void draw_dialogs(float ui_scale);
    // What the student asked for since the last call; also starts the next frame's rects.
    LabRequests take_requests()
    {
        m_rects.clear();
        return std::exchange(m_req, LabRequests{});
    }

    // A problem with a lab (a file that does not load, an unknown lab in a link): shown in a
    // dialog.
    void show_error(std::string title, std::vector<std::string> lines);

    // [SECTION] Read-only state for the test hook
    const std::map<std::string, InspectorView::Rect>& rects() const { return m_rects; }
    bool is_dialog_open() const { return m_dialog_open; }
    const std::string& last_error() const { return m_last_error; }

private:
    void draw_student_dialog(float ui_scale);
    void draw_menu_item(const LabBook& book, const LabInfo& l, float ui_scale,
                        std::map<std::string, InspectorView::Rect>& rects);
    void draw_error_dialog(float ui_scale);
    void draw_instructions(const sim::LabVariant& v, const Fonts& fonts, Theme theme);
    void draw_checks(LabBook& book, bool stale, Theme theme, float ui_scale);
    void draw_check(LabBook& book, const sim::Check& c, const sim::CheckResult* r, Theme theme,
                    float ui_scale);
    void draw_score(const LabBook& book, bool stale, bool checking, Theme theme);

    LabRequests m_req;
    std::map<std::string, InspectorView::Rect> m_rects;
    // Student dialog.
    bool m_ask_pending = false;
    bool m_dialog_open = false;
    LabInfo m_asking;
    std::string m_student;
    // Error dialog.
    bool m_error_pending = false;
    std::string m_error_title;
    std::vector<std::string> m_error_lines;
    std::string m_last_error;
    // Instructions, parsed once per lab variant.
    std::string m_parsed_for;
    std::vector<MdBlock> m_blocks;
};

} // namespace wirelab::web
