// Dissector for DHCPv4 over UDP ports 67/68 (RFC 2131 §2), on top of the parser of
// core/wire/dhcp.h. The fixed BOOTP header is read from the bytes, so a message cut short still
// shows what is there; the message type, requested address and server id come from the options.
#include "core/inspect/dissector.h"
#include "core/wire/dhcp.h"

namespace wirelab::wire::dissector {

namespace {

constexpr FieldSpec kDhcp = protocol_field("dhcp", "Dynamic Host Configuration Protocol");
constexpr FieldSpec kOp = uint_field("dhcp.type", "Message type", 8);
constexpr FieldSpec kHops = uint_field("dhcp.hops", "Hops", 8);
constexpr FieldSpec kXid = uint_field("dhcp.id", "Transaction ID", 32, Display::Hex);
constexpr FieldSpec kSecs = uint_field("dhcp.secs", "Seconds elapsed", 16);
constexpr FieldSpec kBroadcast = bool_field("dhcp.flags.bc", "Broadcast flag");
constexpr FieldSpec kCiaddr = ipv4_field("dhcp.ip.client", "Client IP address");
constexpr FieldSpec kYiaddr = ipv4_field("dhcp.ip.your", "Your (client) IP address");
constexpr FieldSpec kSiaddr = ipv4_field("dhcp.ip.server", "Next server IP address");
constexpr FieldSpec kGiaddr = ipv4_field("dhcp.ip.relay", "Relay agent IP address");
constexpr FieldSpec kChaddr = mac_field("dhcp.hw.mac_addr", "Client MAC address");
constexpr FieldSpec kMsgType = uint_field("dhcp.option.dhcp", "DHCP Message Type", 8);
constexpr FieldSpec kRequestedIp =
    ipv4_field("dhcp.option.requested_ip_address", "Requested IP Address");
constexpr FieldSpec kServerId = ipv4_field("dhcp.option.dhcp_server_id", "DHCP Server Identifier");

constexpr const FieldSpec* kDhcpFields[] = {
    &kDhcp,   &kOp,     &kHops,   &kXid,    &kSecs,    &kBroadcast,   &kCiaddr,
    &kYiaddr, &kSiaddr, &kGiaddr, &kChaddr, &kMsgType, &kRequestedIp, &kServerId,
};

// Wireshark's names for option 53's values.
std::string_view type_name(uint8_t type)
{
    static const char* const kNames[] = {"",    "Discover", "Offer",   "Request", "Decline",
                                         "ACK", "NAK",      "Release", "Inform"};
    return type < std::size(kNames) ? kNames[type] : "";
}

void add_header(Builder& b, const View& v)
{
    uint8_t op = v.u8(dhcp::kOp);
    b.add_uint(kOp, v, dhcp::kOp, 1, op, op == 1 ? "Boot Request" : op == 2 ? "Boot Reply" : "");
    b.add_uint(kHops, v, dhcp::kHops, 1, v.u8(dhcp::kHops));
    b.add_uint(kXid, v, dhcp::kXid, 4, v.be32(dhcp::kXid));
    b.add_uint(kSecs, v, dhcp::kSecs, 2, v.be16(dhcp::kSecs));
    b.add_bits(kBroadcast, v, dhcp::kFlags, 2, dhcp::kFlagBroadcast);
    b.add(kCiaddr, v, dhcp::kCiaddr, 4, FieldValue::ipv4(v.ipv4(dhcp::kCiaddr)));
    b.add(kYiaddr, v, dhcp::kYiaddr, 4, FieldValue::ipv4(v.ipv4(dhcp::kYiaddr)));
    b.add(kSiaddr, v, dhcp::kSiaddr, 4, FieldValue::ipv4(v.ipv4(dhcp::kSiaddr)));
    b.add(kGiaddr, v, dhcp::kGiaddr, 4, FieldValue::ipv4(v.ipv4(dhcp::kGiaddr)));
    b.add(kChaddr, v, dhcp::kChaddr, 6, FieldValue::mac(v.mac(dhcp::kChaddr)));
}

// The options this dissector shows, with their bytes (RFC 2132 §2: code, length, data; Pad
// and End are single bytes). Called only on a message dhcp::parse accepted.
void add_options(Builder& b, const View& v)
{
    for (size_t rel = dhcp::kOptions; v.has(rel, 1);) {
        uint8_t code = v.u8(rel);
        if (code == uint8_t(dhcp::OptionCode::Pad)) {
            ++rel;
            continue;
        }
        if (code == 255 || !v.has(rel, 2)) return;
        size_t len = v.u8(rel + 1);
        size_t data = rel + 2;
        if (code == uint8_t(dhcp::OptionCode::MessageType) && len == 1)
            b.add_uint(kMsgType, v, data, 1, v.u8(data), type_name(v.u8(data)));
        if (code == uint8_t(dhcp::OptionCode::RequestedIp) && len == 4)
            b.add(kRequestedIp, v, data, 4, FieldValue::ipv4(v.ipv4(data)));
        if (code == uint8_t(dhcp::OptionCode::ServerId) && len == 4)
            b.add(kServerId, v, data, 4, FieldValue::ipv4(v.ipv4(data)));
        rel = data + len;
    }
}

// "DHCP Discover - Transaction ID 0x3d1d" (Wireshark pads the type to 8 characters).
std::string info_text(const dhcp::Repr& m)
{
    if (!m.message_type)
        return strf("%s - Transaction ID 0x%x",
                    m.op == dhcp::Op::Request ? "Boot Request" : "Boot Reply", unsigned(m.xid));
    std::string_view name = type_name(uint8_t(*m.message_type));
    std::string type =
        name.empty() ? strf("Unknown (%u)", unsigned(*m.message_type)) : std::string(name);
    return strf("DHCP %-8s - Transaction ID 0x%x", type.c_str(), unsigned(m.xid));
}

} // namespace

FieldList dhcp_fields()
{
    return kDhcpFields;
}

size_t dissect_dhcp(Builder& b, View v)
{
    auto parsed = dhcp::parse(v.bytes);
    Field* layer = b.begin_layer(kDhcp, v, v.size());
    if (layer && parsed && parsed.value().message_type)
        layer->value = dhcp::to_string(*parsed.value().message_type);
    add_header(b, v);
    if (parsed) add_options(b, v);
    b.end_layer();
    if (b.text()) {
        b.set_protocol("DHCP");
        b.set_info(parsed ? info_text(parsed.value())
                          : strf("DHCP message of %zu bytes, malformed", v.size()));
    }
    if (!parsed) b.malformed("DHCP", parsed.error().message(), v.base);
    return v.size();
}

} // namespace wirelab::wire::dissector
