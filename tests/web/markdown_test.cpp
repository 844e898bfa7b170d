// Lab instructions' Markdown subset (web/model/markdown.h).
#include "web/model/markdown.h"

#include <catch2/catch.hpp>

using namespace wirelab::web;

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
    CHECK(b[0].text == "Your subnet: 10.1.2.0/26");
    CHECK(b[1].kind == MdKind::Paragraph);
    CHECK(b[1].text == "Your LAN is 10.1.2.0/26. In CIDR notation, /26 says...");
    CHECK(b[2].kind == MdKind::Numbered);
    CHECK(b[2].marker == "1.");
    CHECK(b[3].text == "Give pc1 the first address with its prefix length.");
    CHECK(b[4].kind == MdKind::Bullet);
    CHECK(b[4].level == 0);
    CHECK(b[5].kind == MdKind::Bullet);
    CHECK(b[5].level == 1);
    CHECK(b[5].text == "nested");
    CHECK(b[6].kind == MdKind::Code);
    CHECK(b[6].text == "ping -c 2 10.1.2.1\n  indented stays");
    CHECK(b[7].kind == MdKind::Heading);
    CHECK(b[7].level == 2);
}

TEST_CASE("markdown: inline markup removed, operators and snake_case kept", "[web][markdown]")
{
    CHECK(strip_inline("**r1** uses the *last* address") == "r1 uses the last address");
    CHECK(strip_inline("2 * 3 = 6") == "2 * 3 = 6");
    CHECK(strip_inline("output_matches and `a*b`") == "output_matches and a*b");
    CHECK(strip_inline("\\*literal\\*") == "*literal*");
    CHECK(strip_inline("unclosed `tick") == "unclosed `tick");
    CHECK(parse_markdown("#not a heading")[0].kind == MdKind::Paragraph);
    CHECK(parse_markdown("").empty());
    CHECK(parse_markdown("```\nunterminated")[0].text == "unterminated");
}
