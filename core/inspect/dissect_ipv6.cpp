// Dissector for IPv6 (RFC 8200): the fixed header and the extension headers of §4 (hop-by-hop
// and destination options, routing, fragment), then the upper-layer protocol.
#include "core/inspect/dissector.h"
#include "core/wire/ipv6.h"

#include <algorithm>

namespace wirelab::wire::dissector {

namespace {

constexpr FieldSpec kIpv6 = protocol_field("ipv6", "Internet Protocol Version 6");
constexpr FieldSpec kVersion = uint_field("ipv6.version", "Version", 4);
constexpr FieldSpec kTclass = uint_field("ipv6.tclass", "Traffic Class", 8, Display::Hex);
constexpr FieldSpec kDscp = uint_field("ipv6.tclass.dscp", "Differentiated Services Codepoint", 6);
constexpr FieldSpec kEcn = uint_field("ipv6.tclass.ecn", "Explicit Congestion Notification", 2);
constexpr FieldSpec kFlow = uint_field("ipv6.flow", "Flow Label", 20, Display::Hex);
constexpr FieldSpec kPlen = uint_field("ipv6.plen", "Payload Length", 16);
constexpr FieldSpec kNxt = uint_field("ipv6.nxt", "Next Header", 8);
constexpr FieldSpec kHlim = uint_field("ipv6.hlim", "Hop Limit", 8);
constexpr FieldSpec kSrc = ipv6_field("ipv6.src", "Source Address");
constexpr FieldSpec kDst = ipv6_field("ipv6.dst", "Destination Address");
constexpr FieldSpec kAddr = ipv6_field("ipv6.addr", "Source or Destination Address");
constexpr FieldSpec kHopOpts = none_field("ipv6.hopopts", "IPv6 Hop-by-Hop Option");
constexpr FieldSpec kHopOptsNxt = uint_field("ipv6.hopopts.nxt", "Next Header", 8);
constexpr FieldSpec kHopOptsLen = uint_field("ipv6.hopopts.len", "Length", 8);
constexpr FieldSpec kDstOpts = none_field("ipv6.dstopts", "Destination Options for IPv6");
constexpr FieldSpec kDstOptsNxt = uint_field("ipv6.dstopts.nxt", "Next Header", 8);
constexpr FieldSpec kDstOptsLen = uint_field("ipv6.dstopts.len", "Length", 8);
constexpr FieldSpec kOpt = none_field("ipv6.opt", "IPv6 Option");
constexpr FieldSpec kOptType = uint_field("ipv6.opt.type", "Type", 8, Display::Hex);
constexpr FieldSpec kOptLength = uint_field("ipv6.opt.length", "Length", 8);
constexpr FieldSpec kOptData = bytes_field("ipv6.opt.data", "Data");
constexpr FieldSpec kRouting = none_field("ipv6.routing", "Routing Header for IPv6");
constexpr FieldSpec kRoutingNxt = uint_field("ipv6.routing.nxt", "Next Header", 8);
constexpr FieldSpec kRoutingLen = uint_field("ipv6.routing.len", "Length", 8);
constexpr FieldSpec kRoutingType = uint_field("ipv6.routing.type", "Type", 8);
constexpr FieldSpec kRoutingSegleft = uint_field("ipv6.routing.segleft", "Segments Left", 8);
constexpr FieldSpec kRoutingData = bytes_field("ipv6.routing.data", "Type-specific data");
constexpr FieldSpec kFrag = none_field("ipv6.fraghdr", "Fragment Header for IPv6");
constexpr FieldSpec kFragNxt = uint_field("ipv6.fraghdr.nxt", "Next Header", 8);
constexpr FieldSpec kFragReserved =
    uint_field("ipv6.fraghdr.reserved_octet", "Reserved octet", 8, Display::Hex);
constexpr FieldSpec kFragOffset = uint_field("ipv6.fraghdr.offset", "Offset", 13);
constexpr FieldSpec kFragMore = bool_field("ipv6.fraghdr.more", "More Fragments");
constexpr FieldSpec kFragIdent =
    uint_field("ipv6.fraghdr.ident", "Identification", 32, Display::Hex);

constexpr const FieldSpec* kFields[] = {
    &kIpv6,         &kVersion,     &kTclass,         &kDscp,        &kEcn,        &kFlow,
    &kPlen,         &kNxt,         &kHlim,           &kSrc,         &kDst,        &kAddr,
    &kHopOpts,      &kHopOptsNxt,  &kHopOptsLen,     &kDstOpts,     &kDstOptsNxt, &kDstOptsLen,
    &kOpt,          &kOptType,     &kOptLength,      &kOptData,     &kRouting,    &kRoutingNxt,
    &kRoutingLen,   &kRoutingType, &kRoutingSegleft, &kRoutingData, &kFrag,       &kFragNxt,
    &kFragReserved, &kFragOffset,  &kFragMore,       &kFragIdent,
};

std::string_view option_name(uint8_t type)
{
    switch (type) {
    case 0: return "Pad1";
    case 1: return "PadN";
    case 5: return "Router Alert";
    case 0xc2: return "Jumbo Payload";
    default: return "Unknown";
    }
}

// The TLV options of a hop-by-hop or destination options header (§4.2).
void add_options(Builder& b, const View& opts)
{
    for (size_t i = 0; i < opts.size();) {
        uint8_t type = opts.u8(i);
        size_t len = type == 0 ? 1 : 2 + size_t(opts.u8(i + 1));
        if (!opts.has(i, len)) return; // the header's own check reports it
        Field* o = b.add(kOpt, opts, i, len, FieldValue::none());
        if (o) o->label = "IPv6 Option (" + std::string(option_name(type)) + ")";
        b.open(o);
        b.add_uint(kOptType, opts, i, 1, type,
                   (type >> 6) == 0 ? "skip over this option if not recognized"
                                    : "if not recognized: discard the packet");
        if (type != 0) b.add_uint(kOptLength, opts, i + 1, 1, len - 2);
        if (len > 2)
            b.add(kOptData, opts, i + 2, len - 2, FieldValue::raw(opts.sub(i + 2, len - 2).bytes));
        b.close();
        i += len;
    }
}

struct ExtSpecs {
    const FieldSpec& header;
    const FieldSpec& nxt;
    const FieldSpec& len;
};

// One extension header at the front of `rest`; returns its length (0: cannot continue).
size_t add_extension(Builder& b, uint8_t type, const View& rest, bool& fragment)
{
    if (!rest.has(0, 8)) return 0;
    size_t len = type == 44 ? 8 : (size_t(rest.u8(1)) + 1) * 8;
    if (!rest.has(0, len)) return 0;
    uint8_t nxt = rest.u8(0);
    if (type == 44) {
        Field* f = b.add(kFrag, rest, 0, 8, FieldValue::none());
        b.open(f);
        b.add_uint(kFragNxt, rest, 0, 1, nxt, ip_protocol_name(nxt));
        b.add_uint(kFragReserved, rest, 1, 1, rest.u8(1));
        Field* off = b.add_uint(kFragOffset, rest, 2, 2, rest.be16(2) >> 3);
        if (off) {
            off->bitmask = 0xfff8;
            off->meaning = strf("%u bytes", unsigned(rest.be16(2) >> 3) * 8);
        }
        b.add_bits(kFragMore, rest, 2, 2, 0x0001);
        b.add_uint(kFragIdent, rest, 4, 4, rest.be32(4));
        b.close();
        fragment = (rest.be16(2) & 0xfff9) != 0; // RFC 6946: an atomic fragment is not one
        return len;
    }
    bool hop = type == 0;
    bool routing = type == 43;
    ExtSpecs s = hop       ? ExtSpecs{kHopOpts, kHopOptsNxt, kHopOptsLen}
                 : routing ? ExtSpecs{kRouting, kRoutingNxt, kRoutingLen}
                           : ExtSpecs{kDstOpts, kDstOptsNxt, kDstOptsLen};
    Field* f = b.add(s.header, rest, 0, len, FieldValue::none());
    b.open(f);
    b.add_uint(s.nxt, rest, 0, 1, nxt, ip_protocol_name(nxt));
    Field* l = b.add_uint(s.len, rest, 1, 1, rest.u8(1));
    if (l) l->meaning = strf("%zu bytes", len);
    if (routing) {
        b.add_uint(kRoutingType, rest, 2, 1, rest.u8(2));
        b.add_uint(kRoutingSegleft, rest, 3, 1, rest.u8(3),
                   rest.u8(3) == 0 ? "0: the header is ignored (RFC 8200 §4.4)" : "");
        b.add(kRoutingData, rest, 4, len - 4, FieldValue::raw(rest.sub(4, len - 4).bytes));
    } else {
        add_options(b, rest.sub(2, len - 2));
    }
    b.close();
    return len;
}

bool is_walked_extension(uint8_t type)
{
    return type == 0 || type == 43 || type == 44 || type == 60;
}

void add_address(Builder& b, const View& v, size_t rel, const FieldSpec& spec)
{
    Ipv6Addr a = v.ipv6(rel);
    Field* f = b.add(spec, v, rel, 16, FieldValue::ipv6(a));
    if (f) f->meaning = ipv6_meaning(a);
    b.add_hidden(kAddr, v, rel, 16, FieldValue::ipv6(a));
}

void add_header(Builder& b, const View& v)
{
    b.add_bits(kVersion, v, ipv6::kVersionTcFlow, 1, 0xf0);
    Field* tc = b.add_bits(kTclass, v, ipv6::kVersionTcFlow, 4, 0x0ff00000);
    b.open(tc);
    b.add_bits(kDscp, v, ipv6::kVersionTcFlow, 4, 0x0fc00000);
    b.add_bits(kEcn, v, ipv6::kVersionTcFlow, 4, 0x00300000);
    b.close();
    b.add_bits(kFlow, v, ipv6::kVersionTcFlow, 4, ipv6::kFlowLabelMask);
    b.add_uint(kPlen, v, ipv6::kPayloadLen, 2, v.be16(ipv6::kPayloadLen),
               "bytes after this 40-byte header");
    uint8_t nxt = v.u8(ipv6::kNextHeader);
    b.add_uint(kNxt, v, ipv6::kNextHeader, 1, nxt, ip_protocol_name(nxt));
    b.add_uint(kHlim, v, ipv6::kHopLimit, 1, v.u8(ipv6::kHopLimit),
               v.u8(ipv6::kHopLimit) == 255 ? "255: sent on this link, not routed (NDP requires it)"
                                            : "hops left: each router subtracts 1");
    add_address(b, v, ipv6::kSrc, kSrc);
    add_address(b, v, ipv6::kDst, kDst);
}

struct Upper {
    uint8_t protocol;
    View payload;
    bool fragment = false;
};

// Walks the extension headers inside the open IPv6 layer.
Upper walk_extensions(Builder& b, const View& v, size_t end)
{
    Upper u{v.u8(ipv6::kNextHeader), v.sub(ipv6::kHeaderLen, end - ipv6::kHeaderLen)};
    while (is_walked_extension(u.protocol) && !u.fragment) {
        size_t len = add_extension(b, u.protocol, u.payload, u.fragment);
        if (len == 0) break;
        u.protocol = u.payload.u8(0);
        u.payload = u.payload.sub(len);
    }
    return u;
}

void set_columns(Builder& b, const View& v, const Upper& u)
{
    b.set_protocol("IPv6");
    b.set_addresses(v.ipv6(ipv6::kSrc).to_string(), v.ipv6(ipv6::kDst).to_string());
    std::string name(ip_protocol_name(u.protocol));
    if (u.fragment)
        b.set_info(strf("IPv6 fragment (nxt=%s %u) [not reassembled]", name.c_str(), u.protocol));
    else
        b.set_info(strf("IPv6 next header %u%s%s%s", u.protocol, name.empty() ? "" : " (",
                        name.c_str(), name.empty() ? "" : ")"));
}

} // namespace

FieldList ipv6_fields()
{
    return kFields;
}

size_t dissect_ipv6(Builder& b, View v)
{
    size_t plen = v.be16(ipv6::kPayloadLen);
    bool header_ok = v.has(0, ipv6::kHeaderLen) && (v.u8(0) >> 4) == 6;
    size_t end = header_ok ? std::min(ipv6::kHeaderLen + plen, v.size()) : v.size();
    View packet = v.sub(0, end);
    Field* layer = b.begin_layer(kIpv6, packet, ipv6::kHeaderLen);
    if (layer && header_ok)
        layer->value =
            "Src: " + v.ipv6(ipv6::kSrc).to_string() + ", Dst: " + v.ipv6(ipv6::kDst).to_string();
    add_header(b, v);
    Upper u{v.u8(ipv6::kNextHeader), View{}};
    if (header_ok) u = walk_extensions(b, v, end);
    b.end_layer();
    if (b.text()) set_columns(b, v, u);
    auto parsed = ipv6::parse(v.bytes);
    if (!parsed && parsed.error().kind != WireError::Unsupported)
        b.malformed("IPv6", parsed.error().message(), v.base);
    if (!header_ok) return end;
    if (u.fragment || is_walked_extension(u.protocol)) {
        b.dissect_data(u.payload);
        return end;
    }
    NetContext& net = b.net();
    net.family = NetContext::Family::V6;
    net.src6 = v.ipv6(ipv6::kSrc);
    net.dst6 = v.ipv6(ipv6::kDst);
    net.ttl = v.u8(ipv6::kHopLimit);
    net.truncated = ipv6::kHeaderLen + plen > v.size();
    b.dispatch(Carrier::IpProto, u.protocol, u.payload);
    return end;
}

} // namespace wirelab::wire::dissector
