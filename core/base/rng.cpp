#include "core/base/rng.h"

#include "core/base/assert.h"
#include "core/base/hash.h"

#include <cstring>

namespace wirelab {

Rng::Rng(uint64_t seed, uint64_t stream) : m_seed(seed)
{
    // pcg32_srandom_r
    m_state = 0;
    m_inc = (stream << 1u) | 1u;
    next_u32();
    m_state += seed;
    next_u32();
}

Rng Rng::stream(std::string_view name) const
{
    uint64_t h = fnv1a64(name);
    return Rng(m_seed ^ (h * 0x9e3779b97f4a7c15ULL), h);
}

uint32_t Rng::next_u32()
{
    uint64_t old = m_state;
    m_state = old * 6364136223846793005ULL + m_inc;
    uint32_t xorshifted = uint32_t(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = uint32_t(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31));
}

uint64_t Rng::next_u64()
{
    uint64_t hi = next_u32();
    return (hi << 32) | next_u32();
}

uint32_t Rng::below(uint32_t bound)
{
    WIRELAB_ASSERT(bound > 0 && "below(0)");
    uint64_t m = uint64_t(next_u32()) * bound;
    uint32_t l = uint32_t(m);
    if (l < bound) {
        uint32_t t = uint32_t(-bound) % bound;
        while (l < t) {
            m = uint64_t(next_u32()) * bound;
            l = uint32_t(m);
        }
    }
    return uint32_t(m >> 32);
}

int64_t Rng::uniform_int(int64_t lo, int64_t hi)
{
    WIRELAB_ASSERT(lo <= hi && "uniform_int with lo > hi");
    uint64_t span = uint64_t(hi) - uint64_t(lo);
    if (span < 0xffffffffULL) return lo + int64_t(below(uint32_t(span + 1)));
    // Wide ranges: rejection on 64-bit draws.
    if (span == UINT64_MAX) return int64_t(next_u64());
    uint64_t range = span + 1;
    uint64_t limit = UINT64_MAX - (UINT64_MAX % range);
    uint64_t x;
    do {
        x = next_u64();
    } while (x >= limit);
    return int64_t(uint64_t(lo) + x % range);
}

double Rng::uniform01()
{
    return double(next_u64() >> 11) * (1.0 / 9007199254740992.0);
}

bool Rng::bernoulli(double p)
{
    if (p <= 0.0) return false;
    if (p >= 1.0) return true;
    return uniform01() < p;
}

double Rng::exponential(double mean)
{
    double u = uniform01();
    return -mean * det_log(1.0 - u);
}

double det_log(double x)
{
    WIRELAB_ASSERT(x > 0.0 && "det_log of a non-positive number");
    // x = m * 2^e with m in [1, 2): exponent taken from the IEEE bits, which is exact.
    uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    int e = int((bits >> 52) & 0x7ff) - 1023;
    if (e == -1023) { // subnormal: scale up first
        return det_log(x * 4503599627370496.0) - 52.0 * 0.69314718055994530942;
    }
    bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
    double m;
    std::memcpy(&m, &bits, sizeof m);
    // log(m) = 2 atanh((m-1)/(m+1)); the series converges fast for m in [1, 2).
    double s = (m - 1.0) / (m + 1.0);
    double s2 = s * s;
    double term = s;
    double sum = 0.0;
    for (int k = 1; k < 60; k += 2) {
        sum += term / k;
        term *= s2;
    }
    return 2.0 * sum + double(e) * 0.69314718055994530942;
}

} // namespace wirelab
