// The IP stack end to end: ARP, routing, forwarding, ICMP errors, loopback, IPv6 ND + SLAAC,
// driven through the same shell commands a student types.
#include "core/net/l2_switch.h"
#include "core/net/network.h"
#include "core/shell/shell.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::net;
using wire::Ipv4Addr;
using wire::Ipv4Prefix;
using wire::Ipv6Prefix;

namespace {

Ipv4Prefix p4(const char* s)
{
    return Ipv4Prefix::parse(s).value();
}
Ipv6Prefix p6(const char* s)
{
    return Ipv6Prefix::parse(s).value();
}
wire::IpAddr a(const char* s)
{
    return wire::IpAddr::parse(s).value();
}

// pc1 - sw1 - r1 - sw2 - pc2, 10.0.1.0/24 and 10.0.2.0/24.
struct TwoLans {
    Network net{42};
    Host& pc1 = net.add_node<Host>("pc1");
    Host& pc2 = net.add_node<Host>("pc2");
    Host& pc3 = net.add_node<Host>("pc3");
    Router& r1 = net.add_node<Router>("r1");
    L2Switch& sw1 = net.add_node<L2Switch>("sw1", 4);
    L2Switch& sw2 = net.add_node<L2Switch>("sw2", 4);
    std::vector<TraceEvent> drops;

    TwoLans()
    {
        for (IpNode* n : {(IpNode*)&pc1, (IpNode*)&pc2, (IpNode*)&pc3}) n->add_interface("eth0");
        r1.add_interface("eth0");
        r1.add_interface("eth1");
        pc1.add_address(0, p4("10.0.1.10/24"));
        pc3.add_address(0, p4("10.0.1.11/24"));
        pc2.add_address(0, p4("10.0.2.10/24"));
        r1.add_address(0, p4("10.0.1.1/24"));
        r1.add_address(1, p4("10.0.2.1/24"));
        pc1.add_route({wire::IpPrefix(p4("0.0.0.0/0")), a("10.0.1.1"), 0, 0, RouteOrigin::Static});
        pc2.add_route({wire::IpPrefix(p4("0.0.0.0/0")), a("10.0.2.1"), 0, 0, RouteOrigin::Static});
        r1.iface(0).advertise.push_back(p6("2001:db8:1::/64"));
        r1.iface(1).advertise.push_back(p6("2001:db8:2::/64"));
        r1.add_address(0, p6("2001:db8:1::1/64"));
        r1.add_address(1, p6("2001:db8:2::1/64"));
        LinkDirParams d;
        d.delay = SimTime::from_us(500);
        auto L = LinkParams::symmetric(d);
        REQUIRE(net.connect({pc1.id(), 0}, {sw1.id(), 0}, L).ok());
        REQUIRE(net.connect({pc3.id(), 0}, {sw1.id(), 1}, L).ok());
        REQUIRE(net.connect({r1.id(), 0}, {sw1.id(), 2}, L).ok());
        REQUIRE(net.connect({r1.id(), 1}, {sw2.id(), 0}, L).ok());
        REQUIRE(net.connect({pc2.id(), 0}, {sw2.id(), 1}, L).ok());
        net.set_trace_sink([this](const TraceEvent& e) {
            if (e.kind == TraceKind::PacketDropped) drops.push_back(e);
        });
    }

    // Runs a command to completion and returns its output.
    std::string run(IpNode& on, const std::string& line, int* code = nullptr)
    {
        app::Shell sh(net, on);
        std::string text;
        bool done = false;
        sh.run(
            line, [&](std::string_view t) { text += t; },
            [&](int c) {
                done = true;
                if (code) *code = c;
            });
        SimTime limit = net.now() + SimTime::from_s(120);
        while (!done && net.now() < limit) net.run_until(net.now() + SimTime::from_ms(100));
        REQUIRE(done);
        return text;
    }
};

} // namespace

TEST_CASE("ping across a router: ARP, forwarding, ttl=63", "[net][ip]")
{
    TwoLans t;
    int code = -1;
    std::string out = t.run(t.pc1, "ping -c 3 10.0.2.10", &code);
    INFO(out);
    CHECK(code == 0);
    CHECK(out.find("PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.") == 0);
    CHECK(out.find("64 bytes from 10.0.2.10: icmp_seq=1 ttl=63 time=") != std::string::npos);
    CHECK(out.find("icmp_seq=3 ttl=63") != std::string::npos);
    CHECK(out.find("3 packets transmitted, 3 received, 0% packet loss") != std::string::npos);
    CHECK(out.find("rtt min/avg/max/mdev = ") != std::string::npos);
    // ARP learnt the gateway; the router learnt both sides.
    std::string arp = t.run(t.pc1, "arp -a");
    CHECK(arp.find("? (10.0.1.1) at 02:57:4c:00:03:00 [ether] on eth0") != std::string::npos);
    std::string neigh = t.run(t.r1, "ip neigh");
    CHECK(neigh.find("10.0.2.10 dev eth1 lladdr 02:57:4c:00:01:00 REACHABLE") != std::string::npos);
}

TEST_CASE("traceroute lists the router, then the destination", "[net][ip]")
{
    TwoLans t;
    std::string out = t.run(t.pc1, "traceroute 10.0.2.10");
    INFO(out);
    CHECK(out.find("traceroute to 10.0.2.10 (10.0.2.10), 30 hops max, 60 byte packets\n") == 0);
    CHECK(out.find("\n 1  10.0.1.1 (10.0.1.1)  ") != std::string::npos);
    CHECK(out.find("\n 2  10.0.2.10 (10.0.2.10)  ") != std::string::npos);
    CHECK(out.find("\n 3 ") == std::string::npos);
}

TEST_CASE("no route, unreachable hosts and TTL expiry explain themselves", "[net][ip]")
{
    TwoLans t;
    int code = 0;
    std::string out = t.run(t.pc3, "ping -c 1 10.0.2.10", &code); // pc3 has no gateway
    CHECK(code == 2);
    CHECK(
        out ==
        "ping: connect: Network is unreachable (pc3 has no route to 10.0.2.10; add a gateway?)\n");

    out = t.run(t.pc1, "ping -c 1 10.0.2.99", &code); // nobody answers ARP on the far LAN
    INFO(out);
    CHECK(code == 1);
    CHECK(out.find("From 10.0.1.1 icmp_seq=1 Destination Host Unreachable") != std::string::npos);
    CHECK(out.find("1 packets transmitted, 0 received, +1 errors, 100% packet loss") !=
          std::string::npos);
    bool arp_failed = false;
    for (auto& e : t.drops) arp_failed |= e.reason == DropReason::ArpFailed;
    CHECK(arp_failed);

    out = t.run(t.pc1, "ping -c 1 -t 1 10.0.2.10", &code);
    CHECK(out.find("From 10.0.1.1 icmp_seq=1 Time to live exceeded") != std::string::npos);
    bool ttl = false;
    for (auto& e : t.drops)
        ttl |= e.reason == DropReason::TtlExceeded && e.text.find("TTL exceeded at r1") == 0;
    CHECK(ttl);

    out = t.run(t.pc1, "ping -c 1 10.9.0.1", &code); // the router has no route
    CHECK(out.find("From 10.0.1.1 icmp_seq=1 Destination Net Unreachable") != std::string::npos);
}

TEST_CASE("loopback and our own address never reach the wire", "[net][ip]")
{
    TwoLans t;
    t.net.run_until(SimTime::from_s(5)); // let the boot-time RS/RA/NS traffic settle
    uint64_t before = t.net.frames_sent();
    std::string out = t.run(t.pc1, "ping -c 2 127.0.0.1");
    CHECK(out.find("64 bytes from 127.0.0.1: icmp_seq=2 ttl=64") != std::string::npos);
    out = t.run(t.pc1, "ping -c 1 ::1");
    CHECK(out.find("64 bytes from ::1: icmp_seq=1 ttl=64") != std::string::npos);
    out = t.run(t.pc1, "ping -c 1 10.0.1.10");
    CHECK(out.find("64 bytes from 10.0.1.10: icmp_seq=1") != std::string::npos);
    CHECK(t.net.now() < SimTime::from_s(30)); // before the next periodic router advertisement
    CHECK(t.net.frames_sent() == before);
}

TEST_CASE("IPv6: SLAAC from router advertisements, neighbour discovery, ping across", "[net][ipv6]")
{
    TwoLans t;
    t.net.run_until(SimTime::from_s(1));
    std::string addr = t.run(t.pc1, "ip addr");
    INFO(addr);
    // 2001:db8:1:: + modified EUI-64 of 02:57:4c:00:00:00
    CHECK(addr.find("inet6 2001:db8:1:0:57:4cff:fe00:0/64 scope global") != std::string::npos);
    std::string routes = t.run(t.pc1, "ip -6 route");
    CHECK(routes.find("default via fe80::57:4cff:fe00:300 dev eth0 proto ra") != std::string::npos);
    std::string out = t.run(t.pc1, "ping -c 2 2001:db8:2:0:57:4cff:fe00:100");
    INFO(out);
    CHECK(out.find("64 bytes from 2001:db8:2:0:57:4cff:fe00:100: icmp_seq=1 ttl=63") !=
          std::string::npos);
    out = t.run(t.pc1, "traceroute 2001:db8:2:0:57:4cff:fe00:100");
    CHECK(out.find(" 1  2001:db8:1::1 (2001:db8:1::1)") != std::string::npos);
}

TEST_CASE("IPv6: a solicited router advertisement goes unicast to the solicitor's MAC",
          "[net][ipv6]")
{
    // RFC 4861 §6.2.6: the router may answer a solicitation carrying a source link-layer
    // address option unicast; it must never put an IPv6 packet in an Ethernet broadcast.
    TwoLans t;
    std::vector<std::pair<wire::MacAddr, bool>> adverts; // destination MAC, unicast IPv6 dst
    t.net.set_frame_tap([&](SimTime, NodeId node, uint32_t, TapDirection dir, const Frame& f) {
        if (node != t.r1.id() || dir != TapDirection::Out || f.bytes.size() < 14 + 40 + 1) return;
        if (f.bytes[12] != 0x86 || f.bytes[13] != 0xdd || f.bytes[14 + 6] != 58) return;
        if (f.bytes[14 + 40] != 134) return; // ICMPv6 router advertisement
        wire::MacAddr dst;
        std::copy(f.bytes.begin(), f.bytes.begin() + 6, dst.bytes.begin());
        adverts.emplace_back(dst, f.bytes[14 + 24] != 0xff);
    });
    t.net.run_until(SimTime::from_s(1));
    const wire::MacAddr pc1_mac = t.pc1.port(0).mac;
    bool unicast_to_pc1 = false;
    for (const auto& [mac, unicast] : adverts) {
        CHECK_FALSE(mac == wire::MacAddr::broadcast());
        if (unicast) {
            CHECK((mac == pc1_mac || mac == t.pc3.port(0).mac || mac == t.pc2.port(0).mac));
            unicast_to_pc1 |= mac == pc1_mac;
        } else {
            CHECK(mac.bytes[0] == 0x33); // all-nodes multicast 33:33:00:00:00:01
        }
    }
    CHECK(unicast_to_pc1);
}

TEST_CASE("ip, ifconfig, route and ipconfig show the configuration", "[net][ip]")
{
    TwoLans t;
    std::string r = t.run(t.pc1, "ip route");
    CHECK(r == "default via 10.0.1.1 dev eth0\n10.0.1.0/24 dev eth0 proto kernel scope link src "
               "10.0.1.10\n");
    std::string a = t.run(t.pc1, "ip addr show dev eth0");
    CHECK(a.find("inet 10.0.1.10/24 brd 10.0.1.255 scope global eth0") != std::string::npos);
    std::string w = t.run(t.pc1, "ipconfig");
    CHECK(w.find("IPv4 Address. . . . . . . . . . . : 10.0.1.10") != std::string::npos);
    CHECK(w.find("Default Gateway . . . . . . . . . : 10.0.1.1") != std::string::npos);
    std::string rt = t.run(t.pc1, "route -n");
    CHECK(rt.find("0.0.0.0         10.0.1.1        0.0.0.0         UG") != std::string::npos);
    int code = 0;
    std::string bad = t.run(t.pc1, "frobnicate", &code);
    CHECK(code == 127);
    CHECK(bad == "frobnicate: command not found (type 'help' for the list of commands)\n");
}
