// SocketTable: the transport layer of one host or router — every UDP (RFC 768) and TCP (RFC 9293)
// socket of the node, port allocation (ephemeral ports from RFC 6335's dynamic range, drawn from
// the seeded stream), demultiplexing of arriving segments, RSTs for closed ports, ICMP errors
// handed to the sockets they concern, and readiness callbacks.
//
// Ownership: the table lives on its IpNode (IpNode::Extension), created on first use by
// SocketTable::of(node), so "the stack of node X" is reachable from anything holding the node
// (scenario builder, shell commands, tests, the browser) with no global state. Sockets are named
// by SocketId; ids are never reused, so a stale id finds nothing instead of another socket.
//
// Events: socket calls never invoke callbacks. Readiness is collected while a packet or timer is
// processed and delivered to the callbacks afterwards, so a callback may call any socket function
// (including close) safely.
//
// Use (a client; a server calls bind + listen and accept()s on SocketEvent::Acceptable):
//     auto& t = transport::SocketTable::of(host);
//     SocketId id = t.tcp_open();
//     t.tcp(id)->set_callback([&t, id](transport::SocketEvents e) {
//         if (e.has(transport::SocketEvent::Readable)) { uint8_t b[4096]; t.tcp(id)->recv(b); }
//     });
//     t.tcp(id)->connect({server, 80});   // then send(), shutdown(), and finally t.close(id)
// A scenario builder calls SocketTable::attach_all(network) once the network is built.
#pragma once

#include "core/base/rng.h"
#include "core/net/ip_node.h"
#include "core/net/network.h"
#include "core/transport/socket_types.h"
#include "core/transport/tcp_socket.h"
#include "core/transport/udp_socket.h"

#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace wirelab::transport {

// One line of `netstat` / `ss`.
struct SocketInfo {
    SocketId id;
    Protocol protocol = Protocol::Tcp;
    Endpoint local;
    std::optional<Endpoint> remote;
    std::optional<TcpState> state; // TCP only
    size_t recv_q = 0;             // bytes waiting to be read (listeners: connections to accept)
    size_t send_q = 0;             // bytes not acknowledged (listeners: the backlog)
    std::string owner;
};

class SocketTable final : public net::IpNode::Extension {
public:
    // The table of `node`, created (and hooked into the node's IP input) on first use.
    static SocketTable& of(net::IpNode& node);
    // The table if one exists, for read-only views on nodes that never used sockets.
    static const SocketTable* find(const net::IpNode& node);
    // Gives every host and router of `net` its table. Call it once the network is built: a node
    // without a table has no transport layer, so it answers TCP with ICMP protocol unreachable
    // instead of RST, and counts nothing.
    static void attach_all(net::Network& net);

    explicit SocketTable(net::IpNode& node);
    ~SocketTable() override;
    SocketTable(const SocketTable&) = delete;
    SocketTable& operator=(const SocketTable&) = delete;

    net::IpNode& node() { return m_node; }
    const net::IpNode& node() const { return m_node; }
    SimTime now() const { return m_node.network().now(); }
    // Defaults copied into each TCP socket when it is opened.
    TcpConfig& tcp_defaults() { return m_tcp_defaults; }

    // [SECTION] sockets
    SocketId udp_open();
    SocketId tcp_open();
    // nullptr when the id is not (or no longer) a socket of that kind.
    UdpSocket* udp(SocketId id);
    TcpSocket* tcp(SocketId id);
    const UdpSocket* udp(SocketId id) const;
    const TcpSocket* tcp(SocketId id) const;
    // CLOSE: a UDP socket is freed at once; a TCP socket sends its FIN after the queued data (RST
    // instead if received data was never read, as Linux does) and is freed when it reaches
    // CLOSED — after TIME-WAIT for the side that closed first. Unknown ids are ignored.
    void close(SocketId id);
    // Every socket, TCP first, then by local port, for netstat/ss.
    std::vector<SocketInfo> list() const;
    size_t socket_count() const;

    // [SECTION] input (registered with the node; public so tests can inject packets)
    bool input_udp(const net::IpMeta& meta, ByteSpan datagram);
    bool input_tcp(const net::IpMeta& meta, ByteSpan segment);
    void input_icmp_error(const net::IcmpError& err);

    // [SECTION] test seam
    // When set, every UDP/TCP packet payload is handed here (fully built, checksum included)
    // instead of to IP: tests assert on the exact bytes a socket emits.
    using OutputSink = std::function<void(const wire::IpAddr& src, const wire::IpAddr& dst,
                                          wire::IpProtocol proto, ByteSpan bytes)>;
    void set_output_sink(OutputSink sink) { m_sink = std::move(sink); }

    // [SECTION] services for the sockets
    struct Counters {
        uint64_t tcp_resets_sent = 0; // RSTs for segments no socket wanted
        uint64_t tcp_bad_checksum = 0;
        uint64_t udp_bad_checksum = 0;
        uint64_t udp_no_port = 0;
    };
    const Counters& counters() const { return m_counters; }
    // Builds and sends one TCP segment; the payload is copied in place by `write`.
    template <class Write>
    net::SendStatus send_tcp(const Endpoint& from, const Endpoint& to, const wire::tcp::Repr& repr,
                             size_t payload_len, const Write& write);
    net::SendStatus send_udp(const Endpoint& from, const Endpoint& to, ByteSpan data,
                             const net::IpNode::SendOptions& opt);
    // The MSS towards a destination: interface MTU minus IP and TCP headers.
    uint16_t mss_towards(const wire::IpAddr& dst) const;
    uint32_t draw_iss();
    // A free port for `proto` (no socket of that protocol bound to it), or nullopt.
    std::optional<uint16_t> ephemeral_port(Protocol proto);
    // Whether binding `proto` to `local` clashes with an existing socket (other than `self`).
    // For bind(), accepted connections and TIME-WAIT do not count (SO_REUSEADDR, as servers
    // set it); `strict` counts them too, so a fresh ephemeral port never meets an old
    // connection's four-tuple.
    bool is_port_taken(Protocol proto, const Endpoint& local, SocketId self,
                       bool strict = false) const;
    // Enters a connected socket in the demux map; false if its four-tuple is taken.
    bool register_connection(TcpSocket& s);
    void unregister_connection(TcpSocket& s);
    // A new socket in SYN-RECEIVED for a listener (nullptr if the backlog is full).
    TcpSocket* spawn_child(TcpSocket& listener, const TcpSegmentIn& syn);
    kernel::EventId schedule_timer(SocketId id, SimTime at);
    void cancel_timer(kernel::EventId ev);
    // Queues a socket for notification (and frees released sockets that reached CLOSED).
    void mark_dirty(SocketId id);
    void send_reset_for(const TcpSegmentIn& seg);

private:
    struct Slot {
        std::unique_ptr<UdpSocket> udp;
        std::unique_ptr<TcpSocket> tcp;
    };
    struct ConnKey {
        wire::IpAddr local_addr, remote_addr;
        uint16_t local_port = 0, remote_port = 0;
        bool operator==(const ConnKey&) const = default;
    };
    struct ConnKeyHash {
        size_t operator()(const ConnKey& k) const;
    };
    static ConnKey key_of(const TcpSocket& s);

    // An entry point from the simulator: runs `fn`, then delivers notifications.
    template <class Fn>
    void entry(const Fn& fn);
    void flush();
    void reap(SocketId id);
    void on_timer(SocketId id);
    TcpSocket* find_listener(const Endpoint& local);
    UdpSocket* find_udp(const net::IpMeta& meta, uint16_t src_port, uint16_t dst_port);

    net::IpNode& m_node;
    TcpConfig m_tcp_defaults;
    std::vector<Slot> m_slots; // index = SocketId value; never reused
    std::unordered_map<ConnKey, SocketId, ConnKeyHash> m_conns;
    std::vector<SocketId> m_dirty;
    std::vector<std::unique_ptr<TcpSocket>> m_graveyard; // freed at the next entry point
    std::vector<std::unique_ptr<UdpSocket>> m_udp_graveyard;
    Rng m_port_rng;
    Rng m_iss_rng;
    OutputSink m_sink;
    Bytes m_scratch; // the output sink's buffer
    Counters m_counters;
    int m_depth = 0; // nesting of entry points
    bool m_flush_scheduled = false;
};

// [SECTION] template definitions

template <class Write>
net::SendStatus SocketTable::send_tcp(const Endpoint& from, const Endpoint& to,
                                      const wire::tcp::Repr& repr, size_t payload_len,
                                      const Write& write)
{
    size_t hlen = wire::tcp::header_len(repr);
    size_t len = hlen + payload_len;
    const wire::IpAddr& dst = to.addr;
    auto fill = [&](MutByteSpan out, const wire::IpAddr& src) {
        MutByteSpan payload = out.subspan(hlen, payload_len);
        write(payload);
        auto ph = src.is_v4() ? wire::PseudoHeader::v4(src.v4(), dst.v4())
                              : wire::PseudoHeader::v6(src.v6(), dst.v6());
        wire::tcp::emit(repr, payload, ph, out); // payload already in place: no copy
    };
    if (m_sink) {
        m_scratch.assign(len, 0);
        fill(MutByteSpan(m_scratch), from.addr);
        m_sink(from.addr, dst, wire::IpProtocol::Tcp, m_scratch);
        return net::SendStatus::Sent;
    }
    net::IpNode::SendOptions opt;
    opt.src = from.addr;
    return m_node.send_ip(dst, wire::IpProtocol::Tcp, len, fill, opt);
}

} // namespace wirelab::transport
