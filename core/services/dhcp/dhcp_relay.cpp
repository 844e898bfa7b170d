#include "core/services/dhcp/dhcp_relay.h"

#include "core/net/network.h"
#include "core/transport/socket_table.h"

#include <algorithm>

namespace wirelab::app {

namespace dhcp = wire::dhcp;
using transport::Endpoint;
using transport::SocketTable;
using wire::Ipv4Addr;

DhcpRelay::DhcpRelay(net::IpNode& node, DhcpRelayConfig config)
    : Service(node), m_config(std::move(config))
{}

DhcpRelay::~DhcpRelay()
{
    if (m_socket.is_valid()) SocketTable::of(m_node).close(m_socket);
}

void DhcpRelay::start()
{
    m_socket = open_udp_server(
        m_node, "dhcrelay", Endpoint::any_v4(dhcp::kServerPort),
        [this](transport::SocketEvents) { on_readable(); }, true);
}

std::string DhcpRelay::status() const
{
    std::string s = "dhcrelay: to";
    for (const Ipv4Addr& a : m_config.servers) s += " " + a.to_string();
    s += " from";
    for (uint32_t p = 0; p < m_node.ports().size(); ++p)
        if (is_client_port(p)) s += " " + m_node.port(p).name;
    return s + ", " + std::to_string(m_requests) + " requests and " + std::to_string(m_replies) +
           " replies relayed";
}

bool DhcpRelay::is_client_port(uint32_t port) const
{
    if (port >= m_node.ports().size() || m_node.iface(port).ipv4.empty()) return false;
    if (!m_config.interfaces.empty())
        return std::find(m_config.interfaces.begin(), m_config.interfaces.end(),
                         m_node.port(port).name) != m_config.interfaces.end();
    // Not the servers' own links: their broadcasts reach the servers without us.
    for (const wire::Ipv4Prefix& pre : m_node.iface(port).ipv4)
        for (const Ipv4Addr& server : m_config.servers)
            if (pre.contains(server)) return false;
    return true;
}

void DhcpRelay::on_readable()
{
    transport::UdpSocket* s = SocketTable::of(m_node).udp(m_socket);
    if (!s) return;
    while (true) {
        auto d = s->recv();
        if (!d) return;
        auto msg = dhcp::parse(d->data);
        if (msg) {
            if (msg->op == dhcp::Op::Request && is_client_port(d->port))
                relay_request(std::move(*msg), d->port);
            else if (msg->op == dhcp::Op::Reply)
                relay_reply(*msg);
        }
        s->recycle(std::move(*d));
    }
}

void DhcpRelay::relay_request(dhcp::Repr msg, uint32_t port)
{
    if (msg.hops >= kMaxHops) return;
    ++msg.hops;
    // RFC 1542 §4.1.1: fill giaddr only if no relay closer to the client has.
    if (msg.giaddr.is_unspecified()) msg.giaddr = m_node.iface(port).ipv4.front().addr;
    ++m_requests;
    for (const Ipv4Addr& server : m_config.servers)
        send(msg, server, dhcp::kServerPort, std::nullopt);
}

void DhcpRelay::relay_reply(const dhcp::Repr& msg)
{
    // The reply comes back to giaddr, one of our addresses: that interface is the client's link.
    for (uint32_t p = 0; p < m_node.ports().size(); ++p) {
        for (const wire::Ipv4Prefix& pre : m_node.iface(p).ipv4) {
            if (!(pre.addr == msg.giaddr)) continue;
            ++m_replies;
            // RFC 1542 §4.1.2: broadcast when the client asked for it (or cannot take unicast
            // yet: without a raw socket we cannot send to chaddr without ARP, so we broadcast
            // then too); to ciaddr when the client has an address.
            bool unicast =
                !msg.ciaddr.is_unspecified() && msg.message_type != dhcp::MessageType::Nak;
            Ipv4Addr to = unicast ? msg.ciaddr : Ipv4Addr::broadcast();
            send(msg, to, dhcp::kClientPort, unicast ? std::nullopt : std::optional<uint32_t>(p));
            return;
        }
    }
}

void DhcpRelay::send(const dhcp::Repr& msg, Ipv4Addr to, uint16_t udp_port,
                     std::optional<uint32_t> iface)
{
    transport::UdpSocket* s = SocketTable::of(m_node).udp(m_socket);
    if (!s) return;
    Bytes bytes(dhcp::buffer_len(msg));
    dhcp::emit(msg, MutByteSpan(bytes));
    if (iface) s->set_interface(*iface);
    (void)s->send_to(bytes, Endpoint{wire::IpAddr(to), udp_port});
    if (iface) s->set_interface(std::nullopt);
}

} // namespace wirelab::app
