// The event log.
#include "web/views/event_log_view.h"

#include <cstdio>

namespace wirelab::web {

void EventLogView::draw(const Session& session, const Fonts& fonts, Theme theme)
{
    ImGui::Checkbox("Drops only", &m_drops_only);
    ImGui::SameLine();
    ImGui::Checkbox("Follow", &m_follow);
    ImGui::SameLine();
    ImGui::TextDisabled("%zu events (the newest %zu are kept)", session.log().size(),
                        Session::kMaxLog);
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##events", 4, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Time");
    ImGui::TableSetupColumn("Where");
    ImGui::TableSetupColumn("What");
    ImGui::TableSetupColumn("Details", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    std::vector<const LogEntry*> shown;
    for (const LogEntry& e : session.log()) {
        const bool drop =
            e.kind == net::TraceKind::FrameDropped || e.kind == net::TraceKind::PacketDropped;
        if (!m_drops_only || drop) shown.push_back(&e);
    }
    ImGui::PushFont(fonts.mono);
    ImGuiListClipper clipper;
    clipper.Begin(int(shown.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const LogEntry& e = *shown[size_t(i)];
            const bool drop =
                e.kind == net::TraceKind::FrameDropped || e.kind == net::TraceKind::PacketDropped;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%.6f", e.at.seconds());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.device.c_str());
            ImGui::TableNextColumn();
            if (drop)
                ImGui::TextColored(error_color(theme), "drop: %s", net::to_string(e.reason));
            else
                ImGui::TextUnformatted(net::to_string(e.kind));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.text.c_str());
        }
    }
    ImGui::PopFont();
    if (m_follow && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 2.0f)
        ImGui::SetScrollHereY(1.0f);
    ImGui::EndTable();
}

} // namespace wirelab::web
