// IpNode: a host or router with an IPv4/IPv6 stack — interfaces with CIDR addresses, loopback,
// routing table, ARP (RFC 826) and neighbour discovery (RFC 4861), ICMP (RFC 792, RFC 4443),
// forwarding with TTL/hop-limit (RFC 1812) and SLAAC (RFC 4862).
// [SECTION] index: configuration · sending · upper-layer hooks · observation · internals
#pragma once

#include "core/base/fn_ref.h"
#include "core/kernel/scheduler.h"
#include "core/net/node.h"
#include "core/net/route_table.h"
#include "core/net/trace.h"
#include "core/wire/ip_prefix.h"
#include "core/wire/ip_protocol.h"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace wirelab::net {

struct IpInterface {
    std::vector<wire::Ipv4Prefix> ipv4; // as configured, host bits = our address
    std::vector<wire::Ipv6Prefix> ipv6; // global/ULA, static or SLAAC
    wire::Ipv6Prefix link_local;        // fe80::/64 from the MAC (RFC 4291 appendix A)
    uint32_t mtu = 1500;
    bool slaac = true; // accept router advertisements (hosts)
    // Router advertisement: prefixes this router announces on the port (routers only).
    std::vector<wire::Ipv6Prefix> advertise;
};

// Where a received IP packet came from and went to, for the transport layer.
struct IpMeta {
    wire::IpAddr src;
    wire::IpAddr dst;
    uint32_t port = 0; // receiving interface (kLoopbackPort for loopback)
    uint8_t ttl = 0;   // TTL / hop limit as received
    wire::IpProtocol protocol = wire::IpProtocol::Udp;
};

// An ICMP / ICMPv6 error (unreachable, time exceeded, packet too big) about a packet we sent.
struct IcmpError {
    wire::IpAddr from; // the router or host that reported it
    bool v6 = false;
    uint8_t type = 0, code = 0;
    uint32_t mtu = 0; // for "fragmentation needed" / "packet too big"
    wire::IpAddr orig_src, orig_dst;
    wire::IpProtocol orig_protocol = wire::IpProtocol::Udp;
    uint16_t orig_src_port = 0, orig_dst_port = 0; // UDP/TCP ports of the quoted packet
    uint16_t orig_icmp_id = 0, orig_icmp_seq = 0;  // for quoted echo requests
    std::string describe() const;                  // "Destination Host Unreachable", ...
};

struct EchoReply {
    wire::IpAddr from;
    uint16_t id = 0, seq = 0;
    uint8_t ttl = 0;
    size_t data_len = 0;
    bool data_ok = true; // payload came back as sent
};

// Result of asking the stack to send: either sent/queued, or a local error a command shows.
enum class SendStatus : uint8_t { Sent, Queued, NoRoute, NoSourceAddress, TooBig, InterfaceDown };
const char* to_string(SendStatus s);

inline constexpr uint32_t kLoopbackPort = UINT32_MAX;

class IpNode : public Node {
public:
    IpNode(Network& net, NodeId id, std::string name, DeviceKind kind);
    ~IpNode() override;

    // [SECTION] configuration (scenario loader, inspector, `ip` commands)
    uint32_t add_interface(std::string name); // a new Ethernet port + IP interface
    IpInterface& iface(uint32_t port) { return m_ifaces[port]; }
    const IpInterface& iface(uint32_t port) const { return m_ifaces[port]; }
    void add_address(uint32_t port, const wire::Ipv4Prefix& p); // also adds the connected route
    void add_address(uint32_t port, const wire::Ipv6Prefix& p);
    void clear_addresses(uint32_t port);
    // Removes one IPv4 address and its connected route (unless another address of the port is
    // in the same subnet): a DHCP lease ending, `ip addr del`. Returns whether it was there.
    bool remove_address(uint32_t port, const wire::Ipv4Prefix& p);
    void add_route(const Route& r) { m_routes.add(r); }
    RouteTable& routes() { return m_routes; }
    const RouteTable& routes() const { return m_routes; }
    bool is_forwarding() const { return m_forwarding; }
    void set_forwarding(bool on) { m_forwarding = on; }
    void set_default_ttl(uint8_t ttl) { m_default_ttl = ttl; }
    uint8_t default_ttl() const { return m_default_ttl; }
    // True if addr is one of ours (any interface, loopback range, ::1).
    bool is_local(const wire::IpAddr& addr) const;

    // [SECTION] sending (used by ICMP tools and the transport layer)
    struct SendOptions {
        std::optional<uint8_t> ttl;
        std::optional<wire::IpAddr> src;
        std::optional<uint32_t> port; // required for 255.255.255.255 (no route covers it)
        bool dont_frag = true;
    };
    // Builds and sends one IP packet whose payload (`len` bytes) is written by `fill`, which is
    // given the chosen source address so it can compute pseudo-header checksums.
    using PayloadFill = FnRef<void(MutByteSpan payload, const wire::IpAddr& src)>;
    SendStatus send_ip(const wire::IpAddr& dst, wire::IpProtocol proto, size_t len,
                       const PayloadFill& fill, const SendOptions& opt);
    SendStatus send_ip(const wire::IpAddr& dst, wire::IpProtocol proto, size_t len,
                       const PayloadFill& fill)
    {
        return send_ip(dst, proto, len, fill, SendOptions{});
    }
    // ICMP echo request (ping). Data is a deterministic pattern of `data_len` bytes.
    SendStatus send_echo(const wire::IpAddr& dst, uint16_t id, uint16_t seq, size_t data_len,
                         const SendOptions& opt);
    // Source address the stack would use towards dst, if it has a route.
    std::optional<wire::IpAddr> source_for(const wire::IpAddr& dst) const;

    // [SECTION] upper-layer hooks
    // Transport protocols (UDP, TCP) register one handler each; it returns false when no socket
    // wants the packet (the stack then answers ICMP port unreachable for UDP).
    using L4Handler = std::function<bool(const IpMeta&, ByteSpan payload)>;
    void set_l4_handler(wire::IpProtocol proto, L4Handler h);
    using EchoListener = std::function<void(const EchoReply&)>;
    using IcmpErrorListener = std::function<void(const IcmpError&)>;
    // Returns a token for remove_listener.
    uint32_t add_echo_listener(EchoListener l);
    uint32_t add_icmp_error_listener(IcmpErrorListener l);
    void remove_listener(uint32_t token);

    // [SECTION] observation (for `arp -a`, `ip neigh`)
    struct NeighborView {
        wire::IpAddr ip;
        std::optional<wire::MacAddr> mac; // none while incomplete
        uint32_t port = 0;
        const char* state = ""; // REACHABLE, STALE, INCOMPLETE, FAILED
    };
    std::vector<NeighborView> neighbors() const; // sorted by port, then address

    // [SECTION] upper-layer state
    // The transport layer keeps its per-node state (the socket table) here, so it lives exactly
    // as long as the node and whoever holds the node can reach it. core/net knows only this base.
    class Extension {
    public:
        virtual ~Extension() = default;
        // Called once when the network starts, after the node's own boot (links, RS/RA).
        virtual void on_start() {}
    };
    Extension* transport_ext() { return m_transport.get(); }
    const Extension* transport_ext() const { return m_transport.get(); }
    void set_transport_ext(std::unique_ptr<Extension> ext) { m_transport = std::move(ext); }
    // The application layer's slot: the services (servers, daemons) running on this node.
    Extension* apps_ext() { return m_apps.get(); }
    const Extension* apps_ext() const { return m_apps.get(); }
    void set_apps_ext(std::unique_ptr<Extension> ext) { m_apps = std::move(ext); }

    // [SECTION] Node
    void on_frame(uint32_t port, Frame&& frame) override;
    void start() override;
    void on_link_change(uint32_t port) override;

private:
    friend class IpNodeTest;
    // Neighbour cache entry, shared by ARP (IPv4) and neighbour discovery (IPv6).
    enum class NeighState : uint8_t { Incomplete, Reachable, Failed };
    struct Neighbor {
        wire::IpAddr ip;
        uint32_t port = 0;
        NeighState state = NeighState::Incomplete;
        wire::MacAddr mac;
        SimTime confirmed;         // last time a reply confirmed it
        uint8_t probes = 0;        // requests sent while incomplete
        kernel::EventId timer;     // retry while incomplete
        std::deque<Frame> pending; // frames waiting for the address (Linux: unres_qlen)
    };
    struct NeighKey {
        uint32_t port;
        wire::IpAddr ip;
        bool operator==(const NeighKey&) const = default;
    };
    struct NeighKeyHash {
        size_t operator()(const NeighKey& k) const;
    };

    // Input
    void on_arp(uint32_t port, ByteSpan payload);
    void on_ipv4(uint32_t port, Frame&& frame, size_t offset);
    void on_ipv6(uint32_t port, Frame&& frame, size_t offset);
    void deliver_local4(const IpMeta& meta, ByteSpan ip_packet, ByteSpan payload);
    void deliver_local6(const IpMeta& meta, ByteSpan ip_packet, ByteSpan payload);
    void on_icmpv4(const IpMeta& meta, ByteSpan ip_packet, ByteSpan icmp);
    void on_icmpv6(const IpMeta& meta, ByteSpan ip_packet, ByteSpan icmp);
    void forward4(uint32_t in_port, Frame&& frame, size_t offset, size_t total_len);
    void forward6(uint32_t in_port, Frame&& frame, size_t offset, size_t total_len);
    void dispatch_l4(const IpMeta& meta, ByteSpan ip_packet, ByteSpan payload);
    void icmp_error_received(IcmpError err, ByteSpan quoted, bool v6);

    // Output
    SendStatus send_ip4(const wire::Ipv4Addr& dst, wire::IpProtocol proto, size_t len,
                        const PayloadFill& fill, const SendOptions& opt);
    SendStatus send_ip6(const wire::Ipv6Addr& dst, wire::IpProtocol proto, size_t len,
                        const PayloadFill& fill, const SendOptions& opt);
    void loopback(Frame&& frame, bool v6);
    // Fill in the Ethernet destination for next_hop and transmit, resolving it first if needed.
    void resolve_and_send(uint32_t port, const wire::IpAddr& next_hop, Frame&& frame);
    Neighbor* find_neighbor(uint32_t port, const wire::IpAddr& ip);
    void solicit(Neighbor& n);
    void on_neighbor_timer(NeighKey key);
    void neighbor_confirmed(uint32_t port, const wire::IpAddr& ip, const wire::MacAddr& mac,
                            bool create);
    void send_icmp4_error(uint32_t in_port, ByteSpan orig_ip, uint8_t type, uint8_t code,
                          uint16_t mtu);
    void send_icmp6_error(uint32_t in_port, ByteSpan orig_ip, uint8_t type, uint8_t code,
                          uint32_t mtu_or_pointer);
    void send_ndp(uint32_t port, const wire::Ipv6Addr& dst, const wire::MacAddr& dst_mac,
                  size_t icmp_len, FnRef<void(MutByteSpan, const wire::Ipv6Addr&)> fill,
                  const wire::Ipv6Addr& src);
    void send_router_advert(uint32_t port, const wire::Ipv6Addr& dst, const wire::MacAddr& dst_mac);
    void send_router_solicit(uint32_t port);
    void on_router_advert(uint32_t port, const IpMeta& meta, ByteSpan icmp);
    void schedule_router_adverts();

    // Helpers
    std::optional<wire::Ipv4Addr> primary_v4(uint32_t port, const wire::Ipv4Addr& towards) const;
    std::optional<wire::Ipv6Addr> primary_v6(uint32_t port, const wire::Ipv6Addr& towards) const;
    bool is_local_v4(const wire::Ipv4Addr& a) const;
    bool is_local_v6(const wire::Ipv6Addr& a) const;
    bool is_broadcast_for(uint32_t port, const wire::Ipv4Addr& a) const;
    void drop(DropReason reason, std::string text);

    // Our unicast addresses, sorted, so "is this for us?" is a binary search even on a router
    // with a thousand interfaces. Rebuilt whenever an address is added or removed.
    void rebuild_local_addresses();
    template <class A>
    static void insert_sorted(std::vector<A>& v, const A& a);
    std::vector<wire::Ipv4Addr> m_local4;
    std::vector<wire::Ipv6Addr> m_local6;
    std::vector<IpInterface> m_ifaces;
    RouteTable m_routes;
    bool m_forwarding = false;
    uint8_t m_default_ttl = 64;
    uint16_t m_next_ident = 1;
    std::unordered_map<NeighKey, Neighbor, NeighKeyHash> m_neighbors; // never erased from
    std::vector<Neighbor*> m_neigh_hint; // per port: the entry last found there
    std::map<wire::IpProtocol, L4Handler> m_l4;
    std::map<uint32_t, EchoListener> m_echo_listeners;
    std::map<uint32_t, IcmpErrorListener> m_error_listeners;
    uint32_t m_next_token = 1;
    kernel::EventId m_ra_timer;
    std::unique_ptr<Extension> m_transport; // destroyed after the services that use its sockets
    std::unique_ptr<Extension> m_apps;      // last member: destroyed first
};

class Host : public IpNode {
public:
    Host(Network& net, NodeId id, std::string name)
        : IpNode(net, id, std::move(name), DeviceKind::Host)
    {}
};

class Router : public IpNode {
public:
    Router(Network& net, NodeId id, std::string name)
        : IpNode(net, id, std::move(name), DeviceKind::Router)
    {
        set_forwarding(true);
    }
};

} // namespace wirelab::net
