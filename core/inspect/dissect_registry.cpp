// The protocol registry: which dissector handles which EtherType, IP protocol or port.
// To add a protocol, declare its two functions here and add one line to kProtocols
// (see core/inspect/dissector.h).
#include "core/inspect/dissector.h"

namespace wirelab::wire::dissector {

FieldList builtin_fields(); // frame, data, _ws.malformed (dissect.cpp)

size_t dissect_ethernet(Builder& b, View v); // dissect_link.cpp
FieldList ethernet_fields();
size_t dissect_arp(Builder& b, View v);
FieldList arp_fields();
size_t dissect_ipv4(Builder& b, View v); // dissect_ipv4.cpp
FieldList ipv4_fields();
size_t dissect_ipv6(Builder& b, View v); // dissect_ipv6.cpp
FieldList ipv6_fields();
size_t dissect_icmpv4(Builder& b, View v); // dissect_icmpv4.cpp
FieldList icmpv4_fields();
size_t dissect_icmpv6(Builder& b, View v); // dissect_icmpv6.cpp
FieldList icmpv6_fields();
size_t dissect_udp(Builder& b, View v); // dissect_transport.cpp
FieldList udp_fields();
size_t dissect_tcp(Builder& b, View v);
FieldList tcp_fields();
size_t dissect_dns(Builder& b, View v); // dissect_dns.cpp
FieldList dns_fields();
size_t dissect_dhcp(Builder& b, View v); // dissect_dhcp.cpp
FieldList dhcp_fields();
size_t dissect_http(Builder& b, View v); // dissect_http.cpp
FieldList http_fields();

namespace {

// For a protocol's second port: its fields are listed once, under the first.
FieldList no_fields()
{
    return {};
}

constexpr Protocol kProtocols[] = {
    {"frame", Carrier::Builtin, 0, nullptr, builtin_fields},
    {"eth", Carrier::Link, 0, dissect_ethernet, ethernet_fields},
    {"arp", Carrier::EtherType, 0x0806, dissect_arp, arp_fields},
    {"ip", Carrier::EtherType, 0x0800, dissect_ipv4, ipv4_fields},
    {"ipv6", Carrier::EtherType, 0x86dd, dissect_ipv6, ipv6_fields},
    {"icmp", Carrier::IpProto, 1, dissect_icmpv4, icmpv4_fields},
    {"tcp", Carrier::IpProto, 6, dissect_tcp, tcp_fields},
    {"udp", Carrier::IpProto, 17, dissect_udp, udp_fields},
    {"icmpv6", Carrier::IpProto, 58, dissect_icmpv6, icmpv6_fields},
    // Application protocols register by port.
    {"dns", Carrier::UdpPort, 53, dissect_dns, dns_fields},
    {"dhcp", Carrier::UdpPort, 67, dissect_dhcp, dhcp_fields},
    {"dhcp", Carrier::UdpPort, 68, dissect_dhcp, no_fields},
    {"http", Carrier::TcpPort, 80, dissect_http, http_fields},
    {"http", Carrier::TcpPort, 8080, dissect_http, no_fields},
};

} // namespace

std::span<const Protocol> protocols()
{
    return kProtocols;
}

} // namespace wirelab::wire::dissector
