// HTML rendered as text, the way a text-mode browser (lynx) shows a page: the title apart,
// headings, paragraphs and list items as wrapped lines, <pre> kept as written, entities decoded,
// scripts and styles dropped, links numbered "[1]label" with their targets listed in order.
// The model of the browser app's page view (web/views/page_view.cpp); no ImGui here, so it is
// unit-tested (tests/web/html_text_test.cpp). Forgiving like every browser: any input renders.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wirelab::app {

struct TextSpan {
    std::string text;
    int link = -1; // index into TextPage::links, or -1
};

enum class TextLineKind { Body, Heading, Pre, Rule };

struct TextLine {
    TextLineKind kind = TextLineKind::Body;
    std::vector<TextSpan> spans;
    std::string text() const; // the spans joined
};

struct TextPage {
    std::string title;
    std::vector<TextLine> lines;
    std::vector<std::string> links; // href of link n+1, as written in the page

    // The page as plain text: lines, then lynx -dump's "References" list.
    std::string to_string() const;
};

// Renders `html` with body lines wrapped at `width` columns (at least 20).
TextPage render_html(std::string_view html, size_t width = 76);

// Decodes character references: &amp; &lt; &gt; &quot; &apos; &nbsp; (and a few common names),
// &#NNN; and &#xHH; (as UTF-8). Unknown ones stay as written, as browsers leave them.
std::string decode_entities(std::string_view text);

} // namespace wirelab::app
