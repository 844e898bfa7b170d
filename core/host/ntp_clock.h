// HostClock: the system clock of one simulated host — what `date` prints, what the web server
// writes in Date headers and what ntpdate corrects. The simulation has one true time (its
// SimTime, counted from kSimEpochUnixSeconds); a host's clock is that plus its own offset, so a
// lab can start a host with a wrong clock and let NTP (RFC 5905) fix it.
#pragma once

#include "core/host/service.h"

#include <cstdint>
#include <string>

namespace wirelab::app {

// Simulated time 0 is 2024-01-01 00:00:00 UTC on every host whose clock is right.
inline constexpr int64_t kSimEpochUnixSeconds = 1704067200;

class HostClock final : public Service {
public:
    explicit HostClock(net::IpNode& node, int64_t offset_ns = 0)
        : Service(node), m_offset_ns(offset_ns)
    {}

    // The clock of `node`, created (right, offset 0) on first use.
    static HostClock& of(net::IpNode& node);
    // Nanoseconds since the Unix epoch on `node`'s clock (true time when it has no HostClock).
    static int64_t now_unix_ns(const net::IpNode& node);

    std::string_view name() const override { return "clock"; }
    void start() override {}
    // "clock: Mon Jan  1 00:00:05 UTC 2024 (93.000000 s ahead of true time)"
    std::string status() const override;

    int64_t offset_ns() const { return m_offset_ns; }
    void set_offset_ns(int64_t ns) { m_offset_ns = ns; }
    // Steps the clock by `delta_ns` (what ntpdate does with the offset it measured).
    void step(int64_t delta_ns) { m_offset_ns += delta_ns; }
    int64_t now_unix_ns() const;

private:
    int64_t m_offset_ns = 0;
};

// date(1)'s default format in the C locale, UTC: "Mon Jan  1 00:00:05 UTC 2024".
std::string format_date(int64_t unix_seconds);
// Signed seconds with six decimals: "+93.000000", "-0.000250".
std::string format_offset(int64_t ns);

} // namespace wirelab::app
