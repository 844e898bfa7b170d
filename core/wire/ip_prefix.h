// IPv4 and IPv6 prefixes in CIDR notation (RFC 4632, RFC 4291 §2.3), the family-agnostic
// IpAddr/IpPrefix, and the special-purpose range an address belongs to (RFC 6890 registries).
// /31 and /32 follow RFC 3021; IPv6 /127 and /128 follow RFC 6164.
#pragma once

#include "core/wire/address.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wirelab::wire {

// An IPv4 prefix as written: the address keeps its host bits, so "10.1.2.3/8" is host 10.1.2.3
// in network 10.0.0.0/8 (what an interface configuration means). len is 0..32; every method
// asserts that (a larger len is our bug: parse() never produces one).
struct Ipv4Prefix {
    Ipv4Addr addr;
    uint8_t len = 0;

    // "a.b.c.d/len". The course notes' abbreviated form "192.168.5/24" is accepted: missing
    // trailing octets are zero. Errors say what the text was and what is wrong with it:
    // "\"10.0.0.300/24\" is not an IPv4 prefix: octet 4 is 300, must be 0-255".
    static Result<Ipv4Prefix, AddrError> parse(std::string_view text);
    // From an address and a dotted netmask ("255.255.255.0"); fails on a non-contiguous mask.
    static Result<Ipv4Prefix, AddrError> from_netmask(Ipv4Addr addr, Ipv4Addr mask);
    static constexpr Ipv4Prefix host(Ipv4Addr a) { return {a, 32}; }

    Ipv4Addr network() const;   // host bits cleared
    Ipv4Addr netmask() const;   // 255.255.255.0 for /24
    Ipv4Addr wildcard() const;  // inverted netmask, 0.0.0.255 for /24 (ACL style)
    Ipv4Addr broadcast() const; // host bits set; only meaningful when has_broadcast()
    // /31 (RFC 3021 point-to-point) and /32 (a single host) have no directed broadcast.
    bool has_broadcast() const { return len <= 30; }
    // Usable host range: network+1 .. broadcast-1, except /31 (both addresses) and /32 (itself).
    Ipv4Addr first_host() const;
    Ipv4Addr last_host() const;
    uint64_t address_count() const { return uint64_t(1) << (32 - len); }
    uint64_t host_count() const; // 2^(32-len) - 2; /31 -> 2, /32 -> 1
    bool contains(Ipv4Addr a) const;
    bool contains(const Ipv4Prefix& p) const; // p is the same as or inside this network
    bool is_host_bits_set() const { return addr != network(); }
    Ipv4Prefix canonical() const { return {network(), len}; }
    // Splits network() into n equal subnets, in address order. n must be a power of two
    // (a count that is not fails and names the nearest power of two rather than silently
    // rounding: a student asking for 3 subnets should learn why it is 4), at most 65536, and the
    // subnets must still fit (a /30 splits into at most 4 /32s).
    Result<std::vector<Ipv4Prefix>, AddrError> subnets(unsigned n) const;
    std::string to_string() const; // as written: "10.1.2.3/8"
    bool operator==(const Ipv4Prefix&) const = default;
};

// An IPv6 prefix as written (host bits kept, like Ipv4Prefix). len is 0..128. IPv6 has no
// broadcast, so every address of the prefix is usable (RFC 6164 makes /127 two usable
// addresses; /128 is one). The subnet-router anycast address (RFC 4291 §2.6.1) is ignored.
struct Ipv6Prefix {
    Ipv6Addr addr;
    uint8_t len = 0;

    // "2001:db8::/32"; errors as for Ipv4Prefix::parse.
    static Result<Ipv6Prefix, AddrError> parse(std::string_view text);
    static Ipv6Prefix host(const Ipv6Addr& a) { return {a, 128}; }

    Ipv6Addr network() const;
    Ipv6Addr netmask() const; // ffff:ffff:ffff:ffff:: for /64
    Ipv6Addr first() const { return network(); }
    Ipv6Addr last() const;                            // all host bits set
    unsigned host_bits() const { return 128u - len; } // the prefix holds 2^host_bits addresses
    bool contains(const Ipv6Addr& a) const;
    bool contains(const Ipv6Prefix& p) const;
    bool is_host_bits_set() const { return addr != network(); }
    Ipv6Prefix canonical() const { return {network(), len}; }
    // As Ipv4Prefix::subnets (power of two, at most 65536, must fit in /128).
    Result<std::vector<Ipv6Prefix>, AddrError> subnets(unsigned n) const;
    std::string to_string() const; // canonical address text + "/len": "2001:db8::1/64"
    bool operator==(const Ipv6Prefix&) const = default;
};

// Total orders for sorted containers and deterministic output: by address, then length.
// (Written out because Emscripten's libc++ has no operator<=> for std::array.)
bool operator<(const Ipv4Prefix& a, const Ipv4Prefix& b);
bool operator<(const Ipv6Prefix& a, const Ipv6Prefix& b);

// An address of either family. The family is decided by the text: IPv6 text always has a ':'
// and IPv4 text never does, so parse() never guesses.
struct IpAddr {
    std::variant<Ipv4Addr, Ipv6Addr> value;

    IpAddr() = default; // 0.0.0.0
    IpAddr(const Ipv4Addr& a) : value(a) {}
    IpAddr(const Ipv6Addr& a) : value(a) {}

    // Errors: "\"10.0.0.300\" is not an IPv4 address: octet 4 is 300, must be 0-255".
    static Result<IpAddr, AddrError> parse(std::string_view text);
    bool is_v4() const { return value.index() == 0; }
    bool is_v6() const { return value.index() == 1; }
    const Ipv4Addr& v4() const; // asserts is_v4()
    const Ipv6Addr& v6() const; // asserts is_v6()
    std::string to_string() const;
    bool operator==(const IpAddr&) const = default;
};

// A prefix of either family (routes, firewall rules, scenario files).
struct IpPrefix {
    std::variant<Ipv4Prefix, Ipv6Prefix> value;

    IpPrefix() = default; // 0.0.0.0/0
    IpPrefix(const Ipv4Prefix& p) : value(p) {}
    IpPrefix(const Ipv6Prefix& p) : value(p) {}

    static Result<IpPrefix, AddrError> parse(std::string_view text);
    // A prefix, or a bare address taken as a single host (/32 or /128): "10.0.0.1" is 10.0.0.1/32.
    static Result<IpPrefix, AddrError> parse_or_host(std::string_view text);
    static IpPrefix host(const IpAddr& a);
    bool is_v4() const { return value.index() == 0; }
    bool is_v6() const { return value.index() == 1; }
    const Ipv4Prefix& v4() const; // asserts is_v4()
    const Ipv6Prefix& v6() const; // asserts is_v6()
    unsigned len() const;
    IpAddr addr() const;    // as written
    IpAddr network() const; // host bits cleared
    IpPrefix canonical() const;
    bool contains(const IpAddr& a) const; // false across families
    bool is_host_bits_set() const;
    std::string to_string() const;
    bool operator==(const IpPrefix&) const = default;
};

// IPv4 before IPv6, then by value.
bool operator<(const IpAddr& a, const IpAddr& b);
bool operator<(const IpPrefix& a, const IpPrefix& b);

// The special-purpose range (RFC 6890 and the IANA registries) an address or prefix lies in.
enum class RangeClass : uint8_t {
    Public,            // IPv4 outside every special block; IPv6 global unicast 2000::/3
    Unspecified,       // 0.0.0.0, ::
    ThisNetwork,       // 0.0.0.0/8 (RFC 791)
    Loopback,          // 127.0.0.0/8, ::1
    Private,           // RFC 1918
    CarrierGradeNat,   // 100.64.0.0/10 (RFC 6598)
    LinkLocal,         // 169.254.0.0/16, fe80::/10
    IetfProtocol,      // 192.0.0.0/24 (RFC 6890)
    Documentation,     // RFC 5737 TEST-NET-1/2/3
    Ipv6Documentation, // 2001:db8::/32 (RFC 3849)
    Benchmarking,      // 198.18.0.0/15 (RFC 2544)
    Multicast,         // 224.0.0.0/4, ff00::/8
    Reserved,          // 240.0.0.0/4; IPv6 space outside the blocks listed here
    LimitedBroadcast,  // 255.255.255.255
    Ipv4Mapped,        // ::ffff:0:0/96
    Nat64,             // 64:ff9b::/96 (RFC 6052)
    DiscardOnly,       // 100::/64 (RFC 6666)
    Teredo,            // 2001::/32 (RFC 4380)
    SixToFour,         // 2002::/16 (RFC 3056)
    UniqueLocal,       // fc00::/7 (RFC 4193)
    Mixed,             // a prefix that spans a special block and other space
    Everything,        // 0.0.0.0/0, ::/0
};

// "private (RFC 1918)", "loopback", "documentation (RFC 5737)", "public", ...
std::string_view range_label(RangeClass c);

// An address's class is that of the most specific block holding it. A prefix's class is that of
// the most specific block holding all of it; Mixed if it only partly overlaps special space.
RangeClass range_class(Ipv4Addr a);
RangeClass range_class(const Ipv6Addr& a);
RangeClass range_class(const Ipv4Prefix& p);
RangeClass range_class(const Ipv6Prefix& p);
RangeClass range_class(const IpAddr& a);
RangeClass range_class(const IpPrefix& p);

// Bit helpers shared with PrefixTable.
namespace detail {

struct U128 {
    uint64_t hi = 0;
    uint64_t lo = 0;
    bool operator==(const U128&) const = default;
};
inline bool operator<(const U128& a, const U128& b)
{
    return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
}

constexpr uint32_t mask32(unsigned len)
{
    return len == 0 ? 0u : ~uint32_t(0) << (32 - len);
}
// Inline: PrefixTable computes one per prefix length it probes.
constexpr U128 mask128(unsigned len)
{
    if (len == 0) return {};
    if (len <= 64) return {~uint64_t(0) << (64 - len), 0};
    if (len >= 128) return {~uint64_t(0), ~uint64_t(0)};
    return {~uint64_t(0), ~uint64_t(0) << (128 - len)};
}
U128 to_u128(const Ipv6Addr& a);
Ipv6Addr from_u128(U128 v);
inline U128 and128(U128 a, U128 b)
{
    return {a.hi & b.hi, a.lo & b.lo};
}

} // namespace detail

} // namespace wirelab::wire
