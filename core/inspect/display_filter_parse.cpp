// DisplayFilter::parse: a recursive-descent parser over display_filter_lex.h's tokens, with the
// type checks of values against their fields (grammar in display_filter.h). Every error names
// the column and says what to write instead.
#include "core/inspect/display_filter.h"

#include "core/base/text.h"
#include "core/inspect/display_filter_lex.h"
#include "core/inspect/dissector.h"
#include "core/inspect/well_known_ports.h"
#include "core/wire/ip_prefix.h"

#include <algorithm>
#include <cctype>

namespace wirelab::wire {

using namespace filter_detail;

class FilterParser {
public:
    FilterParser(std::string_view text, DisplayFilter& out) : m_lex(text), m_out(out) { advance(); }

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

    template <class Next>
    NodeResult parse_binary(Tok op, Node::Kind kind, Next next)
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
        // "tcp.port == http": http is a protocol too, but the port hint says more.
        bool port_name = field.name.ends_with("port") && find_port(t.text);
        if (!lit && t.kind == Tok::Word && resolve_field(t.text) && field.type != FieldType::Text &&
            !port_name)
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
        std::string w = ascii_lower(t.text);
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
