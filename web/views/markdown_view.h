// Draws web/model/markdown.h's blocks with ImGui: headings, paragraphs that wrap at words across
// styled runs, bullet/numbered/task lists with hanging indents, block quotes with a bar, code
// blocks, rules and tables (ImGui tables). Inline **bold** and *italics* are drawn with the one
// DejaVu Sans the app loads (a second, offset pass for bold; sheared glyph quads for italics), so
// no extra font is embedded in the wasm; `code` is DejaVu Sans Mono on a tinted background.
#pragma once

#include "web/model/markdown.h"
#include "web/views/theme.h"

#include <string>
#include <vector>

namespace wirelab::web {

struct MarkdownColors {
    ImVec4 heading;
    ImVec4 code;
    ImVec4 link;
};

// Draws `blocks` at the cursor, wrapping at the window's (or table cell's) right edge. Returns
// the target of the link clicked this frame, or "" if none was.
std::string draw_markdown(const std::vector<MdBlock>& blocks, const Fonts& fonts,
                          const MarkdownColors& colors);

} // namespace wirelab::web
