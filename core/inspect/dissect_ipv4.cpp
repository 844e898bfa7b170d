// Dissector for IPv4 (RFC 791) with DSCP/ECN (RFC 2474, RFC 3168) and options.
#include "core/inspect/dissector.h"
#include "core/wire/ipv4.h"

#include <algorithm>

namespace wirelab::wire::dissector {

namespace {

constexpr FieldSpec kIp = protocol_field("ip", "Internet Protocol Version 4");
constexpr FieldSpec kVersion = uint_field("ip.version", "Version", 4);
constexpr FieldSpec kHdrLen = uint_field("ip.hdr_len", "Header Length", 8);
constexpr FieldSpec kDsfield =
    uint_field("ip.dsfield", "Differentiated Services Field", 8, Display::Hex);
constexpr FieldSpec kDscp = uint_field("ip.dsfield.dscp", "Differentiated Services Codepoint", 6);
constexpr FieldSpec kEcn = uint_field("ip.dsfield.ecn", "Explicit Congestion Notification", 2);
constexpr FieldSpec kLen = uint_field("ip.len", "Total Length", 16);
constexpr FieldSpec kId = uint_field("ip.id", "Identification", 16, Display::HexDec);
constexpr FieldSpec kFlags = uint_field("ip.flags", "Flags", 3, Display::Hex);
constexpr FieldSpec kFlagRb = bool_field("ip.flags.rb", "Reserved bit");
constexpr FieldSpec kFlagDf = bool_field("ip.flags.df", "Don't fragment");
constexpr FieldSpec kFlagMf = bool_field("ip.flags.mf", "More fragments");
constexpr FieldSpec kFragOffset = uint_field("ip.frag_offset", "Fragment Offset", 16);
constexpr FieldSpec kTtl = uint_field("ip.ttl", "Time to Live", 8);
constexpr FieldSpec kProto = uint_field("ip.proto", "Protocol", 8);
constexpr FieldSpec kChecksum = uint_field("ip.checksum", "Header Checksum", 16, Display::Hex);
constexpr FieldSpec kChecksumStatus = uint_field("ip.checksum.status", "Header checksum status", 8);
constexpr FieldSpec kSrc = ipv4_field("ip.src", "Source Address");
constexpr FieldSpec kDst = ipv4_field("ip.dst", "Destination Address");
constexpr FieldSpec kAddr = ipv4_field("ip.addr", "Source or Destination Address");
constexpr FieldSpec kOptions = none_field("ip.options", "Options");
constexpr FieldSpec kOpt = none_field("ip.opt", "IP Option");
constexpr FieldSpec kOptType = uint_field("ip.opt.type", "Type", 8);
constexpr FieldSpec kOptLen = uint_field("ip.opt.len", "Length", 8);
constexpr FieldSpec kOptData = bytes_field("ip.opt.data", "Data");

constexpr const FieldSpec* kFields[] = {
    &kIp,    &kVersion,  &kHdrLen,         &kDsfield, &kDscp,   &kEcn,        &kLen,
    &kId,    &kFlags,    &kFlagRb,         &kFlagDf,  &kFlagMf, &kFragOffset, &kTtl,
    &kProto, &kChecksum, &kChecksumStatus, &kSrc,     &kDst,    &kAddr,       &kOptions,
    &kOpt,   &kOptType,  &kOptLen,         &kOptData,
};

std::string_view dscp_name(unsigned dscp)
{
    switch (dscp) {
    case 0: return "CS0: default, best effort";
    case 8: return "CS1: low priority";
    case 10: return "AF11";
    case 12: return "AF12";
    case 14: return "AF13";
    case 16: return "CS2";
    case 18: return "AF21";
    case 20: return "AF22";
    case 22: return "AF23";
    case 24: return "CS3";
    case 26: return "AF31";
    case 28: return "AF32";
    case 30: return "AF33";
    case 32: return "CS4";
    case 34: return "AF41";
    case 36: return "AF42";
    case 38: return "AF43";
    case 40: return "CS5";
    case 44: return "VOICE-ADMIT";
    case 46: return "EF: expedited forwarding (voice)";
    case 48: return "CS6: network control (routing, ICMP errors)";
    case 56: return "CS7";
    default: return {};
    }
}

std::string_view ecn_name(unsigned ecn)
{
    static constexpr std::string_view kNames[] = {
        "Not-ECT: not ECN-capable transport", "ECT(1): ECN-capable transport",
        "ECT(0): ECN-capable transport", "CE: congestion experienced"};
    return kNames[ecn & 3];
}

std::string_view option_name(uint8_t type)
{
    switch (type) {
    case 0: return "End of Options List (EOL)";
    case 1: return "No-Operation (NOP)";
    case 7: return "Record Route";
    case 68: return "Time Stamp";
    case 130: return "Security";
    case 131: return "Loose Source Route";
    case 136: return "Stream ID";
    case 137: return "Strict Source Route";
    case 148: return "Router Alert";
    default: return "Unknown";
    }
}

void add_ds_field(Builder& b, const View& v)
{
    uint8_t ds = v.u8(ipv4::kDscpEcn);
    Field* f = b.add_uint(kDsfield, v, ipv4::kDscpEcn, 1, ds);
    b.open(f);
    b.add_bits(kDscp, v, ipv4::kDscpEcn, 1, 0xfc, dscp_name(ds >> 2));
    b.add_bits(kEcn, v, ipv4::kDscpEcn, 1, 0x03, ecn_name(ds));
    b.close();
}

void add_flags(Builder& b, const View& v)
{
    // Wireshark's ip.flags is the 3-bit value: 0x2 for DF, 0x1 for MF.
    uint8_t flags = v.u8(ipv4::kFlagsFrag) & 0xe0;
    Field* f = b.add_bits(kFlags, v, ipv4::kFlagsFrag, 1, 0xe0);
    if (f) f->meaning = flags & 0x40 ? "Don't fragment" : flags & 0x20 ? "More fragments" : "none";
    b.open(f);
    b.add_bits(kFlagRb, v, ipv4::kFlagsFrag, 1, 0x80, "must be zero (RFC 791)");
    b.add_bits(kFlagDf, v, ipv4::kFlagsFrag, 1, 0x40,
               flags & 0x40 ? "routers must not fragment it: too big for a link means dropped, "
                              "with ICMP \"fragmentation needed\" back (path MTU discovery)"
                            : "routers may fragment it");
    b.add_bits(kFlagMf, v, ipv4::kFlagsFrag, 1, 0x20,
               flags & 0x20 ? "more fragments of this datagram follow" : "last (or only) fragment");
    b.close();
    uint32_t units = v.be16(ipv4::kFlagsFrag) & ipv4::kFragOffsetMask;
    Field* off = b.add_uint(kFragOffset, v, ipv4::kFlagsFrag, 2, uint64_t(units) * 8);
    if (off) {
        off->bitmask = ipv4::kFragOffsetMask;
        off->meaning = strf("%u × 8 bytes: where this fragment's data starts", units);
    }
}

void add_address(Builder& b, const View& v, size_t rel, const FieldSpec& spec)
{
    Ipv4Addr a = v.ipv4(rel);
    Field* f = b.add(spec, v, rel, 4, FieldValue::ipv4(a));
    if (f) f->meaning = ipv4_meaning(a);
    b.add_hidden(kAddr, v, rel, 4, FieldValue::ipv4(a));
}

void add_options(Builder& b, const View& opts)
{
    if (opts.size() == 0) return;
    Field* f = b.add(kOptions, opts, 0, opts.size(), FieldValue::none());
    if (f) f->value = strf("(%zu bytes)", opts.size());
    b.open(f);
    for (size_t i = 0; i < opts.size();) {
        uint8_t type = opts.u8(i);
        size_t len = (type == 0 || type == 1) ? 1 : opts.u8(i + 1);
        if (len == 0 || (len < 2 && type > 1) || !opts.has(i, len)) {
            if (b.text())
                b.problem(strf("ipv4: option %u at offset %zu has a bad length", type, i));
            break;
        }
        Field* o = b.add(kOpt, opts, i, len, FieldValue::none());
        if (o)
            o->label =
                strf("IP Option - %s (%zu bytes)", std::string(option_name(type)).c_str(), len);
        b.open(o);
        b.add_uint(kOptType, opts, i, 1, type, option_name(type));
        if (len >= 2) b.add_uint(kOptLen, opts, i + 1, 1, len);
        if (len > 2)
            b.add(kOptData, opts, i + 2, len - 2, FieldValue::raw(opts.sub(i + 2, len - 2).bytes));
        b.close();
        if (type == 0) break; // RFC 791: the end of the options; the rest is padding
        i += len;
    }
    b.close();
}

ChecksumStatus header_checksum(const View& v, size_t hlen, uint16_t& expected)
{
    if (hlen < ipv4::kMinHeaderLen || !v.has(0, hlen)) return ChecksumStatus::Unverified;
    ByteSpan header = v.bytes.first(hlen);
    expected = expected_checksum(header, ipv4::kChecksum);
    return checksum::is_valid(header) ? ChecksumStatus::Good : ChecksumStatus::Bad;
}

void add_header(Builder& b, const View& v, size_t hlen)
{
    b.add_bits(kVersion, v, ipv4::kVersionIhl, 1, 0xf0);
    Field* hl = b.add_uint(kHdrLen, v, ipv4::kVersionIhl, 1, hlen);
    if (hl) {
        hl->bitmask = 0x0f;
        hl->value = strf("%zu bytes (%zu)", hlen, hlen / 4);
    }
    add_ds_field(b, v);
    b.add_uint(kLen, v, ipv4::kTotalLen, 2, v.be16(ipv4::kTotalLen), "header + payload, in bytes");
    b.add_uint(kId, v, ipv4::kIdent, 2, v.be16(ipv4::kIdent));
    add_flags(b, v);
    b.add_uint(kTtl, v, ipv4::kTtl, 1, v.u8(ipv4::kTtl), "hops left: each router subtracts 1");
    uint8_t proto = v.u8(ipv4::kProtocol);
    b.add_uint(kProto, v, ipv4::kProtocol, 1, proto, ip_protocol_name(proto));
    uint16_t expected = 0;
    ChecksumStatus verdict = header_checksum(v, hlen, expected);
    add_checksum(b, kChecksum, kChecksumStatus, v, ipv4::kChecksum, verdict, expected, "ipv4");
    add_address(b, v, ipv4::kSrc, kSrc);
    add_address(b, v, ipv4::kDst, kDst);
    if (hlen > ipv4::kMinHeaderLen)
        add_options(b, v.sub(ipv4::kMinHeaderLen, hlen - ipv4::kMinHeaderLen));
}

void set_columns(Builder& b, const View& v, bool fragment)
{
    Ipv4Addr src = v.ipv4(ipv4::kSrc);
    Ipv4Addr dst = v.ipv4(ipv4::kDst);
    b.set_protocol("IPv4");
    b.set_addresses(src.to_string(), dst.to_string());
    uint8_t proto = v.u8(ipv4::kProtocol);
    std::string name(ip_protocol_name(proto));
    uint16_t ff = v.be16(ipv4::kFlagsFrag);
    if (fragment)
        b.set_info(strf("Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x) [not reassembled]",
                        name.c_str(), proto, (ff & ipv4::kFragOffsetMask) * 8u,
                        v.be16(ipv4::kIdent)));
    else
        b.set_info(strf("IPv4 protocol %u%s%s%s", proto, name.empty() ? "" : " (", name.c_str(),
                        name.empty() ? "" : ")"));
}

} // namespace

FieldList ipv4_fields()
{
    return kFields;
}

size_t dissect_ipv4(Builder& b, View v)
{
    size_t hlen = size_t(v.u8(ipv4::kVersionIhl) & 0x0f) * 4;
    size_t total = v.be16(ipv4::kTotalLen);
    bool header_ok = (v.u8(ipv4::kVersionIhl) >> 4) == 4 && hlen >= ipv4::kMinHeaderLen &&
                     v.has(0, hlen) && total >= hlen;
    size_t end = header_ok ? std::min(total, v.size()) : v.size();
    View dgram = v.sub(0, end);
    Field* layer = b.begin_layer(kIp, dgram, std::max(hlen, ipv4::kMinHeaderLen));
    if (layer && v.has(0, ipv4::kMinHeaderLen))
        layer->value =
            "Src: " + v.ipv4(ipv4::kSrc).to_string() + ", Dst: " + v.ipv4(ipv4::kDst).to_string();
    add_header(b, v, hlen);
    b.end_layer();
    uint16_t ff = v.be16(ipv4::kFlagsFrag);
    bool fragment = (ff & ipv4::kFlagMoreFrags) || (ff & ipv4::kFragOffsetMask);
    if (b.text()) set_columns(b, v, fragment);
    auto parsed = ipv4::parse(v.bytes, ChecksumCheck::Skip);
    if (!parsed) b.malformed("IPv4", parsed.error().message(), v.base);
    if (!header_ok) return end;
    View payload = dgram.sub(hlen);
    if (fragment) {
        b.dissect_data(payload);
        return end;
    }
    NetContext& net = b.net();
    net.family = NetContext::Family::V4;
    net.src4 = v.ipv4(ipv4::kSrc);
    net.dst4 = v.ipv4(ipv4::kDst);
    net.ttl = v.u8(ipv4::kTtl);
    net.truncated = total > v.size();
    b.dispatch(Carrier::IpProto, v.u8(ipv4::kProtocol), payload);
    return end;
}

} // namespace wirelab::wire::dissector
