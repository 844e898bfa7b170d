// MAC, IPv4 and IPv6 addresses: plain values with parse/format. IPv6 text follows RFC 4291 §2.2
// on input and RFC 5952 (canonical form) on output.
#pragma once

#include "core/base/result.h"

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wirelab::wire {

namespace detail {
template <size_t N>
constexpr std::strong_ordering compare_bytes(const std::array<uint8_t, N>& a,
                                             const std::array<uint8_t, N>& b)
{
    for (size_t i = 0; i < N; ++i)
        if (a[i] != b[i])
            return a[i] < b[i] ? std::strong_ordering::less : std::strong_ordering::greater;
    return std::strong_ordering::equal;
}
} // namespace detail

// Why a piece of text is not an address or prefix; message() names the exact fault, e.g.
// "octet 4 is 300, must be 0-255".
struct AddrError {
    std::string message;
};

struct MacAddr {
    std::array<uint8_t, 6> bytes{};
    static constexpr MacAddr broadcast() { return {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}; }
    static Result<MacAddr, AddrError> parse(std::string_view text); // aa:bb:cc:dd:ee:ff or aa-bb-..
    std::string to_string() const;                                  // lowercase, colons
    bool is_broadcast() const { return *this == broadcast(); }
    bool is_multicast() const { return bytes[0] & 1; }
    bool is_unicast() const { return !is_multicast(); }
    // Written out, not defaulted: Emscripten's libc++ has no operator<=> for std::array, so a
    // defaulted one would be deleted there and `a < b` would only compile natively.
    std::strong_ordering operator<=>(const MacAddr& o) const
    {
        return detail::compare_bytes(bytes, o.bytes);
    }
    bool operator==(const MacAddr&) const = default;
};

struct Ipv4Addr {
    std::array<uint8_t, 4> bytes{};
    static constexpr Ipv4Addr from_u32(uint32_t v)
    {
        return {{uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)}};
    }
    constexpr uint32_t to_u32() const
    {
        return (uint32_t(bytes[0]) << 24) | (uint32_t(bytes[1]) << 16) | (uint32_t(bytes[2]) << 8) |
               bytes[3];
    }
    static constexpr Ipv4Addr any() { return {}; }
    static constexpr Ipv4Addr broadcast() { return from_u32(0xffffffffu); }
    // Strict dotted quad (exactly four decimal octets).
    static Result<Ipv4Addr, AddrError> parse(std::string_view text);
    // One to four octets, the missing trailing ones zero ("192.168.5" is 192.168.5.0). Only for
    // the abbreviated prefix notation of some course notes ("192.168.5/24"); never for a bare
    // address, where "10.1" is a well-known source of confusion (inet_aton reads it as 10.0.0.1).
    static Result<Ipv4Addr, AddrError> parse_abbreviated(std::string_view text);
    std::string to_string() const;
    bool is_unspecified() const { return to_u32() == 0; }
    bool is_loopback() const { return bytes[0] == 127; }
    bool is_private() const; // RFC 1918
    bool is_link_local() const { return bytes[0] == 169 && bytes[1] == 254; }
    bool is_multicast() const { return (bytes[0] & 0xf0) == 0xe0; }
    bool is_broadcast() const { return to_u32() == 0xffffffffu; }
    bool is_documentation() const; // RFC 5737
    // Written out, not defaulted: Emscripten's libc++ has no operator<=> for std::array, so a
    // defaulted one would be deleted there and `a < b` would only compile natively.
    std::strong_ordering operator<=>(const Ipv4Addr& o) const
    {
        return detail::compare_bytes(bytes, o.bytes);
    }
    bool operator==(const Ipv4Addr&) const = default;
};

struct Ipv6Addr {
    std::array<uint8_t, 16> bytes{};
    static constexpr Ipv6Addr loopback()
    {
        Ipv6Addr a;
        a.bytes[15] = 1;
        return a;
    }
    static Result<Ipv6Addr, AddrError> parse(std::string_view text); // incl. "::ffff:1.2.3.4"
    std::string to_string() const;                                   // RFC 5952 canonical
    uint16_t group(size_t i) const { return uint16_t((bytes[2 * i] << 8) | bytes[2 * i + 1]); }
    bool is_unspecified() const { return *this == Ipv6Addr{}; }
    bool is_loopback() const { return *this == loopback(); }
    bool is_link_local() const { return bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80; }
    bool is_unique_local() const { return (bytes[0] & 0xfe) == 0xfc; } // RFC 4193
    bool is_multicast() const { return bytes[0] == 0xff; }
    bool is_documentation() const; // RFC 3849 2001:db8::/32
    // ff02::1:ffXX:XXXX for neighbour discovery (RFC 4291 §2.7.1).
    Ipv6Addr solicited_node() const;
    // 33:33:xx:xx:xx:xx (RFC 2464 §7).
    MacAddr multicast_mac() const;
    // fe80::/64 with a modified EUI-64 interface id (RFC 4291 appendix A).
    static Ipv6Addr link_local_from_mac(const MacAddr& mac);
    // Written out, not defaulted: Emscripten's libc++ has no operator<=> for std::array, so a
    // defaulted one would be deleted there and `a < b` would only compile natively.
    std::strong_ordering operator<=>(const Ipv6Addr& o) const
    {
        return detail::compare_bytes(bytes, o.bytes);
    }
    bool operator==(const Ipv6Addr&) const = default;
};

} // namespace wirelab::wire
