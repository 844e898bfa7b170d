// nslookup and host: the two other DNS lookup tools students meet, with BIND 9.18's output.
// Both apply the host's search list, look up an address (A then AAAA; host also MX), turn an
// address argument into a reverse (PTR) lookup, and accept a server to ask as their last
// argument.
#include "core/shell/dns_tool.h"
#include "core/shell/options.h"

namespace wirelab::app {
namespace {

namespace dns = wire::dns;
using wire::IpAddr;

std::string no_dot(std::string s)
{
    if (s.size() > 1 && s.back() == '.') s.pop_back();
    return s;
}

// Shared by both tools: parse "[-type=X|-t X] name [server]", then look each query type up over
// the candidate names (search list), stopping at the first name that exists.
class NameLookup : public DnsTool {
public:
    using DnsTool::DnsTool;

    void start() override
    {
        m_opt.timeout = SimTime::from_s(5);
        m_opt.tries = 2;
        if (!parse()) return;
        if (m_server_arg.empty()) {
            if (!default_servers()) return;
            begin();
            return;
        }
        if (auto a = IpAddr::parse(m_server_arg)) {
            m_servers = {*a};
            begin();
            return;
        }
        server_by_name(m_server_arg, [this](IpAddr a) {
            m_servers = {a};
            begin();
        });
    }

protected:
    virtual bool is_host() const = 0;
    virtual void print_header() {}
    // Prints what one answer says; `name` is the candidate that was asked.
    virtual void print_records(const dns::Repr& m, const dns::Name& name, dns::Type type) = 0;
    virtual void print_failure(const std::string& name, dns::Rcode rcode) = 0;

    bool parse()
    {
        // nslookup's -type=TYPE (also -query=, -q=) and host's -t TYPE; -v -a -d: no effect.
        static constexpr OptionSpec kOptions[] = {
            {0, "type", OptArg::Required, "", "", 't'},
            {0, "query", OptArg::Required, "", "", 't'},
            {0, "q", OptArg::Required, "", "", 't'},
            {'t', "", OptArg::Required},
            {'v'},
            {'a'},
            {'d'},
        };
        OptionRules rules;
        rules.single_dash_long = true;
        std::vector<std::string> words;
        OptionParser p(kOptions, argv, rules);
        for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
            // The long forms only as "-type=TYPE", never "--type" or "-type TYPE".
            bool bad_long =
                o.is_long && (o.word[1] == '-' || o.word.find('=') == std::string::npos);
            if (o.is_error() || bad_long) return usage("invalid option: " + o.word);
            if (o.is_operand()) {
                words.push_back(o.value);
                continue;
            }
            if (o.key != 't' || o.value.empty()) continue;
            auto t = dns::type_from_text(o.value);
            if (!t) return usage("invalid type: " + o.value);
            m_types = {*t};
        }
        if (words.empty() || words.size() > 2) return usage("");
        m_target = words[0];
        if (words.size() == 2) m_server_arg = words[1];
        if (auto a = IpAddr::parse(m_target)) { // an address: the reverse name, type PTR
            m_names = {a->is_v4() ? dns::reverse_name(a->v4()) : dns::reverse_name(a->v6())};
            m_types = {dns::Type::Ptr};
            return true;
        }
        if (m_types.empty())
            m_types = is_host()
                          ? std::vector<dns::Type>{dns::Type::A, dns::Type::Aaaa, dns::Type::Mx}
                          : std::vector<dns::Type>{dns::Type::A, dns::Type::Aaaa};
        m_names = candidates(m_target);
        if (m_names.empty()) {
            out(argv[0] + ": '" + m_target + "' is not a legal name\n");
            finish(1);
            return false;
        }
        return true;
    }

    bool usage(const std::string& msg)
    {
        if (!msg.empty()) out(argv[0] + ": " + msg + "\n");
        out(is_host() ? "Usage: host [-t type] {name} [server]\n"
                      : "Usage: nslookup [-type=TYPE] {name | address} [server]\n");
        finish(1);
        return false;
    }

    void begin()
    {
        print_header();
        query();
    }

    void query()
    {
        dns::Question q{m_names[m_name_index], m_types[m_type_index], dns::Class::In};
        ask(q, m_servers, true, [this](Result<DnsAnswer, DnsQueryError> r) {
            if (!r) {
                out(";; connection timed out; no servers could be reached\n");
                finish(1);
                return;
            }
            on_answer(*r);
        });
    }

    void on_answer(const DnsAnswer& a)
    {
        const dns::Repr& m = a.response;
        if (m.rcode == dns::Rcode::NxDomain && m_type_index == 0 &&
            m_name_index + 1 < m_names.size()) {
            ++m_name_index; // the next search domain
            query();
            return;
        }
        if (m.rcode != dns::Rcode::NoError) {
            print_failure(m_target, m.rcode);
            finish(1);
            return;
        }
        m_found |= !m.answers.empty();
        m_authoritative = m.authoritative;
        print_records(m, m_names[m_name_index], m_types[m_type_index]);
        if (++m_type_index < m_types.size()) {
            query();
            return;
        }
        finish(0);
    }

    std::string m_target, m_server_arg;
    std::vector<dns::Name> m_names;
    std::vector<dns::Type> m_types;
    size_t m_name_index = 0, m_type_index = 0;
    bool m_found = false, m_authoritative = false, m_said_non_auth = false;
};

// [SECTION] nslookup

class Nslookup : public NameLookup {
public:
    using NameLookup::NameLookup;

private:
    bool is_host() const override { return false; }

    void print_header() override
    {
        out("Server:\t\t" + m_servers.front().to_string() + "\nAddress:\t" +
            server_text(m_servers.front(), 53) + "\n\n");
    }

    void print_records(const dns::Repr& m, const dns::Name&, dns::Type type) override
    {
        bool last = m_type_index + 1 == m_types.size();
        if (m.answers.empty()) {
            if (last) out(m_found ? "\n" : "*** Can't find " + m_target + ": No answer\n\n");
            return;
        }
        std::string s;
        if (!m.authoritative && !m_said_non_auth) {
            s += "Non-authoritative answer:\n";
            m_said_non_auth = true;
        }
        for (const dns::Record& r : m.answers) {
            std::string owner = no_dot(r.name.to_text());
            if (auto* a = std::get_if<dns::A>(&r.data))
                s += "Name:\t" + owner + "\nAddress: " + a->addr.to_string() + "\n";
            else if (auto* a6 = std::get_if<dns::Aaaa>(&r.data))
                s += "Name:\t" + owner + "\nAddress: " + a6->addr.to_string() + "\n";
            else if (auto* c = std::get_if<dns::Cname>(&r.data)) {
                if (type != dns::Type::A) continue; // said once, with the IPv4 answer
                s += owner + "\tcanonical name = " + c->target.to_text() + "\n";
            } else if (auto* p = std::get_if<dns::Ptr>(&r.data))
                s += owner + "\tname = " + p->target.to_text() + "\n";
            else if (auto* mx = std::get_if<dns::Mx>(&r.data))
                s += owner + "\tmail exchanger = " + std::to_string(mx->preference) + " " +
                     mx->exchange.to_text() + "\n";
            else if (auto* ns = std::get_if<dns::Ns>(&r.data))
                s += owner + "\tnameserver = " + ns->host.to_text() + "\n";
            else if (std::holds_alternative<dns::Txt>(r.data))
                s += owner + "\ttext = " + dns::rdata_to_text(r.data) + "\n";
            else if (auto* soa = std::get_if<dns::Soa>(&r.data))
                s += owner + "\n\torigin = " + soa->mname.to_text() +
                     "\n\tmail addr = " + soa->rname.to_text() +
                     "\n\tserial = " + std::to_string(soa->serial) +
                     "\n\trefresh = " + std::to_string(soa->refresh) +
                     "\n\tretry = " + std::to_string(soa->retry) +
                     "\n\texpire = " + std::to_string(soa->expire) +
                     "\n\tminimum = " + std::to_string(soa->minimum) + "\n";
        }
        out(s);
        if (last) out("\n");
    }

    void print_failure(const std::string& name, dns::Rcode rcode) override
    {
        out("** server can't find " + name + ": " + dns::to_string(rcode) + "\n\n");
    }
};

// [SECTION] host

class Host : public NameLookup {
public:
    using NameLookup::NameLookup;

private:
    bool is_host() const override { return true; }

    void print_records(const dns::Repr& m, const dns::Name&, dns::Type type) override
    {
        std::string s;
        for (const dns::Record& r : m.answers) {
            std::string owner = no_dot(r.name.to_text());
            if (auto* a = std::get_if<dns::A>(&r.data))
                s += owner + " has address " + a->addr.to_string() + "\n";
            else if (auto* a6 = std::get_if<dns::Aaaa>(&r.data))
                s += owner + " has IPv6 address " + a6->addr.to_string() + "\n";
            else if (auto* c = std::get_if<dns::Cname>(&r.data)) {
                if (type == dns::Type::A || m_types.size() == 1)
                    s += owner + " is an alias for " + c->target.to_text() + "\n";
            } else if (auto* p = std::get_if<dns::Ptr>(&r.data))
                s += owner + " domain name pointer " + p->target.to_text() + "\n";
            else if (auto* mx = std::get_if<dns::Mx>(&r.data))
                s += owner + " mail is handled by " + std::to_string(mx->preference) + " " +
                     mx->exchange.to_text() + "\n";
            else if (auto* ns = std::get_if<dns::Ns>(&r.data))
                s += owner + " name server " + ns->host.to_text() + "\n";
            else if (std::holds_alternative<dns::Txt>(r.data))
                s += owner + " descriptive text " + dns::rdata_to_text(r.data) + "\n";
            else
                s += dns::to_text(r) + "\n";
        }
        if (m.answers.empty() && m_types.size() == 1)
            s += m_target + " has no " + dns::to_string(type) + " record\n";
        out(s);
    }

    void print_failure(const std::string& name, dns::Rcode rcode) override
    {
        out("Host " + name + " not found: " + std::to_string(int(rcode)) + "(" +
            dns::to_string(rcode) + ")\n");
    }
};

} // namespace

WIRELAB_COMMAND(make_nslookup)
{
    auto p = std::make_unique<Nslookup>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

WIRELAB_COMMAND(make_host)
{
    auto p = std::make_unique<Host>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

} // namespace wirelab::app
