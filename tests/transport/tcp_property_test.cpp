// The stream promise of TCP ("complete, in order, without errors") under hostile links: for each
// of 200 seeds, a byte-exact transfer over a cable with seed-drawn loss (0-30 %), reordering
// (0-20 %), duplication and corruption in both directions, so data, ACKs, SYNs and FINs all
// suffer — with SACK recovery on two seeds in three and NewReno on the third. Plus one 10 MB
// stream.
//
// Size per seed: 1 MB for the 200 seeds. Measured: about 2.5 s natively for all of them (the
// suite's budget under AddressSanitizer, roughly 15x slower, is ~60 s). WIRELAB_TCP_SEEDS /
// WIRELAB_TCP_BYTES in the environment override both for a longer soak.
#include "tests/transport/bulk.h"

#include <cstdlib>

using namespace wirelab;
using namespace wirelab::test;

namespace {

uint64_t env_or(const char* name, uint64_t fallback)
{
    const char* v = std::getenv(name);
    return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

net::LinkDirParams impairments(uint64_t seed)
{
    Rng r(seed, 0x7c9);
    net::LinkDirParams d;
    d.bandwidth_bps = 10'000'000;
    d.delay = SimTime::from_ms(r.uniform_int(1, 20));
    d.loss = r.uniform01() * 0.30;
    d.reorder = r.uniform01() * 0.20;
    d.reorder_delay = SimTime::from_ms(r.uniform_int(1, 30));
    d.duplicate = r.uniform01() * 0.05;
    d.corrupt = r.uniform01() * 0.05;
    d.queue_limit = 1000;
    return d;
}

// Links this bad would make a real stack give up sooner; the test wants to see completion.
transport::TcpConfig patient()
{
    transport::TcpConfig c;
    c.syn_retries = c.synack_retries = c.max_retries = 40;
    return c;
}

struct Outcome {
    bool complete = false;
    uint64_t bytes = 0;
    uint64_t retransmissions = 0;
    std::string text;
};

Outcome transfer(uint64_t seed, uint64_t bytes, const net::LinkDirParams& d, bool v6, bool sack)
{
    TwoHosts h(seed, d, d);
    BulkTransfer t(h, bytes);
    t.max_connect_attempts = 10;
    transport::TcpConfig cfg = patient();
    cfg.sack = sack;
    t.start(ip(v6 ? "fd00::2" : "10.0.0.2"), &cfg);
    h.run_until([&] { return t.is_done(); }, SimTime::from_s(24 * 3600));
    Outcome o;
    o.bytes = t.received.bytes;
    o.complete = t.eof && t.received.bytes == bytes &&
                 t.received.hash == StreamCheck::of_pattern(bytes).hash;
    if (const auto* c = h.ta().tcp(t.client)) o.retransmissions = c->stats().retransmitted_segments;
    o.text =
        "seed " + std::to_string(seed) + (v6 ? " IPv6" : " IPv4") + (sack ? " SACK" : " NewReno") +
        " loss " + std::to_string(d.loss) + " reorder " + std::to_string(d.reorder) + " dup " +
        std::to_string(d.duplicate) + " corrupt " + std::to_string(d.corrupt) + ": got " +
        std::to_string(t.received.bytes) + " of " + std::to_string(bytes) + " bytes by " +
        h.net.now().to_string() +
        (t.client_error ? std::string(", client ") + transport::to_string(*t.client_error) : "") +
        (t.server_error ? std::string(", server ") + transport::to_string(*t.server_error) : "");
    return o;
}

} // namespace

TEST_CASE("tcp property: byte-exact transfers over 200 impaired links",
          "[transport][tcp][property]")
{
    uint64_t seeds = env_or("WIRELAB_TCP_SEEDS", 200);
    uint64_t bytes = env_or("WIRELAB_TCP_BYTES", 1'000'000);
    uint64_t failures = 0, retransmissions = 0;
    for (uint64_t seed = 1; seed <= seeds; ++seed) {
        // Both families, and both recovery algorithms (SACK, and NewReno on every third seed).
        Outcome o = transfer(seed, bytes, impairments(seed), seed % 2 == 0, seed % 3 != 0);
        retransmissions += o.retransmissions;
        if (!o.complete) {
            ++failures;
            FAIL_CHECK(o.text);
        }
    }
    CHECK(failures == 0);
    CHECK(retransmissions > seeds); // the links really did lose data
}

TEST_CASE("tcp property: a 10 MB stream over a lossy, reordering, duplicating link",
          "[transport][tcp][property]")
{
    net::LinkDirParams d;
    d.bandwidth_bps = 100'000'000;
    d.delay = SimTime::from_ms(5);
    d.loss = 0.02;
    d.reorder = 0.05;
    d.duplicate = 0.01;
    d.corrupt = 0.005;
    d.queue_limit = 1000;
    Outcome o = transfer(4242, 10'000'000, d, false, true);
    INFO(o.text);
    CHECK(o.complete);
    CHECK(o.retransmissions > 100);
}
