// Hidden by default ([.bench]): 10^8 bytes over 100 Mbit/s, 1 ms, with and without 1 % loss
// towards the receiver, the shape of `wirelab bench tcp-bulk` / `lossy-tcp`. The application side
// is kept cheap (writes from and compares against a precomputed pattern with memcpy/memcmp) so
// the wall time is the stack's. Run: core_tests "[.bench]" -s
#include "tests/transport/harness.h"

#include <chrono>
#include <cstring>

using namespace wirelab;
using namespace wirelab::test;

namespace {

constexpr size_t kPeriod = 1'000'003; // prime: a shifted or repeated run never lines up

struct Bench {
    TwoHosts h;
    Bytes pattern;
    uint64_t total, written = 0, got = 0;
    bool intact = true, eof = false;
    SocketId client, listener, server;

    Bench(const net::LinkDirParams& ab, const net::LinkDirParams& ba, uint64_t bytes)
        : h(1, ab, ba), pattern(2 * kPeriod), total(bytes)
    {
        for (size_t i = 0; i < pattern.size(); ++i) pattern[i] = pattern_byte(i % kPeriod);
    }
    void start()
    {
        listener = h.tb().tcp_open();
        REQUIRE(h.tb().tcp(listener)->bind(transport::Endpoint::any_v4(5001)));
        REQUIRE(h.tb().tcp(listener)->listen(1));
        h.tb().tcp(listener)->set_callback([this](transport::SocketEvents) {
            if (auto c = h.tb().tcp(listener)->accept()) {
                server = *c;
                h.tb().tcp(server)->set_callback([this](transport::SocketEvents) { drain(); });
            }
        });
        client = h.ta().tcp_open();
        h.ta().tcp(client)->set_callback([this](transport::SocketEvents) { pump(); });
        REQUIRE(h.ta().tcp(client)->connect({ip("10.0.0.2"), 5001}));
    }
    void pump()
    {
        auto* s = h.ta().tcp(client);
        while (written < total) {
            size_t n = size_t(std::min<uint64_t>({total - written, s->send_space(), 65536}));
            if (n == 0) return;
            size_t r = s->send(ByteSpan(pattern.data() + written % kPeriod, n)).value_or(0);
            if (r == 0) return;
            written += r;
        }
        if (s->state() == transport::TcpState::Established) h.ta().close(client);
    }
    void drain()
    {
        auto* s = h.tb().tcp(server);
        static uint8_t buf[65536];
        while (auto r = s->recv(buf)) {
            if (*r == 0) {
                eof = true;
                return;
            }
            intact &= std::memcmp(buf, pattern.data() + got % kPeriod, *r) == 0;
            got += *r;
        }
    }
};

void run(double loss)
{
    net::LinkDirParams d;
    d.bandwidth_bps = 100'000'000;
    d.delay = SimTime::from_ms(1);
    net::LinkDirParams ab = d;
    ab.loss = loss;
    Bench b(ab, d, 100'000'000);
    b.h.net.run_until(SimTime::from_s(1));
    auto w0 = std::chrono::steady_clock::now();
    b.start();
    REQUIRE(b.h.run_until([&] { return b.eof; }, SimTime::from_s(600)));
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    double sim = (b.h.net.now() - SimTime::from_s(1)).seconds();
    CHECK(b.intact);
    CHECK(b.got == b.total);
    const auto& st = b.h.ta().tcp(b.client)->stats();
    WARN("loss " << loss << ": wall " << wall << " s, simulated " << sim << " s, goodput "
                 << 8e8 / sim / 1e6 << " Mbit/s, retransmissions " << st.retransmitted_segments
                 << " (timeouts " << st.timeouts << ", fast " << st.fast_retransmits << "), events "
                 << b.h.net.scheduler().events_executed());
}

} // namespace

TEST_CASE("tcp bulk bench: 10^8 bytes over 100 Mbit/s, 1 ms", "[.bench]")
{
    run(0.0);
    run(0.01);
}
