// The packet list: scope, filter, rows. The decode tree and hex dump are in packet_detail_view.cpp.
#include "web/views/packet_list_view.h"

#include "core/inspect/dissect.h"

#include <imgui_internal.h> // TableGetHeaderRowHeight
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace wirelab::web {

namespace {

constexpr uint64_t kScanPerFrame = 20'000; // frames filtered per UI frame (keeps 60 fps)

ImU32 row_tint(PacketKind k)
{
    return (packet_color(k) & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 38);
}

std::string time_text(SimTime t)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", t.seconds());
    return buf;
}

} // namespace

void PacketListView::fill_columns(const CaptureStore& store, PacketRow& row) const
{
    if (row.has_columns || row.id < store.first_id() || row.id >= store.end_id()) return;
    const wire::Dissection d = wire::dissect(store.get(row.id).bytes, wire::DissectDetail::Columns);
    row.source = d.source;
    row.destination = d.destination;
    row.protocol = d.protocol;
    row.info = d.info;
    row.has_columns = true;
}

void PacketListView::update_rows(const CaptureStore& store)
{
    if (store.generation() != m_generation) {
        m_generation = store.generation();
        m_rows.clear();
        m_scanned = store.first_id();
        m_in_scope = 0;
        m_selected.reset();
        m_decoded_id.reset();
    }
    // Forget rows whose frames were evicted from the capture.
    const auto first_kept = std::find_if(
        m_rows.begin(), m_rows.end(), [&](const PacketRow& r) { return r.id >= store.first_id(); });
    m_rows.erase(m_rows.begin(), first_kept);
    m_scanned = std::max(m_scanned, store.first_id());
    const uint64_t end = std::min(store.end_id(), m_scanned + kScanPerFrame);
    for (; m_scanned < end; ++m_scanned) {
        const CapturedFrame& f = store.get(m_scanned);
        if (!m_scope.includes(f)) continue;
        ++m_in_scope;
        if (!m_filter.is_empty() && !m_filter.matches(f.bytes)) continue;
        PacketRow row;
        row.id = m_scanned;
        row.no = m_in_scope;
        m_rows.push_back(std::move(row));
    }
}

const std::vector<PacketRow>& PacketListView::rows(const CaptureStore& store, size_t limit)
{
    for (size_t i = 0; i < m_rows.size() && i < limit; ++i) fill_columns(store, m_rows[i]);
    return m_rows;
}

bool PacketListView::draw(const Session& session, const sim::Scenario& s, const Fonts& fonts,
                          Theme theme, float ui_scale)
{
    bool download = false;
    controls(session, s, fonts, theme, ui_scale, download);
    update_rows(session.capture());
    const float avail = ImGui::GetContentRegionAvail().y;
    if (m_list_height <= 0.0f) m_list_height = avail * 0.55f;
    m_list_height = std::clamp(m_list_height, 60.0f * ui_scale,
                               std::max(avail - 60.0f * ui_scale, 60.0f * ui_scale));
    table(session, fonts, m_list_height);
    // Splitter between the list and the details.
    ImGui::InvisibleButton("##split", ImVec2(-FLT_MIN, 6.0f * ui_scale));
    if (ImGui::IsItemActive()) m_list_height += ImGui::GetIO().MouseDelta.y;
    if (ImGui::IsItemHovered() || ImGui::IsItemActive())
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
    details(session.capture(), fonts, theme);
    return download;
}

void PacketListView::controls(const Session& session, const sim::Scenario& s, const Fonts& fonts,
                              Theme theme, float ui_scale, bool& download)
{
    ImGui::SetNextItemWidth(190.0f * ui_scale);
    if (ImGui::BeginCombo("##scope", m_scope_label.c_str())) {
        auto choose = [&](CaptureScope scope, const std::string& label) {
            if (ImGui::Selectable(label.c_str(), scope == m_scope) && !(scope == m_scope)) {
                m_scope = scope;
                m_scope_label = label;
                m_generation = UINT64_MAX; // rescan
            }
        };
        choose({}, "Whole network");
        for (size_t i = 0; i < s.devices.size(); ++i) {
            const sim::DeviceSpec& d = s.devices[i];
            choose({CaptureScope::Kind::Device, uint32_t(i), 0}, d.name + " (all ports)");
            const net::Network* net = session.network();
            if (!net || i >= net->node_count()) continue;
            const net::Node& node = net->node(NodeId(uint32_t(i)));
            for (uint32_t p = 0; p < node.ports().size(); ++p)
                if (node.port(p).link.is_valid())
                    choose({CaptureScope::Kind::Interface, uint32_t(i), p},
                           "    " + d.name + ":" + node.port(p).name);
        }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("Where to capture: every frame on the network once (as sent), what one "
                          "device sent and received, or one interface.");
    ImGui::SameLine();
    const bool ok = m_filter_error.empty();
    const bool applied = m_filter_text == m_applied_text;
    ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_FrameBg);
    if (!m_filter_text.empty())
        bg = ok ? ImVec4(0.15f, 0.45f, 0.2f, 0.55f) : ImVec4(0.6f, 0.12f, 0.12f, 0.6f);
    ImGui::PushStyleColor(ImGuiCol_FrameBg, bg);
    ImGui::SetNextItemWidth(-250.0f * ui_scale);
    ImGui::PushFont(fonts.mono);
    const bool enter =
        ImGui::InputTextWithHint("##filter", "display filter, e.g. icmp or ip.addr == 10.0.0.1",
                                 &m_filter_text, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopFont();
    ImGui::PopStyleColor();
    m_filter_min = ImGui::GetItemRectMin();
    m_filter_max = ImGui::GetItemRectMax();
    if (ImGui::IsItemEdited()) {
        auto parsed = wire::DisplayFilter::parse(m_filter_text);
        m_filter_error = parsed ? std::string() : parsed.error().message;
    }
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("Wireshark display filters: arp, icmp, tcp.port == 80, ip.addr == "
                          "10.0.0.1 && !arp ... Press Enter to apply.");
    if (enter) {
        auto parsed = wire::DisplayFilter::parse(m_filter_text);
        if (parsed) {
            m_filter = std::move(*parsed);
            m_applied_text = m_filter_text;
            m_filter_error.clear();
            m_generation = UINT64_MAX;
        } else {
            m_filter_error = parsed.error().message;
        }
    }
    ImGui::SameLine();
    ImGui::Checkbox("Follow", &m_autoscroll);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("Keep the newest packet in view.");
    ImGui::SameLine();
    if (ImGui::Button("Download pcap")) download = true;
    m_download_min = ImGui::GetItemRectMin();
    m_download_max = ImGui::GetItemRectMax();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("Save the displayed packets as a .pcap file for Wireshark or tshark.");
    if (!m_filter_error.empty()) {
        ImGui::TextColored(error_color(theme), "%s", m_filter_error.c_str());
    } else if (!applied) {
        ImGui::TextDisabled("Press Enter to apply the filter.");
    } else {
        const CaptureStore& store = session.capture();
        ImGui::TextDisabled("Displayed: %zu of %llu%s", m_rows.size(),
                            static_cast<unsigned long long>(m_in_scope),
                            store.evicted() ? " (oldest frames dropped from memory)" : "");
        for (const std::string& w : m_filter.warnings()) {
            ImGui::SameLine();
            ImGui::TextColored(ImVec4(0.95f, 0.7f, 0.2f, 1.0f), "%s", w.c_str());
        }
    }
}

void PacketListView::table(const Session& session, const Fonts& fonts, float height)
{
    const CaptureStore& store = session.capture();
    m_visible.clear();
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##packets", 7, flags, ImVec2(0.0f, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    // Widths from the mono font: a column fits its widest usual content.
    const float ch = ImGui::CalcTextSize("0").x * (fonts.mono->FontSize / ImGui::GetFontSize());
    ImGui::TableSetupColumn("No.", 0, ch * 7);
    ImGui::TableSetupColumn("Time", 0, ch * 12);
    ImGui::TableSetupColumn("Source", 0, ch * 26);
    ImGui::TableSetupColumn("Destination", 0, ch * 26);
    ImGui::TableSetupColumn("Protocol", 0, ch * 9);
    ImGui::TableSetupColumn("Length", 0, ch * 7);
    ImGui::TableSetupColumn("Info", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    // Rows scrolled under the frozen header row are drawn but hidden.
    const float body_top = ImGui::GetWindowPos().y + ImGui::TableGetHeaderRowHeight();
    ImGui::PushFont(fonts.mono);
    ImGuiListClipper clipper;
    clipper.Begin(int(m_rows.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            PacketRow& row = m_rows[size_t(i)];
            if (row.id < store.first_id()) continue;
            fill_columns(store, row);
            const CapturedFrame& f = store.get(row.id);
            ImGui::TableNextRow();
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, row_tint(f.kind));
            ImGui::TableNextColumn();
            char no[24];
            std::snprintf(no, sizeof no, "%llu", static_cast<unsigned long long>(row.no));
            const bool selected = m_selected == row.id;
            if (ImGui::Selectable(no, selected, ImGuiSelectableFlags_SpanAllColumns))
                m_selected = row.id;
            if (ImGui::IsItemVisible() && ImGui::GetItemRectMin().y >= body_top)
                m_visible.push_back({row.no, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(time_text(f.at).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.source.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.destination.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.protocol.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%zu", f.bytes.size());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.info.c_str());
        }
    }
    ImGui::PopFont();
    if (m_autoscroll && !m_selected && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 2.0f)
        ImGui::SetScrollHereY(1.0f);
    ImGui::EndTable();
}

Bytes PacketListView::pcap_bytes(const Session& session) const
{
    std::vector<uint64_t> ids;
    ids.reserve(m_rows.size());
    for (const PacketRow& r : m_rows) ids.push_back(r.id);
    return capture_to_pcap(session.capture(), ids);
}

std::string PacketListView::pcap_name(const sim::Scenario& s) const
{
    std::string base = "wirelab";
    if (m_scope.kind != CaptureScope::Kind::Network && m_scope.node < s.devices.size())
        base += "-" + s.devices[m_scope.node].name;
    if (m_scope.kind == CaptureScope::Kind::Interface)
        base += "-port" + std::to_string(m_scope.port);
    return base + ".pcap";
}

} // namespace wirelab::web
