#include "core/net/link.h"

namespace wirelab::net {

Link::Link(LinkId id, LinkEnd a, LinkEnd b, LinkParams params, Rng rng)
    : m_id(id), m_a(a), m_b(b), m_params(params), m_rng(rng)
{}

int Link::side_of(NodeId node, uint32_t port) const
{
    if (m_a.node == node && m_a.port == port) return 0;
    if (m_b.node == node && m_b.port == port) return 1;
    return -1;
}

SimTime Link::tx_time(int side, size_t bytes) const
{
    uint64_t bw = dir(side).bandwidth_bps;
    if (bw == 0) return SimTime::zero(); // "infinite" bandwidth
    // Wire overhead: preamble + SFD (8), FCS (4), inter-frame gap (12).
    uint64_t bits = uint64_t(bytes + 24) * 8;
    // Round up so that a busy link never finishes early.
    return SimTime::from_ns(int64_t((bits * 1'000'000'000ULL + bw - 1) / bw));
}

LinkVerdict Link::judge(int side, size_t frame_bytes)
{
    const LinkDirParams& p = dir(side);
    LinkDirState& st = m_state[side];
    LinkVerdict v;
    // Draws happen only for impairments that are switched on, so a clean link costs nothing and
    // turning one impairment on does not shift the others' sequences more than necessary.
    if (p.burst.p > 0.0) {
        st.burst_bad = st.burst_bad ? !m_rng.bernoulli(p.burst.r) : m_rng.bernoulli(p.burst.p);
        if (m_rng.bernoulli(st.burst_bad ? p.burst.loss_bad : p.burst.loss_good)) v.lost = true;
    }
    if (p.loss > 0.0 && m_rng.bernoulli(p.loss)) v.lost = true;
    if (v.lost) return v;
    if (p.corrupt > 0.0 && m_rng.bernoulli(p.corrupt)) {
        v.corrupt = true;
        // Flip a bit past the Ethernet header: a real NIC's FCS check would discard a frame with
        // any flipped bit, but students should see the IP/UDP/TCP checksums catch it instead.
        size_t from = frame_bytes > 14 ? 14 : 0;
        v.corrupt_bit = uint32_t(from * 8) + m_rng.below(uint32_t((frame_bytes - from) * 8));
    }
    if (p.duplicate > 0.0 && m_rng.bernoulli(p.duplicate)) v.duplicate = true;
    if (p.reorder > 0.0 && m_rng.bernoulli(p.reorder)) v.extra_delay = p.reorder_delay;
    return v;
}

} // namespace wirelab::net
