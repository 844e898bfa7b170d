// Dissectors for Ethernet II (with padding) and ARP (RFC 826).
#include "core/inspect/dissector.h"
#include "core/wire/arp.h"
#include "core/wire/ethernet.h"

#include <algorithm>

namespace wirelab::wire::dissector {

// [SECTION] Ethernet II
namespace {

constexpr FieldSpec kEth = protocol_field("eth", "Ethernet II");
constexpr FieldSpec kEthDst = mac_field("eth.dst", "Destination");
constexpr FieldSpec kEthDstLg = bool_field("eth.dst.lg", "LG bit");
constexpr FieldSpec kEthDstIg = bool_field("eth.dst.ig", "IG bit");
constexpr FieldSpec kEthSrc = mac_field("eth.src", "Source");
constexpr FieldSpec kEthSrcLg = bool_field("eth.src.lg", "LG bit");
constexpr FieldSpec kEthSrcIg = bool_field("eth.src.ig", "IG bit");
constexpr FieldSpec kEthAddr = mac_field("eth.addr", "Address");
constexpr FieldSpec kEthType = uint_field("eth.type", "Type", 16, Display::Hex);
constexpr FieldSpec kEthLen = uint_field("eth.len", "Length", 16);
constexpr FieldSpec kEthPadding = bytes_field("eth.padding", "Padding");
constexpr FieldSpec kEthTrailer = bytes_field("eth.trailer", "Trailer");

constexpr const FieldSpec* kEthFields[] = {
    &kEth,      &kEthDst,  &kEthDstLg, &kEthDstIg, &kEthSrc,     &kEthSrcLg,
    &kEthSrcIg, &kEthAddr, &kEthType,  &kEthLen,   &kEthPadding, &kEthTrailer,
};

// The address with its two special bits (IEEE 802-2014 §8.2): I/G in bit 0 of the first byte,
// U/L in bit 1, shown over the 3-byte OUI as Wireshark does.
void add_mac(Builder& b, const View& v, size_t rel, const FieldSpec& addr, const FieldSpec& lg,
             const FieldSpec& ig)
{
    MacAddr a = v.mac(rel);
    Field* f = b.add(addr, v, rel, 6, FieldValue::mac(a));
    if (f) f->meaning = mac_meaning(a);
    b.open(f);
    b.add_bits(lg, v, rel, 3, 0x020000,
               (a.bytes[0] & 2) ? "Locally administered address (not the factory default)"
                                : "Globally unique address (factory default)");
    b.add_bits(ig, v, rel, 3, 0x010000,
               (a.bytes[0] & 1) ? "Group address (multicast/broadcast)"
                                : "Individual address (unicast)");
    b.close();
    b.add_hidden(kEthAddr, v, rel, 6, FieldValue::mac(a));
}

void add_padding(Builder& b, size_t layer_index, const View& rest)
{
    bool zeros = std::all_of(rest.bytes.begin(), rest.bytes.end(), [](uint8_t x) { return !x; });
    b.reopen_layer(layer_index);
    Field* f =
        b.add(zeros ? kEthPadding : kEthTrailer, rest, 0, rest.size(), FieldValue::raw(rest.bytes));
    if (f)
        f->meaning = zeros ? "zeros that fill the frame up to Ethernet's 60-byte minimum"
                           : "bytes after the packet that no protocol claims";
    b.close();
}

void ethernet_columns(Builder& b, const View& v, uint16_t type, bool is_length)
{
    std::string src = v.has(ethernet::kSrc, 6) ? mac_column(v.mac(ethernet::kSrc)) : "";
    std::string dst = v.has(ethernet::kDst, 6) ? mac_column(v.mac(ethernet::kDst)) : "";
    b.set_addresses(src, dst);
    if (!v.has(0, ethernet::kHeaderLen)) {
        b.set_protocol("Ethernet");
        b.set_info(strf("Ethernet frame of %zu bytes, cut short", v.size()));
        return;
    }
    if (is_length) {
        b.set_protocol("LLC");
        b.set_info(strf("IEEE 802.3 frame, length %u (LLC is not decoded)", unsigned(type)));
        return;
    }
    std::string_view name = ethertype_name(type);
    b.set_protocol(strf("0x%04x", unsigned(type)));
    b.set_info(name.empty() ? strf("Ethernet II, EtherType 0x%04x", unsigned(type))
                            : strf("Ethernet II, %.*s", int(name.size()), name.data()));
}

} // namespace

FieldList ethernet_fields()
{
    return kEthFields;
}

size_t dissect_ethernet(Builder& b, View v)
{
    bool complete = v.size() >= ethernet::kHeaderLen;
    uint16_t type = v.be16(ethernet::kEtherType);
    bool is_length = complete && type < ethernet::kMinEtherType;
    Field* layer = b.begin_layer(kEth, v, ethernet::kHeaderLen);
    size_t index = b.last_layer_index();
    if (layer && complete)
        layer->value = "Src: " + v.mac(ethernet::kSrc).to_string() +
                       ", Dst: " + v.mac(ethernet::kDst).to_string();
    add_mac(b, v, ethernet::kDst, kEthDst, kEthDstLg, kEthDstIg);
    add_mac(b, v, ethernet::kSrc, kEthSrc, kEthSrcLg, kEthSrcIg);
    if (is_length)
        b.add_uint(kEthLen, v, ethernet::kEtherType, 2, type,
                   "below 0x0600: an IEEE 802.3 length, not an EtherType");
    else
        b.add_uint(kEthType, v, ethernet::kEtherType, 2, type, ethertype_name(type));
    b.end_layer();
    if (b.text()) ethernet_columns(b, v, type, is_length);
    if (!complete) {
        b.malformed("Ethernet", ethernet::parse(v.bytes).error().message(), v.base);
        return v.size();
    }
    View payload = v.sub(ethernet::kHeaderLen);
    size_t used =
        is_length ? b.dissect_data(payload) : b.dispatch(Carrier::EtherType, type, payload);
    if (used < payload.size()) add_padding(b, index, payload.sub(used));
    return v.size();
}

// [SECTION] ARP
namespace {

constexpr FieldSpec kArp = protocol_field("arp", "Address Resolution Protocol");
constexpr FieldSpec kArpHwType = uint_field("arp.hw.type", "Hardware type", 16);
constexpr FieldSpec kArpProtoType = uint_field("arp.proto.type", "Protocol type", 16, Display::Hex);
constexpr FieldSpec kArpHwSize = uint_field("arp.hw.size", "Hardware size", 8);
constexpr FieldSpec kArpProtoSize = uint_field("arp.proto.size", "Protocol size", 8);
constexpr FieldSpec kArpOpcode = uint_field("arp.opcode", "Opcode", 16);
constexpr FieldSpec kArpSrcMac = mac_field("arp.src.hw_mac", "Sender MAC address");
constexpr FieldSpec kArpSrcIp = ipv4_field("arp.src.proto_ipv4", "Sender IP address");
constexpr FieldSpec kArpDstMac = mac_field("arp.dst.hw_mac", "Target MAC address");
constexpr FieldSpec kArpDstIp = ipv4_field("arp.dst.proto_ipv4", "Target IP address");
constexpr FieldSpec kArpSrcHw = bytes_field("arp.src.hw", "Sender hardware address");
constexpr FieldSpec kArpSrcProto = bytes_field("arp.src.proto", "Sender protocol address");
constexpr FieldSpec kArpDstHw = bytes_field("arp.dst.hw", "Target hardware address");
constexpr FieldSpec kArpDstProto = bytes_field("arp.dst.proto", "Target protocol address");
constexpr FieldSpec kArpGratuitous = bool_field("arp.isgratuitous", "Is gratuitous");

constexpr const FieldSpec* kArpFields[] = {
    &kArp,       &kArpHwType,   &kArpProtoType, &kArpHwSize,   &kArpProtoSize,
    &kArpOpcode, &kArpSrcMac,   &kArpSrcIp,     &kArpDstMac,   &kArpDstIp,
    &kArpSrcHw,  &kArpSrcProto, &kArpDstHw,     &kArpDstProto, &kArpGratuitous,
};

std::string_view opcode_name(uint16_t op)
{
    switch (op) {
    case 1: return "request";
    case 2: return "reply";
    case 3: return "reverse request";
    case 4: return "reverse reply";
    case 8: return "inverse request";
    case 9: return "inverse reply";
    default: return "unknown opcode";
    }
}

// Ethernet/IPv4 addresses (the 28-byte form the simulator uses).
void add_ipv4_addresses(Builder& b, const View& v)
{
    MacAddr smac = v.mac(arp::kSenderMac);
    Ipv4Addr sip = v.ipv4(arp::kSenderIp);
    Ipv4Addr tip = v.ipv4(arp::kTargetIp);
    b.add(kArpSrcMac, v, arp::kSenderMac, 6, FieldValue::mac(smac));
    Field* f = b.add(kArpSrcIp, v, arp::kSenderIp, 4, FieldValue::ipv4(sip));
    if (f && sip.is_unspecified()) f->meaning = "0.0.0.0: the sender has no address yet (probe)";
    f = b.add(kArpDstMac, v, arp::kTargetMac, 6, FieldValue::mac(v.mac(arp::kTargetMac)));
    if (f && v.u8(arp::kOperation + 1) == 1) f->meaning = "unknown yet: this is what is asked";
    b.add(kArpDstIp, v, arp::kTargetIp, 4, FieldValue::ipv4(tip));
    if (v.has(0, arp::kPacketLen) && sip == tip && !sip.is_unspecified())
        b.add_generated(kArpGratuitous, v, FieldValue::boolean(true),
                        "the sender announces its own address");
}

// Any other hardware/protocol pair: addresses as bytes, sizes from the header.
void add_generic_addresses(Builder& b, const View& v, size_t hs, size_t ps)
{
    size_t at = 8;
    for (const FieldSpec* spec : {&kArpSrcHw, &kArpSrcProto, &kArpDstHw, &kArpDstProto}) {
        size_t n = (spec == &kArpSrcHw || spec == &kArpDstHw) ? hs : ps;
        b.add(*spec, v, at, n, FieldValue::raw(v.sub(at, n).bytes));
        at += n;
    }
}

std::string arp_info(const View& v, uint16_t op)
{
    Ipv4Addr sip = v.ipv4(arp::kSenderIp);
    Ipv4Addr tip = v.ipv4(arp::kTargetIp);
    if (op == 1 && sip.is_unspecified()) return "Who has " + tip.to_string() + "? (ARP Probe)";
    if (op == 1 && sip == tip) return "ARP Announcement for " + sip.to_string();
    if (op == 1) return "Who has " + tip.to_string() + "? Tell " + sip.to_string();
    if (op == 2 && sip == tip) return "Gratuitous ARP for " + sip.to_string() + " (Reply)";
    if (op == 2) return sip.to_string() + " is at " + v.mac(arp::kSenderMac).to_string();
    std::string_view name = opcode_name(op);
    return strf("ARP %.*s (opcode %u)", int(name.size()), name.data(), unsigned(op));
}

} // namespace

FieldList arp_fields()
{
    return kArpFields;
}

size_t dissect_arp(Builder& b, View v)
{
    uint16_t hw = v.be16(arp::kHardwareType);
    uint16_t pt = v.be16(arp::kProtocolType);
    size_t hs = v.u8(arp::kHardwareLen);
    size_t ps = v.u8(arp::kProtocolLen);
    uint16_t op = v.be16(arp::kOperation);
    bool eth_ipv4 = hw == arp::kHardwareEthernet && pt == arp::kProtocolIpv4 && hs == 6 && ps == 4;
    size_t len = 8 + 2 * (hs + ps);
    Field* layer = b.begin_layer(kArp, v.sub(0, len), len);
    if (layer && v.has(0, 8)) {
        std::string_view name = opcode_name(op);
        layer->label = strf("Address Resolution Protocol (%.*s)", int(name.size()), name.data());
    }
    std::string_view hw_name = hw == arp::kHardwareEthernet ? "Ethernet" : "";
    b.add_uint(kArpHwType, v, arp::kHardwareType, 2, hw, hw_name);
    b.add_uint(kArpProtoType, v, arp::kProtocolType, 2, pt, ethertype_name(pt));
    b.add_uint(kArpHwSize, v, arp::kHardwareLen, 1, hs);
    b.add_uint(kArpProtoSize, v, arp::kProtocolLen, 1, ps);
    b.add_uint(kArpOpcode, v, arp::kOperation, 2, op, opcode_name(op));
    if (eth_ipv4)
        add_ipv4_addresses(b, v);
    else
        add_generic_addresses(b, v, hs, ps);
    b.end_layer();
    if (b.text()) {
        b.set_protocol("ARP");
        b.set_info(v.has(0, 8) ? arp_info(v, op) : "ARP (truncated)");
    }
    auto parsed = arp::parse(v.bytes);
    if (!v.has(0, len))
        b.malformed("ARP", strf("arp: packet of %zu bytes, needs %zu", v.size(), len), v.base);
    else if (!parsed && parsed.error().kind != WireError::Unsupported)
        b.malformed("ARP", parsed.error().message(), v.base);
    return std::min(len, v.size());
}

} // namespace wirelab::wire::dissector
