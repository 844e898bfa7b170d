// Application-layer fixtures (UDP/TCP payloads) written field by field from the RFC layouts:
// a DHCP DISCOVER/OFFER/REQUEST/ACK exchange (RFC 2131/2132), a DNS query, a response using
// compression pointers and an NXDOMAIN with the zone's SOA (RFC 1035), an HTTP/1.1 GET with a
// Content-Length and a chunked 200 (RFC 9112), and an NTP client/server exchange (RFC 5905).
// The same bytes are wrapped in Ethernet/IPv4/UDP or TCP for the tshark check
// (tests/tools/app_frames.h) and seed the fuzz corpus.
//
// The exchange: pc1 (02:00:00:00:00:01) leases 10.0.0.100/24 from the DHCP server on the
// router 10.0.0.254, whose options name the resolver 10.0.0.53 and the domain "lab"; it then
// resolves www.lab (a CNAME to web.lab, 10.0.0.80), fetches the hello-world page, and asks the
// NTP server 10.0.0.123 for the time on 2024-01-01.
#pragma once

#include "core/base/bytes.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wirelab::fixtures {

// clang-format off

// [SECTION] DHCP
// A DHCP message is the 44-byte head below (op .. chaddr), 192 zero bytes (sname 64, file 128:
// no server name, no boot file), then the magic cookie and options, then zero padding to the
// 300-byte BOOTP minimum (RFC 1542 §2.1). dhcp_message() puts the parts together.

inline constexpr size_t kDhcpHeadLen = 44;

// DHCPDISCOVER from pc1, broadcast by its client (0.0.0.0:68 -> 255.255.255.255:67).
inline constexpr uint8_t kDhcpDiscoverHead[] = {
    0x01,                                                // op 1 (BOOTREQUEST)
    0x01,                                                // htype 1 (Ethernet)
    0x06,                                                // hlen 6
    0x00,                                                // hops 0
    0x39, 0x03, 0xf3, 0x26,                              // xid 0x3903f326
    0x00, 0x00,                                          // secs 0
    0x00, 0x00,                                          // flags: broadcast bit clear
    0x00, 0x00, 0x00, 0x00,                              // ciaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                              // yiaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                              // siaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                              // giaddr 0.0.0.0 (no relay)
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // chaddr 02:00:00:00:00:01
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,      // chaddr padding (10 bytes)
    0x00, 0x00,
};
inline constexpr uint8_t kDhcpDiscoverOptions[] = {
    0x63, 0x82, 0x53, 0x63,                              // magic cookie 99.130.83.99
    0x35, 0x01, 0x01,                                    // option 53 message type: 1 DISCOVER
    0x3d, 0x07, 0x01,                                    // option 61 client id, len 7, type 1 (Ethernet)
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  //   02:00:00:00:00:01
    0x0c, 0x03, 0x70, 0x63, 0x31,                        // option 12 host name "pc1"
    0x37, 0x07,                                          // option 55 parameter request list, len 7:
    0x01, 0x03, 0x06, 0x0f, 0x33, 0x3a, 0x3b,            //   mask, router, DNS, domain, lease, T1, T2
    0xff,                                                // option 255 end
};

// DHCPOFFER of 10.0.0.100 from the server 10.0.0.254 (unicast to the offered address).
inline constexpr uint8_t kDhcpOfferHead[] = {
    0x02,                                                // op 2 (BOOTREPLY)
    0x01,                                                // htype 1 (Ethernet)
    0x06,                                                // hlen 6
    0x00,                                                // hops 0
    0x39, 0x03, 0xf3, 0x26,                              // xid 0x3903f326 (the client's)
    0x00, 0x00,                                          // secs 0
    0x00, 0x00,                                          // flags: broadcast bit clear
    0x00, 0x00, 0x00, 0x00,                              // ciaddr 0.0.0.0
    0x0a, 0x00, 0x00, 0x64,                              // yiaddr 10.0.0.100 (offered)
    0x00, 0x00, 0x00, 0x00,                              // siaddr 0.0.0.0
    0x00, 0x00, 0x00, 0x00,                              // giaddr 0.0.0.0
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // chaddr 02:00:00:00:00:01
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,      // chaddr padding (10 bytes)
    0x00, 0x00,
};
inline constexpr uint8_t kDhcpOfferOptions[] = {
    0x63, 0x82, 0x53, 0x63,                              // magic cookie
    0x35, 0x01, 0x02,                                    // option 53 message type: 2 OFFER
    0x36, 0x04, 0x0a, 0x00, 0x00, 0xfe,                  // option 54 server id 10.0.0.254
    0x33, 0x04, 0x00, 0x01, 0x51, 0x80,                  // option 51 lease time 86400 s
    0x3a, 0x04, 0x00, 0x00, 0xa8, 0xc0,                  // option 58 renewal (T1) 43200 s
    0x3b, 0x04, 0x00, 0x01, 0x27, 0x50,                  // option 59 rebinding (T2) 75600 s
    0x01, 0x04, 0xff, 0xff, 0xff, 0x00,                  // option 1 subnet mask 255.255.255.0
    0x03, 0x04, 0x0a, 0x00, 0x00, 0xfe,                  // option 3 router 10.0.0.254
    0x06, 0x04, 0x0a, 0x00, 0x00, 0x35,                  // option 6 DNS server 10.0.0.53
    0x0f, 0x03, 0x6c, 0x61, 0x62,                        // option 15 domain name "lab"
    0xff,                                                // option 255 end
};

// DHCPREQUEST selecting the offer (broadcast, like the DISCOVER).
inline constexpr uint8_t kDhcpRequestOptions[] = {
    0x63, 0x82, 0x53, 0x63,                              // magic cookie
    0x35, 0x01, 0x03,                                    // option 53 message type: 3 REQUEST
    0x3d, 0x07, 0x01,                                    // option 61 client id, len 7, type 1 (Ethernet)
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  //   02:00:00:00:00:01
    0x32, 0x04, 0x0a, 0x00, 0x00, 0x64,                  // option 50 requested IP 10.0.0.100
    0x36, 0x04, 0x0a, 0x00, 0x00, 0xfe,                  // option 54 server id 10.0.0.254 (the chosen server)
    0x0c, 0x03, 0x70, 0x63, 0x31,                        // option 12 host name "pc1"
    0x37, 0x07,                                          // option 55 parameter request list, len 7:
    0x01, 0x03, 0x06, 0x0f, 0x33, 0x3a, 0x3b,            //   mask, router, DNS, domain, lease, T1, T2
    0xff,                                                // option 255 end
};
// Its head is the DISCOVER's (same xid, nothing assigned yet).

// DHCPACK: the OFFER's head and options with message type 5.
inline constexpr uint8_t kDhcpAckOptions[] = {
    0x63, 0x82, 0x53, 0x63,                              // magic cookie
    0x35, 0x01, 0x05,                                    // option 53 message type: 5 ACK
    0x36, 0x04, 0x0a, 0x00, 0x00, 0xfe,                  // option 54 server id 10.0.0.254
    0x33, 0x04, 0x00, 0x01, 0x51, 0x80,                  // option 51 lease time 86400 s
    0x3a, 0x04, 0x00, 0x00, 0xa8, 0xc0,                  // option 58 renewal (T1) 43200 s
    0x3b, 0x04, 0x00, 0x01, 0x27, 0x50,                  // option 59 rebinding (T2) 75600 s
    0x01, 0x04, 0xff, 0xff, 0xff, 0x00,                  // option 1 subnet mask 255.255.255.0
    0x03, 0x04, 0x0a, 0x00, 0x00, 0xfe,                  // option 3 router 10.0.0.254
    0x06, 0x04, 0x0a, 0x00, 0x00, 0x35,                  // option 6 DNS server 10.0.0.53
    0x0f, 0x03, 0x6c, 0x61, 0x62,                        // option 15 domain name "lab"
    0xff,                                                // option 255 end
};

// [SECTION] DNS

// Query for www.lab A with recursion desired, as dig sends it without EDNS (+noedns).
inline constexpr uint8_t kDnsQuery[] = {
    0x1a, 0x2b,                                          // id 0x1a2b
    0x01, 0x00,                                          // flags: QR 0, opcode 0, RD
    0x00, 0x01,                                          // 1 question
    0x00, 0x00,                                          // 0 answers
    0x00, 0x00,                                          // 0 authority records
    0x00, 0x00,                                          // 0 additional records
    0x03, 0x77, 0x77, 0x77,                              // @12 label "www"
    0x03, 0x6c, 0x61, 0x62,                              // @16 label "lab"
    0x00,                                                // @20 root
    0x00, 0x01,                                          // qtype 1 (A)
    0x00, 0x01,                                          // qclass 1 (IN)
};
static_assert(sizeof(kDnsQuery) == 25);

// The resolver's answer: www.lab is a CNAME for web.lab, 10.0.0.80; the lab zone's NS with its
// glue. Every name after the question is compressed against the ones before it.
inline constexpr uint8_t kDnsResponse[] = {
    0x1a, 0x2b,                                          // id 0x1a2b
    0x81, 0x80,                                          // flags: QR, opcode 0, RD, RA, rcode 0 NOERROR
    0x00, 0x01,                                          // 1 question
    0x00, 0x02,                                          // 2 answers
    0x00, 0x01,                                          // 1 authority record
    0x00, 0x01,                                          // 1 additional record
    // question
    0x03, 0x77, 0x77, 0x77,                              // @12 label "www"
    0x03, 0x6c, 0x61, 0x62,                              // @16 label "lab"
    0x00,                                                // @20 root
    0x00, 0x01,                                          // qtype A
    0x00, 0x01,                                          // qclass IN
    // answer 1 @25: www.lab CNAME web.lab
    0xc0, 0x0c,                                          // name: pointer to 12 (www.lab)
    0x00, 0x05,                                          // type 5 (CNAME)
    0x00, 0x01,                                          // class IN
    0x00, 0x00, 0x01, 0x2c,                              // TTL 300
    0x00, 0x06,                                          // rdlength 6
    0x03, 0x77, 0x65, 0x62,                              // @37 label "web"
    0xc0, 0x10,                                          // pointer to 16 (lab)
    // answer 2 @43: web.lab A 10.0.0.80
    0xc0, 0x25,                                          // name: pointer to 37 (web.lab)
    0x00, 0x01,                                          // type 1 (A)
    0x00, 0x01,                                          // class IN
    0x00, 0x00, 0x01, 0x2c,                              // TTL 300
    0x00, 0x04,                                          // rdlength 4
    0x0a, 0x00, 0x00, 0x50,                              // 10.0.0.80
    // authority @59: lab NS ns1.lab
    0xc0, 0x10,                                          // name: pointer to 16 (lab)
    0x00, 0x02,                                          // type 2 (NS)
    0x00, 0x01,                                          // class IN
    0x00, 0x01, 0x51, 0x80,                              // TTL 86400
    0x00, 0x06,                                          // rdlength 6
    0x03, 0x6e, 0x73, 0x31,                              // @71 label "ns1"
    0xc0, 0x10,                                          // pointer to 16 (lab)
    // additional @77: ns1.lab A 10.0.0.53 (glue)
    0xc0, 0x47,                                          // name: pointer to 71 (ns1.lab)
    0x00, 0x01,                                          // type A
    0x00, 0x01,                                          // class IN
    0x00, 0x01, 0x51, 0x80,                              // TTL 86400
    0x00, 0x04,                                          // rdlength 4
    0x0a, 0x00, 0x00, 0x35,                              // 10.0.0.53
};
static_assert(sizeof(kDnsResponse) == 93);

// The lab server's authoritative NXDOMAIN for nope.lab, with the zone's SOA in the authority
// section for negative caching (RFC 2308 §3).
inline constexpr uint8_t kDnsNxDomain[] = {
    0x5c, 0x1d,                                          // id 0x5c1d
    0x85, 0x03,                                          // flags: QR, AA, RD, rcode 3 NXDOMAIN
    0x00, 0x01,                                          // 1 question
    0x00, 0x00,                                          // 0 answers
    0x00, 0x01,                                          // 1 authority record
    0x00, 0x00,                                          // 0 additional records
    // question
    0x04, 0x6e, 0x6f, 0x70, 0x65,                        // @12 label "nope"
    0x03, 0x6c, 0x61, 0x62,                              // @17 label "lab"
    0x00,                                                // @21 root
    0x00, 0x01,                                          // qtype A
    0x00, 0x01,                                          // qclass IN
    // authority @26: lab SOA
    0xc0, 0x11,                                          // name: pointer to 17 (lab)
    0x00, 0x06,                                          // type 6 (SOA)
    0x00, 0x01,                                          // class IN
    0x00, 0x00, 0x01, 0x2c,                              // TTL 300
    0x00, 0x27,                                          // rdlength 39
    0x03, 0x6e, 0x73, 0x31,                              // @38 mname: label "ns1"
    0xc0, 0x11,                                          //   pointer to 17 (lab)
    0x0a, 0x68, 0x6f, 0x73, 0x74, 0x6d, 0x61, 0x73,      // @44 rname: label "hostmaster"
    0x74, 0x65, 0x72,
    0xc0, 0x11,                                          //   pointer to 17 (lab)
    0x78, 0xa3, 0xf1, 0x75,                              // serial 2024010101
    0x00, 0x00, 0x0e, 0x10,                              // refresh 3600
    0x00, 0x00, 0x02, 0x58,                              // retry 600
    0x00, 0x01, 0x51, 0x80,                              // expire 86400
    0x00, 0x00, 0x01, 0x2c,                              // minimum (negative TTL) 300
};
static_assert(sizeof(kDnsNxDomain) == 77);

// [SECTION] HTTP

// curl http://www.lab/index.html
inline constexpr std::string_view kHttpGet =
    "GET /index.html HTTP/1.1\r\n"                       // request line: method SP target SP version
    "Host: www.lab\r\n"                                  // field: Host (required in HTTP/1.1)
    "User-Agent: curl/7.88.1\r\n"                        // field: User-Agent
    "Accept: */*\r\n"                                    // field: Accept
    "\r\n";                                              // blank line: end of the head, no body

// The notes' Flask hello world, framed by Content-Length.
inline constexpr std::string_view kHttpOk =
    "HTTP/1.1 200 OK\r\n"                                // status line: version SP status SP reason
    "Content-Type: text/html; charset=utf-8\r\n"         // field: Content-Type
    "Content-Length: 20\r\n"                             // field: Content-Length 20
    "\r\n"                                               // blank line
    "<p>Hello, World!</p>";                              // body, 20 bytes

// A second request on the same connection (keep-alive).
inline constexpr std::string_view kHttpGetChunked =
    "GET /alphabet HTTP/1.1\r\n"                         // request line
    "Host: www.lab\r\n"                                  // field: Host
    "\r\n";                                              // blank line

// The alphabet in two chunks of at most 16 bytes (RFC 9112 §7.1).
inline constexpr std::string_view kHttpChunked =
    "HTTP/1.1 200 OK\r\n"                                // status line
    "Content-Type: text/plain\r\n"                       // field: Content-Type
    "Transfer-Encoding: chunked\r\n"                     // field: Transfer-Encoding chunked
    "\r\n"                                               // blank line
    "10\r\n"                                             // chunk size 0x10 = 16
    "abcdefghijklmnop\r\n"                               // chunk data, CRLF
    "a\r\n"                                              // chunk size 0xa = 10
    "qrstuvwxyz\r\n"                                     // chunk data, CRLF
    "0\r\n"                                              // last chunk
    "\r\n";                                              // no trailer fields, blank line

// [SECTION] NTP
// The client's clock is 1 s behind the server's; each way takes 1/64 s. Times in era 0:
// 0xe93c7f00 s is 2024-01-01 00:00:00 UTC; fractions are in 2^-32 s (0x40000000 = 0.25 s).

// Client request: T1 = client time 0xe93c7f00.40000000.
inline constexpr uint8_t kNtpRequest[] = {
    0x23,                                                // LI 0, VN 4, mode 3 (client)
    0x00,                                                // stratum 0 (unspecified)
    0x06,                                                // poll 2^6 = 64 s
    0xec,                                                // precision 2^-20 s
    0x00, 0x00, 0x00, 0x00,                              // root delay 0
    0x00, 0x00, 0x00, 0x00,                              // root dispersion 0
    0x00, 0x00, 0x00, 0x00,                              // reference id none
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,      // reference timestamp 0
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,      // origin timestamp 0
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,      // receive timestamp 0
    0xe9, 0x3c, 0x7f, 0x00, 0x40, 0x00, 0x00, 0x00,      // transmit timestamp T1
};
static_assert(sizeof(kNtpRequest) == 48);

// Server reply: stratum 1 on its local clock. T2 = T1 + 1 s + 1/64 s, T3 = T2 + 1/64 s; the
// client receives it at T4 = its 0xe93c7f00.4c000000.
inline constexpr uint8_t kNtpReply[] = {
    0x24,                                                // LI 0, VN 4, mode 4 (server)
    0x01,                                                // stratum 1 (primary)
    0x06,                                                // poll 2^6 = 64 s
    0xec,                                                // precision 2^-20 s
    0x00, 0x00, 0x00, 0x00,                              // root delay 0
    0x00, 0x00, 0x00, 0x10,                              // root dispersion 16/65536 s
    0x4c, 0x4f, 0x43, 0x4c,                              // reference id "LOCL"
    0xe9, 0x3c, 0x7e, 0xf1, 0x00, 0x00, 0x00, 0x00,      // reference timestamp (set 15 s before)
    0xe9, 0x3c, 0x7f, 0x00, 0x40, 0x00, 0x00, 0x00,      // origin timestamp = T1
    0xe9, 0x3c, 0x7f, 0x01, 0x44, 0x00, 0x00, 0x00,      // receive timestamp T2
    0xe9, 0x3c, 0x7f, 0x01, 0x48, 0x00, 0x00, 0x00,      // transmit timestamp T3
};
static_assert(sizeof(kNtpReply) == 48);

// clang-format on

inline constexpr uint32_t kNtpT4Seconds = 0xe93c7f00;
inline constexpr uint32_t kNtpT4Fraction = 0x4c000000;

// Head (44 bytes) + zero sname/file (192) + cookie and options, zero-padded to 300 bytes.
template <size_t N>
Bytes dhcp_message(const uint8_t (&head)[kDhcpHeadLen], const uint8_t (&options)[N])
{
    Bytes m(head, head + kDhcpHeadLen);
    m.resize(kDhcpHeadLen + 192, 0);
    m.insert(m.end(), options, options + N);
    if (m.size() < 300) m.resize(300, 0);
    return m;
}

inline Bytes dhcp_discover()
{
    return dhcp_message(kDhcpDiscoverHead, kDhcpDiscoverOptions);
}
inline Bytes dhcp_offer()
{
    return dhcp_message(kDhcpOfferHead, kDhcpOfferOptions);
}
inline Bytes dhcp_request()
{
    return dhcp_message(kDhcpDiscoverHead, kDhcpRequestOptions);
}
inline Bytes dhcp_ack()
{
    return dhcp_message(kDhcpOfferHead, kDhcpAckOptions);
}

inline Bytes bytes_of(std::string_view s)
{
    return Bytes(s.begin(), s.end());
}

} // namespace wirelab::fixtures
