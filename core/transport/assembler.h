// Assembler: which out-of-order byte ranges a TCP receiver holds beyond RCV.NXT (RFC 9293
// §3.10.7.4 "segments with higher beginning sequence numbers ... SHOULD be held for later
// processing"). The bytes themselves sit in the receive ByteRing at their final position; this
// only remembers the ranges, sorted and merged, in sequence-number space. The sender's SACK
// scoreboard (RFC 2018, RFC 6675) is the same structure over SND.UNA..SND.MAX.
#pragma once

#include "core/wire/tcp.h"

#include <cstddef>
#include <vector>

namespace wirelab::transport {

class Assembler {
public:
    using SeqNum = wire::tcp::SeqNum;
    struct Range {
        SeqNum left;  // first byte held
        SeqNum right; // one past the last byte held
    };

    // At most this many separate holes are tracked; a segment that would need more is dropped
    // (the sender retransmits it), which bounds memory under any reordering.
    static constexpr size_t kMaxRanges = 64;

    // Records [left, right). Returns false if it was not recorded (too many ranges).
    bool add(SeqNum left, SeqNum right);
    // Given the new RCV.NXT, removes the ranges it reached and returns how far the contiguous
    // data now extends (>= rcv_nxt).
    SeqNum advance(SeqNum rcv_nxt);
    // Forgets everything before `s` (ranges below it go, one straddling it is trimmed).
    void drop_below(SeqNum s);
    // Bytes held in all ranges.
    uint32_t bytes() const;
    bool empty() const { return m_ranges.empty(); }
    const std::vector<Range>& ranges() const { return m_ranges; }
    void clear() { m_ranges.clear(); }

private:
    std::vector<Range> m_ranges; // sorted by left, disjoint and non-adjacent
};

} // namespace wirelab::transport
