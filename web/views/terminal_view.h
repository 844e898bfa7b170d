// A terminal tab: the host's scrollback, and the input line after the prompt `user@pc1:~$`.
// Enter runs the line through the host's shell (web/model/session.h); Up/Down browse the history;
// Tab completes commands and device names; Ctrl+C interrupts the running command. `clear` and
// `exit` are the terminal's own.
#pragma once

#include "web/model/session.h"
#include "web/model/terminal.h"
#include "web/views/theme.h"

#include <imgui.h>

#include <string>
#include <vector>

namespace wirelab::web {

class TerminalView {
public:
    // Draws `t` in the current content region. device_names: for tab completion.
    void draw(Terminal& t, Session& session, const sim::Scenario& s, const Fonts& fonts,
              Theme theme, float ui_scale);

    ImVec2 input_min() const { return m_input_min; }
    ImVec2 input_max() const { return m_input_max; }

private:
    void submit(Terminal& t, Session& session, const sim::Scenario& s);

    std::string m_input;
    std::vector<std::string> m_names;
    ImVec2 m_input_min, m_input_max;
    std::string m_last_host; // the input line belongs to this host's terminal
};

} // namespace wirelab::web
