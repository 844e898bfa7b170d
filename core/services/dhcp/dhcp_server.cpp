// [SECTION] index: service · lease table · messages · replies
#include "core/services/dhcp/dhcp_server.h"

#include "core/net/network.h"
#include "core/transport/socket_table.h"

#include <algorithm>

namespace wirelab::app {

namespace dhcp = wire::dhcp;
using dhcp::MessageType;
using transport::Endpoint;
using transport::SocketTable;
using wire::Ipv4Addr;

const char* to_string(DhcpLeaseState s)
{
    // dhcpd.leases "binding state" words.
    switch (s) {
    case DhcpLeaseState::Offered: return "offered";
    case DhcpLeaseState::Bound: return "active";
    case DhcpLeaseState::Released: return "free";
    case DhcpLeaseState::Expired: return "expired";
    case DhcpLeaseState::Declined: return "abandoned";
    }
    return "?";
}

DhcpServer::DhcpServer(net::IpNode& node, DhcpServerConfig config)
    : Service(node), m_config(std::move(config))
{}

DhcpServer::~DhcpServer()
{
    if (m_socket.is_valid()) SocketTable::of(m_node).close(m_socket);
}

// ===================================================================================== [SECTION]
// service

void DhcpServer::start()
{
    m_socket = open_udp_server(
        m_node, "dhcpd", Endpoint::any_v4(dhcp::kServerPort),
        [this](transport::SocketEvents) { on_readable(); }, true);
    if (!m_socket.is_valid())
        note("dhcpd: cannot bind UDP port 67: it is in use (a relay on the same device?)");
}

std::string DhcpServer::status() const
{
    size_t active = 0;
    for (const DhcpLease& l : leases()) active += l.state == DhcpLeaseState::Bound;
    std::string s = "dhcpd: listening on UDP 67, " + std::to_string(m_config.pools.size()) +
                    (m_config.pools.size() == 1 ? " pool" : " pools");
    for (const DhcpPool& p : m_config.pools)
        s += " " + p.first.to_string() + "-" + p.last.to_string();
    return s + ", " + std::to_string(active) + " active " + (active == 1 ? "lease" : "leases");
}

void DhcpServer::note(std::string line)
{
    net::TraceEvent ev{
        m_node.network().now(),     net::TraceKind::Info, net::DropReason::None, m_node.id(), {}, 0,
        m_node.name() + ": " + line};
    m_log.push_back(std::move(line));
    m_node.network().trace(ev);
}

void DhcpServer::on_readable()
{
    transport::UdpSocket* s = SocketTable::of(m_node).udp(m_socket);
    if (!s) return;
    while (true) {
        auto d = s->recv();
        if (!d) return;
        auto msg = dhcp::parse(d->data);
        if (msg && msg->op == dhcp::Op::Request) {
            // RFC 2131 §4.1: a message relayed to us came from the relay's server port; one
            // from a client on our link arrives on the interface it was broadcast on.
            if (auto reply = handle(*msg, d->port)) send_reply(*reply, d->port);
        }
        s->recycle(std::move(*d));
    }
}

void DhcpServer::send_reply(const dhcp::Repr& reply, uint32_t port)
{
    transport::UdpSocket* s = SocketTable::of(m_node).udp(m_socket);
    if (!s) return;
    Bytes bytes(dhcp::buffer_len(reply));
    dhcp::emit(reply, MutByteSpan(bytes));
    dhcp::ReplyTarget to = dhcp::reply_target(reply);
    // Unicast to a client's MAC without ARP needs a raw socket; like servers without one
    // (RFC 2131 §4.1 allows it) we broadcast instead. Our clients set the broadcast bit anyway.
    if (to.link == dhcp::LinkDestination::ClientMac) to.ip = Ipv4Addr::broadcast();
    bool bcast = to.ip.is_broadcast();
    if (bcast) s->set_interface(port); // out of the interface the request came in on
    (void)s->send_to(bytes, Endpoint{wire::IpAddr(to.ip), to.port});
    if (bcast) s->set_interface(std::nullopt);
}

// ===================================================================================== [SECTION]
// lease table

std::vector<DhcpLease> DhcpServer::leases() const
{
    std::vector<DhcpLease> out = m_leases;
    for (DhcpLease& l : out)
        if ((l.state == DhcpLeaseState::Bound || l.state == DhcpLeaseState::Offered) &&
            !is_current(l))
            l.state = l.state == DhcpLeaseState::Bound ? DhcpLeaseState::Expired
                                                       : DhcpLeaseState::Released;
    return out;
}

bool DhcpServer::is_current(const DhcpLease& l) const
{
    bool holds = l.state == DhcpLeaseState::Offered || l.state == DhcpLeaseState::Bound ||
                 l.state == DhcpLeaseState::Declined;
    return holds && l.ends > m_node.network().now();
}

bool DhcpServer::is_client(const DhcpLease& l, const dhcp::Repr& msg) const
{
    // RFC 2131 §4.2: the client identifier if the client gave one, else chaddr.
    if (!msg.client_id.empty() && !l.client_id.empty()) return l.client_id == msg.client_id;
    return l.mac == msg.chaddr;
}

DhcpLease* DhcpServer::lease_at(Ipv4Addr addr)
{
    auto it = std::lower_bound(m_leases.begin(), m_leases.end(), addr,
                               [](const DhcpLease& l, const Ipv4Addr& a) { return l.addr < a; });
    return it != m_leases.end() && it->addr == addr ? &*it : nullptr;
}

DhcpLease* DhcpServer::lease_of(const dhcp::Repr& msg, const DhcpPool& pool)
{
    for (DhcpLease& l : m_leases)
        if (is_client(l, msg) && pool.subnet.contains(l.addr) &&
            l.state != DhcpLeaseState::Declined)
            return &l;
    return nullptr;
}

const DhcpReservation* DhcpServer::reservation_for(const wire::MacAddr& mac,
                                                   const DhcpPool& pool) const
{
    for (const DhcpReservation& r : m_config.reservations)
        if (r.mac == mac && pool.subnet.contains(r.addr)) return &r;
    return nullptr;
}

bool DhcpServer::is_free_for(Ipv4Addr addr, const dhcp::Repr& msg) const
{
    if (m_node.is_local(wire::IpAddr(addr))) return false;
    for (const DhcpReservation& r : m_config.reservations)
        if (r.addr == addr && r.mac != msg.chaddr) return false;
    auto it = std::lower_bound(m_leases.begin(), m_leases.end(), addr,
                               [](const DhcpLease& l, const Ipv4Addr& a) { return l.addr < a; });
    if (it == m_leases.end() || !(it->addr == addr) || !is_current(*it)) return true;
    return it->state != DhcpLeaseState::Declined && is_client(*it, msg);
}

std::optional<Ipv4Addr> DhcpServer::choose_address(const dhcp::Repr& msg, const DhcpPool& pool)
{
    // RFC 2131 §4.3.1: the client's reservation, else its current or previous binding, else the
    // address it asks for if free, else a free one from the pool.
    if (const DhcpReservation* r = reservation_for(msg.chaddr, pool)) return r->addr;
    if (DhcpLease* l = lease_of(msg, pool); l && is_free_for(l->addr, msg)) return l->addr;
    auto in_range = [&](Ipv4Addr a) { return pool.first <= a && a <= pool.last; };
    if (msg.requested_ip && in_range(*msg.requested_ip) && is_free_for(*msg.requested_ip, msg))
        return *msg.requested_ip;
    // Addresses never handed out first (ISC dhcpd does the same), so a returning client can
    // usually get its old address back.
    std::optional<Ipv4Addr> reusable;
    for (uint64_t a = pool.first.to_u32(); a <= pool.last.to_u32(); ++a) {
        Ipv4Addr addr = Ipv4Addr::from_u32(uint32_t(a));
        if (!is_free_for(addr, msg)) continue;
        if (!lease_at(addr)) return addr;
        if (!reusable) reusable = addr;
    }
    return reusable;
}

DhcpLease& DhcpServer::take(Ipv4Addr addr, const dhcp::Repr& msg)
{
    DhcpLease* l = lease_at(addr);
    if (!l) {
        auto it =
            std::lower_bound(m_leases.begin(), m_leases.end(), addr,
                             [](const DhcpLease& x, const Ipv4Addr& a) { return x.addr < a; });
        it = m_leases.insert(it, DhcpLease{});
        it->addr = addr;
        l = &*it;
    }
    // One binding per client and subnet: a client moving to another address frees the old one.
    for (DhcpLease& other : m_leases)
        if (&other != l && is_client(other, msg) && other.state != DhcpLeaseState::Declined &&
            is_current(other))
            other.state = DhcpLeaseState::Released;
    l->mac = msg.chaddr;
    l->client_id = msg.client_id;
    if (!msg.host_name.empty()) l->host_name = msg.host_name;
    return *l;
}

// ===================================================================================== [SECTION]
// messages

const DhcpPool* DhcpServer::pool_for(const dhcp::Repr& msg, uint32_t port) const
{
    for (const DhcpPool& p : m_config.pools) {
        if (!msg.giaddr.is_unspecified()) {
            if (p.subnet.contains(msg.giaddr)) return &p;
            continue;
        }
        // A client RENEWING by unicast may be several routers away: its address tells.
        if (!msg.ciaddr.is_unspecified() && p.subnet.contains(msg.ciaddr)) return &p;
        if (port >= m_node.ports().size()) continue;
        for (const wire::Ipv4Prefix& a : m_node.iface(port).ipv4)
            if (p.subnet.contains(a.addr)) return &p;
    }
    return nullptr;
}

std::optional<Ipv4Addr> DhcpServer::server_id_for(const dhcp::Repr& msg, uint32_t port) const
{
    // Option 54 is the address the client (or relay) can reach us at.
    if (!msg.giaddr.is_unspecified()) {
        auto src = m_node.source_for(wire::IpAddr(msg.giaddr));
        if (src && src->is_v4()) return src->v4();
        return std::nullopt;
    }
    if (port >= m_node.ports().size() || m_node.iface(port).ipv4.empty()) return std::nullopt;
    if (!msg.ciaddr.is_unspecified()) {
        auto src = m_node.source_for(wire::IpAddr(msg.ciaddr));
        if (src && src->is_v4()) return src->v4();
    }
    return m_node.iface(port).ipv4.front().addr;
}

std::optional<dhcp::Repr> DhcpServer::handle(const dhcp::Repr& msg, uint32_t port)
{
    if (!msg.message_type) return std::nullopt; // plain BOOTP: not served
    std::string via = !msg.giaddr.is_unspecified()   ? msg.giaddr.to_string()
                      : port < m_node.ports().size() ? m_node.port(port).name
                                                     : "?";
    const DhcpPool* pool = pool_for(msg, port);
    auto sid = server_id_for(msg, port);
    if (!pool || !sid) {
        note(std::string(dhcp::to_string(*msg.message_type)) + " from " + msg.chaddr.to_string() +
             " via " + via + ": unknown network segment");
        return std::nullopt;
    }
    switch (*msg.message_type) {
    case MessageType::Discover: return on_discover(msg, *pool, *sid, via);
    case MessageType::Request: return on_request(msg, *pool, *sid, via);
    case MessageType::Decline: on_decline(msg, via); return std::nullopt;
    case MessageType::Release: on_release(msg, via); return std::nullopt;
    case MessageType::Inform: return on_inform(msg, *pool, *sid);
    default: return std::nullopt; // server messages, or types we do not serve
    }
}

std::optional<dhcp::Repr> DhcpServer::on_discover(const dhcp::Repr& msg, const DhcpPool& pool,
                                                  Ipv4Addr sid, const std::string& via)
{
    std::string from = msg.chaddr.to_string() + " via " + via;
    note("DHCPDISCOVER from " + from);
    auto addr = choose_address(msg, pool);
    if (!addr) {
        note("DHCPDISCOVER from " + from + ": network " + pool.subnet.to_string() +
             ": no free leases");
        return std::nullopt;
    }
    DhcpLease& l = take(*addr, msg);
    if (l.state != DhcpLeaseState::Bound || !is_current(l)) {
        l.state = DhcpLeaseState::Offered;
        l.starts = m_node.network().now();
        l.ends = l.starts + m_config.offer_hold;
    }
    dhcp::Repr r = dhcp::reply_to(msg, MessageType::Offer);
    r.yiaddr = *addr;
    r.server_id = sid;
    add_options(r, pool, true);
    note("DHCPOFFER on " + addr->to_string() + " to " + from);
    return r;
}

std::optional<dhcp::Repr> DhcpServer::on_request(const dhcp::Repr& msg, const DhcpPool& pool,
                                                 Ipv4Addr sid, const std::string& via)
{
    // RFC 2131 §4.3.2 tells the client's state from the fields it set.
    std::optional<Ipv4Addr> wanted = msg.requested_ip;
    if (!wanted && !msg.ciaddr.is_unspecified()) wanted = msg.ciaddr; // RENEWING / REBINDING
    std::string from = msg.chaddr.to_string() + " via " + via;
    note("DHCPREQUEST for " + (wanted ? wanted->to_string() : std::string("?")) +
         (msg.server_id ? " (" + msg.server_id->to_string() + ")" : std::string()) + " from " +
         from);
    if (msg.server_id && !(*msg.server_id == sid)) {
        // SELECTING, and the client chose another server's offer: withdraw ours.
        if (DhcpLease* l = lease_of(msg, pool); l && l->state == DhcpLeaseState::Offered) {
            l->state = DhcpLeaseState::Released;
            l->ends = m_node.network().now();
        }
        return std::nullopt;
    }
    if (!wanted) return std::nullopt;
    if (!pool.subnet.contains(*wanted)) return nak(msg, sid, "wrong network", from);
    DhcpLease* l = lease_at(*wanted);
    bool ours = l && is_client(*l, msg) && l->state != DhcpLeaseState::Declined;
    if (ours && is_free_for(*wanted, msg)) return ack(msg, pool, sid, *l);
    if (!l && !msg.server_id && msg.ciaddr.is_unspecified()) {
        // INIT-REBOOT for an address we have no record of: RFC 2131 §4.3.2 says stay silent,
        // another server may know the client.
        return std::nullopt;
    }
    if (l && !is_client(*l, msg) && msg.server_id == std::nullopt && is_free_for(*wanted, msg)) {
        // The address was someone else's but is free now; a renewing client may keep it.
        return ack(msg, pool, sid, take(*wanted, msg));
    }
    return nak(msg, sid, "requested address not available", from);
}

void DhcpServer::on_decline(const dhcp::Repr& msg, const std::string& via)
{
    if (!msg.requested_ip) return;
    DhcpLease* l = lease_at(*msg.requested_ip);
    if (!l || !is_client(*l, msg)) return;
    // RFC 2131 §4.3.3: the address is in use by someone else; mark it and do not offer it.
    l->state = DhcpLeaseState::Declined;
    l->starts = m_node.network().now();
    l->ends = l->starts + m_config.decline_hold;
    note("DHCPDECLINE of " + l->addr.to_string() + " from " + msg.chaddr.to_string() + " via " +
         via + ": abandoned");
}

void DhcpServer::on_release(const dhcp::Repr& msg, const std::string& via)
{
    DhcpLease* l = lease_at(msg.ciaddr);
    bool found = l && is_client(*l, msg) && l->state == DhcpLeaseState::Bound;
    if (found) {
        l->state = DhcpLeaseState::Released;
        l->ends = m_node.network().now();
    }
    note("DHCPRELEASE of " + msg.ciaddr.to_string() + " from " + msg.chaddr.to_string() + " via " +
         via + (found ? " (found)" : " (not found)"));
}

std::optional<dhcp::Repr> DhcpServer::on_inform(const dhcp::Repr& msg, const DhcpPool& pool,
                                                Ipv4Addr sid)
{
    // RFC 2131 §4.3.5: configuration only, no address and no lease time; sent to ciaddr.
    dhcp::Repr r = dhcp::reply_to(msg, MessageType::Ack);
    r.ciaddr = msg.ciaddr;
    r.server_id = sid;
    add_options(r, pool, false);
    return r;
}

// ===================================================================================== [SECTION]
// replies

void DhcpServer::add_options(dhcp::Repr& r, const DhcpPool& pool, bool with_lease) const
{
    if (with_lease) {
        r.lease_time = pool.lease_seconds;
        // RFC 2131 §4.4.5 defaults: T1 = 0.5 and T2 = 0.875 of the lease.
        r.renewal_time = pool.lease_seconds / 2;
        r.rebinding_time = uint32_t(uint64_t(pool.lease_seconds) * 7 / 8);
    }
    r.subnet_mask = pool.subnet.netmask();
    r.routers = pool.routers;
    r.dns_servers = pool.dns;
    r.domain_name = pool.domain;
}

dhcp::Repr DhcpServer::ack(const dhcp::Repr& msg, const DhcpPool& pool, Ipv4Addr sid,
                           DhcpLease& lease)
{
    take(lease.addr, msg);
    lease.state = DhcpLeaseState::Bound;
    lease.starts = m_node.network().now();
    lease.ends = lease.starts + SimTime::from_s(pool.lease_seconds);
    dhcp::Repr r = dhcp::reply_to(msg, MessageType::Ack);
    r.yiaddr = lease.addr;
    r.server_id = sid;
    add_options(r, pool, true);
    note("DHCPACK on " + lease.addr.to_string() + " to " + msg.chaddr.to_string());
    return r;
}

dhcp::Repr DhcpServer::nak(const dhcp::Repr& msg, Ipv4Addr sid, const std::string& why,
                           const std::string& from)
{
    dhcp::Repr r = dhcp::reply_to(msg, MessageType::Nak);
    r.server_id = sid;
    r.message = why;
    note("DHCPNAK on " +
         (msg.requested_ip ? msg.requested_ip->to_string() : msg.ciaddr.to_string()) + " to " +
         from + " (" + why + ")");
    return r;
}

} // namespace wirelab::app
