// Every frame the running network puts on a wire or delivers, as the frame tap reports it (web's
// counterpart of sim/pcap_capture.h). The packet list reads it through scopes: the whole network
// (each frame once, as sent), one device (what its ports sent and received) or one interface.
// Bounded: past kMaxFrames or kMaxBytes the oldest frames are forgotten, and evicted() says how
// many.
#pragma once

#include "core/base/bytes.h"
#include "core/base/sim_time.h"
#include "core/net/network.h"
#include "web/model/packet_kind.h"

#include <cstdint>
#include <deque>

namespace wirelab::web {

struct CapturedFrame {
    SimTime at;
    uint32_t node = 0; // device index (node ids follow the scenario's device order)
    uint32_t port = 0;
    net::TapDirection dir = net::TapDirection::Out;
    uint32_t serial = 0;
    PacketKind kind = PacketKind::Other;
    Bytes bytes;
};

// Which frames a packet list shows.
struct CaptureScope {
    enum class Kind : uint8_t { Network, Device, Interface };
    Kind kind = Kind::Network;
    uint32_t node = 0;
    uint32_t port = 0;
    bool includes(const CapturedFrame& f) const;
    bool operator==(const CaptureScope&) const = default;
};

class CaptureStore {
public:
    static constexpr size_t kMaxFrames = 200'000;
    static constexpr size_t kMaxBytes = size_t(48) << 20;

    void add(SimTime at, uint32_t node, uint32_t port, net::TapDirection dir, const net::Frame& f);
    void clear();

    // Frames have ids first_id() .. end_id() - 1; ids are never reused, so a view that keeps ids
    // notices eviction and a cleared store (generation() changes on clear()).
    uint64_t first_id() const { return m_first_id; }
    uint64_t end_id() const { return m_first_id + m_frames.size(); }
    const CapturedFrame& get(uint64_t id) const { return m_frames[size_t(id - m_first_id)]; }
    uint64_t evicted() const { return m_evicted; }
    uint64_t generation() const { return m_generation; }
    size_t bytes() const { return m_bytes; }

private:
    std::deque<CapturedFrame> m_frames;
    uint64_t m_first_id = 0;
    uint64_t m_evicted = 0;
    uint64_t m_generation = 0;
    size_t m_bytes = 0;
};

// A pcap file (nanosecond timestamps, LINKTYPE_ETHERNET) of the frames with the given ids.
Bytes capture_to_pcap(const CaptureStore& store, const std::vector<uint64_t>& ids);

} // namespace wirelab::web
