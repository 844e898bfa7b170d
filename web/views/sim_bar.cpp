// The simulation bar.
#include "web/views/sim_bar.h"

#include <cstdio>

namespace wirelab::web {

namespace {

struct SpeedChoice {
    double speed; // 0 = as fast as possible
    const char* label;
};

constexpr SpeedChoice kSpeeds[] = {
    {0.01, "0.01×"},
    {0.1, "0.1×"},
    {0.25, "0.25×"},
    {0.5, "0.5×"},
    {1.0, "1× (real time)"},
    {2.0, "2×"},
    {5.0, "5×"},
    {10.0, "10×"},
    {100.0, "100×"},
    {1000.0, "1000×"},
    {0.0, "as fast as possible"},
};

constexpr double kNoticeSeconds = 6.0;

} // namespace

std::string format_clock(SimTime t)
{
    char buf[64];
    const double s = t.seconds();
    if (s < 60.0)
        std::snprintf(buf, sizeof buf, "%.6f s", s);
    else if (s < 3600.0)
        std::snprintf(buf, sizeof buf, "%d min %06.3f s", int(s / 60.0), s - 60.0 * int(s / 60.0));
    else
        std::snprintf(buf, sizeof buf, "%d h %02d min %06.3f s", int(s / 3600.0),
                      int(s / 60.0) % 60, s - 60.0 * int(s / 60.0));
    return buf;
}

void SimBar::draw(Session& session, const Fonts& fonts, Theme theme, float ui_scale,
                  double wall_now)
{
    const bool playing = session.is_playing();
    if (ImGui::Button(playing ? "Pause" : " Play ", ImVec2(70.0f * ui_scale, 0.0f)))
        session.set_playing(!playing);
    m_play_min = ImGui::GetItemRectMin();
    m_play_max = ImGui::GetItemRectMax();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip(playing ? "Pause the simulation (Space)" : "Run the simulation (Space)");
    ImGui::SameLine();
    if (ImGui::Button("Step")) session.step();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip(
            "Pause, then run events up to the next frame put on a wire or delivered.");
    ImGui::SameLine();
    const char* current = "?";
    for (const SpeedChoice& c : kSpeeds)
        if (c.speed == session.speed()) current = c.label;
    ImGui::SetNextItemWidth(170.0f * ui_scale);
    if (ImGui::BeginCombo("##speed", current)) {
        for (const SpeedChoice& c : kSpeeds)
            if (ImGui::Selectable(c.label, c.speed == session.speed())) session.set_speed(c.speed);
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("Simulated seconds per real second. Slow it down to watch each frame "
                          "cross its cable at its real pace.");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(fonts.mono);
    ImGui::Text("t = %s", format_clock(session.now()).c_str());
    ImGui::PopFont();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("Simulated time since the network started (it restarts at 0 when you "
                          "change devices, addresses or cables).");
    if (session.is_lagging()) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.95f, 0.7f, 0.2f, 1.0f), "behind real time");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("There are more events than this browser can run at this speed; "
                              "the simulated clock runs slower than asked (nothing is skipped).");
    }
    if (session.restarts() != m_seen_restarts) {
        m_seen_restarts = session.restarts();
        m_restart_shown_at = session.restarts() > 1 ? wall_now : -100.0;
    }
    if (wall_now - m_restart_shown_at < kNoticeSeconds) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.45f, 0.75f, 1.0f, 1.0f), "restarted at t = 0: %s",
                           session.restart_reason().c_str());
    }
    if (!session.has_network() && !session.problems().empty()) {
        ImGui::SameLine();
        ImGui::TextColored(error_color(theme), "not running: %zu problem%s (see Problems)",
                           session.problems().size(), session.problems().size() == 1 ? "" : "s");
    }
}

} // namespace wirelab::web
