// The simulation bar under the menu: play/pause, step, speed (0.01x to 1000x, or as fast as
// possible), the simulated clock, and why the simulation last restarted.
#pragma once

#include "web/model/session.h"
#include "web/views/theme.h"

#include <imgui.h>

namespace wirelab::web {

class SimBar {
public:
    // wall_now: the app's wall clock in seconds (to fade the restart notice).
    void draw(Session& session, const Fonts& fonts, Theme theme, float ui_scale, double wall_now);

    ImVec2 play_min() const { return m_play_min; }
    ImVec2 play_max() const { return m_play_max; }

private:
    uint64_t m_seen_restarts = 0;
    double m_restart_shown_at = -100.0;
    ImVec2 m_play_min, m_play_max;
};

// "1.234567 s" or "12 min 3.456 s": the simulated clock for people.
std::string format_clock(SimTime t);

} // namespace wirelab::web
