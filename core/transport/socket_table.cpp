// SocketTable: socket ownership, ports, demultiplexing and notifications.
//
// [SECTION] index: creation · sockets · ports · TCP demux · UDP demux · ICMP · notifications
#include "core/transport/socket_table.h"

#include "core/base/hash.h"
#include "core/inspect/well_known_ports.h"
#include "core/wire/udp.h"

#include <algorithm>

namespace wirelab::transport {

using wire::IpAddr;
using wire::IpProtocol;

namespace {

wire::PseudoHeader pseudo(const IpAddr& src, const IpAddr& dst)
{
    return src.is_v4() ? wire::PseudoHeader::v4(src.v4(), dst.v4())
                       : wire::PseudoHeader::v6(src.v6(), dst.v6());
}

bool is_v6_wildcard(const Endpoint& e)
{
    return e.addr.is_v6() && e.addr.v6().is_unspecified();
}

// Whether two local bindings on the same port would receive the same packets.
bool overlaps(const Endpoint& a, const Endpoint& b)
{
    if (is_v6_wildcard(a) || is_v6_wildcard(b)) return true; // :: is dual-stack
    if (a.addr.is_v4() != b.addr.is_v4()) return false;
    return a.is_wildcard() || b.is_wildcard() || a.addr == b.addr;
}

bool is_multicast_or_broadcast(const IpAddr& a)
{
    return a.is_v4() ? (a.v4().is_multicast() || a.v4().is_broadcast()) : a.v6().is_multicast();
}

} // namespace

// [SECTION] creation

SocketTable& SocketTable::of(net::IpNode& node)
{
    if (auto* ext = node.transport_ext()) {
        auto* table = dynamic_cast<SocketTable*>(ext);
        WIRELAB_ASSERT(table && "the node's transport extension is not a SocketTable");
        return *table;
    }
    auto table = std::make_unique<SocketTable>(node);
    SocketTable& ref = *table;
    node.set_transport_ext(std::move(table));
    return ref;
}

const SocketTable* SocketTable::find(const net::IpNode& node)
{
    return dynamic_cast<const SocketTable*>(node.transport_ext());
}

void SocketTable::attach_all(net::Network& net)
{
    for (uint32_t i = 0; i < net.node_count(); ++i)
        if (auto* ip = dynamic_cast<net::IpNode*>(&net.node(NodeId(i)))) of(*ip);
}

SocketTable::SocketTable(net::IpNode& node)
    : m_node(node), m_port_rng(node.network().rng_stream("node:" + node.name() + ":ports")),
      m_iss_rng(node.network().rng_stream("node:" + node.name() + ":tcp-iss"))
{
    // The table is owned by the node, so these captures never outlive it.
    m_node.set_l4_handler(IpProtocol::Udp,
                          [this](const net::IpMeta& m, ByteSpan p) { return input_udp(m, p); });
    m_node.set_l4_handler(IpProtocol::Tcp,
                          [this](const net::IpMeta& m, ByteSpan p) { return input_tcp(m, p); });
    m_node.add_icmp_error_listener([this](const net::IcmpError& e) { input_icmp_error(e); });
}

SocketTable::~SocketTable() = default;

// [SECTION] sockets

SocketId SocketTable::udp_open()
{
    SocketId id(uint32_t(m_slots.size()));
    m_slots.emplace_back();
    m_slots.back().udp = std::make_unique<UdpSocket>(*this, id);
    return id;
}

SocketId SocketTable::tcp_open()
{
    SocketId id(uint32_t(m_slots.size()));
    m_slots.emplace_back();
    m_slots.back().tcp = std::make_unique<TcpSocket>(*this, id, m_tcp_defaults);
    return id;
}

UdpSocket* SocketTable::udp(SocketId id)
{
    return id.value < m_slots.size() ? m_slots[id.value].udp.get() : nullptr;
}

TcpSocket* SocketTable::tcp(SocketId id)
{
    return id.value < m_slots.size() ? m_slots[id.value].tcp.get() : nullptr;
}

const UdpSocket* SocketTable::udp(SocketId id) const
{
    return id.value < m_slots.size() ? m_slots[id.value].udp.get() : nullptr;
}

const TcpSocket* SocketTable::tcp(SocketId id) const
{
    return id.value < m_slots.size() ? m_slots[id.value].tcp.get() : nullptr;
}

size_t SocketTable::socket_count() const
{
    size_t n = 0;
    for (const Slot& s : m_slots) n += (s.udp || s.tcp) ? 1 : 0;
    return n;
}

void SocketTable::close(SocketId id)
{
    if (udp(id)) {
        // Parked, not destroyed: the caller may be running inside this socket's callback.
        m_udp_graveyard.push_back(std::move(m_slots[id.value].udp));
        return;
    }
    TcpSocket* t = tcp(id);
    if (!t || t->is_released()) return;
    t->close_by_user();
    mark_dirty(id);
}

void SocketTable::reap(SocketId id)
{
    TcpSocket* t = tcp(id);
    if (!t || !t->is_released() || t->state() != TcpState::Closed) return;
    if (TcpSocket* p = tcp(t->parent())) p->forget_child(id);
    unregister_connection(*t);
    if (m_node.network().scheduler().is_pending(t->m_event)) cancel_timer(t->m_event);
    m_graveyard.push_back(std::move(m_slots[id.value].tcp));
}

std::vector<SocketInfo> SocketTable::list() const
{
    std::vector<SocketInfo> out;
    for (const Slot& slot : m_slots) {
        if (const TcpSocket* t = slot.tcp.get()) {
            if (!t->is_bound() || (t->is_released() && t->state() == TcpState::Closed)) continue;
            SocketInfo i{t->id(), Protocol::Tcp, t->local(), std::nullopt, t->state(), 0,
                         0,       t->owner()};
            if (t->state() == TcpState::Listen) {
                i.recv_q = t->accept_queue();
                i.send_q = t->backlog();
            } else {
                if (t->state() != TcpState::Closed) i.remote = t->remote();
                i.recv_q = t->recv_queue();
                i.send_q = t->send_queue();
            }
            out.push_back(std::move(i));
        } else if (const UdpSocket* u = slot.udp.get()) {
            if (!u->is_bound()) continue;
            out.push_back({u->id(), Protocol::Udp, u->local(), u->remote(), std::nullopt,
                           u->recv_queue(), 0, u->owner()});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const SocketInfo& a, const SocketInfo& b) {
        if (a.protocol != b.protocol) return a.protocol == Protocol::Tcp;
        bool la = a.state == TcpState::Listen, lb = b.state == TcpState::Listen;
        if (la != lb) return la;
        if (a.local.port != b.local.port) return a.local.port < b.local.port;
        return a.id < b.id;
    });
    return out;
}

// [SECTION] ports

std::optional<uint16_t> SocketTable::ephemeral_port(Protocol proto)
{
    // RFC 6056 §3.3.1 "simple port randomization": a random start, then the next free port.
    constexpr uint32_t n = uint32_t(wire::kEphemeralLast) - wire::kEphemeralFirst + 1;
    uint32_t start = m_port_rng.below(n);
    for (uint32_t i = 0; i < n; ++i) {
        uint16_t port = uint16_t(wire::kEphemeralFirst + (start + i) % n);
        if (!is_port_taken(proto, Endpoint::any_v6(port), SocketId(), true)) return port;
    }
    return std::nullopt;
}

bool SocketTable::is_port_taken(Protocol proto, const Endpoint& local, SocketId self,
                                bool strict) const
{
    for (const Slot& slot : m_slots) {
        if (proto == Protocol::Udp && slot.udp && slot.udp->id() != self && slot.udp->is_bound() &&
            slot.udp->local().port == local.port && overlaps(slot.udp->local(), local))
            return true;
        const TcpSocket* t = slot.tcp.get();
        if (proto != Protocol::Tcp || !t || t->id() == self || !t->is_bound()) continue;
        if (t->local().port != local.port || !overlaps(t->local(), local)) continue;
        // Accepted connections and TIME-WAIT do not block a new listener: the SO_REUSEADDR
        // behaviour every server sets, so a restarted server can bind its port again.
        if (t->is_released() && t->state() == TcpState::Closed) continue;
        if (!strict && (t->state() == TcpState::TimeWait || t->parent().is_valid())) continue;
        return true;
    }
    return false;
}

uint16_t SocketTable::mss_towards(const IpAddr& dst) const
{
    size_t ip_tcp = dst.is_v4() ? 40 : 60;
    // Loopback: the IP layer's limit of 65535 bytes per packet, headers included.
    if (m_node.is_local(dst)) return uint16_t(65535 - ip_tcp);
    const net::Route* r = m_node.routes().lookup(dst);
    if (!r) return dst.is_v4() ? 536 : 1220;
    uint32_t mtu = m_node.iface(r->port).mtu;
    return uint16_t(std::min<uint32_t>(65535, mtu > ip_tcp ? mtu - uint32_t(ip_tcp) : 536));
}

uint32_t SocketTable::draw_iss()
{
    return m_iss_rng.next_u32();
}

// [SECTION] TCP demux

size_t SocketTable::ConnKeyHash::operator()(const ConnKey& k) const
{
    uint64_t h = kFnv1a64Offset ^ (uint64_t(k.local_port) << 16 | k.remote_port);
    auto mix = [&h](const IpAddr& a) {
        const uint8_t* p = a.is_v4() ? a.v4().bytes.data() : a.v6().bytes.data();
        h = fnv1a64(p, a.is_v4() ? 4 : 16, h);
    };
    mix(k.local_addr);
    mix(k.remote_addr);
    return size_t(h ^ (h >> 29));
}

SocketTable::ConnKey SocketTable::key_of(const TcpSocket& s)
{
    return {s.local().addr, s.remote().addr, s.local().port, s.remote().port};
}

bool SocketTable::register_connection(TcpSocket& s)
{
    return m_conns.emplace(key_of(s), s.id()).second;
}

void SocketTable::unregister_connection(TcpSocket& s)
{
    auto it = m_conns.find(key_of(s));
    if (it != m_conns.end() && it->second == s.id()) m_conns.erase(it);
}

TcpSocket* SocketTable::find_listener(const Endpoint& local)
{
    TcpSocket* best = nullptr;
    for (Slot& slot : m_slots) {
        TcpSocket* t = slot.tcp.get();
        if (!t || t->state() != TcpState::Listen || t->local().port != local.port) continue;
        const Endpoint& l = t->local();
        bool match = is_v6_wildcard(l) || (l.addr.is_v4() == local.addr.is_v4() &&
                                           (l.is_wildcard() || l.addr == local.addr));
        if (!match) continue;
        if (!best || (!l.is_wildcard() && best->local().is_wildcard())) best = t;
    }
    return best;
}

bool SocketTable::input_tcp(const net::IpMeta& meta, ByteSpan segment)
{
    auto parsed = wire::tcp::parse(segment, pseudo(meta.src, meta.dst));
    if (!parsed) {
        ++m_counters.tcp_bad_checksum;
        bool sum = parsed.error().kind == wire::WireError::BadChecksum;
        m_node.network().drop_packet(
            m_node.id(), sum ? net::DropReason::BadChecksum : net::DropReason::Malformed,
            m_node.name() + ": TCP segment from " + meta.src.to_string() +
                " dropped: " + parsed.error().message());
        return true;
    }
    // RFC 9293 §3.10.7.2 (MUST-57): segments to or from broadcast/multicast are discarded.
    if (is_multicast_or_broadcast(meta.dst) || is_multicast_or_broadcast(meta.src)) return true;
    const wire::tcp::Repr& r = parsed->repr;
    TcpSegmentIn seg{{meta.src, r.src_port}, {meta.dst, r.dst_port}, r, parsed->payload};
    entry([&] {
        auto it = m_conns.find(ConnKey{meta.dst, meta.src, r.dst_port, r.src_port});
        if (it != m_conns.end()) {
            if (TcpSocket* s = tcp(it->second)) {
                s->on_segment(seg);
                return;
            }
        }
        if (TcpSocket* l = find_listener(seg.dst)) {
            l->on_segment(seg);
            return;
        }
        send_reset_for(seg);
    });
    return true;
}

void SocketTable::send_reset_for(const TcpSegmentIn& seg)
{
    // RFC 9293 §3.10.7.1, state CLOSED: "An incoming segment containing a RST is discarded. An
    // incoming segment not containing a RST causes a RST to be sent in response."
    const wire::tcp::Repr& in = seg.repr;
    if (in.has(wire::tcp::kRst)) return;
    wire::tcp::Repr rst;
    rst.src_port = in.dst_port;
    rst.dst_port = in.src_port;
    if (in.has(wire::tcp::kAck)) {
        rst.seq = in.ack; // <SEQ=SEG.ACK><CTL=RST>
        rst.flags = wire::tcp::kRst;
    } else {
        uint32_t len = uint32_t(seg.payload.size()) + (in.has(wire::tcp::kSyn) ? 1 : 0) +
                       (in.has(wire::tcp::kFin) ? 1 : 0);
        rst.seq = wire::tcp::SeqNum(0); // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
        rst.ack = in.seq + len;
        rst.flags = wire::tcp::kRst | wire::tcp::kAck;
    }
    ++m_counters.tcp_resets_sent;
    m_node.network().drop_packet(m_node.id(), net::DropReason::PortUnreachable,
                                 m_node.name() + ": no TCP socket for port " +
                                     std::to_string(in.dst_port) + ", RST sent to " +
                                     seg.src.to_string());
    send_tcp(seg.dst, seg.src, rst, 0, [](MutByteSpan) {});
}

TcpSocket* SocketTable::spawn_child(TcpSocket& listener, const TcpSegmentIn& syn)
{
    if (listener.m_children.size() + listener.m_accept_queue.size() >= listener.m_backlog)
        return nullptr; // Linux drops the SYN silently when the queues are full
    SocketId id = tcp_open();
    TcpSocket& child = *m_slots[id.value].tcp;
    child.m_cfg = listener.config();
    child.m_local = syn.dst;
    child.m_remote = syn.src;
    child.m_bound = true;
    child.m_owner = listener.owner();
    listener.m_children.push_back(id);
    register_connection(child);
    child.start_passive(listener.id(), syn);
    return &child;
}

// [SECTION] UDP demux

UdpSocket* SocketTable::find_udp(const net::IpMeta& meta, uint16_t src_port, uint16_t dst_port)
{
    UdpSocket* best = nullptr;
    int best_score = -1;
    for (Slot& slot : m_slots) {
        UdpSocket* u = slot.udp.get();
        if (!u || !u->is_bound() || u->local().port != dst_port || !u->accepts(meta, src_port))
            continue;
        // Linux's scoring: a connected socket beats a bound address beats a wildcard.
        int score = (u->remote() ? 2 : 0) + (u->local().is_wildcard() ? 0 : 1);
        if (score > best_score) best = u, best_score = score;
    }
    return best;
}

bool SocketTable::input_udp(const net::IpMeta& meta, ByteSpan datagram)
{
    auto parsed = wire::udp::parse(datagram, pseudo(meta.src, meta.dst));
    if (!parsed) {
        // RFC 1122 §4.1.3.4: a datagram with a bad checksum is silently discarded.
        ++m_counters.udp_bad_checksum;
        bool sum = parsed.error().kind == wire::WireError::BadChecksum;
        m_node.network().drop_packet(
            m_node.id(), sum ? net::DropReason::BadChecksum : net::DropReason::Malformed,
            m_node.name() + ": UDP datagram from " + meta.src.to_string() +
                " dropped: " + parsed.error().message());
        return true;
    }
    const wire::udp::Repr& r = parsed->repr;
    bool taken = false;
    entry([&] {
        if (is_multicast_or_broadcast(meta.dst) || !m_node.is_local(meta.dst)) {
            // Broadcast and multicast go to every socket that accepts them.
            for (size_t i = 0; i < m_slots.size(); ++i) {
                UdpSocket* u = m_slots[i].udp.get();
                if (!u || !u->is_bound() || u->local().port != r.dst_port ||
                    !u->accepts(meta, r.src_port))
                    continue;
                u->deliver(meta, r.src_port, parsed->payload);
                taken = true;
            }
            return;
        }
        if (UdpSocket* u = find_udp(meta, r.src_port, r.dst_port)) {
            u->deliver(meta, r.src_port, parsed->payload);
            taken = true;
        }
    });
    if (!taken) ++m_counters.udp_no_port;
    return taken; // false: IP answers ICMP port unreachable (RFC 1122 §4.1.3.1)
}

net::SendStatus SocketTable::send_udp(const Endpoint& from, const Endpoint& to, ByteSpan data,
                                      const net::IpNode::SendOptions& opt)
{
    wire::udp::Repr repr{from.port, to.port};
    size_t len = wire::udp::buffer_len(repr, data.size());
    auto fill = [&](MutByteSpan out, const IpAddr& src) {
        wire::udp::emit(repr, data, pseudo(src, to.addr), out);
    };
    if (m_sink) {
        m_scratch.assign(len, 0);
        fill(MutByteSpan(m_scratch), from.addr);
        m_sink(from.addr, to.addr, IpProtocol::Udp, m_scratch);
        return net::SendStatus::Sent;
    }
    return m_node.send_ip(to.addr, IpProtocol::Udp, len, fill, opt);
}

// [SECTION] ICMP

namespace {

// Linux's icmp_err_convert / icmpv6_err_convert: which errno an ICMP error becomes, and whether
// it is "hard" (ends a connection attempt at once).
std::optional<SocketError> errno_of(const net::IcmpError& e, bool& hard)
{
    hard = true;
    if (!e.v6) {
        if (e.type == 11) return SocketError::HostUnreachable; // time exceeded
        if (e.type != 3) return std::nullopt;
        switch (e.code) {
        case 0: hard = false; return SocketError::NetworkUnreachable;
        case 1: hard = false; return SocketError::HostUnreachable;
        case 2:
        case 3: return SocketError::ConnectionRefused;
        case 4: hard = false; return SocketError::MessageTooLong;
        default: return SocketError::HostUnreachable;
        }
    }
    if (e.type == 3) return SocketError::HostUnreachable; // time exceeded
    if (e.type == 2) {
        hard = false;
        return SocketError::MessageTooLong;
    }
    if (e.type != 1) return std::nullopt;
    switch (e.code) {
    case 0: return SocketError::NetworkUnreachable;
    case 1: return SocketError::PermissionDenied;
    case 4: return SocketError::ConnectionRefused;
    default: return SocketError::HostUnreachable;
    }
}

} // namespace

void SocketTable::input_icmp_error(const net::IcmpError& err)
{
    bool hard = false;
    std::optional<SocketError> e = errno_of(err, hard);
    if (!e) return;
    entry([&] {
        if (err.orig_protocol == IpProtocol::Tcp) {
            auto it = m_conns.find(
                ConnKey{err.orig_src, err.orig_dst, err.orig_src_port, err.orig_dst_port});
            if (it != m_conns.end())
                if (TcpSocket* s = tcp(it->second)) s->on_icmp_error(*e, hard);
            return;
        }
        if (err.orig_protocol != IpProtocol::Udp) return;
        Endpoint remote{err.orig_dst, err.orig_dst_port};
        for (Slot& slot : m_slots) {
            UdpSocket* u = slot.udp.get();
            if (u && u->is_bound() && u->local().port == err.orig_src_port && u->remote() &&
                *u->remote() == remote)
                u->on_icmp_error(*e);
        }
    });
}

// [SECTION] notifications

template <class Fn>
void SocketTable::entry(const Fn& fn)
{
    if (m_depth == 0) {
        // Nothing of ours is on the stack here, so parked sockets can finally go.
        m_graveyard.clear();
        m_udp_graveyard.clear();
    }
    ++m_depth;
    fn();
    --m_depth;
    if (m_depth == 0) flush();
}

void SocketTable::mark_dirty(SocketId id)
{
    m_dirty.push_back(id);
    if (m_depth > 0 || m_flush_scheduled) return;
    // A change made by an application call outside packet processing (abort, close): notify
    // from a fresh event, never from inside the call.
    m_flush_scheduled = true;
    // `this`: the table lives on its node until ~Network, after which no event runs.
    m_node.network().scheduler().schedule_in(SimTime::zero(), [this] {
        m_flush_scheduled = false;
        entry([] {});
    });
}

void SocketTable::flush()
{
    ++m_depth; // callbacks may call back into us; they must not flush recursively
    for (size_t i = 0; i < m_dirty.size(); ++i) {
        SocketId id = m_dirty[i];
        SocketEvents ev;
        SocketCallback cb;
        if (TcpSocket* t = tcp(id)) {
            ev = t->take_events();
            if (ev.bits && t->callback() && !t->is_released()) cb = t->callback();
        } else if (UdpSocket* u = udp(id)) {
            ev = u->take_events();
            if (ev.bits && u->callback()) cb = u->callback();
        }
        if (cb) cb(ev); // a copy: the callback may replace itself or close its socket
        reap(id);
    }
    m_dirty.clear();
    --m_depth;
}

kernel::EventId SocketTable::schedule_timer(SocketId id, SimTime at)
{
    // The socket by id (a closed one is not found); `this` lives as long as the node. reap()
    // cancels the timer of a socket that goes.
    return m_node.network().scheduler().schedule_at(at, [this, id] { on_timer(id); });
}

void SocketTable::cancel_timer(kernel::EventId ev)
{
    m_node.network().scheduler().cancel(ev);
}

void SocketTable::on_timer(SocketId id)
{
    entry([&] {
        if (TcpSocket* s = tcp(id)) s->on_timer();
    });
}

} // namespace wirelab::transport
