// iperf: goodput measurement in the style (options and report lines) of iperf 2. TCP sends a
// position-dependent byte pattern that the server checks, so a report also proves the stream
// arrived complete and in order; UDP datagrams carry a sequence number and send time, so the
// server counts loss, reordering, duplicates and jitter (RFC 1889) and sends its report back.
//
// [SECTION] index: units · options · TCP client · TCP server · UDP client · UDP server
#include "core/shell/commands.h"
#include "core/shell/options.h"
#include "core/transport/socket_table.h"

#include <array>
#include <cstdio>
#include <map>

namespace wirelab::app {
namespace {

using transport::Endpoint;
using transport::SocketError;
using transport::SocketEvents;
using transport::SocketTable;
using transport::TcpState;

constexpr uint32_t kUdpHeader = 12;           // int32 id, uint32 sec, uint32 usec (iperf 2)
constexpr uint32_t kReportMagic = 0x574c5250; // "WLRP": our server report datagram
const char* const kRule = "------------------------------------------------------------\n";

// [SECTION] units

// The byte at stream offset i: depends on the position, so loss, duplication or reordering of
// any byte changes what the server sees.
uint8_t pattern(uint64_t i)
{
    return uint8_t(i ^ (i >> 7) ^ (i >> 17) ^ 0x5a);
}

// iperf's adaptive formats: bytes in 1024 steps, bits/s in 1000 steps, 3-4 significant digits.
std::string scaled(double v, double step, const char* const* units)
{
    int u = 0;
    while (v >= step && u < 3) v /= step, ++u;
    char buf[48];
    const char* f = v < 9.995 ? "%4.2f %s" : v < 99.95 ? "%4.1f %s" : "%4.0f %s";
    std::snprintf(buf, sizeof buf, f, v, units[u]);
    return buf;
}

std::string bytes_text(double b)
{
    static const char* const u[] = {"Bytes", "KBytes", "MBytes", "GBytes"};
    return scaled(b, 1024, u);
}

std::string rate_text(double bits_per_s)
{
    static const char* const u[] = {"bits/sec", "Kbits/sec", "Mbits/sec", "Gbits/sec"};
    return scaled(bits_per_s, 1000, u);
}

std::string line_start(int id, double from, double to)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, "[%3d] %4.1f-%4.1f sec  ", id, from, to);
    return buf;
}

std::string summary(int id, SimTime dur, uint64_t bytes)
{
    double s = dur.seconds();
    return line_start(id, 0.0, s) + bytes_text(double(bytes)) + "  " +
           rate_text(s > 0 ? double(bytes) * 8 / s : 0.0);
}

std::string connected_line(int id, const Endpoint& local, const Endpoint& remote)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "[%3d] ", id);
    return buf + std::string("local ") + local.addr.to_string() + " port " +
           std::to_string(local.port) + " connected with " + remote.addr.to_string() + " port " +
           std::to_string(remote.port) + "\n";
}

// Parses "10M", "1.5m", "500k", "2G" (-b, bits: 1000 steps) or "1M", "64K" (-n, -l: bytes,
// 1024 steps), as iperf does.
bool parse_amount(const std::string& t, uint64_t base, uint64_t& out)
{
    if (t.empty()) return false;
    char last = t.back();
    uint64_t mult = 1;
    std::string num = t;
    if (std::string("kKmMgG").find(last) != std::string::npos) {
        mult = last == 'k' || last == 'K'   ? base
               : last == 'm' || last == 'M' ? base * base
                                            : base * base * base;
        num.pop_back();
    }
    SimTime v; // parse_seconds parses decimals exactly; reuse it as a fixed-point reader
    if (!parse_seconds(num, v)) return false;
    out = uint64_t(v.ns()) / 1000000000 * mult + uint64_t(v.ns()) % 1000000000 * mult / 1000000000;
    return out > 0;
}

class Iperf : public Process {
public:
    using Process::Process;
    std::vector<std::string> argv;

    void start() override
    {
        m_table = &SocketTable::of(m_node);
        if (!parse()) return;
        if (m_server)
            m_udp ? udp_server() : tcp_server();
        else
            m_udp ? udp_client() : tcp_client();
    }

    ~Iperf() override { release(); }

    void interrupt() override
    {
        release();
        exit(m_server ? 0 : 130); // ^C is how an iperf server is normally stopped
    }

private:
    // [SECTION] options

    bool parse()
    {
        static constexpr OptionSpec kOptions[] = {
            {'s'},
            {'u'},
            {'1'},
            {'c', "", OptArg::Required},
            {'p', "", OptArg::Required},
            {'t', "", OptArg::Required},
            {'n', "", OptArg::Required},
            {'b', "", OptArg::Required},
            {'l', "", OptArg::Required},
        };
        OptionParser p(kOptions, argv);
        for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
            if (o.error == OptionError::MissingValue)
                return usage("option requires an argument -- '" + o.name + "'");
            if (o.is_error() || o.is_operand()) // iperf takes no operands
                return usage(
                    "invalid option -- '" +
                    (o.is_long || o.is_operand() ? o.word.substr(o.word.empty() ? 0 : 1) : o.name) +
                    "'");
            if (!option(o.key, o.value)) return false;
        }
        if (m_server == m_client)
            return usage(m_server ? "choose -s or -c, not both"
                                  : "need -s (server) or -c host (client)");
        if (!m_len) m_len = m_udp ? 1470 : 128 * 1024;
        if (m_udp && m_len < kUdpHeader + 4) m_len = kUdpHeader + 4;
        return true;
    }

    bool option(int key, const std::string& v)
    {
        switch (key) {
        case 's': m_server = true; return true;
        case 'u': m_udp = true; return true;
        case '1': m_once = true; return true;
        case 'c': {
            auto addr = wire::IpAddr::parse(v);
            if (!addr)
                return bad("ignoring host '" + v + "': give an address (names are not resolved)");
            m_host = *addr;
            m_client = true;
            return true;
        }
        case 'p':
            if (!parse_port(v, m_port)) return bad("invalid port " + v);
            return true;
        case 't':
            if (!parse_seconds(v, m_time) || m_time == SimTime::zero())
                return bad("invalid time " + v);
            return true;
        case 'n':
            if (!parse_amount(v, 1024, m_bytes)) return bad("invalid byte count " + v);
            return true;
        case 'b':
            if (!parse_amount(v, 1000, m_rate)) return bad("invalid bandwidth " + v);
            return true;
        default: // 'l'
            if (!parse_amount(v, 1024, m_len) || m_len > 65507) return bad("invalid length " + v);
            return true;
        }
    }

    bool bad(const std::string& msg)
    {
        out("iperf: " + msg + "\n");
        exit(1);
        return false;
    }

    bool usage(const std::string& msg)
    {
        out("iperf: " + msg +
            "\n"
            "Usage: iperf -s [-u] [-p port] [-1]\n"
            "       iperf -c host [-u] [-p port] [-t secs] [-n bytes] [-b rate] [-l length]\n"
            "  -b  UDP sending rate in bits/s (default 1M); -n stops after that many bytes;\n"
            "  -1  server: handle one client, then exit\n");
        exit(1);
        return false;
    }

    void release()
    {
        if (!m_table) return;
        for (SocketId id : m_sockets) m_table->close(id);
        m_sockets.clear();
    }

    SocketId open_tcp()
    {
        SocketId id = m_table->tcp_open();
        m_table->tcp(id)->set_owner("iperf");
        m_sockets.push_back(id);
        return id;
    }

    // [SECTION] TCP client

    void tcp_client()
    {
        out(std::string(kRule) + "Client connecting to " + m_host.to_string() + ", TCP port " +
            std::to_string(m_port) + "\nTCP window size: " +
            bytes_text(double(m_table->tcp_defaults().recv_buffer)).substr(0, 4) +
            " KByte (default)\n" + kRule);
        m_conn = open_tcp();
        transport::TcpSocket* s = m_table->tcp(m_conn);
        s->set_callback([this](SocketEvents) { tcp_client_event(); });
        auto r = s->connect({m_host, m_port});
        if (!r) return (void)bad(std::string("connect failed: ") + transport::to_string(r.error()));
    }

    void tcp_client_event()
    {
        transport::TcpSocket* s = m_table->tcp(m_conn);
        if (!s || has_exited()) return;
        if (!m_started && s->state() == TcpState::Established) {
            m_started = true;
            m_t0 = m_net.now();
            out(connected_line(3, s->local(), s->remote()));
            if (!m_bytes)
                after(m_time, [this] {
                    m_stop = true;
                    tcp_client_event();
                });
        }
        if (s->error()) {
            out(std::string(m_started ? "write failed: " : "connect failed: ") +
                transport::to_string(*s->error()) + "\n");
            return finish(1);
        }
        if (!m_started) return;
        fill(*s);
        // Done when everything we wrote is acknowledged, FIN included: that is goodput.
        TcpState st = s->state();
        if (m_closed &&
            (st == TcpState::FinWait2 || st == TcpState::TimeWait || st == TcpState::Closed)) {
            out("[ ID] Interval       Transfer     Bandwidth\n" +
                summary(3, m_net.now() - m_t0, m_written) + "\n");
            finish(0);
        }
    }

    void fill(transport::TcpSocket& s)
    {
        std::array<uint8_t, 16384> chunk;
        while (!m_closed) {
            bool limit = m_bytes ? m_written >= m_bytes : m_stop;
            if (limit) {
                m_closed = true;
                (void)s.shutdown();
                return;
            }
            uint64_t want = std::min<uint64_t>(
                {chunk.size(), m_bytes ? m_bytes - m_written : chunk.size(), s.send_space()});
            if (want == 0) return;
            for (uint64_t i = 0; i < want; ++i) chunk[i] = pattern(m_written + i);
            auto r = s.send(ByteSpan(chunk.data(), size_t(want)));
            if (!r || *r == 0) return;
            m_written += *r;
        }
    }

    void finish(int code)
    {
        release();
        exit(code);
    }

    // [SECTION] TCP server

    struct Peer {
        int id = 0;
        SimTime t0;
        uint64_t bytes = 0;
        uint64_t bad_at = UINT64_MAX; // first byte that differed from the pattern
    };

    void tcp_server()
    {
        out(std::string(kRule) + "Server listening on TCP port " + std::to_string(m_port) +
            "\nTCP window size: " +
            bytes_text(double(m_table->tcp_defaults().recv_buffer)).substr(0, 4) +
            " KByte (default)\n" + kRule);
        m_listener = open_tcp();
        transport::TcpSocket* l = m_table->tcp(m_listener);
        if (!l->bind(Endpoint::any_v6(m_port)) || !l->listen(16))
            return (void)bad("bind failed: Address already in use (port " + std::to_string(m_port) +
                             ")");
        l->set_callback([this](SocketEvents) { tcp_accept(); });
    }

    void tcp_accept()
    {
        transport::TcpSocket* l = m_table->tcp(m_listener);
        while (l && !has_exited()) {
            auto c = l->accept();
            if (!c) return;
            SocketId id = *c;
            m_sockets.push_back(id);
            Peer& p = m_peers[id.value];
            p.id = m_next_id++;
            p.t0 = m_net.now();
            transport::TcpSocket* s = m_table->tcp(id);
            s->set_owner("iperf");
            out(connected_line(p.id, s->local(), s->remote()));
            s->set_callback([this, id](SocketEvents) { tcp_read(id); });
            tcp_read(id);
        }
    }

    void tcp_read(SocketId id)
    {
        transport::TcpSocket* s = m_table->tcp(id);
        if (!s || has_exited()) return;
        Peer& p = m_peers[id.value];
        std::array<uint8_t, 65536> buf;
        while (true) {
            auto r = s->recv(buf);
            if (!r) {
                if (r.error() == SocketError::WouldBlock) return;
                out(line_start(p.id, 0, (m_net.now() - p.t0).seconds()) +
                    "connection lost: " + transport::to_string(r.error()) + "\n");
                return server_done(id);
            }
            if (*r == 0) {
                out("[ ID] Interval       Transfer     Bandwidth\n" +
                    summary(p.id, m_net.now() - p.t0, p.bytes) + "\n");
                if (p.bad_at == UINT64_MAX)
                    out(line_start(p.id, 0, (m_net.now() - p.t0).seconds()) + "all " +
                        std::to_string(p.bytes) +
                        " bytes arrived complete and in order (pattern checked)\n");
                else
                    out(line_start(p.id, 0, (m_net.now() - p.t0).seconds()) +
                        "DATA DIFFERS from byte " + std::to_string(p.bad_at) + " on\n");
                return server_done(id);
            }
            for (size_t i = 0; i < *r && p.bad_at == UINT64_MAX; ++i)
                if (buf[i] != pattern(p.bytes + i)) p.bad_at = p.bytes + i;
            p.bytes += *r;
        }
    }

    void server_done(SocketId id)
    {
        m_table->close(id);
        m_sockets.erase(std::remove(m_sockets.begin(), m_sockets.end(), id), m_sockets.end());
        if (m_once) finish(0);
    }

    // [SECTION] UDP client

    void udp_client()
    {
        if (!m_rate) m_rate = 1'000'000;
        out(std::string(kRule) + "Client connecting to " + m_host.to_string() + ", UDP port " +
            std::to_string(m_port) + "\nSending " + std::to_string(m_len) +
            " byte datagrams\nUDP buffer size:  208 KByte (default)\n" + kRule);
        m_udp_sock = m_table->udp_open();
        m_sockets.push_back(m_udp_sock);
        transport::UdpSocket* u = m_table->udp(m_udp_sock);
        u->set_owner("iperf");
        u->set_callback([this](SocketEvents) { udp_client_read(); });
        auto c = u->connect({m_host, m_port});
        if (!c) return (void)bad(std::string("connect failed: ") + transport::to_string(c.error()));
        out(connected_line(3, u->local(), *u->remote()));
        m_t0 = m_net.now();
        m_gap = SimTime::from_ns(int64_t(m_len * 8 * 1'000'000'000ULL / m_rate));
        udp_send_next();
    }

    void udp_send_next()
    {
        bool done = m_bytes ? m_written >= m_bytes : m_net.now() - m_t0 >= m_time;
        if (done) {
            m_t1 = m_net.now();
            out("[ ID] Interval       Transfer     Bandwidth\n" +
                summary(3, m_t1 - m_t0, m_written) + "\n" + "[  3] Sent " + std::to_string(m_sent) +
                " datagrams\n");
            return udp_send_fin();
        }
        udp_send(int32_t(m_sent));
        m_written += m_len;
        ++m_sent;
        // Paced by the send times iperf aims for, so rounding never accumulates.
        after(m_t0 + m_gap * int64_t(m_sent) - m_net.now(), [this] { udp_send_next(); });
    }

    void udp_send(int32_t id)
    {
        Bytes d(m_len);
        store_be32(d.data(), uint32_t(id));
        int64_t ns = m_net.now().ns();
        store_be32(d.data() + 4, uint32_t(ns / 1'000'000'000));
        store_be32(d.data() + 8, uint32_t(ns % 1'000'000'000 / 1000));
        for (size_t i = kUdpHeader; i < d.size(); ++i) d[i] = pattern(i);
        (void)m_table->udp(m_udp_sock)->send(d);
    }

    void udp_send_fin()
    {
        // iperf 2 ends with a negative id and repeats it until the server reports (10 tries).
        if (has_exited()) return;
        if (m_fin_tries++ == 10) {
            out("[  3] WARNING: did not receive ack of last datagram after 10 tries.\n");
            return finish(1);
        }
        udp_send(-int32_t(m_sent));
        after(SimTime::from_ms(250), [this] { udp_send_fin(); });
    }

    void udp_client_read()
    {
        transport::UdpSocket* u = m_table->udp(m_udp_sock);
        while (u && !has_exited()) {
            auto d = u->recv();
            if (!d) {
                if (d.error() == SocketError::WouldBlock) return;
                out(std::string("[  3] read failed: ") + transport::to_string(d.error()) + "\n");
                return finish(1);
            }
            if (d->data.size() < 48 || load_be32(d->data.data()) != kReportMagic ||
                m_fin_tries == 0)
                continue;
            Report r = Report::read(d->data);
            out("[  3] Server Report:\n" + r.lines(3));
            return finish(0);
        }
    }

    // [SECTION] UDP server

    struct Report {
        uint64_t bytes = 0, duration_ns = 0, jitter_ns = 0;
        uint32_t total = 0, lost = 0, out_of_order = 0, duplicates = 0;

        Bytes write() const
        {
            Bytes b(48, 0);
            store_be32(b.data(), kReportMagic);
            uint64_t v[3] = {bytes, duration_ns, jitter_ns};
            for (size_t i = 0; i < 3; ++i) {
                store_be32(b.data() + 4 + 8 * i, uint32_t(v[i] >> 32));
                store_be32(b.data() + 8 + 8 * i, uint32_t(v[i]));
            }
            uint32_t w[4] = {total, lost, out_of_order, duplicates};
            for (size_t i = 0; i < 4; ++i) store_be32(b.data() + 28 + 4 * i, w[i]);
            return b;
        }
        static Report read(const Bytes& b)
        {
            Report r;
            uint64_t* v[3] = {&r.bytes, &r.duration_ns, &r.jitter_ns};
            for (size_t i = 0; i < 3; ++i)
                *v[i] = uint64_t(load_be32(b.data() + 4 + 8 * i)) << 32 |
                        load_be32(b.data() + 8 + 8 * i);
            uint32_t* w[4] = {&r.total, &r.lost, &r.out_of_order, &r.duplicates};
            for (size_t i = 0; i < 4; ++i) *w[i] = load_be32(b.data() + 28 + 4 * i);
            return r;
        }
        std::string lines(int id) const
        {
            SimTime dur = SimTime::from_ns(int64_t(duration_ns));
            char tail[96];
            double pct = total ? 100.0 * lost / total : 0.0;
            std::snprintf(tail, sizeof tail, "  %6.3f ms %4u/%5u (%.2g%%)\n",
                          double(jitter_ns) / 1e6, lost, total, pct);
            std::string s = summary(id, dur, bytes) + tail;
            if (out_of_order)
                s += line_start(id, 0, dur.seconds()) + std::to_string(out_of_order) +
                     " datagrams received out-of-order\n";
            if (duplicates)
                s += line_start(id, 0, dur.seconds()) + std::to_string(duplicates) +
                     " datagrams received twice\n";
            return s;
        }
    };

    struct Flow {
        int id = 0;
        bool reported = false;
        SimTime first, last;
        Report r;
        std::vector<bool> seen;
        uint32_t highest = 0;
        bool any = false;
        int64_t prev_transit = 0;
        double jitter = 0; // ns
    };

    void udp_server()
    {
        out(std::string(kRule) + "Server listening on UDP port " + std::to_string(m_port) +
            "\nReceiving " + std::to_string(m_len) +
            " byte datagrams\nUDP buffer size:  208 KByte (default)\n" + kRule);
        m_udp_sock = m_table->udp_open();
        m_sockets.push_back(m_udp_sock);
        transport::UdpSocket* u = m_table->udp(m_udp_sock);
        u->set_owner("iperf");
        u->set_recv_buffer(4 << 20);
        if (!u->bind(Endpoint::any_v6(m_port)))
            return (void)bad("bind failed: Address already in use (port " + std::to_string(m_port) +
                             ")");
        u->set_callback([this](SocketEvents) { udp_server_read(); });
    }

    void udp_server_read()
    {
        transport::UdpSocket* u = m_table->udp(m_udp_sock);
        while (u && !has_exited()) {
            auto d = u->recv();
            if (!d) return;
            if (d->data.size() >= kUdpHeader) udp_datagram(*u, *d);
            u->recycle(std::move(*d));
        }
    }

    void udp_datagram(transport::UdpSocket& u, const transport::Datagram& d)
    {
        std::string key = d.from.to_string();
        Flow& f = m_flows[key];
        int32_t id = int32_t(load_be32(d.data.data()));
        if (f.reported) {
            if (id < 0)
                (void)u.send_to(f.r.write(), d.from); // our report was lost: again
            else if (!f.any || id == 0)
                f = Flow{}; // a new run from the same port
            else
                return;
        }
        if (!f.any) {
            f.id = m_next_id++;
            f.first = d.at;
            out(connected_line(f.id, {d.to, m_port}, d.from));
        }
        if (id < 0) return udp_fin(u, f, d.from, uint32_t(-int64_t(id)));
        udp_count(f, d, uint32_t(id));
    }

    void udp_count(Flow& f, const transport::Datagram& d, uint32_t id)
    {
        f.last = d.at;
        if (f.seen.size() <= id) f.seen.resize(size_t(id) + 1);
        if (f.seen[id]) {
            ++f.r.duplicates;
            return;
        }
        f.seen[id] = true;
        f.r.bytes += d.data.size();
        if (f.any && id < f.highest) ++f.r.out_of_order;
        f.highest = f.any ? std::max(f.highest, id) : id;
        // RFC 1889 §6.3.1 interarrival jitter: J += (|D| - J) / 16 over transit-time changes.
        int64_t sent = int64_t(load_be32(d.data.data() + 4)) * 1'000'000'000 +
                       int64_t(load_be32(d.data.data() + 8)) * 1000;
        int64_t transit = d.at.ns() - sent;
        if (f.any) {
            int64_t delta = transit - f.prev_transit;
            f.jitter += (double(delta < 0 ? -delta : delta) - f.jitter) / 16.0;
        }
        f.prev_transit = transit;
        f.any = true;
    }

    void udp_fin(transport::UdpSocket& u, Flow& f, const Endpoint& to, uint32_t total)
    {
        uint32_t got = 0;
        for (bool b : f.seen) got += b;
        f.r.total = total;
        f.r.lost = total > got ? total - got : 0;
        f.r.duration_ns = uint64_t((f.last - f.first).ns());
        f.r.jitter_ns = uint64_t(f.jitter);
        f.reported = true;
        out("[ ID] Interval       Transfer     Bandwidth        Jitter   Lost/Total Datagrams\n" +
            f.r.lines(f.id));
        (void)u.send_to(f.r.write(), to);
        if (m_once) after(SimTime::from_ms(10), [this] { finish(0); });
    }

    SocketTable* m_table = nullptr;
    bool m_server = false, m_client = false, m_udp = false, m_once = false;
    wire::IpAddr m_host;
    uint16_t m_port = 5001;
    SimTime m_time = SimTime::from_s(10);
    uint64_t m_bytes = 0, m_rate = 0, m_len = 0;
    std::vector<SocketId> m_sockets;
    SocketId m_conn, m_listener, m_udp_sock;
    bool m_started = false, m_stop = false, m_closed = false;
    SimTime m_t0, m_t1, m_gap;
    uint64_t m_written = 0, m_sent = 0;
    int m_fin_tries = 0;
    int m_next_id = 4;
    std::map<uint32_t, Peer> m_peers;
    std::map<std::string, Flow> m_flows;
};

} // namespace

WIRELAB_COMMAND(make_iperf)
{
    auto p = std::make_unique<Iperf>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

} // namespace wirelab::app
