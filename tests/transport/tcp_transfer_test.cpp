// TCP end to end between two simulated hosts: a clean transfer, IPv6, loopback, and the state
// sequences both sides go through.
#include "tests/transport/bulk.h"

using namespace wirelab;
using namespace wirelab::test;
using transport::TcpState;

TEST_CASE("tcp: 1 MB over a clean link arrives byte-exact, both sides end CLOSED", "[transport][tcp]")
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
