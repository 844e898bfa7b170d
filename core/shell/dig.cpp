// dig: BIND 9.18's DNS lookup tool — one query to the configured (or @named) server with the
// full answer, +short, +trace (dig itself walks down from the root: each referral it gets and
// from whom), -x reverse lookups, +norecurse, +time/+tries, and dig's messages and exit codes
// (9: no reply from any server, 10: internal error such as an unresolvable @server).
#include "core/shell/dns_tool.h"
#include "core/shell/options.h"

#include <cstdio>

namespace wirelab::app {
namespace {

namespace dns = wire::dns;
using wire::IpAddr;

std::string flags_text(const dns::Repr& m)
{
    std::string f = "qr";
    if (m.authoritative) f += " aa";
    if (m.truncated) f += " tc";
    if (m.recursion_desired) f += " rd";
    if (m.recursion_available) f += " ra";
    if (m.authentic_data) f += " ad";
    if (m.checking_disabled) f += " cd";
    return f;
}

std::string section(const char* title, const std::vector<dns::Record>& rrs)
{
    if (rrs.empty()) return "";
    std::string s = std::string(";; ") + title + " SECTION:\n";
    for (const dns::Record& r : rrs) s += dns::to_text(r) + "\n";
    return s + "\n";
}

class Dig : public DnsTool {
public:
    using DnsTool::DnsTool;

    void start() override
    {
        m_opt.timeout = SimTime::from_s(5); // dig's +time=5 +tries=3
        m_opt.tries = 3;
        if (!parse()) return;
        if (!m_server_name.empty()) {
            if (auto a = IpAddr::parse(m_server_name)) {
                m_servers = {*a};
                m_server_label = m_server_name;
            } else {
                server_by_name(m_server_name, [this](IpAddr a) {
                    m_servers = {a};
                    m_server_label = m_server_name;
                    run();
                });
                return;
            }
        } else if (!default_servers()) {
            return;
        }
        run();
    }

private:
    bool parse()
    {
        static constexpr OptionSpec kOptions[] = {
            {'x', "", OptArg::Required}, {'t', "", OptArg::Required}, {'p', "", OptArg::Required}};
        for (size_t i = 1; i < argv.size(); ++i)
            m_cmdline += (m_cmdline.empty() ? "" : " ") + argv[i];
        std::vector<std::string> words;
        OptionParser p(kOptions, argv);
        // dig's own syntax first: @server and +option are operands to the parser.
        for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
            const std::string& v = o.value;
            if (o.error == OptionError::MissingValue)
                return usage("option -" + o.name + " needs a value");
            if (o.is_error() || (o.is_operand() && v == "-"))
                return usage("invalid option: " + o.word);
            if (o.is_operand() && v[0] == '@') {
                m_server_name = v.substr(1);
            } else if (o.is_operand() && v[0] == '+') {
                if (!option(v.substr(1))) return false;
            } else if (o.is_operand()) {
                words.push_back(v);
            } else if (o.key == 'x') {
                if (!reverse(v)) return false;
            } else if (o.key == 't') {
                if (!set_type(v)) return false;
            } else if (!parse_port(v, m_opt.port)) {
                return usage("invalid port number: " + v);
            }
        }
        for (const std::string& w : words) {
            if (m_name_set && dns::type_from_text(w)) {
                set_type(w);
            } else if (w == "IN" || w == "in") {
            } else if (!m_name_set) {
                auto n = dns::Name::from_text(w);
                if (!n)
                    return usage("'" + w + "' is not a legal name (" + n.error().message() + ")");
                m_name = *n;
                m_name_set = true;
            } else {
                return usage("unexpected argument '" + w + "'");
            }
        }
        if (!m_name_set) m_type = dns::Type::Ns; // plain `dig` asks for the root servers
        return true;
    }

    bool option(const std::string& o)
    {
        auto value = [&](const char* key, uint64_t max, uint64_t& v) {
            std::string k = std::string(key) + "=";
            return o.rfind(k, 0) == 0 && parse_uint(o.substr(k.size()), max, v);
        };
        uint64_t v = 0;
        if (o == "short")
            m_short = true;
        else if (o == "trace")
            m_trace = true;
        else if (o == "norecurse" || o == "norec")
            m_recurse = false;
        else if (o == "recurse" || o == "rec")
            m_recurse = true;
        else if (o == "tcp" || o == "vc")
            return usage("+tcp is not available yet: Wirelab's DNS runs over UDP");
        else if (value("time", 300, v) && v > 0)
            m_opt.timeout = SimTime::from_s(int64_t(v));
        else if (value("tries", 10, v) && v > 0)
            m_opt.tries = uint32_t(v);
        else if (value("retry", 9, v))
            m_opt.tries = uint32_t(v + 1);
        else
            return usage("invalid option: +" + o +
                         " (known: +short +trace +norecurse +time=N +tries=N)");
        return true;
    }

    bool reverse(const std::string& text)
    {
        auto a = IpAddr::parse(text);
        if (!a)
            return usage("'" + text + "' is not an IP address (-x takes 10.0.0.80 or fd00::80)");
        m_name = a->is_v4() ? dns::reverse_name(a->v4()) : dns::reverse_name(a->v6());
        m_type = dns::Type::Ptr;
        m_name_set = true;
        return true;
    }

    bool set_type(const std::string& text)
    {
        auto t = dns::type_from_text(text);
        if (!t) return usage("invalid type: " + text);
        m_type = *t;
        return true;
    }

    bool usage(const std::string& msg)
    {
        out("dig: " + msg +
            "\nUsage:  dig [@server] [-x addr] [-t type] [-p port] [name] [type] "
            "[+short] [+trace] [+norecurse] [+time=N] [+tries=N]\n");
        finish(1);
        return false;
    }

    void banner()
    {
        out("\n; <<>> DiG 9.18 (Wirelab) <<>> " + m_cmdline + "\n;; global options: +cmd\n");
    }

    void on_attempt_failed(const IpAddr& server, DnsQueryError why) override
    {
        out(";; communications error to " + server_text(server, m_opt.port) + ": " +
            to_string(why) + "\n");
    }

    void run()
    {
        if (m_trace) {
            if (!m_short) banner();
            trace_start();
            return;
        }
        dns::Question q{m_name, m_type, dns::Class::In};
        ask(q, m_servers, m_recurse, [this](Result<DnsAnswer, DnsQueryError> r) {
            if (!r) {
                if (!m_short) banner();
                out(";; no servers could be reached\n\n");
                finish(9);
                return;
            }
            print_answer(*r);
            finish(0);
        });
    }

    void print_answer(const DnsAnswer& a)
    {
        const dns::Repr& m = a.response;
        if (m_short) {
            for (const dns::Record& r : m.answers) out(dns::rdata_to_text(r.data) + "\n");
            return;
        }
        banner();
        std::string s =
            ";; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: " + dns::to_string(m.rcode) +
            ", id: " + std::to_string(m.id) + "\n;; flags: " + flags_text(m) +
            "; QUERY: " + std::to_string(m.questions.size()) +
            ", ANSWER: " + std::to_string(m.answers.size()) +
            ", AUTHORITY: " + std::to_string(m.authorities.size()) +
            ", ADDITIONAL: " + std::to_string(m.additionals.size()) + "\n";
        if (m.recursion_desired && !m.recursion_available)
            s += ";; WARNING: recursion requested but not available\n";
        s += "\n;; QUESTION SECTION:\n";
        for (const dns::Question& q : m.questions)
            s += ";" + q.name.to_text() + "\t\t\t" + dns::to_string(q.qclass) + "\t" +
                 dns::to_string(q.type) + "\n";
        s += "\n" + section("ANSWER", m.answers) + section("AUTHORITY", m.authorities) +
             section("ADDITIONAL", m.additionals);
        s += ";; Query time: " + std::to_string(a.rtt.ns() / 1000000) + " msec\n";
        s += ";; SERVER: " + server_text(a.server, m_opt.port) + "(" +
             (m_server_label.empty() ? a.server.to_string() : m_server_label) + ") (UDP)\n";
        s += ";; WHEN: " + m_net.now().to_string() + " of simulated time\n";
        s += ";; MSG SIZE  rcvd: " + std::to_string(a.bytes) + "\n\n";
        if (m.truncated)
            s = ";; Truncated, retrying in TCP mode.\n;; (TCP is not available yet; the answer "
                "above is cut)\n" +
                s;
        out(s);
    }

    // [SECTION] +trace: dig follows the delegations itself, starting from the root servers its
    // resolver names, with recursion off (BIND's dig does the same).

    struct NsTarget {
        std::string name;
        std::optional<IpAddr> addr;
    };

    void trace_start()
    {
        dns::Question q{dns::Name(), dns::Type::Ns, dns::Class::In};
        ask(q, m_servers, true, [this](Result<DnsAnswer, DnsQueryError> r) {
            if (!r) {
                out(";; no servers could be reached\n\n");
                finish(9);
                return;
            }
            print_step(*r, m_server_label.empty() ? r->server.to_string() : m_server_label);
            if (!take_servers(r->response, r->response.answers)) {
                out(";; no root servers in the answer of " + r->server.to_string() + "\n");
                finish(9);
                return;
            }
            trace_next();
        });
    }

    // Name servers from `rrs` (NS records) with addresses from the additional section.
    bool take_servers(const dns::Repr& m, const std::vector<dns::Record>& rrs)
    {
        m_next.clear();
        for (const dns::Record& r : rrs) {
            auto* ns = std::get_if<dns::Ns>(&r.data);
            if (!ns) continue;
            NsTarget t{ns->host.to_text(), {}};
            if (t.name.size() > 1) t.name.pop_back();
            for (const dns::Record& a : m.additionals) {
                if (!(a.name == ns->host) || t.addr) continue;
                if (auto* v4 = std::get_if<dns::A>(&a.data)) t.addr = IpAddr(v4->addr);
                if (auto* v6 = std::get_if<dns::Aaaa>(&a.data)) t.addr = IpAddr(v6->addr);
            }
            m_next.push_back(t);
        }
        return !m_next.empty();
    }

    void trace_next()
    {
        if (++m_steps > 20 || m_next.empty()) {
            out(";; no servers could be reached\n");
            finish(9);
            return;
        }
        NsTarget t = m_next.front();
        m_next.erase(m_next.begin());
        if (!t.addr) {
            // No glue: look the server's address up through the host's resolver.
            m_lookup = DnsStub::of(m_node).resolve(
                t.name, AddressFamily::Any, [this, t](Result<Resolved, ResolveError> r) {
                    if (!r) {
                        out(";; couldn't get address for '" + t.name + "': not found\n");
                        trace_next();
                        return;
                    }
                    NsTarget with = t;
                    with.addr = r->addr;
                    m_next.insert(m_next.begin(), with);
                    --m_steps;
                    trace_next();
                });
            return;
        }
        dns::Question q{m_name, m_type, dns::Class::In};
        ask(q, {*t.addr}, false, [this, t](Result<DnsAnswer, DnsQueryError> r) {
            if (!r) {
                trace_next(); // the next server of the same zone
                return;
            }
            const dns::Repr& m = r->response;
            print_step(*r, t.name);
            std::vector<dns::Record> ns;
            for (const dns::Record& a : m.authorities)
                if (a.type() == dns::Type::Ns) ns.push_back(a);
            bool referral = m.rcode == dns::Rcode::NoError && m.answers.empty() && !ns.empty() &&
                            !m.authoritative;
            if (referral && take_servers(m, ns)) {
                trace_next();
                return;
            }
            finish(0); // an answer, NXDOMAIN or NODATA: the end of the path
        });
    }

    void print_step(const DnsAnswer& a, const std::string& from)
    {
        const dns::Repr& m = a.response;
        if (m_short) {
            for (const dns::Record& r : m.answers)
                out(dns::to_string(r.type()) + " " + dns::rdata_to_text(r.data) + " from server " +
                    from + " in " + std::to_string(a.rtt.ns() / 1000000) + " ms.\n");
            return;
        }
        std::string s;
        for (const dns::Record& r : m.answers) s += dns::to_text(r) + "\n";
        for (const dns::Record& r : m.authorities) s += dns::to_text(r) + "\n";
        if (m.rcode != dns::Rcode::NoError) s += ";; status: " + dns::to_string(m.rcode) + "\n";
        s += ";; Received " + std::to_string(a.bytes) + " bytes from " +
             server_text(a.server, m_opt.port) + "(" + from + ") in " +
             std::to_string(a.rtt.ns() / 1000000) + " ms\n\n";
        out(s);
    }

    std::string m_cmdline;
    std::string m_server_name;
    dns::Name m_name;
    bool m_name_set = false;
    dns::Type m_type = dns::Type::A;
    bool m_short = false, m_trace = false, m_recurse = true;
    std::vector<NsTarget> m_next;
    int m_steps = 0;
};

} // namespace

WIRELAB_COMMAND(make_dig)
{
    auto p = std::make_unique<Dig>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

} // namespace wirelab::app
