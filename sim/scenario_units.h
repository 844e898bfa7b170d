// Units in scenario files and on the command line: durations ("1.5s", "20ms", "100us", "5ns")
// and bandwidths ("100Mbit", "1Gbit", "64kbit"), read exactly (decimal text, integer arithmetic)
// and written in the shortest exact form, so save → load → save never drifts.
#pragma once

#include "core/base/result.h"
#include "core/base/sim_time.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace wirelab::sim {

struct UnitError {
    std::string message; // "\"20 msec\" is not a duration: unknown unit \"msec\" (...)"
};

// The longest duration a scenario may name: 1,000,000 s (about 11.5 days).
inline constexpr int64_t kMaxDurationNs = int64_t(1'000'000) * 1'000'000'000;

// "<decimal><unit>" with unit s, ms, us (or µs) or ns; a space before the unit is allowed.
// Errors for a missing or unknown unit, a negative value, precision finer than 1 ns, or more than
// kMaxDurationNs.
Result<SimTime, UnitError> parse_duration(std::string_view text);
// A JSON number of seconds (0.02 is 20 ms), rounded to the nearest nanosecond.
Result<SimTime, UnitError> duration_from_seconds(double seconds);
// Largest unit the value reaches, decimals only as needed: "1.5s", "20ms", "20.5ms", "0s".
std::string format_duration(SimTime t);

inline constexpr uint64_t kMaxBandwidthBps = 1'000'000'000'000; // 1 Tbit/s

// "<decimal><unit>", unit bit, kbit, Mbit, Gbit, Tbit (or bps, kbps, Mbps, Gbps, Tbps; the prefix
// letter in either case, as tc accepts). Bytes ("MB") are refused with the bit equivalent.
Result<uint64_t, UnitError> parse_bandwidth(std::string_view text);
// A JSON number of bits per second.
Result<uint64_t, UnitError> bandwidth_from_number(double bps);
// Largest unit that divides exactly: "100Mbit", "1500kbit", "123bit".
std::string format_bandwidth(uint64_t bps);

// A probability as a percentage string, "5%" -> 0.05 (scenario files also take plain 0..1).
Result<double, UnitError> parse_percent(std::string_view text);

} // namespace wirelab::sim
