// Display filters in Wireshark's syntax (a subset of wireshark-filter(4), version 4 semantics),
// evaluated over the fields the dissector (dissect.h) finds in a frame.
//
// Syntax:
//   filter     := or-expr, or nothing (an empty filter matches every frame)
//   or-expr    := xor-expr { ("or" | "||") xor-expr }
//   xor-expr   := and-expr { ("xor" | "^^") and-expr }
//   and-expr   := not-expr { ("and" | "&&") not-expr }
//   not-expr   := ("not" | "!") not-expr | "(" or-expr ")" | test
//   test       := FIELD                              presence: the field occurs in the frame
//               | FIELD relation VALUE               == != === !== < <= > >=, or eq ne all_eq
//                                                    any_ne lt le gt ge (any_eq for ==)
//               | FIELD "contains" VALUE             bytes or text fields, protocols ("frame")
//               | FIELD "in" "{" VALUE... "}"        members separated by spaces or commas;
//                                                    numbers may be ranges: {1024..2048}
//   VALUE      := 80, 0x50, 10.0.0.1, 10.0.0.0/8, 2001:db8::/32, 02:00:00:00:00:01, 1/0 or
//                 true/false for flags, "quoted text" (escapes \" \\ \n \r \t \xhh), or bytes
//                 47:45:54 for bytes fields.
// Keywords are case-insensitive; field names are lowercase Wireshark names ("ip" is IPv4).
// Precedence: not, then and, then xor, then or (use parentheses when mixing and/or).
//
// Semantics, as Wireshark 4:
// - A field may occur several times in a frame (ip.addr is both addresses; an ICMP error's
//   quoted datagram adds a second ip.src). Every test but the "all" ones is true when ANY
//   occurrence satisfies it: ip.addr == 10.0.0.1 matches traffic from or to 10.0.0.1.
// - != is "all not equal" (Wireshark 4's !=, also written all_ne): ip.addr != 10.0.0.1 is true
//   when NO address is 10.0.0.1 - the negation of ==. === (all_eq) wants every occurrence
//   equal; !== (any_ne) wants at least one different (Wireshark 3's old !=).
// - Every comparison is false when the frame lacks the field: ip.addr != 10.0.0.1 does not
//   match ARP frames, while !(ip.addr == 10.0.0.1) does.
// - An address compared with a CIDR prefix tests membership: ip.addr == 10.0.0.0/8.
// - A bare field tests presence only: tcp.flags.syn alone matches every TCP segment (the flag
//   field is always there); write tcp.flags.syn == 1. parse() adds a warning for that case.
//
// Errors name the 1-based column (in bytes) and the problem, and suggest the fix:
// "column 9: \"ip.adr\" is not a field (did you mean ip.addr?)".
#pragma once

#include "core/base/bytes.h"
#include "core/base/result.h"
#include "core/inspect/dissect.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::wire {

struct FilterError {
    uint32_t column = 0; // 1-based byte column of the offending text; end + 1 at the end
    uint32_t length = 0; // characters to underline (0 at the end of the text)
    std::string message; // "column 9: \"ip.adr\" is not a field (did you mean ip.addr?)"
};

namespace filter_detail {

enum class Op : uint8_t { Eq, Ne, AllEq, AnyNe, Lt, Le, Gt, Ge, Contains, In };

// A value to compare with, already in the form of the field it is compared with.
struct Literal {
    uint64_t number = 0;            // Uint, Bool
    uint64_t high = 0;              // Uint: upper end of a set range (== number otherwise)
    std::array<uint8_t, 16> addr{}; // Mac, Ipv4, Ipv6
    uint8_t prefix_len = 0;         // Ipv4, Ipv6: leading bits that must match
    bool is_prefix = false;         // written with a /len
    std::string bytes;              // Bytes, Protocol (raw bytes), Text
};

struct Node {
    enum class Kind : uint8_t { True, Exists, Compare, Not, And, Or, Xor };
    Kind kind = Kind::True;
    Op op = Op::Eq;
    const FieldSpec* field = nullptr; // Exists, Compare
    int32_t lhs = -1;                 // Not, And, Or, Xor: node indices
    int32_t rhs = -1;
    uint32_t first = 0; // Compare: literals [first, first + count)
    uint32_t count = 0;
};

} // namespace filter_detail

class DisplayFilter {
public:
    // The empty filter: matches every frame.
    DisplayFilter() = default;

    // Never crashes on any input; an error names the column and the problem.
    static Result<DisplayFilter, FilterError> parse(std::string_view text);

    // Dissects the frame (fields only, no text) and evaluates the filter.
    bool matches(ByteSpan frame) const;
    // Evaluates over fields already collected (collect_fields), e.g. to run several filters
    // over one frame, as lab checks do.
    bool matches(const FrameFields& fields) const;

    bool is_empty() const { return m_root < 0; }
    const std::string& text() const { return m_text; }
    // Advice about a valid filter that probably does not mean what it says, e.g.
    // "column 1: tcp.flags.syn alone matches every frame that has the field (every TCP
    // segment); write tcp.flags.syn == 1 to test the flag".
    const std::vector<std::string>& warnings() const { return m_warnings; }

private:
    friend class FilterParser;
    bool eval(int32_t node, const FrameFields& f) const;
    bool compare(const filter_detail::Node& n, const FrameFields& f) const;
    bool test(const filter_detail::Node& n, const FieldValue& v) const;

    std::string m_text;
    std::vector<filter_detail::Node> m_nodes;
    std::vector<filter_detail::Literal> m_literals;
    std::vector<std::string> m_warnings;
    std::vector<const FieldSpec*> m_wanted; // the fields the filter reads, for collect_fields
    int32_t m_root = -1;
};

} // namespace wirelab::wire
