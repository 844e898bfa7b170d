// DisplayFilter evaluation over the field occurrences of one frame (semantics in
// display_filter.h). Parsing is in display_filter_parse.cpp.
#include "core/inspect/display_filter.h"

#include <algorithm>
#include <cstring>

namespace wirelab::wire {

using filter_detail::Literal;
using filter_detail::Node;
using filter_detail::Op;

namespace {

bool prefix_match(const std::array<uint8_t, 16>& a, const Literal& l)
{
    unsigned bits = l.prefix_len;
    unsigned whole = bits / 8;
    if (std::memcmp(a.data(), l.addr.data(), whole) != 0) return false;
    unsigned rest = bits % 8;
    if (rest == 0) return true;
    uint8_t mask = uint8_t(0xff << (8 - rest));
    return (a[whole] & mask) == (l.addr[whole] & mask);
}

std::string_view as_view(ByteSpan b)
{
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

bool equal(FieldType type, const FieldValue& v, const Literal& l)
{
    switch (type) {
    case FieldType::Uint:
    case FieldType::Bool: return v.number >= l.number && v.number <= l.high;
    case FieldType::Mac: return std::memcmp(v.addr.data(), l.addr.data(), 6) == 0;
    case FieldType::Ipv4:
    case FieldType::Ipv6: return prefix_match(v.addr, l);
    case FieldType::Bytes:
    case FieldType::Protocol: return as_view(v.bytes) == l.bytes;
    case FieldType::Text: return v.text == l.bytes;
    case FieldType::None: return false;
    }
    return false;
}

// <0, 0, >0 as v is below, equal to or above the literal.
int order(FieldType type, const FieldValue& v, const Literal& l)
{
    switch (type) {
    case FieldType::Uint:
    case FieldType::Bool: return v.number < l.number ? -1 : v.number > l.number ? 1 : 0;
    case FieldType::Mac: return std::memcmp(v.addr.data(), l.addr.data(), 6);
    case FieldType::Ipv4: return std::memcmp(v.addr.data(), l.addr.data(), 4);
    case FieldType::Ipv6: return std::memcmp(v.addr.data(), l.addr.data(), 16);
    case FieldType::Bytes:
    case FieldType::Protocol: return as_view(v.bytes).compare(l.bytes);
    case FieldType::Text: return v.text.compare(l.bytes);
    case FieldType::None: return 0;
    }
    return 0;
}

bool contains(FieldType type, const FieldValue& v, const Literal& l)
{
    std::string_view hay = type == FieldType::Text ? std::string_view(v.text) : as_view(v.bytes);
    return hay.find(l.bytes) != std::string_view::npos;
}

} // namespace

bool DisplayFilter::matches(ByteSpan frame) const
{
    if (is_empty()) return true;
    FrameFields fields;
    collect_fields(frame, fields, m_wanted);
    return eval(m_root, fields);
}

bool DisplayFilter::matches(const FrameFields& fields) const
{
    return is_empty() || eval(m_root, fields);
}

bool DisplayFilter::eval(int32_t index, const FrameFields& f) const
{
    const Node& n = m_nodes[size_t(index)];
    switch (n.kind) {
    case Node::Kind::True: return true;
    case Node::Kind::Exists:
        return std::any_of(f.hits.begin(), f.hits.end(),
                           [&](const FieldHit& h) { return h.spec == n.field; });
    case Node::Kind::Compare: return compare(n, f);
    case Node::Kind::Not: return !eval(n.lhs, f);
    case Node::Kind::And: return eval(n.lhs, f) && eval(n.rhs, f);
    case Node::Kind::Or: return eval(n.lhs, f) || eval(n.rhs, f);
    case Node::Kind::Xor: return eval(n.lhs, f) != eval(n.rhs, f);
    }
    return false;
}

// Over every occurrence of the field: "all" operators need each to pass, the others one.
// Without any occurrence the comparison is false, whatever the operator.
bool DisplayFilter::compare(const Node& n, const FrameFields& f) const
{
    bool all = n.op == Op::Ne || n.op == Op::AllEq;
    bool seen = false;
    for (const FieldHit& h : f.hits) {
        if (h.spec != n.field) continue;
        seen = true;
        bool pass = test(n, h.value);
        if (all && !pass) return false;
        if (!all && pass) return true;
    }
    return all && seen;
}

bool DisplayFilter::test(const Node& n, const FieldValue& v) const
{
    FieldType type = n.field->type;
    const Literal& l = m_literals[n.first];
    switch (n.op) {
    case Op::Eq:
    case Op::AllEq: return equal(type, v, l);
    case Op::Ne:
    case Op::AnyNe: return !equal(type, v, l);
    case Op::Lt: return order(type, v, l) < 0;
    case Op::Le: return order(type, v, l) <= 0;
    case Op::Gt: return order(type, v, l) > 0;
    case Op::Ge: return order(type, v, l) >= 0;
    case Op::Contains: return contains(type, v, l);
    case Op::In:
        for (uint32_t i = 0; i < n.count; ++i)
            if (equal(type, v, m_literals[n.first + i])) return true;
        return false;
    }
    return false;
}

} // namespace wirelab::wire
