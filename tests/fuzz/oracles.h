// Round-trip oracles shared by the property tests and the libFuzzer targets: parse arbitrary
// bytes (checksums not verified, to get past them); whenever the parser accepts, emit the
// result and require that the emitted bytes parse again, checksums verified, to the same Repr
// and payload. Each returns nullptr when consistent, else what broke.
#pragma once

#include "core/wire/arp.h"
#include "core/wire/ethernet.h"
#include "core/wire/icmpv4.h"
#include "core/wire/icmpv6.h"
#include "core/wire/ipv4.h"
#include "core/wire/ipv6.h"
#include "core/wire/pcap.h"
#include "core/wire/tcp.h"
#include "core/wire/udp.h"

#include <algorithm>

namespace wirelab::oracle {

inline bool same_bytes(ByteSpan a, ByteSpan b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// Addresses for the checksummed protocols' pseudo-headers.
inline constexpr wire::Ipv4Addr kSrc4{{192, 0, 2, 1}};
inline constexpr wire::Ipv4Addr kDst4{{198, 51, 100, 7}};
inline constexpr wire::Ipv6Addr kSrc6{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};
inline constexpr wire::Ipv6Addr kDst6{{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}};

inline const char* ethernet(ByteSpan in)
{
    auto p = wire::ethernet::parse(in);
    if (!p) return nullptr;
    Bytes out(wire::ethernet::buffer_len(p->repr, p->payload.size(), wire::ethernet::Pad::None));
    wire::ethernet::emit(p->repr, p->payload, out);
    auto q = wire::ethernet::parse(out);
    if (!q || !(q->repr == p->repr) || !same_bytes(q->payload, p->payload))
        return "ethernet: emit(parse(x)) does not parse back the same";
    return nullptr;
}

inline const char* arp(ByteSpan in)
{
    auto p = wire::arp::parse(in);
    if (!p) return nullptr;
    Bytes out(wire::arp::buffer_len(p.value()));
    wire::arp::emit(p.value(), out);
    auto q = wire::arp::parse(out);
    if (!q || !(q.value() == p.value())) return "arp: emit(parse(x)) does not parse back the same";
    return nullptr;
}

inline const char* ipv4(ByteSpan in)
{
    auto p = wire::ipv4::parse(in, wire::ChecksumCheck::Skip);
    if (!p) return nullptr;
    Bytes out(wire::ipv4::buffer_len(p->repr, p->payload.size()));
    wire::ipv4::emit(p->repr, p->payload, out);
    auto q = wire::ipv4::parse(out);
    if (!q || !(q->repr == p->repr) || !same_bytes(q->payload, p->payload))
        return "ipv4: emit(parse(x)) does not parse back the same";
    return nullptr;
}

inline const char* ipv6(ByteSpan in)
{
    auto p = wire::ipv6::parse(in);
    if (!p) return nullptr;
    // Skipped extension headers are not emitted: the copy carries the upper layer directly.
    wire::ipv6::Repr repr = p->repr;
    repr.next_header = p->protocol;
    Bytes out(wire::ipv6::buffer_len(repr, p->payload.size()));
    wire::ipv6::emit(repr, p->payload, out);
    auto q = wire::ipv6::parse(out);
    if (!q || !(q->repr == repr) || q->protocol != p->protocol ||
        !same_bytes(q->payload, p->payload))
        return "ipv6: emit(parse(x)) does not parse back the same";
    return nullptr;
}

inline const char* icmpv4(ByteSpan in)
{
    auto p = wire::icmpv4::parse(in, wire::ChecksumCheck::Skip);
    if (!p) return nullptr;
    Bytes out(wire::icmpv4::buffer_len(p->repr, p->payload.size()));
    wire::icmpv4::emit(p->repr, p->payload, out);
    auto q = wire::icmpv4::parse(out);
    if (!q || !(q->repr == p->repr) || !same_bytes(q->payload, p->payload))
        return "icmpv4: emit(parse(x)) does not parse back the same";
    return nullptr;
}

inline const char* icmpv6(ByteSpan in)
{
    auto p = wire::icmpv6::parse(in, kSrc6, kDst6, wire::ChecksumCheck::Skip);
    if (!p) return nullptr;
    Bytes out(wire::icmpv6::buffer_len(p->repr, p->payload.size()));
    wire::icmpv6::emit(p->repr, p->payload, kSrc6, kDst6, out);
    auto q = wire::icmpv6::parse(out, kSrc6, kDst6);
    if (!q || !(q->repr == p->repr) || !same_bytes(q->payload, p->payload))
        return "icmpv6: emit(parse(x)) does not parse back the same";
    return nullptr;
}

inline const char* udp(ByteSpan in, const wire::PseudoHeader& ph)
{
    auto p = wire::udp::parse(in, ph, wire::ChecksumCheck::Skip);
    if (!p) return nullptr;
    Bytes out(wire::udp::buffer_len(p->repr, p->payload.size()));
    wire::udp::emit(p->repr, p->payload, ph, out);
    auto q = wire::udp::parse(out, ph);
    if (!q || !(q->repr == p->repr) || !same_bytes(q->payload, p->payload))
        return "udp: emit(parse(x)) does not parse back the same";
    return nullptr;
}

inline const char* tcp(ByteSpan in, const wire::PseudoHeader& ph)
{
    auto p = wire::tcp::parse(in, ph, wire::ChecksumCheck::Skip);
    if (!p) return nullptr;
    Bytes out(wire::tcp::buffer_len(p->repr, p->payload.size()));
    wire::tcp::emit(p->repr, p->payload, ph, out);
    auto q = wire::tcp::parse(out, ph);
    if (!q || !(q->repr == p->repr) || !same_bytes(q->payload, p->payload))
        return "tcp: emit(parse(x)) does not parse back the same";
    return nullptr;
}

inline const char* pcap(ByteSpan in)
{
    auto c = wire::pcap::read(in);
    if (!c) return nullptr;
    wire::pcap::PcapWriter w;
    Bytes out;
    w.append_header(out);
    for (const auto& r : c->records) w.append_record(out, r.time, r.data);
    auto d = wire::pcap::read(out);
    if (!d || d->records.size() != c->records.size())
        return "pcap: rewritten capture does not read back";
    for (size_t i = 0; i < c->records.size(); ++i)
        if (d->records[i].time != c->records[i].time ||
            !same_bytes(d->records[i].data, c->records[i].data))
            return "pcap: rewritten record differs";
    return nullptr;
}

// Ethernet down to the transport layer, as a node would decode a frame. Runs every oracle on
// the layer it reaches.
inline const char* frame(ByteSpan in)
{
    if (const char* why = ethernet(in)) return why;
    auto eth = wire::ethernet::parse(in);
    if (!eth) return nullptr;
    using wire::IpProtocol;
    ByteSpan l3 = eth->payload;
    switch (eth->repr.ethertype) {
    case wire::ethernet::EtherType::Arp: return arp(l3);
    case wire::ethernet::EtherType::Ipv4: {
        if (const char* why = ipv4(l3)) return why;
        auto ip = wire::ipv4::parse(l3, wire::ChecksumCheck::Skip);
        if (!ip) return nullptr;
        auto ph = wire::PseudoHeader::v4(ip->repr.src, ip->repr.dst);
        if (ip->repr.protocol == IpProtocol::Icmp) return icmpv4(ip->payload);
        if (ip->repr.protocol == IpProtocol::Udp) return udp(ip->payload, ph);
        if (ip->repr.protocol == IpProtocol::Tcp) return tcp(ip->payload, ph);
        return nullptr;
    }
    case wire::ethernet::EtherType::Ipv6: {
        if (const char* why = ipv6(l3)) return why;
        auto ip = wire::ipv6::parse(l3);
        if (!ip) return nullptr;
        auto ph = wire::PseudoHeader::v6(ip->repr.src, ip->repr.dst);
        if (ip->protocol == IpProtocol::Icmpv6) return icmpv6(ip->payload);
        if (ip->protocol == IpProtocol::Udp) return udp(ip->payload, ph);
        if (ip->protocol == IpProtocol::Tcp) return tcp(ip->payload, ph);
        return nullptr;
    }
    }
    return nullptr;
}

} // namespace wirelab::oracle
