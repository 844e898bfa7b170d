// Packets in motion: each frame on a link becomes a Flight from one end to the other, and each
// drop a red Burst where the frame died, with the reason.
//
// Time: the simulation often moves a frame across a LAN in microseconds, far too fast to see. So
// a flight lasts max(kMinVisible, its simulated duration / speed) of animation time (wall time
// that runs while the simulation plays), and a node's next flight waits for the flight that
// brought it a frame: a ping visibly goes host → switch → host and back even at 1×. When the
// simulation runs slowly enough, flights last exactly their simulated time. Animation never lags
// more than kMaxLag behind the simulation; older flights are skipped to catch up.
#pragma once

#include "core/base/ids.h"
#include "core/base/sim_time.h"
#include "core/net/trace.h"
#include "web/model/packet_kind.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wirelab::web {

struct Flight {
    uint32_t link = 0; // scenario link index
    uint8_t from_side = 0;
    bool lost = false; // dies half-way (a Burst appears there)
    PacketKind kind = PacketKind::Other;
    uint32_t serial = 0;
    double start = 0.0;    // animation seconds
    double duration = 0.0; // animation seconds
};

struct Burst {
    // Where: on a link (at `along` from side 0 to side 1) or at a device.
    bool on_link = false;
    uint32_t link = 0;
    float along = 0.5f;
    uint32_t device = 0;
    double start = 0.0; // animation seconds
    SimTime at;
    net::DropReason reason = net::DropReason::None;
    std::string text; // "lost on link r1–r2 (loss 5%)"
};

class Animation {
public:
    static constexpr double kMinVisible = 0.35;   // s: shortest flight on screen
    static constexpr double kMaxLag = 1.5;        // s: animation never trails more than this
    static constexpr double kBurstLife = 2.5;     // s: a drop stays visible this long
    static constexpr size_t kMaxFlights = 60'000; // beyond this new flights are not drawn
    static constexpr size_t kMaxBursts = 2'000;

    void reset(size_t devices);
    // Advances animation time by dt (the caller passes 0 while paused) and forgets what ended.
    void tick(double dt);
    double clock() const { return m_clock; }

    // A frame started across `link` from device `from` to device `to`; sim_duration is its
    // serialisation + propagation time; speed is the simulation speed (0: as fast as possible).
    void on_sent(uint32_t link, uint8_t from_side, uint32_t from, uint32_t to, uint32_t serial,
                 PacketKind kind, SimTime sim_duration, double speed);
    // The frame just sent on `link` with `serial` was lost on the wire.
    void on_lost(uint32_t link, uint32_t serial, SimTime at, net::DropReason reason,
                 std::string text);
    // A drop at a device (no route, queue full, TTL exceeded...).
    void on_dropped_at(uint32_t device, SimTime at, net::DropReason reason, std::string text);

    const std::vector<Flight>& flights() const { return m_flights; }
    const std::vector<Burst>& bursts() const { return m_bursts; }
    uint64_t not_drawn() const { return m_not_drawn; }

private:
    double m_clock = 0.0;
    std::vector<Flight> m_flights;
    std::vector<Burst> m_bursts;
    std::vector<double> m_ready; // per device: when the last flight towards it lands
    uint64_t m_not_drawn = 0;
};

} // namespace wirelab::web
