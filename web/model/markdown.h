// Lab instructions' Markdown (sim/LAB_FORMAT.md) as a UI-free document the lab panel draws with
// ImGui: GitHub-flavoured Markdown (CommonMark + tables, strikethrough, task lists, autolinks)
// parsed by md4c 0.5.2 (Debian's source package, .ci/fetch-md4c.sh). Raw HTML is shown as text
// (MD_FLAG_NOHTML): a lab cannot inject markup. markdown.cpp is the only file that includes
// md4c.h. Plain C++ (no ImGui), tested in tests/web/markdown_test.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::web {

// Inline styles, combinable ("***x***" is Bold | Italic).
enum MdStyle : uint8_t {
    MdPlain = 0,
    MdBold = 1 << 0,
    MdItalic = 1 << 1,
    MdCode = 1 << 2,   // `code`
    MdStrike = 1 << 3, // ~~struck~~
};

// A piece of text in one style. `link`: the target of the link it belongs to (empty if none).
struct MdRun {
    std::string text;
    uint8_t style = MdPlain;
    std::string link;
};

enum class MdAlign : uint8_t { Default, Left, Center, Right };

struct MdCell {
    std::vector<MdRun> runs;
};

enum class MdKind { Heading, Paragraph, Bullet, Numbered, Code, Rule, Table };

// One block, flattened: list items and block quotes are not containers but depths, so the view
// draws a flat vector top to bottom.
struct MdBlock {
    MdKind kind = MdKind::Paragraph;
    int level = 0; // Heading: 1-6; Bullet/Numbered: nesting depth (0 = top)
    int depth = 0; // other blocks: how many list items they sit in (a list item's 2nd paragraph)
    int quote = 0; // how many block quotes ("> ") the block sits in
    std::string marker;         // Numbered: "1." / "3)"; task items: "[ ]" / "[x]"
    std::vector<MdRun> runs;    // inline content (Code: one run, the lines verbatim, '\n'-joined)
    std::vector<MdAlign> align; // Table: one per column
    std::vector<std::vector<MdCell>> rows; // Table: rows of cells
    int head_rows = 0;                     // Table: the first head_rows rows are the header

    // The runs' text without styles (soft line breaks are spaces).
    std::string text() const;
};

// Parses Markdown into blocks. Never fails: anything md4c does not recognise is text.
std::vector<MdBlock> parse_markdown(std::string_view text);

// The text of runs, styles dropped.
std::string plain_text(const std::vector<MdRun>& runs);

} // namespace wirelab::web
