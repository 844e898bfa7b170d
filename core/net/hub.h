// Hub: a layer-1 repeater. Every frame that arrives on one port goes out of every other port, so
// a sniffer on a hub sees everyone's traffic.
#pragma once

#include "core/net/node.h"

namespace wirelab::net {

// Frames crossing more hubs/switches than this are looping (no spanning tree in Wirelab).
inline constexpr uint16_t kMaxL2Hops = 64;

class Hub : public Node {
public:
    Hub(Network& net, NodeId id, std::string name, uint32_t port_count);
    void on_frame(uint32_t port, Frame&& frame) override;
};

// Send copies of `frame` out of every up, connected port except `except` (flooding). Shared by
// hubs and switches; reports a switching loop instead of forwarding when the hop budget is spent.
void flood(Node& node, uint32_t except, Frame&& frame);

} // namespace wirelab::net
