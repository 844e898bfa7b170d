// Links, hubs and switches: timing, impairments, flooding, learning, loops.
#include "core/net/hub.h"
#include "core/net/l2_switch.h"
#include "core/net/network.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace wirelab;
using namespace wirelab::net;

namespace {

// A test endpoint: one port, records what arrives.
class Probe : public Node {
public:
    Probe(Network& net, NodeId id, std::string name)
        : Node(net, id, std::move(name), DeviceKind::Host)
    {
        add_port("eth0");
    }
    void on_frame(uint32_t, Frame&& f) override
    {
        received.push_back({m_net.now(), f.bytes});
        m_net.frames().give(std::move(f));
    }
    void send_to(const wire::MacAddr& dst, size_t size, uint8_t tag = 0)
    {
        Frame f = m_net.frames().take(size);
        std::fill(f.bytes.begin(), f.bytes.end(), tag);
        std::copy(dst.bytes.begin(), dst.bytes.end(), f.bytes.begin());
        std::copy(port(0).mac.bytes.begin(), port(0).mac.bytes.end(), f.bytes.begin() + 6);
        f.bytes[12] = 0x88; // local experimental ethertype 0x88b5
        f.bytes[13] = 0xb5;
        m_net.transmit(id(), 0, std::move(f));
    }
    struct Rx {
        SimTime at;
        Bytes bytes;
    };
    std::vector<Rx> received;
};

LinkDirParams fast(SimTime delay = SimTime::from_ms(1))
{
    LinkDirParams d;
    d.bandwidth_bps = 10'000'000; // 10 Mbit/s: 1000 bytes + 24 overhead = 819.2 us
    d.delay = delay;
    return d;
}

} // namespace

TEST_CASE("a frame arrives after serialisation plus propagation delay", "[net][link]")
{
    Network net(1);
    auto& a = net.add_node<Probe>("a");
    auto& b = net.add_node<Probe>("b");
    REQUIRE(net.connect({a.id(), 0}, {b.id(), 0}, LinkParams::symmetric(fast())).ok());
    net.start();
    a.send_to(b.port(0).mac, 1000);
    a.send_to(b.port(0).mac, 1000); // queued behind the first
    net.run_until(SimTime::from_s(1));
    REQUIRE(b.received.size() == 2);
    CHECK(b.received[0].at == SimTime::from_ns(819200 + 1000000));
    CHECK(b.received[1].at == SimTime::from_ns(2 * 819200 + 1000000));
    CHECK(a.received.empty());
}

TEST_CASE("connect refuses busy ports, missing ports and self-loops with a reason", "[net][link]")
{
    Network net(1);
    auto& a = net.add_node<Probe>("a");
    auto& b = net.add_node<Probe>("b");
    REQUIRE(net.connect({a.id(), 0}, {b.id(), 0}, {}).ok());
    auto again = net.connect({a.id(), 0}, {b.id(), 0}, {});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message == "a:eth0 is already connected");
    auto missing = net.connect({a.id(), 5}, {b.id(), 0}, {});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message == "a has no port 5");
}

TEST_CASE("drop-tail queue overflows are traced with the reason", "[net][link]")
{
    Network net(1);
    auto& a = net.add_node<Probe>("a");
    auto& b = net.add_node<Probe>("b");
    LinkDirParams d = fast();
    d.queue_limit = 3;
    REQUIRE(net.connect({a.id(), 0}, {b.id(), 0}, LinkParams::symmetric(d)).ok());
    std::vector<TraceEvent> drops;
    net.set_trace_sink([&](const TraceEvent& e) {
        if (e.kind == TraceKind::FrameDropped) drops.push_back(e);
    });
    net.start();
    for (int i = 0; i < 5; ++i) a.send_to(b.port(0).mac, 1000);
    net.run_until(SimTime::from_s(1));
    CHECK(b.received.size() == 3);
    REQUIRE(drops.size() == 2);
    CHECK(drops[0].reason == DropReason::QueueFull);
    CHECK(drops[0].text == "queue full on a:eth0 (3 frames)");
}

TEST_CASE("loss, duplication, reordering and corruption follow their probabilities", "[net][link]")
{
    Network net(7);
    auto& a = net.add_node<Probe>("a");
    auto& b = net.add_node<Probe>("b");
    LinkDirParams d = fast();
    d.bandwidth_bps = 0; // no serialisation: isolate the impairments
    d.loss = 0.2;
    d.duplicate = 0.1;
    d.reorder = 0.1;
    d.corrupt = 0.1;
    REQUIRE(net.connect({a.id(), 0}, {b.id(), 0}, LinkParams::symmetric(d)).ok());
    net.start();
    const int n = 2000;
    for (int i = 0; i < n; ++i) {
        net.scheduler().schedule_at(SimTime::from_us(100 * i),
                                    [&a, &b, i] { a.send_to(b.port(0).mac, 100, uint8_t(i)); });
    }
    net.run_until(SimTime::from_s(10));
    const LinkDirState& st = net.link(LinkId(0)).state(0);
    CHECK(st.sent == n);
    CHECK(st.lost == Approx(0.2 * n).margin(80));
    CHECK(st.duplicated == Approx(0.08 * n).margin(60));
    CHECK(st.reordered == Approx(0.08 * n).margin(60));
    CHECK(st.corrupted == Approx(0.08 * n).margin(60));
    CHECK(b.received.size() == st.sent - st.lost + st.duplicated);
    // Reordered frames arrive after frames sent later: the tags are not monotonic.
    int inversions = 0;
    for (size_t i = 1; i < b.received.size(); ++i)
        if (b.received[i].bytes[20] < b.received[i - 1].bytes[20] &&
            b.received[i - 1].bytes[20] - b.received[i].bytes[20] < 128)
            ++inversions;
    CHECK(inversions > 50);
}

TEST_CASE("Gilbert-Elliott loss comes in bursts", "[net][link]")
{
    Network net(3);
    auto& a = net.add_node<Probe>("a");
    auto& b = net.add_node<Probe>("b");
    LinkDirParams d = fast();
    d.bandwidth_bps = 0;
    d.burst = {0.02, 0.25, 0.0, 1.0}; // mean burst length 4 frames, ~7% loss overall
    REQUIRE(net.connect({a.id(), 0}, {b.id(), 0}, LinkParams::symmetric(d)).ok());
    net.start();
    for (int i = 0; i < 5000; ++i)
        net.scheduler().schedule_at(SimTime::from_us(10 * i),
                                    [&a, &b] { a.send_to(b.port(0).mac, 60); });
    net.run_until(SimTime::from_s(1));
    const LinkDirState& st = net.link(LinkId(0)).state(0);
    CHECK(st.lost == Approx(5000 * 0.02 / 0.27).margin(150));
}

TEST_CASE("the same seed gives the same run; another seed a different one", "[net][link]")
{
    auto run = [](uint64_t seed) {
        Network net(seed);
        auto& a = net.add_node<Probe>("a");
        auto& b = net.add_node<Probe>("b");
        LinkDirParams d = fast();
        d.loss = 0.3;
        d.reorder = 0.2;
        REQUIRE(net.connect({a.id(), 0}, {b.id(), 0}, LinkParams::symmetric(d)).ok());
        net.start();
        for (int i = 0; i < 300; ++i)
            net.scheduler().schedule_at(SimTime::from_us(900 * i),
                                        [&a, &b, i] { a.send_to(b.port(0).mac, 200, uint8_t(i)); });
        net.run_until(SimTime::from_s(2));
        return net.fingerprint().value();
    };
    CHECK(run(11) == run(11));
    CHECK(run(11) != run(12));
}

TEST_CASE("a hub repeats every frame to every other port", "[net][hub]")
{
    Network net(1);
    auto& hub = net.add_node<Hub>("hub1", 4);
    auto& a = net.add_node<Probe>("a");
    auto& b = net.add_node<Probe>("b");
    auto& sniffer = net.add_node<Probe>("sniffer");
    REQUIRE(net.connect({a.id(), 0}, {hub.id(), 0}, {}).ok());
    REQUIRE(net.connect({b.id(), 0}, {hub.id(), 1}, {}).ok());
    REQUIRE(net.connect({sniffer.id(), 0}, {hub.id(), 2}, {}).ok());
    net.start();
    a.send_to(b.port(0).mac, 64);
    net.run_until(SimTime::from_s(1));
    CHECK(b.received.size() == 1);
    CHECK(sniffer.received.size() == 1); // the third host sees a's traffic to b
    CHECK(a.received.empty());
}

TEST_CASE("a switch learns, forwards known unicast to one port and floods the rest",
          "[net][switch]")
{
    Network net(1);
    auto& sw = net.add_node<L2Switch>("sw1", 4);
    auto& a = net.add_node<Probe>("a");
    auto& b = net.add_node<Probe>("b");
    auto& c = net.add_node<Probe>("c");
    REQUIRE(net.connect({a.id(), 0}, {sw.id(), 0}, {}).ok());
    REQUIRE(net.connect({b.id(), 0}, {sw.id(), 1}, {}).ok());
    REQUIRE(net.connect({c.id(), 0}, {sw.id(), 2}, {}).ok());
    net.start();
    a.send_to(b.port(0).mac, 64); // b unknown: flooded to b and c
    net.run_until(SimTime::from_ms(10));
    CHECK(b.received.size() == 1);
    CHECK(c.received.size() == 1);
    b.send_to(a.port(0).mac, 64); // a was learnt: only a gets it
    net.run_until(SimTime::from_ms(20));
    CHECK(a.received.size() == 1);
    CHECK(c.received.size() == 1);
    a.send_to(b.port(0).mac, 64); // now b is known too
    net.run_until(SimTime::from_ms(30));
    CHECK(b.received.size() == 2);
    CHECK(c.received.size() == 1);
    auto table = sw.mac_table();
    REQUIRE(table.size() == 2);
    CHECK(table[0].mac == a.port(0).mac);
    CHECK(table[0].port == 0);
    // Ageing: after 300 s without traffic the entries are gone and b is flooded again.
    net.run_until(SimTime::from_s(400));
    CHECK(sw.mac_table().empty());
    a.send_to(b.port(0).mac, 64);
    net.run_until(SimTime::from_s(401));
    CHECK(c.received.size() == 2);
}

TEST_CASE("a switching loop is detected and reported instead of hanging", "[net][switch]")
{
    Network net(1);
    auto& s1 = net.add_node<L2Switch>("s1", 3);
    auto& s2 = net.add_node<L2Switch>("s2", 3);
    auto& a = net.add_node<Probe>("a");
    REQUIRE(net.connect({s1.id(), 0}, {s2.id(), 0}, {}).ok());
    REQUIRE(net.connect({s1.id(), 1}, {s2.id(), 1}, {}).ok()); // redundant link: a loop
    REQUIRE(net.connect({a.id(), 0}, {s1.id(), 2}, {}).ok());
    std::vector<TraceEvent> loops;
    net.set_trace_sink([&](const TraceEvent& e) {
        if (e.reason == DropReason::SwitchLoop) loops.push_back(e);
    });
    net.start();
    a.send_to(wire::MacAddr::broadcast(), 64);
    uint64_t events = net.run_until(SimTime::from_s(5), 1'000'000);
    CHECK(events < 1'000'000); // it settled by itself
    REQUIRE_FALSE(loops.empty());
    CHECK(loops[0].text.find("switching loop") == 0);
}
