// NTP (RFC 5905): deconstruct, construct, timestamps across eras, the on-wire offset and delay,
// malformed packets.
#include "core/wire/ntp.h"

#include "tests/wire/app_fixtures.h"
#include "tests/wire/wire_test_util.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;
using test::poisoned;
using test::to_bytes;

namespace {

constexpr ntp::Timestamp kT1{0xe93c7f00, 0x40000000};
constexpr ntp::Timestamp kT2{0xe93c7f01, 0x44000000};
constexpr ntp::Timestamp kT3{0xe93c7f01, 0x48000000};
constexpr ntp::Timestamp kT4{kNtpT4Seconds, kNtpT4Fraction};
constexpr int64_t k2024 = 1704067200; // 2024-01-01 00:00:00 UTC in Unix seconds

ntp::Repr request()
{
    ntp::Repr r;
    r.mode = ntp::Mode::Client;
    r.poll = 6;
    r.precision = -20;
    r.transmit = kT1;
    return r;
}

ntp::Repr reply()
{
    ntp::Repr r;
    r.mode = ntp::Mode::Server;
    r.stratum = 1;
    r.poll = 6;
    r.precision = -20;
    r.root_dispersion = 16;
    r.reference_id = ntp::reference_id_text("LOCL");
    r.reference = {0xe93c7ef1, 0};
    r.origin = kT1;
    r.receive = kT2;
    r.transmit = kT3;
    return r;
}

} // namespace

TEST_CASE("ntp: deconstruct a client request and a server reply", "[wire][ntp]")
{
    auto req = ntp::parse(kNtpRequest);
    REQUIRE(req.ok());
    CHECK(req.value() == request());
    CHECK(req->leap == ntp::Leap::None);
    CHECK(req->version == 4);
    CHECK(req->origin.is_zero());
    auto rep = ntp::parse(kNtpReply);
    REQUIRE(rep.ok());
    CHECK(rep.value() == reply());
    CHECK(rep->reference_id == 0x4c4f434c);
}

TEST_CASE("ntp: construct", "[wire][ntp]")
{
    Bytes out = poisoned(ntp::buffer_len(request()));
    ntp::emit(request(), out);
    CHECK(out == to_bytes(kNtpRequest));
    out = poisoned(48);
    ntp::emit(reply(), out);
    CHECK(out == to_bytes(kNtpReply));
}

TEST_CASE("ntp: extension fields after the header are ignored", "[wire][ntp]")
{
    Bytes p = to_bytes(kNtpReply);
    p.insert(p.end(), {0x00, 0x01, 0x00, 0x10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    auto r = ntp::parse(p);
    REQUIRE(r.ok());
    CHECK(r.value() == reply());
}

TEST_CASE("ntp: the fixture's clock offset is +1 s with a 31.25 ms round trip", "[wire][ntp]")
{
    ntp::Sample s = ntp::compute_sample(kT1, kT2, kT3, kT4);
    CHECK(s.offset_ns == 1000000000);
    CHECK(s.delay_ns == 31250000);
}

TEST_CASE("ntp: timestamps from and to Unix time", "[wire][ntp]")
{
    ntp::Timestamp t = ntp::Timestamp::from_unix_ns(k2024 * 1000000000 + 250000000);
    CHECK(t == kT1);
    CHECK(t.to_unix_ns(k2024 * 1000000000) == k2024 * 1000000000 + 250000000);
    // The Unix epoch is 2208988800 s into era 0 (RFC 5905 Figure 4).
    CHECK(ntp::Timestamp::from_unix_ns(0) == ntp::Timestamp{2208988800u, 0});
    // Every nanosecond survives the trip (2^-32 s is finer than 1 ns).
    for (int64_t ns : {int64_t(1), int64_t(999999999), int64_t(123456789), int64_t(-1)}) {
        int64_t when = k2024 * 1000000000 + ns;
        CHECK(ntp::Timestamp::from_unix_ns(when).to_unix_ns(when) == when);
    }
}

TEST_CASE("ntp: era 1 begins in 2036 and differences cross it", "[wire][ntp]")
{
    // 2036-02-07 06:28:16 UTC is NTP second 2^32: the seconds field wraps to 0.
    int64_t era1 = (int64_t(1) << 32) - ntp::kUnixEpochOffset;
    ntp::Timestamp before = ntp::Timestamp::from_unix_ns((era1 - 1) * 1000000000);
    ntp::Timestamp after = ntp::Timestamp::from_unix_ns((era1 + 1) * 1000000000);
    CHECK(before.seconds == 0xffffffffu);
    CHECK(after.seconds == 1);
    CHECK(ntp::diff_ns(after, before) == 2000000000);
    CHECK(ntp::diff_ns(before, after) == -2000000000);
    // The era is chosen near the time the reader knows.
    CHECK(after.to_unix_ns(era1 * 1000000000) == (era1 + 1) * 1000000000);
    CHECK(before.to_unix_ns(era1 * 1000000000) == (era1 - 1) * 1000000000);
}

TEST_CASE("ntp: short format", "[wire][ntp]")
{
    CHECK(ntp::short_from_ns(1500000000) == 0x00018000);
    CHECK(ntp::short_to_ns(0x00018000) == 1500000000);
    CHECK(ntp::short_from_ns(-5) == 0);
    CHECK(ntp::short_from_ns(int64_t(70000) * 1000000000) == 0xffffffffu);
}

TEST_CASE("ntp: truncated at every length, bad versions, control and private modes", "[wire][ntp]")
{
    for (size_t n = 0; n < ntp::kPacketLen; ++n) {
        auto r = ntp::parse(ByteSpan(kNtpReply, n));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error() == WireError::Truncated);
    }
    CHECK(ntp::parse(ByteSpan(kNtpReply, 47)).error().message() ==
          "ntp: packet of 47 bytes, the header needs 48");
    Bytes p = to_bytes(kNtpReply);
    p[0] = 0x04; // VN 0
    CHECK(ntp::parse(p).error() == WireError::BadVersion);
    p[0] = 0x2c; // VN 5
    auto v5 = ntp::parse(p);
    CHECK(v5.error() == WireError::BadVersion);
    CHECK(v5.error().message() == "ntp: version 5, only 1 to 4 are defined");
    p[0] = 0x0b; // VN 1 mode 3: old clients are still answered
    CHECK(ntp::parse(p).ok());
    p[0] = 0x26; // mode 6 (control)
    auto control = ntp::parse(p);
    CHECK(control.error() == WireError::Unsupported);
    CHECK(control.error().message() ==
          "ntp: mode 6 (6 = control, 7 = private) uses another packet format");
    p[0] = 0x27; // mode 7 (private)
    CHECK(ntp::parse(p).error() == WireError::Unsupported);
}
