// NTP packet parse/emit and timestamp arithmetic.
#include "core/wire/ntp.h"

#include "core/base/assert.h"

namespace wirelab::wire::ntp {

namespace {

constexpr int64_t kNsPerSec = 1000000000;

// 2^-32 s units to ns, rounded to nearest (exact inverse of the floor in from_unix_ns).
int64_t fraction_to_ns(uint32_t fraction)
{
    return int64_t((uint64_t(fraction) * kNsPerSec + (uint64_t(1) << 31)) >> 32);
}

Timestamp load_ts(const uint8_t* p)
{
    return Timestamp{load_be32(p), load_be32(p + 4)};
}

void store_ts(uint8_t* p, Timestamp t)
{
    store_be32(p, t.seconds);
    store_be32(p + 4, t.fraction);
}

// Floor division, so times before 1970 get a fraction in [0, 1 s) too.
int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

} // namespace

Timestamp Timestamp::from_unix_ns(int64_t unix_ns)
{
    int64_t secs = floor_div(unix_ns, kNsPerSec);
    int64_t rem = unix_ns - secs * kNsPerSec; // 0 .. 1e9-1
    // Seconds wrap modulo 2^32: that is the era rollover (RFC 5905 §6).
    auto ntp_secs = uint32_t(uint64_t(secs + kUnixEpochOffset));
    auto frac = uint32_t((uint64_t(rem) << 32) / kNsPerSec);
    return Timestamp{ntp_secs, frac};
}

int64_t Timestamp::to_unix_ns(int64_t near_unix_ns) const
{
    int64_t near_ntp = floor_div(near_unix_ns, kNsPerSec) + kUnixEpochOffset;
    // The signed 32-bit distance from `near` picks the era within ±68 years.
    int64_t full = near_ntp + int32_t(seconds - uint32_t(uint64_t(near_ntp)));
    return (full - kUnixEpochOffset) * kNsPerSec + fraction_to_ns(fraction);
}

int64_t diff_ns(Timestamp a, Timestamp b)
{
    auto d = int64_t(a.raw() - b.raw());
    int64_t secs = d >> 32; // arithmetic shift: floor
    auto frac = uint32_t(uint64_t(d));
    return secs * kNsPerSec + fraction_to_ns(frac);
}

uint32_t short_from_ns(int64_t ns)
{
    if (ns <= 0) return 0;
    if (ns >= int64_t(65536) * kNsPerSec) return 0xffffffffu;
    int64_t secs = ns / kNsPerSec;
    int64_t rem = ns % kNsPerSec;
    return uint32_t(secs << 16) | uint32_t((uint64_t(rem) << 16) / kNsPerSec);
}

int64_t short_to_ns(uint32_t v)
{
    return int64_t(v >> 16) * kNsPerSec + int64_t(((uint64_t(v & 0xffff) * kNsPerSec) >> 16));
}

Result<Repr, WireFault> parse(ByteSpan p)
{
    if (p.size() < kPacketLen)
        return fault(WireError::Truncated, "ntp: packet of %u bytes, the header needs %u",
                     uint32_t(p.size()), uint32_t(kPacketLen));
    uint8_t flags = p[kFlags];
    uint8_t version = (flags >> 3) & 7;
    if (version < 1 || version > 4)
        return fault(WireError::BadVersion, "ntp: version %u, only 1 to 4 are defined", version);
    uint8_t mode = flags & 7;
    if (mode >= 6)
        return fault(WireError::Unsupported,
                     "ntp: mode %u (6 = control, 7 = private) uses another packet format", mode);
    Repr r;
    r.leap = Leap(flags >> 6);
    r.version = version;
    r.mode = Mode(mode);
    r.stratum = p[kStratum];
    r.poll = int8_t(p[kPoll]);
    r.precision = int8_t(p[kPrecision]);
    r.root_delay = load_be32(&p[kRootDelay]);
    r.root_dispersion = load_be32(&p[kRootDispersion]);
    r.reference_id = load_be32(&p[kReferenceId]);
    r.reference = load_ts(&p[kReferenceTs]);
    r.origin = load_ts(&p[kOriginTs]);
    r.receive = load_ts(&p[kReceiveTs]);
    r.transmit = load_ts(&p[kTransmitTs]);
    return r;
}

void emit(const Repr& r, MutByteSpan out)
{
    WIRELAB_ASSERT(out.size() == buffer_len(r) && "ntp::emit: out must be 48 bytes");
    WIRELAB_ASSERT(r.version <= 7 && uint8_t(r.mode) <= 7 && uint8_t(r.leap) <= 3 &&
                   "ntp::emit: leap, version or mode out of its bit field");
    out[kFlags] = uint8_t((uint8_t(r.leap) << 6) | (r.version << 3) | uint8_t(r.mode));
    out[kStratum] = r.stratum;
    out[kPoll] = uint8_t(r.poll);
    out[kPrecision] = uint8_t(r.precision);
    store_be32(&out[kRootDelay], r.root_delay);
    store_be32(&out[kRootDispersion], r.root_dispersion);
    store_be32(&out[kReferenceId], r.reference_id);
    store_ts(&out[kReferenceTs], r.reference);
    store_ts(&out[kOriginTs], r.origin);
    store_ts(&out[kReceiveTs], r.receive);
    store_ts(&out[kTransmitTs], r.transmit);
}

Sample compute_sample(Timestamp t1, Timestamp t2, Timestamp t3, Timestamp t4)
{
    int64_t a = diff_ns(t2, t1); // request's one-way time plus the offset
    int64_t b = diff_ns(t3, t4); // reply's one-way time minus the offset, negated
    return Sample{(a + b) / 2, diff_ns(t4, t1) - diff_ns(t3, t2)};
}

} // namespace wirelab::wire::ntp
