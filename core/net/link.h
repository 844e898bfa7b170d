// Link: a full-duplex point-to-point cable between two ports, with per-direction bandwidth,
// propagation delay, drop-tail queue and impairments (loss, Gilbert-Elliott burst loss,
// duplication, reordering, bit corruption). All randomness comes from the link's named stream.
#pragma once

#include "core/base/ids.h"
#include "core/base/rng.h"
#include "core/base/sim_time.h"

#include <cstdint>

namespace wirelab::net {

// Gilbert-Elliott two-state burst loss: Good --p--> Bad --r--> Good, losing frames with
// probability loss_good / loss_bad in each state. p = 0 disables it.
struct BurstLoss {
    double p = 0.0;
    double r = 1.0;
    double loss_good = 0.0;
    double loss_bad = 1.0;
    bool operator==(const BurstLoss&) const = default;
};

struct LinkDirParams {
    uint64_t bandwidth_bps = 100'000'000;  // serialisation delay = bits / bandwidth
    SimTime delay = SimTime::from_us(100); // propagation delay
    uint32_t queue_limit = 100;            // frames waiting to be sent (drop-tail)
    double loss = 0.0;                     // independent loss probability
    BurstLoss burst;
    double duplicate = 0.0;                      // probability a frame is delivered twice
    double reorder = 0.0;                        // probability a frame is held back...
    SimTime reorder_delay = SimTime::from_ms(5); // ...by this much extra delay
    double corrupt = 0.0;                        // probability one bit of the frame is flipped
    bool operator==(const LinkDirParams&) const = default;
};

struct LinkParams {
    LinkDirParams ab; // from end a to end b
    LinkDirParams ba; // from end b to end a
    bool up = true;
    static LinkParams symmetric(const LinkDirParams& d) { return {d, d, true}; }
};

struct LinkEnd {
    NodeId node;
    uint32_t port = 0;
};

// What the impairment model decided for one frame.
struct LinkVerdict {
    bool lost = false;
    bool corrupt = false;
    bool duplicate = false;
    SimTime extra_delay;
    uint32_t corrupt_bit = 0; // which bit to flip, if corrupt
};

struct LinkDirState {
    SimTime busy_until;
    uint32_t queued = 0;
    bool burst_bad = false;
    uint64_t sent = 0, delivered = 0, lost = 0, queue_drops = 0, corrupted = 0, duplicated = 0,
             reordered = 0;
};

class Link {
public:
    Link(LinkId id, LinkEnd a, LinkEnd b, LinkParams params, Rng rng);

    LinkId id() const { return m_id; }
    const LinkEnd& end(int side) const { return side == 0 ? m_a : m_b; }
    // The side (0 = a, 1 = b) a port is on, or -1.
    int side_of(NodeId node, uint32_t port) const;
    const LinkDirParams& dir(int side) const { return side == 0 ? m_params.ab : m_params.ba; }
    LinkDirState& state(int side) { return m_state[side]; }
    const LinkDirState& state(int side) const { return m_state[side]; }
    const LinkParams& params() const { return m_params; }
    void set_params(const LinkParams& p) { m_params = p; }
    bool is_up() const { return m_params.up; }
    void set_up(bool up) { m_params.up = up; }

    // Serialisation time of a frame of `bytes` on direction `side`. Ethernet adds preamble,
    // start delimiter, FCS and inter-frame gap on a real wire: 8 + 4 + 12 bytes.
    SimTime tx_time(int side, size_t bytes) const;
    // Draw the impairments for one frame leaving `side`. Deterministic given the link's stream.
    LinkVerdict judge(int side, size_t frame_bytes);

private:
    LinkId m_id;
    LinkEnd m_a, m_b;
    LinkParams m_params;
    LinkDirState m_state[2];
    Rng m_rng;
};

} // namespace wirelab::net
