// IPv4 header (RFC 791 §3.1) with header checksum (RFC 1071), DSCP/ECN (RFC 2474, RFC 3168).
// Options are not interpreted: their raw bytes are kept so a router can forward them. Fragments
// are reported (is_fragment()), not reassembled.
#pragma once

#include "core/base/bytes.h"
#include "core/wire/address.h"
#include "core/wire/ip_protocol.h"
#include "core/wire/wire_error.h"

#include <cstddef>
#include <cstdint>

namespace wirelab::wire::ipv4 {

constexpr size_t kVersionIhl = 0; // version (high nibble), IHL in 32-bit words (low nibble)
constexpr size_t kDscpEcn = 1;    // DSCP (high 6 bits), ECN (low 2 bits)
constexpr size_t kTotalLen = 2;   // 2 bytes: header + payload
constexpr size_t kIdent = 4;      // 2 bytes
constexpr size_t kFlagsFrag = 6;  // 2 bytes: reserved, DF, MF, 13-bit offset in 8-byte units
constexpr size_t kTtl = 8;
constexpr size_t kProtocol = 9;
constexpr size_t kChecksum = 10; // 2 bytes
constexpr size_t kSrc = 12;      // 4 bytes
constexpr size_t kDst = 16;      // 4 bytes
constexpr size_t kMinHeaderLen = 20;
constexpr size_t kMaxHeaderLen = 60;
constexpr size_t kMaxOptionsLen = kMaxHeaderLen - kMinHeaderLen;
constexpr size_t kMaxTotalLen = 65535;

constexpr uint16_t kFlagReserved = 0x8000;
constexpr uint16_t kFlagDontFrag = 0x4000;
constexpr uint16_t kFlagMoreFrags = 0x2000;
constexpr uint16_t kFragOffsetMask = 0x1fff;

struct Repr {
    Ipv4Addr src;
    Ipv4Addr dst;
    IpProtocol protocol = IpProtocol::Udp;
    uint8_t ttl = 64;
    uint8_t dscp = 0; // 0..63
    uint8_t ecn = 0;  // 0..3
    uint16_t ident = 0;
    bool dont_frag = false;
    bool more_frags = false;
    uint16_t frag_offset = 0; // in bytes: a multiple of 8, at most 8 * 0x1fff
    // Raw option bytes between the fixed header and the payload; a multiple of 4, at most 40.
    // Empty for almost every packet, so this allocates only when options are present.
    Bytes options;

    bool is_fragment() const { return more_frags || frag_offset != 0; }
    bool operator==(const Repr&) const = default;
};

struct Parsed {
    Repr repr;
    // Exactly total length - header length bytes: trailing Ethernet padding is dropped.
    ByteSpan payload;
};

// Checks, in order: 20 bytes present, version 4, IHL >= 5, the whole header present, total
// length >= header length, total length present, header checksum. The reserved flag bit is
// ignored (RFC 791 says it must be zero; being liberal costs nothing).
Result<Parsed, WireFault> parse(ByteSpan packet, ChecksumCheck check = ChecksumCheck::Verify);

inline size_t header_len(const Repr& r)
{
    return kMinHeaderLen + r.options.size();
}
inline size_t buffer_len(const Repr& r, size_t payload_len)
{
    return header_len(r) + payload_len;
}

// Writes header (with checksum) and payload. `out.size()` must be buffer_len(repr,
// payload.size()) and at most 65535.
void emit(const Repr& repr, ByteSpan payload, MutByteSpan out);

} // namespace wirelab::wire::ipv4
