// wirelab bench: reproducible speed measurements, defined so that they can be compared with
// ns-3 on the same machine. Benchmarks report; they never fail a test.
#include "sim/cli.h"

#include "sim/bench_tcp.h"

#include "core/net/ip_node.h"
#include "core/net/network.h"
#include "core/wire/checksum.h"
#include "core/wire/udp.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace wirelab::sim {
namespace {

using namespace wirelab::net;
using wire::IpAddr;
using wire::Ipv4Addr;
using wire::Ipv4Prefix;

constexpr uint16_t kEchoPort = 7;
constexpr size_t kPayload = 512;
constexpr int kDatagrams = 1000;
constexpr const char* kBenchNames = "star-udp, tcp-bulk, lossy-tcp";

struct StarResult {
    uint64_t hosts = 0, events = 0, delivered = 0, expected = 0;
    SimTime simulated;
};

// One router in the middle; a server and N clients, each on its own point-to-point link with
// its own /30 (clients 100 Mbit/s, server 10 Gbit/s, 1 ms everywhere); a UDP echo server from
// t=0.5 s; every client sends 1000 datagrams of 512 bytes, one per ms, from t=1.0 s.
// The datagram path uses the stack's transport hook directly (no socket layer needed).
StarResult run_star_udp(uint64_t n_clients, uint64_t seed)
{
    Network net(seed);
    Router& r = net.add_node<Router>("r");
    auto subnet = [](uint64_t i, uint8_t host) {
        return Ipv4Prefix{Ipv4Addr::from_u32(0x0A000000u + uint32_t(i) * 4 + host), 30};
    };
    std::vector<Host*> hosts;
    for (uint64_t i = 0; i <= n_clients; ++i) {
        Host& h = net.add_node<Host>(i == 0 ? "server" : "client" + std::to_string(i));
        h.add_interface("eth0");
        uint32_t rp = r.add_interface("eth" + std::to_string(i));
        h.add_address(0, subnet(i, 2));
        r.add_address(rp, subnet(i, 1));
        h.add_route({wire::IpPrefix(Ipv4Prefix{{}, 0}), IpAddr(subnet(i, 1).addr), 0, 0,
                     RouteOrigin::Static});
        LinkDirParams d;
        d.bandwidth_bps = i == 0 ? 10'000'000'000ULL : 100'000'000ULL;
        d.delay = SimTime::from_ms(1);
        d.queue_limit = 1000;
        net.connect({h.id(), 0}, {r.id(), rp}, LinkParams::symmetric(d)).value();
        hosts.push_back(&h);
    }
    uint64_t delivered = 0;
    Host& server = *hosts[0];
    Ipv4Addr server_addr = subnet(0, 2).addr;
    bool serving = false;
    net.scheduler().schedule_at(SimTime::from_ms(500), [&serving] { serving = true; });
    server.set_l4_handler(wire::IpProtocol::Udp, [&](const IpMeta& m, ByteSpan payload) {
        if (!serving || payload.size() < 8 || load_be16(&payload[2]) != kEchoPort) return false;
        ++delivered;
        wire::udp::Repr reply{kEchoPort, load_be16(payload.data())};
        ByteSpan data = payload.subspan(8);
        server.send_ip(
            m.src, wire::IpProtocol::Udp, 8 + data.size(), [&](MutByteSpan out, const IpAddr& src) {
                wire::udp::emit(reply, data, wire::PseudoHeader::v4(src.v4(), m.src.v4()), out);
            });
        return true;
    });
    for (uint64_t i = 1; i <= n_clients; ++i) {
        Host& c = *hosts[i];
        c.set_l4_handler(wire::IpProtocol::Udp, [&delivered](const IpMeta&, ByteSpan) {
            ++delivered;
            return true;
        });
        struct Sender {
            static void send(Network* net, Host* c, Ipv4Addr dst, int k)
            {
                wire::udp::Repr req{uint16_t(49152 + k % 1000), kEchoPort};
                c->send_ip(IpAddr(dst), wire::IpProtocol::Udp, 8 + kPayload,
                           [&](MutByteSpan out, const IpAddr& src) {
                               std::fill(out.begin() + 8, out.end(), uint8_t(k));
                               wire::udp::emit(req, out.subspan(8),
                                               wire::PseudoHeader::v4(src.v4(), dst), out);
                           });
                if (k + 1 < kDatagrams)
                    net->scheduler().schedule_in(SimTime::from_ms(1),
                                                 [net, c, dst, k] { send(net, c, dst, k + 1); });
            }
        };
        Network* np = &net;
        Host* cp = &c;
        net.scheduler().schedule_at(
            SimTime::from_s(1), [np, cp, server_addr] { Sender::send(np, cp, server_addr, 0); });
    }
    net.run_until(SimTime::from_s(3));
    StarResult res;
    res.hosts = n_clients;
    res.events = net.scheduler().events_executed();
    res.delivered = delivered;
    res.expected = 2ULL * kDatagrams * n_clients;
    res.simulated = net.now();
    return res;
}

std::string human(double v)
{
    char buf[32];
    if (v >= 1e6)
        std::snprintf(buf, sizeof buf, "%.2fM", v / 1e6);
    else if (v >= 1e3)
        std::snprintf(buf, sizeof buf, "%.1fk", v / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

struct BenchArgs {
    std::string which;
    uint64_t hosts = 100, seed = 1, bytes = 100'000'000;
    bool json = false;
};

// Parses `bench NAME [--hosts N] [--bytes N] [--seed N] [--json]`; false after writing the error.
bool parse_bench_args(const std::vector<std::string>& args, BenchArgs& b, std::string& err)
{
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto number = [&](uint64_t& out, uint64_t max) {
            if (i + 1 >= args.size()) return false;
            const std::string& v = args[++i];
            if (v.empty() || v.size() > 12 ||
                v.find_first_not_of("0123456789") != std::string::npos)
                return false;
            out = std::stoull(v);
            return out >= 1 && out <= max;
        };
        if (a == "--hosts") {
            if (!number(b.hosts, 20000))
                return err = "wirelab bench: --hosts needs a number from 1 to 20000\n", false;
        } else if (a == "--bytes") {
            if (!number(b.bytes, 10'000'000'000ULL))
                return err = "wirelab bench: --bytes needs a number from 1 to 10000000000\n", false;
        } else if (a == "--seed") {
            if (!number(b.seed, 999999999))
                return err = "wirelab bench: --seed needs a positive number\n", false;
        } else if (a == "--json") {
            b.json = true;
        } else if (b.which.empty() && !a.empty() && a[0] != '-') {
            b.which = a;
        } else {
            return err = "wirelab bench: unexpected argument '" + a + "'\n", false;
        }
    }
    if (b.which != "star-udp" && b.which != "tcp-bulk" && b.which != "lossy-tcp") {
        err = b.which.empty()
                  ? "wirelab bench: name a benchmark (" + std::string(kBenchNames) + ")\n"
                  : "wirelab bench: unknown benchmark '" + b.which +
                        "' (available: " + kBenchNames + ")\n";
        return false;
    }
    return true;
}

// What the host measured around one run: wall seconds, peak memory, heap allocations.
struct HostMeasure {
    double wall = 0;
    uint64_t peak = 0, allocations = 0;
};

template <class F>
auto measured(CliOutput& io, HostMeasure& m, F run)
{
    double t0 = io.wall_seconds ? io.wall_seconds() : 0.0;
    uint64_t a0 = io.allocations ? io.allocations() : 0;
    auto r = run();
    m.wall = io.wall_seconds ? io.wall_seconds() - t0 : 0.0;
    m.allocations = io.allocations ? io.allocations() - a0 : 0;
    m.peak = io.peak_memory_bytes ? io.peak_memory_bytes() : 0;
    return r;
}

int report_star(const BenchArgs& a, CliOutput& io)
{
    HostMeasure m;
    StarResult r = measured(io, m, [&] { return run_star_udp(a.hosts, a.seed); });
    double eps = m.wall > 0 ? double(r.events) / m.wall : 0,
           pps = m.wall > 0 ? double(r.delivered) / m.wall : 0;
    double apd = r.delivered ? double(m.allocations) / double(r.delivered) : 0;
    if (a.json) {
        nlohmann::json j = {
            {"benchmark", "star-udp"},      {"hosts", r.hosts},
            {"wall_seconds", m.wall},       {"simulated_seconds", r.simulated.seconds()},
            {"events", r.events},           {"events_per_second", eps},
            {"delivered", r.delivered},     {"expected", r.expected},
            {"delivered_per_second", pps},  {"peak_memory_bytes", m.peak},
            {"allocations", m.allocations}, {"allocations_per_delivered", apd}};
        io.out += j.dump(2) + "\n";
        return ExitOk;
    }
    char buf[640];
    std::snprintf(buf, sizeof buf,
                  "star-udp: %llu clients x %d datagrams of %zu bytes, echoed\n"
                  "wall time:            %.3f s\n"
                  "simulated time:       %.3f s\n"
                  "events executed:      %llu (%s/s)\n"
                  "delivered packets:    %llu (expected %llu)\n"
                  "delivered per second: %s\n"
                  "heap allocations:     %llu (%.3f per delivered packet)\n"
                  "peak memory:          %.1f MiB\n",
                  (unsigned long long)r.hosts, kDatagrams, kPayload, m.wall, r.simulated.seconds(),
                  (unsigned long long)r.events, human(eps).c_str(), (unsigned long long)r.delivered,
                  (unsigned long long)r.expected, human(pps).c_str(),
                  (unsigned long long)m.allocations, apd, double(m.peak) / 1048576.0);
    io.out += buf;
    return ExitOk;
}

int report_tcp(const BenchArgs& a, CliOutput& io)
{
    TcpBulkParams p;
    p.bytes = a.bytes;
    p.seed = a.seed;
    p.loss = a.which == "lossy-tcp" ? 0.01 : 0.0;
    HostMeasure m;
    TcpBulkResult r = measured(io, m, [&] { return run_tcp_bulk(p); });
    double sim = r.transfer.seconds();
    double goodput = sim > 0 ? double(r.delivered) * 8 / sim : 0;
    double eps = m.wall > 0 ? double(r.events) / m.wall : 0;
    double per_mb = r.delivered ? m.wall / (double(r.delivered) / 1e6) : 0;
    if (a.json) {
        nlohmann::json j = {{"benchmark", a.which},
                            {"bytes_requested", r.requested},
                            {"bytes_delivered", r.delivered},
                            {"intact", r.intact},
                            {"loss", p.loss},
                            {"wall_seconds", m.wall},
                            {"simulated_seconds", sim},
                            {"goodput_bps", goodput},
                            {"retransmissions", r.retransmitted_segments},
                            {"timeouts", r.timeouts},
                            {"fast_retransmits", r.fast_retransmits},
                            {"segments_sent", r.segments_sent},
                            {"events", r.events},
                            {"events_per_second", eps},
                            {"wall_seconds_per_simulated_mb", per_mb},
                            {"peak_memory_bytes", m.peak},
                            {"allocations", m.allocations}};
        io.out += j.dump(2) + "\n";
        return r.completed && r.intact ? ExitOk : ExitFailure;
    }
    char buf[900];
    std::snprintf(
        buf, sizeof buf,
        "%s: %llu bytes over 100 Mbit/s, 1 ms, MSS %u, %.0f%% loss towards the receiver\n"
        "wall time:            %.3f s\n"
        "simulated transfer:   %.3f s\n"
        "bytes delivered:      %llu%s\n"
        "goodput:              %.1f Mbit/s\n"
        "retransmissions:      %llu (timeouts %llu, fast recoveries %llu)\n"
        "events executed:      %llu (%s/s)\n"
        "wall s per sim. MB:   %.5f\n"
        "heap allocations:     %llu\n"
        "peak memory:          %.1f MiB\n",
        a.which.c_str(), (unsigned long long)r.requested, unsigned(p.mss), p.loss * 100, m.wall,
        sim, (unsigned long long)r.delivered, r.intact ? " (all bytes intact)" : " (CORRUPTED)",
        goodput / 1e6, (unsigned long long)r.retransmitted_segments, (unsigned long long)r.timeouts,
        (unsigned long long)r.fast_retransmits, (unsigned long long)r.events, human(eps).c_str(),
        per_mb, (unsigned long long)m.allocations, double(m.peak) / 1048576.0);
    io.out += buf;
    if (!r.completed) io.err += "wirelab bench: the transfer did not complete\n";
    return r.completed && r.intact ? ExitOk : ExitFailure;
}

int run_bench(const std::vector<std::string>& args, CliOutput& io)
{
    if (args.size() > 1 && args[1] == "grade") return run_bench_grade(args, io);
    BenchArgs a;
    std::string err;
    if (!parse_bench_args(args, a, err)) {
        io.err += err;
        return ExitUsage;
    }
    return a.which == "star-udp" ? report_star(a, io) : report_tcp(a, io);
}

} // namespace

const CliCommand& bench_command()
{
    static const CliCommand cmd{
        "bench", "run a benchmark (star-udp, tcp-bulk, lossy-tcp, grade)",
        "usage: wirelab bench star-udp [--hosts N] [--seed N] [--json]\n"
        "       wirelab bench tcp-bulk|lossy-tcp [--bytes N] [--seed N] [--json]\n"
        "       wirelab bench grade LAB --fill TEMPLATE [--fill TEMPLATE...] [--submissions N] "
        "[--json]\n\n"
        "star-udp: one router; a server and N client hosts (default 100), each on its own\n"
        "point-to-point link with its own /30 (clients 100 Mbit/s, server 10 Gbit/s, 1 ms delay).\n"
        "A UDP echo server runs on the server from t=0.5 s; every client sends 1000 datagrams of\n"
        "512 bytes, one per ms, from t=1.0 s. Prints wall time, events, events/s, delivered\n"
        "packets (requests + echoes = 2000 x N), delivered packets per wall second, heap\n"
        "allocations per delivered packet, peak memory.\n\n"
        "tcp-bulk: two hosts on one point-to-point link of 100 Mbit/s and 1 ms, MSS 1448; from\n"
        "t=1.0 s a bulk sender pushes N bytes (default 10^8) to a sink that checks every byte; "
        "the\n"
        "run stops when the sink has all of them. lossy-tcp: the same with 1% of the frames "
        "towards\n"
        "the receiver lost (ACKs are not). Prints wall time, simulated transfer time, goodput,\n"
        "retransmissions, events, events/s, wall seconds per simulated MB, peak memory.\n\n"
        "grade: grades N hand-ins (default 100) of LAB made from the TEMPLATEs for N students,\n"
        "as `wirelab grade` does, and prints wall time, seconds per submission and their scores.\n",
        run_bench};
    return cmd;
}

} // namespace wirelab::sim
