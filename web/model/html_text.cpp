// [SECTION] index: entities · tags · layout · render
#include "web/model/html_text.h"

#include "core/base/text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <utility>

namespace wirelab::app {
namespace {

// [SECTION] entities

std::optional<uint32_t> named_entity(std::string_view name)
{
    static const std::pair<std::string_view, uint32_t> kNames[] = {
        {"amp", '&'},       {"lt", '<'},     {"gt", '>'},      {"quot", '"'},     {"apos", '\''},
        {"nbsp", 0xA0},     {"copy", 0xA9},  {"reg", 0xAE},    {"mdash", 0x2014}, {"ndash", 0x2013},
        {"hellip", 0x2026}, {"laquo", 0xAB}, {"raquo", 0xBB},  {"euro", 0x20AC},  {"eacute", 0xE9},
        {"middot", 0xB7},   {"times", 0xD7}, {"larr", 0x2190}, {"rarr", 0x2192},  {"harr", 0x2194},
        {"le", 0x2264},     {"ge", 0x2265}};
    for (const auto& [n, cp] : kNames)
        if (n == name) return cp;
    return std::nullopt;
}

std::optional<uint32_t> numeric_entity(std::string_view digits)
{
    int base = 10;
    if (!digits.empty() && (digits[0] == 'x' || digits[0] == 'X')) {
        base = 16;
        digits.remove_prefix(1);
    }
    if (digits.empty() || digits.size() > 8) return std::nullopt;
    uint32_t v = 0;
    for (char c : digits) {
        int d = c >= '0' && c <= '9'                 ? c - '0'
                : base == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : base == 16 && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                     : -1;
        if (d < 0) return std::nullopt;
        v = v * uint32_t(base) + uint32_t(d);
    }
    return v;
}

// [SECTION] tags

struct Tag {
    std::string name; // lower case, without '/'
    bool is_end = false;
    std::string href;
};

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Parses the tag in `t` (the text between '<' and '>'); only href matters to a text browser.
Tag parse_tag(std::string_view t)
{
    Tag tag;
    if (!t.empty() && t[0] == '/') {
        tag.is_end = true;
        t.remove_prefix(1);
    }
    size_t i = 0;
    while (i < t.size() && !is_space(t[i]) && t[i] != '/') ++i;
    tag.name = ascii_lower(t.substr(0, i));
    while (i < t.size()) {
        while (i < t.size() && (is_space(t[i]) || t[i] == '/')) ++i;
        size_t n = i;
        while (i < t.size() && !is_space(t[i]) && t[i] != '=' && t[i] != '/') ++i;
        std::string name = ascii_lower(t.substr(n, i - n));
        while (i < t.size() && is_space(t[i])) ++i;
        std::string value;
        if (i < t.size() && t[i] == '=') {
            ++i;
            while (i < t.size() && is_space(t[i])) ++i;
            char q = i < t.size() ? t[i] : 0;
            size_t v = (q == '"' || q == '\'') ? ++i : i;
            while (i < t.size() && (q == '"' || q == '\'' ? t[i] != q : !is_space(t[i]))) ++i;
            value = std::string(t.substr(v, i - v));
            if (i < t.size() && (q == '"' || q == '\'')) ++i;
        }
        if (name == "href") tag.href = decode_entities(value);
        if (name.empty() && i < t.size()) ++i; // a stray character: skip it
    }
    return tag;
}

bool is_block(std::string_view n)
{
    static const std::string_view kBlocks[] = {
        "p",       "div",    "h1",     "h2",      "h3",         "h4",    "h5", "h6",
        "ul",      "ol",     "li",     "pre",     "blockquote", "table", "tr", "section",
        "article", "header", "footer", "nav",     "main",       "form",  "dl", "dt",
        "dd",      "body",   "html",   "address", "figure"};
    return std::find(std::begin(kBlocks), std::end(kBlocks), n) != std::end(kBlocks);
}

bool is_heading(std::string_view n)
{
    return n.size() == 2 && n[0] == 'h' && n[1] >= '1' && n[1] <= '6';
}

// [SECTION] layout

class Layout {
public:
    explicit Layout(size_t width) : m_width(std::max<size_t>(width, 20)) {}

    void text(std::string_view s)
    {
        if (m_pre) return pre_text(s);
        for (size_t i = 0; i < s.size();) {
            if (is_space(s[i])) {
                m_space = true;
                ++i;
                continue;
            }
            size_t j = i;
            while (j < s.size() && !is_space(s[j])) ++j;
            word(std::string(s.substr(i, j - i)));
            i = j;
        }
    }

    // Ends the current line; `blank` asks for an empty line before what follows.
    void block(bool blank)
    {
        end_line();
        if (blank && !m_page.lines.empty()) m_blank = true;
    }

    void line_break()
    {
        if (m_line.spans.empty()) m_page.lines.push_back(TextLine{}); // <br><br>: an empty line
        end_line();
    }

    void rule()
    {
        block(false);
        m_page.lines.push_back(TextLine{TextLineKind::Rule, {{std::string(m_width, '_'), -1}}});
    }

    void set_kind(TextLineKind k) { m_kind = k; }
    void set_pre(bool on) { m_pre = m_pre_start = on; }
    void set_indent(size_t n) { m_indent = n; }
    void set_link(int link) { m_link = link; }
    // Text put at the start of the next line (a list bullet), outside the indent.
    void set_marker(std::string m) { m_marker = std::move(m); }

    TextPage finish()
    {
        end_line();
        return std::move(m_page);
    }
    TextPage& page() { return m_page; }

private:
    void word(std::string w)
    {
        size_t len = w.size(); // bytes; good enough for wrapping mostly-ASCII pages
        if (!m_line.spans.empty() && m_col + (m_space ? 1 : 0) + len > m_width) end_line();
        if (m_line.spans.empty())
            start_line();
        else if (m_space)
            put(" ", m_link_of_space());
        put(w, m_link);
        m_space = false;
    }

    // The space between two words of one link belongs to the link (one clickable label).
    int m_link_of_space() const
    {
        return !m_line.spans.empty() && m_line.spans.back().link == m_link ? m_link : -1;
    }

    void pre_text(std::string_view s)
    {
        for (char c : s) {
            // A newline right after <pre> is not content (HTML's "pre" parsing rule).
            bool first = std::exchange(m_pre_start, false);
            if (c == '\r' || (c == '\n' && first)) continue;
            if (c == '\n') {
                if (m_line.spans.empty()) start_line();
                end_line();
                continue;
            }
            if (m_line.spans.empty()) start_line();
            put(std::string(1, c), m_link);
        }
    }

    void start_line()
    {
        if (m_blank) m_page.lines.push_back(TextLine{});
        m_blank = false;
        m_line.kind = m_pre ? TextLineKind::Pre : m_kind;
        std::string lead(m_indent, ' ');
        if (!m_marker.empty()) {
            size_t pad = m_indent > m_marker.size() ? m_indent - m_marker.size() : 0;
            lead = std::string(pad, ' ') + m_marker;
            m_marker.clear();
        }
        m_col = 0;
        if (!lead.empty()) put(lead, -1);
        m_space = false;
    }

    void put(const std::string& s, int link)
    {
        if (!m_line.spans.empty() && m_line.spans.back().link == link)
            m_line.spans.back().text += s;
        else
            m_line.spans.push_back({s, link});
        m_col += s.size();
    }

    void end_line()
    {
        if (!m_line.spans.empty()) m_page.lines.push_back(std::move(m_line));
        m_line = TextLine{};
        m_col = 0;
        m_space = false;
    }

    size_t m_width;
    TextPage m_page;
    TextLine m_line;
    size_t m_col = 0, m_indent = 0;
    bool m_space = false, m_blank = false, m_pre = false, m_pre_start = false;
    TextLineKind m_kind = TextLineKind::Body;
    int m_link = -1;
    std::string m_marker;
};

// [SECTION] render

class Renderer {
public:
    explicit Renderer(size_t width) : m_out(width) {}

    TextPage run(std::string_view html)
    {
        for (size_t i = 0; i < html.size();) {
            if (html[i] != '<') {
                size_t j = html.find('<', i);
                if (j == std::string_view::npos) j = html.size();
                on_text(decode_entities(html.substr(i, j - i)));
                i = j;
                continue;
            }
            i = markup(html, i);
        }
        TextPage page = m_out.finish();
        page.title = m_title;
        return page;
    }

private:
    // Handles the markup at html[i] ('<'); returns where the text resumes.
    size_t markup(std::string_view html, size_t i)
    {
        if (html.substr(i, 4) == "<!--") {
            size_t end = html.find("-->", i + 4);
            return end == std::string_view::npos ? html.size() : end + 3;
        }
        size_t end = html.find('>', i);
        if (end == std::string_view::npos) return html.size();
        std::string_view inner = html.substr(i + 1, end - i - 1);
        bool is_tag = !inner.empty() && (std::isalpha(uint8_t(inner[0])) || inner[0] == '/');
        if (!is_tag) {
            if (!inner.empty() && (inner[0] == '!' || inner[0] == '?')) return end + 1;
            on_text("<"); // a lone '<' is text, as in browsers
            return i + 1;
        }
        Tag tag = parse_tag(inner);
        if (!tag.is_end &&
            (tag.name == "script" || tag.name == "style" || tag.name == "template")) {
            // Raw text: everything up to the matching end tag is dropped.
            std::string close = "</" + tag.name;
            size_t stop = ascii_lower(html.substr(end + 1)).find(close);
            if (stop == std::string::npos) return html.size();
            size_t after = html.find('>', end + 1 + stop);
            return after == std::string_view::npos ? html.size() : after + 1;
        }
        on_tag(tag);
        return end + 1;
    }

    void on_text(const std::string& s)
    {
        if (m_in_title) {
            m_title += s;
            return;
        }
        m_out.text(s);
    }

    void on_tag(const Tag& t)
    {
        if (t.name == "title") {
            m_in_title = !t.is_end;
            if (t.is_end) m_title = collapse(m_title);
            return;
        }
        if (t.name == "br") return m_out.line_break();
        if (t.name == "hr") return m_out.rule();
        if (t.name == "a") return on_link(t);
        if (t.name == "ul" || t.name == "ol") return on_list(t);
        if (t.name == "li" && !t.is_end) return on_item();
        if (t.name == "td" || t.name == "th") return m_out.text(" ");
        if (!is_block(t.name)) return;
        bool blank = t.name == "p" || is_heading(t.name) || t.name == "pre" ||
                     t.name == "blockquote" || t.name == "table";
        m_out.block(blank);
        if (is_heading(t.name))
            m_out.set_kind(t.is_end ? TextLineKind::Body : TextLineKind::Heading);
        if (t.name == "pre") m_out.set_pre(!t.is_end);
        if (t.name == "blockquote") {
            m_quote += t.is_end ? (m_quote > 0 ? -1 : 0) : 1;
            indent();
        }
    }

    void on_link(const Tag& t)
    {
        if (t.is_end) {
            m_out.set_link(-1);
            return;
        }
        if (t.href.empty()) return;
        TextPage& page = m_out.page();
        page.links.push_back(t.href);
        int n = int(page.links.size());
        // lynx puts the number before the label: "[1]Next page".
        m_out.set_link(n - 1);
        m_out.text("[" + std::to_string(n) + "]");
    }

    void on_list(const Tag& t)
    {
        m_out.block(m_lists.empty());
        if (t.is_end) {
            if (!m_lists.empty()) m_lists.pop_back();
        } else {
            m_lists.push_back(t.name == "ol" ? 1 : 0);
        }
        indent();
    }

    void on_item()
    {
        m_out.block(false);
        if (m_lists.empty()) m_lists.push_back(0); // <li> outside a list: a bullet anyway
        int& n = m_lists.back();
        m_out.set_marker(n > 0 ? std::to_string(n++) + ". " : "* ");
    }

    void indent() { m_out.set_indent(m_lists.size() * 4 + size_t(m_quote) * 4); }

    static std::string collapse(const std::string& s)
    {
        std::string r;
        bool space = false;
        for (char c : s) {
            if (is_space(c)) {
                space = !r.empty();
                continue;
            }
            if (space) r += ' ';
            space = false;
            r += c;
        }
        return r;
    }

    Layout m_out;
    std::string m_title;
    bool m_in_title = false;
    std::vector<int> m_lists; // per open list: next number (ol) or 0 (ul)
    int m_quote = 0;
};

} // namespace

std::string decode_entities(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        size_t semi = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
        if (semi == std::string_view::npos || semi - i > 10) {
            out += text[i++];
            continue;
        }
        std::string_view name = text.substr(i + 1, semi - i - 1);
        std::optional<uint32_t> cp =
            !name.empty() && name[0] == '#' ? numeric_entity(name.substr(1)) : named_entity(name);
        if (!cp) {
            out += text[i++];
            continue;
        }
        append_utf8(out, *cp);
        i = semi + 1;
    }
    return out;
}

std::string TextLine::text() const
{
    std::string s;
    for (const TextSpan& sp : spans) s += sp.text;
    return s;
}

std::string TextPage::to_string() const
{
    std::string s;
    if (!title.empty()) s += title + "\n\n";
    for (const TextLine& l : lines) s += l.text() + "\n";
    if (!links.empty()) {
        s += "\nReferences\n\n";
        for (size_t i = 0; i < links.size(); ++i)
            s += std::string(i + 1 < 10 ? "   " : "  ") + std::to_string(i + 1) + ". " + links[i] +
                 "\n";
    }
    return s;
}

TextPage render_html(std::string_view html, size_t width)
{
    return Renderer(width).run(html);
}

} // namespace wirelab::app
