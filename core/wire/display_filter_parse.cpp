// DisplayFilter::parse: lexer, recursive-descent parser and literal checks (grammar in
// display_filter.h). Every error names the column and says what to write instead.
//
// [SECTION] Lexer
// [SECTION] Field names and suggestions
// [SECTION] Literals
// [SECTION] Parser
#include "core/wire/display_filter.h"

#include "core/wire/dissector.h"
#include "core/wire/ip_prefix.h"
#include "core/wire/well_known_ports.h"

#include <algorithm>
#include <cctype>

namespace wirelab::wire {

using filter_detail::Literal;
using filter_detail::Node;
using filter_detail::Op;

// [SECTION] Lexer
namespace {

enum class Tok : uint8_t {
    End,
    Word,
    String,
    LParen,
    RParen,
    LBrace,
    RBrace,
    Comma,
    Relation, // == != === !== < <= > >= and their word forms
    Contains,
    In,
    And,
    Or,
    Xor,
    Not,
    Bad, // value holds the message
};

struct Token {
    Tok kind = Tok::End;
    std::string_view text; // as written
    uint32_t column = 1;   // 1-based
    Op op = Op::Eq;
    std::string value; // String: unescaped text; Bad: what is wrong
};

bool is_word_char(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' ||
           c == '/' || c == '-';
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
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

class Lexer {
public:
    explicit Lexer(std::string_view text) : m_text(text) {}

    Token next()
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

private:
    Token word(Token t)
    {
        size_t start = m_pos;
        while (m_pos < m_text.size() && is_word_char(m_text[m_pos])) ++m_pos;
        t.kind = Tok::Word;
        t.text = m_text.substr(start, m_pos - start);
        std::string w = lower(t.text);
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

    Token string(Token t)
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
    bool escape(Token& t)
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
                           ? (h <= '9' ? h - '0' : (std::tolower(h) - 'a' + 10))
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

    Token bad(Token t, char c)
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

    std::string_view m_text;
    size_t m_pos = 0;
};

// [SECTION] Field names and suggestions

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

// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
size_t edit_distance(std::string_view a, std::string_view b)
{
    std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        prev2.swap(prev);
        prev.swap(cur);
    }
    return prev[b.size()];
}

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
    std::string low = lower(name);
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
                    ? std::tolower(c) - 'a' + 10
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

} // namespace

// [SECTION] Parser

class FilterParser {
public:
    FilterParser(std::string_view text, DisplayFilter& out) : m_lex(text), m_text(text), m_out(out)
    {
        advance();
    }

    Result<Ok, FilterError> run()
    {
        if (m_tok.kind == Tok::End) return Ok{};
        auto root = parse_or();
        if (!root) return fail(root.error());
        if (m_tok.kind == Tok::Bad) return error(m_tok, m_tok.value);
        if (m_tok.kind == Tok::RParen)
            return error(m_tok, "unbalanced parenthesis: \")\" has no matching \"(\"");
        if (m_tok.kind != Tok::End)
            return error(m_tok, "expected \"and\", \"or\" or the end of the filter, found " +
                                    found(m_tok));
        m_out.m_root = *root;
        return Ok{};
    }

private:
    using NodeResult = Result<int32_t, FilterError>;
    static constexpr int kMaxDepth = 200;

    void advance() { m_tok = m_lex.next(); }

    std::string found(const Token& t) const
    {
        if (t.kind == Tok::End) return "the end of the filter";
        return "\"" + std::string(t.text) + "\"";
    }

    Unexpected<FilterError> error(const Token& t, const std::string& why) const
    {
        return error_at(t.column, uint32_t(t.text.size()), why);
    }

    Unexpected<FilterError> error_at(uint32_t column, uint32_t length, const std::string& why) const
    {
        return fail(FilterError{column, length, "column " + std::to_string(column) + ": " + why});
    }

    int32_t add(Node n)
    {
        if (n.field && std::find(m_out.m_wanted.begin(), m_out.m_wanted.end(), n.field) ==
                           m_out.m_wanted.end())
            m_out.m_wanted.push_back(n.field);
        m_out.m_nodes.push_back(n);
        return int32_t(m_out.m_nodes.size() - 1);
    }

    int32_t binary(Node::Kind kind, int32_t lhs, int32_t rhs)
    {
        Node n;
        n.kind = kind;
        n.lhs = lhs;
        n.rhs = rhs;
        return add(n);
    }

    template <class Next> NodeResult parse_binary(Tok op, Node::Kind kind, Next next)
    {
        auto lhs = (this->*next)();
        if (!lhs) return lhs;
        int32_t node = *lhs;
        while (m_tok.kind == op) {
            m_after = m_tok.text;
            advance();
            auto rhs = (this->*next)();
            if (!rhs) return rhs;
            node = binary(kind, node, *rhs);
        }
        return node;
    }

    NodeResult parse_or()
    {
        return parse_binary(Tok::Or, Node::Kind::Or, &FilterParser::parse_xor);
    }
    NodeResult parse_xor()
    {
        return parse_binary(Tok::Xor, Node::Kind::Xor, &FilterParser::parse_and);
    }
    NodeResult parse_and()
    {
        return parse_binary(Tok::And, Node::Kind::And, &FilterParser::parse_not);
    }

    NodeResult parse_not()
    {
        if (++m_depth > kMaxDepth)
            return error(m_tok,
                         "the filter nests deeper than " + std::to_string(kMaxDepth) + " levels");
        NodeResult r = parse_unary();
        --m_depth;
        return r;
    }

    NodeResult parse_unary()
    {
        if (m_tok.kind == Tok::Not) {
            m_after = m_tok.text;
            advance();
            auto inner = parse_not();
            if (!inner) return inner;
            return binary(Node::Kind::Not, *inner, -1);
        }
        if (m_tok.kind == Tok::LParen) return parse_group();
        return parse_test();
    }

    NodeResult parse_group()
    {
        Token open = m_tok;
        ++m_parens;
        m_after = "(";
        advance();
        auto inner = parse_or();
        if (!inner) return inner;
        if (m_tok.kind == Tok::End)
            return error(open, "unbalanced parenthesis: \"(\" is never closed");
        if (m_tok.kind == Tok::Bad) return error(m_tok, m_tok.value);
        if (m_tok.kind != Tok::RParen)
            return error(m_tok, "expected \"and\", \"or\" or \")\", found " + found(m_tok));
        --m_parens;
        advance();
        return inner;
    }

    NodeResult parse_test()
    {
        if (m_tok.kind == Tok::Bad) return error(m_tok, m_tok.value);
        if (m_tok.kind == Tok::RParen && m_parens == 0)
            return error(m_tok, "unbalanced parenthesis: \")\" has no matching \"(\"");
        if (m_tok.kind != Tok::Word) {
            std::string after = m_after.empty() ? "" : " after \"" + std::string(m_after) + "\"";
            return error(m_tok,
                         "expected a field or protocol name" + after + ", found " + found(m_tok));
        }
        Token name = m_tok;
        if (std::isdigit(static_cast<unsigned char>(name.text[0])))
            return error(name, "expected a field or protocol name, found " + found(name) +
                                   " (a value; write a test such as ip.addr == 10.0.0.1)");
        const FieldSpec* field = resolve_field(name.text);
        if (!field) return error(name, unknown_field_message(name.text));
        advance();
        switch (m_tok.kind) {
        case Tok::Relation:
        case Tok::Contains:
        case Tok::In: return parse_comparison(*field);
        case Tok::Bad: return error(m_tok, m_tok.value);
        case Tok::Word:
        case Tok::String:
        case Tok::LParen:
            return error(m_tok, "expected an operator such as ==, != or contains after " +
                                    std::string(field->name) + ", found " + found(m_tok));
        default: break;
        }
        if (field->type == FieldType::Bool)
            m_out.m_warnings.push_back(
                "column " + std::to_string(name.column) + ": " + std::string(field->name) +
                " alone matches every frame that has the field, set or not; write " +
                std::string(field->name) + " == 1 to test the flag");
        Node n;
        n.kind = Node::Kind::Exists;
        n.field = field;
        return add(n);
    }

    // Whether `op` applies to the field at all (checked before its value).
    Result<Ok, FilterError> check_operator(const Token& op_tok, const FieldSpec& f) const
    {
        std::string name(f.name);
        std::string op(op_tok.text);
        if (f.type == FieldType::None)
            return error(op_tok, name + " has no value of its own: test its presence alone");
        if (f.type == FieldType::Protocol && op_tok.op != Op::Contains)
            return error(op_tok, name + " is a protocol: test its presence (" + name +
                                     ") or search its bytes (" + name + " contains \"text\")");
        bool searchable = f.type == FieldType::Bytes || f.type == FieldType::Text ||
                          f.type == FieldType::Protocol;
        if (op_tok.op == Op::Contains && !searchable)
            return error(op_tok, "contains searches bytes or text, and " + name + " is " +
                                     std::string(type_phrase(f.type)) + " (use ==)");
        bool ordering = op_tok.op == Op::Lt || op_tok.op == Op::Le || op_tok.op == Op::Gt ||
                        op_tok.op == Op::Ge;
        if (ordering && f.type == FieldType::Bool)
            return error(op_tok, name + " is a flag: test it with == 1 or == 0, not " + op);
        return Ok{};
    }

    NodeResult parse_comparison(const FieldSpec& field)
    {
        Token op = m_tok;
        if (auto ok = check_operator(op, field); !ok) return fail(ok.error());
        advance();
        Node n;
        n.kind = Node::Kind::Compare;
        n.op = op.op;
        n.field = &field;
        n.first = uint32_t(m_out.m_literals.size());
        if (op.op == Op::In) {
            auto ok = parse_set(op, field);
            if (!ok) return fail(ok.error());
        } else {
            auto lit = parse_value(op, field);
            if (!lit) return fail(lit.error());
            m_out.m_literals.push_back(std::move(lit.value()));
        }
        n.count = uint32_t(m_out.m_literals.size() - n.first);
        return add(n);
    }

    Result<Ok, FilterError> parse_set(const Token& in, const FieldSpec& field)
    {
        if (m_tok.kind != Tok::LBrace)
            return error(m_tok, "expected \"{\" after in, found " + found(m_tok));
        Token open = m_tok;
        size_t first = m_out.m_literals.size();
        advance();
        while (m_tok.kind != Tok::RBrace) {
            if (m_tok.kind == Tok::End)
                return error(open, "unbalanced brace: \"{\" is never closed");
            if (m_tok.kind == Tok::Comma) {
                advance();
                continue;
            }
            auto lit = parse_value(in, field);
            if (!lit) return fail(lit.error());
            m_out.m_literals.push_back(std::move(lit.value()));
        }
        if (m_out.m_literals.size() == first)
            return error(open, "the set after in is empty: list values such as {80 443}");
        advance();
        return Ok{};
    }

    // The value token after an operator, checked against the field's type.
    Result<Literal, FilterError> parse_value(const Token& op, const FieldSpec& field)
    {
        if (m_tok.kind == Tok::Bad) return error(m_tok, m_tok.value);
        if (m_tok.kind != Tok::Word && m_tok.kind != Tok::String)
            return error(m_tok, "expected a value after " + std::string(op.text));
        Token t = m_tok;
        auto lit = make_literal(t, op, field);
        if (!lit && t.kind == Tok::Word && resolve_field(t.text) && field.type != FieldType::Text)
            return error(t, "comparing two fields (" + std::string(field.name) + " and " +
                                std::string(t.text) + ") is not supported; compare with a value");
        if (lit) advance();
        return lit;
    }

    Result<Literal, FilterError> make_literal(const Token& t, const Token& op, const FieldSpec& f)
    {
        switch (f.type) {
        case FieldType::Uint: return number_literal(t, op, f);
        case FieldType::Bool: return bool_literal(t, f);
        case FieldType::Mac: return mac_literal(t);
        case FieldType::Ipv4: return ipv4_literal(t, op, f);
        case FieldType::Ipv6: return ipv6_literal(t, op, f);
        case FieldType::Text: {
            Literal l;
            l.bytes = t.kind == Tok::String ? t.value : std::string(t.text);
            return l;
        }
        case FieldType::Bytes:
        case FieldType::Protocol: return bytes_literal(t);
        case FieldType::None: break;
        }
        return error(t, std::string(f.name) + " has no value of its own");
    }

    Result<Literal, FilterError> number_literal(const Token& t, const Token& op, const FieldSpec& f)
    {
        std::string name(f.name);
        std::string text(t.text);
        uint64_t max = f.bits >= 64 ? UINT64_MAX : (uint64_t(1) << f.bits) - 1;
        Literal l;
        size_t dots = op.op == Op::In ? text.find("..") : std::string::npos;
        std::string low_text = dots == std::string::npos ? text : text.substr(0, dots);
        std::string high_text = dots == std::string::npos ? text : text.substr(dots + 2);
        if (t.kind != Tok::Word || !parse_u64(low_text, l.number) ||
            !parse_u64(high_text, l.high)) {
            std::string extra;
            const WellKnownPort* p = find_port(text);
            if (p && name.ends_with("port"))
                extra = dissector::strf(" (%.*s is port %u)", int(p->service.size()),
                                        p->service.data(), unsigned(p->port));
            std::string shown = t.kind == Tok::String ? std::string(t.text) : "\"" + text + "\"";
            return error(t, name + " is a number: " + shown + " is not a number" + extra);
        }
        uint64_t too_big = std::max(l.number, l.high);
        if (too_big > max) {
            bool an = f.bits == 8 || f.bits == 11 || f.bits == 18;
            return error(t, dissector::strf("%s is %s %u-bit number: %llu is too large (at most "
                                            "%llu)",
                                            name.c_str(), an ? "an" : "a", unsigned(f.bits),
                                            (unsigned long long)too_big, (unsigned long long)max));
        }
        if (l.high < l.number)
            return error(t, "the range " + text + " is empty: write the smaller number first");
        return l;
    }

    Result<Literal, FilterError> bool_literal(const Token& t, const FieldSpec& f)
    {
        std::string w = lower(t.text);
        Literal l;
        if (t.kind == Tok::Word && (w == "1" || w == "true"))
            l.number = l.high = 1;
        else if (t.kind == Tok::Word && (w == "0" || w == "false"))
            l.number = l.high = 0;
        else
            return error(t, std::string(f.name) +
                                " is a flag: compare it with 1 or 0 (or "
                                "true/false), not " +
                                std::string(t.text));
        return l;
    }

    Result<Literal, FilterError> mac_literal(const Token& t)
    {
        auto a = MacAddr::parse(t.kind == Tok::String ? t.value : std::string(t.text));
        if (!a)
            return error(t, "\"" + std::string(t.kind == Tok::String ? t.value : t.text) +
                                "\" is not a MAC address: " + a.error().message);
        Literal l;
        std::copy(a->bytes.begin(), a->bytes.end(), l.addr.begin());
        return l;
    }

    Result<Literal, FilterError> ipv4_literal(const Token& t, const Token& op, const FieldSpec& f)
    {
        std::string text = t.kind == Tok::String ? t.value : std::string(t.text);
        std::string q = "\"" + text + "\"";
        if (text.find(':') != std::string::npos)
            return error(t, std::string(f.name) + " holds IPv4 addresses; " + q +
                                " looks like IPv6 (use an ipv6 field such as ipv6.addr)");
        Literal l;
        if (text.find('/') != std::string::npos) {
            auto p = Ipv4Prefix::parse(text);
            if (!p) return error(t, p.error().message);
            if (auto bad = no_ordering_with_prefix(t, op); !bad) return fail(bad.error());
            std::copy(p->addr.bytes.begin(), p->addr.bytes.end(), l.addr.begin());
            l.prefix_len = p->len;
            l.is_prefix = true;
            return l;
        }
        if (has_alpha(text))
            return error(t,
                         q + " is not an IPv4 address (host names are not looked up in filters)");
        auto a = Ipv4Addr::parse(text);
        if (!a) return error(t, q + " is not an IPv4 address: " + a.error().message);
        std::copy(a->bytes.begin(), a->bytes.end(), l.addr.begin());
        l.prefix_len = 32;
        return l;
    }

    Result<Literal, FilterError> ipv6_literal(const Token& t, const Token& op, const FieldSpec& f)
    {
        std::string text = t.kind == Tok::String ? t.value : std::string(t.text);
        std::string q = "\"" + text + "\"";
        if (text.find(':') == std::string::npos && !has_alpha(text))
            return error(t, std::string(f.name) + " holds IPv6 addresses; " + q +
                                " looks like IPv4 (use an ip field such as ip.addr)");
        Literal l;
        if (text.find('/') != std::string::npos) {
            auto p = Ipv6Prefix::parse(text);
            if (!p) return error(t, p.error().message);
            if (auto bad = no_ordering_with_prefix(t, op); !bad) return fail(bad.error());
            l.addr = p->addr.bytes;
            l.prefix_len = p->len;
            l.is_prefix = true;
            return l;
        }
        auto a = Ipv6Addr::parse(text);
        if (!a) return error(t, q + " is not an IPv6 address: " + a.error().message);
        l.addr = a->bytes;
        l.prefix_len = 128;
        return l;
    }

    Result<Ok, FilterError> no_ordering_with_prefix(const Token& t, const Token& op) const
    {
        if (op.op == Op::Lt || op.op == Op::Le || op.op == Op::Gt || op.op == Op::Ge)
            return error(t, std::string(op.text) + " compares single addresses, and \"" +
                                std::string(t.text) +
                                "\" is a network (use == to test "
                                "membership)");
        return Ok{};
    }

    Result<Literal, FilterError> bytes_literal(const Token& t)
    {
        Literal l;
        if (t.kind == Tok::String) {
            l.bytes = t.value;
            return l;
        }
        if (parse_hex_bytes(t.text, l.bytes)) return l;
        std::string w(t.text);
        return error(t, "\"" + w + "\" is not a byte sequence: write text in quotes (\"" + w +
                            "\") or bytes as 47:45:54");
    }

    Lexer m_lex;
    std::string_view m_text;
    DisplayFilter& m_out;
    Token m_tok;
    std::string_view m_after; // the operator or "(" before the current token, for messages
    int m_depth = 0;
    int m_parens = 0;
};

Result<DisplayFilter, FilterError> DisplayFilter::parse(std::string_view text)
{
    DisplayFilter f;
    f.m_text = std::string(text);
    FilterParser p(f.m_text, f);
    auto ok = p.run();
    if (!ok) return fail(ok.error());
    return f;
}

} // namespace wirelab::wire
