// Dissectors for UDP (RFC 768) and TCP (RFC 9293 §3.1; options from RFC 7323 and RFC 2018),
// with checksums over the IPv4/IPv6 pseudo-header (RFC 8200 §8.1). Sequence numbers are raw:
// Wireshark's relative numbers need per-conversation state this per-frame dissector lacks.
//
// [SECTION] UDP
// [SECTION] TCP fields
// [SECTION] TCP options
// [SECTION] TCP header
#include "core/inspect/dissector.h"
#include "core/wire/tcp.h"
#include "core/wire/udp.h"

#include <algorithm>

namespace wirelab::wire::dissector {

namespace {

ChecksumStatus verify_upper(Builder& b, const View& msg, size_t field, IpProtocol proto,
                            uint16_t& expected)
{
    std::optional<PseudoHeader> ph = b.net().pseudo_header();
    if (b.quoted() || b.net().truncated || !ph || !msg.has(0, field + 2))
        return ChecksumStatus::Unverified;
    expected = expected_checksum(msg.bytes, field, ph->sum(proto, uint32_t(msg.size())));
    return verify_upper_checksum(msg.bytes, *ph, proto) ? ChecksumStatus::Good
                                                        : ChecksumStatus::Bad;
}

// The pseudo-header for the strict parsers' verdict (which skip the checksum anyway).
PseudoHeader any_pseudo_header(Builder& b)
{
    return b.net().pseudo_header().value_or(PseudoHeader::v4({}, {}));
}

void add_port(Builder& b, const View& v, size_t rel, const FieldSpec& spec, const FieldSpec& any,
              bool tcp)
{
    uint16_t port = v.be16(rel);
    Field* f = b.add_uint(spec, v, rel, 2, port);
    if (f) f->meaning = port_meaning(port, tcp);
    b.add_hidden(any, v, rel, 2, FieldValue::uint(port));
}

} // namespace

// [SECTION] UDP
namespace {

constexpr FieldSpec kUdp = protocol_field("udp", "User Datagram Protocol");
constexpr FieldSpec kUdpSrcPort = uint_field("udp.srcport", "Source Port", 16);
constexpr FieldSpec kUdpDstPort = uint_field("udp.dstport", "Destination Port", 16);
constexpr FieldSpec kUdpPort = uint_field("udp.port", "Source or Destination Port", 16);
constexpr FieldSpec kUdpLength = uint_field("udp.length", "Length", 16);
constexpr FieldSpec kUdpChecksum = uint_field("udp.checksum", "Checksum", 16, Display::Hex);
constexpr FieldSpec kUdpChecksumStatus = uint_field("udp.checksum.status", "Checksum Status", 8);
constexpr FieldSpec kUdpPayload = bytes_field("udp.payload", "UDP payload");

constexpr const FieldSpec* kUdpFields[] = {
    &kUdp,       &kUdpSrcPort,  &kUdpDstPort,        &kUdpPort,
    &kUdpLength, &kUdpChecksum, &kUdpChecksumStatus, &kUdpPayload,
};

void add_udp_checksum(Builder& b, const View& dgram, bool length_ok)
{
    uint16_t sum = dgram.be16(udp::kChecksum);
    uint16_t expected = 0;
    ChecksumStatus verdict = ChecksumStatus::Unverified;
    bool v6 = b.net().family == NetContext::Family::V6;
    if (sum == 0 && !v6 && !b.quoted()) {
        verdict = ChecksumStatus::NotPresent; // RFC 768: zero means "no checksum" over IPv4
    } else if (length_ok) {
        verdict = verify_upper(b, dgram, udp::kChecksum, IpProtocol::Udp, expected);
        if (expected == 0) expected = 0xffff; // RFC 768: a computed zero is sent as all ones
        if (sum == 0 && verdict != ChecksumStatus::Unverified) verdict = ChecksumStatus::Bad;
    }
    add_checksum(b, kUdpChecksum, kUdpChecksumStatus, dgram, udp::kChecksum, verdict, expected,
                 "udp");
}

} // namespace

FieldList udp_fields()
{
    return kUdpFields;
}

size_t dissect_udp(Builder& b, View v)
{
    uint16_t sport = v.be16(udp::kSrcPort);
    uint16_t dport = v.be16(udp::kDstPort);
    size_t len = v.be16(udp::kLength);
    bool complete = v.has(0, udp::kHeaderLen);
    bool length_ok = complete && len >= udp::kHeaderLen && len <= v.size();
    View dgram = length_ok ? v.sub(0, len) : v;
    Field* layer = b.begin_layer(kUdp, dgram, udp::kHeaderLen);
    if (layer && complete) layer->value = strf("Src Port: %u, Dst Port: %u", sport, dport);
    add_port(b, v, udp::kSrcPort, kUdpSrcPort, kUdpPort, false);
    add_port(b, v, udp::kDstPort, kUdpDstPort, kUdpPort, false);
    Field* lf = b.add_uint(kUdpLength, v, udp::kLength, 2, len, "header + data, in bytes");
    if (lf && complete && !length_ok)
        lf->meaning = strf("[bad: the datagram has %zu bytes]", v.size());
    add_udp_checksum(b, dgram, length_ok);
    // A length below the header leaves no payload; one past the end, what is there.
    View payload = complete && len >= udp::kHeaderLen ? dgram.sub(udp::kHeaderLen) : View{};
    if (payload.size() > 0) {
        Field* p = b.add(kUdpPayload, payload, 0, payload.size(), FieldValue::raw(payload.bytes));
        if (p) p->label = strf("UDP payload (%zu bytes)", payload.size());
    }
    b.end_layer();
    if (b.text()) {
        b.set_protocol("UDP");
        b.set_info(strf("%u → %u Len=%zu", sport, dport, payload.size()));
    }
    auto parsed = udp::parse(v.bytes, any_pseudo_header(b), ChecksumCheck::Skip);
    if (!parsed && parsed.error().kind != WireError::Unsupported)
        b.malformed("UDP", parsed.error().message(), v.base);
    if (payload.size() > 0) b.dispatch_ports(Carrier::UdpPort, sport, dport, payload);
    return dgram.size();
}

// [SECTION] TCP fields
namespace {

constexpr FieldSpec kTcp = protocol_field("tcp", "Transmission Control Protocol");
constexpr FieldSpec kSrcPort = uint_field("tcp.srcport", "Source Port", 16);
constexpr FieldSpec kDstPort = uint_field("tcp.dstport", "Destination Port", 16);
constexpr FieldSpec kPort = uint_field("tcp.port", "Source or Destination Port", 16);
constexpr FieldSpec kSeqRaw = uint_field("tcp.seq_raw", "Sequence Number (raw)", 32);
constexpr FieldSpec kAckRaw = uint_field("tcp.ack_raw", "Acknowledgment number (raw)", 32);
constexpr FieldSpec kHdrLen = uint_field("tcp.hdr_len", "Header Length", 8);
constexpr FieldSpec kFlags = uint_field("tcp.flags", "Flags", 12, Display::Hex);
constexpr FieldSpec kFlagRes = uint_field("tcp.flags.res", "Reserved", 3);
constexpr FieldSpec kFlagAe = bool_field("tcp.flags.ae", "Accurate ECN");
constexpr FieldSpec kFlagCwr = bool_field("tcp.flags.cwr", "Congestion Window Reduced");
constexpr FieldSpec kFlagEce = bool_field("tcp.flags.ece", "ECN-Echo");
constexpr FieldSpec kFlagUrg = bool_field("tcp.flags.urg", "Urgent");
constexpr FieldSpec kFlagAck = bool_field("tcp.flags.ack", "Acknowledgment");
constexpr FieldSpec kFlagPush = bool_field("tcp.flags.push", "Push");
constexpr FieldSpec kFlagReset = bool_field("tcp.flags.reset", "Reset");
constexpr FieldSpec kFlagSyn = bool_field("tcp.flags.syn", "Syn");
constexpr FieldSpec kFlagFin = bool_field("tcp.flags.fin", "Fin");
constexpr FieldSpec kFlagStr = text_field("tcp.flags.str", "TCP Flags");
constexpr FieldSpec kWindow = uint_field("tcp.window_size_value", "Window", 16);
constexpr FieldSpec kChecksum = uint_field("tcp.checksum", "Checksum", 16, Display::Hex);
constexpr FieldSpec kChecksumStatus = uint_field("tcp.checksum.status", "Checksum Status", 8);
constexpr FieldSpec kUrgent = uint_field("tcp.urgent_pointer", "Urgent Pointer", 16);
constexpr FieldSpec kOptions = bytes_field("tcp.options", "Options");
constexpr FieldSpec kOptEol =
    none_field("tcp.options.eol", "TCP Option - End of Option List (EOL)");
constexpr FieldSpec kOptNop = none_field("tcp.options.nop", "TCP Option - No-Operation (NOP)");
constexpr FieldSpec kOptMss = none_field("tcp.options.mss", "TCP Option - Maximum segment size");
constexpr FieldSpec kOptWscale = none_field("tcp.options.wscale", "TCP Option - Window scale");
constexpr FieldSpec kOptSackPerm =
    none_field("tcp.options.sack_perm", "TCP Option - SACK permitted");
constexpr FieldSpec kOptSack = none_field("tcp.options.sack", "TCP Option - SACK");
constexpr FieldSpec kOptTs = none_field("tcp.options.timestamp", "TCP Option - Timestamps");
constexpr FieldSpec kOptUnknown = none_field("tcp.options.unknown", "TCP Option - Unknown");
constexpr FieldSpec kOptKind = uint_field("tcp.option_kind", "Kind", 8);
constexpr FieldSpec kOptLen = uint_field("tcp.option_len", "Length", 8);
constexpr FieldSpec kMssVal = uint_field("tcp.options.mss_val", "MSS Value", 16);
constexpr FieldSpec kWscaleShift = uint_field("tcp.options.wscale.shift", "Shift count", 8);
constexpr FieldSpec kWscaleMult = uint_field("tcp.options.wscale.multiplier", "Multiplier", 32);
constexpr FieldSpec kTsVal = uint_field("tcp.options.timestamp.tsval", "Timestamp value", 32);
constexpr FieldSpec kTsEcr = uint_field("tcp.options.timestamp.tsecr", "Timestamp echo reply", 32);
constexpr FieldSpec kSackLe = uint_field("tcp.options.sack_le", "left edge", 32);
constexpr FieldSpec kSackRe = uint_field("tcp.options.sack_re", "right edge", 32);
constexpr FieldSpec kOptData = bytes_field("tcp.options.unknown.payload", "Payload");
constexpr FieldSpec kLen = uint_field("tcp.len", "TCP Segment Len", 32);
constexpr FieldSpec kPayload = bytes_field("tcp.payload", "TCP payload");

constexpr const FieldSpec* kTcpFields[] = {
    &kTcp,        &kSrcPort,    &kDstPort,  &kPort,           &kSeqRaw,      &kAckRaw,
    &kHdrLen,     &kFlags,      &kFlagRes,  &kFlagAe,         &kFlagCwr,     &kFlagEce,
    &kFlagUrg,    &kFlagAck,    &kFlagPush, &kFlagReset,      &kFlagSyn,     &kFlagFin,
    &kFlagStr,    &kWindow,     &kChecksum, &kChecksumStatus, &kUrgent,      &kOptions,
    &kOptEol,     &kOptNop,     &kOptMss,   &kOptWscale,      &kOptSackPerm, &kOptSack,
    &kOptTs,      &kOptUnknown, &kOptKind,  &kOptLen,         &kMssVal,      &kWscaleShift,
    &kWscaleMult, &kTsVal,      &kTsEcr,    &kSackLe,         &kSackRe,      &kOptData,
    &kLen,        &kPayload,
};

// Flag names in Wireshark's order (lowest bit first), as in "[SYN, ACK]".
std::string flag_names(uint16_t flags)
{
    static constexpr const char* kNames[] = {"FIN", "SYN", "RST", "PSH", "ACK",
                                             "URG", "ECE", "CWR", "AE"};
    std::string out;
    for (unsigned bit = 0; bit < 9; ++bit) {
        if (!(flags >> bit & 1)) continue;
        if (!out.empty()) out += ", ";
        out += kNames[bit];
    }
    return out.empty() ? "<None>" : out;
}

// Wireshark's tcp.flags.str: one column per bit, high bit first ("··········S·").
std::string flag_string(uint16_t flags)
{
    static constexpr char kLetters[] = "RRRACEUAPRSF";
    std::string out;
    for (unsigned i = 0; i < 12; ++i) {
        if (flags >> (11 - i) & 1)
            out += kLetters[i];
        else
            out += "\u00b7";
    }
    return out;
}

} // namespace

// [SECTION] TCP options
namespace {

struct OptionInfo {
    std::string text; // for the Info column: " MSS=1460 SACK_PERM"
};

void add_option_kind_len(Builder& b, const View& o, bool with_len)
{
    b.add_uint(kOptKind, o, 0, 1, o.u8(0));
    if (with_len) b.add_uint(kOptLen, o, 1, 1, o.u8(1));
}

// One option of kind >= 2 whose length byte is valid (o.size() == length).
void add_option(Builder& b, const View& o, OptionInfo& info)
{
    uint8_t kind = o.u8(0);
    size_t len = o.size();
    const FieldSpec* spec = kind == 2   ? &kOptMss
                            : kind == 3 ? &kOptWscale
                            : kind == 4 ? &kOptSackPerm
                            : kind == 5 ? &kOptSack
                            : kind == 8 ? &kOptTs
                                        : &kOptUnknown;
    Field* f = b.add(*spec, o, 0, len, FieldValue::none());
    b.open(f);
    add_option_kind_len(b, o, true);
    bool text = b.text();
    if (kind == 2 && len == 4) {
        b.add_uint(kMssVal, o, 2, 2, o.be16(2), "the largest segment the sender accepts");
        if (f) f->value = strf("%u bytes", o.be16(2));
        if (text) info.text += strf(" MSS=%u", o.be16(2));
    } else if (kind == 3 && len == 3) {
        uint8_t shift = o.u8(2);
        uint32_t mult = 1u << std::min<uint8_t>(shift, 14); // RFC 7323 §2.3: at most 14
        b.add_uint(kWscaleShift, o, 2, 1, shift);
        b.add_generated(kWscaleMult, o, FieldValue::uint(mult),
                        "the window is counted in this unit");
        if (f) f->value = strf("%u (multiply by %u)", shift, mult);
        if (text) info.text += strf(" WS=%u", mult);
    } else if (kind == 4 && len == 2) {
        if (text) info.text += " SACK_PERM";
    } else if (kind == 8 && len == 10) {
        b.add_uint(kTsVal, o, 2, 4, o.be32(2));
        b.add_uint(kTsEcr, o, 6, 4, o.be32(6));
        if (f) f->value = strf("TSval %u, TSecr %u", o.be32(2), o.be32(6));
        if (text) info.text += strf(" TSval=%u TSecr=%u", o.be32(2), o.be32(6));
    } else if (kind == 5 && len >= 10 && (len - 2) % 8 == 0) {
        for (size_t at = 2; at + 8 <= len; at += 8) {
            b.add_uint(kSackLe, o, at, 4, o.be32(at));
            b.add_uint(kSackRe, o, at + 4, 4, o.be32(at + 4));
            if (text) info.text += strf(" SLE=%u SRE=%u", o.be32(at), o.be32(at + 4));
        }
    } else if (len > 2) {
        b.add(kOptData, o, 2, len - 2, FieldValue::raw(o.sub(2, len - 2).bytes));
        if (f && kind <= 8) f->meaning = "[wrong length for this kind]";
    }
    b.close();
}

void add_options(Builder& b, const View& opts, OptionInfo& info)
{
    if (opts.size() == 0) return;
    Field* f = b.add(kOptions, opts, 0, opts.size(), FieldValue::raw(opts.bytes));
    if (f) f->value = strf("(%zu bytes)", opts.size());
    b.open(f);
    for (size_t i = 0; i < opts.size();) {
        uint8_t kind = opts.u8(i);
        if (kind <= 1) {
            View one = opts.sub(i, 1);
            Field* f1 = b.add(kind == 0 ? kOptEol : kOptNop, one, 0, 1, FieldValue::none());
            b.open(f1);
            b.add_uint(kOptKind, one, 0, 1, kind);
            b.close();
            if (kind == 0) break; // RFC 9293: the end of the option list
            ++i;
            continue;
        }
        size_t len = opts.u8(i + 1);
        if (i + 1 >= opts.size() || len < 2 || !opts.has(i, len)) break; // the parser reports it
        add_option(b, opts.sub(i, len), info);
        i += len;
    }
    b.close();
}

} // namespace

// [SECTION] TCP header
namespace {

void add_flags(Builder& b, const View& v)
{
    uint16_t flags = v.be16(tcp::kDataOffset) & 0x0fff;
    Field* f = b.add_bits(kFlags, v, tcp::kDataOffset, 2, 0x0fff);
    if (f) f->meaning = flag_names(flags);
    b.open(f);
    b.add_bits(kFlagRes, v, tcp::kDataOffset, 2, 0x0e00, "must be zero");
    b.add_bits(kFlagAe, v, tcp::kDataOffset, 2, 0x0100);
    b.add_bits(kFlagCwr, v, tcp::kDataOffset, 2, 0x0080);
    b.add_bits(kFlagEce, v, tcp::kDataOffset, 2, 0x0040);
    b.add_bits(kFlagUrg, v, tcp::kDataOffset, 2, 0x0020);
    b.add_bits(kFlagAck, v, tcp::kDataOffset, 2, 0x0010,
               flags & tcp::kAck ? "the acknowledgment number is valid" : "");
    b.add_bits(kFlagPush, v, tcp::kDataOffset, 2, 0x0008,
               flags & tcp::kPsh ? "deliver to the application now" : "");
    b.add_bits(kFlagReset, v, tcp::kDataOffset, 2, 0x0004,
               flags & tcp::kRst ? "abort the connection" : "");
    b.add_bits(kFlagSyn, v, tcp::kDataOffset, 2, 0x0002,
               flags & tcp::kSyn ? "opens a connection: synchronize sequence numbers" : "");
    b.add_bits(kFlagFin, v, tcp::kDataOffset, 2, 0x0001,
               flags & tcp::kFin ? "the sender has no more data" : "");
    if (v.has(tcp::kDataOffset, 2) && b.wants(kFlagStr))
        b.add_generated(kFlagStr, v.sub(tcp::kDataOffset, 2), FieldValue::str(flag_string(flags)));
    b.close();
}

ChecksumStatus tcp_checksum(Builder& b, const View& v, bool header_ok, uint16_t& expected)
{
    if (!header_ok) return ChecksumStatus::Unverified;
    return verify_upper(b, v, tcp::kChecksum, IpProtocol::Tcp, expected);
}

void add_header(Builder& b, const View& v, size_t hlen, bool header_ok, OptionInfo& info)
{
    add_port(b, v, tcp::kSrcPort, kSrcPort, kPort, true);
    add_port(b, v, tcp::kDstPort, kDstPort, kPort, true);
    b.add_uint(kSeqRaw, v, tcp::kSeqNum, 4, v.be32(tcp::kSeqNum),
               "raw: relative numbers need the whole conversation");
    bool ack = v.u8(tcp::kFlags) & tcp::kAck;
    b.add_uint(kAckRaw, v, tcp::kAckNum, 4, v.be32(tcp::kAckNum),
               ack ? "the next byte the sender expects" : "ACK flag not set: ignored");
    Field* hl = b.add_uint(kHdrLen, v, tcp::kDataOffset, 1, hlen);
    if (hl) {
        hl->bitmask = 0xf0;
        hl->value = strf("%zu bytes (%zu)", hlen, hlen / 4);
    }
    add_flags(b, v);
    b.add_uint(kWindow, v, tcp::kWindow, 2, v.be16(tcp::kWindow),
               "bytes the sender can still receive (before window scaling)");
    uint16_t expected = 0;
    ChecksumStatus verdict = tcp_checksum(b, v, header_ok, expected);
    add_checksum(b, kChecksum, kChecksumStatus, v, tcp::kChecksum, verdict, expected, "tcp");
    b.add_uint(kUrgent, v, tcp::kUrgentPtr, 2, v.be16(tcp::kUrgentPtr));
    if (header_ok && hlen > tcp::kMinHeaderLen)
        add_options(b, v.sub(tcp::kMinHeaderLen, hlen - tcp::kMinHeaderLen), info);
}

// The layer line: "Src Port: 80, Dst Port: 45678, Seq: 1001, Ack: 4001, Len: 18".
std::string tcp_summary(const View& v, size_t payload_len)
{
    std::string out = strf("Src Port: %u, Dst Port: %u, Seq: %u", v.be16(tcp::kSrcPort),
                           v.be16(tcp::kDstPort), v.be32(tcp::kSeqNum));
    if (v.u8(tcp::kFlags) & tcp::kAck) out += strf(", Ack: %u", v.be32(tcp::kAckNum));
    return out + strf(", Len: %zu", payload_len);
}

std::string tcp_info(const View& v, size_t payload_len, const OptionInfo& info)
{
    uint16_t flags = v.be16(tcp::kDataOffset) & 0x0fff;
    std::string out = strf("%u → %u [%s] Seq=%u", v.be16(tcp::kSrcPort), v.be16(tcp::kDstPort),
                           flag_names(flags).c_str(), v.be32(tcp::kSeqNum));
    if (flags & tcp::kAck) out += strf(" Ack=%u", v.be32(tcp::kAckNum));
    out += strf(" Win=%u", v.be16(tcp::kWindow));
    if (flags & tcp::kUrg) out += strf(" Urg=%u", v.be16(tcp::kUrgentPtr));
    out += strf(" Len=%zu", payload_len);
    return out + info.text;
}

} // namespace

FieldList tcp_fields()
{
    return kTcpFields;
}

size_t dissect_tcp(Builder& b, View v)
{
    size_t hlen = size_t(v.u8(tcp::kDataOffset) >> 4) * 4;
    bool header_ok = v.has(0, tcp::kMinHeaderLen) && hlen >= tcp::kMinHeaderLen && v.has(0, hlen);
    Field* layer = b.begin_layer(kTcp, v, header_ok ? hlen : tcp::kMinHeaderLen);
    View payload = header_ok ? v.sub(hlen) : View{};
    if (layer && v.has(0, tcp::kMinHeaderLen)) layer->value = tcp_summary(v, payload.size());
    OptionInfo info;
    add_header(b, v, hlen, header_ok, info);
    if (header_ok) {
        b.add_generated(kLen, v, FieldValue::uint(payload.size()), "bytes of data in this segment");
        if (payload.size() > 0) {
            Field* p = b.add(kPayload, payload, 0, payload.size(), FieldValue::raw(payload.bytes));
            if (p) p->label = strf("TCP payload (%zu bytes)", payload.size());
        }
    }
    b.end_layer();
    if (b.text()) {
        b.set_protocol("TCP");
        b.set_info(tcp_info(v, payload.size(), info));
    }
    auto parsed = tcp::parse(v.bytes, any_pseudo_header(b), ChecksumCheck::Skip);
    if (!parsed && parsed.error().kind != WireError::Unsupported)
        b.malformed("TCP", parsed.error().message(), v.base);
    if (payload.size() > 0)
        b.dispatch_ports(Carrier::TcpPort, v.be16(tcp::kSrcPort), v.be16(tcp::kDstPort), payload);
    return v.size();
}

} // namespace wirelab::wire::dissector
