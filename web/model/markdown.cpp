// Lab instructions' Markdown subset: blocks and inline markup.
#include "web/model/markdown.h"

namespace wirelab::web {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

size_t indent_of(std::string_view line)
{
    size_t n = 0;
    while (n < line.size() && line[n] == ' ') ++n;
    return n;
}

// "# Title" -> level 1 (CommonMark: 1-6 '#', then a space or the end of the line).
int heading_level(std::string_view s)
{
    size_t n = 0;
    while (n < s.size() && s[n] == '#') ++n;
    if (n == 0 || n > 6 || (n < s.size() && s[n] != ' ')) return 0;
    return int(n);
}

// "- item", "* item", "+ item": the length of the marker with its space, or 0.
size_t bullet_marker(std::string_view s)
{
    return s.size() >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ' ? 2 : 0;
}

// "12. item" or "3) item": the length of the marker with its space, or 0.
size_t number_marker(std::string_view s)
{
    size_t n = 0;
    while (n < s.size() && n < 9 && s[n] >= '0' && s[n] <= '9') ++n;
    if (n == 0 || n + 1 >= s.size() || (s[n] != '.' && s[n] != ')') || s[n + 1] != ' ') return 0;
    return n + 2;
}

bool is_fence(std::string_view s)
{
    return s.substr(0, 3) == "```" || s.substr(0, 3) == "~~~";
}

} // namespace

std::string strip_inline(std::string_view t)
{
    std::string out;
    for (size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '\\' && i + 1 < t.size() &&
            std::string_view("\\`*_#-+.![]()").find(t[i + 1]) != std::string_view::npos) {
            out += t[++i];
        } else if (c == '`') {
            const size_t end = t.find('`', i + 1);
            if (end == std::string_view::npos) {
                out += c;
                continue;
            }
            out.append(t.substr(i + 1, end - i - 1)); // code spans keep their text verbatim
            i = end;
        } else if (c == '*' || c == '_') {
            // Emphasis markers touch a word; a '*' between spaces is an operator.
            const bool opens = i + 1 < t.size() && t[i + 1] != ' ';
            const bool closes = i > 0 && t[i - 1] != ' ';
            const bool in_word = c == '_' && opens && closes; // snake_case stays
            if ((!opens && !closes) || in_word) out += c;
        } else {
            out += c;
        }
    }
    return out;
}

std::vector<MdBlock> parse_markdown(std::string_view text)
{
    std::vector<MdBlock> blocks;
    bool open = false; // the last block still takes continuation lines
    bool in_code = false;
    size_t pos = 0;
    while (pos <= text.size()) {
        const size_t nl = text.find('\n', pos);
        std::string_view raw =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        const std::string_view line = trim(raw);
        if (in_code) {
            if (is_fence(line)) {
                in_code = false;
                continue;
            }
            MdBlock& b = blocks.back();
            b.text += (b.text.empty() ? "" : "\n") + std::string(raw);
            continue;
        }
        if (is_fence(line)) {
            blocks.push_back({MdKind::Code, 0, "", ""});
            in_code = true;
            open = false;
            continue;
        }
        if (line.empty()) {
            open = false;
            continue;
        }
        const int depth = int(indent_of(raw) / 2);
        if (const int h = heading_level(line)) {
            blocks.push_back({MdKind::Heading, h, "", strip_inline(trim(line.substr(size_t(h))))});
            open = false;
        } else if (const size_t b = bullet_marker(line)) {
            blocks.push_back({MdKind::Bullet, depth, "", strip_inline(line.substr(b))});
            open = true;
        } else if (const size_t n = number_marker(line)) {
            blocks.push_back({MdKind::Numbered, depth, std::string(line.substr(0, n - 1)),
                              strip_inline(line.substr(n))});
            open = true;
        } else if (open) {
            blocks.back().text += " " + strip_inline(line);
        } else {
            blocks.push_back({MdKind::Paragraph, 0, "", strip_inline(line)});
            open = true;
        }
    }
    return blocks;
}

} // namespace wirelab::web
