// The CIDR calculator window: a prefix typed by the user, and the rows of
// wire::describe_cidr() below it, or the parser's message in red.
#pragma once

#include "core/inspect/cidr_report.h"
#include "web/views/theme.h"

#include <imgui.h>

#include <array>
#include <string>
#include <vector>

namespace wirelab::web {

class CidrView {
public:
    // Draws the window when *open; default_pos is where it first appears.
    void draw(bool* open, const Fonts& fonts, Theme theme, float ui_scale, ImVec2 default_pos);

    std::string input() const { return m_input.data(); }
    const std::vector<wire::CidrRow>& rows() const { return m_rows; }
    const std::string& error() const { return m_error; }
    // The text field's rectangle in ImGui display units (zero size until first drawn).
    ImVec2 input_min() const { return m_input_min; }
    ImVec2 input_max() const { return m_input_max; }

private:
    void update_report();
    void draw_rows(const Fonts& fonts) const;

    std::array<char, 128> m_input{};
    std::vector<wire::CidrRow> m_rows;
    std::string m_error;
    ImVec2 m_input_min, m_input_max;
};

} // namespace wirelab::web
