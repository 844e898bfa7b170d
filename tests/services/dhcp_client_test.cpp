// The DHCP client's state machine on a simulated link (RFC 2131 §4.4): boot to BOUND, renewal at
// T1, rebinding at T2 and expiry when the server is gone, a rogue server answering first, a relay
// between subnets, and the commands dhclient, ipconfig /renew /release and dhcp-lease-list.
#include "core/host/dns_stub.h"
#include "core/net/l2_switch.h"
#include "core/net/network.h"
#include "core/services/dhcp/dhcp_client.h"
#include "core/services/dhcp/dhcp_relay.h"
#include "core/services/dhcp/dhcp_server.h"
#include "core/shell/shell.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using app::DhcpClient;
using app::DhcpState;
using wire::Ipv4Addr;

namespace {

Ipv4Addr v4(const char* s)
{
    return Ipv4Addr::parse(s).value();
}

wire::Ipv4Prefix pre(const char* s)
{
    return wire::Ipv4Prefix::parse(s).value();
}

app::DhcpServerConfig pool_config(const char* subnet, const char* first, const char* last,
                                  const char* router, uint32_t lease)
{
    app::DhcpPool p;
    p.subnet = pre(subnet);
    p.first = v4(first);
    p.last = v4(last);
    p.routers = {v4(router)};
    p.dns = {v4("192.168.1.53")};
    p.domain = "lab";
    p.lease_seconds = lease;
    app::DhcpServerConfig c;
    c.pools = {p};
    return c;
}

// pc (DHCP on eth0) --- srv (192.168.1.1, DHCP server): one cable.
struct Pair {
    net::Network net{3};
    net::Host& pc;
    net::Host& srv;
    LinkId link;
    std::vector<DhcpState> states;

    explicit Pair(uint32_t lease = 600)
        : pc(net.add_node<net::Host>("pc")), srv(net.add_node<net::Host>("srv"))
    {
        pc.add_interface("eth0");
        srv.add_interface("eth0");
        srv.add_address(0, pre("192.168.1.1/24"));
        link = net.connect({pc.id(), 0}, {srv.id(), 0}, {}).value();
        app::ServiceSet::of(srv).add<app::DhcpServer>(
            pool_config("192.168.1.0/24", "192.168.1.100", "192.168.1.199", "192.168.1.1", lease));
        DhcpClient& c = DhcpClient::of(pc);
        c.enable(0);
        c.add_listener([this](uint32_t, DhcpState s) { states.push_back(s); });
    }
    DhcpClient& client() { return DhcpClient::of(pc); }
    void run_to(SimTime t) { net.run_until(t); }
};

bool has_dhcp_default(const net::IpNode& n, const char* gw)
{
    for (const net::Route& r : n.routes().routes())
        if (r.prefix.len() == 0 && r.origin == net::RouteOrigin::Dhcp &&
            r.gateway == wire::IpAddr(v4(gw)))
            return true;
    return false;
}

bool log_has(const DhcpClient& c, const std::string& line)
{
    return std::find(c.log().begin(), c.log().end(), line) != c.log().end();
}

} // namespace

TEST_CASE("dhcp client: boot to BOUND configures address, default route and resolver",
          "[app][dhcp][client]")
{
    Pair p;
    p.run_to(SimTime::from_s(1));
    DhcpClient& c = p.client();
    REQUIRE(c.state(0) == DhcpState::Bound);
    CHECK(p.states == std::vector<DhcpState>{DhcpState::Init, DhcpState::Selecting,
                                             DhcpState::Requesting, DhcpState::Bound});
    CHECK(p.pc.iface(0).ipv4 == std::vector<wire::Ipv4Prefix>{pre("192.168.1.100/24")});
    CHECK(has_dhcp_default(p.pc, "192.168.1.1"));
    app::DnsStub& stub = app::DnsStub::of(p.pc);
    CHECK(stub.servers() == std::vector<wire::IpAddr>{wire::IpAddr(v4("192.168.1.53"))});
    CHECK(stub.search() == std::vector<std::string>{"lab"});
    const app::DhcpClientLease* l = c.lease(0);
    REQUIRE(l);
    CHECK(l->server == v4("192.168.1.1"));
    CHECK(l->lease_seconds == 600);
    CHECK(l->t1 - l->obtained == SimTime::from_s(300));
    CHECK(l->t2 - l->obtained == SimTime::from_s(525));
    CHECK(log_has(c, "DHCPOFFER of 192.168.1.100 from 192.168.1.1"));
    CHECK(log_has(c, "DHCPREQUEST for 192.168.1.100 on eth0 to 255.255.255.255 port 67"));
    CHECK(log_has(c, "DHCPACK of 192.168.1.100 from 192.168.1.1"));
    CHECK(log_has(c, "bound to 192.168.1.100 -- renewal in 300 seconds."));
}

TEST_CASE("dhcp client: RENEWING at T1 by unicast to the server, then BOUND again",
          "[app][dhcp][client]")
{
    Pair p;
    p.run_to(SimTime::from_s(1));
    SimTime t1 = p.client().lease(0)->t1;
    p.states.clear();
    p.run_to(t1 + SimTime::from_ms(100));
    CHECK(p.states == std::vector<DhcpState>{DhcpState::Renewing, DhcpState::Bound});
    CHECK(log_has(p.client(), "DHCPREQUEST for 192.168.1.100 on eth0 to 192.168.1.1 port 67"));
    CHECK(p.client().lease(0)->expires == p.client().lease(0)->obtained + SimTime::from_s(600));
    CHECK(p.client().lease(0)->obtained >= t1);
    CHECK(p.pc.iface(0).ipv4.size() == 1);
}

TEST_CASE("dhcp client: with the server gone, REBINDING at T2 and the lease expires",
          "[app][dhcp][client]")
{
    Pair p(60);
    p.run_to(SimTime::from_s(1));
    REQUIRE(p.client().state(0) == DhcpState::Bound);
    const app::DhcpClientLease lease = *p.client().lease(0);
    p.net.set_link_up(p.link, false);
    p.states.clear();
    p.run_to(lease.t2 - SimTime::from_ms(1));
    CHECK(p.client().state(0) == DhcpState::Renewing);
    p.run_to(lease.expires - SimTime::from_ms(1));
    CHECK(p.client().state(0) == DhcpState::Rebinding);
    CHECK(p.pc.iface(0).ipv4.size() == 1); // still usable until it expires
    p.run_to(lease.expires + SimTime::from_ms(1));
    CHECK(p.states == std::vector<DhcpState>{DhcpState::Renewing, DhcpState::Rebinding,
                                             DhcpState::Init, DhcpState::Selecting});
    CHECK(p.pc.iface(0).ipv4.empty());
    CHECK_FALSE(has_dhcp_default(p.pc, "192.168.1.1"));
    CHECK(app::DnsStub::of(p.pc).servers().empty());
    CHECK(log_has(p.client(),
                  "lease of 192.168.1.100 on eth0 expired; no answer from any DHCP server"));

    // The server comes back: the DISCOVERs, retried with back-off, get the address again.
    p.net.set_link_up(p.link, true);
    p.run_to(lease.expires + SimTime::from_s(150));
    CHECK(p.client().state(0) == DhcpState::Bound);
    CHECK(p.pc.iface(0).ipv4 == std::vector<wire::Ipv4Prefix>{pre("192.168.1.100/24")});
}

TEST_CASE("dhcp client: a rogue server that answers first wins, as in reality",
          "[app][dhcp][client][rogue]")
{
    net::Network net(5);
    auto& pc = net.add_node<net::Host>("pc");
    auto& good = net.add_node<net::Host>("good");
    auto& rogue = net.add_node<net::Host>("rogue");
    auto& sw = net.add_node<net::L2Switch>("sw", 4);
    pc.add_interface("eth0");
    good.add_interface("eth0");
    rogue.add_interface("eth0");
    good.add_address(0, pre("192.168.1.1/24"));
    rogue.add_address(0, pre("192.168.1.66/24"));
    net::LinkParams slow;
    slow.ab.delay = slow.ba.delay = SimTime::from_ms(5);
    REQUIRE(net.connect({pc.id(), 0}, {sw.id(), 0}, {}).ok());
    REQUIRE(net.connect({good.id(), 0}, {sw.id(), 1}, slow).ok());
    REQUIRE(net.connect({rogue.id(), 0}, {sw.id(), 2}, {}).ok());
    auto& good_server = app::ServiceSet::of(good).add<app::DhcpServer>(
        pool_config("192.168.1.0/24", "192.168.1.100", "192.168.1.199", "192.168.1.1", 600));
    // The rogue hands out addresses of the same subnet, with itself as the gateway.
    app::ServiceSet::of(rogue).add<app::DhcpServer>(
        pool_config("192.168.1.0/24", "192.168.1.200", "192.168.1.250", "192.168.1.66", 600));
    DhcpClient::of(pc).enable(0);
    net.run_until(SimTime::from_s(2));
    REQUIRE(DhcpClient::of(pc).state(0) == DhcpState::Bound);
    CHECK(pc.iface(0).ipv4 == std::vector<wire::Ipv4Prefix>{pre("192.168.1.200/24")});
    CHECK(has_dhcp_default(pc, "192.168.1.66"));
    CHECK(DhcpClient::of(pc).lease(0)->server == v4("192.168.1.66"));
    // The legitimate server saw the REQUEST naming the rogue and withdrew its offer.
    auto leases = good_server.leases();
    REQUIRE(leases.size() == 1);
    CHECK(leases[0].state == app::DhcpLeaseState::Released);
}

TEST_CASE("dhcp relay: a client on another subnet gets a lease through the router",
          "[app][dhcp][relay]")
{
    net::Network net(9);
    auto& pc = net.add_node<net::Host>("pc");
    auto& r1 = net.add_node<net::Router>("r1");
    auto& srv = net.add_node<net::Host>("srv");
    pc.add_interface("eth0");
    r1.add_interface("eth0");
    r1.add_interface("eth1");
    srv.add_interface("eth0");
    r1.add_address(0, pre("10.9.1.1/24"));
    r1.add_address(1, pre("10.0.0.1/24"));
    srv.add_address(0, pre("10.0.0.67/24"));
    srv.add_route(net::Route{wire::IpPrefix(wire::Ipv4Prefix{}), wire::IpAddr(v4("10.0.0.1")), 0, 0,
                             net::RouteOrigin::Static});
    REQUIRE(net.connect({pc.id(), 0}, {r1.id(), 0}, {}).ok());
    REQUIRE(net.connect({r1.id(), 1}, {srv.id(), 0}, {}).ok());
    app::ServiceSet::of(srv).add<app::DhcpServer>(
        pool_config("10.9.1.0/24", "10.9.1.10", "10.9.1.20", "10.9.1.1", 600));
    auto& relay =
        app::ServiceSet::of(r1).add<app::DhcpRelay>(app::DhcpRelayConfig{{v4("10.0.0.67")}, {}});
    DhcpClient::of(pc).enable(0);
    net.run_until(SimTime::from_s(2));
    REQUIRE(DhcpClient::of(pc).state(0) == DhcpState::Bound);
    CHECK(pc.iface(0).ipv4 == std::vector<wire::Ipv4Prefix>{pre("10.9.1.10/24")});
    CHECK(has_dhcp_default(pc, "10.9.1.1"));
    CHECK(DhcpClient::of(pc).lease(0)->server == v4("10.0.0.67"));
    CHECK(relay.is_client_port(0));
    CHECK_FALSE(relay.is_client_port(1)); // the server's own link
    CHECK(relay.relayed_requests() == 2); // DISCOVER, REQUEST
    CHECK(relay.relayed_replies() == 2);  // OFFER, ACK

    // Renewal goes straight to the server by unicast, not through the relay.
    SimTime t1 = DhcpClient::of(pc).lease(0)->t1;
    net.run_until(t1 + SimTime::from_ms(100));
    CHECK(DhcpClient::of(pc).state(0) == DhcpState::Bound);
    CHECK(relay.relayed_requests() == 2);
}

TEST_CASE("dhclient -r / dhclient -v, ipconfig /release and /renew, dhcp-lease-list",
          "[app][dhcp][commands]")
{
    Pair p;
    p.run_to(SimTime::from_s(1));
    app::Shell sh(p.net, p.pc);
    std::string text;
    int code = -1;
    auto run = [&](const std::string& line, SimTime limit) {
        text.clear();
        code = -1;
        sh.run(
            line, [&](std::string_view t) { text += t; }, [&](int c) { code = c; });
        SimTime end = p.net.now() + limit;
        while (code < 0 && p.net.now() < end)
            p.net.run_until(std::min(end, p.net.now() + SimTime::from_ms(10)));
    };
    run("dhclient -v -r eth0", SimTime::from_s(1));
    CHECK(code == 0);
    CHECK(text == "DHCPRELEASE of 192.168.1.100 on eth0 to 192.168.1.1 port 67\n");
    CHECK(p.pc.iface(0).ipv4.empty());
    CHECK(p.client().state(0) == DhcpState::Stopped);
    p.run_to(p.net.now() + SimTime::from_ms(10));

    app::Shell srv_sh(p.net, p.srv);
    std::string lt;
    srv_sh.run(
        "dhcp-lease-list --all", [&](std::string_view t) { lt += t; }, [](int) {});
    CHECK(lt.find("02:57:4c:00:00:00 192.168.1.100   pc              free") != std::string::npos);

    run("dhclient -v eth0", SimTime::from_s(10));
    CHECK(code == 0);
    CHECK(text.find("DHCPDISCOVER on eth0 to 255.255.255.255 port 67 interval ") == 0);
    CHECK(text.find("DHCPACK of 192.168.1.100 from 192.168.1.1\nbound to 192.168.1.100 -- renewal "
                    "in 300 seconds.\n") != std::string::npos);

    run("ipconfig /release", SimTime::from_s(1));
    CHECK(code == 0);
    CHECK(p.pc.iface(0).ipv4.empty());
    CHECK(text.find("Windows IP Configuration") != std::string::npos);
    run("ipconfig /renew", SimTime::from_s(10));
    CHECK(code == 0);
    CHECK(text.find("   IPv4 Address. . . . . . . . . . . : 192.168.1.100\n") != std::string::npos);
    CHECK(text.find("   Default Gateway . . . . . . . . . : 192.168.1.1\n") != std::string::npos);

    lt.clear();
    srv_sh.run(
        "dhcp-lease-list", [&](std::string_view t) { lt += t; }, [](int) {});
    CHECK(lt.find("192.168.1.100   pc              active") != std::string::npos);
}
