#include "core/transport/assembler.h"

namespace wirelab::transport {

bool Assembler::add(SeqNum left, SeqNum right)
{
    if (!(left < right)) return true;
    // First range that could touch [left, right): the first whose right >= left.
    size_t i = 0;
    while (i < m_ranges.size() && m_ranges[i].right < left) ++i;
    size_t j = i;
    while (j < m_ranges.size() && m_ranges[j].left <= right) {
        left = wire::tcp::min(left, m_ranges[j].left);
        right = wire::tcp::max(right, m_ranges[j].right);
        ++j;
    }
    if (i == j) {
        if (m_ranges.size() >= kMaxRanges) return false;
        m_ranges.insert(m_ranges.begin() + long(i), Range{left, right});
        return true;
    }
    m_ranges[i] = Range{left, right};
    m_ranges.erase(m_ranges.begin() + long(i) + 1, m_ranges.begin() + long(j));
    return true;
}

Assembler::SeqNum Assembler::advance(SeqNum rcv_nxt)
{
    size_t n = 0;
    while (n < m_ranges.size() && m_ranges[n].left <= rcv_nxt) {
        rcv_nxt = wire::tcp::max(rcv_nxt, m_ranges[n].right);
        ++n;
    }
    m_ranges.erase(m_ranges.begin(), m_ranges.begin() + long(n));
    return rcv_nxt;
}

void Assembler::drop_below(SeqNum s)
{
    size_t n = 0;
    while (n < m_ranges.size() && m_ranges[n].right <= s) ++n;
    m_ranges.erase(m_ranges.begin(), m_ranges.begin() + long(n));
    if (!m_ranges.empty() && m_ranges.front().left < s) m_ranges.front().left = s;
}

uint32_t Assembler::bytes() const
{
    uint32_t n = 0;
    for (const Range& r : m_ranges) n += uint32_t(r.right - r.left);
    return n;
}

} // namespace wirelab::transport
