// Scenario -> net::Network: nodes in device order (so node ids, MAC addresses and therefore
// captures follow the file), their addresses and routes, then the cables.
#include "core/net/hub.h"
#include "core/net/ip_node.h"
#include "core/net/l2_switch.h"
#include "core/net/network.h"
#include "core/transport/socket_table.h"
#include "sim/scenario_json.h"
#include "sim/scenario_load.h"
#include "sim/services.h"
#include "sim/services_clients.h"

namespace wirelab::sim {
namespace {

net::Route static_route(wire::IpPrefix to, std::optional<wire::IpAddr> via, uint32_t port,
                        uint32_t metric)
{
    return net::Route{to.canonical(), via, port, metric, net::RouteOrigin::Static};
}

void configure_ip_node(net::IpNode& n, const DeviceSpec& d)
{
    std::vector<uint32_t> ports;
    for (const InterfaceSpec& i : d.interfaces) {
        uint32_t p = n.add_interface(i.name);
        ports.push_back(p);
        for (const auto& a : i.ipv4) n.add_address(p, a);
        for (const auto& a : i.ipv6) n.add_address(p, a);
        if (i.mtu) n.iface(p).mtu = *i.mtu;
        if (d.type == DeviceType::Host) n.iface(p).slaac = i.slaac;
    }
    for (const AdvertiseSpec& a : d.advertise) {
        int p = n.find_port(a.iface);
        if (p >= 0) n.iface(uint32_t(p)).advertise = a.prefixes;
    }
    // validate_scenario() has checked that every next hop is on a link.
    auto add_default = [&](const wire::IpAddr& gw, wire::IpPrefix any) {
        if (auto i = detail::on_link_interface(d, gw))
            n.add_route(static_route(any, gw, ports[*i], 0));
    };
    if (d.gateway) add_default(*d.gateway, wire::Ipv4Prefix{});
    if (d.gateway6) add_default(*d.gateway6, wire::Ipv6Prefix{});
    for (const RouteSpec& r : d.routes) {
        std::optional<size_t> iface;
        if (!r.dev.empty()) {
            for (size_t i = 0; i < d.interfaces.size(); ++i)
                if (d.interfaces[i].name == r.dev) iface = i;
        } else if (r.via) {
            if (auto i = detail::on_link_interface(d, *r.via)) iface = *i;
        }
        if (iface) n.add_route(static_route(r.to, r.via, ports[*iface], r.metric.value_or(0)));
    }
}

} // namespace

Result<BuiltScenario, std::vector<Diagnostic>> build_scenario(const Scenario& s)
{
    std::vector<Diagnostic> errors;
    for (Diagnostic& d : validate_scenario(s))
        if (d.is_error()) errors.push_back(std::move(d));
    if (!errors.empty()) return fail(std::move(errors));

    BuiltScenario b;
    b.network = std::make_unique<net::Network>(s.seed);
    net::Network& net = *b.network;
    for (const DeviceSpec& d : s.devices) {
        net::Node* node = nullptr;
        switch (d.type) {
        case DeviceType::Host: {
            auto& h = net.add_node<net::Host>(d.name);
            configure_ip_node(h, d);
            node = &h;
            break;
        }
        case DeviceType::Router: {
            auto& r = net.add_node<net::Router>(d.name);
            configure_ip_node(r, d);
            node = &r;
            break;
        }
        case DeviceType::Switch: node = &net.add_node<net::L2Switch>(d.name, d.ports); break;
        case DeviceType::Hub: node = &net.add_node<net::Hub>(d.name, d.ports); break;
        }
        b.nodes.emplace(d.name, node->id());
    }
    for (size_t i = 0; i < s.links.size(); ++i) {
        const LinkSpec& l = s.links[i];
        auto end = [&](const Endpoint& e) {
            NodeId id = b.nodes.find(e.device)->second;
            return net::LinkEnd{id, uint32_t(net.node(id).find_port(e.port))};
        };
        auto link = net.connect(end(l.a), end(l.b), l.params());
        if (!link) {
            // Not expected after validation; reported rather than asserted, as the core may
            // refuse cables for reasons of its own.
            errors.push_back({Diagnostic::Severity::Error, detail::index_path("links", i),
                              link.error().message});
            continue;
        }
        b.links.push_back(*link);
    }
    if (!errors.empty()) return fail(std::move(errors));
    // Every host and router has its sockets from the start, as a real kernel does: a SYN to a
    // closed port gets a RST and a datagram an ICMP port unreachable, never "protocol unreachable".
    transport::SocketTable::attach_all(*b.network);
    install_services(s, b);
    install_resolver_config(s, b);
    install_dhcp_clients(s, b);
    return b;
}

} // namespace wirelab::sim
