// TCP header (RFC 9293 §3.1) with options MSS (§3.2), window scale and timestamps (RFC 7323),
// SACK-permitted and SACK (RFC 2018); checksum over the IPv4/IPv6 pseudo-header. Also SeqNum,
// the modulo-2^32 sequence number the transport layer computes with.
#pragma once

#include "core/base/bytes.h"
#include "core/wire/checksum.h"
#include "core/wire/wire_error.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace wirelab::wire::tcp {

// A sequence number. Arithmetic wraps modulo 2^32; order is by signed 32-bit difference
// (RFC 9293 §3.4 "arithmetic is modulo 2**32", RFC 1982 style), so it is meaningful only for
// numbers less than 2^31 apart. There is deliberately no operator<=>: this order is not total.
class SeqNum {
public:
    constexpr SeqNum() = default;
    constexpr explicit SeqNum(uint32_t v) : m_v(v) {}
    constexpr uint32_t raw() const { return m_v; }

    constexpr SeqNum operator+(uint32_t n) const { return SeqNum(m_v + n); }
    constexpr SeqNum operator-(uint32_t n) const { return SeqNum(m_v - n); }
    constexpr SeqNum& operator+=(uint32_t n)
    {
        m_v += n;
        return *this;
    }
    // Signed distance: positive when *this is after `o`.
    constexpr int32_t operator-(SeqNum o) const { return int32_t(m_v - o.m_v); }

    constexpr bool operator==(const SeqNum&) const = default;
    friend constexpr bool operator<(SeqNum a, SeqNum b) { return (a - b) < 0; }
    friend constexpr bool operator>(SeqNum a, SeqNum b) { return (a - b) > 0; }
    friend constexpr bool operator<=(SeqNum a, SeqNum b) { return (a - b) <= 0; }
    friend constexpr bool operator>=(SeqNum a, SeqNum b) { return (a - b) >= 0; }

private:
    uint32_t m_v = 0;
};

constexpr SeqNum max(SeqNum a, SeqNum b)
{
    return a < b ? b : a;
}
constexpr SeqNum min(SeqNum a, SeqNum b)
{
    return a < b ? a : b;
}

constexpr size_t kSrcPort = 0;
constexpr size_t kDstPort = 2;
constexpr size_t kSeqNum = 4;      // 4 bytes
constexpr size_t kAckNum = 8;      // 4 bytes
constexpr size_t kDataOffset = 12; // high nibble, in 32-bit words
constexpr size_t kFlags = 13;
constexpr size_t kWindow = 14;    // 2 bytes
constexpr size_t kChecksum = 16;  // 2 bytes
constexpr size_t kUrgentPtr = 18; // 2 bytes
constexpr size_t kMinHeaderLen = 20;
constexpr size_t kMaxHeaderLen = 60;
constexpr size_t kMaxOptionsLen = 40;

// Bits of the flags byte (RFC 9293 §3.1, RFC 3168 for ECE/CWR).
constexpr uint8_t kFin = 0x01;
constexpr uint8_t kSyn = 0x02;
constexpr uint8_t kRst = 0x04;
constexpr uint8_t kPsh = 0x08;
constexpr uint8_t kAck = 0x10;
constexpr uint8_t kUrg = 0x20;
constexpr uint8_t kEce = 0x40;
constexpr uint8_t kCwr = 0x80;

// Option kinds (IANA "TCP Option Kind Numbers").
enum class OptionKind : uint8_t {
    End = 0,
    Nop = 1,
    Mss = 2,
    WindowScale = 3,
    SackPermitted = 4,
    Sack = 5,
    Timestamps = 8,
};

struct SackBlock {
    SeqNum left;  // first sequence number of the block
    SeqNum right; // sequence number just after the block
    bool operator==(const SackBlock&) const = default;
};

struct Timestamps {
    uint32_t value = 0;      // TSval
    uint32_t echo_reply = 0; // TSecr
    bool operator==(const Timestamps&) const = default;
};

constexpr size_t kMaxSackBlocks = 4; // 2 + 4 * 8 = 34 of the 40 option bytes

struct Options {
    std::optional<uint16_t> mss;
    std::optional<uint8_t> window_scale; // raw shift count; RFC 7323 clamps > 14 on use
    bool sack_permitted = false;
    std::optional<Timestamps> timestamps;
    uint8_t sack_count = 0; // blocks used in `sack`
    std::array<SackBlock, kMaxSackBlocks> sack{};

    bool operator==(const Options& o) const;
};

struct Repr {
    uint16_t src_port = 0;
    uint16_t dst_port = 0;
    SeqNum seq;
    SeqNum ack; // written as given even without the ACK flag
    uint8_t flags = 0;
    uint16_t window = 0; // unscaled, as on the wire
    uint16_t urgent_ptr = 0;
    Options options;

    bool has(uint8_t flag) const { return (flags & flag) == flag; }
    bool operator==(const Repr&) const = default;
};

struct Parsed {
    Repr repr;
    ByteSpan payload;
};

// Checks: 20 bytes, data offset >= 5, header present, checksum, then options. Unknown options are
// skipped by their length; a known option of the wrong length, or any option running past the
// header, is Malformed. The segment's length is the span's: the IP layer trims it.
Result<Parsed, WireFault> parse(ByteSpan segment, const PseudoHeader& ph,
                                ChecksumCheck check = ChecksumCheck::Verify);

// Option bytes emit writes. Linux's layout when it fits (MSS; SACK-permitted+timestamps or NOP
// padding; NOP+window scale; NOP NOP SACK), which reproduces Linux segments byte for byte;
// otherwise packed without NOPs and zero-padded to 4. Asserts the total is at most 40: a caller
// adding SACK blocks must leave room (at most 3 with timestamps).
size_t options_len(const Options& o);
inline size_t header_len(const Repr& r)
{
    return kMinHeaderLen + options_len(r.options);
}
inline size_t buffer_len(const Repr& r, size_t payload_len)
{
    return header_len(r) + payload_len;
}

// Writes header, options, payload and checksum. `out.size()` must be buffer_len(...).
void emit(const Repr& repr, ByteSpan payload, const PseudoHeader& ph, MutByteSpan out);

} // namespace wirelab::wire::tcp
