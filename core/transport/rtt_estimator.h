// RttEstimator: TCP's retransmission timeout per RFC 6298 — SRTT and RTTVAR from round-trip
// samples (the caller applies Karn's rule: no samples from retransmitted segments), exponential
// back-off on expiry, and lower/upper bounds.
#pragma once

#include "core/base/sim_time.h"

#include <cstdint>

namespace wirelab::transport {

struct RtoParams {
    SimTime initial = SimTime::from_s(1); // RFC 6298 §2.1
    // RFC 6298 §2.4 asks for at least 1 s; Linux uses 200 ms (TCP_RTO_MIN), which is what the
    // students' own machines do, so that is our default. Configurable per socket.
    SimTime min = SimTime::from_ms(200);
    SimTime max = SimTime::from_s(60);         // §2.5: a maximum of at least 60 s
    SimTime granularity = SimTime::from_ms(1); // G, the clock granularity of §2
};

class RttEstimator {
public:
    explicit RttEstimator(const RtoParams& p = {}) : m_p(p), m_rto(p.initial) {}

    // A new measurement R (RFC 6298 §2.2 for the first one, §2.3 after). Clears any back-off.
    void sample(SimTime r);
    // §5.5: "set RTO <- RTO * 2", bounded by the maximum.
    void back_off();
    // §5.7: after a retransmitted SYN, restart data transmission with a 3 s RTO if lower.
    void reset_after_syn_timeout();

    bool has_sample() const { return m_has_sample; }
    SimTime srtt() const { return m_srtt; }
    SimTime rttvar() const { return m_rttvar; }
    SimTime rto() const { return m_rto; }
    uint32_t backoffs() const { return m_backoffs; }
    const RtoParams& params() const { return m_p; }

private:
    SimTime clamp(SimTime rto) const;

    RtoParams m_p;
    SimTime m_srtt, m_rttvar;
    SimTime m_rto;
    uint32_t m_backoffs = 0;
    bool m_has_sample = false;
};

} // namespace wirelab::transport
