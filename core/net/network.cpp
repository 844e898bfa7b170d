#include "core/net/network.h"

#include <algorithm>

namespace wirelab::net {

Network::Network(uint64_t seed) : m_seed(seed), m_root_rng(seed) {}
Network::~Network() = default;

wire::MacAddr Network::make_mac(NodeId node, uint32_t port) const
{
    // 02:57:4c (locally administered, "WL") + node and port, so addresses are stable across runs
    // and readable in captures: 02:57:4c:00:03:01 is node 3, port 1.
    uint32_t n = node.value;
    return {{0x02, 0x57, 0x4c, uint8_t(n >> 8), uint8_t(n), uint8_t(port)}};
}

Node* Network::find_node(std::string_view name)
{
    for (auto& n : m_nodes)
        if (n->name() == name) return n.get();
    return nullptr;
}

Result<LinkId, ConnectError> Network::connect(LinkEnd a, LinkEnd b, const LinkParams& params)
{
    for (const LinkEnd& e : {a, b}) {
        if (!e.node.is_valid() || e.node.value >= m_nodes.size())
            return fail(ConnectError{"no such device"});
        Node& n = node(e.node);
        if (e.port >= n.ports().size())
            return fail(ConnectError{n.name() + " has no port " + std::to_string(e.port)});
        if (n.port(e.port).link.is_valid())
            return fail(
                ConnectError{n.name() + ":" + n.port(e.port).name + " is already connected"});
    }
    if (a.node == b.node && a.port == b.port)
        return fail(ConnectError{"a cable cannot connect a port to itself"});
    LinkId id(uint32_t(m_links.size()));
    Rng rng = m_root_rng.stream("link:" + std::to_string(id.value));
    m_links.emplace_back(id, a, b, params, rng);
    node(a.node).port(a.port).link = id;
    node(b.node).port(b.port).link = id;
    if (m_started) {
        node(a.node).on_link_change(a.port);
        node(b.node).on_link_change(b.port);
    }
    return id;
}

void Network::set_link_up(LinkId id, bool up)
{
    Link& l = link(id);
    if (l.is_up() == up) return;
    l.set_up(up);
    for (int s = 0; s < 2; ++s) node(l.end(s).node).on_link_change(l.end(s).port);
}

void Network::start()
{
    if (m_started) return;
    m_started = true;
    for (auto& n : m_nodes) n->start();
}

uint64_t Network::run_until(SimTime until, uint64_t max_events)
{
    start();
    return m_sched.run_until(until, max_events);
}

void Network::trace(const TraceEvent& ev)
{
    m_fp.add(uint64_t(ev.at.ns()));
    m_fp.add((uint64_t(ev.kind) << 8) | uint64_t(ev.reason));
    m_fp.add(ev.node.value);
    if (m_trace_sink) m_trace_sink(ev);
}

void Network::drop_packet(NodeId node, DropReason reason, std::string text)
{
    TraceEvent ev;
    ev.at = now();
    ev.kind = TraceKind::PacketDropped;
    ev.reason = reason;
    ev.node = node;
    ev.text = std::move(text);
    trace(ev);
}

void Network::fingerprint_frame(SimTime at, uint32_t where, const Frame& f)
{
    m_fp.add(uint64_t(at.ns()));
    m_fp.add((uint64_t(where) << 32) | f.bytes.size());
    m_fp.add_bytes(f.bytes.data(), f.bytes.size());
}

void Network::transmit(NodeId from, uint32_t port, Frame&& frame)
{
    Node& n = node(from);
    Port& p = n.port(port);
    if (!p.link.is_valid() || !p.up) {
        drop_packet(from, DropReason::InterfaceDown,
                    n.name() + ":" + p.name + (p.link.is_valid() ? " is down" : " has no cable"));
        m_pool.give(std::move(frame));
        return;
    }
    Link& l = link(p.link);
    int side = l.side_of(from, port);
    LinkDirState& st = l.state(side);
    if (frame.serial == 0) frame.serial = m_next_serial++;
    if (!l.is_up()) {
        TraceEvent ev{now(),
                      TraceKind::FrameDropped,
                      DropReason::LinkDown,
                      from,
                      l.id(),
                      frame.serial,
                      "link " + n.name() + ":" + p.name + " is down"};
        trace(ev);
        m_pool.give(std::move(frame));
        return;
    }
    if (st.queued >= l.dir(side).queue_limit) {
        ++st.queue_drops;
        TraceEvent ev{now(),
                      TraceKind::FrameDropped,
                      DropReason::QueueFull,
                      from,
                      l.id(),
                      frame.serial,
                      "queue full on " + n.name() + ":" + p.name + " (" +
                          std::to_string(l.dir(side).queue_limit) + " frames)"};
        trace(ev);
        m_pool.give(std::move(frame));
        return;
    }
    SimTime start = std::max(now(), st.busy_until);
    st.busy_until = start + l.tx_time(side, frame.bytes.size());
    ++st.queued;
    LinkId lid = l.id();
    // `this` is the network, which owns the scheduler: its events cannot outlive it. Links and
    // nodes are named by id and never removed.
    m_sched.schedule_at(st.busy_until, [this, lid, side, start, f = std::move(frame)]() mutable {
        finish_tx(lid, side, start, std::move(f));
    });
}

void Network::finish_tx(LinkId lid, int side, SimTime tx_start, Frame&& frame)
{
    Link& l = link(lid);
    LinkDirState& st = l.state(side);
    --st.queued;
    ++st.sent;
    ++m_frames_sent;
    const LinkEnd& from = l.end(side);
    fingerprint_frame(tx_start, lid.value * 2 + uint32_t(side), frame);
    if (m_tap) m_tap(tx_start, from.node, from.port, TapDirection::Out, frame);
    if (m_trace_sink) {
        TraceEvent ev{
            tx_start, TraceKind::FrameSent, DropReason::None, from.node, lid, frame.serial, {}};
        m_trace_sink(ev);
    }
    LinkVerdict v = l.judge(side, frame.bytes.size());
    if (v.lost) {
        ++st.lost;
        const Node& n = node(from.node);
        const LinkEnd& to = l.end(1 - side);
        TraceEvent ev{now(),
                      TraceKind::FrameDropped,
                      DropReason::LinkLoss,
                      from.node,
                      lid,
                      frame.serial,
                      "lost on link " + n.name() + "–" + node(to.node).name()};
        trace(ev);
        m_pool.give(std::move(frame));
        return;
    }
    if (v.corrupt) {
        ++st.corrupted;
        frame.bytes[v.corrupt_bit / 8] ^= uint8_t(1u << (v.corrupt_bit % 8));
    }
    SimTime arrive = now() + l.dir(side).delay + v.extra_delay;
    if (v.extra_delay > SimTime::zero()) ++st.reordered;
    if (v.duplicate) {
        ++st.duplicated;
        Frame copy = m_pool.clone(frame);
        m_sched.schedule_at(arrive, [this, lid, side, f = std::move(copy)]() mutable {
            deliver(lid, side, std::move(f));
        });
    }
    m_sched.schedule_at(arrive, [this, lid, side, f = std::move(frame)]() mutable {
        deliver(lid, side, std::move(f));
    });
}

void Network::deliver(LinkId lid, int side, Frame&& frame)
{
    Link& l = link(lid);
    const LinkEnd& to = l.end(1 - side);
    Node& n = node(to.node);
    if (!l.is_up() || !n.port(to.port).up) {
        TraceEvent ev{now(),
                      TraceKind::FrameDropped,
                      DropReason::LinkDown,
                      to.node,
                      lid,
                      frame.serial,
                      n.name() + ":" + n.port(to.port).name + " is down"};
        trace(ev);
        m_pool.give(std::move(frame));
        return;
    }
    ++l.state(side).delivered;
    if (m_tap) m_tap(now(), to.node, to.port, TapDirection::In, frame);
    if (m_trace_sink) {
        TraceEvent ev{
            now(), TraceKind::FrameDelivered, DropReason::None, to.node, lid, frame.serial, {}};
        m_trace_sink(ev);
    }
    n.on_frame(to.port, std::move(frame));
}

} // namespace wirelab::net
