#include "core/host/service.h"

#include "core/net/network.h"

namespace wirelab::app {

ServiceSet& ServiceSet::of(net::IpNode& node)
{
    if (!node.apps_ext()) {
        auto set = std::make_unique<ServiceSet>(node);
        ServiceSet* raw = set.get();
        node.set_apps_ext(std::move(set));
        if (node.network().is_started()) raw->on_start();
        return *raw;
    }
    return static_cast<ServiceSet&>(*node.apps_ext());
}

const ServiceSet* ServiceSet::find(const net::IpNode& node)
{
    return static_cast<const ServiceSet*>(node.apps_ext());
}

SocketId open_udp_server(net::IpNode& node, std::string_view owner, const transport::Endpoint& at,
                         transport::SocketCallback on_readable, bool broadcast)
{
    transport::SocketTable& t = transport::SocketTable::of(node);
    SocketId id = t.udp_open();
    transport::UdpSocket* s = t.udp(id);
    s->set_owner(std::string(owner));
    s->set_broadcast(broadcast);
    if (!s->bind(at)) {
        t.close(id);
        return SocketId();
    }
    s->set_callback(std::move(on_readable));
    return id;
}

void ServiceSet::on_start()
{
    if (m_started) return;
    m_started = true;
    for (auto& s : m_services) s->start();
}

} // namespace wirelab::app
