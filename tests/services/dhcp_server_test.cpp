// The DHCP server's decisions (RFC 2131 §4.3), driven message by message through handle():
// offers, the lease table, NAKs, release, decline, reservations, exhaustion, expiry, relays.
#include "core/net/network.h"
#include "core/services/dhcp/dhcp_server.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using app::DhcpLeaseState;
using app::DhcpServer;
namespace dhcp = wire::dhcp;
using dhcp::MessageType;
using wire::Ipv4Addr;

namespace {

Ipv4Addr v4(const char* s)
{
    return Ipv4Addr::parse(s).value();
}

wire::MacAddr mac(uint8_t last)
{
    return {{0x02, 0x00, 0x00, 0x00, 0x00, last}};
}

struct Lab {
    net::Network net{7};
    net::Host& host;
    DhcpServer& server;

    explicit Lab(app::DhcpServerConfig cfg = config())
        : host(net.add_node<net::Host>("srv")), server(make(host, std::move(cfg)))
    {}

    static DhcpServer& make(net::Host& h, app::DhcpServerConfig cfg)
    {
        h.add_interface("eth0");
        h.add_interface("eth1");
        h.add_address(0, wire::Ipv4Prefix::parse("192.168.1.1/24").value());
        h.add_address(1, wire::Ipv4Prefix::parse("10.0.0.67/24").value());
        h.add_route(net::Route{wire::IpPrefix(wire::Ipv4Prefix::parse("10.9.0.0/16").value()),
                               wire::IpAddr(v4("10.0.0.1")), 1, 0, net::RouteOrigin::Static});
        return app::ServiceSet::of(h).add<DhcpServer>(std::move(cfg));
    }

    static app::DhcpServerConfig config()
    {
        app::DhcpPool pool;
        pool.subnet = wire::Ipv4Prefix::parse("192.168.1.0/24").value();
        pool.first = v4("192.168.1.100");
        pool.last = v4("192.168.1.102");
        pool.routers = {v4("192.168.1.1")};
        pool.dns = {v4("192.168.1.53")};
        pool.domain = "lab";
        pool.lease_seconds = 600;
        app::DhcpPool remote = pool;
        remote.subnet = wire::Ipv4Prefix::parse("10.9.1.0/24").value();
        remote.first = v4("10.9.1.10");
        remote.last = v4("10.9.1.20");
        remote.routers = {v4("10.9.1.1")};
        app::DhcpServerConfig c;
        c.pools = {pool, remote};
        return c;
    }

    void advance(SimTime t) { net.run_until(net.now() + t); }
};

dhcp::Repr client_msg(MessageType type, uint8_t m, uint32_t xid = 0x1000)
{
    dhcp::Repr r;
    r.op = dhcp::Op::Request;
    r.xid = xid + m;
    r.broadcast = true;
    r.chaddr = mac(m);
    r.message_type = type;
    r.client_id = dhcp::client_id_for(r.chaddr);
    return r;
}

dhcp::Repr request_for(const dhcp::Repr& offer, uint8_t m)
{
    dhcp::Repr r = client_msg(MessageType::Request, m);
    r.requested_ip = offer.yiaddr;
    r.server_id = offer.server_id;
    return r;
}

// DISCOVER then REQUEST; returns the ACK.
dhcp::Repr lease(Lab& lab, uint8_t m)
{
    auto offer = lab.server.handle(client_msg(MessageType::Discover, m), 0);
    REQUIRE(offer);
    auto ack = lab.server.handle(request_for(*offer, m), 0);
    REQUIRE(ack);
    REQUIRE(ack->message_type == MessageType::Ack);
    return *ack;
}

} // namespace

TEST_CASE("dhcp server: DISCOVER gets an OFFER with the pool's options, REQUEST an ACK",
          "[app][dhcp][server]")
{
    Lab lab;
    auto offer = lab.server.handle(client_msg(MessageType::Discover, 1), 0);
    REQUIRE(offer);
    // RFC 2131 Table 3: the server's fields of a DHCPOFFER.
    CHECK(offer->op == dhcp::Op::Reply);
    CHECK(offer->message_type == MessageType::Offer);
    CHECK(offer->xid == 0x1001);
    CHECK(offer->broadcast);
    CHECK(offer->chaddr == mac(1));
    CHECK(offer->ciaddr == Ipv4Addr{});
    CHECK(offer->yiaddr == v4("192.168.1.100"));
    CHECK(offer->server_id == v4("192.168.1.1"));
    CHECK(offer->lease_time == 600u);
    CHECK(offer->renewal_time == 300u);   // T1 = 0.5 lease
    CHECK(offer->rebinding_time == 525u); // T2 = 0.875 lease
    CHECK(offer->subnet_mask == v4("255.255.255.0"));
    CHECK(offer->routers == std::vector<Ipv4Addr>{v4("192.168.1.1")});
    CHECK(offer->dns_servers == std::vector<Ipv4Addr>{v4("192.168.1.53")});
    CHECK(offer->domain_name == "lab");
    auto leases = lab.server.leases();
    REQUIRE(leases.size() == 1);
    CHECK(leases[0].state == DhcpLeaseState::Offered);

    auto ack = lab.server.handle(request_for(*offer, 1), 0);
    REQUIRE(ack);
    CHECK(ack->message_type == MessageType::Ack);
    CHECK(ack->yiaddr == v4("192.168.1.100"));
    CHECK(ack->lease_time == 600u);
    leases = lab.server.leases();
    REQUIRE(leases.size() == 1);
    CHECK(leases[0].state == DhcpLeaseState::Bound);
    CHECK(leases[0].mac == mac(1));
    CHECK(leases[0].ends == lab.net.now() + SimTime::from_s(600));
    CHECK(lab.server.log() ==
          std::vector<std::string>{
              "DHCPDISCOVER from 02:00:00:00:00:01 via eth0",
              "DHCPOFFER on 192.168.1.100 to 02:00:00:00:00:01 via eth0",
              "DHCPREQUEST for 192.168.1.100 (192.168.1.1) from 02:00:00:00:00:01 via eth0",
              "DHCPACK on 192.168.1.100 to 02:00:00:00:00:01"});

    // The same client asking again gets the same address; another client the next one.
    auto again = lab.server.handle(client_msg(MessageType::Discover, 1), 0);
    REQUIRE(again);
    CHECK(again->yiaddr == v4("192.168.1.100"));
    auto other = lab.server.handle(client_msg(MessageType::Discover, 2), 0);
    REQUIRE(other);
    CHECK(other->yiaddr == v4("192.168.1.101"));
}

TEST_CASE("dhcp server: a client that chose another server's offer; NAK for a wrong address",
          "[app][dhcp][server]")
{
    Lab lab;
    auto offer = lab.server.handle(client_msg(MessageType::Discover, 1), 0);
    REQUIRE(offer);
    dhcp::Repr elsewhere = request_for(*offer, 1);
    elsewhere.server_id = v4("192.168.1.254"); // the rogue was faster
    CHECK_FALSE(lab.server.handle(elsewhere, 0));
    CHECK(lab.server.leases()[0].state == DhcpLeaseState::Released); // our offer is withdrawn

    // INIT-REBOOT with an address from another network: NAK (RFC 2131 §4.3.2).
    dhcp::Repr reboot = client_msg(MessageType::Request, 3);
    reboot.requested_ip = v4("172.16.0.9");
    auto nak = lab.server.handle(reboot, 0);
    REQUIRE(nak);
    CHECK(nak->message_type == MessageType::Nak);
    CHECK(nak->yiaddr == Ipv4Addr{});
    CHECK(nak->message == "wrong network");
    // ... but an address of ours we have no record of: silence, another server may own it.
    reboot.requested_ip = v4("192.168.1.150");
    CHECK_FALSE(lab.server.handle(reboot, 0));

    // Asking for an address leased to someone else: NAK.
    dhcp::Repr ack1 = lease(lab, 4);
    dhcp::Repr steal = client_msg(MessageType::Request, 5);
    steal.requested_ip = ack1.yiaddr;
    steal.server_id = v4("192.168.1.1");
    nak = lab.server.handle(steal, 0);
    REQUIRE(nak);
    CHECK(nak->message_type == MessageType::Nak);
    CHECK(nak->message == "requested address not available");
}

TEST_CASE("dhcp server: renewal, release, decline and expiry", "[app][dhcp][server]")
{
    Lab lab;
    dhcp::Repr ack = lease(lab, 1);
    lab.advance(SimTime::from_s(300));
    // RENEWING: ciaddr set, no server id or requested address; the ACK keeps ciaddr.
    dhcp::Repr renew = client_msg(MessageType::Request, 1);
    renew.ciaddr = ack.yiaddr;
    renew.broadcast = false;
    auto ack2 = lab.server.handle(renew, 0);
    REQUIRE(ack2);
    CHECK(ack2->message_type == MessageType::Ack);
    CHECK(ack2->ciaddr == ack.yiaddr);
    CHECK(dhcp::reply_target(*ack2).ip == ack.yiaddr); // unicast to the client
    CHECK(lab.server.leases()[0].ends == lab.net.now() + SimTime::from_s(600));

    // RELEASE frees the address at once.
    dhcp::Repr release = client_msg(MessageType::Release, 1);
    release.ciaddr = ack.yiaddr;
    release.server_id = v4("192.168.1.1");
    CHECK_FALSE(lab.server.handle(release, 0));
    CHECK(lab.server.leases()[0].state == DhcpLeaseState::Released);
    CHECK(lab.server.log().back() ==
          "DHCPRELEASE of 192.168.1.100 from 02:00:00:00:00:01 via eth0 (found)");

    // DECLINE: the address is in use by someone else; it is abandoned and not offered again.
    auto offer = lab.server.handle(client_msg(MessageType::Discover, 2), 0);
    REQUIRE(offer);
    CHECK(offer->yiaddr == v4("192.168.1.101")); // never-used addresses first
    dhcp::Repr decline = client_msg(MessageType::Decline, 2);
    decline.requested_ip = offer->yiaddr;
    decline.server_id = v4("192.168.1.1");
    CHECK_FALSE(lab.server.handle(decline, 0));
    CHECK(lab.server.leases()[1].state == DhcpLeaseState::Declined);
    offer = lab.server.handle(client_msg(MessageType::Discover, 2), 0);
    REQUIRE(offer);
    CHECK(offer->yiaddr == v4("192.168.1.102"));

    // A bound lease nobody renews expires and its address can go to another client.
    dhcp::Repr ack3 = lease(lab, 3);
    CHECK(ack3.yiaddr == v4("192.168.1.100")); // the released one (.102 is offered to client 2)
    lab.advance(SimTime::from_s(601));
    auto leases = lab.server.leases();
    CHECK(leases[0].state == DhcpLeaseState::Expired);
    auto offer4 = lab.server.handle(client_msg(MessageType::Discover, 4), 0);
    REQUIRE(offer4);
    CHECK(offer4->yiaddr == v4("192.168.1.100"));
}

TEST_CASE("dhcp server: reservations and an exhausted pool", "[app][dhcp][server]")
{
    app::DhcpServerConfig cfg = Lab::config();
    cfg.reservations = {{mac(9), v4("192.168.1.50")}};
    Lab lab(cfg);
    auto offer = lab.server.handle(client_msg(MessageType::Discover, 9), 0);
    REQUIRE(offer);
    CHECK(offer->yiaddr == v4("192.168.1.50")); // outside the range, but reserved for this MAC

    lease(lab, 1);
    lease(lab, 2);
    lease(lab, 3);
    CHECK_FALSE(lab.server.handle(client_msg(MessageType::Discover, 4), 0));
    CHECK(lab.server.log().back() ==
          "DHCPDISCOVER from 02:00:00:00:00:04 via eth0: network 192.168.1.0/24: no free leases");
    // The reserved address is never given to anyone else.
    dhcp::Repr grab = client_msg(MessageType::Discover, 4);
    grab.requested_ip = v4("192.168.1.50");
    CHECK_FALSE(lab.server.handle(grab, 0));
}

TEST_CASE("dhcp server: a relayed request is served from the pool of giaddr", "[app][dhcp][server]")
{
    Lab lab;
    dhcp::Repr d = client_msg(MessageType::Discover, 1);
    d.giaddr = v4("10.9.1.1");
    d.hops = 1;
    auto offer = lab.server.handle(d, 1);
    REQUIRE(offer);
    CHECK(offer->yiaddr == v4("10.9.1.10"));
    CHECK(offer->giaddr == v4("10.9.1.1"));
    CHECK(offer->routers == std::vector<Ipv4Addr>{v4("10.9.1.1")});
    CHECK(offer->server_id == v4("10.0.0.67")); // our address towards the relay
    dhcp::ReplyTarget to = dhcp::reply_target(*offer);
    CHECK(to.ip == v4("10.9.1.1"));
    CHECK(to.port == dhcp::kServerPort); // relay agents listen on 67

    // A request from a segment we have no pool for is ignored, and logged.
    dhcp::Repr lost = client_msg(MessageType::Discover, 2);
    lost.giaddr = v4("172.16.5.1");
    CHECK_FALSE(lab.server.handle(lost, 1));
    CHECK(lab.server.log().back() ==
          "DHCPDISCOVER from 02:00:00:00:00:02 via 172.16.5.1: unknown network segment");
}
