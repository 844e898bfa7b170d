// Dissector for ICMP (RFC 792, RFC 1191's next-hop MTU): echo, errors with the quoted datagram
// dissected as nested layers (as Wireshark does), redirect, and the other classic types.
#include "core/inspect/dissector.h"
#include "core/wire/icmpv4.h"

namespace wirelab::wire::dissector {

namespace {

constexpr FieldSpec kIcmp = protocol_field("icmp", "Internet Control Message Protocol");
constexpr FieldSpec kType = uint_field("icmp.type", "Type", 8);
constexpr FieldSpec kCode = uint_field("icmp.code", "Code", 8);
constexpr FieldSpec kChecksum = uint_field("icmp.checksum", "Checksum", 16, Display::Hex);
constexpr FieldSpec kChecksumStatus = uint_field("icmp.checksum.status", "Checksum Status", 8);
constexpr FieldSpec kIdent = uint_field("icmp.ident", "Identifier (BE)", 16, Display::DecHex);
constexpr FieldSpec kIdentLe = uint_field("icmp.ident_le", "Identifier (LE)", 16, Display::DecHex);
constexpr FieldSpec kSeq = uint_field("icmp.seq", "Sequence Number (BE)", 16, Display::DecHex);
constexpr FieldSpec kSeqLe = uint_field("icmp.seq_le", "Sequence Number (LE)", 16, Display::DecHex);
constexpr FieldSpec kUnused = bytes_field("icmp.unused", "Unused");
constexpr FieldSpec kMtu = uint_field("icmp.mtu", "MTU of next hop", 16);
constexpr FieldSpec kRedirGw = ipv4_field("icmp.redir_gw", "Gateway Address");
constexpr FieldSpec kPointer = uint_field("icmp.pointer", "Pointer", 8);
constexpr FieldSpec kRest = bytes_field("icmp.rest", "Rest of header");

constexpr const FieldSpec* kFields[] = {
    &kIcmp, &kType,  &kCode,   &kChecksum, &kChecksumStatus, &kIdent,   &kIdentLe,
    &kSeq,  &kSeqLe, &kUnused, &kMtu,      &kRedirGw,        &kPointer, &kRest,
};

std::string_view type_name(uint8_t type)
{
    switch (type) {
    case 0: return "Echo (ping) reply";
    case 3: return "Destination unreachable";
    case 4: return "Source quench (flow control)";
    case 5: return "Redirect";
    case 8: return "Echo (ping) request";
    case 9: return "Router advertisement";
    case 10: return "Router solicitation";
    case 11: return "Time-to-live exceeded";
    case 12: return "Parameter problem";
    case 13: return "Timestamp request";
    case 14: return "Timestamp reply";
    case 15: return "Information request";
    case 16: return "Information reply";
    case 17: return "Address mask request";
    case 18: return "Address mask reply";
    default: return {};
    }
}

std::string_view unreachable_name(uint8_t code)
{
    static constexpr std::string_view kNames[] = {
        "Network unreachable",
        "Host unreachable",
        "Protocol unreachable",
        "Port unreachable",
        "Fragmentation needed",
        "Source route failed",
        "Destination network unknown",
        "Destination host unknown",
        "Source host isolated",
        "Network administratively prohibited",
        "Host administratively prohibited",
        "Network unreachable for TOS",
        "Host unreachable for TOS",
        "Communication administratively filtered",
        "Host precedence violation",
        "Precedence cutoff in effect",
    };
    return code < std::size(kNames) ? kNames[code] : std::string_view{};
}

std::string_view code_name(uint8_t type, uint8_t code)
{
    switch (type) {
    case 3: return unreachable_name(code);
    case 5: {
        static constexpr std::string_view kNames[] = {"Redirect for network", "Redirect for host",
                                                      "Redirect for TOS and network",
                                                      "Redirect for TOS and host"};
        return code < 4 ? kNames[code] : std::string_view{};
    }
    case 11:
        return code == 0   ? "Time to live exceeded in transit"
               : code == 1 ? "Fragment reassembly time exceeded"
                           : std::string_view{};
    case 12:
        return code == 0   ? "Pointer indicates the error"
               : code == 1 ? "Required option missing"
               : code == 2 ? "Bad length"
                           : std::string_view{};
    default: return {};
    }
}

bool has_ident_seq(uint8_t type)
{
    return type == 0 || type == 8 || (type >= 13 && type <= 18);
}

bool is_error(uint8_t type)
{
    return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

uint16_t swap16(uint16_t x)
{
    return uint16_t((x << 8) | (x >> 8));
}

// Bytes 4..7, whose meaning depends on the type.
void add_rest_of_header(Builder& b, const View& v, uint8_t type, uint8_t code)
{
    if (has_ident_seq(type)) {
        uint16_t id = v.be16(icmpv4::kIdent);
        uint16_t seq = v.be16(icmpv4::kSeqNo);
        b.add_uint(kIdent, v, icmpv4::kIdent, 2, id, "pairs replies with requests (ping's id)");
        b.add_uint(kIdentLe, v, icmpv4::kIdent, 2, swap16(id));
        b.add_uint(kSeq, v, icmpv4::kSeqNo, 2, seq, "counts the pings: 1, 2, 3...");
        b.add_uint(kSeqLe, v, icmpv4::kSeqNo, 2, swap16(seq));
    } else if (type == 3 && code == 4) {
        b.add(kUnused, v, 4, 2, FieldValue::raw(v.sub(4, 2).bytes));
        b.add_uint(kMtu, v, icmpv4::kNextHopMtu, 2, v.be16(icmpv4::kNextHopMtu),
                   "the largest packet the next link takes (RFC 1191)");
    } else if (type == 5) {
        Ipv4Addr gw = v.ipv4(4);
        b.add(kRedirGw, v, 4, 4, FieldValue::ipv4(gw), "use this router instead");
    } else if (type == 12) {
        b.add_uint(kPointer, v, 4, 1, v.u8(4), "offset of the bad byte in the quoted header");
        b.add(kUnused, v, 5, 3, FieldValue::raw(v.sub(5, 3).bytes));
    } else if (is_error(type)) {
        b.add(kUnused, v, 4, 4, FieldValue::raw(v.sub(4, 4).bytes));
    } else {
        b.add(kRest, v, 4, 4, FieldValue::raw(v.sub(4, 4).bytes));
    }
}

std::string info_text(const View& v, uint8_t type, uint8_t code, uint8_t ttl)
{
    std::string name(type_name(type));
    if (name.empty()) return strf("Unknown ICMP type %u (code %u)", type, code);
    if (type == 0 || type == 8) {
        uint16_t seq = v.be16(icmpv4::kSeqNo);
        // Wireshark pads "reply" so the columns of requests and replies line up.
        return strf("%s%sid=0x%04x, seq=%u/%u, ttl=%u", name.c_str(), type == 0 ? "    " : "  ",
                    v.be16(icmpv4::kIdent), seq, swap16(seq), unsigned(ttl));
    }
    std::string_view code_text = code_name(type, code);
    if (code_text.empty()) return name;
    return name + " (" + std::string(code_text) + ")";
}

} // namespace

FieldList icmpv4_fields()
{
    return kFields;
}

size_t dissect_icmpv4(Builder& b, View v)
{
    uint8_t type = v.u8(icmpv4::kType);
    uint8_t code = v.u8(icmpv4::kCode);
    b.begin_layer(kIcmp, v, v.size());
    b.add_uint(kType, v, icmpv4::kType, 1, type, type_name(type));
    b.add_uint(kCode, v, icmpv4::kCode, 1, code, code_name(type, code));
    ChecksumStatus verdict = ChecksumStatus::Unverified;
    uint16_t expected = 0;
    if (!b.quoted() && !b.net().truncated && v.has(0, icmpv4::kHeaderLen)) {
        expected = expected_checksum(v.bytes, icmpv4::kChecksum);
        verdict = checksum::is_valid(v.bytes) ? ChecksumStatus::Good : ChecksumStatus::Bad;
    }
    add_checksum(b, kChecksum, kChecksumStatus, v, icmpv4::kChecksum, verdict, expected, "icmp");
    add_rest_of_header(b, v, type, code);
    View body = v.sub(icmpv4::kHeaderLen);
    if (v.has(0, icmpv4::kHeaderLen) && body.size() > 0) {
        if (is_error(type))
            b.dispatch_quoted(Carrier::EtherType, 0x0800, body);
        else
            b.dissect_data(body);
    }
    b.end_layer();
    if (b.text()) {
        b.set_protocol("ICMP");
        b.set_info(info_text(v, type, code, b.net().ttl));
    }
    auto parsed = icmpv4::parse(v.bytes, ChecksumCheck::Skip);
    if (!parsed && parsed.error().kind != WireError::Unsupported)
        b.malformed("ICMP", parsed.error().message(), v.base);
    return v.size();
}

} // namespace wirelab::wire::dissector
