// Internal to the display filter (display_filter_lex.cpp, display_filter_parse.cpp): tokens,
// the lexer, field-name resolution with suggestions, and literal helpers.
#pragma once

#include "core/inspect/display_filter.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace wirelab::wire::filter_detail {

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

// Splits filter text into tokens; never fails: a problem becomes a Bad token, reported by the
// parser where it stands.
class Lexer {
public:
    explicit Lexer(std::string_view text) : m_text(text) {}
    Token next();

private:
    Token word(Token t);
    Token string(Token t);
    bool escape(Token& t); // after a backslash: appends the character or makes t Bad
    Token bad(Token t, char c);

    std::string_view m_text;
    size_t m_pos = 0;
};

// The spec of a field name or one of its accepted aliases (tcp.flags.rst), else nullptr.
const FieldSpec* resolve_field(std::string_view name);
// "\"ip.adr\" is not a field (did you mean ip.addr?)"
std::string unknown_field_message(std::string_view name);
// "a number", "an IPv4 address"...
std::string_view type_phrase(FieldType t);
bool has_alpha(std::string_view s);
// Decimal or 0x-hex; false on anything else or overflow of 64 bits.
bool parse_u64(std::string_view s, uint64_t& out);
// "47:45:54", "47-45-54", "47.45.54" or a single "47".
bool parse_hex_bytes(std::string_view s, std::string& out);

} // namespace wirelab::wire::filter_detail
