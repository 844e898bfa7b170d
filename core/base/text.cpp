#include "core/base/text.h"

#include <algorithm>

namespace wirelab {

bool parse_uint(std::string_view text, uint64_t max, uint64_t& out)
{
    if (text.empty() || text.size() > 19) return false;
    uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + uint64_t(c - '0');
    }
    if (v > max) return false;
    out = v;
    return true;
}

bool parse_port(std::string_view text, uint16_t& out)
{
    uint64_t n = 0;
    if (!parse_uint(text, 65535, n) || n == 0) return false;
    out = uint16_t(n);
    return true;
}

// [SECTION] case

std::string ascii_lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

std::string ascii_upper(std::string_view s)
{
    std::string out(s);
    for (char& c : out) c = ascii_upper(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

// [SECTION] trimming

std::string_view ltrim(std::string_view s, std::string_view chars)
{
    size_t b = s.find_first_not_of(chars);
    return b == std::string_view::npos ? s.substr(s.size()) : s.substr(b);
}

std::string_view rtrim(std::string_view s, std::string_view chars)
{
    size_t e = s.find_last_not_of(chars);
    return e == std::string_view::npos ? s.substr(0, 0) : s.substr(0, e + 1);
}

std::string_view trim(std::string_view s, std::string_view chars)
{
    return rtrim(ltrim(s, chars), chars);
}

// [SECTION] splitting

std::vector<std::string_view> split(std::string_view text, char sep)
{
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (;;) {
        size_t at = text.find(sep, start);
        if (at == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, at - start));
        start = at + 1;
    }
}

std::vector<std::string_view> split_any(std::string_view text, std::string_view seps)
{
    std::vector<std::string_view> parts;
    size_t at = text.find_first_not_of(seps);
    while (at != std::string_view::npos) {
        size_t end = text.find_first_of(seps, at);
        if (end == std::string_view::npos) end = text.size();
        parts.push_back(text.substr(at, end - at));
        at = text.find_first_not_of(seps, end);
    }
    return parts;
}

// [SECTION] "did you mean"

namespace {

template <class Eq>
size_t osa_distance(std::string_view a, std::string_view b, Eq eq)
{
    // Three rows of the (|a|+1) x (|b|+1) table: i-2, i-1 and i.
    std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t cost = eq(a[i - 1], b[j - 1]) ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && eq(a[i - 1], b[j - 2]) && eq(a[i - 2], b[j - 1]))
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        prev2.swap(prev);
        prev.swap(cur);
    }
    return prev[b.size()];
}

} // namespace

size_t edit_distance(std::string_view a, std::string_view b)
{
    return osa_distance(a, b, [](char x, char y) { return x == y; });
}

size_t iedit_distance(std::string_view a, std::string_view b)
{
    return osa_distance(a, b, [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

void append_utf8(std::string& out, uint32_t cp)
{
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

} // namespace wirelab
