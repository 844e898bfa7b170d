// Network: owns every node and link, the event scheduler, the seeded randomness and the trace.
// Several Networks can live in one process; none of them touches a wall clock or global state.
#pragma once

#include "core/base/result.h"
#include "core/base/rng.h"
#include "core/kernel/scheduler.h"
#include "core/net/frame.h"
#include "core/net/link.h"
#include "core/net/node.h"
#include "core/net/trace.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wirelab::net {

// Where a tapped frame was seen: sent out of or received on a port.
enum class TapDirection : uint8_t { Out, In };

// Every frame put on a wire is reported once (direction Out, at the start of transmission) and
// again on delivery (direction In). Captures (pcap) are built from this by sim/ and web/.
using FrameTap =
    std::function<void(SimTime at, NodeId node, uint32_t port, TapDirection dir, const Frame&)>;

struct ConnectError {
    std::string message;
};

class Network {
public:
    explicit Network(uint64_t seed);
    ~Network();
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;

    // [SECTION] Construction
    template <class T, class... Args>
    T& add_node(std::string name, Args&&... args)
    {
        NodeId id(uint32_t(m_nodes.size()));
        auto node = std::make_unique<T>(*this, id, std::move(name), std::forward<Args>(args)...);
        T& ref = *node;
        m_nodes.push_back(std::move(node));
        return ref;
    }
    // Plug a cable between two free ports.
    Result<LinkId, ConnectError> connect(LinkEnd a, LinkEnd b, const LinkParams& params);
    // Deterministic burned-in MAC for (node, port): 02:xx locally administered.
    wire::MacAddr make_mac(NodeId node, uint32_t port) const;

    // [SECTION] Access
    size_t node_count() const { return m_nodes.size(); }
    Node& node(NodeId id) { return *m_nodes[id.value]; }
    const Node& node(NodeId id) const { return *m_nodes[id.value]; }
    Node* find_node(std::string_view name);
    size_t link_count() const { return m_links.size(); }
    Link& link(LinkId id) { return m_links[id.value]; }
    const Link& link(LinkId id) const { return m_links[id.value]; }
    void set_link_up(LinkId id, bool up);

    // [SECTION] Running
    kernel::Scheduler& scheduler() { return m_sched; }
    SimTime now() const { return m_sched.now(); }
    // Boot every node (once), then run events up to `until`.
    uint64_t run_until(SimTime until, uint64_t max_events = UINT64_MAX);
    void start();
    bool is_started() const { return m_started; }
    uint64_t seed() const { return m_seed; }
    // A named random stream derived from the scenario seed ("node:pc1:tcp-iss").
    Rng rng_stream(std::string_view name) const { return m_root_rng.stream(name); }

    // [SECTION] Frames
    FramePool& frames() { return m_pool; }
    // Send a frame out of a node's port onto its link (queue, serialise, impair, deliver).
    void transmit(NodeId node, uint32_t port, Frame&& frame);

    // [SECTION] Observation
    void set_trace_sink(TraceSink sink) { m_trace_sink = std::move(sink); }
    void set_frame_tap(FrameTap tap) { m_tap = std::move(tap); }
    void trace(const TraceEvent& ev);
    void drop_packet(NodeId node, DropReason reason, std::string text);
    const Fingerprint& fingerprint() const { return m_fp; }
    uint64_t frames_sent() const { return m_frames_sent; }

private:
    void finish_tx(LinkId link, int side, SimTime tx_start, Frame&& frame);
    void deliver(LinkId link, int side, Frame&& frame);
    void fingerprint_frame(SimTime at, uint32_t where, const Frame& f);

    uint64_t m_seed;
    Rng m_root_rng;
    kernel::Scheduler m_sched;
    std::vector<std::unique_ptr<Node>> m_nodes;
    std::vector<Link> m_links;
    FramePool m_pool;
    TraceSink m_trace_sink;
    FrameTap m_tap;
    Fingerprint m_fp;
    uint32_t m_next_serial = 1;
    uint64_t m_frames_sent = 0;
    bool m_started = false;
};

} // namespace wirelab::net
