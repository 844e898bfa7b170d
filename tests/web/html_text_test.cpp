// The page view's renderer: HTML in, the lines a text browser (lynx -dump) would show out.
// Each fixture pins the whole rendering, so a change in layout shows up as a diff here.
#include "web/model/html_text.h"

#include <catch2/catch.hpp>

using wirelab::app::decode_entities;
using wirelab::app::render_html;
using wirelab::app::TextLineKind;

TEST_CASE("html_text: the hello-world page is its paragraph", "[app][html_text]")
{
    auto page = render_html("<p>Hello, World!</p>");
    CHECK(page.title.empty());
    CHECK(page.to_string() == "Hello, World!\n");
}

TEST_CASE("html_text: title, headings, paragraphs, entities", "[app][html_text]")
{
    auto page = render_html(R"(<!DOCTYPE html>
<html><head><title> Wirelab
  home </title><meta charset="utf-8">
<style>p { color: red }</style><script>document.write("<p>no</p>")</script></head>
<body><h1>Welcome</h1><!-- a comment <p>hidden</p> -->
<p>Fish &amp; chips &lt;3 &#65;&#x42; caf&eacute; &bogus; x</p>
<p>second
   paragraph</p></body></html>)");
    CHECK(page.title == "Wirelab home");
    CHECK(page.to_string() == "Wirelab home\n\n"
                              "Welcome\n"
                              "\n"
                              "Fish & chips <3 AB caf\xC3\xA9 &bogus; x\n"
                              "\n"
                              "second paragraph\n");
    REQUIRE(!page.lines.empty());
    CHECK(page.lines[0].kind == TextLineKind::Heading);
    CHECK(page.lines[2].kind == TextLineKind::Body);
}

TEST_CASE("html_text: lists, nested lists and line breaks", "[app][html_text]")
{
    auto page = render_html("<p>one<br>two<br><br>three</p>"
                            "<ul><li>apple<li>pear<ol><li>first</li><li>second</li></ol></li></ul>"
                            "<p>after</p>");
    CHECK(page.to_string() == "one\n"
                              "two\n"
                              "\n"
                              "three\n"
                              "\n"
                              "  * apple\n"
                              "  * pear\n"
                              "     1. first\n"
                              "     2. second\n"
                              "\n"
                              "after\n");
}

TEST_CASE("html_text: <pre> keeps spaces and newlines", "[app][html_text]")
{
    auto page = render_html("<pre>\nif (x)\n    y  =  1;\n</pre><p>a   b</p>");
    CHECK(page.to_string() == "if (x)\n    y  =  1;\n\na b\n");
    REQUIRE(page.lines.size() >= 2);
    CHECK(page.lines[1].kind == TextLineKind::Pre);
}

TEST_CASE("html_text: links are numbered and listed as references", "[app][html_text]")
{
    auto page = render_html(
        R"(<p>See <a href="/docs/">the docs</a> or <a href='http://www.lab/a?x=1&amp;y=2'>this</a>.
<a name="anchor-only">no href</a></p>)");
    CHECK(page.links == std::vector<std::string>{"/docs/", "http://www.lab/a?x=1&y=2"});
    CHECK(page.to_string() == "See [1]the docs or [2]this. no href\n"
                              "\n"
                              "References\n\n"
                              "   1. /docs/\n"
                              "   2. http://www.lab/a?x=1&y=2\n");
    // The label is one clickable span carrying its link's index.
    REQUIRE(page.lines.size() == 1);
    const auto& spans = page.lines[0].spans;
    REQUIRE(spans.size() >= 4);
    CHECK(spans[0].text == "See ");
    CHECK(spans[0].link == -1);
    CHECK(spans[1].text == "[1]the docs");
    CHECK(spans[1].link == 0);
    CHECK(spans[3].text == "[2]this");
    CHECK(spans[3].link == 1);
}

TEST_CASE("html_text: long paragraphs wrap at the width", "[app][html_text]")
{
    auto page = render_html("<p>aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii</p>", 20);
    CHECK(page.to_string() == "aaaa bbbb cccc dddd\neeee ffff gggg hhhh\niiii\n");
}

TEST_CASE("html_text: broken markup still renders", "[app][html_text]")
{
    CHECK(render_html("a < b and <p>c").to_string() == "a < b and\n\nc\n");
    CHECK(render_html("<p>unterminated <a href=\"x").to_string() == "unterminated\n");
    CHECK(render_html("<script>never closed <p>x</p>").to_string().empty());
    CHECK(render_html("").to_string().empty());
    CHECK(render_html("<p>&#0; &#x110000; &#xZZ;</p>").to_string() ==
          "\xEF\xBF\xBD \xEF\xBF\xBD &#xZZ;\n");
}

TEST_CASE("html_text: decode_entities", "[app][html_text]")
{
    CHECK(decode_entities("&lt;p&gt; &quot;q&quot; &apos;a&apos; &amp;amp;") ==
          "<p> \"q\" 'a' &amp;");
    CHECK(decode_entities("no entity & here") == "no entity & here");
    CHECK(decode_entities("&nbsp;") == "\xC2\xA0");
}
