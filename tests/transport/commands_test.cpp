// nc, netstat, ss and iperf as a student types them, on two hosts joined by one cable.
#include "core/shell/shell.h"
#include "tests/transport/harness.h"

using namespace wirelab;
using namespace wirelab::test;

namespace {

// A terminal on one host: runs one command line in the background of the simulation.
struct Term {
    app::Shell sh;
    std::string text;
    bool done = false;
    int code = -1;
    Term(net::Network& net, net::IpNode& node) : sh(net, node) {}
    void run(const std::string& line)
    {
        text.clear();
        done = false;
        sh.run(
            line, [this](std::string_view t) { text += t; },
            [this](int c) {
                done = true;
                code = c;
            });
    }
};

bool has(const std::string& text, const std::string& what)
{
    return text.find(what) != std::string::npos;
}

} // namespace

TEST_CASE("nc: a client sends a line to nc -l, which prints it; netstat shows both ends",
          "[transport][commands][nc]")
{
    TwoHosts h(11);
    Term server(h.net, h.b), client(h.net, h.a), look(h.net, h.b);
    server.run("nc -lv 1234");
    h.net.run_until(SimTime::from_ms(1));
    look.run("netstat -tuna");
    INFO(look.text);
    CHECK(has(look.text,
              "Active Internet connections (servers and established)\n"
              "Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n"
              "tcp        0      1 0.0.0.0:1234            0.0.0.0:*               LISTEN     \n"));
    client.run("nc -v 10.0.0.2 1234 hello world");
    REQUIRE(h.run_until([&] { return server.done && client.done; }, SimTime::from_s(10)));
    INFO(server.text);
    INFO(client.text);
    CHECK(server.code == 0);
    CHECK(client.code == 0);
    CHECK(has(server.text, "Listening on 0.0.0.0 1234\n"));
    CHECK(has(server.text, "Connection received on 10.0.0.1 "));
    CHECK(has(server.text, "\nhello world\n"));
    CHECK(client.text == "Connection to 10.0.0.2 1234 port [tcp/*] succeeded!\n");
    // The client closed first: its end waits in TIME-WAIT (60 s by default).
    Term a_look(h.net, h.a);
    a_look.run("netstat -tan");
    INFO(a_look.text);
    CHECK(has(a_look.text, "(servers and established)"));
    CHECK(has(a_look.text, "10.0.0.2:1234           TIME_WAIT  \n"));
    a_look.run("ss -tan");
    CHECK(has(a_look.text, "State     Recv-Q Send-Q"));
    CHECK(has(a_look.text, "TIME-WAIT 0      0"));
    CHECK(has(a_look.text, "10.0.0.2:1234"));
}

TEST_CASE("nc: refused and unreachable connections explain themselves", "[transport][commands][nc]")
{
    TwoHosts h(12);
    Term t(h.net, h.a);
    t.run("nc 10.0.0.2 81");
    REQUIRE(h.run_until([&] { return t.done; }, SimTime::from_s(10)));
    CHECK(t.code == 1);
    CHECK(t.text == "nc: connect to 10.0.0.2 port 81 (tcp) failed: Connection refused\n");
    t.run("nc 192.168.7.7 80");
    REQUIRE(t.done);
    CHECK(t.text == "nc: connect to 192.168.7.7 port 80 (tcp) failed: Network is unreachable\n");
    t.run("nc -w 2 10.0.0.99 80"); // nobody answers ARP
    REQUIRE(h.run_until([&] { return t.done; }, SimTime::from_s(10)));
    CHECK(t.code == 1);
    CHECK(has(t.text, "nc: connect to 10.0.0.99 port 80 (tcp) "));
}

TEST_CASE("nc -z scans ports; -u talks UDP", "[transport][commands][nc]")
{
    TwoHosts h(13);
    Term server(h.net, h.b), client(h.net, h.a);
    server.run("nc -l 22");
    h.net.run_until(SimTime::from_ms(1));
    client.run("nc -zv 10.0.0.2 21-23");
    REQUIRE(h.run_until([&] { return client.done; }, SimTime::from_s(10)));
    CHECK(client.code == 0);
    CHECK(client.text == "nc: connect to 10.0.0.2 port 21 (tcp) failed: Connection refused\n"
                         "Connection to 10.0.0.2 22 port [tcp/ssh] succeeded!\n"
                         "nc: connect to 10.0.0.2 port 23 (tcp) failed: Connection refused\n");
    REQUIRE(h.run_until([&] { return server.done; }, SimTime::from_s(10)));

    Term userver(h.net, h.b);
    userver.run("nc -u -l -w 3 5353 pong");
    h.net.run_until(h.net.now() + SimTime::from_ms(1));
    client.run("nc -u 10.0.0.2 5353 ping");
    REQUIRE(h.run_until([&] { return client.done && userver.done; }, SimTime::from_s(10)));
    CHECK(userver.text == "ping\n");
    CHECK(client.text == "pong\n");
    client.run("nc -u 10.0.0.2 5354 anyone");
    REQUIRE(h.run_until([&] { return client.done; }, SimTime::from_s(10)));
    CHECK(client.code == 1);
    CHECK(client.text == "nc: read(net): Connection refused\n");
}

TEST_CASE("iperf: TCP goodput below the link rate, with the stream checked byte for byte",
          "[transport][commands][iperf]")
{
    net::LinkDirParams d;
    d.bandwidth_bps = 10'000'000;
    d.delay = SimTime::from_ms(10);
    d.loss = 0.01;
    TwoHosts h(14, d, d);
    Term server(h.net, h.b), client(h.net, h.a);
    server.run("iperf -s -1");
    h.net.run_until(SimTime::from_ms(1));
    client.run("iperf -c 10.0.0.2 -t 5");
    REQUIRE(h.run_until([&] { return server.done && client.done; }, SimTime::from_s(60)));
    INFO(server.text);
    INFO(client.text);
    CHECK(client.code == 0);
    CHECK(has(client.text, "Client connecting to 10.0.0.2, TCP port 5001\n"));
    CHECK(has(client.text, "[  3] local 10.0.0.1 port "));
    CHECK(has(client.text, "[ ID] Interval       Transfer     Bandwidth\n[  3]  0.0- 5."));
    CHECK(has(client.text, " Mbits/sec\n"));
    CHECK(has(server.text, "Server listening on TCP port 5001\n"));
    CHECK(has(server.text, "arrived complete and in order (pattern checked)\n"));
    // Goodput below the 10 Mbit/s line rate: parse "x.yz Mbits/sec" from the server line.
    size_t at = server.text.find(" Mbits/sec");
    REQUIRE(at != std::string::npos);
    double mbps = std::stod(server.text.substr(server.text.rfind(' ', at - 1) + 1));
    CHECK(mbps > 1.0);
    CHECK(mbps < 10.0);
}

TEST_CASE("iperf -u: the server reports loss and reordering it met", "[transport][commands][iperf]")
{
    net::LinkDirParams d;
    d.bandwidth_bps = 10'000'000;
    d.delay = SimTime::from_ms(5);
    d.loss = 0.05;
    d.reorder = 0.05;
    d.reorder_delay = SimTime::from_ms(20); // longer than the 5.9 ms between datagrams
    TwoHosts h(15, d, net::LinkDirParams{});
    Term server(h.net, h.b), client(h.net, h.a);
    server.run("iperf -s -u -1");
    h.net.run_until(SimTime::from_ms(1));
    client.run("iperf -c 10.0.0.2 -u -b 2M -t 3");
    REQUIRE(h.run_until([&] { return server.done && client.done; }, SimTime::from_s(60)));
    INFO(server.text);
    INFO(client.text);
    CHECK(client.code == 0);
    CHECK(has(client.text, "Sending 1470 byte datagrams\n"));
    CHECK(has(client.text, "[  3] Sent 511 datagrams\n")); // 3 s at 2 Mbit/s, 1470 bytes each
    CHECK(has(client.text, "[  3] Server Report:\n"));
    CHECK(has(server.text, "Jitter   Lost/Total Datagrams\n"));
    CHECK(has(server.text, "/  511 ("));
    CHECK(has(server.text, "datagrams received out-of-order\n"));
    CHECK_FALSE(has(server.text, "    0/  511 (0%)"));
}

TEST_CASE("iperf across routers on the lossy WAN example's topology",
          "[transport][commands][iperf]")
{
    // site/examples/lossy-wan.json: pcA - rA =(10 Mbit/s, 20 ms, 10 % loss each way)= rB - pcB.
    net::Network net(1);
    auto& pcA = net.add_node<net::Host>("pcA");
    auto& rA = net.add_node<net::Router>("rA");
    auto& rB = net.add_node<net::Router>("rB");
    auto& pcB = net.add_node<net::Host>("pcB");
    auto p4 = [](const char* s) { return wire::Ipv4Prefix::parse(s).value(); };
    auto via = [&](net::IpNode& n, const char* to, const char* gw, uint32_t port) {
        n.add_route({wire::IpPrefix::parse(to).value(), ip(gw), port, 0, net::RouteOrigin::Static});
    };
    pcA.add_interface("eth0");
    pcB.add_interface("eth0");
    for (net::Router* r : {&rA, &rB}) {
        r->add_interface("eth0");
        r->add_interface("eth1");
    }
    pcA.add_address(0, p4("10.1.0.10/24"));
    rA.add_address(0, p4("10.1.0.1/24"));
    rA.add_address(1, p4("172.16.0.1/30"));
    rB.add_address(1, p4("172.16.0.2/30"));
    rB.add_address(0, p4("10.2.0.1/24"));
    pcB.add_address(0, p4("10.2.0.10/24"));
    via(pcA, "0.0.0.0/0", "10.1.0.1", 0);
    via(pcB, "0.0.0.0/0", "10.2.0.1", 0);
    via(rA, "10.2.0.0/24", "172.16.0.2", 1);
    via(rB, "10.1.0.0/24", "172.16.0.1", 1);
    net::LinkDirParams lan, wan;
    lan.delay = SimTime::from_us(100);
    wan.bandwidth_bps = 10'000'000;
    wan.delay = SimTime::from_ms(20);
    wan.loss = 0.1;
    REQUIRE(net.connect({pcA.id(), 0}, {rA.id(), 0}, net::LinkParams::symmetric(lan)).ok());
    REQUIRE(net.connect({rA.id(), 1}, {rB.id(), 1}, net::LinkParams::symmetric(wan)).ok());
    REQUIRE(net.connect({rB.id(), 0}, {pcB.id(), 0}, net::LinkParams::symmetric(lan)).ok());
    transport::SocketTable::attach_all(net);
    auto run = [&](Term& a, Term& b) {
        SimTime end = net.now() + SimTime::from_s(300);
        while (!(a.done && b.done) && net.now() < end)
            net.run_until(net.now() + SimTime::from_ms(100));
        return a.done && b.done;
    };
    Term server(net, pcB), client(net, pcA);
    server.run("iperf -s -1");
    net.run_until(SimTime::from_s(1));
    client.run("iperf -c 10.2.0.10 -t 10");
    REQUIRE(run(server, client));
    INFO(server.text);
    CHECK(has(server.text, "arrived complete and in order (pattern checked)"));
    CHECK((has(server.text, "Kbits/sec") || has(server.text, " Mbits/sec")));

    server.run("iperf -s -u -1");
    net.run_until(net.now() + SimTime::from_s(1));
    client.run("iperf -c 10.2.0.10 -u -b 1M -t 5");
    REQUIRE(run(server, client));
    INFO(server.text);
    INFO(client.text);
    CHECK(has(client.text, "[  3] Server Report:"));
    CHECK_FALSE(has(server.text, "    0/  426 (0%)")); // about one datagram in ten lost
    CHECK(has(server.text, "/  426 ("));
}
