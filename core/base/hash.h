// FNV-1a 64-bit (Fowler/Noll/Vo), the one hash behind stream names, trace fingerprints and the
// hash tables keyed by addresses. Inline and constexpr so the fingerprint's per-event step
// compiles to an xor and a multiply. Values are part of every scenario fingerprint: never change
// the constants or the byte order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wirelab {

inline constexpr uint64_t kFnv1a64Offset = 0xcbf29ce484222325ULL; // FNV-1a 64-bit offset basis
inline constexpr uint64_t kFnv1a64Prime = 0x100000001b3ULL;       // FNV-1a 64-bit prime

// One FNV-1a step: xor the byte in, then multiply by the prime.
constexpr uint64_t fnv1a64_step(uint64_t h, uint8_t byte)
{
    return (h ^ byte) * kFnv1a64Prime;
}

// FNV-1a of `n` bytes at `p`, continuing from `h`.
constexpr uint64_t fnv1a64(const uint8_t* p, size_t n, uint64_t h = kFnv1a64Offset)
{
    for (size_t i = 0; i < n; ++i) h = fnv1a64_step(h, p[i]);
    return h;
}

// FNV-1a of the bytes of `data`, continuing from `h`.
constexpr uint64_t fnv1a64(std::string_view data, uint64_t h = kFnv1a64Offset)
{
    for (char c : data) h = fnv1a64_step(h, uint8_t(c));
    return h;
}

// FNV-1a of the eight bytes of `v`, least significant first (the same on every host), from `h`.
constexpr uint64_t fnv1a64_u64(uint64_t v, uint64_t h = kFnv1a64Offset)
{
    for (int i = 0; i < 8; ++i) h = fnv1a64_step(h, uint8_t(v >> (8 * i)));
    return h;
}

} // namespace wirelab
