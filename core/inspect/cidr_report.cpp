// describe_cidr(): ipcalc-style rows for IPv4 and IPv6 prefixes.
#include "core/inspect/cidr_report.h"

namespace wirelab::wire {
namespace {

void add(CidrReport& r, std::string key, std::string label, std::string value)
{
    r.rows.push_back({std::move(key), std::move(label), std::move(value)});
}

// Why the address someone typed is special within its prefix, or "" when it is not.
std::string ipv4_note(const Ipv4Prefix& p, bool bare)
{
    if (bare) return "no prefix length given: described as a single host (/32)";
    std::string net = p.canonical().to_string();
    if (p.len == 31) return "a /31 is a point-to-point link: both addresses are hosts (RFC 3021)";
    if (!p.is_host_bits_set()) return "";
    if (p.has_broadcast() && p.addr == p.broadcast())
        return p.addr.to_string() + " is the broadcast address of " + net + ", not a usable host";
    return "host bits are set: " + p.addr.to_string() + " is a host in " + net +
           ", not the network address";
}

CidrReport describe_ipv4(const Ipv4Prefix& p, bool bare)
{
    CidrReport r;
    add(r, "address", "Address", p.addr.to_string());
    add(r, "network", "Network", p.canonical().to_string());
    add(r, "netmask", "Netmask", p.netmask().to_string() + " = " + std::to_string(p.len));
    add(r, "wildcard", "Wildcard", p.wildcard().to_string());
    std::string broadcast = p.has_broadcast() ? p.broadcast().to_string()
                            : p.len == 31     ? "none (point-to-point link, RFC 3021)"
                                              : "none (single host)";
    add(r, "broadcast", "Broadcast", broadcast);
    add(r, "first_host", "First host", p.first_host().to_string());
    add(r, "last_host", "Last host", p.last_host().to_string());
    add(r, "hosts", "Hosts", std::to_string(p.host_count()));
    add(r, "address_space", "Address space", std::string(range_label(range_class(p))));
    if (std::string note = ipv4_note(p, bare); !note.empty()) add(r, "note", "Note", note);
    return r;
}

// All eight groups, four hex digits each: "2001:0db8:0000:...".
std::string expanded(const Ipv6Addr& a)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < 16; ++i) {
        if (i && i % 2 == 0) out += ':';
        out += kHex[a.bytes[i] >> 4];
        out += kHex[a.bytes[i] & 15];
    }
    return out;
}

// 2^bits written out while that is easy to read, then as a power of two.
std::string address_count(unsigned bits)
{
    if (bits <= 20) return std::to_string(uint64_t(1) << bits);
    return "2^" + std::to_string(bits);
}

std::string ipv6_note(const Ipv6Prefix& p, bool bare)
{
    if (bare) return "no prefix length given: described as a single address (/128)";
    if (p.len == 127)
        return "a /127 is a point-to-point link: both addresses are usable (RFC 6164)";
    if (p.is_host_bits_set())
        return "host bits are set: " + p.addr.to_string() + " is an address in " +
               p.canonical().to_string() + ", not the network prefix";
    return "";
}

CidrReport describe_ipv6(const Ipv6Prefix& p, bool bare)
{
    CidrReport r;
    add(r, "address", "Address", p.addr.to_string());
    add(r, "expanded", "Expanded", expanded(p.addr));
    add(r, "network", "Network", p.canonical().to_string());
    add(r, "prefix_length", "Prefix length", std::to_string(p.len));
    add(r, "first_address", "First address", p.first().to_string());
    add(r, "last_address", "Last address", p.last().to_string());
    add(r, "addresses", "Addresses", address_count(p.host_bits()));
    add(r, "address_space", "Address space", std::string(range_label(range_class(p))));
    if (std::string note = ipv6_note(p, bare); !note.empty()) add(r, "note", "Note", note);
    return r;
}

} // namespace

const CidrRow* CidrReport::find(std::string_view key) const
{
    for (const CidrRow& row : rows)
        if (row.key == key) return &row;
    return nullptr;
}

Result<CidrReport, AddrError> describe_cidr(std::string_view text)
{
    auto p = IpPrefix::parse_or_host(text);
    if (!p) return fail(p.error());
    bool bare = text.find('/') == std::string_view::npos;
    return p->is_v4() ? describe_ipv4(p->v4(), bare) : describe_ipv6(p->v6(), bare);
}

} // namespace wirelab::wire
