// HttpTemplate: compile (split literal text and placeholders, parse each placeholder) and render.
//
// [SECTION] index: helpers · lexer · compile · render
#include "core/services/http/http_template.h"

#include "core/base/text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace wirelab::app {
namespace {

// [SECTION] helpers

struct RootInfo {
    std::string_view name;
    bool takes_key;        // query.NAME ...
    bool key_optional;     // "query" alone is the raw query string
    std::string_view keys; // fixed keys ("ip port"), empty: any name
};

constexpr std::array<RootInfo, 14> kRoots = {{
    {"method", false, false, ""},
    {"path", false, false, ""},
    {"query", true, true, ""},
    {"body", false, false, ""},
    {"host", false, false, ""},
    {"time", false, false, ""},
    {"date", false, false, ""},
    {"form", true, false, ""},
    {"header", true, false, ""},
    {"param", true, false, ""},
    {"kv", true, false, ""},
    {"client", true, false, "ip port"},
    {"server", true, false, "ip port"},
    {"headers", true, false, ""}, // alias of header
}};

const RootInfo* find_root(std::string_view name)
{
    for (const RootInfo& r : kRoots)
        if (r.name == name) return &r;
    return nullptr;
}

bool has_word(std::string_view words, std::string_view w)
{
    while (!words.empty()) {
        size_t sp = words.find(' ');
        if (words.substr(0, sp) == w) return true;
        if (sp == std::string_view::npos) break;
        words.remove_prefix(sp + 1);
    }
    return false;
}

bool is_filter(std::string_view f)
{
    return f == "upper" || f == "lower" || f == "length" || f == "trim" || f == "raw";
}

const std::string* first_of(const TemplateInput::Pairs& pairs, std::string_view key, bool any_case)
{
    for (const auto& [k, v] : pairs)
        if (any_case ? iequals(k, key) : k == key) return &v;
    return nullptr;
}

// A decimal integer with an optional sign; false for anything else.
bool to_int(std::string_view s, int64_t& out)
{
    if (s.empty()) {
        out = 0; // a missing value counts as 0, so {{kv.visits + 1}} starts at 1
        return true;
    }
    bool neg = s[0] == '-';
    if (neg || s[0] == '+') s.remove_prefix(1);
    if (s.empty() || s.size() > 18) return false;
    int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = neg ? -v : v;
    return true;
}

// [SECTION] lexer

enum class Tok : uint8_t { End, Ident, Number, String, Plus, Minus, Pipe, Bad };

struct Token {
    Tok kind = Tok::End;
    std::string text;
    size_t at = 0; // offset in the placeholder
};

class Lexer {
public:
    explicit Lexer(std::string_view s) : m_s(s) {}

    Token next()
    {
        while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t')) ++m_pos;
        Token t;
        t.at = m_pos;
        if (m_pos >= m_s.size()) return t;
        char c = m_s[m_pos];
        if (c == '+' || c == '-' || c == '|') {
            ++m_pos;
            t.kind = c == '+' ? Tok::Plus : c == '-' ? Tok::Minus : Tok::Pipe;
            return t;
        }
        if (c == '"') return string_token(t);
        if (std::isdigit(uint8_t(c))) {
            while (m_pos < m_s.size() && std::isdigit(uint8_t(m_s[m_pos]))) t.text += m_s[m_pos++];
            t.kind = Tok::Number;
            return t;
        }
        if (std::isalpha(uint8_t(c)) || c == '_') return ident_token(t);
        t.kind = Tok::Bad;
        t.text = std::string(1, c);
        return t;
    }

private:
    Token string_token(Token& t)
    {
        ++m_pos;
        while (m_pos < m_s.size() && m_s[m_pos] != '"') {
            if (m_s[m_pos] == '\\' && m_pos + 1 < m_s.size()) ++m_pos;
            t.text += m_s[m_pos++];
        }
        if (m_pos >= m_s.size()) {
            t.kind = Tok::Bad;
            t.text = "unterminated string";
            return t;
        }
        ++m_pos;
        t.kind = Tok::String;
        return t;
    }

    // root or root.key; header keys may hold '-' ("header.user-agent"), other keys may not, so
    // that {{kv.a-1}} still subtracts.
    Token ident_token(Token& t)
    {
        while (m_pos < m_s.size() && (std::isalnum(uint8_t(m_s[m_pos])) || m_s[m_pos] == '_'))
            t.text += m_s[m_pos++];
        if (m_pos < m_s.size() && m_s[m_pos] == '.') {
            bool dashes = t.text == "header" || t.text == "headers";
            t.text += m_s[m_pos++];
            while (m_pos < m_s.size() && (std::isalnum(uint8_t(m_s[m_pos])) || m_s[m_pos] == '_' ||
                                          (dashes && m_s[m_pos] == '-')))
                t.text += m_s[m_pos++];
        }
        t.kind = Tok::Ident;
        return t;
    }

    std::string_view m_s;
    size_t m_pos = 0;
};

// [SECTION] compile

using Placeholder = HttpTemplate::Placeholder;
using Operand = HttpTemplate::Operand;

class PlaceholderParser {
public:
    PlaceholderParser(std::string_view text, size_t base) : m_lex(text), m_base(base) { advance(); }

    Result<Placeholder, TemplateError> parse(std::string_view text)
    {
        Placeholder p;
        p.text = std::string(text);
        if (m_tok.kind == Tok::End)
            return error("empty placeholder: write a variable such as {{ query.name }}");
        while (true) {
            HttpTemplate::Term term;
            if (auto r = parse_term(term); !r) return fail(r.error());
            p.alternatives.push_back(std::move(term));
            if (m_tok.kind == Tok::Ident && m_tok.text == "or") {
                advance();
                continue;
            }
            break;
        }
        while (m_tok.kind == Tok::Pipe) {
            advance();
            if (m_tok.kind != Tok::Ident || !is_filter(m_tok.text))
                return error("unknown filter \"" + m_tok.text +
                             "\" (known: upper, lower, length, trim, raw)");
            if (m_tok.text == "raw")
                p.raw = true;
            else
                p.filters.push_back(m_tok.text);
            advance();
        }
        if (m_tok.kind != Tok::End)
            return error("unexpected \"" + m_tok.text + "\" (expected +, -, or, | or }})");
        return p;
    }

private:
    void advance() { m_tok = m_lex.next(); }

    Unexpected<TemplateError> error(std::string msg) const
    {
        return fail(TemplateError{m_base + m_tok.at, std::move(msg)});
    }

    Result<Ok, TemplateError> parse_term(HttpTemplate::Term& term)
    {
        while (true) {
            Operand op;
            if (auto r = parse_operand(op); !r) return fail(r.error());
            term.operands.push_back(std::move(op));
            if (m_tok.kind != Tok::Plus && m_tok.kind != Tok::Minus) return Ok{};
            term.ops.push_back(m_tok.kind == Tok::Plus ? '+' : '-');
            advance();
        }
    }

    Result<Ok, TemplateError> parse_operand(Operand& op)
    {
        switch (m_tok.kind) {
        case Tok::Number:
            if (m_tok.text.size() > 18) return error("number " + m_tok.text + " is too large");
            op.kind = HttpTemplate::OpKind::Number;
            (void)to_int(m_tok.text, op.number);
            break;
        case Tok::String:
            op.kind = HttpTemplate::OpKind::String;
            op.root = m_tok.text;
            break;
        case Tok::Ident:
            if (auto r = variable(op); !r) return r;
            break;
        case Tok::End: return error("expected a variable, a number or a \"string\" before }}");
        case Tok::Bad:
            if (m_tok.text == "unterminated string")
                return error("unterminated string: close it with \"");
            return error("unexpected \"" + m_tok.text + "\"");
        default:
            return error("expected a variable, a number or a \"string\", not \"" + m_tok.text +
                         "\"");
        }
        advance();
        return Ok{};
    }

    Result<Ok, TemplateError> variable(Operand& op)
    {
        const std::string& t = m_tok.text;
        size_t dot = t.find('.');
        std::string root = t.substr(0, dot);
        std::string key = dot == std::string::npos ? "" : t.substr(dot + 1);
        const RootInfo* info = find_root(root);
        if (!info)
            return error("unknown variable \"" + t +
                         "\" (known: " + HttpTemplate::known_variables() + ")");
        if (dot != std::string::npos && !info->takes_key)
            return error("\"" + root + "\" has no fields: write {{ " + root + " }}");
        if (info->takes_key && !info->key_optional && key.empty())
            return error("\"" + root + "\" needs a name: write {{ " + root + "." +
                         (info->keys.empty() ? std::string("NAME") : std::string("ip")) + " }}");
        if (!info->keys.empty() && !has_word(info->keys, key))
            return error("\"" + root + "\" has the fields ip and port, not \"" + key + "\"");
        op.kind = HttpTemplate::OpKind::Variable;
        op.root = root == "headers" ? "header" : root;
        op.key = key;
        return Ok{};
    }

    Lexer m_lex;
    size_t m_base;
    Token m_tok;
};

// [SECTION] render

std::string lookup(const Operand& op, const TemplateInput& in)
{
    const std::string& r = op.root;
    const std::string* v = nullptr;
    if (r == "method") return in.method;
    if (r == "path") return in.path;
    if (r == "query") {
        if (op.key.empty()) return in.query;
        v = first_of(in.query_params, op.key, false);
    } else if (r == "body") {
        return in.body;
    } else if (r == "host") {
        return in.host;
    } else if (r == "time") {
        return in.time;
    } else if (r == "date") {
        return in.date;
    } else if (r == "form") {
        v = first_of(in.form, op.key, false);
    } else if (r == "header") {
        v = first_of(in.headers, op.key, true);
    } else if (r == "param") {
        v = first_of(in.params, op.key, false);
    } else if (r == "kv") {
        if (in.kv)
            if (auto it = in.kv->find(op.key); it != in.kv->end()) return it->second;
    } else if (r == "client") {
        return op.key == "ip" ? in.client_ip : std::to_string(in.client_port);
    } else if (r == "server") {
        return op.key == "ip" ? in.server_ip : std::to_string(in.server_port);
    }
    return v ? *v : std::string();
}

std::string operand_value(const Operand& op, const TemplateInput& in)
{
    switch (op.kind) {
    case HttpTemplate::OpKind::Number: return std::to_string(op.number);
    case HttpTemplate::OpKind::String: return op.root;
    case HttpTemplate::OpKind::Variable: return lookup(op, in);
    }
    return {};
}

Result<std::string, std::string> term_value(const HttpTemplate::Term& t, const TemplateInput& in)
{
    if (t.ops.empty()) return operand_value(t.operands[0], in);
    int64_t sum = 0;
    for (size_t i = 0; i < t.operands.size(); ++i) {
        std::string text = operand_value(t.operands[i], in);
        int64_t v = 0;
        if (!to_int(text, v)) {
            std::string quoted = text.size() > 40 ? text.substr(0, 40) + "..." : text;
            return fail("\"" + quoted + "\" is not a number");
        }
        bool overflow = i == 0                ? (sum = v, false)
                        : t.ops[i - 1] == '+' ? __builtin_add_overflow(sum, v, &sum)
                                              : __builtin_sub_overflow(sum, v, &sum);
        if (overflow) return fail(std::string("integer overflow"));
    }
    return std::to_string(sum);
}

std::string apply_filter(const std::string& f, std::string v)
{
    if (f == "upper")
        v = ascii_upper(v);
    else if (f == "lower")
        v = ascii_lower(v);
    else if (f == "length")
        v = std::to_string(v.size());
    else if (f == "trim")
        v = std::string(trim(v, kBlankOrNewline));
    return v;
}

} // namespace

std::string TemplateError::to_string() const
{
    return "at character " + std::to_string(offset + 1) + ": " + message;
}

std::string HttpTemplate::known_variables()
{
    return "method, path, query, body, host, time, date, query.NAME, form.NAME, header.NAME, "
           "param.NAME, kv.NAME, client.ip, client.port, server.ip, server.port";
}

std::string html_escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

Result<HttpTemplate, TemplateError> HttpTemplate::compile(std::string_view text)
{
    HttpTemplate t;
    t.m_source = std::string(text);
    size_t pos = 0;
    while (pos < text.size()) {
        size_t open = text.find("{{", pos);
        if (open == std::string_view::npos) {
            t.m_pieces.push_back({std::string(text.substr(pos)), -1});
            break;
        }
        if (open > pos) t.m_pieces.push_back({std::string(text.substr(pos, open - pos)), -1});
        size_t close = text.find("}}", open + 2);
        if (close == std::string_view::npos)
            return fail(TemplateError{open, "\"{{\" is never closed: end the placeholder with }}"});
        std::string_view inner = text.substr(open + 2, close - open - 2);
        auto p = PlaceholderParser(inner, open + 2).parse(inner);
        if (!p) return fail(p.error());
        t.m_pieces.push_back({"", int(t.m_placeholders.size())});
        t.m_placeholders.push_back(std::move(p.value()));
        pos = close + 2;
    }
    return t;
}

bool HttpTemplate::has_placeholders() const
{
    return !m_placeholders.empty();
}

Result<std::string, std::string> HttpTemplate::render(const TemplateInput& in, Escape escape) const
{
    if (m_pieces.empty() && m_placeholders.empty()) return m_source;
    std::string out;
    for (const Piece& piece : m_pieces) {
        if (piece.placeholder < 0) {
            out += piece.literal;
            continue;
        }
        const Placeholder& p = m_placeholders[size_t(piece.placeholder)];
        std::string value;
        for (const Term& alt : p.alternatives) {
            auto v = term_value(alt, in);
            if (!v) return fail("{{" + p.text + "}}: " + v.error());
            value = std::move(v.value());
            if (!value.empty()) break;
        }
        for (const std::string& f : p.filters) value = apply_filter(f, std::move(value));
        if (escape == Escape::Html && !p.raw) value = html_escape(value);
        if (escape == Escape::Header)
            std::erase_if(value, [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
        out += value;
    }
    return out;
}

} // namespace wirelab::app
