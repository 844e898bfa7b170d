// IpProtocol: the IANA "Assigned Internet Protocol Numbers" shared by the IPv4 Protocol and the
// IPv6 Next Header fields (RFC 791, RFC 8200 §3). Any uint8_t value may be stored.
#pragma once

#include <cstdint>

namespace wirelab::wire {

enum class IpProtocol : uint8_t {
    HopByHop = 0, // IPv6 extension header
    Icmp = 1,
    Tcp = 6,
    Udp = 17,
    Ipv6Route = 43, // IPv6 routing header
    Ipv6Frag = 44,  // IPv6 fragment header
    Esp = 50,
    Ah = 51,
    Icmpv6 = 58,
    Ipv6NoNext = 59,
    Ipv6Opts = 60, // IPv6 destination options
};

} // namespace wirelab::wire
