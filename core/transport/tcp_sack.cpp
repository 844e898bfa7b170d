// TcpSocket selective acknowledgments: the blocks a receiver reports (RFC 2018 §4), the sender's
// scoreboard, and SACK-based loss recovery (RFC 6675): IsLost, SetPipe and NextSeg. Recovery
// itself is entered and left in tcp_timers.cpp, like NewReno's.
//
// [SECTION] index: receiver · scoreboard · recovery
#include "core/transport/socket_table.h"
#include "core/transport/tcp_socket.h"

#include <algorithm>

namespace wirelab::transport {

using wire::tcp::kMaxSackBlocks;
using wire::tcp::Options;
using wire::tcp::Repr;

// [SECTION] receiver

void TcpSocket::fill_sack_blocks(Options& o) const
{
    // RFC 2018 §4: "The first SACK block ... MUST specify the contiguous block of data containing
    // the segment which triggered this ACK"; the others follow, highest first. Without
    // timestamps four blocks fit in the 40 option bytes.
    const auto& rs = m_ooo.ranges();
    if (rs.empty()) return;
    size_t first = rs.size() - 1;
    for (size_t i = 0; i < rs.size(); ++i)
        if (rs[i].left <= m_last_ooo && m_last_ooo < rs[i].right) first = i;
    o.sack_count = 0;
    o.sack[o.sack_count++] = {rs[first].left, rs[first].right};
    for (size_t i = rs.size(); i-- > 0 && o.sack_count < kMaxSackBlocks;)
        if (i != first) o.sack[o.sack_count++] = {rs[i].left, rs[i].right};
}

// [SECTION] scoreboard

bool TcpSocket::take_sack_blocks(const Repr& r)
{
    uint32_t before = m_sacked.bytes();
    for (uint8_t i = 0; i < r.options.sack_count; ++i) {
        const wire::tcp::SackBlock& b = r.options.sack[i];
        // RFC 2018 §3: blocks describe data above the cumulative ACK that we did send; anything
        // else (a D-SACK, a stale or forged block) is ignored.
        if (!(b.left < b.right) || !(m_tcb.snd_una < b.right) || b.right > m_tcb.snd_max) continue;
        m_sacked.add(wire::tcp::max(b.left, m_tcb.snd_una), b.right);
    }
    return m_sacked.bytes() > before;
}

bool TcpSocket::is_lost(SeqNum seq) const
{
    // RFC 6675 §4 IsLost: DupThresh (3) discontiguous SACKed blocks above, or more than
    // (DupThresh - 1) x SMSS SACKed bytes above.
    uint32_t blocks = 0, bytes = 0;
    for (const Assembler::Range& r : m_sacked.ranges())
        if (seq < r.left) {
            ++blocks;
            bytes += uint32_t(r.right - r.left);
        }
    return blocks >= 3 || bytes > 2u * m_tcb.snd_mss;
}

SeqNum TcpSocket::next_sacked(SeqNum from) const
{
    for (const Assembler::Range& r : m_sacked.ranges())
        if (from < r.left) return r.left;
    return m_tcb.snd_max;
}

void TcpSocket::skip_sacked()
{
    // After a timeout everything unacknowledged is sent again, except what the peer already
    // holds (Linux keeps SACK marks across a timeout the same way).
    if (!m_sack_ok || !(m_tcb.snd_nxt < m_tcb.snd_max)) return;
    for (const Assembler::Range& r : m_sacked.ranges())
        if (r.left <= m_tcb.snd_nxt && m_tcb.snd_nxt < r.right) m_tcb.snd_nxt = r.right;
}

// [SECTION] recovery

uint32_t TcpSocket::pipe() const
{
    // RFC 6675 §4 SetPipe: octets in flight are those neither SACKed nor deemed lost, plus those
    // retransmitted (below HighRxt). Holes are whole ranges between SACKed blocks, and every
    // octet of a hole has the same SACKed data above it, so IsLost is asked once per hole.
    uint32_t p = 0;
    auto hole = [&](SeqNum a, SeqNum b, bool lost) {
        if (!(a < b)) return;
        if (!lost) p += uint32_t(b - a);
        SeqNum rx = wire::tcp::min(b, m_high_rxt);
        if (a < rx) p += uint32_t(rx - a);
    };
    SeqNum cur = m_tcb.snd_una;
    for (const Assembler::Range& r : m_sacked.ranges()) {
        hole(cur, r.left, is_lost(cur));
        cur = wire::tcp::max(cur, r.right);
    }
    hole(cur, m_tcb.snd_max, false);
    return p;
}

bool TcpSocket::plan_sack_segment(SegmentPlan& plan) const
{
    // RFC 6675 §5 step (C): send while cwnd - pipe >= 1 SMSS, choosing with NextSeg (§4).
    uint32_t mss = m_tcb.snd_mss;
    if (pipe() + mss > m_tcb.cwnd) return false;
    // Rule 1: the first octet past HighRxt in a hole that IsLost.
    SeqNum cur = m_tcb.snd_una;
    for (const Assembler::Range& r : m_sacked.ranges()) {
        SeqNum a = wire::tcp::max(cur, m_high_rxt);
        if (a < r.left && is_lost(a)) {
            plan = {a, std::min(mss, uint32_t(r.left - a)), false};
            return true;
        }
        cur = wire::tcp::max(cur, r.right);
    }
    // Rule 2: new data the peer's window allows.
    SeqNum end = data_end();
    SeqNum nxt = m_tcb.snd_nxt;
    if (nxt <= end) {
        int32_t room = (m_tcb.snd_una + m_tcb.snd_wnd) - nxt;
        uint32_t len = std::min({mss, uint32_t(end - nxt), uint32_t(std::max(room, 0))});
        bool fin =
            may_send_fin() && nxt + len == end && uint32_t(end - m_tcb.snd_una) < m_tcb.snd_wnd;
        if (len > 0 || fin) {
            plan = {nxt, len, fin};
            return true;
        }
    }
    // Rule 3: an unSACKed octet past HighRxt below the highest SACKed one, lost or not.
    cur = m_tcb.snd_una;
    for (const Assembler::Range& r : m_sacked.ranges()) {
        SeqNum a = wire::tcp::max(cur, m_high_rxt);
        if (a < r.left) {
            plan = {a, std::min(mss, uint32_t(r.left - a)), false};
            return true;
        }
        cur = wire::tcp::max(cur, r.right);
    }
    return false;
}

} // namespace wirelab::transport
