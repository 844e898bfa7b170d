// IPv6 fixed header (RFC 8200 §3) and the extension headers a host may pass over (§4).
//
// Extension headers, decided here once: hop-by-hop options (only first, §4.1) and destination
// options are skipped when every option in them is padding or has action bits 00 ("skip over
// this option", §4.2), e.g. MLD's router alert; a routing header with Segments Left 0 is
// skipped (§4.4: "the node must ignore the Routing header"); an atomic fragment header (offset
// 0, M clear) is skipped (RFC 6946). Everything else - real fragments (no reassembly), ESP, AH,
// mobility, HIP, shim6, experimental, options that demand processing - is WireError::Unsupported.
#pragma once

#include "core/base/bytes.h"
#include "core/wire/address.h"
#include "core/wire/ip_protocol.h"
#include "core/wire/wire_error.h"

#include <cstddef>
#include <cstdint>

namespace wirelab::wire::ipv6 {

constexpr size_t kVersionTcFlow = 0; // 4 bytes: version 4 bits, traffic class 8, flow label 20
constexpr size_t kPayloadLen = 4;    // 2 bytes: bytes after the fixed header
constexpr size_t kNextHeader = 6;
constexpr size_t kHopLimit = 7;
constexpr size_t kSrc = 8;  // 16 bytes
constexpr size_t kDst = 24; // 16 bytes
constexpr size_t kHeaderLen = 40;
constexpr size_t kMaxPayloadLen = 65535; // no jumbograms (RFC 2675)
constexpr uint32_t kFlowLabelMask = 0xfffff;
// RFC 8200 §5: "every link in the Internet have an MTU of 1280 octets or greater".
constexpr size_t kMinMtu = 1280;

struct Repr {
    Ipv6Addr src;
    Ipv6Addr dst;
    IpProtocol next_header = IpProtocol::Udp; // the Next Header field of the fixed header
    uint8_t hop_limit = 64;
    uint8_t traffic_class = 0;
    uint32_t flow_label = 0; // 20 bits
    bool operator==(const Repr&) const = default;
};

struct Parsed {
    Repr repr;
    // The upper-layer protocol after skipped extension headers (== repr.next_header if none).
    IpProtocol protocol = IpProtocol::Udp;
    // The upper-layer message: after skipped extension headers, trimmed to the payload length
    // (Ethernet padding dropped). Its size is the pseudo-header's "Upper-Layer Packet Length".
    ByteSpan payload;
};

Result<Parsed, WireFault> parse(ByteSpan packet);

constexpr size_t header_len(const Repr&)
{
    return kHeaderLen;
}
constexpr size_t buffer_len(const Repr& r, size_t payload_len)
{
    return header_len(r) + payload_len;
}

// Writes the fixed header (no extension headers) and the payload. `out.size()` must be
// buffer_len(repr, payload.size()) with a payload of at most 65535 bytes.
void emit(const Repr& repr, ByteSpan payload, MutByteSpan out);

} // namespace wirelab::wire::ipv6
