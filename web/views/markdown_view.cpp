// Markdown blocks drawn with ImGui.
// [SECTION] index: inline flow · blocks · tables
#include "web/views/markdown_view.h"

#include <algorithm>

namespace wirelab::web {

namespace {

struct Ctx {
    const Fonts& fonts;
    const MarkdownColors& colors;
    std::string clicked;
};

bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

// ===================================================================================== [SECTION]
// Inline flow: runs laid out left to right, one ImGui text item per piece, wrapped at words.

// Draws text [b, e) of `run` at the cursor, with its style's decorations.
void draw_piece(const char* b, const char* e, const MdRun& run, Ctx& ctx)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::CalcTextSize(b, e);
    if (run.style & MdCode) {
        const float pad = ImGui::GetFontSize() * 0.1f;
        ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_FrameBg);
        dl->AddRectFilled(ImVec2(p.x - pad, p.y), ImVec2(p.x + size.x + pad, p.y + size.y),
                          ImGui::GetColorU32(bg), pad * 2.0f);
    }
    const int first_vertex = dl->VtxBuffer.Size;
    ImGui::TextUnformatted(b, e);
    const ImU32 color = ImGui::GetColorU32(ImGuiCol_Text);
    if (run.style & MdBold) {
        // Faux bold: the same glyphs again, a fraction of a pixel per 16 px to the right.
        const float dx = std::max(1.0f, ImGui::GetFontSize() / 16.0f);
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(p.x + dx, p.y), color, b, e);
    }
    if (run.style & MdItalic) {
        // Faux italics: shear this piece's glyph quads about the line's middle.
        const float mid = p.y + size.y * 0.5f;
        for (int i = first_vertex; i < dl->VtxBuffer.Size; ++i)
            dl->VtxBuffer[i].pos.x += (mid - dl->VtxBuffer[i].pos.y) * 0.2f;
    }
    if (run.style & MdStrike) {
        const float y = p.y + size.y * 0.55f;
        dl->AddLine(ImVec2(p.x, y), ImVec2(p.x + size.x, y), color);
    }
    if (run.link.empty()) return;
    const float y = p.y + size.y - 1.0f;
    dl->AddLine(ImVec2(p.x, y), ImVec2(p.x + size.x, y), color);
    if (ImGui::IsItemHovered()) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("%s\n(click to copy the link)", run.link.c_str());
    }
    if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) ctx.clicked = run.link;
}

// Lays out one run's text, continuing the current line when `same_line` (then updated).
void flow_run(const MdRun& run, float right, bool& same_line, Ctx& ctx)
{
    ImFont* font = run.style & MdCode ? ctx.fonts.mono : ctx.fonts.ui;
    ImGui::PushFont(font);
    if (!run.link.empty()) ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.link);
    const float scale = ImGui::GetFontSize() / font->FontSize;
    const char* s = run.text.data();
    const char* end = s + run.text.size();
    while (s < end) {
        if (*s == '\n') { // a hard line break
            if (!same_line) ImGui::NewLine();
            same_line = false;
            ++s;
            continue;
        }
        const char* line_end = std::find(s, end, '\n');
        if (same_line) ImGui::SameLine(0.0f, 0.0f);
        const float avail = std::max(1.0f, right - ImGui::GetCursorPosX());
        // Not even the next word fits after what the line holds: continue on the next line.
        const char* word = s;
        while (word < line_end && is_blank(*word)) ++word;
        while (word < line_end && !is_blank(*word)) ++word;
        if (same_line && ImGui::CalcTextSize(s, word).x > avail) {
            ImGui::NewLine();
            same_line = false;
            while (s < line_end && is_blank(*s)) ++s;
            continue;
        }
        const char* brk = font->CalcWordWrapPositionA(scale, s, line_end, avail);
        if (brk <= s) brk = word;
        draw_piece(s, brk, run, ctx);
        same_line = true;
        s = brk;
        if (s < line_end) { // wrapped: the next piece starts a line, without its blanks
            same_line = false;
            while (s < line_end && is_blank(*s)) ++s;
        }
    }
    if (!run.link.empty()) ImGui::PopStyleColor();
    ImGui::PopFont();
}

// The runs as wrapped text; `extra` is added to each run's style (a table's header row is bold).
void flow(const std::vector<MdRun>& runs, Ctx& ctx, uint8_t extra = MdPlain)
{
    const float right = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
    // Lines of one paragraph are spaced like ImGui's own wrapped text: by the font's height.
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0.0f));
    bool same_line = false;
    for (const MdRun& r : runs) {
        if (extra == MdPlain) {
            flow_run(r, right, same_line, ctx);
        } else {
            MdRun styled = r;
            styled.style |= extra;
            flow_run(styled, right, same_line, ctx);
        }
    }
    if (runs.empty()) ImGui::NewLine();
    ImGui::PopStyleVar();
    ImGui::Dummy(ImVec2(0.0f, 0.0f)); // the usual item spacing below the last line
}

float runs_width(const std::vector<MdRun>& runs, const Fonts& fonts)
{
    float w = 0.0f;
    for (const MdRun& r : runs) {
        ImGui::PushFont(r.style & MdCode ? fonts.mono : fonts.ui);
        w += ImGui::CalcTextSize(r.text.c_str()).x;
        ImGui::PopFont();
    }
    return w;
}

// ===================================================================================== [SECTION]
// Tables

void draw_table(const MdBlock& t, size_t index, Ctx& ctx)
{
    const int columns = int(t.align.size());
    if (columns == 0 || columns > 64) return; // ImGui's column limit is far above any lab's
    ImGui::PushID(int(index));
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("##md_table", columns, flags)) {
        for (size_t r = 0; r < t.rows.size(); ++r) {
            const bool head = int(r) < t.head_rows;
            ImGui::TableNextRow(head ? ImGuiTableRowFlags_Headers : ImGuiTableRowFlags_None);
            for (int c = 0; c < columns; ++c) {
                ImGui::TableSetColumnIndex(c);
                if (size_t(c) >= t.rows[r].size()) continue;
                const std::vector<MdRun>& runs = t.rows[r][size_t(c)].runs;
                const MdAlign a = t.align[size_t(c)];
                if (a == MdAlign::Center || a == MdAlign::Right) {
                    const float room =
                        ImGui::GetContentRegionAvail().x - runs_width(runs, ctx.fonts);
                    if (room > 0.0f)
                        ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                                             (a == MdAlign::Center ? room * 0.5f : room));
                }
                flow(runs, ctx, head ? MdBold : MdPlain);
            }
        }
        ImGui::EndTable();
    }
    ImGui::PopID();
    ImGui::Spacing();
}

// ===================================================================================== [SECTION]
// Blocks

void draw_item(const MdBlock& b, Ctx& ctx)
{
    const float step = ImGui::GetStyle().IndentSpacing;
    const float indent = float(b.level) * step * 0.75f;
    if (indent > 0.0f) ImGui::Indent(indent);
    const float x0 = ImGui::GetCursorPosX();
    std::string marker = b.marker;
    if (marker.empty()) marker = b.level == 0 ? "\xE2\x80\xA2" : "\xE2\x97\xA6"; // • ◦
    ImGui::TextUnformatted(marker.c_str());
    ImGui::SameLine();
    // A hanging indent: wrapped lines start under the item's text, not under its marker.
    const float hang = ImGui::GetCursorPosX() - x0;
    ImGui::Indent(hang);
    flow(b.runs, ctx);
    ImGui::Unindent(hang);
    if (indent > 0.0f) ImGui::Unindent(indent);
}

void draw_code(const MdBlock& b, Ctx& ctx)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2); // the background goes under text whose height is known only after
    dl->ChannelsSetCurrent(1);
    ImGui::PushFont(ctx.fonts.mono);
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.code);
    ImGui::Indent();
    ImGui::TextUnformatted(b.text().c_str());
    ImGui::Unindent();
    ImGui::PopStyleColor();
    ImGui::PopFont();
    const float pad = ImGui::GetStyle().FramePadding.y;
    const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(
        ImVec2(lo.x - pad * 2.0f, lo.y - pad),
        ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x, hi.y + pad),
        ImGui::GetColorU32(ImGuiCol_FrameBg), pad);
    dl->ChannelsMerge();
    ImGui::Spacing();
}

void draw_block(const MdBlock& b, size_t index, Ctx& ctx)
{
    switch (b.kind) {
    case MdKind::Heading:
        ImGui::Spacing();
        ImGui::SetWindowFontScale(b.level == 1 ? 1.3f : b.level == 2 ? 1.15f : 1.0f);
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.heading);
        flow(b.runs, ctx);
        ImGui::PopStyleColor();
        ImGui::SetWindowFontScale(1.0f);
        break;
    case MdKind::Paragraph:
        flow(b.runs, ctx);
        ImGui::Spacing();
        break;
    case MdKind::Bullet:
    case MdKind::Numbered: draw_item(b, ctx); break;
    case MdKind::Code: draw_code(b, ctx); break;
    case MdKind::Rule: ImGui::Separator(); break;
    case MdKind::Table: draw_table(b, index, ctx); break;
    }
}

} // namespace

std::string draw_markdown(const std::vector<MdBlock>& blocks, const Fonts& fonts,
                          const MarkdownColors& colors)
{
    Ctx ctx{fonts, colors, {}};
    const float step = ImGui::GetStyle().IndentSpacing;
    for (size_t i = 0; i < blocks.size(); ++i) {
        const MdBlock& b = blocks[i];
        // Blocks inside list items line up under the items' text; quotes get a bar at the left.
        const bool in_item = b.kind != MdKind::Bullet && b.kind != MdKind::Numbered;
        const float indent = (in_item ? float(b.depth) : 0.0f) * step + float(b.quote) * step;
        if (indent > 0.0f) ImGui::Indent(indent);
        const float top = ImGui::GetCursorScreenPos().y;
        draw_block(b, i, ctx);
        if (b.quote > 0) {
            const float x = ImGui::GetCursorScreenPos().x - step * 0.5f;
            ImGui::GetWindowDrawList()->AddLine(
                ImVec2(x, top), ImVec2(x, ImGui::GetCursorScreenPos().y),
                ImGui::GetColorU32(ImGuiCol_TextDisabled), std::max(2.0f, step * 0.15f));
        }
        if (indent > 0.0f) ImGui::Unindent(indent);
    }
    return ctx.clicked;
}

} // namespace wirelab::web
