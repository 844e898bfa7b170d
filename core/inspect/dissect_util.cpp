// Helpers shared by the protocol dissectors: byte views, checksums, names and previews.
#include "core/inspect/dissector.h"

#include "core/inspect/well_known_ports.h"
#include "core/wire/ip_prefix.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

namespace wirelab::wire::dissector {

MacAddr View::mac(size_t rel) const
{
    MacAddr a;
    if (has(rel, 6)) std::copy_n(&bytes[rel], 6, a.bytes.begin());
    return a;
}

Ipv4Addr View::ipv4(size_t rel) const
{
    Ipv4Addr a;
    if (has(rel, 4)) std::copy_n(&bytes[rel], 4, a.bytes.begin());
    return a;
}

Ipv6Addr View::ipv6(size_t rel) const
{
    Ipv6Addr a;
    if (has(rel, 16)) std::copy_n(&bytes[rel], 16, a.bytes.begin());
    return a;
}

View View::sub(size_t rel, size_t n) const
{
    if (rel > bytes.size()) rel = bytes.size();
    n = std::min(n, bytes.size() - rel);
    return View{bytes.subspan(rel, n), uint32_t(base + rel)};
}

std::optional<PseudoHeader> NetContext::pseudo_header() const
{
    switch (family) {
    case Family::V4: return PseudoHeader::v4(src4, dst4);
    case Family::V6: return PseudoHeader::v6(src6, dst6);
    case Family::None: break;
    }
    return std::nullopt;
}

std::string strf(const char* fmt, ...)
{
    char small[256];
    va_list args;
    va_start(args, fmt);
    int n = std::vsnprintf(small, sizeof small, fmt, args);
    va_end(args);
    if (n < 0) return {};
    if (size_t(n) < sizeof small) return std::string(small, size_t(n));
    std::string out(size_t(n), '\0');
    va_start(args, fmt);
    std::vsnprintf(out.data(), out.size() + 1, fmt, args);
    va_end(args);
    return out;
}

uint16_t expected_checksum(ByteSpan message, size_t field, uint32_t initial)
{
    // Both pieces start at even offsets of the message (field is even), as accumulate needs.
    uint32_t sum = checksum::accumulate(message.first(std::min(field, message.size())), initial);
    if (field + 2 < message.size()) sum = checksum::accumulate(message.subspan(field + 2), sum);
    return checksum::finish(sum);
}

void add_checksum(Builder& b, const FieldSpec& field, const FieldSpec& status, const View& v,
                  size_t rel, ChecksumStatus verdict, uint16_t expected, std::string_view who)
{
    uint16_t have = v.be16(rel);
    Field* f = b.add_uint(field, v, rel, 2, have);
    if (f) {
        switch (verdict) {
        case ChecksumStatus::Good: f->meaning = "[correct]"; break;
        case ChecksumStatus::Bad:
            f->meaning = strf("[incorrect, should be 0x%04x]", expected);
            break;
        case ChecksumStatus::Unverified: f->meaning = "[unverified]"; break;
        case ChecksumStatus::NotPresent: f->meaning = "[not present]"; break;
        }
    }
    b.open(f);
    static constexpr const char* kStatusText[] = {"Bad", "Good", "Unverified", "Not present"};
    Field* s = b.add_generated(status, v.sub(rel, 2), FieldValue::uint(uint8_t(verdict)));
    if (s) s->value = kStatusText[uint8_t(verdict)];
    b.close();
    if (verdict == ChecksumStatus::Bad && b.text())
        b.problem(strf("%.*s: checksum 0x%04x is incorrect, should be 0x%04x", int(who.size()),
                       who.data(), have, expected));
}

std::string_view ethertype_name(uint16_t type)
{
    switch (type) {
    case 0x0800: return "IPv4";
    case 0x0806: return "ARP";
    case 0x8035: return "RARP";
    case 0x8100: return "802.1Q Virtual LAN";
    case 0x86dd: return "IPv6";
    case 0x8847: return "MPLS label switched packet";
    case 0x888e: return "802.1X Authentication";
    case 0x88a8: return "802.1ad Provider Bridge (Q-in-Q)";
    case 0x88cc: return "802.1 Link Layer Discovery Protocol (LLDP)";
    case 0x9000: return "Configuration Test Protocol (loopback)";
    default: return {};
    }
}

std::string_view ip_protocol_name(uint8_t proto)
{
    switch (proto) {
    case 0: return "IPv6 Hop-by-Hop Option";
    case 1: return "ICMP";
    case 2: return "IGMP";
    case 4: return "IPIP";
    case 6: return "TCP";
    case 17: return "UDP";
    case 41: return "IPv6";
    case 43: return "Routing Header for IPv6";
    case 44: return "Fragment Header for IPv6";
    case 47: return "GRE";
    case 50: return "Encap Security Payload";
    case 51: return "Authentication Header";
    case 58: return "ICMPv6";
    case 59: return "No Next Header for IPv6";
    case 60: return "Destination Options for IPv6";
    case 89: return "OSPF IGP";
    case 103: return "PIM";
    case 112: return "VRRP";
    case 132: return "SCTP";
    default: return {};
    }
}

std::string mac_meaning(const MacAddr& a)
{
    if (a.is_broadcast()) return "broadcast: every station on the LAN";
    if (a.bytes[0] == 0x33 && a.bytes[1] == 0x33) return "IPv6 multicast (RFC 2464)";
    if (a.bytes[0] == 0x01 && a.bytes[1] == 0x00 && a.bytes[2] == 0x5e)
        return "IPv4 multicast (RFC 1112)";
    if (a.is_multicast()) return "multicast";
    if (a.bytes[0] & 0x02) return "unicast, locally administered";
    return strf("unicast, vendor OUI %02x:%02x:%02x", a.bytes[0], a.bytes[1], a.bytes[2]);
}

std::string ipv4_meaning(const Ipv4Addr& a)
{
    return std::string(range_label(range_class(a)));
}

std::string ipv6_meaning(const Ipv6Addr& a)
{
    if (a.is_multicast()) {
        Ipv6Addr all_nodes{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};
        Ipv6Addr all_routers{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}};
        if (a == all_nodes) return "multicast: all nodes on the link";
        if (a == all_routers) return "multicast: all routers on the link";
        bool solicited = a.bytes[0] == 0xff && a.bytes[1] == 0x02 && a.bytes[11] == 0x01 &&
                         a.bytes[12] == 0xff &&
                         std::all_of(&a.bytes[2], &a.bytes[11], [](uint8_t x) { return x == 0; });
        if (solicited)
            return strf("multicast: solicited-node group of addresses ending in %02x:%02x%02x",
                        a.bytes[13], a.bytes[14], a.bytes[15]);
    }
    return std::string(range_label(range_class(a)));
}

std::string port_meaning(uint16_t port, bool tcp)
{
    if (const WellKnownPort* p = find_port(port); p && (tcp ? p->tcp : p->udp))
        return std::string(p->service);
    if (port >= kEphemeralFirst) return "ephemeral (a client's own port)";
    return {};
}

std::string mac_column(const MacAddr& a)
{
    return a.is_broadcast() ? "Broadcast" : a.to_string();
}

std::string hex_preview(ByteSpan b, size_t max)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    size_t n = std::min(b.size(), max);
    out.reserve(2 * n + 3);
    for (size_t i = 0; i < n; ++i) {
        out += kHex[b[i] >> 4];
        out += kHex[b[i] & 15];
    }
    if (b.size() > max) out += "...";
    return out;
}

std::string text_preview(ByteSpan b, size_t max)
{
    if (b.empty()) return {};
    size_t printable = 0;
    for (uint8_t c : b) printable += (c >= 0x20 && c < 0x7f) || c == '\r' || c == '\n' || c == '\t';
    if (printable * 4 < b.size() * 3) return {}; // under 75% text: binary
    std::string out = "\"";
    size_t n = std::min(b.size(), max);
    for (size_t i = 0; i < n; ++i) {
        uint8_t c = b[i];
        if (c == '\r')
            out += "\\r";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (c == '"' || c == '\\')
            out += {'\\', char(c)};
        else if (c >= 0x20 && c < 0x7f)
            out += char(c);
        else
            out += '.';
    }
    out += b.size() > max ? "\"..." : "\"";
    return out;
}

} // namespace wirelab::wire::dissector
