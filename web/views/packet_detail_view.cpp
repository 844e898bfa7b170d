// The packet list's lower half: the decode tree of the selected frame and its hex dump, with the
// selected field's bytes highlighted.
#include "core/inspect/dissect.h"
#include "web/views/packet_list_view.h"

#include <cstdio>

namespace wirelab::web {

namespace {

void tree_lines(const wire::Field& f, int depth, std::vector<std::string>& out)
{
    out.push_back(std::string(size_t(depth) * 2, ' ') + wire::describe(f));
    for (const wire::Field& c : f.children) tree_lines(c, depth + 1, out);
}

} // namespace

std::vector<std::string> PacketListView::selected_tree(const CaptureStore& store) const
{
    std::vector<std::string> out;
    if (!m_selected || *m_selected < store.first_id() || *m_selected >= store.end_id()) return out;
    const wire::Dissection d = wire::dissect(store.get(*m_selected).bytes);
    for (const wire::Field& f : d.layers) tree_lines(f, 0, out);
    return out;
}

void PacketListView::details(const CaptureStore& store, const Fonts& fonts, Theme theme)
{
    if (!m_selected || *m_selected < store.first_id() || *m_selected >= store.end_id()) {
        ImGui::TextDisabled("Select a packet to see every header field and its bytes.");
        return;
    }
    const CapturedFrame& frame = store.get(*m_selected);
    if (m_decoded_id != m_selected) {
        m_decoded = wire::dissect(frame.bytes);
        m_decoded_id = m_selected;
        m_field_index = SIZE_MAX;
        m_field_offset = m_field_length = 0;
    }
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::BeginChild("##tree", ImVec2(width * 0.55f, 0.0f), ImGuiChildFlags_Border);
    size_t index = 0;
    for (const wire::Field& f : m_decoded.layers) tree_node(f, 0, index);
    if (!m_decoded.problem.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(error_color(theme), "%s", m_decoded.problem.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##hex", ImVec2(0.0f, 0.0f), ImGuiChildFlags_Border);
    hex_dump(frame.bytes, fonts, theme);
    ImGui::EndChild();
}

void PacketListView::tree_node(const wire::Field& f, int depth, size_t& index)
{
    const size_t my_index = index++;
    ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_SpanAvailWidth;
    if (f.children.empty()) flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
    if (my_index == m_field_index) flags |= ImGuiTreeNodeFlags_Selected;
    // Layers other than Frame start open, as in Wireshark after a click.
    if (depth == 0 && f.name != "frame") flags |= ImGuiTreeNodeFlags_DefaultOpen;
    const std::string text = wire::describe(f);
    const bool open = ImGui::TreeNodeEx(reinterpret_cast<void*>(uintptr_t(my_index) + 1), flags,
                                        "%s", text.c_str());
    if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen()) {
        m_field_index = my_index;
        m_field_offset = f.offset;
        m_field_length = f.length;
    }
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) {
        ImGui::BeginTooltip();
        ImGui::Text("%s", f.name.c_str());
        if (!f.meaning.empty()) ImGui::TextDisabled("%s", f.meaning.c_str());
        if (f.length) ImGui::TextDisabled("bytes %u-%u", f.offset, f.offset + f.length - 1);
        ImGui::EndTooltip();
    }
    if (!f.children.empty() && open) {
        for (const wire::Field& c : f.children) tree_node(c, depth + 1, index);
        ImGui::TreePop();
    } else if (!f.children.empty()) {
        // Keep indices stable whether or not the node is open.
        std::vector<const wire::Field*> stack;
        for (const wire::Field& c : f.children) stack.push_back(&c);
        while (!stack.empty()) {
            const wire::Field* c = stack.back();
            stack.pop_back();
            ++index;
            for (const wire::Field& g : c->children) stack.push_back(&g);
        }
    }
}

void PacketListView::hex_dump(const Bytes& bytes, const Fonts& fonts, Theme theme)
{
    ImGui::PushFont(fonts.mono);
    const float char_w = ImGui::CalcTextSize("0").x;
    const float line_h = ImGui::GetTextLineHeight();
    const ImU32 mark =
        theme == Theme::Dark ? IM_COL32(60, 110, 200, 200) : IM_COL32(150, 190, 255, 220);
    ImDrawList* list = ImGui::GetWindowDrawList();
    const size_t lines = (bytes.size() + 15) / 16;
    ImGuiListClipper clipper;
    clipper.Begin(int(lines), line_h);
    while (clipper.Step()) {
        for (int line = clipper.DisplayStart; line < clipper.DisplayEnd; ++line) {
            const size_t base = size_t(line) * 16;
            const ImVec2 at = ImGui::GetCursorScreenPos();
            // Highlight first, text on top. Columns: "0000  " then "xx " per byte (an extra space
            // after 8), then the ASCII column.
            for (size_t i = base; i < base + 16 && i < bytes.size(); ++i) {
                if (m_field_length == 0 || i < m_field_offset ||
                    i >= m_field_offset + m_field_length)
                    continue;
                const size_t col = i - base;
                const float hx = at.x + char_w * float(6 + col * 3 + (col >= 8 ? 1 : 0));
                list->AddRectFilled(ImVec2(hx, at.y), ImVec2(hx + char_w * 2, at.y + line_h), mark);
                const float ax = at.x + char_w * float(6 + 16 * 3 + 1 + 2 + col);
                list->AddRectFilled(ImVec2(ax, at.y), ImVec2(ax + char_w, at.y + line_h), mark);
            }
            char text[128];
            int n = std::snprintf(text, sizeof text, "%04zx  ", base);
            for (size_t col = 0; col < 16; ++col) {
                const size_t i = base + col;
                if (i < bytes.size())
                    n += std::snprintf(text + n, sizeof text - size_t(n), "%02x ", bytes[i]);
                else
                    n += std::snprintf(text + n, sizeof text - size_t(n), "   ");
                if (col == 7) n += std::snprintf(text + n, sizeof text - size_t(n), " ");
            }
            n += std::snprintf(text + n, sizeof text - size_t(n), "  ");
            for (size_t i = base; i < base + 16 && i < bytes.size(); ++i)
                text[n++] = bytes[i] >= 0x20 && bytes[i] < 0x7f ? char(bytes[i]) : '.';
            text[n] = '\0';
            ImGui::TextUnformatted(text);
        }
    }
    ImGui::PopFont();
}

} // namespace wirelab::web
