// IpNode: configuration, frame input, and the neighbour cache shared by ARP and NDP.
// IPv4 lives in ip_node_v4.cpp, IPv6 in ip_node_v6.cpp.
#include "core/net/ip_node.h"

#include "core/base/hash.h"
#include "core/net/network.h"
#include "core/wire/arp.h"
#include "core/wire/ethernet.h"
#include "core/wire/icmpv6.h"

#include <algorithm>

namespace wirelab::net {

using namespace wire;

// Linux defaults: 3 solicitations (mcast_solicit) one second apart (retrans_time), at most a
// few packets held per unresolved neighbour, entries considered reachable for 30 s.
constexpr int kMaxProbes = 3;
constexpr SimTime kRetransTime = SimTime::from_s(1);
constexpr size_t kMaxPending = 100; // Linux: unres_qlen_bytes 212992, about 100 packets
constexpr SimTime kReachableTime = SimTime::from_s(30);
// After this long without confirmation an entry is re-resolved before use.
constexpr SimTime kStaleTime = SimTime::from_s(60);

const char* to_string(SendStatus s)
{
    switch (s) {
    case SendStatus::Sent: return "sent";
    case SendStatus::Queued: return "queued";
    case SendStatus::NoRoute: return "Network is unreachable";
    case SendStatus::NoSourceAddress: return "Cannot assign requested address";
    case SendStatus::TooBig: return "Message too long";
    case SendStatus::InterfaceDown: return "Network is down";
    }
    return "?";
}

size_t IpNode::NeighKeyHash::operator()(const NeighKey& k) const
{
    uint64_t h = kFnv1a64Offset ^ k.port;
    if (k.ip.is_v4())
        h = fnv1a64(k.ip.v4().bytes.data(), 4, h);
    else
        h = fnv1a64(k.ip.v6().bytes.data(), 16, h);
    return size_t(h);
}

IpNode::IpNode(Network& net, NodeId id, std::string name, DeviceKind kind)
    : Node(net, id, std::move(name), kind)
{}

IpNode::~IpNode() = default;

void IpNode::drop(DropReason reason, std::string text)
{
    m_net.drop_packet(id(), reason, std::move(text));
}

uint32_t IpNode::add_interface(std::string name)
{
    uint32_t p = add_port(std::move(name));
    m_ifaces.resize(p + 1);
    m_ifaces[p].link_local = {Ipv6Addr::link_local_from_mac(port(p).mac), 64};
    m_ifaces[p].slaac = kind() == DeviceKind::Host;
    insert_sorted(m_local6, m_ifaces[p].link_local.addr);
    return p;
}

void IpNode::add_address(uint32_t p, const Ipv4Prefix& prefix)
{
    m_ifaces[p].ipv4.push_back(prefix);
    insert_sorted(m_local4, prefix.addr);
    m_routes.add({IpPrefix(prefix.canonical()), std::nullopt, p, 0, RouteOrigin::Connected});
}

void IpNode::add_address(uint32_t p, const Ipv6Prefix& prefix)
{
    m_ifaces[p].ipv6.push_back(prefix);
    insert_sorted(m_local6, prefix.addr);
    m_routes.add({IpPrefix(prefix.canonical()), std::nullopt, p, 256, RouteOrigin::Connected});
}

void IpNode::clear_addresses(uint32_t p)
{
    m_ifaces[p].ipv4.clear();
    m_ifaces[p].ipv6.clear();
    rebuild_local_addresses();
    m_routes.remove_where(RouteOrigin::Connected, p);
}

bool IpNode::remove_address(uint32_t p, const Ipv4Prefix& prefix)
{
    auto& list = m_ifaces[p].ipv4;
    auto it = std::find(list.begin(), list.end(), prefix);
    if (it == list.end()) return false;
    list.erase(it);
    rebuild_local_addresses();
    bool shared = std::any_of(list.begin(), list.end(), [&](const Ipv4Prefix& o) {
        return o.canonical() == prefix.canonical();
    });
    if (!shared) {
        Route connected{IpPrefix(prefix.canonical()), std::nullopt, p, 0, RouteOrigin::Connected};
        std::vector<Route> keep;
        for (const Route& r : m_routes.routes())
            if (r.prefix == connected.prefix && !(r == connected)) keep.push_back(r);
        m_routes.remove(connected.prefix);
        for (const Route& r : keep) m_routes.add(r);
    }
    return true;
}

bool IpNode::is_local(const IpAddr& a) const
{
    return a.is_v4() ? is_local_v4(a.v4()) : is_local_v6(a.v6());
}

// Adding one address keeps the list sorted without a full rebuild: building a router with a
// thousand interfaces stays linear per address instead of a sort of everything each time.
template <class A>
void IpNode::insert_sorted(std::vector<A>& v, const A& a)
{
    v.insert(std::upper_bound(v.begin(), v.end(), a), a);
}

void IpNode::rebuild_local_addresses()
{
    m_local4.clear();
    m_local6.clear();
    for (const IpInterface& i : m_ifaces) {
        for (const Ipv4Prefix& p : i.ipv4) m_local4.push_back(p.addr);
        for (const Ipv6Prefix& p : i.ipv6) m_local6.push_back(p.addr);
        m_local6.push_back(i.link_local.addr);
    }
    std::sort(m_local4.begin(), m_local4.end());
    std::sort(m_local6.begin(), m_local6.end());
}

bool IpNode::is_local_v4(const Ipv4Addr& a) const
{
    return a.is_loopback() || std::binary_search(m_local4.begin(), m_local4.end(), a);
}

bool IpNode::is_local_v6(const Ipv6Addr& a) const
{
    return a.is_loopback() || std::binary_search(m_local6.begin(), m_local6.end(), a);
}

SendStatus IpNode::send_ip(const IpAddr& dst, IpProtocol proto, size_t len, const PayloadFill& fill,
                           const SendOptions& opt)
{
    return dst.is_v4() ? send_ip4(dst.v4(), proto, len, fill, opt)
                       : send_ip6(dst.v6(), proto, len, fill, opt);
}

void IpNode::set_l4_handler(IpProtocol proto, L4Handler h)
{
    m_l4[proto] = std::move(h);
}

uint32_t IpNode::add_echo_listener(EchoListener l)
{
    uint32_t t = m_next_token++;
    m_echo_listeners[t] = std::move(l);
    return t;
}

uint32_t IpNode::add_icmp_error_listener(IcmpErrorListener l)
{
    uint32_t t = m_next_token++;
    m_error_listeners[t] = std::move(l);
    return t;
}

void IpNode::remove_listener(uint32_t token)
{
    m_echo_listeners.erase(token);
    m_error_listeners.erase(token);
}

void IpNode::start()
{
    for (uint32_t p = 0; p < m_ifaces.size(); ++p) on_link_change(p);
    schedule_router_adverts();
    if (m_transport) m_transport->on_start();
    if (m_apps) m_apps->on_start();
}

void IpNode::on_link_change(uint32_t p)
{
    // A host that (re)gains a link asks for router advertisements (RFC 4861 §6.3.7).
    if (p < m_ifaces.size() && m_ifaces[p].slaac && port(p).link.is_valid() && m_net.is_started()) {
        NodeId self = id();
        Network* net = &m_net;
        // A small delay, as RFC 4861 asks (MAX_RTR_SOLICITATION_DELAY 1 s); deterministic here.
        m_net.scheduler().schedule_in(SimTime::from_ms(10 + 7 * p), [net, self, p] {
            static_cast<IpNode&>(net->node(self)).send_router_solicit(p);
        });
    }
}

// [SECTION] Frame input

void IpNode::on_frame(uint32_t p, Frame&& frame)
{
    auto eth = ethernet::parse(frame.bytes);
    if (!eth) {
        drop(DropReason::Malformed, name() + ": " + eth.error().message());
        m_net.frames().give(std::move(frame));
        return;
    }
    const MacAddr& dst = eth->repr.dst;
    // NICs pass up frames for their own address, broadcast and multicast; everything else a hub
    // repeated to us is filtered here silently, as a real NIC does (no promiscuous mode).
    if (dst != port(p).mac && !dst.is_multicast()) {
        m_net.frames().give(std::move(frame));
        return;
    }
    switch (eth->repr.ethertype) {
    case ethernet::EtherType::Arp:
        on_arp(p, eth->payload);
        m_net.frames().give(std::move(frame));
        return;
    case ethernet::EtherType::Ipv4: on_ipv4(p, std::move(frame), ethernet::kHeaderLen); return;
    case ethernet::EtherType::Ipv6: on_ipv6(p, std::move(frame), ethernet::kHeaderLen); return;
    }
    m_net.frames().give(std::move(frame));
}

void IpNode::on_arp(uint32_t p, ByteSpan payload)
{
    auto a = arp::parse(payload);
    if (!a) {
        drop(DropReason::Malformed, name() + ": " + a.error().message());
        return;
    }
    const arp::Repr& r = *a;
    bool for_us = false;
    for (const Ipv4Prefix& pre : m_ifaces[p].ipv4) for_us |= pre.addr == r.target_ip;
    // RFC 826: update an existing entry for the sender; create one only if the request is for
    // us (the "merge flag" logic).
    if (!r.sender_ip.is_unspecified())
        neighbor_confirmed(p, IpAddr(r.sender_ip), r.sender_mac, for_us);
    if (!for_us || r.operation != arp::Operation::Request) return;
    arp::Repr reply{arp::Operation::Reply, port(p).mac, r.target_ip, r.sender_mac, r.sender_ip};
    ethernet::Repr eth{r.sender_mac, port(p).mac, ethernet::EtherType::Arp};
    Frame f = m_net.frames().take(ethernet::buffer_len(eth, arp::kPacketLen));
    arp::emit(reply, MutByteSpan(f.bytes).subspan(ethernet::kHeaderLen, arp::kPacketLen));
    ethernet::emit(eth, MutByteSpan(f.bytes).subspan(ethernet::kHeaderLen, arp::kPacketLen),
                   f.bytes);
    m_net.transmit(id(), p, std::move(f));
}

// [SECTION] Neighbour cache (ARP and NDP)

// The entry last used on each port answers first: on a point-to-point port it is the only one,
// so the common case skips hashing. Entries are never erased, and unordered_map keeps element
// addresses across rehashing, so a hint never dangles.
IpNode::Neighbor* IpNode::find_neighbor(uint32_t p, const IpAddr& ip)
{
    if (p < m_neigh_hint.size() && m_neigh_hint[p] && m_neigh_hint[p]->ip == ip)
        return m_neigh_hint[p];
    auto it = m_neighbors.find(NeighKey{p, ip});
    if (it == m_neighbors.end()) return nullptr;
    if (p >= m_neigh_hint.size()) m_neigh_hint.resize(p + 1, nullptr);
    m_neigh_hint[p] = &it->second;
    return &it->second;
}

void IpNode::resolve_and_send(uint32_t p, const IpAddr& next_hop, Frame&& frame)
{
    MacAddr* dst = reinterpret_cast<MacAddr*>(frame.bytes.data()); // first 6 bytes
    static_assert(sizeof(MacAddr) == 6);
    std::copy(port(p).mac.bytes.begin(), port(p).mac.bytes.end(), frame.bytes.begin() + 6);
    if (next_hop.is_v4() && (next_hop.v4().is_broadcast() || is_broadcast_for(p, next_hop.v4()))) {
        *dst = MacAddr::broadcast();
        m_net.transmit(id(), p, std::move(frame));
        return;
    }
    if (next_hop.is_v4() && next_hop.v4().is_multicast()) {
        const auto& b = next_hop.v4().bytes; // RFC 1112 §6.4: 01:00:5e + low 23 bits
        *dst = MacAddr{{0x01, 0x00, 0x5e, uint8_t(b[1] & 0x7f), b[2], b[3]}};
        m_net.transmit(id(), p, std::move(frame));
        return;
    }
    if (next_hop.is_v6() && next_hop.v6().is_multicast()) {
        *dst = next_hop.v6().multicast_mac();
        m_net.transmit(id(), p, std::move(frame));
        return;
    }
    Neighbor* found = find_neighbor(p, next_hop);
    SimTime now = m_net.now();
    if (found && found->state == NeighState::Reachable && now - found->confirmed < kStaleTime) {
        *dst = found->mac;
        m_net.transmit(id(), p, std::move(frame));
        return;
    }
    if (!found) {
        found = &m_neighbors.emplace(NeighKey{p, next_hop}, Neighbor{}).first->second;
        found->ip = next_hop;
        found->port = p;
    }
    Neighbor& n = *found;
    if (n.state == NeighState::Reachable) {
        // Stale: keep using the old address while re-validating (Linux's STALE/DELAY/PROBE,
        // simplified to one unicast-free re-solicitation).
        *dst = n.mac;
        m_net.transmit(id(), p, std::move(frame));
        n.state = NeighState::Incomplete;
        n.probes = 0;
        solicit(n);
        return;
    }
    if (n.pending.size() >= kMaxPending) {
        m_net.frames().give(std::move(n.pending.front()));
        n.pending.pop_front();
    }
    n.pending.push_back(std::move(frame));
    if (n.state == NeighState::Failed || !m_net.scheduler().is_pending(n.timer)) {
        n.state = NeighState::Incomplete;
        n.probes = 0;
        solicit(n);
    }
}

void IpNode::solicit(Neighbor& n)
{
    ++n.probes;
    uint32_t p = n.port;
    if (n.ip.is_v4()) {
        auto src = primary_v4(p, n.ip.v4());
        arp::Repr req{arp::Operation::Request, port(p).mac, src.value_or(Ipv4Addr{}), MacAddr{},
                      n.ip.v4()};
        ethernet::Repr eth{MacAddr::broadcast(), port(p).mac, ethernet::EtherType::Arp};
        Frame f = m_net.frames().take(ethernet::buffer_len(eth, arp::kPacketLen));
        arp::emit(req, MutByteSpan(f.bytes).subspan(ethernet::kHeaderLen, arp::kPacketLen));
        ethernet::emit(eth, MutByteSpan(f.bytes).subspan(ethernet::kHeaderLen, arp::kPacketLen),
                       f.bytes);
        m_net.transmit(id(), p, std::move(f));
    } else {
        const Ipv6Addr target = n.ip.v6();
        auto src = primary_v6(p, target);
        icmpv6::Repr ns = icmpv6::NeighborSolicit{target, port(p).mac};
        size_t len = icmpv6::buffer_len(ns, 0);
        Ipv6Addr dst = target.solicited_node();
        Ipv6Addr s = src.value_or(m_ifaces[p].link_local.addr);
        send_ndp(
            p, dst, dst.multicast_mac(), len,
            [&](MutByteSpan out, const Ipv6Addr& from) { icmpv6::emit(ns, {}, from, dst, out); },
            s);
    }
    NeighKey key{p, n.ip};
    NodeId self = id();
    Network* net = &m_net;
    n.timer = m_net.scheduler().schedule_in(kRetransTime, [net, self, key] {
        static_cast<IpNode&>(net->node(self)).on_neighbor_timer(key);
    });
}

void IpNode::on_neighbor_timer(NeighKey key)
{
    auto it = m_neighbors.find(key);
    if (it == m_neighbors.end() || it->second.state != NeighState::Incomplete) return;
    Neighbor& n = it->second;
    if (n.probes < kMaxProbes) {
        solicit(n);
        return;
    }
    n.state = NeighState::Failed;
    std::string what = n.ip.to_string();
    drop(DropReason::ArpFailed,
         name() + ": no " + std::string(n.ip.is_v4() ? "ARP reply" : "neighbour advertisement") +
             " from " + what + " on " + port(n.port).name + " after " + std::to_string(kMaxProbes) +
             " tries");
    // RFC 1122 §2.3.2.2 / RFC 4861 §7.2.2: report the failure for the queued packets.
    std::deque<Frame> pending = std::move(n.pending);
    n.pending.clear();
    for (Frame& f : pending) {
        ByteSpan ip = ByteSpan(f.bytes).subspan(ethernet::kHeaderLen);
        if (key.ip.is_v4())
            send_icmp4_error(n.port, ip, 3, 1, 0); // destination unreachable: host
        else
            send_icmp6_error(n.port, ip, 1, 3, 0); // destination unreachable: address
        m_net.frames().give(std::move(f));
    }
}

void IpNode::neighbor_confirmed(uint32_t p, const IpAddr& ip, const MacAddr& mac, bool create)
{
    NeighKey key{p, ip};
    auto it = m_neighbors.find(key);
    if (it == m_neighbors.end()) {
        if (!create) return;
        it = m_neighbors.emplace(key, Neighbor{}).first;
        it->second.ip = ip;
        it->second.port = p;
    }
    Neighbor& n = it->second;
    n.state = NeighState::Reachable;
    n.mac = mac;
    n.confirmed = m_net.now();
    m_net.scheduler().cancel(n.timer);
    std::deque<Frame> pending = std::move(n.pending);
    n.pending.clear();
    for (Frame& f : pending) {
        std::copy(mac.bytes.begin(), mac.bytes.end(), f.bytes.begin());
        m_net.transmit(id(), p, std::move(f));
    }
}

std::vector<IpNode::NeighborView> IpNode::neighbors() const
{
    std::vector<NeighborView> out;
    SimTime now = m_net.now();
    for (const auto& [k, n] : m_neighbors) {
        NeighborView v{n.ip, std::nullopt, n.port, "INCOMPLETE"};
        if (n.state == NeighState::Reachable) {
            v.mac = n.mac;
            v.state = now - n.confirmed < kReachableTime ? "REACHABLE" : "STALE";
        } else if (n.state == NeighState::Failed) {
            v.state = "FAILED";
        }
        out.push_back(v);
    }
    std::sort(out.begin(), out.end(), [](const NeighborView& a, const NeighborView& b) {
        if (a.port != b.port) return a.port < b.port;
        return a.ip < b.ip;
    });
    return out;
}

} // namespace wirelab::net
