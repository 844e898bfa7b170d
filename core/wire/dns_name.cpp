// DNS names: text form, label access, comparisons, reverse-mapping names.
#include "core/wire/dns_name.h"

#include "core/base/assert.h"
#include "core/base/text.h"

#include <algorithm>
#include <vector>

namespace wirelab::wire::dns {

namespace {

// Offsets of each label's length byte in a wire-labels string.
std::vector<size_t> label_offsets(std::string_view wire)
{
    std::vector<size_t> offs;
    for (size_t i = 0; i < wire.size(); i += 1 + uint8_t(wire[i])) offs.push_back(i);
    return offs;
}

Result<Ok, WireFault> check_total(size_t wire_labels_len)
{
    if (wire_labels_len + 1 > kMaxNameLen)
        return fault(WireError::BadLength, "dns name: %u bytes in wire form, at most %u",
                     uint32_t(wire_labels_len + 1), uint32_t(kMaxNameLen));
    return Ok{};
}

Result<Ok, WireFault> append_label(std::string& wire, std::string_view label, size_t index)
{
    if (label.empty())
        return fault(WireError::Malformed,
                     "dns name: label %u is empty (two dots in a row, or a "
                     "leading dot)",
                     uint32_t(index));
    if (label.size() > kMaxLabelLen)
        return fault(WireError::BadLength, "dns name: label %u is %u bytes long, at most 63",
                     uint32_t(index), uint32_t(label.size()));
    wire += char(label.size());
    wire += label;
    return check_total(wire.size());
}

// Reads "\X" or "\DDD" at text[i] (the backslash); returns the byte and advances i.
Result<uint8_t, WireFault> read_escape(std::string_view text, size_t& i)
{
    auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    if (i + 1 >= text.size())
        return fault(WireError::Malformed,
                     "dns name: the backslash at character %u escapes nothing", uint32_t(i + 1));
    if (!is_digit(text[i + 1])) {
        i += 2;
        return uint8_t(text[i - 1]);
    }
    bool three = i + 3 < text.size() && is_digit(text[i + 2]) && is_digit(text[i + 3]);
    unsigned v = three ? unsigned(text[i + 1] - '0') * 100 + unsigned(text[i + 2] - '0') * 10 +
                             unsigned(text[i + 3] - '0')
                       : 256;
    if (v > 255)
        return fault(WireError::Malformed,
                     "dns name: escape at character %u must be \\DDD with DDD from 000 to 255",
                     uint32_t(i + 1));
    i += 4;
    return uint8_t(v);
}

bool is_special(uint8_t c)
{
    return c == '.' || c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@' ||
           c == '$';
}

void append_escaped(std::string& out, std::string_view label)
{
    for (char ch : label) {
        auto c = uint8_t(ch);
        if (is_special(c)) {
            out += '\\';
            out += ch;
        } else if (c < 0x21 || c > 0x7e) {
            out += '\\';
            out += char('0' + c / 100);
            out += char('0' + c / 10 % 10);
            out += char('0' + c % 10);
        } else {
            out += ch;
        }
    }
}

// Strictly the decimal form of 0..255 (no sign, no leading zero).
std::optional<uint8_t> decimal_octet(std::string_view s)
{
    if (s.empty() || s.size() > 3 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
    unsigned v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + unsigned(c - '0');
    }
    return v <= 255 ? std::optional<uint8_t>(uint8_t(v)) : std::nullopt;
}

std::optional<uint8_t> hex_nibble(std::string_view s)
{
    if (s.size() != 1) return std::nullopt;
    char c = ascii_lower(s[0]);
    if (c >= '0' && c <= '9') return uint8_t(c - '0');
    if (c >= 'a' && c <= 'f') return uint8_t(c - 'a' + 10);
    return std::nullopt;
}

bool ends_with_labels(const Name& n, std::string_view second_last, std::string_view last)
{
    size_t k = n.label_count();
    return k >= 2 && iequals(n.label(k - 2), second_last) && iequals(n.label(k - 1), last);
}

} // namespace

Result<Name, WireFault> Name::from_text(std::string_view text)
{
    if (text.empty())
        return fault(WireError::Malformed, "dns name: empty text (the root is written \".\")");
    Name n;
    if (text == ".") return n;
    std::string label;
    size_t index = 1;
    size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '.') {
            if (auto ok = append_label(n.m_wire, label, index++); !ok) return fail(ok.error());
            label.clear();
            ++i;
        } else if (c == '\\') {
            auto b = read_escape(text, i);
            if (!b) return fail(b.error());
            label += char(b.value());
        } else {
            label += c;
            ++i;
        }
    }
    if (!label.empty())
        if (auto ok = append_label(n.m_wire, label, index); !ok) return fail(ok.error());
    return n;
}

std::string Name::to_text() const
{
    if (is_root()) return ".";
    std::string out;
    for (size_t off : label_offsets(m_wire)) {
        append_escaped(out, std::string_view(m_wire).substr(off + 1, uint8_t(m_wire[off])));
        out += '.';
    }
    return out;
}

size_t Name::label_count() const
{
    return label_offsets(m_wire).size();
}

std::string_view Name::label(size_t i) const
{
    auto offs = label_offsets(m_wire);
    WIRELAB_ASSERT(i < offs.size() && "dns::Name::label: index past the last label");
    return std::string_view(m_wire).substr(offs[i] + 1, uint8_t(m_wire[offs[i]]));
}

bool Name::is_subdomain_of(const Name& ancestor) const
{
    size_t n = ancestor.m_wire.size();
    if (n > m_wire.size()) return false;
    size_t start = m_wire.size() - n;
    auto offs = label_offsets(m_wire);
    bool on_boundary =
        start == m_wire.size() || std::find(offs.begin(), offs.end(), start) != offs.end();
    return on_boundary && iequals(std::string_view(m_wire).substr(start), ancestor.m_wire);
}

Name Name::parent() const
{
    Name p;
    if (!is_root()) p.m_wire = m_wire.substr(1 + uint8_t(m_wire[0]));
    return p;
}

Result<Name, WireFault> Name::child(std::string_view label) const
{
    Name c;
    if (auto ok = append_label(c.m_wire, label, 1); !ok) return fail(ok.error());
    c.m_wire += m_wire;
    if (auto ok = check_total(c.m_wire.size()); !ok) return fail(ok.error());
    return c;
}

Result<Name, WireFault> Name::concat(const Name& suffix) const
{
    if (auto ok = check_total(m_wire.size() + suffix.m_wire.size()); !ok) return fail(ok.error());
    Name c;
    c.m_wire = m_wire + suffix.m_wire;
    return c;
}

Name Name::from_wire_labels(std::string wire)
{
    size_t i = 0;
    while (i < wire.size()) {
        auto len = uint8_t(wire[i]);
        WIRELAB_ASSERT(len >= 1 && len <= kMaxLabelLen && i + 1 + len <= wire.size() &&
                       "dns::Name::from_wire_labels: bad label length");
        i += 1 + len;
    }
    WIRELAB_ASSERT(wire.size() + 1 <= kMaxNameLen && "dns::Name::from_wire_labels: name too long");
    Name n;
    n.m_wire = std::move(wire);
    return n;
}

bool Name::operator==(const Name& o) const
{
    // Length bytes are at most 63, below 'A', so folding the whole string is safe.
    return iequals(m_wire, o.m_wire);
}

bool Name::operator<(const Name& o) const
{
    auto a = label_offsets(m_wire), b = label_offsets(o.m_wire);
    for (size_t k = 1; k <= std::min(a.size(), b.size()); ++k) {
        size_t oa = a[a.size() - k], ob = b[b.size() - k];
        std::string_view la = std::string_view(m_wire).substr(oa + 1, uint8_t(m_wire[oa]));
        std::string_view lb = std::string_view(o.m_wire).substr(ob + 1, uint8_t(o.m_wire[ob]));
        bool less = std::lexicographical_compare(
            la.begin(), la.end(), lb.begin(), lb.end(),
            [](char x, char y) { return uint8_t(ascii_lower(x)) < uint8_t(ascii_lower(y)); });
        if (less) return true;
        if (!iequals(la, lb)) return false;
    }
    return a.size() < b.size();
}

Name reverse_name(const Ipv4Addr& addr)
{
    std::string wire;
    for (int i = 3; i >= 0; --i) {
        std::string d = std::to_string(addr.bytes[size_t(i)]);
        wire += char(d.size());
        wire += d;
    }
    wire += "\x07"
            "in-addr"
            "\x04"
            "arpa";
    return Name::from_wire_labels(std::move(wire));
}

Name reverse_name(const Ipv6Addr& addr)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string wire;
    for (int i = 15; i >= 0; --i) {
        uint8_t b = addr.bytes[size_t(i)];
        wire += '\x01';
        wire += kHex[b & 0xf];
        wire += '\x01';
        wire += kHex[b >> 4];
    }
    wire += "\x03"
            "ip6"
            "\x04"
            "arpa";
    return Name::from_wire_labels(std::move(wire));
}

std::optional<Ipv4Addr> ipv4_from_reverse(const Name& name)
{
    if (name.label_count() != 6 || !ends_with_labels(name, "in-addr", "arpa")) return std::nullopt;
    Ipv4Addr a;
    for (size_t i = 0; i < 4; ++i) {
        auto octet = decimal_octet(name.label(i));
        if (!octet) return std::nullopt;
        a.bytes[3 - i] = *octet;
    }
    return a;
}

std::optional<Ipv6Addr> ipv6_from_reverse(const Name& name)
{
    if (name.label_count() != 34 || !ends_with_labels(name, "ip6", "arpa")) return std::nullopt;
    Ipv6Addr a;
    for (size_t i = 0; i < 32; ++i) {
        auto nib = hex_nibble(name.label(i));
        if (!nib) return std::nullopt;
        size_t byte = 15 - i / 2;
        a.bytes[byte] |= uint8_t(i % 2 == 0 ? *nib : *nib << 4);
    }
    return a;
}

} // namespace wirelab::wire::dns
