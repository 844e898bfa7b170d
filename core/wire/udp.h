// UDP (RFC 768) with its checksum over the IPv4 or IPv6 pseudo-header (RFC 8200 §8.1).
#pragma once

#include "core/base/bytes.h"
#include "core/wire/checksum.h"
#include "core/wire/wire_error.h"

#include <cstddef>
#include <cstdint>

namespace wirelab::wire::udp {

constexpr size_t kSrcPort = 0;
constexpr size_t kDstPort = 2;
constexpr size_t kLength = 4; // header + data
constexpr size_t kChecksum = 6;
constexpr size_t kHeaderLen = 8;

struct Repr {
    uint16_t src_port = 0;
    uint16_t dst_port = 0;
    bool operator==(const Repr&) const = default;
};

struct Parsed {
    Repr repr;
    ByteSpan payload; // exactly length - 8 bytes
};

// Checks: 8 bytes, length >= 8, length <= bytes present (the payload is trimmed to the length),
// then the checksum. Over IPv4 a zero checksum means "none" (RFC 768); over IPv6 it is invalid
// (RFC 8200 §8.1: "IPv6 receivers must discard UDP packets containing a zero checksum").
Result<Parsed, WireFault> parse(ByteSpan datagram, const PseudoHeader& ph,
                                ChecksumCheck check = ChecksumCheck::Verify);

constexpr size_t header_len(const Repr&)
{
    return kHeaderLen;
}
constexpr size_t buffer_len(const Repr& r, size_t payload_len)
{
    return header_len(r) + payload_len;
}

// Writes header, payload and checksum (always computed; a computed 0 is sent as 0xFFFF).
// `out.size()` must be buffer_len(repr, payload.size()) and at most 65535.
void emit(const Repr& repr, ByteSpan payload, const PseudoHeader& ph, MutByteSpan out);

} // namespace wirelab::wire::udp
