// traceroute: UDP probes (Linux default, ports 33434+) or ICMP echo (-I) with rising TTL; each
// router on the path answers "time exceeded", the destination "port unreachable" / echo reply.
#include "core/host/dns_stub.h"
#include "core/shell/commands.h"
#include "core/shell/options.h"

#include "core/wire/checksum.h"
#include "core/wire/udp.h"

#include <cstdio>

namespace wirelab::app {
namespace {

using wire::IpAddr;

constexpr OptionSpec kOptions[] = {
    {'I', "", OptArg::None},     {'n', "", OptArg::None},     {'m', "", OptArg::Required},
    {'q', "", OptArg::Required}, {'w', "", OptArg::Required},
};

class Traceroute : public Process {
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
        m_lookup = DnsStub::of(m_node).resolve(
            m_target, AddressFamily::Any, [this](Result<Resolved, ResolveError> r) {
                if (!r) {
                    // traceroute's own words, then the resolver's reason.
                    out(m_target + ": " + r.error().describe() +
                        "\nCannot handle \"host\" cmdline arg `" + m_target + "'\n");
                    exit(2);
                    return;
                }
                m_dst = r->addr;
                begin();
            });
    }

    void begin()
    {
        m_token_err =
            m_node.add_icmp_error_listener([this](const net::IcmpError& e) { on_error(e); });
        m_token_echo = m_node.add_echo_listener([this](const net::EchoReply& r) { on_echo(r); });
        m_src_port = uint16_t(33000 + (m_node.id().value * 131) % 400);
        out("traceroute to " + m_target + " (" + m_dst.to_string() + "), " +
            std::to_string(m_max_ttl) + " hops max, " + std::to_string(m_dst.is_v4() ? 60 : 80) +
            " byte packets\n");
        probe();
    }
    ~Traceroute() override
    {
        m_node.remove_listener(m_token_err);
        m_node.remove_listener(m_token_echo);
    }

private:
    bool parse_args()
    {
        std::string target;
        OptionParser p(kOptions, argv);
        for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
            if (o.is_error())
                return bad(
                    "Bad option `" + (o.is_long ? o.word : "-" + o.name) +
                    "' (usage: traceroute [-I] [-n] [-m max_ttl] [-q nqueries] [-w wait] host)");
            if (o.is_operand()) {
                target = o.value; // the last one counts
                continue;
            }
            const std::string& v = o.value;
            uint64_t n = 0;
            SimTime t;
            switch (o.key) {
            case 'I': m_icmp = true; break;
            case 'n': break;
            case 'w':
                if (!parse_seconds(v, t)) return bad("bad wait time '" + v + "'");
                m_wait = t;
                break;
            case 'm':
            case 'q':
                if (!parse_uint(v, o.key == 'm' ? 255 : 10, n) || n == 0)
                    return bad(std::string(o.key == 'm' ? "max hops" : "queries") + " cannot be '" +
                               v + "'");
                (o.key == 'm' ? m_max_ttl : m_queries) = unsigned(n);
                break;
            }
        }
        if (target.empty()) return bad("Specify \"host\" missing argument.");
        m_target = target;
        auto addr = IpAddr::parse(target);
        if (!addr) return true; // a host name: start() resolves it
        m_dst = *addr;
        m_target = m_dst.to_string();
        m_dst_known = true;
        return true;
    }

    bool bad(const std::string& m)
    {
        out(m + "\n");
        exit(2);
        return false;
    }

    void probe()
    {
        ++m_seq;
        m_sent_at = m_net.now();
        net::IpNode::SendOptions opt;
        opt.ttl = uint8_t(m_ttl);
        net::SendStatus st;
        if (m_icmp) {
            st = m_node.send_echo(m_dst, 0x7400, uint16_t(m_seq), 32, opt);
        } else {
            wire::udp::Repr u{m_src_port, uint16_t(33433 + m_seq)};
            IpAddr dst = m_dst;
            size_t data = 32; // Linux traceroute: 32 data bytes for IPv4 and IPv6 alike
            st = m_node.send_ip(
                m_dst, wire::IpProtocol::Udp, wire::udp::buffer_len(u, data),
                [&](MutByteSpan pkt, const IpAddr& src) {
                    for (size_t i = 0; i < data; ++i) pkt[8 + i] = uint8_t(0x40 + i);
                    auto ph = src.is_v4() ? wire::PseudoHeader::v4(src.v4(), dst.v4())
                                          : wire::PseudoHeader::v6(src.v6(), dst.v6());
                    wire::udp::emit(u, pkt.subspan(8), ph, pkt);
                },
                opt);
        }
        if (st != net::SendStatus::Sent && st != net::SendStatus::Queued) {
            out(std::string("connect: ") + net::to_string(st) + "\n");
            exit(1);
            return;
        }
        m_timer = after(m_wait, [this] { answer(std::nullopt, false); });
    }

    void on_error(const net::IcmpError& e)
    {
        if (!(e.orig_dst == m_dst)) return;
        bool mine =
            m_icmp ? e.orig_icmp_id == 0x7400 && e.orig_icmp_seq == uint16_t(m_seq)
                   : e.orig_dst_port == uint16_t(33433 + m_seq) && e.orig_src_port == m_src_port;
        if (!mine) return;
        bool time_exceeded = e.v6 ? e.type == 3 : e.type == 11;
        std::string note;
        if (!time_exceeded && !(e.v6 ? (e.type == 1 && e.code == 4) : (e.type == 3 && e.code == 3)))
            note = e.v6 ? " !N" : (e.code == 1 ? " !H" : e.code == 0 ? " !N" : " !X");
        answer(e.from, !time_exceeded, note);
    }

    void on_echo(const net::EchoReply& r)
    {
        if (m_icmp && r.id == 0x7400 && r.seq == uint16_t(m_seq)) answer(r.from, true);
    }

    void answer(std::optional<IpAddr> from, bool final, const std::string& note = "")
    {
        m_net.scheduler().cancel(m_timer);
        if (m_probe_in_hop == 0) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "%2u ", m_ttl);
            m_line = buf;
        }
        if (!from) {
            m_line += " *";
        } else {
            if (!m_last_from || !(*m_last_from == *from))
                m_line += " " + from->to_string() + " (" + from->to_string() + ")";
            char buf[32];
            SimTime rtt = m_net.now() - m_sent_at;
            std::snprintf(buf, sizeof buf, "  %lld.%03lld ms", (long long)(rtt.ns() / 1000000),
                          (long long)(rtt.ns() / 1000 % 1000));
            m_line += buf + note;
            m_last_from = from;
            m_reached |= final;
        }
        if (++m_probe_in_hop < m_queries) {
            after(SimTime::zero(), [this] { probe(); });
            return;
        }
        out(m_line + "\n");
        m_probe_in_hop = 0;
        m_last_from.reset();
        if (m_reached || m_ttl >= m_max_ttl) {
            exit(0);
            return;
        }
        ++m_ttl;
        after(SimTime::zero(), [this] { probe(); });
    }

    IpAddr m_dst;
    std::string m_target;
    bool m_dst_known = false;
    DnsStub::Lookup m_lookup;
    bool m_icmp = false;
    unsigned m_max_ttl = 30, m_queries = 3, m_ttl = 1, m_probe_in_hop = 0, m_seq = 0;
    SimTime m_wait = SimTime::from_s(5), m_sent_at;
    uint16_t m_src_port = 0;
    std::string m_line;
    std::optional<IpAddr> m_last_from;
    bool m_reached = false;
    kernel::EventId m_timer;
    uint32_t m_token_err = 0, m_token_echo = 0;
};

} // namespace

WIRELAB_COMMAND(make_traceroute)
{
    auto p = std::make_unique<Traceroute>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

} // namespace wirelab::app
