#include "core/net/node.h"

#include "core/net/network.h"

namespace wirelab::net {

const char* to_string(DeviceKind k)
{
    switch (k) {
    case DeviceKind::Host: return "host";
    case DeviceKind::Router: return "router";
    case DeviceKind::Hub: return "hub";
    case DeviceKind::Switch: return "switch";
    }
    return "?";
}

Node::Node(Network& net, NodeId id, std::string name, DeviceKind kind)
    : m_net(net), m_id(id), m_name(std::move(name)), m_kind(kind)
{}

int Node::find_port(std::string_view name) const
{
    for (size_t i = 0; i < m_ports.size(); ++i)
        if (m_ports[i].name == name) return int(i);
    return -1;
}

uint32_t Node::add_port(std::string name)
{
    uint32_t idx = uint32_t(m_ports.size());
    Port p;
    p.name = std::move(name);
    p.mac = m_net.make_mac(m_id, idx);
    m_ports.push_back(std::move(p));
    return idx;
}

} // namespace wirelab::net
