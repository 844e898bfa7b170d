// ntpdate and date. ntpdate asks an NTP server (RFC 5905, client mode) four times, keeps the
// sample with the smallest round-trip delay (as ntpdate does), and steps this host's clock by
// the measured offset — or, with -q, only reports it. date prints this host's clock.
#include "core/host/dns_stub.h"
#include "core/host/ntp_clock.h"
#include "core/shell/commands.h"
#include "core/shell/options.h"
#include "core/transport/socket_table.h"
#include "core/wire/ntp.h"

#include <cstdio>

namespace wirelab::app {
namespace {

namespace ntp = wire::ntp;
using transport::SocketError;

constexpr int kSamples = 4;
constexpr SimTime kTimeout = SimTime::from_s(1);

// ntpdate's log prefix: " 1 Jan 00:00:05 ntpdate[1234]: " (syslog date of the host's clock).
std::string log_prefix(const net::IpNode& node)
{
    std::string d =
        format_date(HostClock::now_unix_ns(node) / 1000000000); // "Mon Jan  1 00:00:05 UTC 2024"
    std::string day = d.substr(8, 2);
    return day + " " + d.substr(4, 3) + " " + d.substr(11, 8) + " ntpdate[" +
           std::to_string(1000 + node.id().value) + "]: ";
}

class NtpDate : public Process {
public:
    using Process::Process;
    std::vector<std::string> argv;

    ~NtpDate() override { close(); }

    void start() override
    {
        static constexpr OptionSpec kOptions[] = {{'q'}, {'u'}, {'b'}, {'s'}}; // u b s: no effect
        OptionParser p(kOptions, argv);
        for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
            if (o.is_error())
                return usage("invalid option -- '" + (o.is_long ? "-" : o.name) + "'");
            if (o.key == 'q')
                m_query_only = true;
            else if (!o.is_operand())
                continue;
            else if (m_server.empty())
                m_server = o.value;
            else
                return usage("one server only here");
        }
        if (m_server.empty()) return usage("no servers can be used, exiting");
        m_lookup = DnsStub::resolve(m_node, m_server, [this](Result<Resolved, ResolveError> r) {
            if (!r) {
                out(log_prefix(m_node) + "name server cannot be used: " + r.error().describe() +
                    "\n");
                return finish(1);
            }
            m_addr = r->addr;
            open();
        });
    }

    void interrupt() override
    {
        close();
        exit(130);
    }

private:
    void usage(const std::string& msg)
    {
        out("ntpdate: " + msg +
            "\nusage: ntpdate [-q] server   (-q: query only, do not set the clock)\n");
        exit(1);
    }

    void open()
    {
        transport::SocketTable& t = transport::SocketTable::of(m_node);
        m_sock = t.udp_open();
        transport::UdpSocket* u = t.udp(m_sock);
        u->set_owner("ntpdate");
        u->set_callback([this](transport::SocketEvents) { on_reply(); });
        if (auto c = u->connect({m_addr, ntp::kPort}); !c) {
            out(log_prefix(m_node) + "can't reach " + m_server + ": " +
                transport::to_string(c.error()) + "\n");
            return finish(1);
        }
        ask();
    }

    void ask()
    {
        transport::UdpSocket* u = transport::SocketTable::of(m_node).udp(m_sock);
        ntp::Repr r;
        r.mode = ntp::Mode::Client;
        r.poll = 6;
        m_t1 = ntp::Timestamp::from_unix_ns(HostClock::now_unix_ns(m_node));
        r.transmit = m_t1;
        Bytes b(ntp::buffer_len(r));
        ntp::emit(r, b);
        (void)u->send(b);
        ++m_sent;
        m_timer = after(kTimeout, [this] { next(); });
    }

    void on_reply()
    {
        transport::UdpSocket* u = transport::SocketTable::of(m_node).udp(m_sock);
        while (u && !has_exited()) {
            auto d = u->recv();
            if (!d) {
                if (d.error() == SocketError::WouldBlock) return;
                continue; // ICMP port unreachable: count as no answer
            }
            auto r = ntp::parse(d->data);
            // RFC 5905 §8: a reply must be mode 4 and echo our transmit time as its origin.
            if (!r || r->mode != ntp::Mode::Server || r->origin != m_t1 || r->stratum == 0)
                continue;
            ntp::Timestamp t4 = ntp::Timestamp::from_unix_ns(HostClock::now_unix_ns(m_node));
            ntp::Sample s = ntp::compute_sample(m_t1, r->receive, r->transmit, t4);
            if (!m_best || s.delay_ns < m_best->delay_ns) m_best = s, m_stratum = r->stratum;
            m_net.scheduler().cancel(m_timer);
            next();
        }
    }

    void next()
    {
        if (has_exited()) return;
        if (m_sent < kSamples) return ask();
        report();
    }

    void report()
    {
        if (!m_best) {
            out(log_prefix(m_node) + "no server suitable for synchronization found\n");
            return finish(1);
        }
        char line[160];
        std::string off = format_offset(m_best->offset_ns);
        std::snprintf(line, sizeof line, "server %s, stratum %d, offset %s, delay %lld.%05lld\n",
                      m_addr.to_string().c_str(), m_stratum, off.c_str(),
                      (long long)(m_best->delay_ns / 1000000000),
                      (long long)(m_best->delay_ns % 1000000000 / 10000));
        if (m_query_only) out(line);
        // ntpdate steps the clock when the offset is over 0.5 s and slews it otherwise; Wirelab
        // applies both at once (the slew is not simulated), but keeps the words.
        bool step = m_best->offset_ns > 500000000 || m_best->offset_ns < -500000000;
        if (!m_query_only) HostClock::of(m_node).step(m_best->offset_ns);
        out(log_prefix(m_node) + (step ? "step" : "adjust") + " time server " + m_addr.to_string() +
            " offset " + off + " sec\n");
        finish(0);
    }

    void close()
    {
        m_lookup.cancel();
        if (m_sock.is_valid()) {
            transport::SocketTable& t = transport::SocketTable::of(m_node);
            if (transport::UdpSocket* u = t.udp(m_sock)) u->set_callback({});
            t.close(m_sock);
            m_sock = SocketId();
        }
    }

    void finish(int code)
    {
        close();
        exit(code);
    }

    bool m_query_only = false;
    std::string m_server;
    wire::IpAddr m_addr;
    DnsStub::Lookup m_lookup;
    SocketId m_sock;
    ntp::Timestamp m_t1;
    int m_sent = 0;
    int m_stratum = 0;
    std::optional<ntp::Sample> m_best;
    kernel::EventId m_timer;
};

} // namespace

WIRELAB_COMMAND(make_ntpdate)
{
    auto p = std::make_unique<NtpDate>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

WIRELAB_COMMAND(make_date)
{
    return instant(net, node, std::move(out), std::move(on_exit), [argv, &node](std::string& s) {
        int64_t ns = HostClock::now_unix_ns(node);
        int64_t secs = ns >= 0 ? ns / 1000000000 : (ns - 999999999) / 1000000000;
        if (argv.size() == 2 && argv[1] == "+%s") {
            s += std::to_string(secs) + "\n";
            return 0;
        }
        if (argv.size() > 2 || (argv.size() == 2 && argv[1] != "-u" && argv[1] != "--utc")) {
            s += "date: only 'date', 'date -u' and 'date +%s' are simulated (hosts keep UTC)\n";
            return 1;
        }
        s += format_date(secs) + "\n";
        return 0;
    });
}

} // namespace wirelab::app
