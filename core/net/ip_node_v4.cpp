// IpNode, IPv4: input, local delivery, forwarding (RFC 1812), output and ICMP (RFC 792).
#include "core/net/ip_node.h"

#include "core/net/network.h"
#include "core/wire/checksum.h"
#include "core/wire/ethernet.h"
#include "core/wire/icmpv4.h"
#include "core/wire/icmpv6.h"
#include "core/wire/ipv4.h"

#include <algorithm>

namespace wirelab::net {

using namespace wire;

bool IpNode::is_broadcast_for(uint32_t p, const Ipv4Addr& a) const
{
    if (a.is_broadcast()) return true;
    if (p >= m_ifaces.size()) return false;
    for (const Ipv4Prefix& pre : m_ifaces[p].ipv4)
        if (pre.has_broadcast() && pre.broadcast() == a) return true;
    return false;
}

std::optional<Ipv4Addr> IpNode::primary_v4(uint32_t p, const Ipv4Addr& towards) const
{
    if (p >= m_ifaces.size() || m_ifaces[p].ipv4.empty()) return std::nullopt;
    // Prefer the address whose subnet holds the destination (or gateway), like Linux's
    // source selection; otherwise the interface's first address.
    for (const Ipv4Prefix& pre : m_ifaces[p].ipv4)
        if (pre.contains(towards)) return pre.addr;
    return m_ifaces[p].ipv4.front().addr;
}

std::optional<IpAddr> IpNode::source_for(const IpAddr& dst) const
{
    if (dst.is_v4() && dst.v4().is_loopback()) return IpAddr(Ipv4Addr{{127, 0, 0, 1}});
    if (dst.is_v6() && dst.v6().is_loopback()) return IpAddr(Ipv6Addr::loopback());
    if (is_local(dst)) return dst;
    const Route* r = m_routes.lookup(dst);
    if (!r) return std::nullopt;
    if (dst.is_v4()) {
        auto s = primary_v4(r->port, r->gateway ? r->gateway->v4() : dst.v4());
        if (s) return IpAddr(*s);
        return std::nullopt;
    }
    auto s = primary_v6(r->port, dst.v6());
    if (s) return IpAddr(*s);
    return std::nullopt;
}

// [SECTION] Input

void IpNode::on_ipv4(uint32_t p, Frame&& frame, size_t offset)
{
    ByteSpan bytes = ByteSpan(frame.bytes).subspan(offset);
    auto parsed = ipv4::parse(bytes);
    if (!parsed) {
        DropReason why = parsed.error().kind == WireError::BadChecksum ? DropReason::BadChecksum
                                                                       : DropReason::Malformed;
        drop(why, name() + ": " + parsed.error().message());
        m_net.frames().give(std::move(frame));
        return;
    }
    const ipv4::Repr& ip = parsed->repr;
    size_t total = ipv4::header_len(ip) + parsed->payload.size();
    bool ours = p == kLoopbackPort
                    ? true
                    : is_local_v4(ip.dst) || is_broadcast_for(p, ip.dst) || ip.dst.is_multicast();
    if (!ours) {
        if (m_forwarding) {
            forward4(p, std::move(frame), offset, total);
            return;
        }
        drop(DropReason::NotForUs, name() + ": packet for " + ip.dst.to_string() +
                                       " is not for this host (it does not forward)");
        m_net.frames().give(std::move(frame));
        return;
    }
    if (ip.is_fragment()) {
        drop(DropReason::Unsupported, name() + ": IPv4 fragment from " + ip.src.to_string() +
                                          " dropped (Wirelab does not reassemble)");
        m_net.frames().give(std::move(frame));
        return;
    }
    IpMeta meta{IpAddr(ip.src), IpAddr(ip.dst), p, ip.ttl, ip.protocol};
    deliver_local4(meta, bytes.subspan(0, total), parsed->payload);
    m_net.frames().give(std::move(frame));
}

void IpNode::deliver_local4(const IpMeta& meta, ByteSpan ip_packet, ByteSpan payload)
{
    if (meta.protocol == IpProtocol::Icmp) {
        on_icmpv4(meta, ip_packet, payload);
        return;
    }
    dispatch_l4(meta, ip_packet, payload);
}

void IpNode::dispatch_l4(const IpMeta& meta, ByteSpan ip_packet, ByteSpan payload)
{
    auto it = m_l4.find(meta.protocol);
    bool taken = it != m_l4.end() && it->second(meta, payload);
    if (taken) return;
    bool v4 = meta.src.is_v4();
    bool multi = v4 ? (meta.dst.v4().is_multicast() || is_broadcast_for(meta.port, meta.dst.v4()))
                    : meta.dst.v6().is_multicast();
    if (meta.protocol == IpProtocol::Udp || it == m_l4.end()) {
        bool udp = meta.protocol == IpProtocol::Udp;
        drop(udp ? DropReason::PortUnreachable : DropReason::Unsupported,
             name() + ": " + (udp ? "no UDP socket for this port" : "protocol not supported") +
                 " (from " + meta.src.to_string() + ")");
        if (multi) return; // never answer broadcasts with errors (RFC 1122 §3.2.2)
        if (v4)
            send_icmp4_error(meta.port, ip_packet, 3, udp ? 3 : 2, 0);
        else
            send_icmp6_error(meta.port, ip_packet, udp ? 1 : 4, udp ? 4 : 1, udp ? 0 : 6);
    }
}

void IpNode::on_icmpv4(const IpMeta& meta, ByteSpan ip_packet, ByteSpan icmp)
{
    auto parsed = icmpv4::parse(icmp);
    if (!parsed) {
        drop(parsed.error().kind == WireError::BadChecksum ? DropReason::BadChecksum
                                                           : DropReason::Malformed,
             name() + ": " + parsed.error().message());
        return;
    }
    if (auto* req = std::get_if<icmpv4::EchoRequest>(&parsed->repr)) {
        if (!meta.dst.v4().is_multicast() && !is_broadcast_for(meta.port, meta.dst.v4())) {
            icmpv4::Repr reply = icmpv4::EchoReply{req->ident, req->seq_no};
            ByteSpan data = parsed->payload;
            SendOptions opt;
            opt.src = meta.dst;
            send_ip4(
                meta.src.v4(), IpProtocol::Icmp, icmpv4::buffer_len(reply, data.size()),
                [&](MutByteSpan out, const IpAddr&) { icmpv4::emit(reply, data, out); }, opt);
        }
        return;
    }
    if (auto* rep = std::get_if<icmpv4::EchoReply>(&parsed->repr)) {
        EchoReply e{meta.src, rep->ident, rep->seq_no, meta.ttl, parsed->payload.size(), true};
        for (uint32_t i = 0; i < parsed->payload.size(); ++i)
            if (parsed->payload[i] != uint8_t(i)) e.data_ok = false;
        auto listeners = m_echo_listeners; // a listener may remove itself
        for (auto& [t, l] : listeners) l(e);
        return;
    }
    IcmpError err;
    err.from = meta.src;
    err.v6 = false;
    if (auto* u = std::get_if<icmpv4::DestUnreachable>(&parsed->repr)) {
        err.type = 3;
        err.code = uint8_t(u->code);
        err.mtu = u->next_hop_mtu;
    } else if (auto* t = std::get_if<icmpv4::TimeExceeded>(&parsed->repr)) {
        err.type = 11;
        err.code = uint8_t(t->code);
    }
    icmp_error_received(err, parsed->payload, false);
}

void IpNode::icmp_error_received(IcmpError err, ByteSpan quoted, bool v6)
{
    // The quoted packet: its IP header and at least 8 bytes of its payload (RFC 792), enough
    // for ports and ICMP ids. Parse it leniently: it is truncated by design.
    if (!v6 && quoted.size() >= 20) {
        size_t ihl = size_t(quoted[0] & 0x0f) * 4;
        err.orig_protocol = IpProtocol(quoted[9]);
        err.orig_src = IpAddr(Ipv4Addr{{quoted[12], quoted[13], quoted[14], quoted[15]}});
        err.orig_dst = IpAddr(Ipv4Addr{{quoted[16], quoted[17], quoted[18], quoted[19]}});
        quoted = quoted.size() >= ihl ? quoted.subspan(ihl) : ByteSpan{};
    } else if (v6 && quoted.size() >= 40) {
        Ipv6Addr s, d;
        std::copy_n(quoted.begin() + 8, 16, s.bytes.begin());
        std::copy_n(quoted.begin() + 24, 16, d.bytes.begin());
        err.orig_src = IpAddr(s);
        err.orig_dst = IpAddr(d);
        err.orig_protocol = IpProtocol(quoted[6]);
        quoted = quoted.subspan(40);
    } else {
        return;
    }
    if (quoted.size() >= 8) {
        bool icmp =
            err.orig_protocol == IpProtocol::Icmp || err.orig_protocol == IpProtocol::Icmpv6;
        if (icmp) {
            err.orig_icmp_id = load_be16(&quoted[4]);
            err.orig_icmp_seq = load_be16(&quoted[6]);
        } else {
            err.orig_src_port = load_be16(quoted.data());
            err.orig_dst_port = load_be16(&quoted[2]);
        }
    }
    auto listeners = m_error_listeners;
    for (auto& [t, l] : listeners) l(err);
}

// [SECTION] Forwarding (RFC 1812 §5.2)

void IpNode::forward4(uint32_t in_port, Frame&& frame, size_t offset, size_t total)
{
    uint8_t* ip = frame.bytes.data() + offset;
    ByteSpan packet(ip, total);
    Ipv4Addr dst{{ip[16], ip[17], ip[18], ip[19]}};
    if (ip[8] <= 1) {
        drop(DropReason::TtlExceeded,
             "TTL exceeded at " + name() + " (packet to " + dst.to_string() + ")");
        send_icmp4_error(in_port, packet, 11, 0, 0);
        m_net.frames().give(std::move(frame));
        return;
    }
    const Route* r = m_routes.lookup(IpAddr(dst));
    if (!r) {
        drop(DropReason::NoRoute, name() + ": no route to " + dst.to_string());
        send_icmp4_error(in_port, packet, 3, 0, 0);
        m_net.frames().give(std::move(frame));
        return;
    }
    uint32_t mtu = m_ifaces[r->port].mtu;
    if (total > mtu) {
        bool df = ip[6] & 0x40;
        drop(DropReason::MtuExceeded,
             name() + ": packet of " + std::to_string(total) + " bytes does not fit the MTU " +
                 std::to_string(mtu) + " of " + port(r->port).name +
                 (df ? " (DF set)" : " (fragmentation is not implemented)"));
        send_icmp4_error(in_port, packet, 3, 4, uint16_t(mtu));
        m_net.frames().give(std::move(frame));
        return;
    }
    // Decrement TTL and patch the checksum incrementally (RFC 1624 eqn. 3).
    uint16_t old_word = load_be16(ip + 8);
    ip[8] -= 1;
    uint16_t new_word = load_be16(ip + 8);
    uint32_t sum = uint32_t(uint16_t(~load_be16(ip + 10))) + uint16_t(~old_word) + new_word;
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    store_be16(ip + 10, uint16_t(~sum));
    // Drop Ethernet padding of the incoming frame, then re-pad for the outgoing one.
    frame.bytes.resize(std::max(offset + total, ethernet::kMinFrameLen));
    if (offset + total < ethernet::kMinFrameLen)
        std::fill(frame.bytes.begin() + long(offset + total), frame.bytes.end(), 0);
    IpAddr next = r->gateway ? *r->gateway : IpAddr(dst);
    resolve_and_send(r->port, next, std::move(frame));
}

// [SECTION] Output

SendStatus IpNode::send_ip4(const Ipv4Addr& dst, IpProtocol proto, size_t len,
                            const PayloadFill& fill, const SendOptions& opt)
{
    bool local = is_local_v4(dst);
    const Route* r = nullptr;
    uint32_t out_port = kLoopbackPort;
    Ipv4Addr next = dst;
    std::optional<Ipv4Addr> src;
    if (opt.src && opt.src->is_v4()) src = opt.src->v4();
    if (local) {
        if (!src) src = dst.is_loopback() ? Ipv4Addr{{127, 0, 0, 1}} : dst;
    } else if (dst.is_broadcast() && opt.port) {
        out_port = *opt.port;
        if (!src) src = primary_v4(out_port, dst).value_or(Ipv4Addr{});
    } else {
        r = m_routes.lookup(IpAddr(dst));
        if (!r) {
            drop(DropReason::NoRoute, name() + ": no route to " + dst.to_string());
            return SendStatus::NoRoute;
        }
        out_port = r->port;
        if (r->gateway) next = r->gateway->v4();
        if (!src) src = primary_v4(out_port, next);
        if (!src) return SendStatus::NoSourceAddress;
        if (!port(out_port).up) return SendStatus::InterfaceDown;
    }
    size_t total = ipv4::kMinHeaderLen + len;
    uint32_t mtu = local ? 65535 : m_ifaces[out_port].mtu;
    if (total > mtu || total > ipv4::kMaxTotalLen) return SendStatus::TooBig;
    ipv4::Repr ip;
    ip.src = *src;
    ip.dst = dst;
    ip.protocol = proto;
    ip.ttl = opt.ttl.value_or(m_default_ttl);
    ip.ident = m_next_ident++;
    ip.dont_frag = opt.dont_frag;
    size_t off = ethernet::kHeaderLen;
    Frame f = m_net.frames().take(std::max(off + total, ethernet::kMinFrameLen));
    std::fill(f.bytes.begin(), f.bytes.end(), 0);
    MutByteSpan payload = MutByteSpan(f.bytes).subspan(off + ipv4::kMinHeaderLen, len);
    fill(payload, IpAddr(*src));
    ipv4::emit(ip, payload, MutByteSpan(f.bytes).subspan(off, total));
    store_be16(f.bytes.data() + 12, uint16_t(ethernet::EtherType::Ipv4));
    if (local) {
        loopback(std::move(f), false);
        return SendStatus::Sent;
    }
    resolve_and_send(out_port, IpAddr(next), std::move(f));
    return SendStatus::Sent;
}

void IpNode::loopback(Frame&& frame, bool v6)
{
    // The loopback interface never reaches a wire: the packet re-enters our own stack as a new
    // event (so a reply is never processed inside the call that sent the request).
    NodeId self = id();
    Network* net = &m_net;
    m_net.scheduler().schedule_in(
        SimTime::from_us(5), [net, self, v6, f = std::move(frame)]() mutable {
            auto& n = static_cast<IpNode&>(net->node(self));
            if (v6)
                n.on_ipv6(kLoopbackPort, std::move(f), ethernet::kHeaderLen);
            else
                n.on_ipv4(kLoopbackPort, std::move(f), ethernet::kHeaderLen);
        });
}

SendStatus IpNode::send_echo(const IpAddr& dst, uint16_t ident, uint16_t seq, size_t data_len,
                             const SendOptions& opt)
{
    // Payload pattern 0x00 0x01 ... like Linux ping's default fill, checked on the reply.
    auto fill_data = [data_len](MutByteSpan data) {
        for (size_t i = 0; i < data_len; ++i) data[i] = uint8_t(i);
    };
    if (dst.is_v4()) {
        icmpv4::Repr req = icmpv4::EchoRequest{ident, seq};
        return send_ip(
            dst, IpProtocol::Icmp, icmpv4::buffer_len(req, data_len),
            [&](MutByteSpan out, const IpAddr&) {
                fill_data(out.subspan(icmpv4::kHeaderLen));
                icmpv4::emit(req, out.subspan(icmpv4::kHeaderLen), out);
            },
            opt);
    }
    icmpv6::Repr req = icmpv6::EchoRequest{ident, seq};
    Ipv6Addr d = dst.v6();
    return send_ip(
        dst, IpProtocol::Icmpv6, icmpv6::buffer_len(req, data_len),
        [&](MutByteSpan out, const IpAddr& src) {
            fill_data(out.subspan(icmpv6::kHeaderLen));
            icmpv6::emit(req, out.subspan(icmpv6::kHeaderLen), src.v6(), d, out);
        },
        opt);
}

void IpNode::send_icmp4_error(uint32_t in_port, ByteSpan orig, uint8_t type, uint8_t code,
                              uint16_t mtu)
{
    // RFC 1122 §3.2.2: never an error about an ICMP error, a broadcast/multicast, a non-initial
    // fragment, or a packet whose source is not a single host.
    if (orig.size() < 20) return;
    Ipv4Addr osrc{{orig[12], orig[13], orig[14], orig[15]}};
    Ipv4Addr odst{{orig[16], orig[17], orig[18], orig[19]}};
    size_t ihl = size_t(orig[0] & 0x0f) * 4;
    if (osrc.is_unspecified() || osrc.is_broadcast() || osrc.is_multicast()) return;
    if (odst.is_multicast() || is_broadcast_for(in_port, odst)) return;
    if ((load_be16(&orig[6]) & 0x1fff) != 0) return;
    if (orig[9] == uint8_t(IpProtocol::Icmp) && orig.size() > ihl) {
        uint8_t t = orig[ihl];
        if (t != 0 && t != 8) return; // only echo request/reply may trigger an error
    }
    icmpv4::Repr repr;
    if (type == 11)
        repr = icmpv4::TimeExceeded{icmpv4::TimeExceededCode(code)};
    else
        repr = icmpv4::DestUnreachable{icmpv4::UnreachableCode(code), mtu};
    ByteSpan quote = icmpv4::quote_invoking(orig);
    // The source is the address of the interface the error leaves by (Linux's default,
    // icmp_errors_use_inbound_ifaddr = 0), chosen by send_ip4 like any other packet.
    SendOptions opt;
    send_ip4(
        osrc, IpProtocol::Icmp, icmpv4::buffer_len(repr, quote.size()),
        [&](MutByteSpan out, const IpAddr&) { icmpv4::emit(repr, quote, out); }, opt);
}

} // namespace wirelab::net
