// Dissector tests: list columns for every wire fixture, selected fields with their byte ranges,
// frames built with the emitters (IPv4 options and fragments, IPv6 extension headers), bad
// checksums, a malformed/truncated table, and random bytes that must never crash.
//
// [SECTION] Helpers
// [SECTION] Columns
// [SECTION] Fields and offsets
// [SECTION] Frames built with the emitters
// [SECTION] Bad checksums and malformed frames
// [SECTION] Properties
#include "core/base/rng.h"
#include "core/inspect/dissect.h"
#include "core/wire/checksum.h"
#include "core/wire/ethernet.h"
#include "core/wire/icmpv6.h"
#include "core/wire/ipv4.h"
#include "core/wire/ipv6.h"
#include "tests/wire/fixtures.h"
#include "tests/wire/wire_test_util.h"

#include <catch2/catch.hpp>

#include <functional>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;

// [SECTION] Helpers
namespace {

template <size_t N>
ByteSpan span(const uint8_t (&a)[N])
{
    return ByteSpan(a, N);
}

const Field& field(const Dissection& d, std::string_view name)
{
    const Field* f = d.find(name);
    INFO("field " << name);
    REQUIRE(f != nullptr);
    return *f;
}

std::vector<std::string> layer_names(const std::vector<Field>& layers)
{
    std::vector<std::string> names;
    for (const Field& f : layers) names.push_back(f.name);
    return names;
}

// Every field lies inside the frame, has a registered name, and children lie in... the frame.
void check_tree(const std::vector<Field>& fields, size_t frame_len)
{
    for (const Field& f : fields) {
        INFO(f.name << " @" << f.offset << "+" << f.length);
        CHECK(size_t(f.offset) + f.length <= frame_len);
        CHECK(find_field_spec(f.name) != nullptr);
        check_tree(f.children, frame_len);
    }
}

// Recomputes the IPv4 header checksum of a frame whose header starts at kL3.
void fix_ipv4_checksum(Bytes& frame)
{
    size_t hlen = size_t(frame[kL3] & 0x0f) * 4;
    Bytes header(frame.begin() + kL3, frame.begin() + long(kL3 + hlen));
    test::refill_checksum(header, ipv4::kChecksum);
    std::copy(header.begin(), header.end(), frame.begin() + kL3);
}

// Recomputes an upper-layer checksum over the IPv6 pseudo-header (kL4v6 onwards).
void fix_upper_checksum_v6(Bytes& frame, size_t field, IpProtocol proto)
{
    Bytes msg(frame.begin() + kL4v6, frame.end());
    Ipv6Addr src, dst;
    std::copy_n(&frame[kL3 + ipv6::kSrc], 16, src.bytes.begin());
    std::copy_n(&frame[kL3 + ipv6::kDst], 16, dst.bytes.begin());
    test::refill_checksum(msg, field, PseudoHeader::v6(src, dst).sum(proto, uint32_t(msg.size())));
    std::copy(msg.begin(), msg.end(), frame.begin() + kL4v6);
}

void fix_upper_checksum_v4(Bytes& frame, size_t field, IpProtocol proto)
{
    size_t total = load_be16(&frame[kL3 + ipv4::kTotalLen]);
    Bytes msg(frame.begin() + kL4v4, frame.begin() + long(kL3 + total));
    Ipv4Addr src, dst;
    std::copy_n(&frame[kL3 + ipv4::kSrc], 4, src.bytes.begin());
    std::copy_n(&frame[kL3 + ipv4::kDst], 4, dst.bytes.begin());
    test::refill_checksum(msg, field, PseudoHeader::v4(src, dst).sum(proto, uint32_t(msg.size())));
    std::copy(msg.begin(), msg.end(), frame.begin() + kL4v4);
}

} // namespace

// [SECTION] Columns

TEST_CASE("dissect: list columns of every wire fixture", "[wire][dissect]")
{
    struct Row {
        const char* name;
        const char* protocol;
        const char* source;
        const char* destination;
        const char* info;
    };
    const Row rows[] = {
        {"arp_request", "ARP", "02:00:00:00:00:01", "Broadcast", "Who has 10.0.0.2? Tell 10.0.0.1"},
        {"arp_reply", "ARP", "02:00:00:00:00:02", "02:00:00:00:00:01",
         "10.0.0.2 is at 02:00:00:00:00:02"},
        {"icmpv4_echo", "ICMP", "10.0.0.1", "10.0.0.2",
         "Echo (ping) request  id=0x1c2d, seq=1/256, ttl=64"},
        {"udp_v4", "UDP", "10.0.0.1", "10.0.0.2", "40000 → 30000 Len=7"},
        {"tcp_syn_v4", "TCP", "10.0.0.1", "10.0.0.2",
         "45678 → 80 [SYN] Seq=1000000000 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=168496141 "
         "TSecr=0 WS=128"},
        {"icmpv4_port_unreach", "ICMP", "10.0.0.2", "10.0.0.1",
         "Destination unreachable (Port unreachable)"},
        {"icmpv4_time_exceeded", "ICMP", "10.0.0.254", "10.0.0.1",
         "Time-to-live exceeded (Time to live exceeded in transit)"},
        {"icmpv6_echo", "ICMPv6", "2001:db8::1", "2001:db8::2",
         "Echo (ping) request id=0x2a2b, seq=7, hop limit=64"},
        {"neighbor_solicit", "ICMPv6", "fe80::1", "ff02::1:ff00:2",
         "Neighbor Solicitation for fe80::2 from 02:00:00:00:00:01"},
        {"neighbor_advert", "ICMPv6", "fe80::2", "fe80::1",
         "Neighbor Advertisement fe80::2 (sol, ovr) is at 02:00:00:00:00:02"},
        {"router_solicit", "ICMPv6", "fe80::1", "ff02::2",
         "Router Solicitation from 02:00:00:00:00:01"},
        {"router_advert", "ICMPv6", "fe80::fe", "ff02::1",
         "Router Advertisement from 02:00:00:00:00:fe"},
        {"udp_v6", "UDP", "2001:db8::1", "2001:db8::2", "50000 → 30001 Len=5"},
        {"tcp_sack_v6", "HTTP", "2001:db8::2", "2001:db8::1", "GET / HTTP/1.0"},
        {"icmpv6_packet_too_big", "ICMPv6", "2001:db8::fe", "2001:db8::1",
         "Packet Too Big (MTU 1280)"},
    };
    REQUIRE(std::size(rows) == std::size(kAllFrames));
    for (size_t i = 0; i < std::size(rows); ++i) {
        const Row& row = rows[i];
        const NamedFrame& nf = kAllFrames[i];
        INFO(nf.name);
        REQUIRE(std::string(nf.name) == row.name);
        ByteSpan frame(nf.data, nf.size);
        Dissection d = dissect(frame);
        CHECK(d.protocol == row.protocol);
        CHECK(d.source == row.source);
        CHECK(d.destination == row.destination);
        CHECK(d.info == row.info);
        CHECK_FALSE(d.malformed);
        CHECK(d.problem.empty());
        check_tree(d.layers, nf.size);

        // The columns-only mode gives the same columns without a tree.
        Dissection c = dissect(frame, DissectDetail::Columns);
        CHECK(c.layers.empty());
        CHECK(c.protocol == d.protocol);
        CHECK(c.source == d.source);
        CHECK(c.destination == d.destination);
        CHECK(c.info == d.info);
    }
}

// [SECTION] Fields and offsets

TEST_CASE("dissect: ICMP echo request, layer by layer with byte ranges", "[wire][dissect]")
{
    Dissection d = dissect(span(kIcmpv4EchoFrame));
    CHECK(layer_names(d.layers) == std::vector<std::string>{"frame", "eth", "ip", "icmp"});
    const Field& frame = d.layers[0];
    CHECK(describe(frame) == "Frame: 98 bytes on wire (784 bits)");
    CHECK(field(d, "frame.protocols").value == "eth:ip:icmp:data");

    const Field& eth = d.layers[1];
    CHECK(describe(eth) == "Ethernet II, Src: 02:00:00:00:00:01, Dst: 02:00:00:00:00:02");
    CHECK((eth.offset == 0 && eth.length == 14));
    const Field& type = field(d, "eth.type");
    CHECK((type.offset == 12 && type.length == 2));
    CHECK(describe(type) == "Type: 0x0800 (IPv4)");

    const Field& ip = d.layers[2];
    CHECK(describe(ip) == "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2");
    CHECK((ip.offset == 14 && ip.length == 20));
    const Field& src = field(d, "ip.src");
    CHECK((src.offset == 26 && src.length == 4));
    CHECK(src.value == "10.0.0.1");
    CHECK(src.meaning == "private (RFC 1918)");
    CHECK(describe(field(d, "ip.ttl")) == "Time to Live: 64 (hops left: each router subtracts 1)");
    CHECK(describe(field(d, "ip.proto")) == "Protocol: 1 (ICMP)");
    CHECK(describe(field(d, "ip.id")) == "Identification: 0x4d2f (19759)");
    CHECK(describe(field(d, "ip.hdr_len")) == "Header Length: 20 bytes (5)");
    CHECK(describe(field(d, "ip.checksum")) == "Header Checksum: 0xd977 [correct]");
    CHECK(describe(field(d, "ip.checksum.status")) == "[Header checksum status: Good]");

    const Field& flags = field(d, "ip.flags");
    CHECK(describe(flags) == "Flags: 0x2 (Don't fragment)");
    CHECK(bit_pattern(flags, span(kIcmpv4EchoFrame)) == "010. ....");
    REQUIRE(flags.children.size() == 3);
    const Field& df = flags.children[1];
    CHECK(df.name == "ip.flags.df");
    CHECK((df.offset == 20 && df.length == 1 && df.bitmask == 0x40));
    CHECK(df.value == "Set");
    CHECK(bit_pattern(df, span(kIcmpv4EchoFrame)) == ".1.. ....");
    CHECK(bit_pattern(field(d, "ip.version"), span(kIcmpv4EchoFrame)) == "0100 ....");

    const Field& icmp = d.layers[3];
    CHECK((icmp.offset == 34 && icmp.length == 64));
    CHECK(describe(field(d, "icmp.type")) == "Type: 8 (Echo (ping) request)");
    CHECK(describe(field(d, "icmp.checksum")) == "Checksum: 0x86c6 [correct]");
    CHECK(field(d, "icmp.ident").value == "7213 (0x1c2d)");
    CHECK(field(d, "icmp.seq").value == "1 (0x0001)");
    CHECK(field(d, "icmp.seq_le").value == "256 (0x0100)");
    // The echo data is a Data layer inside ICMP, as Wireshark shows it.
    const Field& data = field(d, "data");
    CHECK((data.offset == 42 && data.length == 56));
    CHECK(data.label == "Data (56 bytes)");
    CHECK(describe(field(d, "data.len")) == "[Length: 56]");
}

TEST_CASE("dissect: TCP SYN flags and options", "[wire][dissect]")
{
    ByteSpan frame = span(kTcpSynV4Frame);
    Dissection d = dissect(frame);
    const Field& tcp = field(d, "tcp");
    CHECK((tcp.offset == 34 && tcp.length == 40));
    CHECK(describe(tcp) == "Transmission Control Protocol, Src Port: 45678, Dst Port: 80, "
                           "Seq: 1000000000, Len: 0");
    CHECK(describe(field(d, "tcp.dstport")) == "Destination Port: 80 (HTTP)");
    CHECK(field(d, "tcp.seq_raw").value == "1000000000");
    const Field& flags = field(d, "tcp.flags");
    CHECK(describe(flags) == "Flags: 0x002 (SYN)");
    CHECK(bit_pattern(flags, frame) == ".... 0000 0000 0010");
    const Field& syn = field(d, "tcp.flags.syn");
    CHECK((syn.offset == 46 && syn.length == 2 && syn.bitmask == 0x0002));
    CHECK(syn.value == "Set");
    CHECK(field(d, "tcp.flags.ack").value == "Not set");
    CHECK(field(d, "tcp.flags.str").value == "··········S·");
    CHECK(describe(field(d, "tcp.hdr_len")) == "Header Length: 40 bytes (10)");
    CHECK(describe(field(d, "tcp.checksum")) == "Checksum: 0x6a9b [correct]");

    const Field& options = field(d, "tcp.options");
    CHECK((options.offset == 54 && options.length == 20));
    REQUIRE(options.children.size() == 5);
    CHECK(layer_names(options.children) ==
          std::vector<std::string>{"tcp.options.mss", "tcp.options.sack_perm",
                                   "tcp.options.timestamp", "tcp.options.nop",
                                   "tcp.options.wscale"});
    CHECK(describe(options.children[0]) == "TCP Option - Maximum segment size: 1460 bytes");
    const Field& mss = field(d, "tcp.options.mss_val");
    CHECK((mss.offset == 56 && mss.length == 2 && mss.value == "1460"));
    CHECK(describe(options.children[4]) == "TCP Option - Window scale: 7 (multiply by 128)");
    CHECK(field(d, "tcp.options.wscale.multiplier").generated);
    CHECK(field(d, "tcp.options.timestamp.tsval").value == "168496141");
    CHECK(describe(field(d, "tcp.len")) == "[TCP Segment Len: 0 (bytes of data in this segment)]");
    CHECK(d.find("tcp.payload") == nullptr);
}

TEST_CASE("dissect: TCP over IPv6 with SACK and a payload", "[wire][dissect]")
{
    Dissection d = dissect(span(kTcpV6SackFrame));
    CHECK(layer_names(d.layers) == std::vector<std::string>{"frame", "eth", "ipv6", "tcp", "http"});
    CHECK(field(d, "ipv6.src").meaning == "documentation (RFC 3849)");
    CHECK(field(d, "tcp.flags").meaning == "PSH, ACK");
    CHECK(field(d, "tcp.ack_raw").value == "4001");
    const Field& le = field(d, "tcp.options.sack_le");
    CHECK((le.offset == 90 && le.length == 4 && le.value == "5000"));
    CHECK(field(d, "tcp.options.sack_re").value == "6000");
    const Field& payload = field(d, "tcp.payload");
    CHECK((payload.offset == 98 && payload.length == 18));
    CHECK(payload.label == "TCP payload (18 bytes)");
    CHECK(field(d, "http.request.method").value == "GET"); // port 80: HTTP, not Data
    CHECK(describe(field(d, "tcp.checksum")) == "Checksum: 0x0789 [correct]");
}

TEST_CASE("dissect: ARP request with Ethernet padding", "[wire][dissect]")
{
    Dissection d = dissect(span(kArpRequestFrame));
    CHECK(layer_names(d.layers) == std::vector<std::string>{"frame", "eth", "arp"});
    CHECK(describe(d.layers[2]) == "Address Resolution Protocol (request)");
    CHECK(describe(field(d, "arp.opcode")) == "Opcode: 1 (request)");
    CHECK(describe(field(d, "eth.dst")) == "Destination: ff:ff:ff:ff:ff:ff (broadcast: every "
                                           "station on the LAN)");
    CHECK(field(d, "eth.dst.ig").value == "Set");
    const Field& tip = field(d, "arp.dst.proto_ipv4");
    CHECK((tip.offset == 38 && tip.length == 4 && tip.value == "10.0.0.2"));
    // The 18 bytes after the 28-byte ARP packet are padding, shown under Ethernet.
    const Field& pad = field(d, "eth.padding");
    CHECK((pad.offset == 42 && pad.length == 18));
    CHECK(d.layers[1].children.back().name == "eth.padding");
}

TEST_CASE("dissect: ICMP errors show the quoted datagram as nested layers", "[wire][dissect]")
{
    Dissection d = dissect(span(kIcmpv4PortUnreachFrame));
    const Field& icmp = d.layers.back();
    REQUIRE(icmp.name == "icmp");
    std::vector<std::string> inner;
    for (const Field& f : icmp.children) inner.push_back(f.name);
    CHECK(inner == std::vector<std::string>{"icmp.type", "icmp.code", "icmp.checksum",
                                            "icmp.unused", "ip", "udp", "data"});
    const Field& quoted_ip = icmp.children[4];
    CHECK(describe(quoted_ip) == "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2");
    CHECK(quoted_ip.offset == 42);
    const Field* quoted_sum = quoted_ip.find("ip.checksum");
    REQUIRE(quoted_sum != nullptr);
    CHECK(quoted_sum->meaning == "[correct]");
    const Field* udp_sum = icmp.children[5].find("udp.checksum");
    REQUIRE(udp_sum != nullptr);
    CHECK(udp_sum->meaning == "[unverified]");
    CHECK(field(d, "frame.protocols").value == "eth:ip:icmp:ip:udp:data");
    // The quote changes no column: they describe the error itself.
    CHECK(d.protocol == "ICMP");
    CHECK(d.source == "10.0.0.2");

    Dissection ptb = dissect(span(kIcmpv6PacketTooBigFrame));
    CHECK(describe(field(ptb, "icmpv6.mtu")) == "MTU: 1280 (the next link's MTU)");
    CHECK(ptb.layers.back().find("ipv6") != nullptr);
}

TEST_CASE("dissect: neighbor discovery messages and options", "[wire][dissect]")
{
    Dissection ra = dissect(span(kRouterAdvertFrame));
    CHECK(describe(field(ra, "ipv6.dst")) ==
          "Destination Address: ff02::1 (multicast: all nodes on the link)");
    CHECK(field(ra, "icmpv6.nd.ra.flag.o").value == "Set");
    CHECK(describe(field(ra, "icmpv6.nd.ra.router_lifetime")) ==
          "Router lifetime: 1800 (1800 s as the default router)");
    const Field& prefix = field(ra, "icmpv6.opt.prefix");
    CHECK((prefix.offset == 102 && prefix.length == 16));
    CHECK(describe(prefix) == "Prefix: 2001:db8:: (2001:db8::/64)");
    CHECK(describe(field(ra, "icmpv6.opt.prefix.valid_lifetime")) ==
          "Valid Lifetime: 2592000 (30 days)");
    CHECK(describe(field(ra, "icmpv6.opt")) ==
          "ICMPv6 Option (Source link-layer address : 02:00:00:00:00:fe)");
    CHECK(field(ra, "icmpv6.opt.mtu").value == "1500");

    Dissection ns = dissect(span(kNeighborSolicitFrame));
    CHECK(field(ns, "ipv6.dst").meaning ==
          "multicast: solicited-node group of addresses ending in 00:0002");
    const Field& target = field(ns, "icmpv6.nd.ns.target_address");
    CHECK((target.offset == 62 && target.length == 16 && target.value == "fe80::2"));
    CHECK(describe(field(ns, "icmpv6.checksum")) == "Checksum: 0x7a97 [correct]");

    Dissection na = dissect(span(kNeighborAdvertFrame));
    CHECK(field(na, "icmpv6.nd.na.flag.s").value == "Set");
    CHECK(field(na, "icmpv6.nd.na.flag.r").value == "Not set");
    CHECK(field(na, "icmpv6.opt.linkaddr").value == "02:00:00:00:00:02");
}

// [SECTION] Frames built with the emitters
namespace {

Bytes ethernet_frame(ethernet::EtherType type, ByteSpan payload)
{
    ethernet::Repr eth{kMacB, kMacA, type};
    Bytes out = test::poisoned(ethernet::buffer_len(eth, payload.size()));
    ethernet::emit(eth, payload, out);
    return out;
}

Bytes ipv4_packet(const ipv4::Repr& ip, ByteSpan payload)
{
    Bytes out = test::poisoned(ipv4::buffer_len(ip, payload.size()));
    ipv4::emit(ip, payload, out);
    return out;
}

} // namespace

TEST_CASE("dissect: IPv4 options and a payload no dissector claims", "[wire][dissect]")
{
    ipv4::Repr ip;
    ip.src = kIpA;
    ip.dst = Ipv4Addr{{224, 0, 0, 22}};
    ip.protocol = IpProtocol(2); // IGMP: not decoded
    ip.ttl = 1;
    ip.options = {0x94, 0x04, 0x00, 0x00}; // Router Alert (RFC 2113)
    const uint8_t igmp[8] = {0x22, 0, 0xfa, 0x04, 0, 0, 0, 1};
    Bytes frame = ethernet_frame(ethernet::EtherType::Ipv4, ipv4_packet(ip, igmp));
    Dissection d = dissect(frame);
    CHECK(d.protocol == "IPv4");
    CHECK(d.info == "IPv4 protocol 2 (IGMP)");
    CHECK(describe(field(d, "ip.hdr_len")) == "Header Length: 24 bytes (6)");
    CHECK(field(d, "ip.dst").meaning == "multicast");
    const Field& opt = field(d, "ip.opt");
    CHECK((opt.offset == 34 && opt.length == 4));
    CHECK(opt.label == "IP Option - Router Alert (4 bytes)");
    CHECK(describe(field(d, "ip.checksum")).ends_with("[correct]"));
    CHECK(layer_names(d.layers) == std::vector<std::string>{"frame", "eth", "ip", "data"});
    CHECK(field(d, "data.data").value == "2200fa0400000001");
    CHECK(field(d, "eth.padding").length == 60 - 14 - 32);
    CHECK_FALSE(d.malformed);
}

TEST_CASE("dissect: IPv4 fragments are shown as data, not reassembled", "[wire][dissect]")
{
    ipv4::Repr ip;
    ip.src = kIpA;
    ip.dst = kIpB;
    ip.protocol = IpProtocol::Udp;
    ip.ident = 0x04d2;
    ip.more_frags = true;
    const uint8_t part[16] = {0x9c, 0x40, 0x75, 0x30, 0x05, 0xdc, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
    Bytes frame = ethernet_frame(ethernet::EtherType::Ipv4, ipv4_packet(ip, part));
    Dissection d = dissect(frame);
    CHECK(d.protocol == "IPv4");
    CHECK(d.info == "Fragmented IP protocol (proto=UDP 17, off=0, ID=04d2) [not reassembled]");
    CHECK(field(d, "ip.flags.mf").value == "Set");
    CHECK(d.find("udp") == nullptr);
    CHECK(field(d, "data").length == 16);
}

TEST_CASE("dissect: IPv6 hop-by-hop options before ICMPv6", "[wire][dissect]")
{
    Ipv6Addr dst = kLinkLocalB;
    icmpv6::Repr echo = icmpv6::EchoRequest{1, 1};
    Bytes msg = test::poisoned(icmpv6::buffer_len(echo, 0));
    icmpv6::emit(echo, {}, kLinkLocalA, dst, msg);
    // Hop-by-hop header (RFC 8200 §4.3): next header 58, length 0 (8 bytes), Router Alert
    // (type 5, 2 bytes, value 0 = MLD), PadN of 0 bytes.
    Bytes payload = {58, 0, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00};
    payload.insert(payload.end(), msg.begin(), msg.end());
    ipv6::Repr ip{kLinkLocalA, dst, IpProtocol::HopByHop, 1};
    Bytes packet = test::poisoned(ipv6::buffer_len(ip, payload.size()));
    ipv6::emit(ip, payload, packet);
    Bytes frame = ethernet_frame(ethernet::EtherType::Ipv6, packet);

    Dissection d = dissect(frame);
    CHECK(d.protocol == "ICMPv6");
    CHECK(d.info == "Echo (ping) request id=0x0001, seq=1, hop limit=1");
    CHECK(describe(field(d, "ipv6.nxt")) == "Next Header: 0 (IPv6 Hop-by-Hop Option)");
    const Field& hop = field(d, "ipv6.hopopts");
    CHECK((hop.offset == 54 && hop.length == 8));
    CHECK(describe(field(d, "ipv6.hopopts.nxt")) == "Next Header: 58 (ICMPv6)");
    CHECK(field(d, "ipv6.opt").label == "IPv6 Option (Router Alert)");
    CHECK(describe(field(d, "icmpv6.checksum")).ends_with("[correct]"));
    CHECK(field(d, "icmpv6").offset == 62);
    CHECK_FALSE(d.malformed);
}

TEST_CASE("dissect: IEEE 802.3 length frames are labelled, not decoded", "[wire][dissect]")
{
    Bytes frame = test::to_bytes(kArpRequestFrame);
    store_be16(&frame[12], 46); // a length, not an EtherType
    Dissection d = dissect(frame);
    CHECK(d.protocol == "LLC");
    CHECK(d.info == "IEEE 802.3 frame, length 46 (LLC is not decoded)");
    CHECK(describe(field(d, "eth.len")).starts_with("Length: 46"));
    CHECK_FALSE(d.malformed);
}

// [SECTION] Bad checksums and malformed frames

TEST_CASE("dissect: a bad checksum is a problem, not a malformed packet", "[wire][dissect]")
{
    struct Case {
        const char* what;
        Bytes frame;
        size_t at; // frame offset of the checksum to spoil
        const char* field;
        const char* meaning;
        const char* problem;
    };
    Case cases[] = {
        {"ipv4 header", test::to_bytes(kIcmpv4EchoFrame), kL3 + ipv4::kChecksum, "ip.checksum",
         "[incorrect, should be 0xd977]", "ipv4: checksum 0xd978 is incorrect, should be 0xd977"},
        {"icmp", test::to_bytes(kIcmpv4EchoFrame), kL4v4 + 2, "icmp.checksum",
         "[incorrect, should be 0x86c6]", "icmp: checksum 0x86c7 is incorrect, should be 0x86c6"},
        {"udp over ipv4", test::to_bytes(kUdpV4Frame), kL4v4 + 6, "udp.checksum",
         "[incorrect, should be 0x222c]", "udp: checksum 0x222d is incorrect, should be 0x222c"},
        {"tcp over ipv4", test::to_bytes(kTcpSynV4Frame), kL4v4 + 16, "tcp.checksum",
         "[incorrect, should be 0x6a9b]", "tcp: checksum 0x6a9c is incorrect, should be 0x6a9b"},
        {"icmpv6", test::to_bytes(kNeighborSolicitFrame), kL4v6 + 2, "icmpv6.checksum",
         "[incorrect, should be 0x7a97]", "icmpv6: checksum 0x7a98 is incorrect, should be 0x7a97"},
    };
    for (Case& c : cases) {
        INFO(c.what);
        store_be16(&c.frame[c.at], uint16_t(load_be16(&c.frame[c.at]) + 1));
        Dissection d = dissect(c.frame);
        CHECK_FALSE(d.malformed);
        CHECK(d.problem == c.problem);
        CHECK(field(d, c.field).meaning == c.meaning);
        CHECK(field(d, std::string(c.field) + ".status").value == "Bad");
        CHECK(d.layers.back().name != "_ws.malformed");
    }

    // UDP over IPv4 may leave its checksum out (RFC 768); over IPv6 it may not (RFC 8200 §8.1).
    Bytes v4 = test::to_bytes(kUdpV4Frame);
    store_be16(&v4[kL4v4 + 6], 0);
    Dissection none = dissect(v4);
    CHECK(field(none, "udp.checksum").meaning == "[not present]");
    CHECK(none.problem.empty());
    Bytes v6 = test::to_bytes(kUdpV6Frame);
    store_be16(&v6[kL4v6 + 6], 0);
    CHECK(field(dissect(v6), "udp.checksum").meaning == "[incorrect, should be 0x280b]");
}

TEST_CASE("dissect: truncated and malformed frames show what decodes and why", "[wire][dissect]")
{
    struct Case {
        const char* what;
        std::function<Bytes()> make;
        const char* layer; // in "[Malformed Packet: layer]"
        const char* why;   // the first problem
        const char* last;  // the last field decoded before the malformed entry
    };
    const Case cases[] = {
        {"empty frame", [] { return Bytes{}; }, "Ethernet",
         "ethernet: frame of 0 bytes, header needs 14", "eth"},
        {"cut inside the Ethernet source", [] { return test::to_bytes(kArpReplyFrame, 0, 10); },
         "Ethernet", "ethernet: frame of 10 bytes, header needs 14", "eth.dst.ig"},
        {"ARP cut short", [] { return test::to_bytes(kArpReplyFrame, 0, 30); }, "ARP",
         "arp: packet of 16 bytes, needs 28", "arp.src.hw_mac"},
        {"ARP with a 5-byte hardware size",
         [] {
             Bytes f = test::to_bytes(kArpRequestFrame);
             f[kL3 + 4] = 5;
             return f;
         },
         "ARP", "arp: hardware address length 5, Ethernet needs 6", "arp.dst.proto"},
        {"IPv4 header cut short", [] { return test::to_bytes(kUdpV4Frame, 0, kL3 + 10); }, "IPv4",
         "ipv4: 10 bytes, the header needs at least 20", "ip.proto"},
        {"IPv4 version 5",
         [] {
             Bytes f = test::to_bytes(kUdpV4Frame);
             f[kL3] = 0x55;
             fix_ipv4_checksum(f);
             return f;
         },
         "IPv4", "ipv4: version field is 5, expected 4", "ip.dst"},
        {"IPv4 header length 16",
         [] {
             Bytes f = test::to_bytes(kUdpV4Frame);
             f[kL3] = 0x44;
             return f;
         },
         "IPv4", "ipv4: header length 16 is below the minimum 20", "ip.dst"},
        {"IPv4 total length below the header",
         [] {
             Bytes f = test::to_bytes(kUdpV4Frame);
             store_be16(&f[kL3 + ipv4::kTotalLen], 10);
             fix_ipv4_checksum(f);
             return f;
         },
         "IPv4", "ipv4: total length 10 is smaller than the header length 20", "ip.dst"},
        {"IPv4 datagram cut short (capture shorter than the total length)",
         [] { return test::to_bytes(kIcmpv4EchoFrame, 0, 60); }, "IPv4",
         "ipv4: 46 bytes, the total length says 84", "data.len"},
        {"ICMP shorter than its header",
         [] {
             Bytes f = test::to_bytes(kIcmpv4EchoFrame, 0, kL4v4 + 4);
             store_be16(&f[kL3 + ipv4::kTotalLen], 24);
             fix_ipv4_checksum(f);
             return f;
         },
         "ICMP", "icmpv4: 4 bytes, the header needs 8", "icmp.checksum.status"},
        {"UDP length below its header",
         [] {
             Bytes f = test::to_bytes(kUdpV4Frame);
             store_be16(&f[kL4v4 + 4], 4);
             return f;
         },
         "UDP", "udp: length field 4 is smaller than the header (8)", "udp.checksum.status"},
        {"UDP length past the datagram",
         [] {
             Bytes f = test::to_bytes(kUdpV4Frame);
             store_be16(&f[kL4v4 + 4], 100);
             return f;
         },
         "UDP", "udp: 15 bytes, the length field says 100", "data.len"},
        {"TCP data offset 4",
         [] {
             Bytes f = test::to_bytes(kTcpSynV4Frame);
             f[kL4v4 + 12] = 0x42;
             return f;
         },
         "TCP", "tcp: data offset 4 words is below the minimum 5", "tcp.urgent_pointer"},
        {"TCP option running past the header",
         [] {
             Bytes f = test::to_bytes(kTcpSynV4Frame);
             f[kL4v4 + 21] = 40; // MSS option length
             fix_upper_checksum_v4(f, 16, IpProtocol::Tcp);
             return f;
         },
         "TCP", "tcp: option kind 2 has length 40, past the header or below 2", "tcp.len"},
        {"IPv6 header cut short", [] { return test::to_bytes(kUdpV6Frame, 0, kL3 + 20); }, "IPv6",
         "ipv6: 20 bytes, the header needs 40", "ipv6.hlim"},
        {"IPv6 payload length past the frame",
         [] {
             Bytes f = test::to_bytes(kUdpV6Frame);
             store_be16(&f[kL3 + ipv6::kPayloadLen], 200);
             return f;
         },
         "IPv6", "ipv6: 13 bytes after the header, payload length says 200", "data.len"},
        {"ND option of length zero",
         [] {
             Bytes f = test::to_bytes(kNeighborSolicitFrame);
             f[kL4v6 + 25] = 0;
             fix_upper_checksum_v6(f, 2, IpProtocol::Icmpv6);
             return f;
         },
         "ICMPv6", "icmpv6: ND option 1 has length zero", "icmpv6.nd.ns.target_address"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        Bytes frame = c.make();
        Dissection d = dissect(frame);
        CHECK(d.malformed);
        CHECK(d.problem.starts_with(c.why));
        check_tree(d.layers, frame.size());
        REQUIRE(d.layers.size() >= 2);
        const Field& note = d.layers.back();
        CHECK(note.name == "_ws.malformed");
        CHECK(note.label == std::string("[Malformed Packet: ") + c.layer + "]");
        CHECK(note.meaning == c.why);
        // The last field decoded before the malformed entry, depth first.
        const Field* last = &d.layers[d.layers.size() - 2];
        while (!last->children.empty()) last = &last->children.back();
        CHECK(last->name == c.last);

        FrameFields fields;
        collect_fields(frame, fields);
        CHECK(fields.malformed);
    }
}

// [SECTION] Properties

TEST_CASE("dissect: every field of every fixture is registered and in range", "[wire][dissect]")
{
    for (const NamedFrame& nf : kAllFrames) {
        INFO(nf.name);
        ByteSpan frame(nf.data, nf.size);
        FrameFields fields;
        collect_fields(frame, fields);
        CHECK_FALSE(fields.malformed);
        for (const FieldHit& hit : fields.hits) {
            INFO(hit.spec->name);
            CHECK(find_field_spec(hit.spec->name) == hit.spec);
            CHECK(hit.value.type == hit.spec->type);
        }
        // Only the requested fields when asked.
        const FieldSpec* ip_addr = find_field_spec("ip.addr");
        const FieldSpec* only[] = {ip_addr};
        collect_fields(frame, fields, only);
        for (const FieldHit& hit : fields.hits) CHECK(hit.spec == ip_addr);
    }
    // Names are unique across protocols.
    std::vector<std::string_view> names;
    for (const FieldSpec* spec : all_field_specs()) names.push_back(spec->name);
    std::sort(names.begin(), names.end());
    CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
}

TEST_CASE("dissect: random and mutated bytes never crash", "[wire][dissect][property]")
{
    uint32_t seed = GENERATE(take(300, random(0u, 0xffffffffu)));
    Rng rng(seed);
    INFO("seed " << seed);
    Bytes frame;
    if (rng.below(3) == 0) {
        frame.resize(rng.below(200));
        for (auto& b : frame) b = uint8_t(rng.next_u32());
    } else {
        // A fixture with a few bytes changed and maybe cut: reaches the deeper dissectors.
        const NamedFrame& nf = kAllFrames[rng.below(uint32_t(std::size(kAllFrames)))];
        frame.assign(nf.data, nf.data + nf.size);
        for (uint32_t i = rng.below(4) + 1; i > 0; --i)
            frame[rng.below(uint32_t(nf.size))] ^= uint8_t(rng.next_u32());
        if (rng.below(2)) frame.resize(rng.below(uint32_t(nf.size + 1)));
    }
    Dissection d = dissect(frame);
    check_tree(d.layers, frame.size());
    CHECK(d.layers.front().name == "frame");
    if (d.malformed) CHECK(d.layers.back().name == "_ws.malformed");
    Dissection c = dissect(frame, DissectDetail::Columns);
    CHECK(c.info == d.info);
    CHECK(c.malformed == d.malformed);
    FrameFields fields;
    collect_fields(frame, fields);
    CHECK(fields.malformed == d.malformed);
}
