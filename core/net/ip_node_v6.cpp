// IpNode, IPv6: input, forwarding, output, ICMPv6 (RFC 4443), neighbour discovery and router
// advertisements (RFC 4861), stateless address autoconfiguration (RFC 4862).
#include "core/net/ip_node.h"

#include "core/net/network.h"
#include "core/wire/ethernet.h"
#include "core/wire/icmpv6.h"
#include "core/wire/ipv6.h"

#include <algorithm>

namespace wirelab::net {

using namespace wire;

// RFC 4861 §10 router constants, shortened so that labs see advertisements within seconds.
constexpr SimTime kRaInterval = SimTime::from_s(30);
constexpr uint16_t kRouterLifetime = 1800;
constexpr uint32_t kPrefixValid = 86400, kPrefixPreferred = 14400;

namespace {
const Ipv6Addr kAllNodes{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};
const Ipv6Addr kAllRouters{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}};
} // namespace

std::optional<Ipv6Addr> IpNode::primary_v6(uint32_t p, const Ipv6Addr& towards) const
{
    if (p >= m_ifaces.size()) return std::nullopt;
    const IpInterface& i = m_ifaces[p];
    // RFC 6724 in short: link-local destinations get the link-local source; otherwise an
    // address of matching prefix, else the first global one, else link-local.
    if (towards.is_link_local() || towards.is_multicast()) {
        if (!(towards.is_multicast() && (towards.bytes[1] & 0x0f) > 2) || i.ipv6.empty())
            return i.link_local.addr;
    }
    for (const Ipv6Prefix& pre : i.ipv6)
        if (pre.contains(towards)) return pre.addr;
    if (!i.ipv6.empty()) return i.ipv6.front().addr;
    return i.link_local.addr;
}

// [SECTION] Input

void IpNode::on_ipv6(uint32_t p, Frame&& frame, size_t offset)
{
    ByteSpan bytes = ByteSpan(frame.bytes).subspan(offset);
    auto parsed = ipv6::parse(bytes);
    if (!parsed) {
        drop(DropReason::Malformed, name() + ": " + parsed.error().message());
        m_net.frames().give(std::move(frame));
        return;
    }
    const ipv6::Repr& ip = parsed->repr;
    size_t total = ipv6::kHeaderLen + size_t(parsed->payload.data() + parsed->payload.size() -
                                             (bytes.data() + ipv6::kHeaderLen));
    bool ours = p == kLoopbackPort || is_local_v6(ip.dst) ||
                (ip.dst.is_multicast() && (ip.dst == kAllNodes || ip.dst.bytes[11] == 0x01 ||
                                           (m_forwarding && ip.dst == kAllRouters)));
    if (ip.dst.is_multicast() && ip.dst.bytes[11] == 0x01 && ip.dst.bytes[12] == 0xff && !ours)
        ours = true;
    if (!ours) {
        if (ip.dst.is_multicast()) { // a group we have not joined
            m_net.frames().give(std::move(frame));
            return;
        }
        if (m_forwarding) {
            forward6(p, std::move(frame), offset, total);
            return;
        }
        drop(DropReason::NotForUs, name() + ": packet for " + ip.dst.to_string() +
                                       " is not for this host (it does not forward)");
        m_net.frames().give(std::move(frame));
        return;
    }
    IpMeta meta{IpAddr(ip.src), IpAddr(ip.dst), p, ip.hop_limit, parsed->protocol};
    deliver_local6(meta, bytes.subspan(0, total), parsed->payload);
    m_net.frames().give(std::move(frame));
}

void IpNode::deliver_local6(const IpMeta& meta, ByteSpan ip_packet, ByteSpan payload)
{
    if (meta.protocol == IpProtocol::Icmpv6) {
        on_icmpv6(meta, ip_packet, payload);
        return;
    }
    dispatch_l4(meta, ip_packet, payload);
}

void IpNode::on_icmpv6(const IpMeta& meta, ByteSpan ip_packet, ByteSpan icmp)
{
    const Ipv6Addr src = meta.src.v6(), dst = meta.dst.v6();
    auto parsed = icmpv6::parse(icmp, src, dst);
    if (!parsed) {
        drop(parsed.error().kind == WireError::BadChecksum ? DropReason::BadChecksum
                                                           : DropReason::Malformed,
             name() + ": " + parsed.error().message());
        return;
    }
    const icmpv6::Repr& r = parsed->repr;
    uint32_t p = meta.port;
    if (auto* ns = std::get_if<icmpv6::NeighborSolicit>(&r)) {
        if (p == kLoopbackPort || meta.ttl != 255) return; // RFC 4861 §7.1.1
        if (ns->source_ll && !src.is_unspecified())
            neighbor_confirmed(p, IpAddr(src), *ns->source_ll, true);
        bool mine = ns->target == m_ifaces[p].link_local.addr;
        for (const Ipv6Prefix& pre : m_ifaces[p].ipv6) mine |= pre.addr == ns->target;
        if (!mine) return;
        icmpv6::Repr na = icmpv6::NeighborAdvert{m_forwarding, !src.is_unspecified(), true,
                                                 ns->target, port(p).mac};
        Ipv6Addr to = src.is_unspecified() ? kAllNodes : src;
        MacAddr to_mac = ns->source_ll.value_or(to.multicast_mac());
        send_ndp(
            p, to, to_mac, icmpv6::buffer_len(na, 0),
            [&](MutByteSpan out, const Ipv6Addr& from) { icmpv6::emit(na, {}, from, to, out); },
            ns->target);
        return;
    }
    if (auto* na = std::get_if<icmpv6::NeighborAdvert>(&r)) {
        if (p == kLoopbackPort || meta.ttl != 255) return;
        if (na->target_ll) neighbor_confirmed(p, IpAddr(na->target), *na->target_ll, false);
        return;
    }
    if (auto* rs = std::get_if<icmpv6::RouterSolicit>(&r)) {
        if (!m_forwarding || p == kLoopbackPort || m_ifaces[p].advertise.empty()) return;
        // RFC 4861 §6.2.6: the answer may go unicast to the solicitor, which needs its link-layer
        // address (the option); without one, or from "::", it goes to all-nodes.
        if (src.is_unspecified() || !rs->source_ll)
            send_router_advert(p, kAllNodes, kAllNodes.multicast_mac());
        else
            send_router_advert(p, src, *rs->source_ll);
        return;
    }
    if (std::holds_alternative<icmpv6::RouterAdvert>(r)) {
        on_router_advert(p, meta, icmp);
        return;
    }
    if (auto* req = std::get_if<icmpv6::EchoRequest>(&r)) {
        if (dst.is_multicast()) return; // Linux ignores multicast echo by default
        icmpv6::Repr reply = icmpv6::EchoReply{req->ident, req->seq_no};
        ByteSpan data = parsed->payload;
        SendOptions opt;
        opt.src = meta.dst;
        send_ip6(
            src, IpProtocol::Icmpv6, icmpv6::buffer_len(reply, data.size()),
            [&](MutByteSpan out, const IpAddr& from) {
                icmpv6::emit(reply, data, from.v6(), src, out);
            },
            opt);
        return;
    }
    if (auto* rep = std::get_if<icmpv6::EchoReply>(&r)) {
        EchoReply e{meta.src, rep->ident, rep->seq_no, meta.ttl, parsed->payload.size(), true};
        for (uint32_t i = 0; i < parsed->payload.size(); ++i)
            if (parsed->payload[i] != uint8_t(i)) e.data_ok = false;
        auto listeners = m_echo_listeners;
        for (auto& [t, l] : listeners) l(e);
        return;
    }
    IcmpError err;
    err.from = meta.src;
    err.v6 = true;
    if (auto* u = std::get_if<icmpv6::DestUnreachable>(&r)) {
        err.type = 1;
        err.code = uint8_t(u->code);
    } else if (auto* t = std::get_if<icmpv6::TimeExceeded>(&r)) {
        err.type = 3;
        err.code = uint8_t(t->code);
    } else if (auto* b = std::get_if<icmpv6::PacketTooBig>(&r)) {
        err.type = 2;
        err.mtu = b->mtu;
    } else if (auto* pp = std::get_if<icmpv6::ParamProblem>(&r)) {
        err.type = 4;
        err.code = uint8_t(pp->code);
    } else {
        return;
    }
    icmp_error_received(err, parsed->payload, true);
}

void IpNode::on_router_advert(uint32_t p, const IpMeta& meta, ByteSpan icmp)
{
    if (p == kLoopbackPort || meta.ttl != 255 || !meta.src.v6().is_link_local()) return; // §6.1.2
    if (!m_ifaces[p].slaac || m_forwarding) return;
    auto parsed = icmpv6::parse(icmp, meta.src.v6(), meta.dst.v6());
    const auto& ra = std::get<icmpv6::RouterAdvert>(parsed->repr);
    if (ra.source_ll) neighbor_confirmed(p, meta.src, *ra.source_ll, true);
    if (ra.mtu && *ra.mtu >= 1280) m_ifaces[p].mtu = *ra.mtu;
    for (const icmpv6::PrefixInfo& pi : ra.prefixes) {
        Ipv6Prefix net{pi.prefix, pi.prefix_len};
        if (pi.on_link)
            m_routes.add(
                {IpPrefix(net.canonical()), std::nullopt, p, 256, RouteOrigin::RouterAdvert});
        // RFC 4862 §5.5.3: a /64 with the A flag forms prefix + interface identifier.
        if (!pi.autonomous || pi.prefix_len != 64 || pi.prefix.is_link_local()) continue;
        Ipv6Addr a = net.network();
        const Ipv6Addr& ll = m_ifaces[p].link_local.addr;
        std::copy(ll.bytes.begin() + 8, ll.bytes.end(), a.bytes.begin() + 8);
        bool have = false;
        for (const Ipv6Prefix& pre : m_ifaces[p].ipv6) have |= pre.addr == a;
        if (!have) {
            m_ifaces[p].ipv6.push_back({a, 64});
            rebuild_local_addresses();
            TraceEvent ev{m_net.now(),
                          TraceKind::Info,
                          DropReason::None,
                          id(),
                          {},
                          0,
                          name() + ": SLAAC address " + a.to_string() + "/64 on " + port(p).name};
            m_net.trace(ev);
        }
    }
    if (ra.router_lifetime > 0)
        m_routes.add(
            {IpPrefix(Ipv6Prefix{Ipv6Addr{}, 0}), meta.src, p, 1024, RouteOrigin::RouterAdvert});
    else
        m_routes.remove(IpPrefix(Ipv6Prefix{Ipv6Addr{}, 0}), meta.src);
}

// [SECTION] Forwarding

void IpNode::forward6(uint32_t in_port, Frame&& frame, size_t offset, size_t total)
{
    uint8_t* ip = frame.bytes.data() + offset;
    ByteSpan packet(ip, total);
    Ipv6Addr dst, src;
    std::copy_n(ip + 24, 16, dst.bytes.begin());
    std::copy_n(ip + 8, 16, src.bytes.begin());
    if (src.is_link_local() || dst.is_link_local()) { // RFC 4291 §2.5.6: never forwarded
        drop(DropReason::NoRoute,
             name() + ": link-local packet to " + dst.to_string() + " not forwarded");
        m_net.frames().give(std::move(frame));
        return;
    }
    if (ip[7] <= 1) {
        drop(DropReason::TtlExceeded,
             "hop limit exceeded at " + name() + " (packet to " + dst.to_string() + ")");
        send_icmp6_error(in_port, packet, 3, 0, 0);
        m_net.frames().give(std::move(frame));
        return;
    }
    const Route* r = m_routes.lookup(IpAddr(dst));
    if (!r) {
        drop(DropReason::NoRoute, name() + ": no route to " + dst.to_string());
        send_icmp6_error(in_port, packet, 1, 0, 0);
        m_net.frames().give(std::move(frame));
        return;
    }
    uint32_t mtu = m_ifaces[r->port].mtu;
    if (total > mtu) {
        drop(DropReason::MtuExceeded, name() + ": packet of " + std::to_string(total) +
                                          " bytes does not fit the MTU " + std::to_string(mtu) +
                                          " of " + port(r->port).name);
        send_icmp6_error(in_port, packet, 2, 0, mtu);
        m_net.frames().give(std::move(frame));
        return;
    }
    ip[7] -= 1; // IPv6 has no header checksum
    frame.bytes.resize(std::max(offset + total, ethernet::kMinFrameLen));
    if (offset + total < ethernet::kMinFrameLen)
        std::fill(frame.bytes.begin() + long(offset + total), frame.bytes.end(), 0);
    IpAddr next = r->gateway ? *r->gateway : IpAddr(dst);
    resolve_and_send(r->port, next, std::move(frame));
}

// [SECTION] Output

SendStatus IpNode::send_ip6(const Ipv6Addr& dst, IpProtocol proto, size_t len,
                            const PayloadFill& fill, const SendOptions& opt)
{
    bool local = is_local_v6(dst);
    uint32_t out_port = kLoopbackPort;
    Ipv6Addr next = dst;
    std::optional<Ipv6Addr> src;
    if (opt.src && opt.src->is_v6()) src = opt.src->v6();
    if (local) {
        if (!src) src = dst;
    } else if ((dst.is_multicast() || dst.is_link_local()) && opt.port) {
        out_port = *opt.port;
        if (!src) src = primary_v6(out_port, dst);
    } else {
        const Route* r = m_routes.lookup(IpAddr(dst));
        if (!r && dst.is_link_local()) {
            // fe80::/64 is on every link; without a scope id, Linux picks none. Use the first
            // connected port, which is what a single-NIC host means.
            for (uint32_t i = 0; i < m_ifaces.size() && out_port == kLoopbackPort; ++i)
                if (port(i).link.is_valid()) out_port = i;
            if (out_port == kLoopbackPort) return SendStatus::NoRoute;
        } else if (!r) {
            drop(DropReason::NoRoute, name() + ": no route to " + dst.to_string());
            return SendStatus::NoRoute;
        } else {
            out_port = r->port;
            if (r->gateway) next = r->gateway->v6();
        }
        if (!src) src = primary_v6(out_port, dst);
        if (!port(out_port).up) return SendStatus::InterfaceDown;
    }
    size_t total = ipv6::kHeaderLen + len;
    uint32_t mtu = local ? 65535 : m_ifaces[out_port].mtu;
    if (total > mtu || len > 65535) return SendStatus::TooBig;
    ipv6::Repr ip;
    ip.src = *src;
    ip.dst = dst;
    ip.next_header = proto;
    ip.hop_limit = opt.ttl.value_or(m_default_ttl);
    size_t off = ethernet::kHeaderLen;
    Frame f = m_net.frames().take(std::max(off + total, ethernet::kMinFrameLen));
    std::fill(f.bytes.begin(), f.bytes.end(), 0);
    MutByteSpan payload = MutByteSpan(f.bytes).subspan(off + ipv6::kHeaderLen, len);
    fill(payload, IpAddr(*src));
    ipv6::emit(ip, payload, MutByteSpan(f.bytes).subspan(off, total));
    store_be16(f.bytes.data() + 12, uint16_t(ethernet::EtherType::Ipv6));
    if (local) {
        loopback(std::move(f), true);
        return SendStatus::Sent;
    }
    resolve_and_send(out_port, IpAddr(next), std::move(f));
    return SendStatus::Sent;
}

void IpNode::send_ndp(uint32_t p, const Ipv6Addr& dst, const MacAddr& dst_mac, size_t icmp_len,
                      FnRef<void(MutByteSpan, const Ipv6Addr&)> fill, const Ipv6Addr& src)
{
    // Neighbour discovery goes straight to the wire with hop limit 255 (RFC 4861 §7.1), never
    // through resolution itself.
    ipv6::Repr ip;
    ip.src = src;
    ip.dst = dst;
    ip.next_header = IpProtocol::Icmpv6;
    ip.hop_limit = 255;
    size_t off = ethernet::kHeaderLen, total = ipv6::kHeaderLen + icmp_len;
    Frame f = m_net.frames().take(std::max(off + total, ethernet::kMinFrameLen));
    std::fill(f.bytes.begin(), f.bytes.end(), 0);
    MutByteSpan payload = MutByteSpan(f.bytes).subspan(off + ipv6::kHeaderLen, icmp_len);
    fill(payload, src);
    ipv6::emit(ip, payload, MutByteSpan(f.bytes).subspan(off, total));
    ethernet::Repr eth{dst_mac, port(p).mac, ethernet::EtherType::Ipv6};
    ethernet::emit(eth, MutByteSpan(f.bytes).subspan(off, total), MutByteSpan(f.bytes));
    m_net.transmit(id(), p, std::move(f));
}

void IpNode::send_router_solicit(uint32_t p)
{
    if (!port(p).link.is_valid()) return;
    icmpv6::Repr rs = icmpv6::RouterSolicit{port(p).mac};
    send_ndp(
        p, kAllRouters, kAllRouters.multicast_mac(), icmpv6::buffer_len(rs, 0),
        [&](MutByteSpan out, const Ipv6Addr& from) {
            icmpv6::emit(rs, {}, from, kAllRouters, out);
        },
        m_ifaces[p].link_local.addr);
}

void IpNode::send_router_advert(uint32_t p, const Ipv6Addr& to, const MacAddr& to_mac)
{
    icmpv6::RouterAdvert ra;
    ra.cur_hop_limit = 64;
    ra.router_lifetime = kRouterLifetime;
    ra.source_ll = port(p).mac;
    ra.mtu = m_ifaces[p].mtu;
    for (const Ipv6Prefix& pre : m_ifaces[p].advertise)
        ra.prefixes.push_back({pre.len, true, true, kPrefixValid, kPrefixPreferred, pre.network()});
    icmpv6::Repr repr = ra;
    send_ndp(
        p, to, to_mac, icmpv6::buffer_len(repr, 0),
        [&](MutByteSpan out, const Ipv6Addr& from) { icmpv6::emit(repr, {}, from, to, out); },
        m_ifaces[p].link_local.addr);
}

void IpNode::schedule_router_adverts()
{
    if (!m_forwarding) return;
    bool any = false;
    for (uint32_t p = 0; p < m_ifaces.size(); ++p) {
        if (m_ifaces[p].advertise.empty() || !port(p).link.is_valid()) continue;
        any = true;
        send_router_advert(p, kAllNodes, kAllNodes.multicast_mac());
    }
    if (!any) return;
    NodeId self = id();
    Network* net = &m_net;
    m_ra_timer = m_net.scheduler().schedule_in(kRaInterval, [net, self] {
        static_cast<IpNode&>(net->node(self)).schedule_router_adverts();
    });
}

void IpNode::send_icmp6_error(uint32_t in_port, ByteSpan orig, uint8_t type, uint8_t code,
                              uint32_t extra)
{
    if (orig.size() < 40) return;
    Ipv6Addr osrc, odst;
    std::copy_n(orig.begin() + 8, 16, osrc.bytes.begin());
    std::copy_n(orig.begin() + 24, 16, odst.bytes.begin());
    // RFC 4443 §2.4(e): not in response to errors, multicast (except too-big), or from ::.
    if (osrc.is_unspecified() || osrc.is_multicast()) return;
    if (odst.is_multicast() && type != 2) return;
    if (orig[6] == uint8_t(IpProtocol::Icmpv6) && orig.size() > 40 && orig[40] < 128) return;
    icmpv6::Repr repr;
    switch (type) {
    case 1: repr = icmpv6::DestUnreachable{icmpv6::UnreachableCode(code)}; break;
    case 2: repr = icmpv6::PacketTooBig{extra}; break;
    case 3: repr = icmpv6::TimeExceeded{icmpv6::TimeExceededCode(code)}; break;
    default: repr = icmpv6::ParamProblem{icmpv6::ParamProblemCode(code), extra}; break;
    }
    ByteSpan quote = icmpv6::quote_invoking(orig);
    SendOptions opt; // source chosen by route towards the offender, as for IPv4
    send_ip6(
        osrc, IpProtocol::Icmpv6, icmpv6::buffer_len(repr, quote.size()),
        [&](MutByteSpan out, const IpAddr& from) {
            icmpv6::emit(repr, quote, from.v6(), osrc, out);
        },
        opt);
}

std::string IcmpError::describe() const
{
    if (!v6) {
        if (type == 11)
            return code == 0 ? "Time to live exceeded" : "Frag reassembly time exceeded";
        switch (code) {
        case 0: return "Destination Net Unreachable";
        case 1: return "Destination Host Unreachable";
        case 2: return "Destination Protocol Unreachable";
        case 3: return "Destination Port Unreachable";
        case 4: return "Frag needed and DF set (mtu = " + std::to_string(mtu) + ")";
        case 13: return "Communication administratively prohibited";
        default: return "Destination unreachable (code " + std::to_string(code) + ")";
        }
    }
    switch (type) {
    case 1:
        switch (code) {
        case 0: return "Destination unreachable: No route";
        case 1: return "Destination unreachable: Administratively prohibited";
        case 3: return "Destination unreachable: Address unreachable";
        case 4: return "Destination unreachable: Port unreachable";
        default: return "Destination unreachable (code " + std::to_string(code) + ")";
        }
    case 2: return "Packet too big: mtu=" + std::to_string(mtu);
    case 3: return "Time exceeded: Hop limit";
    default: return "Parameter problem (code " + std::to_string(code) + ")";
    }
}

} // namespace wirelab::net
