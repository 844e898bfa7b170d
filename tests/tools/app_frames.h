// The application fixtures (tests/wire/app_fixtures.h) wrapped in Ethernet/IPv4/UDP or TCP
// frames with correct checksums, on the ports tshark dissects them by: DHCP 67/68, DNS 53,
// HTTP 80 (a whole TCP connection: handshake, two requests kept alive, acknowledgements), NTP
// 123. Plus a few messages our emitters build (a relayed DISCOVER with option 82, a NAK, a DNS
// answer with every record type), so tshark also judges what the library writes.
#pragma once

#include "core/wire/dhcp.h"
#include "core/wire/dns.h"
#include "core/wire/ethernet.h"
#include "core/wire/ipv4.h"
#include "core/wire/tcp.h"
#include "core/wire/udp.h"
#include "tests/wire/app_fixtures.h"

#include <string>
#include <vector>

namespace wirelab::fixtures {

// One frame and the protocol tshark must find in it ("dhcp", "dns", "http", "ntp"; "" for a
// bare TCP segment).
struct AppFrame {
    Bytes frame;
    std::string protocol;
};

namespace app_frames_detail {

inline constexpr wire::MacAddr kPc1Mac{{0x02, 0, 0, 0, 0, 0x01}};
inline constexpr wire::MacAddr kRouterMac{{0x02, 0, 0, 0, 0, 0xfe}};
inline constexpr wire::MacAddr kServerMac{{0x02, 0, 0, 0, 0, 0x02}};
inline constexpr wire::Ipv4Addr kPc1{{10, 0, 0, 100}};
inline constexpr wire::Ipv4Addr kRouter{{10, 0, 0, 254}};
inline constexpr wire::Ipv4Addr kResolver{{10, 0, 0, 53}};
inline constexpr wire::Ipv4Addr kWeb{{10, 0, 0, 80}};
inline constexpr wire::Ipv4Addr kNtpServer{{10, 0, 0, 123}};

struct Hop {
    wire::MacAddr src_mac, dst_mac;
    wire::Ipv4Addr src, dst;
};

inline Bytes frame_of(const Hop& h, wire::IpProtocol proto, ByteSpan l4, uint16_t ident)
{
    wire::ipv4::Repr ip;
    ip.src = h.src;
    ip.dst = h.dst;
    ip.protocol = proto;
    ip.ident = ident;
    ip.dont_frag = proto == wire::IpProtocol::Tcp;
    Bytes packet(wire::ipv4::buffer_len(ip, l4.size()));
    wire::ipv4::emit(ip, l4, packet);
    wire::ethernet::Repr e{h.dst_mac, h.src_mac, wire::ethernet::EtherType::Ipv4};
    Bytes frame(wire::ethernet::buffer_len(e, packet.size()));
    wire::ethernet::emit(e, packet, frame);
    return frame;
}

inline Bytes udp_frame(const Hop& h, uint16_t sport, uint16_t dport, ByteSpan payload,
                       uint16_t ident)
{
    wire::udp::Repr u{sport, dport};
    Bytes dgram(wire::udp::buffer_len(u, payload.size()));
    wire::udp::emit(u, payload, wire::PseudoHeader::v4(h.src, h.dst), dgram);
    return frame_of(h, wire::IpProtocol::Udp, dgram, ident);
}

// Both directions of one TCP connection with sequence numbers kept right, so tshark's TCP
// analysis finds nothing missing or retransmitted.
class TcpConversation {
public:
    TcpConversation(Hop client, uint16_t cport, uint16_t sport)
        : m_client(client), m_cport(cport), m_sport(sport)
    {}

    Bytes segment(bool from_client, uint8_t flags, std::string_view payload)
    {
        Hop h = from_client ? m_client
                            : Hop{m_client.dst_mac, m_client.src_mac, m_client.dst, m_client.src};
        wire::tcp::Repr t;
        t.src_port = from_client ? m_cport : m_sport;
        t.dst_port = from_client ? m_sport : m_cport;
        wire::tcp::SeqNum& mine = from_client ? m_client_seq : m_server_seq;
        t.seq = mine;
        t.ack = (flags & wire::tcp::kAck) ? (from_client ? m_server_seq : m_client_seq)
                                          : wire::tcp::SeqNum(0);
        t.flags = flags;
        t.window = 64240;
        if (flags & wire::tcp::kSyn) t.options.mss = 1460;
        ByteSpan data(reinterpret_cast<const uint8_t*>(payload.data()), payload.size());
        Bytes seg(wire::tcp::buffer_len(t, data.size()));
        wire::tcp::emit(t, data, wire::PseudoHeader::v4(h.src, h.dst), seg);
        mine += uint32_t(payload.size()) + ((flags & (wire::tcp::kSyn | wire::tcp::kFin)) ? 1 : 0);
        return frame_of(h, wire::IpProtocol::Tcp, seg, m_ident++);
    }

private:
    Hop m_client;
    uint16_t m_cport, m_sport;
    wire::tcp::SeqNum m_client_seq{1000000};
    wire::tcp::SeqNum m_server_seq{5000000};
    uint16_t m_ident = 0x2000;
};

inline void add_dhcp(std::vector<AppFrame>& out)
{
    const Hop bcast{kPc1Mac, wire::MacAddr::broadcast(), wire::Ipv4Addr::any(),
                    wire::Ipv4Addr::broadcast()};
    const Hop to_pc1{kRouterMac, kPc1Mac, kRouter, kPc1};
    out.push_back({udp_frame(bcast, 68, 67, dhcp_discover(), 1), "dhcp"});
    out.push_back({udp_frame(to_pc1, 67, 68, dhcp_offer(), 2), "dhcp"});
    out.push_back({udp_frame(bcast, 68, 67, dhcp_request(), 3), "dhcp"});
    out.push_back({udp_frame(to_pc1, 67, 68, dhcp_ack(), 4), "dhcp"});

    // A relay agent forwards a DISCOVER from another LAN (RFC 3046 circuit id "eth1").
    auto relayed = wire::dhcp::parse(dhcp_discover()).value();
    relayed.hops = 1;
    relayed.giaddr = wire::Ipv4Addr{{10, 1, 0, 1}};
    relayed.other_options.push_back({82, {1, 4, 'e', 't', 'h', '1'}});
    Bytes m(wire::dhcp::buffer_len(relayed));
    wire::dhcp::emit(relayed, m);
    const Hop relay{kRouterMac, kServerMac, wire::Ipv4Addr{{10, 1, 0, 1}},
                    wire::Ipv4Addr{{10, 0, 0, 2}}};
    out.push_back({udp_frame(relay, 67, 67, m, 5), "dhcp"});

    wire::dhcp::Repr nak;
    nak.op = wire::dhcp::Op::Reply;
    nak.xid = 0x11223344;
    nak.chaddr = kPc1Mac;
    nak.message_type = wire::dhcp::MessageType::Nak;
    nak.server_id = kRouter;
    nak.message = "requested address not on this subnet";
    nak.broadcast = true;
    m.assign(wire::dhcp::buffer_len(nak), 0);
    wire::dhcp::emit(nak, m);
    const Hop nak_hop{kRouterMac, wire::MacAddr::broadcast(), kRouter, wire::Ipv4Addr::broadcast()};
    out.push_back({udp_frame(nak_hop, 67, 68, m, 6), "dhcp"});
}

inline wire::dns::Name dns_name(const char* text)
{
    return wire::dns::Name::from_text(text).value();
}

// An authoritative answer with one record of every interpreted type.
inline Bytes every_record_type()
{
    using namespace wire::dns;
    Repr r;
    r.id = 0x0777;
    r.response = true;
    r.authoritative = true;
    r.recursion_desired = true;
    r.questions.push_back({dns_name("lab"), Type::Any, Class::In});
    auto rr = [&](const char* owner, RData d) {
        r.answers.push_back({dns_name(owner), Class::In, 300, std::move(d)});
    };
    rr("lab", Soa{dns_name("ns1.lab"), dns_name("hostmaster.lab"), 7, 3600, 600, 86400, 300});
    rr("lab", Ns{dns_name("ns1.lab")});
    rr("lab", Mx{10, dns_name("mail.lab")});
    rr("lab", Txt{{"v=spf1 mx -all", "wirelab"}});
    rr("www.lab", Cname{dns_name("web.lab")});
    rr("web.lab", A{kWeb});
    rr("web.lab", Aaaa{wire::Ipv6Addr::parse("2001:db8::80").value()});
    rr("80.0.0.10.in-addr.arpa", Ptr{dns_name("web.lab")});
    Bytes out(buffer_len(r));
    emit(r, out);
    return out;
}

inline void add_dns(std::vector<AppFrame>& out)
{
    const Hop ask{kPc1Mac, kServerMac, kPc1, kResolver};
    const Hop answer{kServerMac, kPc1Mac, kResolver, kPc1};
    out.push_back({udp_frame(ask, 40001, 53, kDnsQuery, 7), "dns"});
    out.push_back({udp_frame(answer, 53, 40001, kDnsResponse, 8), "dns"});
    wire::dns::Repr nope;
    nope.id = 0x5c1d;
    nope.recursion_desired = true;
    nope.questions.push_back({dns_name("nope.lab"), wire::dns::Type::A, wire::dns::Class::In});
    Bytes q(wire::dns::buffer_len(nope));
    wire::dns::emit(nope, q);
    out.push_back({udp_frame(ask, 40002, 53, q, 9), "dns"});
    out.push_back({udp_frame(answer, 53, 40002, kDnsNxDomain, 10), "dns"});
    nope.id = 0x0777;
    nope.questions[0] = {dns_name("lab"), wire::dns::Type::Any, wire::dns::Class::In};
    q.assign(wire::dns::buffer_len(nope), 0);
    wire::dns::emit(nope, q);
    out.push_back({udp_frame(ask, 40003, 53, q, 11), "dns"});
    out.push_back({udp_frame(answer, 53, 40003, every_record_type(), 12), "dns"});
}

inline void add_http(std::vector<AppFrame>& out)
{
    using namespace wire::tcp;
    TcpConversation c(Hop{kPc1Mac, kServerMac, kPc1, kWeb}, 45678, 80);
    out.push_back({c.segment(true, kSyn, ""), ""});
    out.push_back({c.segment(false, kSyn | kAck, ""), ""});
    out.push_back({c.segment(true, kAck, ""), ""});
    out.push_back({c.segment(true, kPsh | kAck, kHttpGet), "http"});
    out.push_back({c.segment(false, kPsh | kAck, kHttpOk), "http"});
    out.push_back({c.segment(true, kAck, ""), ""});
    out.push_back({c.segment(true, kPsh | kAck, kHttpGetChunked), "http"});
    out.push_back({c.segment(false, kPsh | kAck, kHttpChunked), "http"});
    out.push_back({c.segment(true, kAck, ""), ""});
}

inline void add_ntp(std::vector<AppFrame>& out)
{
    out.push_back(
        {udp_frame(Hop{kPc1Mac, kServerMac, kPc1, kNtpServer}, 123, 123, kNtpRequest, 13), "ntp"});
    out.push_back(
        {udp_frame(Hop{kServerMac, kPc1Mac, kNtpServer, kPc1}, 123, 123, kNtpReply, 14), "ntp"});
}

} // namespace app_frames_detail

inline std::vector<AppFrame> app_frames()
{
    std::vector<AppFrame> out;
    app_frames_detail::add_dhcp(out);
    app_frames_detail::add_dns(out);
    app_frames_detail::add_http(out);
    app_frames_detail::add_ntp(out);
    return out;
}

} // namespace wirelab::fixtures
