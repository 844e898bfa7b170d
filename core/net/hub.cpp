#include "core/net/hub.h"

#include "core/net/network.h"

namespace wirelab::net {

Hub::Hub(Network& net, NodeId id, std::string name, uint32_t port_count)
    : Node(net, id, std::move(name), DeviceKind::Hub)
{
    for (uint32_t i = 0; i < port_count; ++i) add_port("port" + std::to_string(i + 1));
}

void Hub::on_frame(uint32_t port, Frame&& frame)
{
    flood(*this, port, std::move(frame));
}

void flood(Node& node, uint32_t except, Frame&& frame)
{
    Network& net = node.network();
    if (++frame.l2_hops > kMaxL2Hops) {
        TraceEvent ev{net.now(),
                      TraceKind::PacketDropped,
                      DropReason::SwitchLoop,
                      node.id(),
                      {},
                      frame.serial,
                      "switching loop: frame " + std::to_string(frame.serial) + " crossed " +
                          std::to_string(kMaxL2Hops) + " hubs/switches, last at " + node.name() +
                          " (remove the redundant link; Wirelab has no spanning tree)"};
        net.trace(ev);
        net.frames().give(std::move(frame));
        return;
    }
    int last = -1;
    for (uint32_t i = 0; i < node.ports().size(); ++i) {
        const Port& p = node.port(i);
        if (i != except && p.up && p.link.is_valid()) last = int(i);
    }
    for (uint32_t i = 0; i < node.ports().size(); ++i) {
        const Port& p = node.port(i);
        if (i == except || !p.up || !p.link.is_valid()) continue;
        if (int(i) == last) {
            net.transmit(node.id(), i, std::move(frame));
            return;
        }
        net.transmit(node.id(), i, net.frames().clone(frame));
    }
    net.frames().give(std::move(frame));
}

} // namespace wirelab::net
