// NTP (RFC 5905 §7.3): the 48-byte header that clients and servers exchange on UDP port 123,
// with its 64-bit timestamps (32.32 fixed point, seconds since the start of the era, era 0
// beginning 1900-01-01 00:00 UTC) and 32-bit short format (16.16). Also the on-wire clock offset
// and round-trip delay of RFC 5905 §8, which a client turns into a clock correction.
#pragma once

#include "core/base/bytes.h"
#include "core/wire/wire_error.h"

#include <cstddef>
#include <cstdint>

namespace wirelab::wire::ntp {

constexpr size_t kFlags = 0;          // LI (2 bits) | VN (3 bits) | Mode (3 bits)
constexpr size_t kStratum = 1;        // 0 = unspecified or kiss-o'-death, 1 = primary, 2-15
constexpr size_t kPoll = 2;           // signed log2 of the poll interval in seconds
constexpr size_t kPrecision = 3;      // signed log2 of the clock precision in seconds
constexpr size_t kRootDelay = 4;      // 4 bytes, short format
constexpr size_t kRootDispersion = 8; // 4 bytes, short format
constexpr size_t kReferenceId = 12;   // 4 bytes
constexpr size_t kReferenceTs = 16;   // 8 bytes: when the clock was last set
constexpr size_t kOriginTs = 24;      // 8 bytes: T1, the client's transmit time echoed back
constexpr size_t kReceiveTs = 32;     // 8 bytes: T2, when the server received the request
constexpr size_t kTransmitTs = 40;    // 8 bytes: T3, when the server sent the reply
constexpr size_t kPacketLen = 48;

constexpr uint16_t kPort = 123;
constexpr uint8_t kVersion = 4;
// Seconds from the NTP prime epoch (1900-01-01) to the Unix epoch (1970-01-01): RFC 5905
// Figure 4 lists 1970 as "2,208,988,800" in era 0.
constexpr int64_t kUnixEpochOffset = 2208988800;

enum class Leap : uint8_t {
    None = 0,          // no warning
    AddSecond = 1,     // last minute of the day has 61 seconds
    DeleteSecond = 2,  // last minute of the day has 59 seconds
    Unsynchronized = 3 // clock not synchronized (a server's first replies, kiss-o'-death)
};

// Modes 6 (control, ntpq) and 7 (private, ntpdc) use other packet formats and are rejected.
enum class Mode : uint8_t {
    Reserved = 0,
    SymmetricActive = 1,
    SymmetricPassive = 2,
    Client = 3,
    Server = 4,
    Broadcast = 5,
};

// An NTP timestamp: seconds and 2^-32 fractions of a second since the start of an era. The era
// number is not on the wire; to_unix_ns() picks the era nearest a known time (RFC 5905 §6: "the
// era ... can be determined from other sources").
struct Timestamp {
    uint32_t seconds = 0;
    uint32_t fraction = 0;

    // Floors to the nearest 2^-32 s below (finer than 1 ns, so to_unix_ns gives the ns back).
    static Timestamp from_unix_ns(int64_t unix_ns);
    // The time this timestamp denotes in the era that puts it within 68 years of `near_unix_ns`.
    int64_t to_unix_ns(int64_t near_unix_ns) const;
    // The 64-bit value (seconds in the high half).
    constexpr uint64_t raw() const { return (uint64_t(seconds) << 32) | fraction; }
    // RFC 5905 §7.3: a zero timestamp means "unknown" (a client's origin in its first request).
    constexpr bool is_zero() const { return seconds == 0 && fraction == 0; }
    bool operator==(const Timestamp&) const = default;
};

// a - b in nanoseconds, right across an era boundary as long as they are within 68 years
// (RFC 5905 §6: differences are computed modulo 2^64 as signed values).
int64_t diff_ns(Timestamp a, Timestamp b);

// Short format (16.16 seconds), for root delay and root dispersion. Saturates at the largest
// value (about 65536 s); negative inputs give 0.
uint32_t short_from_ns(int64_t ns);
int64_t short_to_ns(uint32_t short_format);

// A reference id made of up to four ASCII characters ("LOCL", "GPS", or a kiss code "RATE"),
// padded with zeros as RFC 5905 §7.3 describes for stratum 0 and 1.
constexpr uint32_t reference_id_text(const char* code)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
        uint8_t c = code[0] ? uint8_t(*code++) : 0;
        v = (v << 8) | c;
    }
    return v;
}

struct Repr {
    Leap leap = Leap::None;
    uint8_t version = kVersion; // 1..4 accepted by parse; emit asserts 1..7
    Mode mode = Mode::Client;
    uint8_t stratum = 0;
    int8_t poll = 0;         // log2 seconds (6 = 64 s)
    int8_t precision = 0;    // log2 seconds (-20 ≈ 1 µs)
    uint32_t root_delay = 0; // short format
    uint32_t root_dispersion = 0;
    // Stratum 0/1: ASCII code (reference_id_text); above: the IPv4 address of the upstream
    // server, as a big-endian number (Ipv4Addr::to_u32()).
    uint32_t reference_id = 0;
    Timestamp reference;
    Timestamp origin;
    Timestamp receive;
    Timestamp transmit;

    bool operator==(const Repr&) const = default;
};

// Checks: 48 bytes, version 1 to 4, mode not 6 or 7. Bytes after the 48 (RFC 7822 extension
// fields, a MAC) are ignored: the simulator neither sends nor authenticates them.
Result<Repr, WireFault> parse(ByteSpan packet);

constexpr size_t buffer_len(const Repr&)
{
    return kPacketLen;
}

// `out.size()` must be buffer_len(repr).
void emit(const Repr& repr, MutByteSpan out);

// RFC 5905 §8 on-wire calculation for a client: t1 = its request's transmit time (echoed as the
// reply's origin), t2 = the reply's receive, t3 = the reply's transmit, t4 = when the reply
// arrived. offset θ = ((t2 - t1) + (t3 - t4)) / 2 is what to add to the client's clock;
// delay δ = (t4 - t1) - (t3 - t2) is the round trip minus the server's processing.
struct Sample {
    int64_t offset_ns = 0;
    int64_t delay_ns = 0;
    bool operator==(const Sample&) const = default;
};
Sample compute_sample(Timestamp t1, Timestamp t2, Timestamp t3, Timestamp t4);

} // namespace wirelab::wire::ntp
