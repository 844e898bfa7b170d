// Ethernet II frames (IEEE 802.3 clause 3 with an EtherType, RFC 894), without the FCS: the
// form pcap's LINKTYPE_ETHERNET stores and the simulator's links carry.
#pragma once

#include "core/base/bytes.h"
#include "core/wire/address.h"
#include "core/wire/wire_error.h"

#include <cstddef>
#include <cstdint>

namespace wirelab::wire::ethernet {

constexpr size_t kDst = 0;        // 6 bytes
constexpr size_t kSrc = 6;        // 6 bytes
constexpr size_t kEtherType = 12; // 2 bytes
constexpr size_t kHeaderLen = 14;
// 64-byte minimum frame less the 4-byte FCS: shorter frames are padded with zeros.
constexpr size_t kMinFrameLen = 60;
// Values below this are an IEEE 802.3 length, not an EtherType.
constexpr uint16_t kMinEtherType = 0x0600;

// Any value >= 0x0600 may be stored; the named ones are what the simulator carries.
enum class EtherType : uint16_t { Ipv4 = 0x0800, Arp = 0x0806, Ipv6 = 0x86DD };

struct Repr {
    MacAddr dst;
    MacAddr src;
    EtherType ethertype = EtherType::Ipv4;
    bool operator==(const Repr&) const = default;
};

struct Parsed {
    Repr repr;
    // Everything after the header, padding included: the network layer trims by its length.
    ByteSpan payload;
};

enum class Pad : uint8_t { None, ToMinimum };

// Accepts any frame of at least 14 bytes with an EtherType (not an 802.3 length).
Result<Parsed, WireFault> parse(ByteSpan frame);

constexpr size_t header_len(const Repr&)
{
    return kHeaderLen;
}
// Frame size for a payload; Pad::ToMinimum rounds up to the 60-byte minimum.
constexpr size_t buffer_len(const Repr& r, size_t payload_len, Pad pad = Pad::ToMinimum)
{
    size_t n = header_len(r) + payload_len;
    return (pad == Pad::ToMinimum && n < kMinFrameLen) ? kMinFrameLen : n;
}

// Writes header and payload; any bytes of `out` past the payload are zero padding. `out.size()`
// must be buffer_len(repr, payload.size(), Pad::None or Pad::ToMinimum).
void emit(const Repr& repr, ByteSpan payload, MutByteSpan out);

} // namespace wirelab::wire::ethernet
