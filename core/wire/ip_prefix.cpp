// CIDR prefixes of both families, IpAddr/IpPrefix, and the special-purpose range tables.
//
// Index:
//   [SECTION] Helpers
//   [SECTION] Parsing
//   [SECTION] Ipv4Prefix
//   [SECTION] Ipv6Prefix
//   [SECTION] IpAddr and IpPrefix
//   [SECTION] Range classes (RFC 6890)
#include "core/wire/ip_prefix.h"

#include <algorithm>
#include <array>
#include <bit>

namespace wirelab::wire {

// ===================================================================================== [SECTION]
// Helpers

namespace detail {

U128 to_u128(const Ipv6Addr& a)
{
    U128 v;
    for (size_t i = 0; i < 8; ++i) v.hi = (v.hi << 8) | a.bytes[i];
    for (size_t i = 8; i < 16; ++i) v.lo = (v.lo << 8) | a.bytes[i];
    return v;
}

Ipv6Addr from_u128(U128 v)
{
    Ipv6Addr a;
    for (size_t i = 0; i < 8; ++i) a.bytes[i] = uint8_t(v.hi >> (56 - 8 * i));
    for (size_t i = 0; i < 8; ++i) a.bytes[8 + i] = uint8_t(v.lo >> (56 - 8 * i));
    return a;
}

} // namespace detail

namespace {

using detail::U128;

AddrError error(std::string message)
{
    return AddrError{std::move(message)};
}

std::string quoted(std::string_view s)
{
    return "\"" + std::string(s) + "\"";
}

// i * 2^shift as a 128-bit value, for i < 2^16 and shift <= 128.
U128 shifted(uint64_t i, unsigned shift)
{
    if (shift >= 128) return {};
    if (shift >= 64) return {i << (shift - 64), 0};
    if (shift == 0) return {0, i};
    return {i >> (64 - shift), i << shift};
}

U128 add128(U128 a, U128 b)
{
    U128 r{a.hi + b.hi, a.lo + b.lo};
    if (r.lo < a.lo) ++r.hi;
    return r;
}

// Checks a subnet count and returns how many prefix bits it adds; `what` is the prefix text.
Result<unsigned, AddrError> subnet_bits(unsigned n, unsigned len, unsigned max_len,
                                        const std::string& what)
{
    std::string head = "cannot split " + what + " into " + std::to_string(n) + " subnets: ";
    if (n == 0) return fail(error(head + "the count must be at least 1"));
    if (!std::has_single_bit(n))
        return fail(error(head + "equal subnets come in powers of two; use " +
                          std::to_string(std::bit_ceil(uint64_t(n))) +
                          " and leave the extra ones unused"));
    if (n > 65536) return fail(error(head + "at most 65536 subnets can be listed at once"));
    unsigned bits = unsigned(std::countr_zero(n));
    if (len + bits > max_len)
        return fail(error(head + "each would need a /" + std::to_string(len + bits) +
                          ", but the longest prefix is /" + std::to_string(max_len)));
    return bits;
}

} // namespace

// ===================================================================================== [SECTION]
// Parsing
namespace {

// Splits "addr/len" and reads len (0..max_len). `family` is "IPv4" or "IPv6" for messages.
struct PrefixText {
    std::string_view addr;
    uint8_t len = 0;
};

Result<PrefixText, AddrError> split_prefix(std::string_view text, unsigned max_len)
{
    size_t slash = text.find('/');
    if (slash == std::string_view::npos) return fail(error("missing \"/length\""));
    std::string_view len_text = text.substr(slash + 1);
    if (len_text.empty()) return fail(error("missing prefix length after \"/\""));
    unsigned v = 0;
    for (char c : len_text) {
        if (c < '0' || c > '9')
            return fail(error("prefix length " + quoted(len_text) + " is not a decimal number"));
        v = std::min(v * 10 + unsigned(c - '0'), 1000u); // saturate: the value is only reported
    }
    if (v > max_len)
        return fail(error("prefix length " + std::string(len_text) + " is out of range 0-" +
                          std::to_string(max_len)));
    return PrefixText{text.substr(0, slash), uint8_t(v)};
}

AddrError not_a(std::string_view text, std::string_view what, const AddrError& why)
{
    return error(quoted(text) + " is not an " + std::string(what) + ": " + why.message);
}

// IPv6 text always contains ':'; IPv4 text never does.
bool looks_v6(std::string_view text)
{
    return text.find(':') != std::string_view::npos;
}

} // namespace

Result<Ipv4Prefix, AddrError> Ipv4Prefix::parse(std::string_view text)
{
    auto parts = split_prefix(text, 32);
    if (!parts) return fail(not_a(text, "IPv4 prefix", parts.error()));
    auto addr = Ipv4Addr::parse_abbreviated(parts->addr);
    if (!addr) return fail(not_a(text, "IPv4 prefix", addr.error()));
    return Ipv4Prefix{*addr, parts->len};
}

Result<Ipv6Prefix, AddrError> Ipv6Prefix::parse(std::string_view text)
{
    auto parts = split_prefix(text, 128);
    if (!parts) return fail(not_a(text, "IPv6 prefix", parts.error()));
    auto addr = Ipv6Addr::parse(parts->addr);
    if (!addr) return fail(not_a(text, "IPv6 prefix", addr.error()));
    return Ipv6Prefix{*addr, parts->len};
}

Result<IpAddr, AddrError> IpAddr::parse(std::string_view text)
{
    if (looks_v6(text)) {
        auto a = Ipv6Addr::parse(text);
        if (!a) return fail(not_a(text, "IPv6 address", a.error()));
        return IpAddr(*a);
    }
    auto a = Ipv4Addr::parse(text);
    if (!a) return fail(not_a(text, "IPv4 address", a.error()));
    return IpAddr(*a);
}

Result<IpPrefix, AddrError> IpPrefix::parse(std::string_view text)
{
    if (looks_v6(text)) {
        auto p = Ipv6Prefix::parse(text);
        if (!p) return fail(p.error());
        return IpPrefix(*p);
    }
    auto p = Ipv4Prefix::parse(text);
    if (!p) return fail(p.error());
    return IpPrefix(*p);
}

Result<IpPrefix, AddrError> IpPrefix::parse_or_host(std::string_view text)
{
    if (text.find('/') != std::string_view::npos) return parse(text);
    auto a = IpAddr::parse(text);
    if (!a) return fail(a.error());
    return host(*a);
}

IpPrefix IpPrefix::host(const IpAddr& a)
{
    return a.is_v4() ? IpPrefix(Ipv4Prefix::host(a.v4())) : IpPrefix(Ipv6Prefix::host(a.v6()));
}

// ===================================================================================== [SECTION]
// Ipv4Prefix

Result<Ipv4Prefix, AddrError> Ipv4Prefix::from_netmask(Ipv4Addr addr, Ipv4Addr mask)
{
    uint32_t m = mask.to_u32();
    unsigned len = unsigned(std::countl_one(m));
    if (detail::mask32(len) != m)
        return fail(
            error("netmask " + mask.to_string() +
                  " is not contiguous (ones must all come before zeros, like 255.255.255.0)"));
    return Ipv4Prefix{addr, uint8_t(len)};
}

Ipv4Addr Ipv4Prefix::netmask() const
{
    WIRELAB_ASSERT(len <= 32 && "IPv4 prefix length above 32");
    return Ipv4Addr::from_u32(detail::mask32(len));
}

Ipv4Addr Ipv4Prefix::network() const
{
    return Ipv4Addr::from_u32(addr.to_u32() & netmask().to_u32());
}

Ipv4Addr Ipv4Prefix::wildcard() const
{
    return Ipv4Addr::from_u32(~netmask().to_u32());
}

Ipv4Addr Ipv4Prefix::broadcast() const
{
    return Ipv4Addr::from_u32(network().to_u32() | wildcard().to_u32());
}

Ipv4Addr Ipv4Prefix::first_host() const
{
    if (len >= 31) return len == 32 ? addr : network(); // RFC 3021: both /31 addresses are hosts
    return Ipv4Addr::from_u32(network().to_u32() + 1);
}

Ipv4Addr Ipv4Prefix::last_host() const
{
    if (len >= 31) return len == 32 ? addr : broadcast();
    return Ipv4Addr::from_u32(broadcast().to_u32() - 1);
}

uint64_t Ipv4Prefix::host_count() const
{
    if (len == 32) return 1;
    if (len == 31) return 2; // RFC 3021
    return address_count() - 2;
}

bool Ipv4Prefix::contains(Ipv4Addr a) const
{
    return (a.to_u32() & netmask().to_u32()) == network().to_u32();
}

bool Ipv4Prefix::contains(const Ipv4Prefix& p) const
{
    return p.len >= len && contains(p.addr);
}

Result<std::vector<Ipv4Prefix>, AddrError> Ipv4Prefix::subnets(unsigned n) const
{
    auto bits = subnet_bits(n, len, 32, canonical().to_string());
    if (!bits) return fail(bits.error());
    unsigned new_len = len + *bits;
    std::vector<Ipv4Prefix> out;
    out.reserve(n);
    uint64_t base = network().to_u32();
    for (uint64_t i = 0; i < n; ++i)
        out.push_back(
            {Ipv4Addr::from_u32(uint32_t(base + (i << (32 - new_len)))), uint8_t(new_len)});
    return out;
}

std::string Ipv4Prefix::to_string() const
{
    return addr.to_string() + "/" + std::to_string(len);
}

bool operator<(const Ipv4Prefix& a, const Ipv4Prefix& b)
{
    uint32_t x = a.addr.to_u32(), y = b.addr.to_u32();
    return x < y || (x == y && a.len < b.len);
}

// ===================================================================================== [SECTION]
// Ipv6Prefix

Ipv6Addr Ipv6Prefix::netmask() const
{
    WIRELAB_ASSERT(len <= 128 && "IPv6 prefix length above 128");
    return detail::from_u128(detail::mask128(len));
}

Ipv6Addr Ipv6Prefix::network() const
{
    WIRELAB_ASSERT(len <= 128 && "IPv6 prefix length above 128");
    return detail::from_u128(detail::and128(detail::to_u128(addr), detail::mask128(len)));
}

Ipv6Addr Ipv6Prefix::last() const
{
    U128 m = detail::mask128(len);
    U128 a = detail::to_u128(addr);
    return detail::from_u128({a.hi | ~m.hi, a.lo | ~m.lo});
}

bool Ipv6Prefix::contains(const Ipv6Addr& a) const
{
    U128 m = detail::mask128(len);
    return detail::and128(detail::to_u128(a), m) == detail::and128(detail::to_u128(addr), m);
}

bool Ipv6Prefix::contains(const Ipv6Prefix& p) const
{
    return p.len >= len && contains(p.addr);
}

Result<std::vector<Ipv6Prefix>, AddrError> Ipv6Prefix::subnets(unsigned n) const
{
    auto bits = subnet_bits(n, len, 128, canonical().to_string());
    if (!bits) return fail(bits.error());
    unsigned new_len = len + *bits;
    std::vector<Ipv6Prefix> out;
    out.reserve(n);
    U128 base = detail::to_u128(network());
    for (uint64_t i = 0; i < n; ++i)
        out.push_back(
            {detail::from_u128(add128(base, shifted(i, 128 - new_len))), uint8_t(new_len)});
    return out;
}

std::string Ipv6Prefix::to_string() const
{
    return addr.to_string() + "/" + std::to_string(len);
}

bool operator<(const Ipv6Prefix& a, const Ipv6Prefix& b)
{
    U128 x = detail::to_u128(a.addr), y = detail::to_u128(b.addr);
    return x < y || (x == y && a.len < b.len);
}

// ===================================================================================== [SECTION]
// IpAddr and IpPrefix

const Ipv4Addr& IpAddr::v4() const
{
    WIRELAB_ASSERT(is_v4() && "IpAddr::v4() on an IPv6 address");
    return std::get<0>(value);
}

const Ipv6Addr& IpAddr::v6() const
{
    WIRELAB_ASSERT(is_v6() && "IpAddr::v6() on an IPv4 address");
    return std::get<1>(value);
}

std::string IpAddr::to_string() const
{
    return is_v4() ? v4().to_string() : v6().to_string();
}

const Ipv4Prefix& IpPrefix::v4() const
{
    WIRELAB_ASSERT(is_v4() && "IpPrefix::v4() on an IPv6 prefix");
    return std::get<0>(value);
}

const Ipv6Prefix& IpPrefix::v6() const
{
    WIRELAB_ASSERT(is_v6() && "IpPrefix::v6() on an IPv4 prefix");
    return std::get<1>(value);
}

unsigned IpPrefix::len() const
{
    return is_v4() ? v4().len : v6().len;
}

IpAddr IpPrefix::addr() const
{
    return is_v4() ? IpAddr(v4().addr) : IpAddr(v6().addr);
}

IpAddr IpPrefix::network() const
{
    return is_v4() ? IpAddr(v4().network()) : IpAddr(v6().network());
}

IpPrefix IpPrefix::canonical() const
{
    return is_v4() ? IpPrefix(v4().canonical()) : IpPrefix(v6().canonical());
}

bool IpPrefix::contains(const IpAddr& a) const
{
    if (is_v4() != a.is_v4()) return false;
    return is_v4() ? v4().contains(a.v4()) : v6().contains(a.v6());
}

bool IpPrefix::is_host_bits_set() const
{
    return is_v4() ? v4().is_host_bits_set() : v6().is_host_bits_set();
}

std::string IpPrefix::to_string() const
{
    return is_v4() ? v4().to_string() : v6().to_string();
}

bool operator<(const IpAddr& a, const IpAddr& b)
{
    if (a.is_v4() != b.is_v4()) return a.is_v4();
    if (a.is_v4()) return a.v4().to_u32() < b.v4().to_u32();
    return detail::to_u128(a.v6()) < detail::to_u128(b.v6());
}

bool operator<(const IpPrefix& a, const IpPrefix& b)
{
    if (a.is_v4() != b.is_v4()) return a.is_v4();
    return a.is_v4() ? a.v4() < b.v4() : a.v6() < b.v6();
}

// ===================================================================================== [SECTION]
// Range classes (RFC 6890 special-purpose registries)
namespace {

struct Block4 {
    uint32_t net;
    uint8_t len;
    RangeClass kind;
};

constexpr std::array<Block4, 16> kBlocks4{{
    {0x00000000u, 32, RangeClass::Unspecified},
    {0xffffffffu, 32, RangeClass::LimitedBroadcast},
    {0x00000000u, 8, RangeClass::ThisNetwork},
    {0x0a000000u, 8, RangeClass::Private},
    {0x64400000u, 10, RangeClass::CarrierGradeNat},
    {0x7f000000u, 8, RangeClass::Loopback},
    {0xa9fe0000u, 16, RangeClass::LinkLocal},
    {0xac100000u, 12, RangeClass::Private},
    {0xc0000000u, 24, RangeClass::IetfProtocol},
    {0xc0000200u, 24, RangeClass::Documentation},
    {0xc0a80000u, 16, RangeClass::Private},
    {0xc6120000u, 15, RangeClass::Benchmarking},
    {0xc6336400u, 24, RangeClass::Documentation},
    {0xcb007100u, 24, RangeClass::Documentation},
    {0xe0000000u, 4, RangeClass::Multicast},
    {0xf0000000u, 4, RangeClass::Reserved},
}};

struct Block6 {
    uint64_t hi; // every block below fits its network in the high 64 bits, except the two /128s
    uint64_t lo;
    uint8_t len;
    RangeClass kind;
};

constexpr std::array<Block6, 12> kBlocks6{{
    {0, 0, 128, RangeClass::Unspecified},
    {0, 1, 128, RangeClass::Loopback},
    {0, 0x0000ffff00000000ull, 96, RangeClass::Ipv4Mapped},
    {0x0064ff9b00000000ull, 0, 96, RangeClass::Nat64},
    {0x0100000000000000ull, 0, 64, RangeClass::DiscardOnly},
    {0x2000000000000000ull, 0, 3, RangeClass::Public},
    {0x2001000000000000ull, 0, 32, RangeClass::Teredo},
    {0x20010db800000000ull, 0, 32, RangeClass::Ipv6Documentation},
    {0x2002000000000000ull, 0, 16, RangeClass::SixToFour},
    {0xfc00000000000000ull, 0, 7, RangeClass::UniqueLocal},
    {0xfe80000000000000ull, 0, 10, RangeClass::LinkLocal},
    {0xff00000000000000ull, 0, 8, RangeClass::Multicast},
}};

// Most specific block holding all of p; Mixed if a block only overlaps it; else `outside`.
template <class Prefix, class Blocks, class MakePrefix>
RangeClass classify(const Prefix& p, const Blocks& blocks, MakePrefix make, RangeClass outside)
{
    if (p.len == 0) return RangeClass::Everything;
    int best = -1;
    bool overlaps = false;
    for (size_t i = 0; i < blocks.size(); ++i) {
        Prefix b = make(blocks[i]);
        if (b.contains(p) && (best < 0 || blocks[i].len > blocks[size_t(best)].len)) best = int(i);
        if (p.contains(b)) overlaps = true;
    }
    if (best >= 0) return blocks[size_t(best)].kind;
    return overlaps ? RangeClass::Mixed : outside;
}

} // namespace

std::string_view range_label(RangeClass c)
{
    switch (c) {
    case RangeClass::Public: return "public";
    case RangeClass::Unspecified: return "unspecified";
    case RangeClass::ThisNetwork: return "this network (RFC 791)";
    case RangeClass::Loopback: return "loopback";
    case RangeClass::Private: return "private (RFC 1918)";
    case RangeClass::CarrierGradeNat: return "carrier-grade NAT (RFC 6598)";
    case RangeClass::LinkLocal: return "link-local";
    case RangeClass::IetfProtocol: return "IETF protocol assignments (RFC 6890)";
    case RangeClass::Documentation: return "documentation (RFC 5737)";
    case RangeClass::Ipv6Documentation: return "documentation (RFC 3849)";
    case RangeClass::Benchmarking: return "benchmarking (RFC 2544)";
    case RangeClass::Multicast: return "multicast";
    case RangeClass::Reserved: return "reserved";
    case RangeClass::LimitedBroadcast: return "limited broadcast";
    case RangeClass::Ipv4Mapped: return "IPv4-mapped (RFC 4291)";
    case RangeClass::Nat64: return "IPv4/IPv6 translation (RFC 6052)";
    case RangeClass::DiscardOnly: return "discard-only (RFC 6666)";
    case RangeClass::Teredo: return "Teredo (RFC 4380)";
    case RangeClass::SixToFour: return "6to4 (RFC 3056)";
    case RangeClass::UniqueLocal: return "unique local (RFC 4193)";
    case RangeClass::Mixed: return "mixed (partly special-purpose)";
    case RangeClass::Everything: return "all addresses (default route)";
    }
    return "unknown";
}

RangeClass range_class(const Ipv4Prefix& p)
{
    auto make = [](const Block4& b) { return Ipv4Prefix{Ipv4Addr::from_u32(b.net), b.len}; };
    return classify(p, kBlocks4, make, RangeClass::Public);
}

RangeClass range_class(const Ipv6Prefix& p)
{
    auto make = [](const Block6& b) { return Ipv6Prefix{detail::from_u128({b.hi, b.lo}), b.len}; };
    return classify(p, kBlocks6, make, RangeClass::Reserved);
}

RangeClass range_class(Ipv4Addr a)
{
    return range_class(Ipv4Prefix::host(a));
}

RangeClass range_class(const Ipv6Addr& a)
{
    return range_class(Ipv6Prefix::host(a));
}

RangeClass range_class(const IpAddr& a)
{
    return a.is_v4() ? range_class(a.v4()) : range_class(a.v6());
}

RangeClass range_class(const IpPrefix& p)
{
    return p.is_v4() ? range_class(p.v4()) : range_class(p.v6());
}

} // namespace wirelab::wire
