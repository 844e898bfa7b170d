#include "core/transport/udp_socket.h"

#include "core/transport/socket_table.h"
#include "core/wire/udp.h"

namespace wirelab::transport {

namespace {

SocketError from_status(net::SendStatus s)
{
    switch (s) {
    case net::SendStatus::NoRoute: return SocketError::NetworkUnreachable;
    case net::SendStatus::NoSourceAddress: return SocketError::AddressNotAvailable;
    case net::SendStatus::TooBig: return SocketError::MessageTooLong;
    case net::SendStatus::InterfaceDown: return SocketError::NetworkDown;
    default: return SocketError::InvalidState;
    }
}

// 255.255.255.255, or the directed broadcast address of one of the node's subnets.
bool is_broadcast(const net::IpNode& node, const wire::IpAddr& a)
{
    if (!a.is_v4()) return false;
    if (a.v4().is_broadcast()) return true;
    for (uint32_t p = 0; p < node.ports().size(); ++p)
        for (const wire::Ipv4Prefix& pre : node.iface(p).ipv4)
            if (pre.has_broadcast() && pre.broadcast() == a.v4()) return true;
    return false;
}

} // namespace

UdpSocket::UdpSocket(SocketTable& table, SocketId id) : m_table(table), m_id(id) {}

Result<Ok, SocketError> UdpSocket::bind(const Endpoint& local)
{
    if (m_bound) return fail(SocketError::InvalidState);
    if (!local.is_wildcard() && !m_table.node().is_local(local.addr))
        return fail(SocketError::AddressNotAvailable);
    Endpoint e = local;
    if (e.port == 0) {
        auto port = m_table.ephemeral_port(Protocol::Udp);
        if (!port) return fail(SocketError::NoFreePort);
        e.port = *port;
    } else if (m_table.is_port_taken(Protocol::Udp, e, m_id)) {
        return fail(SocketError::AddressInUse);
    }
    m_local = e;
    m_bound = true;
    return Ok{};
}

Result<Ok, SocketError> UdpSocket::ensure_bound(const wire::IpAddr& towards)
{
    if (!m_bound) {
        // Linux "autobind": an ephemeral port on the wildcard address.
        auto r = bind(towards.is_v4() ? Endpoint::any_v4(0) : Endpoint::any_v6(0));
        if (!r) return r;
    }
    bool v6_any = m_local.addr.is_v6() && m_local.is_wildcard();
    if (!v6_any && m_local.addr.is_v4() != towards.is_v4()) return fail(SocketError::AddressFamily);
    return Ok{};
}

Result<Ok, SocketError> UdpSocket::connect(const Endpoint& remote)
{
    auto b = ensure_bound(remote.addr);
    if (!b) return b;
    if (m_local.is_wildcard() && !is_broadcast(m_table.node(), remote.addr)) {
        // connect() fixes the source address too, as Linux does.
        auto src = m_table.node().source_for(remote.addr);
        if (!src) return fail(SocketError::NetworkUnreachable);
        m_local.addr = *src;
    }
    m_remote = remote;
    m_error.reset();
    return Ok{};
}

Result<size_t, SocketError> UdpSocket::send(ByteSpan data)
{
    if (!m_remote) return fail(SocketError::NotConnected);
    if (m_error) {
        SocketError e = *m_error; // an ICMP error about an earlier datagram (Linux reports it
        m_error.reset();          // on the next call)
        return fail(e);
    }
    return send_to(data, *m_remote);
}

Result<size_t, SocketError> UdpSocket::send_to(ByteSpan data, const Endpoint& to)
{
    if (data.size() > 65535 - wire::udp::kHeaderLen) return fail(SocketError::MessageTooLong);
    auto b = ensure_bound(to.addr);
    if (!b) return fail(b.error());
    net::IpNode& node = m_table.node();
    bool bcast = is_broadcast(node, to.addr);
    if (bcast && !m_broadcast) return fail(SocketError::PermissionDenied); // no SO_BROADCAST
    net::IpNode::SendOptions opt;
    Endpoint from = m_local;
    if (!m_local.is_wildcard()) opt.src = m_local.addr;
    if (to.addr.is_v4() && to.addr.v4().is_broadcast()) {
        // No route covers 255.255.255.255: it leaves by the chosen or first IPv4 interface.
        uint32_t port = 0;
        for (uint32_t p = 0; p < node.ports().size(); ++p)
            if (!node.iface(p).ipv4.empty()) {
                port = p;
                break;
            }
        opt.port = m_interface.value_or(port);
        if (from.is_wildcard() && opt.port < node.ports().size() &&
            !node.iface(*opt.port).ipv4.empty())
            from.addr = node.iface(*opt.port).ipv4.front().addr;
    } else if (from.is_wildcard()) {
        auto src = node.source_for(to.addr);
        if (src) from.addr = *src;
    }
    if (from.addr.is_v4() != to.addr.is_v4())
        from.addr = to.addr.is_v4() ? wire::IpAddr() : wire::IpAddr(wire::Ipv6Addr{});
    net::SendStatus st = m_table.send_udp(from, to, data, opt);
    if (st != net::SendStatus::Sent && st != net::SendStatus::Queued) return fail(from_status(st));
    ++m_stats.datagrams_sent;
    m_stats.bytes_sent += data.size();
    return data.size();
}

Result<Datagram, SocketError> UdpSocket::recv()
{
    if (m_error) {
        SocketError e = *m_error;
        m_error.reset();
        return fail(e);
    }
    if (m_queue.empty()) return fail(SocketError::WouldBlock);
    Datagram d = std::move(m_queue.front());
    m_queue.pop_front();
    m_queued_bytes -= d.data.size();
    return d;
}

void UdpSocket::recycle(Datagram&& d)
{
    if (m_spare.size() < 64) m_spare.push_back(std::move(d.data));
}

bool UdpSocket::accepts(const net::IpMeta& meta, uint16_t src_port) const
{
    if (m_remote && !(m_remote->addr == meta.src && m_remote->port == src_port)) return false;
    if (m_interface && meta.port != *m_interface) return false;
    if (m_local.addr.is_v6() && m_local.is_wildcard()) return true;
    if (m_local.is_wildcard()) return meta.dst.is_v4();
    return meta.dst == m_local.addr;
}

void UdpSocket::deliver(const net::IpMeta& meta, uint16_t src_port, ByteSpan payload)
{
    if (m_queued_bytes + payload.size() > m_recv_limit) {
        ++m_stats.dropped_buffer_full; // Linux counts these as RcvbufErrors
        return;
    }
    Datagram d;
    if (!m_spare.empty()) {
        d.data = std::move(m_spare.back());
        m_spare.pop_back();
    }
    d.data.assign(payload.begin(), payload.end());
    d.from = Endpoint{meta.src, src_port};
    d.to = meta.dst;
    d.port = meta.port;
    d.ttl = meta.ttl;
    d.at = m_table.now();
    m_queued_bytes += d.data.size();
    m_queue.push_back(std::move(d));
    ++m_stats.datagrams_received;
    m_stats.bytes_received += payload.size();
    notify(SocketEvent::Readable);
}

void UdpSocket::on_icmp_error(SocketError err)
{
    m_error = err;
    notify(SocketEvent::Error);
}

void UdpSocket::notify(SocketEvent e)
{
    bool first = m_events.bits == 0;
    m_events.add(e);
    if (first) m_table.mark_dirty(m_id);
}

} // namespace wirelab::transport
