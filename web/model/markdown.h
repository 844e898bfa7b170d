// The small Markdown subset lab instructions are written in (sim/LAB_FORMAT.md): ATX headings,
// paragraphs, bullet and numbered lists, fenced code blocks, and inline **bold**, *emphasis* and
// `code`. Parsed into blocks the lab panel draws with ImGui; anything else is shown as text.
// Plain C++ (no ImGui), tested in tests/web/markdown_test.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wirelab::web {

enum class MdKind { Heading, Paragraph, Bullet, Numbered, Code };

struct MdBlock {
    MdKind kind = MdKind::Paragraph;
    int level = 0;      // Heading: 1-6; Bullet/Numbered: nesting depth (0 = top)
    std::string marker; // Numbered: "1."
    std::string text;   // inline markup removed (Code: the lines verbatim, '\n'-joined)
};

// Splits Markdown into blocks. Lines of one paragraph or list item are joined with spaces.
std::vector<MdBlock> parse_markdown(std::string_view text);

// Removes inline markup: "**pc1**" -> "pc1", "`ping`" -> "ping", "*last*" -> "last", "\*" -> "*".
// A lone '*' (as in "2 * 3") is kept.
std::string strip_inline(std::string_view text);

} // namespace wirelab::web
