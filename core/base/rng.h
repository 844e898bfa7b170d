// Rng: PCG32 (O'Neill, pcg-random.org, "XSH RR" output) with our own range mappings, so every draw
// is bit-identical under libstdc++ (native) and libc++ (Emscripten). Never use std:: distributions.
#pragma once

#include <cstdint>
#include <string_view>

namespace wirelab {

class Rng {
public:
    explicit Rng(uint64_t seed = 0x853c49e6748fea9bULL, uint64_t stream = 0xda3e39cb94b95bdbULL);

    // A named, independent stream derived from this generator's seed (ns-3 style streams), so
    // adding draws in one component never shifts another's sequence.
    Rng stream(std::string_view name) const;

    uint32_t next_u32();
    uint64_t next_u64();
    // Uniform integer in [0, bound) without modulo bias (Lemire's method with rejection).
    uint32_t below(uint32_t bound);
    // Uniform integer in [lo, hi] inclusive.
    int64_t uniform_int(int64_t lo, int64_t hi);
    // Uniform double in [0, 1) with 53 random bits.
    double uniform01();
    bool bernoulli(double p);
    // Exponential with the given mean, by inversion; uses our own log so wasm and native agree.
    double exponential(double mean);

    uint64_t seed() const { return m_seed; }

private:
    uint64_t m_state = 0;
    uint64_t m_inc = 0;
    uint64_t m_seed = 0;
};

// Natural logarithm computed with basic arithmetic only (libm's log may differ by an ulp
// between C libraries, which would break byte-identical runs).
double det_log(double x);

} // namespace wirelab
