// Lab instructions' Markdown (web/model/markdown.h): md4c's parse flattened into blocks.
#include "web/model/markdown.h"

#include <catch2/catch.hpp>

using namespace wirelab::web;

namespace {

// The first block's text (the old strip_inline's contract: markup removed, text kept).
std::string first_text(std::string_view md)
{
    const auto b = parse_markdown(md);
    return b.empty() ? std::string("<no block>") : b[0].text();
}

} // namespace

TEST_CASE("markdown: headings, paragraphs joined, lists, code fences", "[web][markdown]")
{
    const auto b = parse_markdown("# Your subnet: 10.1.2.0/26\n"
                                  "\n"
                                  "Your LAN is **10.1.2.0/26**. In CIDR\n"
                                  "notation, `/26` says...\n"
                                  "\n"
                                  "1. Work out the netmask.\n"
                                  "2. Give *pc1* the first address\n"
                                  "   with its prefix length.\n"
                                  "- a bullet\n"
                                  "  - nested\n"
                                  "```\n"
                                  "ping -c 2 10.1.2.1\n"
                                  "  indented stays\n"
                                  "```\n"
                                  "## Then\n");
    REQUIRE(b.size() == 8);
    CHECK(b[0].kind == MdKind::Heading);
    CHECK(b[0].level == 1);
    CHECK(b[0].text() == "Your subnet: 10.1.2.0/26");
    CHECK(b[1].kind == MdKind::Paragraph);
    CHECK(b[1].text() == "Your LAN is 10.1.2.0/26. In CIDR notation, /26 says...");
    CHECK(b[2].kind == MdKind::Numbered);
    CHECK(b[2].marker == "1.");
    CHECK(b[3].marker == "2.");
    CHECK(b[3].text() == "Give pc1 the first address with its prefix length.");
    CHECK(b[4].kind == MdKind::Bullet);
    CHECK(b[4].level == 0);
    CHECK(b[5].kind == MdKind::Bullet);
    CHECK(b[5].level == 1);
    CHECK(b[5].text() == "nested");
    CHECK(b[6].kind == MdKind::Code);
    CHECK(b[6].text() == "ping -c 2 10.1.2.1\n  indented stays");
    CHECK(b[7].kind == MdKind::Heading);
    CHECK(b[7].level == 2);
}

TEST_CASE("markdown: inline styles become runs", "[web][markdown]")
{
    const auto b = parse_markdown("**r1** uses the *last* address, `ping` and ***both***");
    REQUIRE(b.size() == 1);
    const std::vector<MdRun>& r = b[0].runs;
    REQUIRE(r.size() == 7);
    CHECK(r[0].text == "r1");
    CHECK(r[0].style == MdBold);
    CHECK(r[1].text == " uses the ");
    CHECK(r[1].style == MdPlain);
    CHECK(r[2].text == "last");
    CHECK(r[2].style == MdItalic);
    CHECK(r[4].text == "ping");
    CHECK(r[4].style == MdCode);
    CHECK(r[6].text == "both");
    CHECK(r[6].style == (MdBold | MdItalic));
    CHECK(parse_markdown("~~old~~")[0].runs[0].style == MdStrike);
}

TEST_CASE("markdown: markup removed from text, operators and snake_case kept", "[web][markdown]")
{
    CHECK(first_text("**r1** uses the *last* address") == "r1 uses the last address");
    CHECK(first_text("2 * 3 = 6") == "2 * 3 = 6");
    CHECK(first_text("output_matches and `a*b`") == "output_matches and a*b");
    CHECK(first_text("\\*literal\\*") == "*literal*");
    CHECK(first_text("unclosed `tick") == "unclosed `tick");
    CHECK(parse_markdown("#not a heading")[0].kind == MdKind::Paragraph);
    CHECK(parse_markdown("").empty());
    CHECK(parse_markdown("```\nunterminated")[0].text() == "unterminated");
    CHECK(first_text("a &amp; b &#233; &#x2192; &bogus;") == "a & b \xC3\xA9 \xE2\x86\x92 &bogus;");
    CHECK(first_text("hard  \nbreak") == "hard\nbreak");
}

TEST_CASE("markdown: raw HTML is shown as text", "[web][markdown]")
{
    // MD_FLAG_NOHTML: neither an HTML block nor an inline tag is markup.
    CHECK(first_text("<script>alert(1)</script>") == "<script>alert(1)</script>");
    CHECK(first_text("a <b>bold</b> word") == "a <b>bold</b> word");
    const auto b = parse_markdown("<div>\n*x*\n</div>");
    REQUIRE(b.size() == 1);
    CHECK(b[0].kind == MdKind::Paragraph);
    CHECK(b[0].text() == "<div> x </div>");
}

TEST_CASE("markdown: links keep their target", "[web][markdown]")
{
    const auto b = parse_markdown("See [the notes](https://example.org/a?b=1&amp;c) or "
                                  "https://example.org/x.");
    REQUIRE(b.size() == 1);
    const std::vector<MdRun>& r = b[0].runs;
    REQUIRE(r.size() >= 4);
    CHECK(r[1].text == "the notes");
    CHECK(r[1].link == "https://example.org/a?b=1&c");
    CHECK(r[0].link.empty());
    CHECK(r[3].text == "https://example.org/x"); // a GitHub autolink
    CHECK(r[3].link == "https://example.org/x");
}

TEST_CASE("markdown: list numbering, loose items, tasks, quotes", "[web][markdown]")
{
    const auto b = parse_markdown("3) third\n"
                                  "4) fourth\n"
                                  "\n"
                                  "   more about the fourth\n"
                                  "\n"
                                  "- [x] done\n"
                                  "- [ ] to do\n"
                                  "\n"
                                  "> quoted **text**\n"
                                  "\n"
                                  "---\n");
    REQUIRE(b.size() == 7);
    CHECK(b[0].marker == "3)");
    CHECK(b[1].marker == "4)");
    CHECK(b[1].text() == "fourth"); // a loose item's first paragraph is the item's text
    CHECK(b[2].kind == MdKind::Paragraph);
    CHECK(b[2].depth == 1); // its second paragraph sits inside the item
    CHECK(b[2].text() == "more about the fourth");
    CHECK(b[3].kind == MdKind::Bullet);
    CHECK(b[3].marker == "[x]");
    CHECK(b[4].marker == "[ ]");
    CHECK(b[4].text() == "to do");
    CHECK(b[5].kind == MdKind::Paragraph);
    CHECK(b[5].quote == 1);
    CHECK(b[5].text() == "quoted text");
    CHECK(b[6].kind == MdKind::Rule);
}

TEST_CASE("markdown: tables with header, cells, alignment and inline styles", "[web][markdown]")
{
    const auto b = parse_markdown("| host | address |\n"
                                  "|:-----|--------:|\n"
                                  "| **pc1** | `10.0.0.2` |\n"
                                  "| pc2 | |\n");
    REQUIRE(b.size() == 1);
    const MdBlock& t = b[0];
    CHECK(t.kind == MdKind::Table);
    CHECK(t.head_rows == 1);
    REQUIRE(t.align.size() == 2);
    CHECK(t.align[0] == MdAlign::Left);
    CHECK(t.align[1] == MdAlign::Right);
    REQUIRE(t.rows.size() == 3);
    CHECK(plain_text(t.rows[0][1].runs) == "address");
    REQUIRE(t.rows[1].size() == 2);
    CHECK(t.rows[1][0].runs[0].style == MdBold);
    CHECK(t.rows[1][1].runs[0].text == "10.0.0.2");
    CHECK(t.rows[1][1].runs[0].style == MdCode);
    REQUIRE(t.rows[2].size() == 2);
    CHECK(t.rows[2][1].runs.empty());
}
