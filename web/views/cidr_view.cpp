// The CIDR calculator window.
#include "web/views/cidr_view.h"

namespace wirelab::web {

void CidrView::draw(bool* open, const Fonts& fonts, Theme theme, float ui_scale, ImVec2 default_pos)
{
    if (!*open) return;
    ImGui::SetNextWindowPos(default_pos, ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(430.0f * ui_scale, 360.0f * ui_scale), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("CIDR calculator", open, ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    ImGui::TextUnformatted("Prefix");
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::PushFont(fonts.mono);
    if (ImGui::InputTextWithHint("##prefix", "192.168.5/24 or 2001:db8::/32", m_input.data(),
                                 m_input.size()))
        update_report();
    ImGui::PopFont();
    m_input_min = ImGui::GetItemRectMin();
    m_input_max = ImGui::GetItemRectMax();
    ImGui::Spacing();

    if (!m_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, error_color(theme));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(m_error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    } else if (m_rows.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("Type an IPv4 or IPv6 prefix to see its network, netmask, broadcast "
                            "address and host range.");
        ImGui::PopTextWrapPos();
    } else {
        draw_rows(fonts);
    }
    ImGui::End();
}

void CidrView::update_report()
{
    m_rows.clear();
    m_error.clear();
    const std::string text = m_input.data();
    if (text.find_first_not_of(" \t") == std::string::npos) return;
    auto report = wire::describe_cidr(text);
    if (!report) {
        m_error = report.error().message;
        return;
    }
    m_rows = std::move(report->rows);
}

void CidrView::draw_rows(const Fonts& fonts) const
{
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##cidr_rows", 2, flags)) return;
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    for (const wire::CidrRow& row : m_rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.label.c_str());
        ImGui::TableNextColumn();
        // Notes are sentences (wrap, proportional font); everything else is an address or count.
        const bool is_note = row.key == "note";
        if (!is_note) ImGui::PushFont(fonts.mono);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(row.value.c_str());
        ImGui::PopTextWrapPos();
        if (!is_note) ImGui::PopFont();
    }
    ImGui::EndTable();
}

} // namespace wirelab::web
