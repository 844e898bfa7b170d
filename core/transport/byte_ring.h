// ByteRing: the byte queue behind a TCP send or receive buffer. Storage grows geometrically up
// to a fixed limit and is then reused, so a long bulk transfer allocates nothing per byte or per
// segment. Bytes past size() can be written ahead of time (out-of-order segments waiting for
// reassembly) and later committed when the gap before them is filled.
#pragma once

#include "core/base/bytes.h"

#include <cstddef>
#include <vector>

namespace wirelab::transport {

class ByteRing {
public:
    explicit ByteRing(size_t limit) : m_limit(limit) {}

    size_t size() const { return m_size; }   // committed bytes, readable from the front
    size_t limit() const { return m_limit; } // the most bytes it will ever hold
    size_t space() const { return m_limit - m_size; }
    bool empty() const { return m_size == 0; }

    // Appends as much of `data` as fits; returns the bytes taken.
    size_t append(ByteSpan data);
    // Writes `data` at `offset` bytes from the front without committing it (offset >= size()).
    // The caller keeps offset + data.size() <= limit().
    void write_at(size_t offset, ByteSpan data);
    // Commits `n` bytes previously placed with write_at right after the committed ones.
    void commit(size_t n);
    // Copies committed bytes [offset, offset + out.size()) into `out`.
    void copy_out(size_t offset, MutByteSpan out) const;
    // Drops `n` bytes from the front.
    void consume(size_t n);
    // copy_out + consume of up to out.size() bytes; returns the bytes read.
    size_t read(MutByteSpan out);

private:
    void reserve(size_t n); // capacity for n bytes from the front, keeping everything
    size_t pos(size_t offset) const
    {
        size_t p = m_head + offset;
        return p >= m_buf.size() ? p - m_buf.size() : p;
    }

    std::vector<uint8_t> m_buf; // capacity; data starts at m_head and may wrap
    size_t m_head = 0;
    size_t m_size = 0;
    size_t m_limit;
};

} // namespace wirelab::transport
