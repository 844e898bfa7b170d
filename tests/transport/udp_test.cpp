// UDP sockets (RFC 768): a byte-exact datagram, send/receive with the sender's address, ports
// in use, ICMP port unreachable surfacing as ECONNREFUSED, broadcast, IPv6 and loopback, and the
// datagram promise under impairments: what survived arrives, nothing is ever retransmitted.
#include "tests/transport/harness.h"
#include "tests/transport/segment_lab.h"

#include <cstring>

using namespace wirelab;
using namespace wirelab::test;
using transport::Endpoint;
using transport::SocketError;

namespace {

const uint8_t kDatagram[] = {
    0x13, 0x88, // source port 5000
    0x00, 0x35, // destination port 53
    0x00, 0x0a, // length 10: 8 header + 2 data
    0x6f, 0xb1, // checksum over the pseudo-header 10.0.0.1 -> 10.0.0.2, protocol 17
    0x68, 0x69, // "hi"
};

ByteSpan text(const char* s)
{
    return ByteSpan(reinterpret_cast<const uint8_t*>(s), std::strlen(s));
}

std::string as_text(const Bytes& b)
{
    return std::string(b.begin(), b.end());
}

} // namespace

TEST_CASE("udp: a datagram byte for byte", "[transport][udp]")
{
    SegmentLab lab;
    Bytes got;
    lab.t().set_output_sink(
        [&](const wire::IpAddr&, const wire::IpAddr&, wire::IpProtocol p, ByteSpan b) {
            CHECK(p == wire::IpProtocol::Udp);
            got.assign(b.begin(), b.end());
        });
    SocketId id = lab.t().udp_open();
    auto* u = lab.t().udp(id);
    REQUIRE(u->bind({lab.local, 5000}));
    REQUIRE(u->send_to(text("hi"), {lab.peer, 53}).value() == 2);
    CHECK(got == Bytes(kDatagram, kDatagram + sizeof kDatagram));
}

TEST_CASE("udp: send_to and recv carry the sender's address; replies find their way back",
          "[transport][udp]")
{
    TwoHosts h(3);
    SocketId server = h.tb().udp_open();
    REQUIRE(h.tb().udp(server)->bind(Endpoint::any_v4(9000)));
    int wakeups = 0;
    h.tb().udp(server)->set_callback([&](transport::SocketEvents e) {
        CHECK(e.has(transport::SocketEvent::Readable));
        ++wakeups;
    });
    SocketId client = h.ta().udp_open();
    auto* c = h.ta().udp(client);
    REQUIRE(c->send_to(text("hello"), {ip("10.0.0.2"), 9000}));
    CHECK(c->local().port >= 49152); // autobound to an ephemeral port (RFC 6335)
    h.net.run_until(SimTime::from_ms(50));
    CHECK(wakeups == 1);
    auto d = h.tb().udp(server)->recv();
    REQUIRE(d);
    CHECK(as_text(d->data) == "hello");
    CHECK(d->from == Endpoint{ip("10.0.0.1"), c->local().port});
    CHECK(d->to == ip("10.0.0.2"));
    CHECK(h.tb().udp(server)->recv().error() == SocketError::WouldBlock);
    REQUIRE(h.tb().udp(server)->send_to(text("world"), d->from));
    h.net.run_until(SimTime::from_ms(100));
    auto r = c->recv();
    REQUIRE(r);
    CHECK(as_text(r->data) == "world");
    CHECK(r->from == Endpoint{ip("10.0.0.2"), 9000});
}

TEST_CASE("udp: ports in use and addresses that are not ours", "[transport][udp]")
{
    TwoHosts h(4);
    auto& t = h.ta();
    SocketId a = t.udp_open(), b = t.udp_open(), c = t.udp_open();
    REQUIRE(t.udp(a)->bind(Endpoint::any_v4(53)));
    CHECK(t.udp(b)->bind({ip("10.0.0.1"), 53}).error() == SocketError::AddressInUse);
    CHECK(t.udp(b)->bind(Endpoint::any_v6(53)).error() == SocketError::AddressInUse); // dual stack
    CHECK(t.udp(b)->bind({ip("10.9.9.9"), 54}).error() == SocketError::AddressNotAvailable);
    REQUIRE(t.udp(b)->bind({ip("fd00::1"), 53})); // another family: no clash with 0.0.0.0
    t.close(a);
    REQUIRE(t.udp(c)->bind(Endpoint::any_v4(53))); // freed by close
    CHECK(t.udp(a) == nullptr);
}

TEST_CASE("udp: ICMP port unreachable is reported to a connected socket as ECONNREFUSED",
          "[transport][udp]")
{
    TwoHosts h(5);
    SocketId id = h.ta().udp_open();
    auto* u = h.ta().udp(id);
    bool error_event = false;
    u->set_callback(
        [&](transport::SocketEvents e) { error_event |= e.has(transport::SocketEvent::Error); });
    REQUIRE(u->connect({ip("10.0.0.2"), 9999}));
    CHECK(u->local().addr == ip("10.0.0.1")); // connect picked the source address
    REQUIRE(u->send(text("anyone?")));
    h.net.run_until(SimTime::from_ms(50));
    CHECK(error_event);
    CHECK(u->recv().error() == SocketError::ConnectionRefused); // reported once (Linux)
    CHECK(u->recv().error() == SocketError::WouldBlock);
    CHECK(h.tb().counters().udp_no_port == 1);
    // An unconnected socket is not told (Linux without IP_RECVERR).
    SocketId free_id = h.ta().udp_open();
    REQUIRE(h.ta().udp(free_id)->send_to(text("x"), {ip("10.0.0.2"), 9998}));
    h.net.run_until(SimTime::from_ms(100));
    CHECK(h.ta().udp(free_id)->recv().error() == SocketError::WouldBlock);
}

TEST_CASE("udp: broadcast needs SO_BROADCAST and reaches wildcard sockets", "[transport][udp]")
{
    TwoHosts h(6);
    SocketId any = h.tb().udp_open(), specific = h.tb().udp_open();
    REQUIRE(h.tb().udp(any)->bind(Endpoint::any_v4(67)));
    REQUIRE(h.tb().udp(specific)->bind({ip("10.0.0.2"), 68}));
    SocketId id = h.ta().udp_open();
    auto* u = h.ta().udp(id);
    REQUIRE(u->bind(Endpoint::any_v4(68)));
    CHECK(u->send_to(text("offer?"), {ip("255.255.255.255"), 67}).error() ==
          SocketError::PermissionDenied);
    CHECK(u->send_to(text("offer?"), {ip("10.0.0.255"), 67}).error() ==
          SocketError::PermissionDenied);
    u->set_broadcast(true);
    REQUIRE(u->send_to(text("limited"), {ip("255.255.255.255"), 67}));
    REQUIRE(u->send_to(text("directed"), {ip("10.0.0.255"), 67}));
    REQUIRE(u->send_to(text("to 68"), {ip("255.255.255.255"), 68}));
    h.net.run_until(SimTime::from_ms(50));
    auto d1 = h.tb().udp(any)->recv();
    auto d2 = h.tb().udp(any)->recv();
    REQUIRE(d1);
    REQUIRE(d2);
    CHECK(as_text(d1->data) == "limited");
    CHECK(d1->to == ip("255.255.255.255"));
    CHECK(d1->from.addr == ip("10.0.0.1"));
    CHECK(as_text(d2->data) == "directed");
    // A socket bound to a unicast address does not see broadcasts (Linux).
    CHECK(h.tb().udp(specific)->recv().error() == SocketError::WouldBlock);
}

TEST_CASE("udp: IPv6 between hosts, and loopback in both families", "[transport][udp]")
{
    TwoHosts h(7);
    SocketId s6 = h.tb().udp_open();
    REQUIRE(h.tb().udp(s6)->bind(Endpoint::any_v6(7000)));
    SocketId c = h.ta().udp_open();
    REQUIRE(h.ta().udp(c)->send_to(text("v6"), {ip("fd00::2"), 7000}));
    REQUIRE(h.ta().udp(c)->send_to(text("v4 to a dual-stack socket"), {ip("10.0.0.2"), 7000}));
    h.net.run_until(SimTime::from_ms(50));
    auto d = h.tb().udp(s6)->recv();
    REQUIRE(d);
    CHECK(as_text(d->data) == "v6");
    CHECK(d->from.addr == ip("fd00::1"));
    auto d4 = h.tb().udp(s6)->recv();
    REQUIRE(d4);
    CHECK(d4->from.addr == ip("10.0.0.1"));

    uint64_t frames = h.net.frames_sent();
    SocketId lo = h.ta().udp_open();
    REQUIRE(h.ta().udp(lo)->bind(Endpoint::any_v6(8000)));
    SocketId sender = h.ta().udp_open();
    REQUIRE(h.ta().udp(sender)->bind(Endpoint::any_v6(0))); // dual stack: both families
    REQUIRE(h.ta().udp(sender)->send_to(text("lo4"), {ip("127.0.0.1"), 8000}));
    REQUIRE(h.ta().udp(sender)->send_to(text("lo6"), {ip("::1"), 8000}));
    h.net.run_until(SimTime::from_ms(60));
    CHECK(as_text(h.ta().udp(lo)->recv()->data) == "lo4");
    CHECK(as_text(h.ta().udp(lo)->recv()->data) == "lo6");
    CHECK(h.net.frames_sent() == frames); // loopback never touches the wire
}

TEST_CASE(
    "udp property: impaired links deliver what survived, in arrival order, never retransmitted",
    "[transport][udp][property]")
{
    for (uint64_t seed = 1; seed <= 40; ++seed) {
        Rng r(seed, 0x0d9);
        net::LinkDirParams d;
        d.bandwidth_bps = 10'000'000;
        d.delay = SimTime::from_ms(5);
        d.loss = r.uniform01() * 0.30;
        d.reorder = r.uniform01() * 0.20;
        d.duplicate = r.uniform01() * 0.05;
        d.corrupt = r.uniform01() * 0.05;
        d.queue_limit = 10000;
        TwoHosts h(seed, d, d);
        // Resolve the neighbour first so ARP loss does not eat datagrams we count.
        h.net.link(h.link).set_params(net::LinkParams::symmetric(net::LinkDirParams{}));
        SocketId rx = h.tb().udp_open();
        REQUIRE(h.tb().udp(rx)->bind(Endpoint::any_v4(5001)));
        h.tb().udp(rx)->set_recv_buffer(1 << 24);
        SocketId tx = h.ta().udp_open();
        REQUIRE(h.ta().udp(tx)->send_to(text("warm-up"), {ip("10.0.0.2"), 5001}));
        h.net.run_until(SimTime::from_ms(50));
        REQUIRE(h.tb().udp(rx)->recv());
        h.net.link(h.link).set_params(net::LinkParams::symmetric(d));
        const auto& ls = h.net.link(h.link).state(0);
        uint64_t sent_before = ls.sent, delivered_before = ls.delivered,
                 corrupted_before = ls.corrupted;
        constexpr uint32_t kCount = 500;
        for (uint32_t i = 0; i < kCount; ++i) {
            Bytes p(200);
            store_be32(p.data(), i);
            for (size_t k = 4; k < p.size(); ++k) p[k] = pattern_byte(i * 1000 + k);
            REQUIRE(h.ta().udp(tx)->send_to(p, {ip("10.0.0.2"), 5001}));
        }
        h.net.run_until(SimTime::from_s(10));
        std::vector<int> seen(kCount, 0);
        uint32_t received = 0, reordered = 0, highest = 0, damaged = 0;
        bool first = true;
        while (auto dg = h.tb().udp(rx)->recv()) {
            REQUIRE(dg->data.size() == 200);
            uint32_t i = load_be32(dg->data.data());
            REQUIRE(i < kCount);
            for (size_t k = 4; k < dg->data.size(); ++k)
                damaged +=
                    dg->data[k] != pattern_byte(i * 1000 + k); // corruption never gets through
            ++seen[i];
            ++received;
            if (!first && i < highest) ++reordered;
            highest = first ? i : std::max(highest, i);
            first = false;
        }
        uint32_t unique = 0, dups = 0;
        for (int n : seen) {
            unique += n > 0;
            dups += n > 1 ? n - 1 : 0;
        }
        INFO("seed " << seed << " loss " << d.loss << " reorder " << d.reorder);
        CHECK(h.ta().udp(tx)->stats().datagrams_sent == kCount + 1);
        CHECK(ls.sent - sent_before == kCount); // one frame per datagram: nothing retransmitted
        // Every frame the link delivered reached the socket, except corrupted ones (a frame and
        // its duplicate may both carry the flipped bit), which a checksum stopped.
        uint64_t delivered = ls.delivered - delivered_before;
        uint64_t corrupted = ls.corrupted - corrupted_before;
        CHECK(received <= delivered);
        CHECK(received + 2 * corrupted >= delivered);
        if (d.loss > 0.05) CHECK(unique < kCount);  // loss reached the application
        if (d.reorder > 0.05) CHECK(reordered > 0); // and so did reordering
        if (d.duplicate > 0.02) CHECK(dups > 0);    // and duplication
        CHECK(dups == received - unique);
        CHECK(damaged == 0);
    }
}
