// Frame classification for packet colours.
#include "web/model/packet_kind.h"

#include "core/wire/ethernet.h"
#include "core/wire/ip_protocol.h"

namespace wirelab::web {

namespace {

constexpr size_t kEth = wire::ethernet::kHeaderLen;

PacketKind by_ports(uint16_t a, uint16_t b, bool udp)
{
    auto either = [&](uint16_t p) { return a == p || b == p; };
    if (udp && (either(67) || either(68) || either(546) || either(547))) return PacketKind::Dhcp;
    if (either(53)) return PacketKind::Dns;
    if (!udp && (either(80) || either(8080) || either(443))) return PacketKind::Http;
    return udp ? PacketKind::Udp : PacketKind::Tcp;
}

PacketKind transport(ByteSpan f, size_t l4, uint8_t proto)
{
    switch (wire::IpProtocol(proto)) {
    case wire::IpProtocol::Icmp: return PacketKind::Icmp;
    case wire::IpProtocol::Icmpv6: return PacketKind::Ndp;
    case wire::IpProtocol::Udp:
    case wire::IpProtocol::Tcp:
        if (f.size() < l4 + 4) return PacketKind::Other;
        return by_ports(load_be16(f.data() + l4), load_be16(f.data() + l4 + 2),
                        wire::IpProtocol(proto) == wire::IpProtocol::Udp);
    default: return PacketKind::Other;
    }
}

} // namespace

PacketKind classify_frame(ByteSpan f)
{
    if (f.size() < kEth) return PacketKind::Other;
    const uint16_t type = load_be16(f.data() + wire::ethernet::kEtherType);
    if (type == uint16_t(wire::ethernet::EtherType::Arp)) return PacketKind::Arp;
    if (type == uint16_t(wire::ethernet::EtherType::Ipv4)) {
        if (f.size() < kEth + 20) return PacketKind::Other;
        const size_t ihl = size_t(f[kEth] & 0x0f) * 4;
        return transport(f, kEth + ihl, f[kEth + 9]);
    }
    if (type == uint16_t(wire::ethernet::EtherType::Ipv6)) {
        if (f.size() < kEth + 40) return PacketKind::Other;
        // Extension headers are rare here; a packet with one shows as Other.
        return transport(f, kEth + 40, f[kEth + 6]);
    }
    return PacketKind::Other;
}

const char* to_string(PacketKind k)
{
    switch (k) {
    case PacketKind::Arp: return "ARP";
    case PacketKind::Icmp: return "ICMP";
    case PacketKind::Ndp: return "ICMPv6 / ND";
    case PacketKind::Udp: return "UDP";
    case PacketKind::Tcp: return "TCP";
    case PacketKind::Dns: return "DNS";
    case PacketKind::Dhcp: return "DHCP";
    case PacketKind::Http: return "HTTP";
    case PacketKind::Other:
    case PacketKind::Count: break;
    }
    return "other";
}

namespace {
constexpr uint32_t rgb(uint32_t r, uint32_t g, uint32_t b)
{
    return 0xFF000000u | b << 16 | g << 8 | r; // IM_COL32(r, g, b, 255)
}
} // namespace

uint32_t packet_color(PacketKind k)
{
    switch (k) {
    case PacketKind::Arp: return rgb(250, 200, 60);  // amber
    case PacketKind::Icmp: return rgb(80, 190, 255); // sky blue
    case PacketKind::Ndp: return rgb(150, 130, 255); // violet
    case PacketKind::Udp: return rgb(90, 210, 120);  // green
    case PacketKind::Tcp: return rgb(255, 140, 60);  // orange
    case PacketKind::Dns: return rgb(240, 110, 200); // pink
    case PacketKind::Dhcp: return rgb(60, 200, 190); // teal
    case PacketKind::Http: return rgb(200, 230, 70); // lime
    case PacketKind::Other:
    case PacketKind::Count: break;
    }
    return rgb(170, 170, 170);
}

} // namespace wirelab::web
