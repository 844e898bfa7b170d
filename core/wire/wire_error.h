// WireError: why bytes are not a valid packet, plus the conventions every wire format follows.
//
// Conventions (one per protocol namespace, wirelab::wire::<proto>, as smoltcp's src/wire/*.rs):
// - Field offsets are named constants; nothing reads a byte before checking the length.
// - `Repr` is a plain value holding the header fields only (no borrowed spans), so `==` is the
//   field-by-field comparison that tests and round trips use. Lengths that follow from the
//   payload (IPv4 total length, UDP length, ...) are not stored: emit computes them, parse checks
//   them.
// - Protocols that carry a payload return `Parsed { Repr repr; ByteSpan payload; }` from
//   `parse(ByteSpan)`. `payload` borrows from the input and is already trimmed to the length the
//   header declares (Ethernet padding is dropped by the IP layer). ARP has no payload and returns
//   its `Repr` directly. IPv6's Parsed also names the upper-layer `protocol` found after the
//   extension headers it skipped.
// - ICMP Reprs are std::variant of one struct per message kind (smoltcp's Icmpv6Repr enum), so a
//   field exists only where the message has it.
// - `header_len(repr)` is the header size and `buffer_len(repr, payload_len)` the whole size.
//   `emit(repr, payload, out)` writes the header, copies the payload (skipped when `payload`
//   already sits at its place inside `out`, so layers can be emitted in place, innermost first)
//   and fills length and checksum fields. It cannot fail once `out.size()` is right, and asserts
//   that it is.
// - Protocols whose checksum covers an IP pseudo-header take a `PseudoHeader` (checksum.h).
//   Their parse verifies the checksum unless told `ChecksumCheck::Skip` (packet inspectors).
#pragma once

#include "core/base/result.h"

#include <cstdint>
#include <string>

namespace wirelab::wire {

enum class WireError : uint8_t {
    Truncated,       // fewer bytes than a header or a length field needs
    BadLength,       // a length field contradicts the header (e.g. smaller than the header)
    BadChecksum,     // checksum does not verify
    BadVersion,      // IP version nibble is not the expected one
    UnknownProtocol, // a type/protocol field names something this layer cannot carry
    BadHeaderLength, // IHL / data offset below the minimum
    Unsupported,     // valid on the wire but not implemented here (IPv6 fragments, ARP over ATM)
    Malformed,       // any other field that breaks its RFC (zero-length option, bad code)
};

// "truncated", "bad length", ...: stable lowercase words for traces and UI.
const char* to_string(WireError e);

// A WireError with what exactly is wrong. `detail` is a static printf-style format naming the
// protocol and field, with at most two unsigned conversions (%u, %x) filled from n1 and n2, e.g.
// "ipv4: total length %u is smaller than the header length %u". Carrying numbers instead of a
// std::string keeps the failure path free of allocation (parsers run on every packet).
struct WireFault {
    WireError kind = WireError::Malformed;
    const char* detail = "";
    uint32_t n1 = 0;
    uint32_t n2 = 0;

    // detail with the numbers filled in: "ipv4: total length 20 is smaller than ..."
    std::string message() const;
    bool operator==(WireError k) const { return kind == k; }
};

inline Unexpected<WireFault> fault(WireError kind, const char* detail, uint32_t n1 = 0,
                                   uint32_t n2 = 0)
{
    return fail(WireFault{kind, detail, n1, n2});
}

// Whether parse verifies checksums. Skip is for inspectors that show a packet whose checksum
// is wrong; the simulated stack always verifies.
enum class ChecksumCheck : uint8_t { Verify, Skip };

} // namespace wirelab::wire
