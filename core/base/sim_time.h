// SimTime: simulated time as a signed 64-bit count of nanoseconds. The core has no other clock.
#pragma once

#include <cstdint>
#include <string>

namespace wirelab {

class SimTime {
public:
    constexpr SimTime() = default;
    static constexpr SimTime from_ns(int64_t ns) { return SimTime(ns); }
    static constexpr SimTime from_us(int64_t us) { return SimTime(us * 1000); }
    static constexpr SimTime from_ms(int64_t ms) { return SimTime(ms * 1000000); }
    static constexpr SimTime from_s(int64_t s) { return SimTime(s * 1000000000); }
    static constexpr SimTime zero() { return SimTime(0); }
    static constexpr SimTime max() { return SimTime(INT64_MAX); }

    constexpr int64_t ns() const { return m_ns; }
    constexpr double seconds() const { return double(m_ns) / 1e9; }
    constexpr double millis() const { return double(m_ns) / 1e6; }

    constexpr SimTime operator+(SimTime o) const { return SimTime(m_ns + o.m_ns); }
    constexpr SimTime operator-(SimTime o) const { return SimTime(m_ns - o.m_ns); }
    constexpr SimTime& operator+=(SimTime o)
    {
        m_ns += o.m_ns;
        return *this;
    }
    constexpr SimTime operator*(int64_t k) const { return SimTime(m_ns * k); }
    constexpr auto operator<=>(const SimTime&) const = default;

    // "12.345678s" style, fixed 6 decimals: used in transcripts and traces.
    std::string to_string() const;

private:
    constexpr explicit SimTime(int64_t ns) : m_ns(ns) {}
    int64_t m_ns = 0;
};

} // namespace wirelab
