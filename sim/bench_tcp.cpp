#include "sim/bench_tcp.h"

#include "core/net/network.h"
#include "core/transport/socket_table.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace wirelab::sim {
namespace {

using wirelab::SocketId;

constexpr size_t kPeriod = 1'000'003; // prime: a shifted or repeated stream never lines up
constexpr size_t kChunk = 65536;

uint8_t pattern_byte(uint64_t i)
{
    uint64_t x = i * 6364136223846793005ULL + 1442695040888963407ULL;
    return uint8_t(x >> 56);
}

// a (10.0.0.1) --- b (10.0.0.2); a's socket writes, b's accepted socket reads.
struct Bulk {
    net::Network net;
    net::Host& a;
    net::Host& b;
    std::vector<uint8_t> pattern; // two periods, so any chunk starting in the first is contiguous
    uint64_t total, written = 0, got = 0;
    bool intact = true;
    SocketId client{}, listener{}, server{};
    uint16_t mss;
    std::vector<uint8_t> buf = std::vector<uint8_t>(kChunk);

    explicit Bulk(const TcpBulkParams& p)
        : net(p.seed), a(net.add_node<net::Host>("a")), b(net.add_node<net::Host>("b")),
          pattern(kPeriod + kChunk), total(p.bytes), mss(p.mss)
    {
        for (size_t i = 0; i < pattern.size(); ++i) pattern[i] = pattern_byte(i % kPeriod);
        a.add_interface("eth0");
        b.add_interface("eth0");
        a.add_address(0, wire::Ipv4Prefix::parse("10.0.0.1/24").value());
        b.add_address(0, wire::Ipv4Prefix::parse("10.0.0.2/24").value());
        net::LinkDirParams d;
        d.bandwidth_bps = p.bandwidth_bps;
        d.delay = p.delay;
        net::LinkDirParams ab = d;
        ab.loss = p.loss;
        net.connect({a.id(), 0}, {b.id(), 0}, net::LinkParams{ab, d, true}).value();
        transport::SocketTable::attach_all(net);
    }
    transport::SocketTable& ta() { return transport::SocketTable::of(a); }
    transport::SocketTable& tb() { return transport::SocketTable::of(b); }

    void start()
    {
        listener = tb().tcp_open();
        transport::TcpSocket* l = tb().tcp(listener);
        l->config().mss = mss;
        l->config().trace = false; // a benchmark plots nothing
        l->bind(transport::Endpoint::any_v4(5001)).value();
        l->listen(1).value();
        l->set_callback([this](transport::SocketEvents) {
            if (auto c = tb().tcp(listener)->accept()) {
                server = *c;
                tb().tcp(server)->set_callback([this](transport::SocketEvents) { drain(); });
                drain();
            }
        });
        client = ta().tcp_open();
        transport::TcpSocket* c = ta().tcp(client);
        c->config().mss = mss;
        c->config().trace = false;
        c->set_callback([this](transport::SocketEvents) { pump(); });
        c->connect({wire::IpAddr::parse("10.0.0.2").value(), 5001}).value();
    }
    void pump()
    {
        transport::TcpSocket* s = ta().tcp(client);
        while (written < total) {
            size_t n = size_t(std::min<uint64_t>({total - written, s->send_space(), kChunk}));
            if (n == 0) return;
            size_t r = s->send(ByteSpan(pattern.data() + written % kPeriod, n)).value_or(0);
            if (r == 0) return;
            written += r;
        }
        if (s->state() == transport::TcpState::Established) ta().close(client);
    }
    void drain()
    {
        transport::TcpSocket* s = tb().tcp(server);
        while (auto r = s->recv(MutByteSpan(buf.data(), buf.size()))) {
            if (*r == 0) return; // the FIN: everything has arrived
            intact = intact && std::memcmp(buf.data(), pattern.data() + got % kPeriod, *r) == 0;
            got += *r;
        }
    }
};

} // namespace

TcpBulkResult run_tcp_bulk(const TcpBulkParams& p)
{
    Bulk b(p);
    b.net.run_until(SimTime::from_s(1));
    uint64_t events0 = b.net.scheduler().events_executed();
    SimTime t0 = b.net.now(), end = t0 + p.limit;
    b.start();
    kernel::Scheduler& s = b.net.scheduler();
    // The run ends the moment the sink holds every byte (the FIN exchange is not timed).
    while (b.got < b.total && s.now() < end && s.step()) {}
    TcpBulkResult r;
    r.requested = p.bytes;
    r.delivered = b.got;
    r.intact = b.intact;
    r.completed = b.got == b.total;
    r.transfer = s.now() - t0;
    r.events = s.events_executed() - events0;
    const transport::TcpStats& st = b.ta().tcp(b.client)->stats();
    r.retransmitted_segments = st.retransmitted_segments;
    r.timeouts = st.timeouts;
    r.fast_retransmits = st.fast_retransmits;
    r.segments_sent = st.segments_sent;
    return r;
}

} // namespace wirelab::sim
