// ICMPv6 and Neighbor Discovery parse/emit.
//
// [SECTION] Constants and helpers
// [SECTION] ND options
// [SECTION] Parse
// [SECTION] Emit
#include "core/wire/icmpv6.h"

#include "core/base/assert.h"
#include "core/wire/checksum.h"

#include <algorithm>
#include <cstring>

namespace wirelab::wire::icmpv6 {

// [SECTION] Constants and helpers
namespace {

constexpr uint8_t kRaManaged = 0x80;
constexpr uint8_t kRaOther = 0x40;
constexpr uint8_t kNaRouter = 0x80;
constexpr uint8_t kNaSolicited = 0x40;
constexpr uint8_t kNaOverride = 0x20;
constexpr uint8_t kPrefixOnLink = 0x80;
constexpr uint8_t kPrefixAutonomous = 0x40;
constexpr size_t kLinkAddrOptLen = 8; // Ethernet: type, length 1, 6-byte MAC
constexpr size_t kMtuOptLen = 8;
constexpr size_t kPrefixOptLen = 32;

constexpr uint8_t kMaxUnreachableCode = 8;
constexpr uint8_t kMaxTimeExceededCode = 1;
constexpr uint8_t kMaxParamProblemCode = 10;

MacAddr load_mac(const uint8_t* p)
{
    MacAddr m;
    std::copy_n(p, 6, m.bytes.begin());
    return m;
}

Ipv6Addr load_ip(const uint8_t* p)
{
    Ipv6Addr a;
    std::copy_n(p, 16, a.bytes.begin());
    return a;
}

// [SECTION] ND options
struct NdOptions {
    std::optional<MacAddr> source_ll;
    std::optional<MacAddr> target_ll;
    std::optional<uint32_t> mtu;
    std::vector<PrefixInfo> prefixes;
};

PrefixInfo load_prefix(const uint8_t* o)
{
    PrefixInfo pi;
    pi.prefix_len = o[2];
    pi.on_link = (o[3] & kPrefixOnLink) != 0;
    pi.autonomous = (o[3] & kPrefixAutonomous) != 0;
    pi.valid_lifetime = load_be32(o + 4);
    pi.preferred_lifetime = load_be32(o + 8);
    pi.prefix = load_ip(o + 16);
    return pi;
}

Result<Ok, WireFault> check_option_len(uint8_t type, size_t len)
{
    size_t want = 0;
    switch (NdOption(type)) {
    case NdOption::SourceLinkAddr:
    case NdOption::TargetLinkAddr: want = kLinkAddrOptLen; break;
    case NdOption::PrefixInfo: want = kPrefixOptLen; break;
    case NdOption::Mtu: want = kMtuOptLen; break;
    default: return Ok{};
    }
    if (len != want)
        return fault(WireError::Malformed, "icmpv6: ND option %u is %u bytes long", type,
                     uint32_t(len));
    return Ok{};
}

Result<NdOptions, WireFault> parse_options(ByteSpan opts)
{
    NdOptions out;
    for (size_t i = 0; i < opts.size();) {
        if (opts.size() - i < 2)
            return fault(WireError::Truncated, "icmpv6: ND option at offset %u is cut short",
                         uint32_t(i));
        uint8_t type = opts[i];
        size_t len = size_t(opts[i + 1]) * 8;
        if (len == 0)
            return fault(WireError::Malformed, "icmpv6: ND option %u has length zero", type);
        if (len > opts.size() - i)
            return fault(WireError::Truncated,
                         "icmpv6: ND option %u of %u bytes overruns the "
                         "message",
                         type, uint32_t(len));
        auto ok = check_option_len(type, len);
        if (!ok) return fail(ok.error());
        const uint8_t* o = &opts[i];
        switch (NdOption(type)) {
        case NdOption::SourceLinkAddr: out.source_ll = load_mac(o + 2); break;
        case NdOption::TargetLinkAddr: out.target_ll = load_mac(o + 2); break;
        case NdOption::Mtu: out.mtu = load_be32(o + 4); break;
        case NdOption::PrefixInfo:
            if (o[2] > 128)
                return fault(WireError::Malformed, "icmpv6: prefix length %u is over 128", o[2]);
            out.prefixes.push_back(load_prefix(o));
            break;
        default: break; // §4.6: unknown options are ignored
        }
        i += len;
    }
    return out;
}

// [SECTION] Parse
Result<Ok, WireFault> check_code(uint8_t code, uint8_t max, const char* detail)
{
    if (code > max) return fault(WireError::Malformed, detail, code, max);
    return Ok{};
}

Result<Repr, WireFault> parse_error(Type type, ByteSpan p)
{
    uint8_t code = p[kCode];
    if (type == Type::DestUnreachable) {
        auto ok = check_code(code, kMaxUnreachableCode,
                             "icmpv6: destination unreachable code %u is not defined (0-%u)");
        if (!ok) return fail(ok.error());
        return Repr{DestUnreachable{UnreachableCode(code)}};
    }
    if (type == Type::PacketTooBig) return Repr{PacketTooBig{load_be32(&p[kMtu])}};
    if (type == Type::TimeExceeded) {
        auto ok = check_code(code, kMaxTimeExceededCode,
                             "icmpv6: time exceeded code %u is not defined (0-%u)");
        if (!ok) return fail(ok.error());
        return Repr{TimeExceeded{TimeExceededCode(code)}};
    }
    auto ok = check_code(code, kMaxParamProblemCode,
                         "icmpv6: parameter problem code %u is not defined (0-%u)");
    if (!ok) return fail(ok.error());
    return Repr{ParamProblem{ParamProblemCode(code), load_be32(&p[kPointer])}};
}

Result<Repr, WireFault> parse_nd(Type type, ByteSpan p)
{
    if (p[kCode] != 0)
        return fault(WireError::Malformed, "icmpv6: ND message type %u has code %u, must be 0",
                     uint8_t(type), p[kCode]);
    size_t fixed = type == Type::RouterSolicit  ? kHeaderLen
                   : type == Type::RouterAdvert ? kRaHeaderLen
                                                : kNdHeaderLen;
    if (p.size() < fixed)
        return fault(WireError::Truncated, "icmpv6: ND message type %u needs %u bytes",
                     uint8_t(type), uint32_t(fixed));
    auto opts = parse_options(p.subspan(fixed));
    if (!opts) return fail(opts.error());
    NdOptions& o = opts.value();
    switch (type) {
    case Type::RouterSolicit: return Repr{RouterSolicit{o.source_ll}};
    case Type::RouterAdvert:
        return Repr{RouterAdvert{p[kRaCurHopLimit], (p[kRaFlags] & kRaManaged) != 0,
                                 (p[kRaFlags] & kRaOther) != 0, load_be16(&p[kRaLifetime]),
                                 load_be32(&p[kRaReachable]), load_be32(&p[kRaRetrans]),
                                 o.source_ll, o.mtu, std::move(o.prefixes)}};
    case Type::NeighborSolicit: return Repr{NeighborSolicit{load_ip(&p[kNdTarget]), o.source_ll}};
    default:
        return Repr{
            NeighborAdvert{(p[kNaFlags] & kNaRouter) != 0, (p[kNaFlags] & kNaSolicited) != 0,
                           (p[kNaFlags] & kNaOverride) != 0, load_ip(&p[kNdTarget]), o.target_ll}};
    }
}

} // namespace

Result<Parsed, WireFault> parse(ByteSpan p, const Ipv6Addr& src, const Ipv6Addr& dst,
                                ChecksumCheck check)
{
    if (p.size() < kHeaderLen)
        return fault(WireError::Truncated, "icmpv6: %u bytes, the header needs %u",
                     uint32_t(p.size()), uint32_t(kHeaderLen));
    if (check == ChecksumCheck::Verify &&
        !verify_upper_checksum(p, PseudoHeader::v6(src, dst), IpProtocol::Icmpv6))
        return fault(WireError::BadChecksum, "icmpv6: checksum 0x%04x does not verify",
                     load_be16(&p[kChecksum]));
    Type type = Type(p[kType]);
    switch (type) {
    case Type::EchoRequest:
        return Parsed{EchoRequest{load_be16(&p[kIdent]), load_be16(&p[kSeqNo])}, p.subspan(8)};
    case Type::EchoReply:
        return Parsed{EchoReply{load_be16(&p[kIdent]), load_be16(&p[kSeqNo])}, p.subspan(8)};
    case Type::DestUnreachable:
    case Type::PacketTooBig:
    case Type::TimeExceeded:
    case Type::ParamProblem: {
        auto r = parse_error(type, p);
        if (!r) return fail(r.error());
        return Parsed{std::move(r.value()), p.subspan(kHeaderLen)};
    }
    case Type::RouterSolicit:
    case Type::RouterAdvert:
    case Type::NeighborSolicit:
    case Type::NeighborAdvert: {
        auto r = parse_nd(type, p);
        if (!r) return fail(r.error());
        return Parsed{std::move(r.value()), ByteSpan{}};
    }
    }
    return fault(WireError::Unsupported, "icmpv6: message type %u is not supported", p[kType]);
}

// [SECTION] Emit
namespace {

size_t options_len(const Repr& r)
{
    auto ll = [](const std::optional<MacAddr>& m) { return m ? kLinkAddrOptLen : 0; };
    if (auto* rs = std::get_if<RouterSolicit>(&r)) return ll(rs->source_ll);
    if (auto* ns = std::get_if<NeighborSolicit>(&r)) return ll(ns->source_ll);
    if (auto* na = std::get_if<NeighborAdvert>(&r)) return ll(na->target_ll);
    if (auto* ra = std::get_if<RouterAdvert>(&r))
        return ll(ra->source_ll) + (ra->mtu ? kMtuOptLen : 0) + ra->prefixes.size() * kPrefixOptLen;
    return 0;
}

size_t fixed_len(const Repr& r)
{
    if (std::holds_alternative<RouterAdvert>(r)) return kRaHeaderLen;
    if (std::holds_alternative<NeighborSolicit>(r) || std::holds_alternative<NeighborAdvert>(r))
        return kNdHeaderLen;
    return kHeaderLen;
}

// Writes an option; returns the bytes written.
size_t put_ll(uint8_t* o, NdOption type, const std::optional<MacAddr>& mac)
{
    if (!mac) return 0;
    o[0] = uint8_t(type);
    o[1] = 1;
    std::copy(mac->bytes.begin(), mac->bytes.end(), o + 2);
    return kLinkAddrOptLen;
}

size_t put_mtu(uint8_t* o, const std::optional<uint32_t>& mtu)
{
    if (!mtu) return 0;
    o[0] = uint8_t(NdOption::Mtu);
    o[1] = 1;
    store_be16(o + 2, 0);
    store_be32(o + 4, *mtu);
    return kMtuOptLen;
}

size_t put_prefix(uint8_t* o, const PrefixInfo& pi)
{
    WIRELAB_ASSERT(pi.prefix_len <= 128 && "icmpv6::emit: prefix length over 128");
    o[0] = uint8_t(NdOption::PrefixInfo);
    o[1] = 4;
    o[2] = pi.prefix_len;
    o[3] = uint8_t((pi.on_link ? kPrefixOnLink : 0) | (pi.autonomous ? kPrefixAutonomous : 0));
    store_be32(o + 4, pi.valid_lifetime);
    store_be32(o + 8, pi.preferred_lifetime);
    store_be32(o + 12, 0);
    std::copy(pi.prefix.bytes.begin(), pi.prefix.bytes.end(), o + 16);
    return kPrefixOptLen;
}

void put_target(uint8_t* p, const Ipv6Addr& target)
{
    std::copy(target.bytes.begin(), target.bytes.end(), p + kNdTarget);
}

// Writes type, code and the message-specific fields through the options, per message kind.
struct BodyWriter {
    uint8_t* p;
    void type_code(Type t, uint8_t code, uint32_t word4) const
    {
        p[kType] = uint8_t(t);
        p[kCode] = code;
        store_be32(p + 4, word4);
    }
    static uint32_t echo_word(uint16_t ident, uint16_t seq_no)
    {
        return (uint32_t(ident) << 16) | seq_no;
    }
    void operator()(const EchoRequest& e) const
    {
        type_code(Type::EchoRequest, 0, echo_word(e.ident, e.seq_no));
    }
    void operator()(const EchoReply& e) const
    {
        type_code(Type::EchoReply, 0, echo_word(e.ident, e.seq_no));
    }
    void operator()(const DestUnreachable& u) const
    {
        type_code(Type::DestUnreachable, uint8_t(u.code), 0);
    }
    void operator()(const PacketTooBig& t) const { type_code(Type::PacketTooBig, 0, t.mtu); }
    void operator()(const TimeExceeded& t) const
    {
        type_code(Type::TimeExceeded, uint8_t(t.code), 0);
    }
    void operator()(const ParamProblem& t) const
    {
        type_code(Type::ParamProblem, uint8_t(t.code), t.pointer);
    }
    void operator()(const RouterSolicit& rs) const
    {
        type_code(Type::RouterSolicit, 0, 0);
        put_ll(p + kHeaderLen, NdOption::SourceLinkAddr, rs.source_ll);
    }
    void operator()(const RouterAdvert& ra) const
    {
        p[kType] = uint8_t(Type::RouterAdvert);
        p[kCode] = 0;
        p[kRaCurHopLimit] = ra.cur_hop_limit;
        p[kRaFlags] = uint8_t((ra.managed_flag ? kRaManaged : 0) | (ra.other_flag ? kRaOther : 0));
        store_be16(p + kRaLifetime, ra.router_lifetime);
        store_be32(p + kRaReachable, ra.reachable_time);
        store_be32(p + kRaRetrans, ra.retrans_timer);
        uint8_t* o = p + kRaHeaderLen;
        o += put_ll(o, NdOption::SourceLinkAddr, ra.source_ll);
        o += put_mtu(o, ra.mtu);
        for (const PrefixInfo& pi : ra.prefixes) o += put_prefix(o, pi);
    }
    void operator()(const NeighborSolicit& ns) const
    {
        type_code(Type::NeighborSolicit, 0, 0);
        put_target(p, ns.target);
        put_ll(p + kNdHeaderLen, NdOption::SourceLinkAddr, ns.source_ll);
    }
    void operator()(const NeighborAdvert& na) const
    {
        type_code(Type::NeighborAdvert, 0, 0);
        put_target(p, na.target);
        p[kNaFlags] =
            uint8_t((na.router_flag ? kNaRouter : 0) | (na.solicited_flag ? kNaSolicited : 0) |
                    (na.override_flag ? kNaOverride : 0));
        put_ll(p + kNdHeaderLen, NdOption::TargetLinkAddr, na.target_ll);
    }
};

void put_body(uint8_t* p, const Repr& repr)
{
    std::visit(BodyWriter{p}, repr);
}

bool is_nd(const Repr& r)
{
    return std::holds_alternative<RouterSolicit>(r) || std::holds_alternative<RouterAdvert>(r) ||
           std::holds_alternative<NeighborSolicit>(r) || std::holds_alternative<NeighborAdvert>(r);
}

} // namespace

size_t header_len(const Repr& repr)
{
    return fixed_len(repr) + options_len(repr);
}

void emit(const Repr& repr, ByteSpan payload, const Ipv6Addr& src, const Ipv6Addr& dst,
          MutByteSpan out)
{
    size_t hlen = header_len(repr);
    WIRELAB_ASSERT(out.size() == hlen + payload.size() &&
                   "icmpv6::emit: out must be buffer_len(repr, payload_len)");
    WIRELAB_ASSERT((payload.empty() || !is_nd(repr)) &&
                   "icmpv6::emit: ND messages carry no payload");
    put_body(out.data(), repr);
    if (!payload.empty() && payload.data() != &out[hlen])
        std::memmove(&out[hlen], payload.data(), payload.size());
    fill_upper_checksum(out, kChecksum, PseudoHeader::v6(src, dst), IpProtocol::Icmpv6);
}

ByteSpan quote_invoking(ByteSpan invoking)
{
    constexpr size_t kMaxQuote = kMaxErrorDatagram - 40 - kHeaderLen;
    return invoking.first(std::min(invoking.size(), kMaxQuote));
}

} // namespace wirelab::wire::icmpv6
