// The bulk transfer behind `wirelab bench tcp-bulk` / `lossy-tcp` (sim/bench_tcp.h): every byte
// arrives intact, goodput is what a NewReno/SACK stack gets. The full 10^8-byte runs are hidden
// ([.bench], run: sim_tests "[.bench]" -s); speed is reported by `wirelab bench`, never asserted.
#include "sim/bench_tcp.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::sim;

namespace {

TcpBulkResult bulk(uint64_t bytes, double loss)
{
    TcpBulkParams p;
    p.bytes = bytes;
    p.loss = loss;
    TcpBulkResult r = run_tcp_bulk(p);
    double sim = r.transfer.seconds();
    WARN("loss " << loss << ": simulated " << sim << " s, goodput " << double(bytes) * 8 / sim / 1e6
                 << " Mbit/s, retransmissions " << r.retransmitted_segments << " (timeouts "
                 << r.timeouts << ", fast " << r.fast_retransmits << "), events " << r.events);
    CHECK(r.completed);
    CHECK(r.intact);
    CHECK(r.delivered == bytes);
    return r;
}

} // namespace

TEST_CASE("tcp bulk: 10 MB over a clean 100 Mbit/s link fill the pipe", "[sim][bench]")
{
    TcpBulkResult r = bulk(10'000'000, 0.0);
    // Nothing is lost on the wire; slow start overshooting the drop-tail queue costs a few
    // segments once, then the window settles (no timeout).
    CHECK(r.timeouts == 0);
    CHECK(r.retransmitted_segments * 20 < r.segments_sent);
    // 1448 payload bytes in a 1502-byte frame (40 bytes of headers, 14 of Ethernet): 96.4 Mbit/s
    // at most.
    double goodput = 8e7 / r.transfer.seconds();
    CHECK(goodput > 85e6);
    CHECK(goodput < 96.5e6);
}

TEST_CASE("tcp bulk: 1 % loss towards the receiver costs goodput, never bytes", "[sim][bench]")
{
    TcpBulkResult r = bulk(10'000'000, 0.01);
    CHECK(r.retransmitted_segments > 0);
    CHECK(8e7 / r.transfer.seconds() < 94e6);
}

TEST_CASE("tcp bulk bench: 10^8 bytes over 100 Mbit/s, 1 ms", "[.bench]")
{
    bulk(100'000'000, 0.0);
    bulk(100'000'000, 0.01);
}
