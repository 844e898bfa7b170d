// Dissector for ICMPv6 (RFC 4443) and Neighbor Discovery (RFC 4861 §4): errors with the quoted
// packet as nested layers, echo, RS/RA/NS/NA/redirect and the ND options of §4.6.
#include "core/inspect/dissector.h"
#include "core/wire/icmpv6.h"

#include <optional>

namespace wirelab::wire::dissector {

namespace {

constexpr FieldSpec kIcmpv6 = protocol_field("icmpv6", "Internet Control Message Protocol v6");
constexpr FieldSpec kType = uint_field("icmpv6.type", "Type", 8);
constexpr FieldSpec kCode = uint_field("icmpv6.code", "Code", 8);
constexpr FieldSpec kChecksum = uint_field("icmpv6.checksum", "Checksum", 16, Display::Hex);
constexpr FieldSpec kChecksumStatus = uint_field("icmpv6.checksum.status", "Checksum Status", 8);
constexpr FieldSpec kReserved = bytes_field("icmpv6.reserved", "Reserved");
constexpr FieldSpec kMtu = uint_field("icmpv6.mtu", "MTU", 32);
constexpr FieldSpec kPointer = uint_field("icmpv6.pointer", "Pointer", 32);
constexpr FieldSpec kData = bytes_field("icmpv6.data", "Data");
constexpr FieldSpec kEchoId =
    uint_field("icmpv6.echo.identifier", "Identifier", 16, Display::HexDec);
constexpr FieldSpec kEchoSeq = uint_field("icmpv6.echo.sequence_number", "Sequence", 16);
constexpr FieldSpec kRaHopLimit = uint_field("icmpv6.nd.ra.cur_hop_limit", "Cur hop limit", 8);
constexpr FieldSpec kRaFlag = uint_field("icmpv6.nd.ra.flag", "Flags", 8, Display::Hex);
constexpr FieldSpec kRaFlagM = bool_field("icmpv6.nd.ra.flag.m", "Managed address configuration");
constexpr FieldSpec kRaFlagO = bool_field("icmpv6.nd.ra.flag.o", "Other configuration");
constexpr FieldSpec kRaLifetime = uint_field("icmpv6.nd.ra.router_lifetime", "Router lifetime", 16);
constexpr FieldSpec kRaReachable = uint_field("icmpv6.nd.ra.reachable_time", "Reachable time", 32);
constexpr FieldSpec kRaRetrans = uint_field("icmpv6.nd.ra.retrans_timer", "Retrans timer", 32);
constexpr FieldSpec kNsTarget = ipv6_field("icmpv6.nd.ns.target_address", "Target Address");
constexpr FieldSpec kNaFlag = uint_field("icmpv6.nd.na.flag", "Flags", 32, Display::Hex);
constexpr FieldSpec kNaFlagR = bool_field("icmpv6.nd.na.flag.r", "Router");
constexpr FieldSpec kNaFlagS = bool_field("icmpv6.nd.na.flag.s", "Solicited");
constexpr FieldSpec kNaFlagO = bool_field("icmpv6.nd.na.flag.o", "Override");
constexpr FieldSpec kNaTarget = ipv6_field("icmpv6.nd.na.target_address", "Target Address");
constexpr FieldSpec kRdTarget = ipv6_field("icmpv6.nd.rd.target_address", "Target Address");
constexpr FieldSpec kRdDst = ipv6_field("icmpv6.rd.na.destination_address", "Destination Address");
constexpr FieldSpec kOpt = none_field("icmpv6.opt", "ICMPv6 Option");
constexpr FieldSpec kOptType = uint_field("icmpv6.opt.type", "Type", 8);
constexpr FieldSpec kOptLength = uint_field("icmpv6.opt.length", "Length", 8);
constexpr FieldSpec kOptLinkaddr = mac_field("icmpv6.opt.linkaddr", "Link-layer address");
constexpr FieldSpec kOptSrcLinkaddr =
    mac_field("icmpv6.opt.src_linkaddr", "Source Link-layer address");
constexpr FieldSpec kOptTargetLinkaddr =
    mac_field("icmpv6.opt.target_linkaddr", "Target Link-layer address");
constexpr FieldSpec kOptPrefixLen = uint_field("icmpv6.opt.prefix.length", "Prefix Length", 8);
constexpr FieldSpec kOptPrefixFlag = uint_field("icmpv6.opt.prefix.flag", "Flag", 8, Display::Hex);
constexpr FieldSpec kOptPrefixFlagL = bool_field("icmpv6.opt.prefix.flag.l", "On-link flag (L)");
constexpr FieldSpec kOptPrefixFlagA =
    bool_field("icmpv6.opt.prefix.flag.a", "Autonomous address-configuration flag (A)");
constexpr FieldSpec kOptValid =
    uint_field("icmpv6.opt.prefix.valid_lifetime", "Valid Lifetime", 32);
constexpr FieldSpec kOptPreferred =
    uint_field("icmpv6.opt.prefix.preferred_lifetime", "Preferred Lifetime", 32);
constexpr FieldSpec kOptReserved = bytes_field("icmpv6.opt.reserved", "Reserved");
constexpr FieldSpec kOptPrefix = ipv6_field("icmpv6.opt.prefix", "Prefix");
constexpr FieldSpec kOptMtu = uint_field("icmpv6.opt.mtu", "MTU", 32);
constexpr FieldSpec kOptData = bytes_field("icmpv6.opt.data", "Data");

constexpr const FieldSpec* kFields[] = {
    &kIcmpv6,
    &kType,
    &kCode,
    &kChecksum,
    &kChecksumStatus,
    &kReserved,
    &kMtu,
    &kPointer,
    &kData,
    &kEchoId,
    &kEchoSeq,
    &kRaHopLimit,
    &kRaFlag,
    &kRaFlagM,
    &kRaFlagO,
    &kRaLifetime,
    &kRaReachable,
    &kRaRetrans,
    &kNsTarget,
    &kNaFlag,
    &kNaFlagR,
    &kNaFlagS,
    &kNaFlagO,
    &kNaTarget,
    &kRdTarget,
    &kRdDst,
    &kOpt,
    &kOptType,
    &kOptLength,
    &kOptLinkaddr,
    &kOptSrcLinkaddr,
    &kOptTargetLinkaddr,
    &kOptPrefixLen,
    &kOptPrefixFlag,
    &kOptPrefixFlagL,
    &kOptPrefixFlagA,
    &kOptValid,
    &kOptPreferred,
    &kOptReserved,
    &kOptPrefix,
    &kOptMtu,
    &kOptData,
};

std::string_view type_name(uint8_t type)
{
    switch (type) {
    case 1: return "Destination Unreachable";
    case 2: return "Packet Too Big";
    case 3: return "Time Exceeded";
    case 4: return "Parameter Problem";
    case 128: return "Echo (ping) request";
    case 129: return "Echo (ping) reply";
    case 130: return "Multicast Listener Query";
    case 131: return "Multicast Listener Report";
    case 132: return "Multicast Listener Done";
    case 133: return "Router Solicitation";
    case 134: return "Router Advertisement";
    case 135: return "Neighbor Solicitation";
    case 136: return "Neighbor Advertisement";
    case 137: return "Redirect";
    case 143: return "Multicast Listener Report Message v2";
    default: return {};
    }
}

std::string_view code_name(uint8_t type, uint8_t code)
{
    static constexpr std::string_view kUnreachable[] = {
        "No route to destination",
        "Communication with destination administratively prohibited",
        "Beyond scope of source address",
        "Address unreachable",
        "Port unreachable",
        "Source address failed ingress/egress policy",
        "Reject route to destination",
        "Error in Source Routing Header",
        "Headers too long",
    };
    static constexpr std::string_view kTime[] = {"hop limit exceeded in transit",
                                                 "fragment reassembly time exceeded"};
    static constexpr std::string_view kParam[] = {"erroneous header field encountered",
                                                  "unrecognized Next Header type encountered",
                                                  "unrecognized IPv6 option encountered"};
    if (type == 1 && code < std::size(kUnreachable)) return kUnreachable[code];
    if (type == 3 && code < std::size(kTime)) return kTime[code];
    if (type == 4 && code < std::size(kParam)) return kParam[code];
    return {};
}

std::string_view option_name(uint8_t type)
{
    switch (type) {
    case 1: return "Source link-layer address";
    case 2: return "Target link-layer address";
    case 3: return "Prefix information";
    case 4: return "Redirected header";
    case 5: return "MTU";
    case 25: return "Recursive DNS Server";
    case 31: return "DNS Search List";
    default: return "Unknown";
    }
}

std::string lifetime_text(uint32_t s)
{
    if (s == 0xffffffffu) return "infinity";
    if (s % 86400 == 0 && s != 0) return strf("%u days", s / 86400);
    return strf("%u s", s);
}

void add_prefix_option(Builder& b, const View& o)
{
    b.add_uint(kOptPrefixLen, o, 2, 1, o.u8(2));
    Field* f = b.add_uint(kOptPrefixFlag, o, 3, 1, o.u8(3));
    b.open(f);
    uint8_t flags = o.u8(3);
    b.add_bits(kOptPrefixFlagL, o, 3, 1, 0x80,
               flags & 0x80 ? "the prefix is on this link: reach it directly" : "");
    b.add_bits(kOptPrefixFlagA, o, 3, 1, 0x40,
               flags & 0x40 ? "hosts may form their own address in it (SLAAC)" : "");
    b.close();
    Field* valid = b.add_uint(kOptValid, o, 4, 4, o.be32(4));
    if (valid) valid->meaning = lifetime_text(o.be32(4));
    Field* pref = b.add_uint(kOptPreferred, o, 8, 4, o.be32(8));
    if (pref) pref->meaning = lifetime_text(o.be32(8));
    b.add(kOptReserved, o, 12, 4, FieldValue::raw(o.sub(12, 4).bytes));
    Ipv6Addr prefix = o.ipv6(16);
    Field* p = b.add(kOptPrefix, o, 16, 16, FieldValue::ipv6(prefix));
    if (p) p->meaning = prefix.to_string() + "/" + std::to_string(o.u8(2));
}

void add_option_body(Builder& b, const View& o, uint8_t type)
{
    size_t len = o.size();
    if ((type == 1 || type == 2) && len == 8) {
        MacAddr a = o.mac(2);
        b.add(kOptLinkaddr, o, 2, 6, FieldValue::mac(a));
        b.add_hidden(type == 1 ? kOptSrcLinkaddr : kOptTargetLinkaddr, o, 2, 6, FieldValue::mac(a));
    } else if (type == 3 && len == 32) {
        add_prefix_option(b, o);
    } else if (type == 5 && len == 8) {
        b.add(kOptReserved, o, 2, 2, FieldValue::raw(o.sub(2, 2).bytes));
        b.add_uint(kOptMtu, o, 4, 4, o.be32(4), "the link MTU hosts should use");
    } else if (len > 2) {
        b.add(kOptData, o, 2, len - 2, FieldValue::raw(o.sub(2, len - 2).bytes));
    }
}

// The options after the fixed part (RFC 4861 §4.6); stops at a zero or overlong length.
void add_options(Builder& b, const View& opts)
{
    for (size_t i = 0; i + 2 <= opts.size();) {
        uint8_t type = opts.u8(i);
        size_t len = size_t(opts.u8(i + 1)) * 8;
        if (len == 0 || !opts.has(i, len)) return; // the parser's verdict reports it
        View o = opts.sub(i, len);
        Field* f = b.add(kOpt, opts, i, len, FieldValue::none());
        if (f) {
            f->label = "ICMPv6 Option (" + std::string(option_name(type));
            if ((type == 1 || type == 2) && len == 8) f->label += " : " + o.mac(2).to_string();
            f->label += ")";
        }
        b.open(f);
        b.add_uint(kOptType, o, 0, 1, type, option_name(type));
        Field* l = b.add_uint(kOptLength, o, 1, 1, len / 8);
        if (l) l->value = strf("%zu (%zu bytes)", len / 8, len);
        add_option_body(b, o, type);
        b.close();
        i += len;
    }
}

std::optional<MacAddr> find_link_addr(const View& opts, uint8_t want)
{
    for (size_t i = 0; i + 2 <= opts.size();) {
        size_t len = size_t(opts.u8(i + 1)) * 8;
        if (len == 0 || !opts.has(i, len)) break;
        if (opts.u8(i) == want && len == 8) return opts.mac(i + 2);
        i += len;
    }
    return std::nullopt;
}

void add_router_advert(Builder& b, const View& v)
{
    b.add_uint(kRaHopLimit, v, 4, 1, v.u8(4), v.u8(4) == 0 ? "0: unspecified" : "");
    Field* f = b.add_uint(kRaFlag, v, 5, 1, v.u8(5));
    b.open(f);
    uint8_t flags = v.u8(5);
    b.add_bits(kRaFlagM, v, 5, 1, 0x80, flags & 0x80 ? "addresses come from DHCPv6" : "");
    b.add_bits(kRaFlagO, v, 5, 1, 0x40,
               flags & 0x40 ? "other settings (DNS) come from DHCPv6" : "");
    b.close();
    Field* life = b.add_uint(kRaLifetime, v, 6, 2, v.be16(6));
    if (life)
        life->meaning = v.be16(6) == 0 ? "0: not a default router"
                                       : strf("%u s as the default router", v.be16(6));
    Field* reach = b.add_uint(kRaReachable, v, 8, 4, v.be32(8));
    if (reach) reach->meaning = v.be32(8) ? strf("%u ms", v.be32(8)) : "0: unspecified";
    Field* retrans = b.add_uint(kRaRetrans, v, 12, 4, v.be32(12));
    if (retrans) retrans->meaning = v.be32(12) ? strf("%u ms", v.be32(12)) : "0: unspecified";
    add_options(b, v.sub(icmpv6::kRaHeaderLen));
}

void add_neighbor_advert(Builder& b, const View& v)
{
    Field* f = b.add_uint(kNaFlag, v, 4, 4, v.be32(4));
    b.open(f);
    uint8_t flags = v.u8(4);
    b.add_bits(kNaFlagR, v, 4, 4, 0x80000000, flags & 0x80 ? "the sender is a router" : "");
    b.add_bits(kNaFlagS, v, 4, 4, 0x40000000, flags & 0x40 ? "answers a solicitation" : "");
    b.add_bits(kNaFlagO, v, 4, 4, 0x20000000,
               flags & 0x20 ? "replace a cached link-layer address" : "");
    b.close();
    b.add(kNaTarget, v, icmpv6::kNdTarget, 16, FieldValue::ipv6(v.ipv6(icmpv6::kNdTarget)));
    add_options(b, v.sub(icmpv6::kNdHeaderLen));
}

// Everything after type, code and checksum.
void add_body(Builder& b, const View& v, uint8_t type)
{
    View reserved = v.sub(4, 4);
    switch (type) {
    case 1:
    case 3: b.add(kReserved, v, 4, 4, FieldValue::raw(reserved.bytes)); break;
    case 2:
        b.add_uint(kMtu, v, icmpv6::kMtu, 4, v.be32(icmpv6::kMtu), "the next link's MTU");
        break;
    case 4: b.add_uint(kPointer, v, icmpv6::kPointer, 4, v.be32(icmpv6::kPointer)); break;
    case 128:
    case 129:
        b.add_uint(kEchoId, v, icmpv6::kIdent, 2, v.be16(icmpv6::kIdent));
        b.add_uint(kEchoSeq, v, icmpv6::kSeqNo, 2, v.be16(icmpv6::kSeqNo));
        break;
    case 133:
        b.add(kReserved, v, 4, 4, FieldValue::raw(reserved.bytes));
        add_options(b, v.sub(icmpv6::kHeaderLen));
        break;
    case 134: add_router_advert(b, v); break;
    case 135:
        b.add(kReserved, v, 4, 4, FieldValue::raw(reserved.bytes));
        b.add(kNsTarget, v, icmpv6::kNdTarget, 16, FieldValue::ipv6(v.ipv6(icmpv6::kNdTarget)));
        add_options(b, v.sub(icmpv6::kNdHeaderLen));
        break;
    case 136: add_neighbor_advert(b, v); break;
    case 137:
        b.add(kReserved, v, 4, 4, FieldValue::raw(reserved.bytes));
        b.add(kRdTarget, v, 8, 16, FieldValue::ipv6(v.ipv6(8)));
        b.add(kRdDst, v, 24, 16, FieldValue::ipv6(v.ipv6(24)));
        add_options(b, v.sub(40));
        break;
    default:
        if (v.size() > 4) b.add(kData, v, 4, v.size() - 4, FieldValue::raw(v.sub(4).bytes));
        break;
    }
    if (v.size() > icmpv6::kHeaderLen && type >= 1 && type <= 4)
        b.dispatch_quoted(Carrier::EtherType, 0x86dd, v.sub(icmpv6::kHeaderLen));
    if (v.size() > icmpv6::kHeaderLen && (type == 128 || type == 129))
        b.dissect_data(v.sub(icmpv6::kHeaderLen));
}

std::string nd_info(const View& v, uint8_t type)
{
    std::string name(type_name(type));
    Ipv6Addr target = v.ipv6(icmpv6::kNdTarget);
    std::optional<MacAddr> sll = find_link_addr(v.sub(type == 134 ? 16 : type == 133 ? 8 : 24), 1);
    std::optional<MacAddr> tll = find_link_addr(v.sub(24), 2);
    std::string out = name;
    if (type == 135) out += " for " + target.to_string();
    if (type == 136) {
        uint8_t f = v.u8(4);
        std::string flags = std::string(f & 0x80 ? "rtr, " : "") + (f & 0x40 ? "sol, " : "") +
                            (f & 0x20 ? "ovr, " : "");
        out += " " + target.to_string();
        if (!flags.empty()) out += " (" + flags.substr(0, flags.size() - 2) + ")";
        if (tll) out += " is at " + tll->to_string();
        return out;
    }
    if (sll) out += " from " + sll->to_string();
    return out;
}

std::string info_text(const View& v, uint8_t type, uint8_t code, uint8_t hop_limit)
{
    std::string name(type_name(type));
    if (name.empty()) return strf("Unknown ICMPv6 type %u (code %u)", type, code);
    if (type == 128 || type == 129)
        return strf("%s id=0x%04x, seq=%u, hop limit=%u", name.c_str(), v.be16(icmpv6::kIdent),
                    v.be16(icmpv6::kSeqNo), hop_limit);
    if (type >= 133 && type <= 136) return nd_info(v, type);
    if (type == 2) return strf("Packet Too Big (MTU %u)", v.be32(icmpv6::kMtu));
    std::string_view code_text = code_name(type, code);
    return code_text.empty() ? name : name + " (" + std::string(code_text) + ")";
}

ChecksumStatus verify(Builder& b, const View& v, uint16_t& expected)
{
    std::optional<PseudoHeader> ph = b.net().pseudo_header();
    if (b.quoted() || b.net().truncated || !ph || !ph->is_ipv6() || !v.has(0, icmpv6::kHeaderLen))
        return ChecksumStatus::Unverified;
    expected = expected_checksum(v.bytes, icmpv6::kChecksum,
                                 ph->sum(IpProtocol::Icmpv6, uint32_t(v.size())));
    return verify_upper_checksum(v.bytes, *ph, IpProtocol::Icmpv6) ? ChecksumStatus::Good
                                                                   : ChecksumStatus::Bad;
}

} // namespace

FieldList icmpv6_fields()
{
    return kFields;
}

size_t dissect_icmpv6(Builder& b, View v)
{
    uint8_t type = v.u8(icmpv6::kType);
    uint8_t code = v.u8(icmpv6::kCode);
    b.begin_layer(kIcmpv6, v, v.size());
    b.add_uint(kType, v, icmpv6::kType, 1, type, type_name(type));
    b.add_uint(kCode, v, icmpv6::kCode, 1, code, code_name(type, code));
    uint16_t expected = 0;
    ChecksumStatus verdict = verify(b, v, expected);
    add_checksum(b, kChecksum, kChecksumStatus, v, icmpv6::kChecksum, verdict, expected, "icmpv6");
    if (v.has(0, icmpv6::kHeaderLen)) add_body(b, v, type);
    b.end_layer();
    if (b.text()) {
        b.set_protocol("ICMPv6");
        b.set_info(info_text(v, type, code, b.net().ttl));
    }
    const NetContext& net = b.net();
    auto parsed = icmpv6::parse(v.bytes, net.src6, net.dst6, ChecksumCheck::Skip);
    if (!parsed && parsed.error().kind != WireError::Unsupported)
        b.malformed("ICMPv6", parsed.error().message(), v.base);
    return v.size();
}

} // namespace wirelab::wire::dissector
