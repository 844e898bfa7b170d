// UdpSocket: datagrams per RFC 768 — bind (with ephemeral ports), connect, send_to / recv with
// the sender's address, broadcast (SO_BROADCAST), IPv4 and IPv6 (checksum mandatory, RFC 8200
// §8.1), and ICMP errors reported to connected sockets (Linux: ECONNREFUSED after a port
// unreachable). UDP never retransmits: loss and reordering reach the application as they happened.
#pragma once

#include "core/base/result.h"
#include "core/net/ip_node.h"
#include "core/transport/socket_types.h"

#include <deque>
#include <optional>
#include <string>

namespace wirelab::transport {

class SocketTable;

struct Datagram {
    Endpoint from;
    wire::IpAddr to;   // the destination address it carried (ours, broadcast or multicast)
    uint32_t port = 0; // receiving interface (net::kLoopbackPort for loopback)
    uint8_t ttl = 0;
    SimTime at; // arrival time
    Bytes data;
};

struct UdpStats {
    uint64_t datagrams_sent = 0, datagrams_received = 0;
    uint64_t bytes_sent = 0, bytes_received = 0;
    uint64_t dropped_buffer_full = 0; // arrived while the receive queue was full
};

class UdpSocket {
public:
    UdpSocket(SocketTable& table, SocketId id);

    // Port 0 picks an ephemeral port. 0.0.0.0 receives IPv4 only, :: both families.
    Result<Ok, SocketError> bind(const Endpoint& local);
    // Fixes the peer: send() goes there, only its datagrams are received, and ICMP errors about
    // it are reported by the next call (Linux behaviour).
    Result<Ok, SocketError> connect(const Endpoint& remote);
    Result<size_t, SocketError> send(ByteSpan data);
    Result<size_t, SocketError> send_to(ByteSpan data, const Endpoint& to);
    // The oldest datagram; WouldBlock when none, or a pending ICMP error once.
    Result<Datagram, SocketError> recv();
    // Gives a received datagram's buffer back for reuse (optional; saves allocations).
    void recycle(Datagram&& d);

    void set_broadcast(bool on) { m_broadcast = on; }
    // Send through this interface (SO_BINDTODEVICE): needed for 255.255.255.255 from a host
    // with no address yet (a DHCP client). Unset: the first interface with an IPv4 address.
    void set_interface(std::optional<uint32_t> port) { m_interface = port; }
    void set_callback(SocketCallback cb) { m_callback = std::move(cb); }
    void set_owner(std::string owner) { m_owner = std::move(owner); }
    void set_recv_buffer(size_t bytes) { m_recv_limit = bytes; }

    SocketId id() const { return m_id; }
    const Endpoint& local() const { return m_local; }
    const std::optional<Endpoint>& remote() const { return m_remote; }
    bool is_bound() const { return m_bound; }
    const std::string& owner() const { return m_owner; }
    size_t recv_queue() const { return m_queued_bytes; }
    size_t pending() const { return m_queue.size(); }
    const UdpStats& stats() const { return m_stats; }
    std::optional<SocketError> error() const { return m_error; }

    // Engine side, called by SocketTable.
    bool accepts(const net::IpMeta& meta, uint16_t src_port) const;
    void deliver(const net::IpMeta& meta, uint16_t src_port, ByteSpan payload);
    void on_icmp_error(SocketError err);
    SocketEvents take_events()
    {
        SocketEvents e = m_events;
        m_events = {};
        return e;
    }
    const SocketCallback& callback() const { return m_callback; }

private:
    Result<Ok, SocketError> ensure_bound(const wire::IpAddr& towards);
    void notify(SocketEvent e);

    SocketTable& m_table;
    SocketId m_id;
    Endpoint m_local;
    std::optional<Endpoint> m_remote;
    bool m_bound = false;
    bool m_broadcast = false;
    std::optional<uint32_t> m_interface;
    std::string m_owner;
    SocketCallback m_callback;
    SocketEvents m_events;
    std::optional<SocketError> m_error;
    std::deque<Datagram> m_queue;
    std::vector<Bytes> m_spare; // recycled buffers
    size_t m_queued_bytes = 0;
    size_t m_recv_limit = 212992; // Linux's default rmem
    UdpStats m_stats;
};

} // namespace wirelab::transport
