// [SECTION] index: service · timers · messages in · messages out · lease configuration
#include "core/services/dhcp/dhcp_client.h"

#include "core/host/dns_stub.h"
#include "core/net/network.h"
#include "core/transport/socket_table.h"

#include <algorithm>

namespace wirelab::app {

namespace dhcp = wire::dhcp;
using dhcp::MessageType;
using transport::Endpoint;
using transport::SocketTable;
using wire::Ipv4Addr;

const char* to_string(DhcpState s)
{
    switch (s) {
    case DhcpState::Stopped: return "STOPPED";
    case DhcpState::Init: return "INIT";
    case DhcpState::Selecting: return "SELECTING";
    case DhcpState::Requesting: return "REQUESTING";
    case DhcpState::Bound: return "BOUND";
    case DhcpState::Renewing: return "RENEWING";
    case DhcpState::Rebinding: return "REBINDING";
    }
    return "?";
}

// ===================================================================================== [SECTION]
// service

DhcpClient& DhcpClient::of(net::IpNode& node)
{
    ServiceSet& set = ServiceSet::of(node);
    if (DhcpClient* c = set.find_service<DhcpClient>()) return *c;
    return set.add<DhcpClient>();
}

const DhcpClient* DhcpClient::find(const net::IpNode& node)
{
    const ServiceSet* set = ServiceSet::find(node);
    if (!set) return nullptr;
    for (const auto& s : set->all())
        if (auto* c = dynamic_cast<const DhcpClient*>(s.get())) return c;
    return nullptr;
}

DhcpClient::DhcpClient(net::IpNode& node)
    : Service(node), m_rng(node.network().rng_stream("node:" + node.name() + ":dhcp"))
{}

DhcpClient::~DhcpClient()
{
    for (auto& [port, m] : m_machines) m_node.network().scheduler().cancel(m.timer);
    if (m_socket.is_valid()) SocketTable::of(m_node).close(m_socket);
}

void DhcpClient::start()
{
    m_started = true;
    m_socket = open_udp_server(
        m_node, "dhclient", Endpoint::any_v4(dhcp::kClientPort),
        [this](transport::SocketEvents) { on_readable(); }, true);
    if (!m_socket.is_valid()) {
        note("dhclient: cannot bind UDP port 68: it is in use");
        return;
    }
    // RFC 2131 §4.4.1 asks for a random wait before the first DISCOVER so that clients booting
    // together do not answer in lockstep; a short one keeps labs quick.
    for (auto& [port, m] : m_machines)
        if (m.state == DhcpState::Init) begin_init(port, SimTime::from_us(m_rng.below(100000)));
}

std::string DhcpClient::status() const
{
    std::string s = "dhclient:";
    for (const auto& [port, m] : m_machines) {
        s += " " + iface_name(port) + " " + to_string(m.state);
        if (m.lease) s += " " + m.lease->addr.to_string();
    }
    return s;
}

std::string DhcpClient::iface_name(uint32_t port) const
{
    return port < m_node.ports().size() ? m_node.port(port).name : "?";
}

void DhcpClient::note(std::string line)
{
    net::TraceEvent ev{m_node.network().now(),
                       net::TraceKind::Info,
                       net::DropReason::None,
                       m_node.id(),
                       {},
                       0,
                       m_node.name() + ": dhclient: " + line};
    m_log.push_back(std::move(line));
    m_node.network().trace(ev);
}

void DhcpClient::enable(uint32_t port)
{
    WIRELAB_ASSERT(port < m_node.ports().size() && "DHCP on a port the node does not have");
    Machine& m = m_machines[port];
    if (m.state == DhcpState::Bound || m.state == DhcpState::Renewing ||
        m.state == DhcpState::Rebinding) {
        // Renew now (ipconfig /renew): a REQUEST to the server that gave the lease.
        m.xid = m_rng.next_u32();
        m.retries = 0;
        set_state(port, DhcpState::Renewing);
        send_renew_request(port, false);
        return;
    }
    if (m.state != DhcpState::Stopped && m.state != DhcpState::Init) return; // already acquiring
    m.state = DhcpState::Init;
    if (m_started) begin_init(port, SimTime::zero());
}

void DhcpClient::release(uint32_t port)
{
    auto it = m_machines.find(port);
    if (it == m_machines.end()) return;
    Machine& m = it->second;
    m_node.network().scheduler().cancel(m.timer);
    if (m.lease && m.state != DhcpState::Init) {
        // RFC 2131 §4.4.6: DHCPRELEASE, unicast to the server, ciaddr = the address given up.
        dhcp::Repr r = base_message(port, MessageType::Release);
        r.ciaddr = m.lease->addr.addr;
        r.server_id = m.lease->server;
        r.broadcast = false;
        r.parameter_request_list.clear();
        r.host_name.clear();
        note("DHCPRELEASE of " + m.lease->addr.addr.to_string() + " on " + iface_name(port) +
             " to " + m.lease->server.to_string() + " port 67");
        send(port, r, m.lease->server);
        unconfigure(port);
    }
    m.lease.reset();
    set_state(port, DhcpState::Stopped);
}

DhcpState DhcpClient::state(uint32_t port) const
{
    auto it = m_machines.find(port);
    return it == m_machines.end() ? DhcpState::Stopped : it->second.state;
}

const DhcpClientLease* DhcpClient::lease(uint32_t port) const
{
    auto it = m_machines.find(port);
    return it == m_machines.end() || !it->second.lease ? nullptr : &*it->second.lease;
}

std::vector<uint32_t> DhcpClient::ports() const
{
    std::vector<uint32_t> out;
    for (const auto& [port, m] : m_machines) out.push_back(port);
    return out;
}

uint32_t DhcpClient::add_listener(Listener l)
{
    m_listeners[m_next_token] = std::move(l);
    return m_next_token++;
}

void DhcpClient::remove_listener(uint32_t token)
{
    m_listeners.erase(token);
}

void DhcpClient::set_state(uint32_t port, DhcpState s)
{
    m_machines[port].state = s;
    // Copy first: a listener may remove itself (a command that got its lease and exits).
    std::vector<Listener> ls;
    for (auto& [token, l] : m_listeners) ls.push_back(l);
    for (Listener& l : ls) l(port, s);
}

// ===================================================================================== [SECTION]
// timers

void DhcpClient::arm(uint32_t port, SimTime delay)
{
    Machine& m = m_machines[port];
    m_node.network().scheduler().cancel(m.timer);
    DhcpClient* self = this; // one timer per port, cancelled here and in ~DhcpClient
    m.timer =
        m_node.network().scheduler().schedule_in(delay, [self, port] { self->on_timer(port); });
}

SimTime DhcpClient::backoff(uint32_t retries)
{
    int64_t base = int64_t(4) << std::min<uint32_t>(retries, 4); // 4, 8, 16, 32, 64 s
    int64_t jitter_ms = int64_t(m_rng.below(2001)) - 1000;       // -1 s .. +1 s
    return SimTime::from_ms(base * 1000 + jitter_ms);
}

void DhcpClient::on_timer(uint32_t port)
{
    Machine& m = m_machines[port];
    SimTime now = m_node.network().now();
    switch (m.state) {
    case DhcpState::Init:
    case DhcpState::Selecting: send_discover(port); return;
    case DhcpState::Requesting:
        // RFC 2131 §4.4.1: retransmit the REQUEST a few times, then start over.
        if (m.retries >= 4) {
            note("No DHCPACK received for " + m.offered.to_string() + "; starting over");
            begin_init(port, SimTime::zero());
        } else {
            send_select_request(port);
        }
        return;
    case DhcpState::Bound:
        m.xid = m_rng.next_u32();
        m.retries = 0;
        set_state(port, DhcpState::Renewing);
        send_renew_request(port, false);
        return;
    case DhcpState::Renewing:
        if (now >= m.lease->t2) {
            set_state(port, DhcpState::Rebinding);
            send_renew_request(port, true);
        } else {
            send_renew_request(port, false);
        }
        return;
    case DhcpState::Rebinding:
        if (now >= m.lease->expires)
            expire(port);
        else
            send_renew_request(port, true);
        return;
    case DhcpState::Stopped: return;
    }
}

void DhcpClient::begin_init(uint32_t port, SimTime delay)
{
    Machine& m = m_machines[port];
    m.xid = m_rng.next_u32();
    m.retries = 0;
    m.began = m_node.network().now() + delay;
    set_state(port, DhcpState::Init);
    arm(port, delay);
}

void DhcpClient::expire(uint32_t port)
{
    Machine& m = m_machines[port];
    note("lease of " + m.lease->addr.addr.to_string() + " on " + iface_name(port) +
         " expired; no answer from any DHCP server");
    unconfigure(port);
    m.lease.reset();
    begin_init(port, SimTime::zero());
}

// ===================================================================================== [SECTION]
// messages in

void DhcpClient::on_readable()
{
    transport::UdpSocket* s = SocketTable::of(m_node).udp(m_socket);
    if (!s) return;
    while (true) {
        auto d = s->recv();
        if (!d) return;
        auto msg = dhcp::parse(d->data);
        if (msg && msg->op == dhcp::Op::Reply && msg->message_type) {
            auto it = m_machines.find(d->port);
            // Replies for other clients on the same link (broadcast) or old transactions are
            // told apart by xid and chaddr.
            if (it != m_machines.end() && msg->xid == it->second.xid &&
                msg->chaddr == m_node.port(d->port).mac)
                on_reply(d->port, *msg);
        }
        s->recycle(std::move(*d));
    }
}

void DhcpClient::on_reply(uint32_t port, const dhcp::Repr& msg)
{
    Machine& m = m_machines[port];
    MessageType type = *msg.message_type;
    std::string from = msg.server_id ? msg.server_id->to_string() : std::string("?");
    if (type == MessageType::Offer && m.state == DhcpState::Selecting) {
        if (!msg.server_id || msg.yiaddr.is_unspecified()) return;
        // The first offer wins (RFC 2131 §4.4.1 lets a client wait for more; real ones do not).
        note("DHCPOFFER of " + msg.yiaddr.to_string() + " from " + from);
        m.offered = msg.yiaddr;
        m.offer_server = *msg.server_id;
        m.retries = 0;
        set_state(port, DhcpState::Requesting);
        send_select_request(port);
        return;
    }
    bool waiting = m.state == DhcpState::Requesting || m.state == DhcpState::Renewing ||
                   m.state == DhcpState::Rebinding;
    if (!waiting) return;
    if (type == MessageType::Ack && !msg.yiaddr.is_unspecified()) {
        note("DHCPACK of " + msg.yiaddr.to_string() + " from " + from);
        bind(port, msg);
    } else if (type == MessageType::Nak) {
        note("DHCPNAK from " + from + (msg.message.empty() ? "" : " (" + msg.message + ")"));
        if (m.lease) unconfigure(port);
        m.lease.reset();
        begin_init(port, SimTime::zero());
    }
}

// ===================================================================================== [SECTION]
// messages out

dhcp::Repr DhcpClient::base_message(uint32_t port, MessageType type) const
{
    const Machine& m = m_machines.at(port);
    dhcp::Repr r;
    r.op = dhcp::Op::Request;
    r.xid = m.xid;
    int64_t secs = (m_node.network().now() - m.began).ns() / 1000000000;
    r.secs = uint16_t(std::clamp<int64_t>(secs, 0, 65535));
    // We cannot receive unicast before the address is configured (no raw sockets), so we ask
    // for broadcast replies, as Windows clients do.
    r.broadcast = true;
    r.chaddr = m_node.port(port).mac;
    r.message_type = type;
    r.client_id = dhcp::client_id_for(r.chaddr);
    r.host_name = m_node.name();
    using C = dhcp::OptionCode;
    for (C c : {C::SubnetMask, C::Router, C::DnsServer, C::DomainName, C::LeaseTime, C::RenewalTime,
                C::RebindingTime})
        r.parameter_request_list.push_back(uint8_t(c));
    return r;
}

void DhcpClient::send(uint32_t port, const dhcp::Repr& msg, Ipv4Addr to)
{
    transport::UdpSocket* s = SocketTable::of(m_node).udp(m_socket);
    if (!s) return;
    Bytes bytes(dhcp::buffer_len(msg));
    dhcp::emit(msg, MutByteSpan(bytes));
    bool bcast = to.is_broadcast();
    if (bcast) s->set_interface(port); // SO_BINDTODEVICE: out of this interface, from 0.0.0.0
    (void)s->send_to(bytes, Endpoint{wire::IpAddr(to), dhcp::kServerPort});
    if (bcast) s->set_interface(std::nullopt);
}

void DhcpClient::send_discover(uint32_t port)
{
    Machine& m = m_machines[port];
    if (m.state == DhcpState::Init) set_state(port, DhcpState::Selecting);
    dhcp::Repr r = base_message(port, MessageType::Discover);
    if (m.previous) r.requested_ip = *m.previous; // RFC 2131 §4.4.1: ask for the old address
    SimTime wait = backoff(m.retries++);
    note("DHCPDISCOVER on " + iface_name(port) + " to 255.255.255.255 port 67 interval " +
         std::to_string((wait.ns() + 500000000) / 1000000000));
    send(port, r, Ipv4Addr::broadcast());
    arm(port, wait);
}

void DhcpClient::send_select_request(uint32_t port)
{
    Machine& m = m_machines[port];
    dhcp::Repr r = base_message(port, MessageType::Request);
    r.requested_ip = m.offered;
    r.server_id = m.offer_server;
    note("DHCPREQUEST for " + m.offered.to_string() + " on " + iface_name(port) +
         " to 255.255.255.255 port 67");
    send(port, r, Ipv4Addr::broadcast());
    arm(port, backoff(m.retries++));
}

void DhcpClient::send_renew_request(uint32_t port, bool broadcast)
{
    Machine& m = m_machines[port];
    WIRELAB_ASSERT(m.lease && "renewing without a lease");
    // RFC 2131 §4.3.2: RENEWING and REBINDING fill ciaddr and leave out options 50 and 54.
    dhcp::Repr r = base_message(port, MessageType::Request);
    r.ciaddr = m.lease->addr.addr;
    r.broadcast = false; // we have an address: the server answers to ciaddr
    Ipv4Addr to = broadcast ? Ipv4Addr::broadcast() : m.lease->server;
    note("DHCPREQUEST for " + r.ciaddr.to_string() + " on " + iface_name(port) + " to " +
         to.to_string() + " port 67");
    send(port, r, to);
    // §4.4.5: wait half the time left before T2 (RENEWING) or expiry (REBINDING), at least 60 s,
    // but never past that deadline.
    SimTime now = m_node.network().now();
    SimTime deadline = broadcast ? m.lease->expires : m.lease->t2;
    SimTime left = deadline > now ? deadline - now : SimTime::zero();
    SimTime half = SimTime::from_ns(left.ns() / 2);
    arm(port, std::min(std::max(half, SimTime::from_s(60)), left));
}

// ===================================================================================== [SECTION]
// lease configuration

void DhcpClient::bind(uint32_t port, const dhcp::Repr& ack)
{
    Machine& m = m_machines[port];
    m_node.network().scheduler().cancel(m.timer);
    DhcpClientLease l;
    Ipv4Addr mask = ack.subnet_mask.value_or(Ipv4Addr{{255, 255, 255, 0}});
    auto prefix = wire::Ipv4Prefix::from_netmask(ack.yiaddr, mask);
    l.addr = prefix ? *prefix : wire::Ipv4Prefix{ack.yiaddr, 24};
    if (!ack.routers.empty()) l.router = ack.routers.front();
    l.dns = ack.dns_servers;
    l.domain = ack.domain_name;
    l.server = ack.server_id.value_or(m.lease ? m.lease->server : m.offer_server);
    l.lease_seconds = ack.lease_time.value_or(3600);
    SimTime now = m_node.network().now();
    l.obtained = now;
    if (l.lease_seconds == 0xffffffffu) {
        l.t1 = l.t2 = l.expires = SimTime::max();
    } else {
        uint32_t t1 = ack.renewal_time.value_or(l.lease_seconds / 2);
        uint32_t t2 = ack.rebinding_time.value_or(uint32_t(uint64_t(l.lease_seconds) * 7 / 8));
        l.t1 = now + SimTime::from_s(t1);
        l.t2 = now + SimTime::from_s(t2);
        l.expires = now + SimTime::from_s(l.lease_seconds);
    }
    if (m.lease && !(m.lease->addr == l.addr)) unconfigure(port);
    configure(port, l);
    m.lease = l;
    m.previous = l.addr.addr;
    if (l.t1 != SimTime::max()) {
        note("bound to " + l.addr.addr.to_string() + " -- renewal in " +
             std::to_string((l.t1 - now).ns() / 1000000000) + " seconds.");
        arm(port, l.t1 - now);
    } else {
        note("bound to " + l.addr.addr.to_string() + " -- infinite lease.");
    }
    set_state(port, DhcpState::Bound); // last: a listener may act on the new lease at once
}

void DhcpClient::configure(uint32_t port, const DhcpClientLease& l)
{
    const auto& have = m_node.iface(port).ipv4;
    if (std::find(have.begin(), have.end(), l.addr) == have.end()) m_node.add_address(port, l.addr);
    m_node.routes().remove_where(net::RouteOrigin::Dhcp, port);
    if (l.router)
        m_node.add_route(net::Route{wire::IpPrefix(wire::Ipv4Prefix{}), wire::IpAddr(*l.router),
                                    port, 0, net::RouteOrigin::Dhcp});
    std::vector<wire::IpAddr> servers(l.dns.begin(), l.dns.end());
    DnsStub::of(m_node).set_dhcp(port, std::move(servers), l.domain);
}

void DhcpClient::unconfigure(uint32_t port)
{
    const Machine& m = m_machines[port];
    if (!m.lease) return;
    m_node.remove_address(port, m.lease->addr);
    m_node.routes().remove_where(net::RouteOrigin::Dhcp, port);
    DnsStub::of(m_node).clear_dhcp(port);
}

// ===================================================================================== [SECTION]
// ipconfig /all

std::string ipconfig_all_lines(const net::IpNode& node, uint32_t port)
{
    const DhcpClient* c = DhcpClient::find(node);
    bool dhcp = c && c->state(port) != DhcpState::Stopped;
    std::string s =
        std::string("   DHCP Enabled. . . . . . . . . . . : ") + (dhcp ? "Yes" : "No") + "\n";
    if (const DhcpClientLease* l = c ? c->lease(port) : nullptr) {
        // Windows prints calendar dates; the simulation has only its own clock.
        s += "   Lease Obtained. . . . . . . . . . : " + l->obtained.to_string() +
             " (simulated time)\n";
        s += "   Lease Expires . . . . . . . . . . : " +
             (l->expires == SimTime::max() ? std::string("never")
                                           : l->expires.to_string() + " (simulated time)") +
             "\n";
        s += "   DHCP Server . . . . . . . . . . . : " + l->server.to_string() + "\n";
    }
    if (const DnsStub* stub = DnsStub::find(node)) {
        std::vector<wire::IpAddr> servers = stub->servers();
        for (size_t i = 0; i < servers.size(); ++i)
            s += (i ? "                                       "
                    : "   DNS Servers . . . . . . . . . . . : ") +
                 servers[i].to_string() + "\n";
        std::vector<std::string> search = stub->search();
        if (!search.empty()) s += "   Connection-specific DNS Suffix  . : " + search.front() + "\n";
    }
    return s;
}

} // namespace wirelab::app
