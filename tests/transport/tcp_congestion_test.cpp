// Congestion control on a deterministic loss pattern (ns-3's AddSeqToKill): two sockets joined
// by a 10 Mbit/s, 10 ms wire that drops exactly the data segments we name. Checks fast
// retransmit and NewReno recovery (RFC 5681 §3.2, RFC 6582), SACK recovery (RFC 6675), the
// timeout path (RFC 5681 §3.1, RFC 6298 §5) and the trace a plot reads.
#include "tests/transport/segment_lab.h"

using namespace wirelab;
using namespace wirelab::test;
using transport::TcpTracePoint;

namespace {

constexpr uint32_t kMss = 1460;

// a (ISS 1000) sends `bytes` to b's listener on port 80 (ISS 5000), reading as it arrives.
struct Transfer {
    WirePair w;
    SocketId client, listener, server;
    Bytes data;
    Bytes got;
    size_t offset = 0;

    Transfer(std::set<uint32_t> kill, size_t bytes, bool sack = false) : data(bytes)
    {
        for (size_t i = 0; i < bytes; ++i) data[i] = uint8_t(i * 7 + i / 251);
        w.kill = std::move(kill);
        w.ta->tcp_defaults().sack = sack; // NewReno unless asked
        w.ta->tcp_defaults().fixed_iss = 1000;
        w.tb->tcp_defaults().fixed_iss = 5000;
        listener = w.tb->tcp_open();
        auto* l = w.tb->tcp(listener);
        REQUIRE(l->bind(transport::Endpoint::any_v4(80)));
        REQUIRE(l->listen(1));
        l->set_callback([this](transport::SocketEvents) { accept(); });
        client = w.ta->tcp_open();
        w.ta->tcp(client)->set_callback([this](transport::SocketEvents) { pump(); });
        REQUIRE(w.ta->tcp(client)->connect({ip("10.0.0.2"), 80}));
        REQUIRE(w.run_until([&] { return got.size() == data.size(); }, SimTime::from_s(60)));
    }
    void accept()
    {
        auto c = w.tb->tcp(listener)->accept();
        if (!c) return;
        server = *c;
        w.tb->tcp(server)->set_callback([this](transport::SocketEvents) {
            Bytes b(65536);
            while (true) {
                auto r = w.tb->tcp(server)->recv(b);
                if (!r || *r == 0) return;
                got.insert(got.end(), b.begin(), b.begin() + long(*r));
            }
        });
    }
    void pump()
    {
        auto* s = w.ta->tcp(client);
        while (offset < data.size()) {
            auto r = s->send(ByteSpan(data).subspan(offset));
            if (!r) return;
            offset += *r;
        }
    }
    const transport::TcpSocket& sender() { return *w.ta->tcp(client); }
    // When b's n-th segment carrying `ack` reached a (delay + serialisation of 78 bytes).
    SimTime ack_arrival(uint32_t ack, int n)
    {
        for (const Sent& s : w.log)
            if (s.src == ip("10.0.0.2") && s.repr.ack.raw() == ack && --n == 0)
                return s.at + w.delay + SimTime::from_ns(78 * 8 * 100);
        FAIL("no such ACK");
        return {};
    }
    const TcpTracePoint& trace_at(SimTime t)
    {
        for (const TcpTracePoint& p : sender().trace())
            if (p.at == t) return p;
        FAIL("no trace point at " << t.to_string());
        return sender().trace().front();
    }
};

} // namespace

TEST_CASE("tcp congestion: losing data segment 5 triggers fast retransmit and NewReno recovery",
          "[transport][tcp][congestion]")
{
    Transfer t({5}, 30 * kMss);
    CHECK(t.got == t.data);
    const auto& st = t.sender().stats();
    CHECK(st.fast_retransmits == 1);
    CHECK(st.timeouts == 0);
    CHECK(st.retransmitted_segments == 1);
    // Segment 5 starts at 1001 + 4 x 1460 = 6841. b acknowledges 6841 once when segment 6
    // arrives (segment 4's ACK was delayed), then once more per later segment: the third
    // duplicate makes a retransmit at once (RFC 5681 DupThresh = 3).
    auto log = t.w.data_from_a_log();
    REQUIRE(log.size() == 31);
    CHECK(log[4].first.repr.seq.raw() == 6841);
    CHECK(log[4].second); // dropped
    const Sent* retx = nullptr;
    for (auto& [s, dropped] : log)
        if (s.repr.seq.raw() == 6841 && !dropped) retx = &s;
    REQUIRE(retx);
    SimTime third_dup = t.ack_arrival(6841, 4);
    CHECK(retx->at == third_dup);
    // RFC 5681 eq. (4): ssthresh = FlightSize / 2 = 16 segments in flight / 2 = 8 x 1460;
    // cwnd = ssthresh + 3 SMSS.
    const TcpTracePoint& fr = t.trace_at(third_dup);
    CHECK(fr.ssthresh == 8 * kMss);
    CHECK(fr.cwnd == 11 * kMss);
    CHECK(fr.retransmissions == 1);
    // Each further duplicate ACK inflates cwnd by one SMSS (step 4), and the ACK covering all
    // data up to `recover` deflates to min(ssthresh, FlightSize + SMSS) (RFC 6582 step 3).
    bool deflated = false;
    for (const TcpTracePoint& p : t.sender().trace())
        if (p.at > third_dup && p.cwnd < 8 * kMss + 1) deflated = true;
    CHECK(deflated);
    CHECK(t.sender().tcb().ssthresh == 8 * kMss);
    CHECK_FALSE(t.sender().tcb().in_recovery);
}

TEST_CASE("tcp congestion: losing the last of 5 segments leaves only the timer",
          "[transport][tcp][congestion]")
{
    Transfer t({5}, 5 * kMss);
    CHECK(t.got == t.data);
    const auto& st = t.sender().stats();
    CHECK(st.fast_retransmits == 0); // no later segments, no duplicate ACKs
    CHECK(st.timeouts == 1);
    CHECK(st.retransmitted_segments == 1);
    // The timer restarts with each ACK of new data (RFC 6298 §5.3); the last one acknowledges
    // segment 4 (delayed 40 ms), so the retransmission comes one RTO (200 ms) after it.
    SimTime last_ack = t.ack_arrival(6841, 1);
    const TcpTracePoint& p = t.trace_at(last_ack + SimTime::from_ms(200));
    CHECK(p.cwnd == kMss);                 // loss window
    CHECK(p.ssthresh == 2 * kMss);         // max(FlightSize / 2, 2 SMSS) with one segment in flight
    CHECK(p.rto == SimTime::from_ms(400)); // backed off
    CHECK(p.retransmissions == 1);
}

TEST_CASE("tcp congestion: a lost fast retransmission falls back to the timer",
          "[transport][tcp][congestion]")
{
    // Segment 21 in sending order is the fast retransmission of segment 5: before it went the
    // initial window of 10, 8 more as ACKs came in, and 2 by limited transmit (RFC 3042).
    Transfer t({5, 21}, 30 * kMss);
    CHECK(t.got == t.data);
    const auto& st = t.sender().stats();
    CHECK(st.fast_retransmits == 1);
    CHECK(st.timeouts == 1);
    auto log = t.w.data_from_a_log();
    CHECK(log[20].first.repr.seq.raw() == 6841);
    CHECK(log[20].second);
    // After the timeout: one segment of window, and ssthresh from the data then in flight.
    bool saw = false;
    for (const TcpTracePoint& p : t.sender().trace())
        if (p.cwnd == kMss && p.retransmissions == 2) saw = true;
    CHECK(saw);
}

TEST_CASE(
    "tcp congestion: slow start doubles per round trip, then congestion avoidance adds one MSS",
    "[transport][tcp][congestion]")
{
    Transfer t({}, 200 * kMss);
    CHECK(t.got == t.data);
    const auto& tr = t.sender().trace();
    REQUIRE(tr.size() > 10);
    CHECK(tr.front().cwnd == 10 * kMss); // RFC 6928 IW10
    for (size_t i = 1; i < tr.size(); ++i) {
        CHECK(tr[i].cwnd >= tr[i - 1].cwnd);            // no loss: never shrinks
        CHECK(tr[i].cwnd - tr[i - 1].cwnd <= 2 * kMss); // RFC 3465 L = 2 SMSS per ACK
    }
    CHECK(t.sender().stats().retransmitted_segments == 0);
}

namespace {
const Sent* retransmission_of(const std::vector<std::pair<Sent, bool>>& log, uint32_t seq)
{
    const Sent* first = nullptr;
    for (auto& [s, dropped] : log)
        if (s.repr.seq.raw() == seq) {
            if (first) return &s; // the second time it was sent
            first = &s;
        }
    return nullptr;
}
} // namespace

TEST_CASE("tcp congestion: two holes — NewReno repairs one per round trip, SACK both at once",
          "[transport][tcp][congestion][sack]")
{
    // Segments 5 (seq 6841) and 7 (seq 9761) are lost.
    Transfer reno({5, 7}, 30 * kMss, false);
    Transfer sack({5, 7}, 30 * kMss, true);
    for (Transfer* t : {&reno, &sack}) {
        CHECK(t->got == t->data);
        CHECK(t->sender().stats().fast_retransmits == 1); // one recovery episode
        CHECK(t->sender().stats().timeouts == 0);
        CHECK(t->sender().stats().retransmitted_segments == 2);
    }
    CHECK_FALSE(reno.sender().is_sack_enabled());
    CHECK(sack.sender().is_sack_enabled());
    // NewReno learns of the second hole from the partial ACK (9761) that answers the first
    // retransmission, and retransmits exactly then (RFC 6582 step 4).
    auto reno_log = reno.w.data_from_a_log();
    auto sack_log = sack.w.data_from_a_log();
    const Sent* r7 = retransmission_of(reno_log, 9761);
    REQUIRE(r7);
    CHECK(r7->at == reno.ack_arrival(9761, 1));
    // With SACK the scoreboard shows both holes: the second goes out before that ACK is back.
    const Sent* s7 = retransmission_of(sack_log, 9761);
    REQUIRE(s7);
    CHECK(s7->at < sack.ack_arrival(9761, 1));
    CHECK(s7->at < r7->at);
    // The receiver reported the holes: its duplicate ACKs carried SACK blocks, none above what
    // was sent.
    bool blocks = false;
    for (const Sent& s : sack.w.log)
        if (s.src == ip("10.0.0.2") && s.repr.options.sack_count > 0) blocks = true;
    CHECK(blocks);
}
