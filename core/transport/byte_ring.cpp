#include "core/transport/byte_ring.h"

#include "core/base/assert.h"

#include <algorithm>
#include <cstring>

namespace wirelab::transport {

namespace {
constexpr size_t kMinCapacity = 4096;
}

void ByteRing::reserve(size_t n)
{
    WIRELAB_ASSERT(n <= m_limit && "ByteRing::reserve past the limit");
    if (n <= m_buf.size()) return;
    size_t cap = std::min(m_limit, std::max({n, m_buf.size() * 2, kMinCapacity}));
    // Everything from the head is kept in order, uncommitted write-ahead bytes included.
    std::vector<uint8_t> grown(cap);
    size_t old = m_buf.size();
    size_t first = old - m_head;
    if (old) {
        std::memcpy(grown.data(), m_buf.data() + m_head, first);
        std::memcpy(grown.data() + first, m_buf.data(), m_head);
    }
    m_buf.swap(grown);
    m_head = 0;
}

size_t ByteRing::append(ByteSpan data)
{
    size_t n = std::min(data.size(), space());
    if (n == 0) return 0;
    write_at(m_size, data.first(n));
    m_size += n;
    return n;
}

void ByteRing::write_at(size_t offset, ByteSpan data)
{
    WIRELAB_ASSERT(offset >= m_size && offset + data.size() <= m_limit &&
                   "ByteRing::write_at range");
    if (data.empty()) return;
    reserve(offset + data.size());
    size_t p = pos(offset);
    size_t first = std::min(data.size(), m_buf.size() - p);
    std::memcpy(m_buf.data() + p, data.data(), first);
    if (first < data.size()) std::memcpy(m_buf.data(), data.data() + first, data.size() - first);
}

void ByteRing::commit(size_t n)
{
    WIRELAB_ASSERT(m_size + n <= m_buf.size() && "ByteRing::commit of bytes never written");
    m_size += n;
}

void ByteRing::copy_out(size_t offset, MutByteSpan out) const
{
    WIRELAB_ASSERT(offset + out.size() <= m_size && "ByteRing::copy_out past the data");
    if (out.empty()) return;
    size_t p = pos(offset);
    size_t first = std::min(out.size(), m_buf.size() - p);
    std::memcpy(out.data(), m_buf.data() + p, first);
    if (first < out.size()) std::memcpy(out.data() + first, m_buf.data(), out.size() - first);
}

void ByteRing::consume(size_t n)
{
    WIRELAB_ASSERT(n <= m_size && "ByteRing::consume past the data");
    m_size -= n;
    m_head = pos(n);
}

size_t ByteRing::read(MutByteSpan out)
{
    size_t n = std::min(out.size(), m_size);
    copy_out(0, out.first(n));
    consume(n);
    return n;
}

} // namespace wirelab::transport
