// Wire fixtures: whole Ethernet frames (no FCS) written field by field from the RFC layouts,
// with checksums computed independently (python3) and the frames checked by tshark (zero
// malformed packets, every checksum "correct"; see tests/tools/check_pcap.sh).
// Shared by the wire tests, the property tests, the tshark check and the fuzz seed corpus.
#pragma once

#include "core/wire/address.h"

#include <cstddef>
#include <cstdint>

namespace wirelab::fixtures {

// The arrays keep one field per line with aligned comments:
// clang-format off

// Hosts: A = 02:00:00:00:00:01 / 10.0.0.1 / fe80::1 / 2001:db8::1,
//        B = 02:00:00:00:00:02 / 10.0.0.2 / fe80::2 / 2001:db8::2,
//        router R = 02:00:00:00:00:fe / 10.0.0.254 / fe80::fe / 2001:db8::fe.
inline constexpr wire::MacAddr kMacA{{0x02, 0, 0, 0, 0, 0x01}};
inline constexpr wire::MacAddr kMacB{{0x02, 0, 0, 0, 0, 0x02}};
inline constexpr wire::MacAddr kMacR{{0x02, 0, 0, 0, 0, 0xfe}};
inline constexpr wire::Ipv4Addr kIpA{{10, 0, 0, 1}};
inline constexpr wire::Ipv4Addr kIpB{{10, 0, 0, 2}};
inline constexpr wire::Ipv4Addr kIpR{{10, 0, 0, 254}};
inline constexpr wire::Ipv6Addr kLinkLocalA{{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01}};
inline constexpr wire::Ipv6Addr kLinkLocalB{{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02}};
inline constexpr wire::Ipv6Addr kLinkLocalR{{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfe}};
inline constexpr wire::Ipv6Addr kGlobalA{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01}};
inline constexpr wire::Ipv6Addr kGlobalB{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02}};
inline constexpr wire::Ipv6Addr kGlobalR{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfe}};
inline constexpr wire::Ipv6Addr kSolicitedNodeB{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0, 0, 0x02}};
inline constexpr wire::Ipv6Addr kAllNodes{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01}};
inline constexpr wire::Ipv6Addr kAllRouters{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02}};

// Offsets of the layers inside the frames.
constexpr size_t kL3 = 14;      // after the Ethernet header
constexpr size_t kL4v4 = 14 + 20; // after an option-less IPv4 header
constexpr size_t kL4v6 = 14 + 40; // after the IPv6 header

// ARP request "who-has 10.0.0.2 tell 10.0.0.1", padded to the 60-byte minimum.
inline constexpr uint8_t kArpRequestFrame[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff,                  // ethernet dst ff:ff:ff:ff:ff:ff
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet src 02:00:00:00:00:01
    0x08, 0x06,                                          // ethertype 0x0806 (ARP)
    0x00, 0x01,                                          // arp: hardware type 1 (Ethernet)
    0x08, 0x00,                                          // protocol type 0x0800 (IPv4)
    0x06,                                                // hardware length 6
    0x04,                                                // protocol length 4
    0x00, 0x01,                                          // operation 1 (request)
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // sender mac 02:00:00:00:00:01
    0x0a, 0x00, 0x00, 0x01,                              // sender ip 10.0.0.1
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                  // target mac 00:00:00:00:00:00
    0x0a, 0x00, 0x00, 0x02,                              // target ip 10.0.0.2
    // ethernet padding to 60 bytes (18 zeros)
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00,
};
static_assert(sizeof(kArpRequestFrame) == 60);

// ARP reply "10.0.0.2 is-at 02:00:00:00:00:02", unpadded (42 bytes, as its sender captures it).
inline constexpr uint8_t kArpReplyFrame[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet dst 02:00:00:00:00:01
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,                  // ethernet src 02:00:00:00:00:02
    0x08, 0x06,                                          // ethertype 0x0806 (ARP)
    0x00, 0x01,                                          // arp: hardware type 1 (Ethernet)
    0x08, 0x00,                                          // protocol type 0x0800 (IPv4)
    0x06,                                                // hardware length 6
    0x04,                                                // protocol length 4
    0x00, 0x02,                                          // operation 2 (reply)
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,                  // sender mac 02:00:00:00:00:02
    0x0a, 0x00, 0x00, 0x02,                              // sender ip 10.0.0.2
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // target mac 02:00:00:00:00:01
    0x0a, 0x00, 0x00, 0x01,                              // target ip 10.0.0.1
};
static_assert(sizeof(kArpReplyFrame) == 42);

// ICMP echo request as Linux ping sends it: DF, TTL 64, 56 data bytes.
inline constexpr uint8_t kIcmpv4EchoFrame[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,                  // ethernet dst 02:00:00:00:00:02
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet src 02:00:00:00:00:01
    0x08, 0x00,                                          // ethertype 0x0800 (IPv4)
    0x45,                                                // ipv4: version 4, IHL 5 (20 bytes)
    0x00,                                                // DSCP 0, ECN 0
    0x00, 0x54,                                          // total length 84
    0x4d, 0x2f,                                          // identification 0x4d2f
    0x40, 0x00,                                          // flags DF, fragment offset 0
    0x40,                                                // TTL 64
    0x01,                                                // protocol 1 (ICMP)
    0xd9, 0x77,                                          // header checksum 0xd977
    0x0a, 0x00, 0x00, 0x01,                              // src 10.0.0.1
    0x0a, 0x00, 0x00, 0x02,                              // dst 10.0.0.2
    0x08,                                                // icmp: type 8 (echo request)
    0x00,                                                // code 0
    0x86, 0xc6,                                          // checksum 0x86c6
    0x1c, 0x2d,                                          // identifier 0x1c2d
    0x00, 0x01,                                          // sequence 1
    // data: struct timeval (tv_sec, tv_usec; 16 bytes, little-endian)
    0x00, 0xf1, 0x53, 0x65, 0x00, 0x00, 0x00, 0x00,
    0x40, 0xe2, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
    // data: byte i holds i, 0x10..0x37, Linux ping's pattern
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
    0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
    0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
    0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
    0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
};
static_assert(sizeof(kIcmpv4EchoFrame) == 98);

// UDP 10.0.0.1:40000 -> 10.0.0.2:30000 with 7 bytes, padded to 60: the IPv4 total length trims it.
inline constexpr uint8_t kUdpV4Frame[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,                  // ethernet dst 02:00:00:00:00:02
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet src 02:00:00:00:00:01
    0x08, 0x00,                                          // ethertype 0x0800 (IPv4)
    0x45,                                                // ipv4: version 4, IHL 5 (20 bytes)
    0x00,                                                // DSCP 0, ECN 0
    0x00, 0x23,                                          // total length 35
    0x00, 0x01,                                          // identification 0x0001
    0x00, 0x00,                                          // flags none, fragment offset 0
    0x40,                                                // TTL 64
    0x11,                                                // protocol 17 (UDP)
    0x66, 0xc7,                                          // header checksum 0x66c7
    0x0a, 0x00, 0x00, 0x01,                              // src 10.0.0.1
    0x0a, 0x00, 0x00, 0x02,                              // dst 10.0.0.2
    0x9c, 0x40,                                          // udp: src port 40000
    0x75, 0x30,                                          // dst port 30000
    0x00, 0x0f,                                          // length 15
    0x22, 0x2c,                                          // checksum 0x222c
    0x77, 0x69, 0x72, 0x65, 0x6c, 0x61, 0x62,            // payload "wirelab"
    // ethernet padding to 60 bytes (11 zeros)
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00,
};
static_assert(sizeof(kUdpV4Frame) == 60);

// TCP SYN as Linux sends it: [mss 1460,sackOK,TS val 168496141 ecr 0,nop,wscale 7].
inline constexpr uint8_t kTcpSynV4Frame[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,                  // ethernet dst 02:00:00:00:00:02
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet src 02:00:00:00:00:01
    0x08, 0x00,                                          // ethertype 0x0800 (IPv4)
    0x45,                                                // ipv4: version 4, IHL 5 (20 bytes)
    0x00,                                                // DSCP 0, ECN 0
    0x00, 0x3c,                                          // total length 60
    0x9c, 0x3e,                                          // identification 0x9c3e
    0x40, 0x00,                                          // flags DF, fragment offset 0
    0x40,                                                // TTL 64
    0x06,                                                // protocol 6 (TCP)
    0x8a, 0x7b,                                          // header checksum 0x8a7b
    0x0a, 0x00, 0x00, 0x01,                              // src 10.0.0.1
    0x0a, 0x00, 0x00, 0x02,                              // dst 10.0.0.2
    0xb2, 0x6e,                                          // tcp: src port 45678
    0x00, 0x50,                                          // dst port 80
    0x3b, 0x9a, 0xca, 0x00,                              // sequence 0x3b9aca00
    0x00, 0x00, 0x00, 0x00,                              // acknowledgment 0
    0xa0,                                                // data offset 10 (40 bytes)
    0x02,                                                // flags SYN
    0xfa, 0xf0,                                          // window 64240
    0x6a, 0x9b,                                          // checksum 0x6a9b
    0x00, 0x00,                                          // urgent pointer 0
    0x02, 0x04, 0x05, 0xb4,                              // option MSS (kind 2, len 4) 1460
    0x04, 0x02,                                          // option SACK permitted (kind 4, len 2)
    // option timestamps (kind 8, len 10) TSval 0x0a0b0c0d TSecr 0
    0x08, 0x0a, 0x0a, 0x0b, 0x0c, 0x0d, 0x00, 0x00,
    0x00, 0x00,
    0x01,                                                // option NOP
    0x03, 0x03, 0x07,                                    // option window scale (kind 3, len 3) 7
};
static_assert(sizeof(kTcpSynV4Frame) == 74);

// ICMP port unreachable quoting the UDP datagram of kUdpV4Frame (as Linux, all of it).
inline constexpr uint8_t kIcmpv4PortUnreachFrame[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet dst 02:00:00:00:00:01
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,                  // ethernet src 02:00:00:00:00:02
    0x08, 0x00,                                          // ethertype 0x0800 (IPv4)
    0x45,                                                // ipv4: version 4, IHL 5 (20 bytes)
    0xc0,                                                // DSCP 48, ECN 0
    0x00, 0x3f,                                          // total length 63
    0x77, 0xaa,                                          // identification 0x77aa
    0x00, 0x00,                                          // flags none, fragment offset 0
    0x40,                                                // TTL 64
    0x01,                                                // protocol 1 (ICMP)
    0xee, 0x51,                                          // header checksum 0xee51
    0x0a, 0x00, 0x00, 0x02,                              // src 10.0.0.2
    0x0a, 0x00, 0x00, 0x01,                              // dst 10.0.0.1
    0x03,                                                // icmp: type 3 (destination unreachable)
    0x03,                                                // code 3 (port unreachable)
    0x11, 0x20,                                          // checksum 0x1120
    0x00, 0x00, 0x00, 0x00,                              // unused
    // quoted IPv4 header of the UDP datagram above
    0x45, 0x00, 0x00, 0x23, 0x00, 0x01, 0x00, 0x00,
    0x40, 0x11, 0x66, 0xc7, 0x0a, 0x00, 0x00, 0x01,
    0x0a, 0x00, 0x00, 0x02,
    // quoted UDP header and payload
    0x9c, 0x40, 0x75, 0x30, 0x00, 0x0f, 0x22, 0x2c,
    0x77, 0x69, 0x72, 0x65, 0x6c, 0x61, 0x62,
};
static_assert(sizeof(kIcmpv4PortUnreachFrame) == 77);

// ICMP time exceeded from router 10.0.0.254, quoting header + 8 bytes (RFC 792).
inline constexpr uint8_t kIcmpv4TimeExceededFrame[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet dst 02:00:00:00:00:01
    0x02, 0x00, 0x00, 0x00, 0x00, 0xfe,                  // ethernet src 02:00:00:00:00:fe
    0x08, 0x00,                                          // ethertype 0x0800 (IPv4)
    0x45,                                                // ipv4: version 4, IHL 5 (20 bytes)
    0x00,                                                // DSCP 0, ECN 0
    0x00, 0x38,                                          // total length 56
    0x01, 0x02,                                          // identification 0x0102
    0x00, 0x00,                                          // flags none, fragment offset 0
    0x40,                                                // TTL 64
    0x01,                                                // protocol 1 (ICMP)
    0x64, 0xc5,                                          // header checksum 0x64c5
    0x0a, 0x00, 0x00, 0xfe,                              // src 10.0.0.254
    0x0a, 0x00, 0x00, 0x01,                              // dst 10.0.0.1
    0x0b,                                                // icmp: type 11 (time exceeded)
    0x00,                                                // code 0 (TTL exceeded in transit)
    0x4a, 0x0b,                                          // checksum 0x4a0b
    0x00, 0x00, 0x00, 0x00,                              // unused
    // quoted IPv4 header (TTL 1)
    0x45, 0x00, 0x00, 0x54, 0x4d, 0x2f, 0x40, 0x00,
    0x01, 0x01, 0x18, 0x78, 0x0a, 0x00, 0x00, 0x01,
    0x0a, 0x00, 0x00, 0x02,
    0x08, 0x00, 0x86, 0xc6, 0x1c, 0x2d, 0x00, 0x01,      // quoted first 8 bytes: the echo request header
};
static_assert(sizeof(kIcmpv4TimeExceededFrame) == 70);

// ICMPv6 echo request 2001:db8::1 -> 2001:db8::2 with a flow label.
inline constexpr uint8_t kIcmpv6EchoFrame[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,                  // ethernet dst 02:00:00:00:00:02
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet src 02:00:00:00:00:01
    0x86, 0xdd,                                          // ethertype 0x86dd (IPv6)
    0x60, 0x05, 0xf3, 0xa1,                              // ipv6: version 6, traffic class 0, flow label 0x5f3a1
    0x00, 0x14,                                          // payload length 20
    0x3a,                                                // next header 58 (ICMPv6)
    0x40,                                                // hop limit 64
    // src 2001:db8::1
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    // dst 2001:db8::2
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    0x80,                                                // icmpv6: type 128 (echo request)
    0x00,                                                // code 0
    0xeb, 0x34,                                          // checksum 0xeb34
    0x2a, 0x2b,                                          // identifier 0x2a2b
    0x00, 0x07,                                          // sequence 7
    // data "ping6 data!!"
    0x70, 0x69, 0x6e, 0x67, 0x36, 0x20, 0x64, 0x61,
    0x74, 0x61, 0x21, 0x21,
};
static_assert(sizeof(kIcmpv6EchoFrame) == 74);

// Neighbor solicitation for fe80::2 to its solicited-node group (RFC 4861 §4.3).
inline constexpr uint8_t kNeighborSolicitFrame[] = {
    0x33, 0x33, 0xff, 0x00, 0x00, 0x02,                  // ethernet dst 33:33:ff:00:00:02
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet src 02:00:00:00:00:01
    0x86, 0xdd,                                          // ethertype 0x86dd (IPv6)
    0x60, 0x00, 0x00, 0x00,                              // ipv6: version 6, traffic class 0, flow label 0x00000
    0x00, 0x20,                                          // payload length 32
    0x3a,                                                // next header 58 (ICMPv6)
    0xff,                                                // hop limit 255
    // src fe80::1
    0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    // dst ff02::1:ff00:2
    0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x01, 0xff, 0x00, 0x00, 0x02,
    0x87,                                                // icmpv6: type 135 (neighbor solicitation)
    0x00,                                                // code 0
    0x7a, 0x97,                                          // checksum 0x7a97
    0x00, 0x00, 0x00, 0x00,                              // reserved
    // target fe80::2
    0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    0x01, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,      // option source link-layer address (type 1, len 1) 02:00:00:00:00:01
};
static_assert(sizeof(kNeighborSolicitFrame) == 86);

// Solicited neighbor advertisement (S, O) with the target link-layer address (RFC 4861 §4.4).
inline constexpr uint8_t kNeighborAdvertFrame[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet dst 02:00:00:00:00:01
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,                  // ethernet src 02:00:00:00:00:02
    0x86, 0xdd,                                          // ethertype 0x86dd (IPv6)
    0x60, 0x00, 0x00, 0x00,                              // ipv6: version 6, traffic class 0, flow label 0x00000
    0x00, 0x20,                                          // payload length 32
    0x3a,                                                // next header 58 (ICMPv6)
    0xff,                                                // hop limit 255
    // src fe80::2
    0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    // dst fe80::1
    0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x88,                                                // icmpv6: type 136 (neighbor advertisement)
    0x00,                                                // code 0
    0x18, 0x1a,                                          // checksum 0x181a
    0x60, 0x00, 0x00, 0x00,                              // flags R=0 S=1 O=1, reserved
    // target fe80::2
    0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    0x02, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02,      // option target link-layer address (type 2, len 1) 02:00:00:00:00:02
};
static_assert(sizeof(kNeighborAdvertFrame) == 86);

// Router solicitation to ff02::2 (RFC 4861 §4.1).
inline constexpr uint8_t kRouterSolicitFrame[] = {
    0x33, 0x33, 0x00, 0x00, 0x00, 0x02,                  // ethernet dst 33:33:00:00:00:02
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet src 02:00:00:00:00:01
    0x86, 0xdd,                                          // ethertype 0x86dd (IPv6)
    0x60, 0x00, 0x00, 0x00,                              // ipv6: version 6, traffic class 0, flow label 0x00000
    0x00, 0x10,                                          // payload length 16
    0x3a,                                                // next header 58 (ICMPv6)
    0xff,                                                // hop limit 255
    // src fe80::1
    0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    // dst ff02::2
    0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    0x85,                                                // icmpv6: type 133 (router solicitation)
    0x00,                                                // code 0
    0x7a, 0x2c,                                          // checksum 0x7a2c
    0x00, 0x00, 0x00, 0x00,                              // reserved
    0x01, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,      // option source link-layer address 02:00:00:00:00:01
};
static_assert(sizeof(kRouterSolicitFrame) == 70);

// Router advertisement with SLLA, MTU and one prefix (RFC 4861 §4.2, §4.6).
inline constexpr uint8_t kRouterAdvertFrame[] = {
    0x33, 0x33, 0x00, 0x00, 0x00, 0x01,                  // ethernet dst 33:33:00:00:00:01
    0x02, 0x00, 0x00, 0x00, 0x00, 0xfe,                  // ethernet src 02:00:00:00:00:fe
    0x86, 0xdd,                                          // ethertype 0x86dd (IPv6)
    0x60, 0x00, 0x00, 0x00,                              // ipv6: version 6, traffic class 0, flow label 0x00000
    0x00, 0x40,                                          // payload length 64
    0x3a,                                                // next header 58 (ICMPv6)
    0xff,                                                // hop limit 255
    // src fe80::fe
    0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xfe,
    // dst ff02::1
    0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x86,                                                // icmpv6: type 134 (router advertisement)
    0x00,                                                // code 0
    0x72, 0x97,                                          // checksum 0x7297
    0x40,                                                // cur hop limit 64
    0x40,                                                // flags M=0 O=1
    0x07, 0x08,                                          // router lifetime 1800 s
    0x00, 0x00, 0x75, 0x30,                              // reachable time 30000 ms
    0x00, 0x00, 0x03, 0xe8,                              // retrans timer 1000 ms
    0x01, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0xfe,      // option source link-layer address 02:00:00:00:00:fe
    0x05, 0x01, 0x00, 0x00, 0x00, 0x00, 0x05, 0xdc,      // option MTU (type 5, len 1), reserved, 1500
    0x03, 0x04, 0x40, 0xc0,                              // option prefix information (type 3, len 4), prefix length 64, flags L A
    0x00, 0x27, 0x8d, 0x00,                              // valid lifetime 2592000 s
    0x00, 0x09, 0x3a, 0x80,                              // preferred lifetime 604800 s
    0x00, 0x00, 0x00, 0x00,                              // reserved
    // prefix 2001:db8::
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
static_assert(sizeof(kRouterAdvertFrame) == 118);

// UDP over IPv6, [2001:db8::1]:50000 -> [2001:db8::2]:30001, 5 bytes.
inline constexpr uint8_t kUdpV6Frame[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,                  // ethernet dst 02:00:00:00:00:02
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet src 02:00:00:00:00:01
    0x86, 0xdd,                                          // ethertype 0x86dd (IPv6)
    0x60, 0x00, 0x00, 0x00,                              // ipv6: version 6, traffic class 0, flow label 0x00000
    0x00, 0x0d,                                          // payload length 13
    0x11,                                                // next header 17 (UDP)
    0x40,                                                // hop limit 64
    // src 2001:db8::1
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    // dst 2001:db8::2
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    0xc3, 0x50,                                          // udp: src port 50000
    0x75, 0x31,                                          // dst port 30001
    0x00, 0x0d,                                          // length 13
    0x28, 0x0b,                                          // checksum 0x280b
    0x68, 0x65, 0x6c, 0x6c, 0x6f,                        // payload "hello"
};
static_assert(sizeof(kUdpV6Frame) == 67);

// TCP over IPv6: PSH|ACK with 18 bytes, timestamps and one SACK block, Linux option layout.
inline constexpr uint8_t kTcpV6SackFrame[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet dst 02:00:00:00:00:01
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,                  // ethernet src 02:00:00:00:00:02
    0x86, 0xdd,                                          // ethertype 0x86dd (IPv6)
    0x60, 0x00, 0x00, 0x00,                              // ipv6: version 6, traffic class 0, flow label 0x00000
    0x00, 0x3e,                                          // payload length 62
    0x06,                                                // next header 6 (TCP)
    0x40,                                                // hop limit 64
    // src 2001:db8::2
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    // dst 2001:db8::1
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x50,                                          // tcp: src port 80
    0xb2, 0x6e,                                          // dst port 45678
    0x00, 0x00, 0x03, 0xe9,                              // sequence 1001
    0x00, 0x00, 0x0f, 0xa1,                              // acknowledgment 4001
    0xb0,                                                // data offset 11 (44 bytes)
    0x18,                                                // flags PSH ACK
    0x01, 0xf6,                                          // window 502
    0x07, 0x89,                                          // checksum 0x0789
    0x00, 0x00,                                          // urgent pointer 0
    0x01, 0x01,                                          // option NOP NOP
    // option timestamps TSval 1000 TSecr 2000
    0x08, 0x0a, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00,
    0x07, 0xd0,
    0x01, 0x01,                                          // option NOP NOP
    // option SACK (kind 5, len 10) block 5000-6000
    0x05, 0x0a, 0x00, 0x00, 0x13, 0x88, 0x00, 0x00,
    0x17, 0x70,
    // payload "GET / HTTP/1.0\r\n\r\n"
    0x47, 0x45, 0x54, 0x20, 0x2f, 0x20, 0x48, 0x54,
    0x54, 0x50, 0x2f, 0x31, 0x2e, 0x30, 0x0d, 0x0a,
    0x0d, 0x0a,
};
static_assert(sizeof(kTcpV6SackFrame) == 116);

// ICMPv6 packet too big (MTU 1280) from 2001:db8::fe, quoting the UDP packet of kUdpV6Frame.
inline constexpr uint8_t kIcmpv6PacketTooBigFrame[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,                  // ethernet dst 02:00:00:00:00:01
    0x02, 0x00, 0x00, 0x00, 0x00, 0xfe,                  // ethernet src 02:00:00:00:00:fe
    0x86, 0xdd,                                          // ethertype 0x86dd (IPv6)
    0x60, 0x00, 0x00, 0x00,                              // ipv6: version 6, traffic class 0, flow label 0x00000
    0x00, 0x3d,                                          // payload length 61
    0x3a,                                                // next header 58 (ICMPv6)
    0x40,                                                // hop limit 64
    // src 2001:db8::fe
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xfe,
    // dst 2001:db8::1
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x02,                                                // icmpv6: type 2 (packet too big)
    0x00,                                                // code 0
    0x2a, 0xe8,                                          // checksum 0x2ae8
    0x00, 0x00, 0x05, 0x00,                              // MTU 1280
    // quoted IPv6 header
    0x60, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x11, 0x40,
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    // quoted UDP header and payload
    0xc3, 0x50, 0x75, 0x31, 0x00, 0x0d, 0x28, 0x0b,
    0x68, 0x65, 0x6c, 0x6c, 0x6f,
};
static_assert(sizeof(kIcmpv6PacketTooBigFrame) == 115);

// clang-format on

struct NamedFrame {
    const char* name;
    const uint8_t* data;
    size_t size;
};

// Every frame above, in this order in the tshark check pcap.
inline constexpr NamedFrame kAllFrames[] = {
    {"arp_request", kArpRequestFrame, sizeof kArpRequestFrame},
    {"arp_reply", kArpReplyFrame, sizeof kArpReplyFrame},
    {"icmpv4_echo", kIcmpv4EchoFrame, sizeof kIcmpv4EchoFrame},
    {"udp_v4", kUdpV4Frame, sizeof kUdpV4Frame},
    {"tcp_syn_v4", kTcpSynV4Frame, sizeof kTcpSynV4Frame},
    {"icmpv4_port_unreach", kIcmpv4PortUnreachFrame, sizeof kIcmpv4PortUnreachFrame},
    {"icmpv4_time_exceeded", kIcmpv4TimeExceededFrame, sizeof kIcmpv4TimeExceededFrame},
    {"icmpv6_echo", kIcmpv6EchoFrame, sizeof kIcmpv6EchoFrame},
    {"neighbor_solicit", kNeighborSolicitFrame, sizeof kNeighborSolicitFrame},
    {"neighbor_advert", kNeighborAdvertFrame, sizeof kNeighborAdvertFrame},
    {"router_solicit", kRouterSolicitFrame, sizeof kRouterSolicitFrame},
    {"router_advert", kRouterAdvertFrame, sizeof kRouterAdvertFrame},
    {"udp_v6", kUdpV6Frame, sizeof kUdpV6Frame},
    {"tcp_sack_v6", kTcpV6SackFrame, sizeof kTcpV6SackFrame},
    {"icmpv6_packet_too_big", kIcmpv6PacketTooBigFrame, sizeof kIcmpv6PacketTooBigFrame},
};

} // namespace wirelab::fixtures
