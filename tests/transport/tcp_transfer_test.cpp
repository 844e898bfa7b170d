// TCP end to end between two simulated hosts: a clean transfer, IPv6, loopback, and the state
// sequences both sides go through.
#include "tests/transport/bulk.h"

using namespace wirelab;
using namespace wirelab::test;
using transport::TcpState;

TEST_CASE("tcp: 1 MB over a clean link arrives byte-exact, both sides end CLOSED",
          "[transport][tcp]")
{
    net::LinkDirParams d;
    d.queue_limit = 1000; // larger than any window: nothing is lost
    TwoHosts h(1, d, d);
    BulkTransfer t(h, 1'000'000);
    t.start(ip("10.0.0.2"));
    REQUIRE(h.run_until([&] { return t.is_done(); }, SimTime::from_s(60)));
    CHECK_FALSE(t.client_error);
    CHECK_FALSE(t.server_error);
    CHECK(t.received.bytes == 1'000'000);
    CHECK(t.received.hash == StreamCheck::of_pattern(1'000'000).hash);
    h.net.run_until(h.net.now() + SimTime::from_s(1));
    const auto* c = h.ta().tcp(t.client);
    REQUIRE(c); // released, but kept until TIME-WAIT ends
    CHECK(c->state() == TcpState::TimeWait);
    CHECK(c->history() == std::vector<TcpState>{TcpState::Closed, TcpState::SynSent,
                                                TcpState::Established, TcpState::FinWait1,
                                                TcpState::FinWait2, TcpState::TimeWait});
    CHECK(c->stats().retransmitted_segments == 0);
    h.net.run_until(h.net.now() + SimTime::from_s(61));
    CHECK(h.ta().tcp(t.client) == nullptr); // freed after 2 MSL
    CHECK(h.tb().tcp(t.server) == nullptr);
}

TEST_CASE("tcp: loopback in both families never touches the wire, with a 64 KiB MSS",
          "[transport][tcp]")
{
    TwoHosts h(2);
    h.net.run_until(SimTime::from_s(1));
    uint64_t frames = h.net.frames_sent();
    auto& t = h.ta();
    for (const char* addr : {"127.0.0.1", "::1"}) {
        SocketId l = t.tcp_open();
        REQUIRE(t.tcp(l)->bind(transport::Endpoint::any_v6(7000)));
        REQUIRE(t.tcp(l)->listen(1));
        SocketId c = t.tcp_open();
        REQUIRE(t.tcp(c)->connect({ip(addr), 7000}));
        REQUIRE(h.run_until([&] { return t.tcp(l)->accept_queue() == 1; }, SimTime::from_s(1)));
        SocketId s = t.tcp(l)->accept().value();
        CHECK(t.tcp(s)->remote() == t.tcp(c)->local());
        CHECK(t.tcp(c)->tcb().snd_mss == (ip(addr).is_v4() ? 65495 : 65475)); // 64 KiB IP limit
        Bytes data(300'000);
        for (size_t i = 0; i < data.size(); ++i) data[i] = pattern_byte(i);
        size_t sent = 0;
        Bytes got;
        Bytes buf(100'000);
        REQUIRE(h.run_until(
            [&] {
                if (sent < data.size())
                    sent += t.tcp(c)->send(ByteSpan(data).subspan(sent)).value_or(0);
                while (auto n = t.tcp(s)->recv(buf)) {
                    if (*n == 0) break;
                    got.insert(got.end(), buf.begin(), buf.begin() + long(*n));
                }
                return got.size() == data.size();
            },
            SimTime::from_s(5)));
        CHECK(got == data);
        t.close(c);
        t.close(s);
        t.close(l);
        h.net.run_until(h.net.now() + SimTime::from_ms(10));
    }
    CHECK(h.net.frames_sent() == frames);
}
