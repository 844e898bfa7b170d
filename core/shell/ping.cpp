// ping: ICMP / ICMPv6 echo, with the options and output of Linux iputils ping.
#include "core/host/dns_stub.h"
#include "core/shell/commands.h"
#include "core/shell/options.h"

#include <cmath>
#include <cstdio>

namespace wirelab::app {
namespace {

using net::IpNode;
using wire::IpAddr;

constexpr OptionSpec kOptions[] = {
    {'c', "", OptArg::Required, "<count>", "stop after <count> replies"},
    {'i', "", OptArg::Required, "<interval>", "seconds between sending each packet (default 1)"},
    {'s', "", OptArg::Required, "<size>",
     "use <size> as number of data bytes to be sent (default 56)"},
    {'t', "", OptArg::Required, "<ttl>", "define time to live"},
    {'W', "", OptArg::Required, "<timeout>", "time to wait for response (seconds, default 10)"},
    {'4', "", OptArg::None, "", "use IPv4 / IPv6"},
    {'6', "", OptArg::None, "", "use IPv4 / IPv6"},
    {'h', "help", OptArg::None, "", ""},
};

class Ping : public Process {
public:
    using Process::Process;
    std::vector<std::string> argv;

    void start() override
    {
        if (!parse_args()) return;
        if (m_dst_known) {
            begin();
            return;
        }
        // A name: getaddrinfo() through the host's stub resolver (hosts entries, then DNS).
        AddressFamily fam = m_family == 4   ? AddressFamily::V4
                            : m_family == 6 ? AddressFamily::V6
                                            : AddressFamily::Any;
        m_lookup =
            DnsStub::of(m_node).resolve(m_target, fam, [this](Result<Resolved, ResolveError> r) {
                if (!r) {
                    out("ping: " + m_target + ": " + r.error().describe() + "\n");
                    exit(2);
                    return;
                }
                m_dst = r->addr;
                begin();
            });
    }

    void begin()
    {
        if (!m_node.source_for(m_dst)) { // Linux fails in connect(), before printing anything
            out("ping: connect: Network is unreachable (" + m_node.name() + " has no route to " +
                m_dst.to_string() + "; add a gateway?)\n");
            exit(2);
            return;
        }
        m_ident = uint16_t(0x4000 + m_node.id().value * 7 + m_net.now().ns() % 1000);
        size_t ip_hdr = m_dst.is_v4() ? 20 : 40;
        out("PING " + m_target + " (" + m_dst.to_string() + ") " + std::to_string(m_size) + "(" +
            std::to_string(m_size + 8 + ip_hdr) + ") bytes of data.\n");
        m_token_echo = m_node.add_echo_listener([this](const net::EchoReply& r) { on_reply(r); });
        m_token_err =
            m_node.add_icmp_error_listener([this](const net::IcmpError& e) { on_error(e); });
        m_start = m_net.now();
        send_next();
    }

    ~Ping() override
    {
        m_node.remove_listener(m_token_echo);
        m_node.remove_listener(m_token_err);
    }

    void interrupt() override
    {
        out("^C\n");
        if (m_lookup.is_pending()) { // still resolving: nothing was sent
            m_lookup.cancel();
            exit(130);
            return;
        }
        finish();
    }

private:
    bool parse_args()
    {
        OptionParser p(kOptions, argv);
        for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
            if (o.is_error()) {
                if (o.error == OptionError::MissingValue)
                    usage("option requires an argument -- '" + o.name + "'");
                else
                    usage("invalid option -- '" + (o.is_long ? o.word.substr(1) : o.name) + "'");
                return false;
            }
            if (o.is_operand()) {
                if (!m_target.empty()) {
                    usage("extra argument '" + o.value + "'");
                    return false;
                }
                m_target = o.value;
                continue;
            }
            if (!option(o)) return false;
        }
        if (m_target.empty()) {
            usage("usage error: Destination address required");
            return false;
        }
        auto addr = IpAddr::parse(m_target);
        if (!addr) return true; // a host name: start() resolves it
        m_dst = *addr;
        m_dst_known = true;
        if ((m_family == 4 && !m_dst.is_v4()) || (m_family == 6 && !m_dst.is_v6())) {
            out("ping: " + m_target + ": Address family for hostname not supported\n");
            exit(2);
            return false;
        }
        return true;
    }

    bool option(const OptionItem& o)
    {
        const std::string& v = o.value;
        uint64_t n = 0;
        switch (o.key) {
        case 'c':
            if (!parse_uint(v, 1000000, n) || n == 0)
                return bad("invalid argument: '" + v + "': out of range: 1 <= value <= 1000000");
            m_count = n;
            return true;
        case 'i':
            if (!parse_seconds(v, m_interval) || m_interval < SimTime::from_ms(2))
                return bad("bad timing interval: " + v + " (at least 0.002)");
            return true;
        case 's':
            if (!parse_uint(v, 65507, n))
                return bad("invalid argument: '" + v + "': out of range: 0 <= value <= 65507");
            m_size = n;
            return true;
        case 't':
            if (!parse_uint(v, 255, n) || n == 0)
                return bad("invalid argument: '" + v + "': out of range: 1 <= value <= 255");
            m_ttl = uint8_t(n);
            return true;
        case 'W':
            if (!parse_seconds(v, m_timeout)) return bad("bad linger time: " + v);
            return true;
        case '4':
        case '6': m_family = o.key - '0'; return true;
        default: usage(""); return false; // -h, --help
        }
    }

    bool bad(const std::string& msg)
    {
        out("ping: " + msg + "\n");
        exit(2);
        return false;
    }

    void usage(const std::string& msg)
    {
        if (!msg.empty()) out("ping: " + msg + "\n");
        out("\nUsage\n  ping [options] <destination>\n\nOptions:\n" + option_usage(kOptions, 17));
        exit(2);
    }

    void send_next()
    {
        uint16_t seq = uint16_t(++m_sent);
        net::IpNode::SendOptions opt;
        opt.ttl = m_ttl;
        auto status = m_node.send_echo(m_dst, m_ident, seq, m_size, opt);
        if (status != net::SendStatus::Sent && status != net::SendStatus::Queued) {
            // Linux reports a local failure on the first packet and gives up.
            std::string hint;
            if (status == net::SendStatus::NoRoute)
                hint = " (" + m_node.name() + " has no route to " + m_dst.to_string() +
                       "; add a gateway?)";
            else if (status == net::SendStatus::NoSourceAddress)
                hint = " (" + m_node.name() + " has no address on the outgoing interface)";
            else if (status == net::SendStatus::TooBig)
                hint = " (" + std::to_string(m_size) + " data bytes do not fit the interface MTU)";
            std::string what =
                status == net::SendStatus::TooBig ? "ping: local error: " : "ping: connect: ";
            out(what + net::to_string(status) + hint + "\n");
            exit(2);
            return;
        }
        m_sent_at.resize(m_sent + 1);
        m_sent_at[m_sent] = m_net.now();
        if (m_count && m_sent >= m_count) {
            // Wait for the last replies: twice the worst RTT seen, or the -W timeout.
            SimTime linger = m_received ? std::max(m_max * 2, SimTime::from_ms(1000)) : m_timeout;
            after(linger, [this] { finish(); });
            return;
        }
        after(m_interval, [this] { send_next(); });
    }

    void on_reply(const net::EchoReply& r)
    {
        if (r.id != m_ident || !(r.from == m_dst) || r.seq == 0 || r.seq > m_sent) return;
        SimTime rtt = m_net.now() - m_sent_at[r.seq];
        bool dup = m_seen.size() > r.seq && m_seen[r.seq];
        if (m_seen.size() <= r.seq) m_seen.resize(r.seq + 1);
        m_seen[r.seq] = true;
        if (dup) {
            ++m_dups;
        } else {
            ++m_received;
            m_min = m_received == 1 ? rtt : std::min(m_min, rtt);
            m_max = std::max(m_max, rtt);
            double ms = rtt.millis();
            m_sum += ms;
            m_sum2 += ms * ms;
        }
        out(std::to_string(r.data_len + 8) + " bytes from " + r.from.to_string() + ": icmp_seq=" +
            std::to_string(r.seq) + " ttl=" + std::to_string(r.ttl) + " time=" + format_ms(rtt) +
            " ms" + (dup ? " (DUP!)" : "") + (r.data_ok ? "" : " (BAD DATA)") + "\n");
        if (m_count && m_received >= m_count) finish();
    }

    void on_error(const net::IcmpError& e)
    {
        bool ours = (e.orig_protocol == wire::IpProtocol::Icmp ||
                     e.orig_protocol == wire::IpProtocol::Icmpv6) &&
                    e.orig_icmp_id == m_ident && e.orig_dst == m_dst;
        if (!ours) return;
        ++m_errors;
        out("From " + e.from.to_string() + " icmp_seq=" + std::to_string(e.orig_icmp_seq) + " " +
            e.describe() + "\n");
    }

    void finish()
    {
        if (has_exited()) return;
        SimTime elapsed = m_net.now() - m_start;
        if (m_count && m_sent) elapsed = m_sent_at[m_sent] - m_start;
        uint64_t loss = m_sent ? (m_sent - m_received) * 100 / m_sent : 0;
        std::string s = "\n--- " + m_target + " ping statistics ---\n" + std::to_string(m_sent) +
                        " packets transmitted, " + std::to_string(m_received) + " received, ";
        if (m_dups) s += "+" + std::to_string(m_dups) + " duplicates, ";
        if (m_errors) s += "+" + std::to_string(m_errors) + " errors, ";
        s += std::to_string(loss) + "% packet loss, time " +
             std::to_string(elapsed.ns() / 1000000) + "ms\n";
        if (m_received) {
            double avg = m_sum / double(m_received);
            double var = m_sum2 / double(m_received) - avg * avg;
            double mdev = var > 0 ? std::sqrt(var) : 0.0;
            char buf[128];
            std::snprintf(buf, sizeof buf, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n",
                          m_min.millis(), avg, m_max.millis(), mdev);
            s += buf;
        }
        out(s);
        exit(m_received ? 0 : 1);
    }

    std::string m_target;
    IpAddr m_dst;
    bool m_dst_known = false;
    DnsStub::Lookup m_lookup;
    int m_family = 0;
    uint64_t m_count = 0;
    SimTime m_interval = SimTime::from_s(1);
    SimTime m_timeout = SimTime::from_s(10);
    uint64_t m_size = 56;
    uint8_t m_ttl = 64;
    uint16_t m_ident = 0;
    uint64_t m_sent = 0, m_received = 0, m_dups = 0, m_errors = 0;
    std::vector<SimTime> m_sent_at;
    std::vector<bool> m_seen;
    SimTime m_start, m_min, m_max;
    double m_sum = 0, m_sum2 = 0;
    uint32_t m_token_echo = 0, m_token_err = 0;
};

} // namespace

std::unique_ptr<Process> make_ping(net::Network& net, net::IpNode& node,
                                   std::vector<std::string> argv, OutputFn out, ExitFn on_exit)
{
    auto p = std::make_unique<Ping>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

} // namespace wirelab::app
