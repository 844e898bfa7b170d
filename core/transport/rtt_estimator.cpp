#include "core/transport/rtt_estimator.h"

#include <algorithm>

namespace wirelab::transport {

SimTime RttEstimator::clamp(SimTime rto) const
{
    // §2.4: "Whenever RTO is computed, if it is less than 1 second, then the RTO SHOULD be
    // rounded up to 1 second" — our configurable minimum; §2.5 the maximum.
    return std::clamp(rto, m_p.min, m_p.max);
}

void RttEstimator::sample(SimTime r)
{
    int64_t rv = std::max<int64_t>(r.ns(), 0);
    if (!m_has_sample) {
        // §2.2: SRTT <- R, RTTVAR <- R/2.
        m_srtt = SimTime::from_ns(rv);
        m_rttvar = SimTime::from_ns(rv / 2);
        m_has_sample = true;
    } else {
        // §2.3 with alpha = 1/8 and beta = 1/4; RTTVAR is updated with the old SRTT first.
        int64_t err = m_srtt.ns() - rv;
        if (err < 0) err = -err;
        m_rttvar = SimTime::from_ns((3 * m_rttvar.ns() + err) / 4);
        m_srtt = SimTime::from_ns((7 * m_srtt.ns() + rv) / 8);
    }
    // RTO <- SRTT + max(G, K * RTTVAR) with K = 4.
    m_rto = clamp(m_srtt + std::max(m_p.granularity, m_rttvar * 4));
    m_backoffs = 0;
}

void RttEstimator::back_off()
{
    m_rto = clamp(m_rto * 2);
    ++m_backoffs;
}

void RttEstimator::reset_after_syn_timeout()
{
    // The handshake gave no usable sample (Karn), so the backed-off SYN timer is replaced by 3 s.
    if (m_has_sample) return;
    m_rto = clamp(SimTime::from_s(3));
    m_backoffs = 0;
}

} // namespace wirelab::transport
