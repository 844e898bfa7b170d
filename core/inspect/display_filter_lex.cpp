// Display filter lexer, field names with suggestions for typos, and literal helpers.
//
// [SECTION] Lexer
// [SECTION] Field names and suggestions
// [SECTION] Literals
#include "core/inspect/display_filter_lex.h"

#include "core/base/text.h"
#include "core/inspect/dissector.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace wirelab::wire::filter_detail {

// [SECTION] Lexer
namespace {

bool is_word_char(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' ||
           c == '/' || c == '-';
}

struct Keyword {
    std::string_view word;
    Tok kind;
    Op op;
};

constexpr Keyword kKeywords[] = {
    {"and", Tok::And, Op::Eq},
    {"or", Tok::Or, Op::Eq},
    {"xor", Tok::Xor, Op::Eq},
    {"not", Tok::Not, Op::Eq},
    {"contains", Tok::Contains, Op::Contains},
    {"in", Tok::In, Op::In},
    {"eq", Tok::Relation, Op::Eq},
    {"any_eq", Tok::Relation, Op::Eq},
    {"ne", Tok::Relation, Op::Ne},
    {"all_ne", Tok::Relation, Op::Ne},
    {"all_eq", Tok::Relation, Op::AllEq},
    {"any_ne", Tok::Relation, Op::AnyNe},
    {"lt", Tok::Relation, Op::Lt},
    {"le", Tok::Relation, Op::Le},
    {"gt", Tok::Relation, Op::Gt},
    {"ge", Tok::Relation, Op::Ge},
};

struct Symbol {
    std::string_view text;
    Tok kind;
    Op op;
};

// Longest first, so "===" wins over "==" and "!==" over "!=" and "!".
constexpr Symbol kSymbols[] = {
    {"===", Tok::Relation, Op::AllEq}, {"!==", Tok::Relation, Op::AnyNe},
    {"==", Tok::Relation, Op::Eq},     {"!=", Tok::Relation, Op::Ne},
    {"<=", Tok::Relation, Op::Le},     {">=", Tok::Relation, Op::Ge},
    {"&&", Tok::And, Op::Eq},          {"||", Tok::Or, Op::Eq},
    {"^^", Tok::Xor, Op::Eq},          {"<", Tok::Relation, Op::Lt},
    {">", Tok::Relation, Op::Gt},      {"!", Tok::Not, Op::Eq},
    {"(", Tok::LParen, Op::Eq},        {")", Tok::RParen, Op::Eq},
    {"{", Tok::LBrace, Op::Eq},        {"}", Tok::RBrace, Op::Eq},
    {",", Tok::Comma, Op::Eq},
};

} // namespace

Token Lexer::next()
{
    while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
        ++m_pos;
    Token t;
    t.column = uint32_t(m_pos + 1);
    if (m_pos >= m_text.size()) return t;
    char c = m_text[m_pos];
    if (c == '"') return string(t);
    if (is_word_char(c)) return word(t);
    for (const Symbol& s : kSymbols) {
        if (m_text.substr(m_pos, s.text.size()) != s.text) continue;
        t.kind = s.kind;
        t.op = s.op;
        t.text = m_text.substr(m_pos, s.text.size());
        m_pos += s.text.size();
        return t;
    }
    return bad(t, c);
}

Token Lexer::word(Token t)
{
    size_t start = m_pos;
    while (m_pos < m_text.size() && is_word_char(m_text[m_pos])) ++m_pos;
    t.kind = Tok::Word;
    t.text = m_text.substr(start, m_pos - start);
    std::string w = ascii_lower(t.text);
    for (const Keyword& k : kKeywords)
        if (w == k.word) {
            t.kind = k.kind;
            t.op = k.op;
        }
    if (w == "matches") {
        t.kind = Tok::Bad;
        t.value = "\"matches\" (regular expressions) is not supported; use contains";
    }
    return t;
}

Token Lexer::string(Token t)
{
    size_t start = m_pos++;
    while (m_pos < m_text.size() && m_text[m_pos] != '"') {
        char c = m_text[m_pos++];
        if (c != '\\') {
            t.value += c;
            continue;
        }
        if (m_pos >= m_text.size()) break;
        if (!escape(t)) return t;
    }
    if (m_pos >= m_text.size()) {
        t.kind = Tok::Bad;
        t.text = m_text.substr(start);
        t.value = "unterminated string: missing the closing \"";
        return t;
    }
    ++m_pos;
    t.kind = Tok::String;
    t.text = m_text.substr(start, m_pos - start);
    return t;
}

// After a backslash: appends the escaped character, or makes t a Bad token.
bool Lexer::escape(Token& t)
{
    char e = m_text[m_pos++];
    switch (e) {
    case 'n': t.value += '\n'; return true;
    case 'r': t.value += '\r'; return true;
    case 't': t.value += '\t'; return true;
    case '0': t.value += '\0'; return true;
    case '\\':
    case '"': t.value += e; return true;
    case 'x': {
        auto hex = [](char h) {
            return std::isxdigit(static_cast<unsigned char>(h))
                       ? (h <= '9' ? h - '0' : (ascii_lower(h) - 'a' + 10))
                       : -1;
        };
        int hi = m_pos < m_text.size() ? hex(m_text[m_pos]) : -1;
        int lo = m_pos + 1 < m_text.size() ? hex(m_text[m_pos + 1]) : -1;
        if (hi >= 0 && lo >= 0) {
            t.value += char(hi * 16 + lo);
            m_pos += 2;
            return true;
        }
        break;
    }
    default: break;
    }
    t.kind = Tok::Bad;
    t.column = uint32_t(m_pos - 1);
    t.text = m_text.substr(m_pos - 2, 2);
    t.value = "unknown escape \"\\" + std::string(1, e) +
              "\" in a string (use \\\" \\\\ \\n \\r \\t or \\xhh)";
    return false;
}

Token Lexer::bad(Token t, char c)
{
    t.kind = Tok::Bad;
    t.text = m_text.substr(m_pos, 1);
    switch (c) {
    case '=': t.value = "\"=\" is not an operator (did you mean ==?)"; break;
    case '&': t.value = "\"&\" is not an operator (did you mean && or and?)"; break;
    case '|': t.value = "\"|\" is not an operator (did you mean || or or?)"; break;
    case '^': t.value = "\"^\" is not an operator (did you mean ^^ or xor?)"; break;
    case '~':
        t.value = "\"~\" (matches, regular expressions) is not supported; use contains";
        break;
    case '[': t.value = "field slices such as eth.src[0:3] are not supported"; break;
    default:
        if (std::isprint(static_cast<unsigned char>(c)))
            t.value = "unexpected character \"" + std::string(1, c) + "\"";
        else
            t.value = dissector::strf("unexpected byte 0x%02x", unsigned(uint8_t(c)));
    }
    ++m_pos;
    return t;
}

// [SECTION] Field names and suggestions
namespace {

// Other spellings accepted for a field.
struct Alias {
    std::string_view name;
    std::string_view canonical;
};
constexpr Alias kAliases[] = {
    {"tcp.flags.rst", "tcp.flags.reset"},
    {"tcp.flags.psh", "tcp.flags.push"},
};

// Names people type that are not fields, with what they probably want.
struct Hint {
    std::string_view name;
    std::string_view suggestion;
    std::string_view why;
};
constexpr Hint kHints[] = {
    {"ipv4", "ip", "Wireshark names IPv4 \"ip\""},
    {"ip4", "ip", "Wireshark names IPv4 \"ip\""},
    {"ip6", "ipv6", ""},
    {"icmp6", "icmpv6", ""},
    {"icmpv4", "icmp", "Wireshark names ICMP for IPv4 \"icmp\""},
    {"ethernet", "eth", ""},
    {"ether", "eth.addr", "\"ether\" is capture-filter syntax"},
    {"host", "ip.addr", "\"host\" is capture-filter syntax"},
    {"net", "ip.addr == 10.0.0.0/8", "\"net\" is capture-filter syntax"},
    {"port", "tcp.port or udp.port", "\"port\" is capture-filter syntax"},
    {"src", "ip.src", "\"src\" is capture-filter syntax"},
    {"dst", "ip.dst", "\"dst\" is capture-filter syntax"},
    {"mac", "eth.addr", ""},
    {"tcp.seq", "tcp.seq_raw",
     "relative sequence numbers need conversation tracking, so only "
     "raw numbers are shown"},
    {"tcp.ack", "tcp.ack_raw or tcp.flags.ack",
     "relative acknowledgment numbers need "
     "conversation tracking, so only raw numbers are "
     "shown"},
    {"tcp.window_size", "tcp.window_size_value", "the scaled window needs the handshake"},
    {"icmp.id", "icmp.ident", ""},
    {"http", "tcp.port == 80", "HTTP is not decoded yet"},
    {"dns", "udp.port == 53", "DNS is not decoded yet"},
    {"dhcp", "udp.port == 67", "DHCP is not decoded yet"},
};

} // namespace

const FieldSpec* resolve_field(std::string_view name)
{
    for (const Alias& a : kAliases)
        if (a.name == name) return find_field_spec(a.canonical);
    return find_field_spec(name);
}

// "\"ip.adr\" is not a field (did you mean ip.addr?)"
std::string unknown_field_message(std::string_view name)
{
    std::string head = "\"" + std::string(name) + "\" is not a field";
    std::string low = ascii_lower(name);
    for (const Hint& h : kHints) {
        if (h.name != low) continue;
        std::string why = h.why.empty() ? "" : " " + std::string(h.why);
        return head + " (did you mean " + std::string(h.suggestion) + "?" + why + ")";
    }
    if (low != name && find_field_spec(low))
        return head + " (did you mean " + low + "? field names are lowercase)";
    size_t limit = low.size() <= 4 ? 1 : 2;
    const FieldSpec* best = nullptr;
    size_t best_distance = limit + 1;
    for (const FieldSpec* spec : all_field_specs()) {
        size_t d = edit_distance(low, spec->name);
        if (d < best_distance) {
            best = spec;
            best_distance = d;
        }
    }
    if (best) return head + " (did you mean " + std::string(best->name) + "?)";
    return head + " or protocol name";
}

std::string_view type_phrase(FieldType t)
{
    switch (t) {
    case FieldType::Uint: return "a number";
    case FieldType::Bool: return "a flag";
    case FieldType::Mac: return "a MAC address";
    case FieldType::Ipv4: return "an IPv4 address";
    case FieldType::Ipv6: return "an IPv6 address";
    case FieldType::Bytes: return "bytes";
    case FieldType::Text: return "text";
    case FieldType::Protocol: return "a protocol";
    case FieldType::None: return "a label without a value";
    }
    return "a field";
}

// [SECTION] Literals

bool has_alpha(std::string_view s)
{
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

// Decimal or 0x-hex; false on anything else or overflow of 64 bits.
bool parse_u64(std::string_view s, uint64_t& out)
{
    unsigned base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s.remove_prefix(2);
    }
    if (s.empty()) return false;
    uint64_t v = 0;
    for (char c : s) {
        int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : (base == 16 && std::isxdigit(static_cast<unsigned char>(c)))
                    ? ascii_lower(c) - 'a' + 10
                    : -1;
        if (d < 0) return false;
        if (v > (UINT64_MAX - uint64_t(d)) / base) return false;
        v = v * base + uint64_t(d);
    }
    out = v;
    return true;
}

// "47:45:54", "47-45-54", "47.45.54" or a single "47".
bool parse_hex_bytes(std::string_view s, std::string& out)
{
    out.clear();
    size_t i = 0;
    while (i < s.size()) {
        if (i + 2 > s.size() || !std::isxdigit(static_cast<unsigned char>(s[i])) ||
            !std::isxdigit(static_cast<unsigned char>(s[i + 1])))
            return false;
        uint64_t v = 0;
        parse_u64("0x" + std::string(s.substr(i, 2)), v);
        out += char(v);
        i += 2;
        if (i == s.size()) break;
        if (s[i] != ':' && s[i] != '-' && s[i] != '.') return false;
        if (++i == s.size()) return false;
    }
    return !out.empty();
}

} // namespace wirelab::wire::filter_detail
