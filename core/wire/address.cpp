// MAC, IPv4 and IPv6 text parsing and formatting, and the special-address predicates.
// IPv6 input follows RFC 4291 §2.2; output is the RFC 5952 canonical form.
//
// Index:
//   [SECTION] Helpers
//   [SECTION] MacAddr
//   [SECTION] Ipv4Addr
//   [SECTION] Ipv6Addr parse
//   [SECTION] Ipv6Addr format and derived addresses
#include "core/wire/address.h"

#include "core/base/text.h"

#include <vector>

namespace wirelab::wire {

// ===================================================================================== [SECTION]
// Helpers
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

std::string quoted(std::string_view s)
{
    return "\"" + std::string(s) + "\"";
}

AddrError error(std::string message)
{
    return AddrError{std::move(message)};
}

void append_u8_decimal(std::string& out, uint8_t v)
{
    if (v >= 100) out += char('0' + v / 100);
    if (v >= 10) out += char('0' + v / 10 % 10);
    out += char('0' + v % 10);
}

// One decimal octet of a dotted quad; `index` is 1-based for the message.
Result<uint8_t, AddrError> parse_octet(std::string_view s, size_t index)
{
    std::string n = std::to_string(index);
    if (s.empty()) return fail(error("empty octet " + n));
    for (char c : s)
        if (!is_digit(c))
            return fail(error("octet " + n + " " + quoted(s) + " is not a decimal number"));
    // Leading zeros are refused because inet_aton() and many C libraries read "010" as octal 8.
    if (s.size() > 1 && s[0] == '0')
        return fail(
            error("octet " + n + " " + quoted(s) + " has a leading zero (ambiguous octal)"));
    if (s.size() > 3)
        return fail(error("octet " + n + " is " + std::string(s) + ", must be 0-255"));
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    if (v > 255) return fail(error("octet " + n + " is " + std::string(s) + ", must be 0-255"));
    return uint8_t(v);
}

// Dotted decimal with between min_octets and 4 octets; missing trailing octets are zero.
Result<Ipv4Addr, AddrError> parse_dotted(std::string_view text, size_t min_octets)
{
    if (text.empty()) return fail(error("address is empty"));
    if (text.find(':') != std::string_view::npos)
        return fail(error("contains ':' (an IPv6 address?); an IPv4 address is a dotted quad like "
                          "192.168.0.1"));
    std::vector<std::string_view> parts = split(text, '.');
    std::string expected = min_octets == 4
                               ? "expected 4 octets"
                               : "expected " + std::to_string(min_octets) + " to 4 octets";
    // More than four parts: say so before complaining about one of them ("1.2.3.4." has five).
    if (parts.size() > 4) return fail(error(expected + ", found " + std::to_string(parts.size())));
    Ipv4Addr addr;
    for (size_t i = 0; i < parts.size(); ++i) {
        auto octet = parse_octet(parts[i], i + 1);
        if (!octet) return fail(octet.error());
        addr.bytes[i] = *octet;
    }
    if (parts.size() < min_octets)
        return fail(error(expected + ", found " + std::to_string(parts.size())));
    return addr;
}

} // namespace

// ===================================================================================== [SECTION]
// MacAddr

Result<MacAddr, AddrError> MacAddr::parse(std::string_view text)
{
    if (text.empty()) return fail(error("address is empty"));
    bool colon = text.find(':') != std::string_view::npos;
    bool dash = text.find('-') != std::string_view::npos;
    if (colon && dash) return fail(error("mixes ':' and '-' separators; use one of them"));
    std::vector<std::string_view> parts = split(text, dash ? '-' : ':');
    if (parts.size() != 6)
        return fail(error("expected 6 bytes separated by ':' or '-', found " +
                          std::to_string(parts.size())));
    MacAddr mac;
    for (size_t i = 0; i < 6; ++i) {
        std::string_view p = parts[i];
        if (p.size() != 2 || hex_value(p[0]) < 0 || hex_value(p[1]) < 0)
            return fail(error("byte " + std::to_string(i + 1) + " " + quoted(p) +
                              " is not two hex digits"));
        mac.bytes[i] = uint8_t(hex_value(p[0]) * 16 + hex_value(p[1]));
    }
    return mac;
}

std::string MacAddr::to_string() const
{
    std::string out;
    out.reserve(17);
    for (size_t i = 0; i < 6; ++i) {
        if (i) out += ':';
        out += kHexDigits[bytes[i] >> 4];
        out += kHexDigits[bytes[i] & 15];
    }
    return out;
}

// ===================================================================================== [SECTION]
// Ipv4Addr

Result<Ipv4Addr, AddrError> Ipv4Addr::parse(std::string_view text)
{
    return parse_dotted(text, 4);
}

Result<Ipv4Addr, AddrError> Ipv4Addr::parse_abbreviated(std::string_view text)
{
    return parse_dotted(text, 1);
}

std::string Ipv4Addr::to_string() const
{
    std::string out;
    out.reserve(15);
    for (size_t i = 0; i < 4; ++i) {
        if (i) out += '.';
        append_u8_decimal(out, bytes[i]);
    }
    return out;
}

bool Ipv4Addr::is_private() const
{
    // RFC 1918 §3: 10/8, 172.16/12, 192.168/16.
    return bytes[0] == 10 || (bytes[0] == 172 && (bytes[1] & 0xf0) == 16) ||
           (bytes[0] == 192 && bytes[1] == 168);
}

bool Ipv4Addr::is_documentation() const
{
    // RFC 5737 §3: TEST-NET-1, TEST-NET-2, TEST-NET-3.
    uint32_t net = to_u32() & 0xffffff00u;
    return net == 0xc0000200u || net == 0xc6336400u || net == 0xcb007100u;
}

// ===================================================================================== [SECTION]
// Ipv6Addr parse (RFC 4291 §2.2)
namespace {

// Groups past the eighth are counted but not stored, so the error can say how many were written.
struct GroupList {
    uint16_t groups[8] = {};
    size_t count = 0;
    void push(uint16_t g)
    {
        if (count < 8) groups[count] = g;
        ++count;
    }
};

// Appends the colon-separated groups of one side of "::". `last_side` is true for the side that
// ends the address, the only place an embedded IPv4 address may stand (RFC 4291 §2.2 form 3).
Result<Ok, AddrError> parse_groups(std::string_view part, bool last_side, bool head_side,
                                   size_t first_index, GroupList& out)
{
    if (part.empty()) return Ok{};
    std::vector<std::string_view> pieces = split(part, ':');
    for (size_t i = 0; i < pieces.size(); ++i) {
        std::string_view p = pieces[i];
        std::string n = std::to_string(first_index + out.count);
        if (p.empty()) {
            if (i == 0 && head_side) return fail(error("starts with a single ':'"));
            if (i + 1 == pieces.size()) return fail(error("ends with a single ':'"));
            return fail(error("empty group " + n));
        }
        if (p.find('.') != std::string_view::npos) {
            if (!last_side || i + 1 != pieces.size())
                return fail(error("embedded IPv4 " + quoted(p) + " must be the last 32 bits"));
            auto v4 = Ipv4Addr::parse(p);
            if (!v4) return fail(error("embedded IPv4 " + quoted(p) + ": " + v4.error().message));
            out.push(uint16_t((v4->bytes[0] << 8) | v4->bytes[1]));
            out.push(uint16_t((v4->bytes[2] << 8) | v4->bytes[3]));
            continue;
        }
        if (p.size() > 4)
            return fail(error("group " + n + " " + quoted(p) + " has more than 4 hex digits"));
        unsigned v = 0;
        for (char c : p) {
            int h = hex_value(c);
            if (h < 0) return fail(error("group " + n + " " + quoted(p) + " is not hexadecimal"));
            v = v * 16 + unsigned(h);
        }
        out.push(uint16_t(v));
    }
    return Ok{};
}

Result<Ok, AddrError> precheck_ipv6(std::string_view text)
{
    if (text.empty()) return fail(error("address is empty"));
    size_t pct = text.find('%');
    if (pct != std::string_view::npos)
        return fail(error("zone index " + quoted(text.substr(pct)) + " is not supported here"));
    if (text.find(':') == std::string_view::npos)
        return fail(error("no ':' (an IPv4 address?); an IPv6 address looks like 2001:db8::1"));
    if (text.find(":::") != std::string_view::npos)
        return fail(error("\":::\" is not valid; \"::\" stands for one or more zero groups"));
    size_t dbl = text.find("::");
    if (dbl != std::string_view::npos && text.find("::", dbl + 1) != std::string_view::npos)
        return fail(error("more than one \"::\" (only one run of zero groups may be compressed)"));
    return Ok{};
}

} // namespace

Result<Ipv6Addr, AddrError> Ipv6Addr::parse(std::string_view text)
{
    if (auto pre = precheck_ipv6(text); !pre) return fail(pre.error());
    size_t dbl = text.find("::");
    bool has_dbl = dbl != std::string_view::npos;
    std::string_view head = has_dbl ? text.substr(0, dbl) : text;
    std::string_view tail = has_dbl ? text.substr(dbl + 2) : std::string_view{};

    GroupList h, t;
    if (auto r = parse_groups(head, !has_dbl, true, 1, h); !r) return fail(r.error());
    if (auto r = parse_groups(tail, true, false, h.count + 1, t); !r) return fail(r.error());
    size_t total = h.count + t.count;
    if (!has_dbl && total != 8)
        return fail(error("expected 8 groups, found " + std::to_string(total) +
                          " (use \"::\" to stand for a run of zero groups)"));
    // RFC 4291 §2.2: "::" indicates one or more groups of 16 bits of zeros.
    if (has_dbl && total > 7)
        return fail(error("\"::\" must stand for at least one zero group, but " +
                          std::to_string(total) + " groups are written"));

    Ipv6Addr a;
    for (size_t i = 0; i < h.count; ++i) {
        a.bytes[2 * i] = uint8_t(h.groups[i] >> 8);
        a.bytes[2 * i + 1] = uint8_t(h.groups[i]);
    }
    for (size_t i = 0; i < t.count; ++i) {
        size_t g = 8 - t.count + i;
        a.bytes[2 * g] = uint8_t(t.groups[i] >> 8);
        a.bytes[2 * g + 1] = uint8_t(t.groups[i]);
    }
    return a;
}

// ===================================================================================== [SECTION]
// Ipv6Addr format (RFC 5952) and derived addresses

namespace {

void append_hex_group(std::string& out, uint16_t g)
{
    // RFC 5952 §4.1: leading zeros MUST be suppressed; §4.3: lowercase.
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
        unsigned nib = (g >> shift) & 15u;
        if (nib == 0 && !started && shift != 0) continue;
        started = true;
        out += kHexDigits[nib];
    }
}

bool is_v4_mapped(const Ipv6Addr& a)
{
    for (size_t i = 0; i < 10; ++i)
        if (a.bytes[i] != 0) return false;
    return a.bytes[10] == 0xff && a.bytes[11] == 0xff;
}

} // namespace

std::string Ipv6Addr::to_string() const
{
    // RFC 5952 §5: IPv4-mapped addresses are written with the dotted-quad tail.
    if (is_v4_mapped(*this))
        return "::ffff:" + Ipv4Addr{{bytes[12], bytes[13], bytes[14], bytes[15]}}.to_string();

    // RFC 5952 §4.2: compress the longest run of zero groups, only if it is at least two groups
    // long (§4.2.2), and the first such run on a tie (§4.2.3).
    int best_start = -1, best_len = 0;
    for (int i = 0; i < 8;) {
        if (group(i) != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && group(j) == 0) ++j;
        if (j - i > best_len) best_start = i, best_len = j - i;
        i = j;
    }
    if (best_len < 2) best_start = -1;

    std::string out;
    out.reserve(39);
    bool need_colon = false;
    for (int i = 0; i < 8;) {
        if (i == best_start) {
            out += "::";
            need_colon = false;
            i += best_len;
            continue;
        }
        if (need_colon) out += ':';
        append_hex_group(out, group(i));
        need_colon = true;
        ++i;
    }
    return out;
}

bool Ipv6Addr::is_documentation() const
{
    return bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8;
}

Ipv6Addr Ipv6Addr::solicited_node() const
{
    // RFC 4291 §2.7.1: FF02:0:0:0:0:1:FFXX:XXXX, formed from the low-order 24 bits.
    Ipv6Addr s;
    s.bytes[0] = 0xff;
    s.bytes[1] = 0x02;
    s.bytes[11] = 0x01;
    s.bytes[12] = 0xff;
    s.bytes[13] = bytes[13];
    s.bytes[14] = bytes[14];
    s.bytes[15] = bytes[15];
    return s;
}

MacAddr Ipv6Addr::multicast_mac() const
{
    // RFC 2464 §7: 33-33 followed by the last four octets of the destination address.
    return MacAddr{{0x33, 0x33, bytes[12], bytes[13], bytes[14], bytes[15]}};
}

Ipv6Addr Ipv6Addr::link_local_from_mac(const MacAddr& mac)
{
    // RFC 4291 appendix A: insert FF-FE between the OUI and the rest, and invert the
    // universal/local bit ("u" bit, 0x02 of the first octet) to get the modified EUI-64.
    Ipv6Addr a;
    a.bytes[0] = 0xfe;
    a.bytes[1] = 0x80;
    a.bytes[8] = uint8_t(mac.bytes[0] ^ 0x02);
    a.bytes[9] = mac.bytes[1];
    a.bytes[10] = mac.bytes[2];
    a.bytes[11] = 0xff;
    a.bytes[12] = 0xfe;
    a.bytes[13] = mac.bytes[3];
    a.bytes[14] = mac.bytes[4];
    a.bytes[15] = mac.bytes[5];
    return a;
}

} // namespace wirelab::wire
