// Helpers shared by the wire tests: poisoned buffers and fixture slices.
#pragma once

#include "core/base/bytes.h"
#include "core/wire/checksum.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wirelab::test {

// A buffer pre-filled with 0xA5, so bytes emit forgets to write show up in comparisons.
inline Bytes poisoned(size_t n)
{
    return Bytes(n, 0xA5);
}

template <size_t N>
Bytes to_bytes(const uint8_t (&a)[N], size_t from = 0, size_t to = N)
{
    return Bytes(a + from, a + to);
}

template <size_t N>
ByteSpan span_of(const uint8_t (&a)[N], size_t from = 0, size_t to = N)
{
    return ByteSpan(a + from, to - from);
}

// Recomputes a 16-bit checksum field that covers `msg` (plus an optional pseudo-header sum),
// so malformed-field tests reach the check they target.
inline void refill_checksum(Bytes& msg, size_t field, uint32_t pseudo_sum = 0)
{
    store_be16(&msg[field], 0);
    store_be16(&msg[field], wire::checksum::finish(wire::checksum::accumulate(msg, pseudo_sum)));
}

} // namespace wirelab::test
