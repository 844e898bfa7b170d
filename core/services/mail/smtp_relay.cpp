// SmtpRelay: MX lookup, the SMTP client dialogue (RFC 5321 §3.3, §4.1), bounces and the mail log.
//
// [SECTION] index: mail log · delivery: MX lookup · delivery: SMTP dialogue · bounces · relay
#include "core/services/mail/smtp_relay.h"

#include "core/host/dns_query.h"
#include "core/host/dns_stub.h" // the host's DNS servers and options
#include "core/host/host_files.h"
#include "core/host/ntp_clock.h"
#include "core/kernel/scheduler.h"
#include "core/net/network.h"
#include "core/services/tcp_stream.h"
#include "core/wire/http.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace wirelab::app {

namespace dns = wire::dns;

// [SECTION] mail log

void mail_log(net::IpNode& node, std::string_view program, const std::string& text)
{
    int64_t ns = HostClock::now_unix_ns(node);
    std::string date = format_date(ns >= 0 ? ns / 1000000000 : 0); // "Mon Jan  1 00:00:40 UTC 2024"
    // syslog's stamp is date's without the weekday, zone and year; a fixed pid per program.
    int pid = program == "smtpd"     ? 1201
              : program == "local"   ? 1202
              : program == "smtp"    ? 1203
              : program == "cleanup" ? 1204
                                     : 1205;
    (void)HostFiles::of(node).append("/var/log/mail.log", date.substr(4, 15) + " " + node.name() +
                                                              " postfix/" + std::string(program) +
                                                              "[" + std::to_string(pid) +
                                                              "]: " + text + "\n");
}

namespace {

// "550 5.1.1 <x@b.lab>: ..." -> "5.1.1"; a reply without an enhanced code gets one from its
// first digit (RFC 3463 §3.1: X.0.0).
std::string dsn_of(const std::string& reply)
{
    if (reply.size() > 9 && reply[3] == ' ' && reply[5] == '.' && std::isdigit(uint8_t(reply[4])))
        return reply.substr(4, reply.find(' ', 4) - 4);
    return std::string(1, reply.empty() ? '4' : reply[0]) + ".0.0";
}

} // namespace

// [SECTION] delivery: MX lookup

// One message to one destination domain: MX lookup, then each exchange in preference order
// until one answers.
struct SmtpRelay::Delivery {
    enum class Step : uint8_t { Greeting, Ehlo, MailFrom, Rcpt, Data, Body, Quit, Done };

    Delivery(SmtpRelay& r, std::string id, std::string sender, std::string dest, std::string msg,
             SimTime now)
        : relay(r), queue_id(std::move(id)), from(std::move(sender)), domain(std::move(dest)),
          text(std::move(msg)), submitted(now)
    {}

    SmtpRelay& relay;
    std::string queue_id, from, domain, text;
    std::vector<std::string> rcpts;
    SimTime submitted;
    std::unique_ptr<DnsQuery> dns_query;
    std::vector<std::unique_ptr<DnsQuery>> old_queries;
    std::vector<std::string> exchanges; // best preference first
    size_t next_exchange = 0;
    std::string host;     // "mail.b.lab[10.0.2.25]" once connected
    std::string no_route; // why the last exchange could not be reached
    std::unique_ptr<TcpStream> stream;
    std::vector<std::unique_ptr<TcpStream>> retired;
    LineBuffer lines;
    std::string reply; // the reply being read (last line)
    Step step = Step::Greeting;
    size_t rcpt_index = 0;
    std::vector<std::string> accepted;
    std::vector<std::string> failures; // one "<rcpt>: reason" each
    bool done = false;

    net::IpNode& node() { return relay.m_node; }

    // The host's DNS servers and resolv.conf options. Postfix looks MX hosts up in DNS, not in
    // /etc/hosts (smtp_host_lookup = dns), so both lookups are plain DNS queries.
    void query(const std::string& name, dns::Type type,
               std::function<void(Result<DnsAnswer, DnsQueryError>)> then)
    {
        const DnsStub& stub = DnsStub::of(node());
        std::vector<wire::IpAddr> servers = stub.servers();
        auto qname = dns::Name::from_text(name);
        if (servers.empty() || !qname) return then(fail(DnsQueryError::Unreachable));
        DnsQueryOptions opt;
        opt.timeout = stub.config().timeout;
        opt.tries = stub.config().attempts;
        opt.next_server_on_failure = true;
        // The query before this one may be calling us: it is kept until the delivery ends.
        if (dns_query) old_queries.push_back(std::move(dns_query));
        dns_query = std::make_unique<DnsQuery>(node(), dns::Question{*qname, type, dns::Class::In},
                                               std::move(servers), opt, std::move(then));
        dns_query->start();
    }

    // "Host not found" (NXDOMAIN, or no record of the type), "Host not found, try again" (no
    // answer, SERVFAIL, REFUSED: res_search's TRY_AGAIN); empty when the answer is usable.
    static std::string lookup_error(const Result<DnsAnswer, DnsQueryError>& r, dns::Type type)
    {
        if (r && r->response.rcode == dns::Rcode::NxDomain) return "Host not found";
        if (!r || r->response.rcode != dns::Rcode::NoError) return "Host not found, try again";
        for (const dns::Record& rec : r->response.answers)
            if (rec.type() == type) return "";
        return type == dns::Type::Mx ? "" : "Host not found"; // no MX: the implicit MX
    }

    static std::string name_error(const std::string& name, const char* type, const std::string& why)
    {
        return "Host or domain name not found. Name service error for name=" + name +
               " type=" + type + ": " + why;
    }

    void start()
    {
        query(domain, dns::Type::Mx,
              [this](const Result<DnsAnswer, DnsQueryError>& r) { on_mx(r); });
    }

    void on_mx(const Result<DnsAnswer, DnsQueryError>& r)
    {
        std::string why = lookup_error(r, dns::Type::Mx);
        if (!why.empty()) {
            const char* dsn = why == "Host not found" ? "5.4.4" : "4.4.3";
            return fail_all(name_error(domain, "MX", why), dsn);
        }
        std::vector<dns::Mx> mx;
        for (const dns::Record& rec : r->response.answers)
            if (const auto* m = std::get_if<dns::Mx>(&rec.data)) mx.push_back(*m);
        std::stable_sort(mx.begin(), mx.end(), [](const dns::Mx& a, const dns::Mx& b) {
            return a.preference < b.preference;
        });
        for (const dns::Mx& m : mx) {
            std::string e = m.exchange.to_text();
            exchanges.push_back(e.size() > 1 ? e.substr(0, e.size() - 1) : e);
        }
        // RFC 5321 §5.1: with no MX records, the domain itself is the implicit MX.
        if (exchanges.empty()) exchanges.push_back(domain);
        try_next_exchange();
    }

    void try_next_exchange()
    {
        if (next_exchange == exchanges.size()) return fail_all(no_route, "4.4.1");
        std::string name = exchanges[next_exchange++];
        query(name, dns::Type::A, [this, name](Result<DnsAnswer, DnsQueryError> r) {
            std::string why = lookup_error(r, dns::Type::A);
            if (!why.empty()) {
                no_route = name_error(name, "A", why);
                return try_next_exchange();
            }
            for (const dns::Record& rec : r->response.answers)
                if (const auto* a = std::get_if<dns::A>(&rec.data))
                    return connect(name, wire::IpAddr(a->addr));
        });
    }

    // [SECTION] delivery: SMTP dialogue

    void connect(const std::string& name, const wire::IpAddr& addr)
    {
        // Postfix's loop check: an MX that is this very host would hand the message back to
        // itself (and, being in its own mynetworks, relay it again) for ever.
        if (node().is_local(addr))
            return fail_all("mail for " + domain + " loops back to myself", "5.4.6");
        host = name + "[" + addr.to_string() + "]";
        stream = std::make_unique<TcpStream>(node(), "smtp");
        lines.clear();
        step = Step::Greeting;
        stream->on_data([this](std::string_view b) { on_data(b); });
        stream->on_closed([this](std::optional<transport::SocketError> why) {
            if (step == Step::Done) return;
            if (step == Step::Quit) return end(); // closed without its 221: the work is done
            bool connected = stream->is_connected() || step != Step::Greeting;
            no_route = connected || !why
                           ? "lost connection with " + host + " while performing the SMTP dialogue"
                           : "connect to " + host + ":25: " + transport::to_string(*why);
            if (!connected) host.clear(); // Postfix logs relay=none when nothing answered
            retire_stream();
            try_next_exchange();
        });
        if (auto r = stream->connect({addr, 25}); !r) {
            no_route = "connect to " + host + ":25: " + transport::to_string(r.error());
            host.clear();
            retire_stream();
            try_next_exchange();
        }
    }

    void retire_stream()
    {
        if (!stream) return;
        stream->close();
        // Kept until the delivery ends: this may run inside one of the stream's own callbacks,
        // and a closing stream still sends its last bytes and FIN.
        retired.push_back(std::move(stream));
    }

    void send(const std::string& line) { stream->send(line + "\r\n"); }

    void on_data(std::string_view bytes)
    {
        lines.feed(bytes);
        while (auto line = lines.next_line()) {
            if (done || step == Step::Done) return;
            // A multi-line reply ("250-...") ends with the line that has a space after the code.
            if (line->size() > 3 && (*line)[3] == '-') continue;
            reply = *line;
            on_reply(reply.empty() ? 0 : reply[0] - '0');
        }
    }

    // "host mail.b.lab[10.0.2.25] said: 550 ... (in reply to RCPT TO command)"
    std::string said(const char* command) const
    {
        return "host " + host + " said: " + reply + " (in reply to " + command + " command)";
    }

    void on_reply(int klass)
    {
        switch (step) {
        case Step::Greeting:
            if (klass != 2) return give_up("host " + host + " refused to talk to me: " + reply);
            step = Step::Ehlo;
            return send("EHLO " + node().name());
        case Step::Ehlo:
            if (klass != 2) return give_up(said("EHLO"));
            step = Step::MailFrom;
            return send("MAIL FROM:<" + from + ">");
        case Step::MailFrom:
            if (klass != 2) return give_up(said("MAIL FROM"));
            step = Step::Rcpt;
            return send("RCPT TO:<" + rcpts[0] + ">");
        case Step::Rcpt: return on_rcpt(klass);
        case Step::Data:
            if (klass != 3) return give_up(said("DATA"));
            step = Step::Body;
            return stream->send(stuffed(text) + ".\r\n");
        case Step::Body:
            if (klass != 2) return give_up(said("end of DATA"));
            for (const std::string& r : accepted)
                mail_log(node(), "smtp",
                         queue_id + ": to=<" + r + ">, relay=" + host + ":25, delay=" + delay() +
                             ", dsn=" + dsn_of(reply) + ", status=sent (" + reply + ")");
            relay.m_relayed += accepted.size();
            return quit();
        case Step::Quit: return end();
        case Step::Done: return;
        }
    }

    void on_rcpt(int klass)
    {
        const std::string& r = rcpts[rcpt_index];
        if (klass == 2)
            accepted.push_back(r);
        else
            reject(r, said("RCPT TO"), dsn_of(reply));
        if (++rcpt_index < rcpts.size()) return send("RCPT TO:<" + rcpts[rcpt_index] + ">");
        if (accepted.empty()) return quit();
        step = Step::Data;
        send("DATA");
    }

    // RFC 5321 §4.5.2: a line starting with "." gets one more.
    static std::string stuffed(const std::string& msg)
    {
        std::string out;
        for (size_t pos = 0; pos < msg.size();) {
            size_t nl = msg.find("\r\n", pos);
            if (nl == std::string::npos) nl = msg.size();
            std::string line = msg.substr(pos, nl - pos);
            out += (line.rfind('.', 0) == 0 ? "." : "") + line + "\r\n";
            pos = nl + 2;
        }
        return out;
    }

    std::string delay() const
    {
        int64_t cs = (relay.m_node.network().now() - submitted).ns() / 10000000;
        char buf[32];
        std::snprintf(buf, sizeof buf, "%lld.%02lld", (long long)(cs / 100), (long long)(cs % 100));
        return buf;
    }

    void reject(const std::string& rcpt, const std::string& why, const std::string& dsn)
    {
        mail_log(node(), "smtp",
                 queue_id + ": to=<" + rcpt + ">, relay=" + (host.empty() ? "none" : host + ":25") +
                     ", delay=" + delay() + ", dsn=" + dsn + ", status=bounced (" + why + ")");
        failures.push_back("<" + rcpt + ">: " + why);
    }

    // The server refused the whole transaction: every recipient not yet accepted bounces.
    void give_up(const std::string& why)
    {
        for (const std::string& r : accepted) reject(r, why, dsn_of(reply));
        for (size_t i = rcpt_index; i < rcpts.size(); ++i) reject(rcpts[i], why, dsn_of(reply));
        accepted.clear();
        rcpt_index = rcpts.size();
        quit();
    }

    void quit()
    {
        step = Step::Quit;
        send("QUIT");
    }

    void fail_all(const std::string& why, const std::string& dsn)
    {
        for (const std::string& r : rcpts) reject(r, why, dsn);
        end();
    }

    void end()
    {
        if (done) return;
        done = true;
        step = Step::Done;
        retire_stream();
        relay.finished(this);
    }
};

// [SECTION] bounces

void SmtpRelay::bounce(const Delivery& d, const std::vector<std::string>& failures)
{
    m_bounced += failures.size();
    MailAddress sender = parse_mail_address(d.from);
    // RFC 5321 §4.5.5: no bounce for a bounce (null reverse-path).
    if (d.from.empty()) return;
    if (sender.domain != m_store.config().domain || !m_store.has_user(sender.local)) {
        mail_log(m_node, "bounce",
                 d.queue_id + ": sender non-delivery notification not sent: <" + d.from +
                     "> is not a mailbox of this server");
        return;
    }
    int64_t now = HostClock::now_unix_ns(m_node) / 1000000000;
    std::string date = wire::http::http_date(now);
    date.replace(date.size() - 3, 3, "+0000");
    std::string text =
        "Return-Path: <>\r\nDate: " + date + "\r\nFrom: MAILER-DAEMON@" + m_store.config().domain +
        " (Mail Delivery System)\r\nTo: " + d.from +
        "\r\nSubject: Undelivered Mail Returned to Sender\r\n\r\nThis is the mail system at host " +
        m_node.name() +
        ".\r\n\r\nI'm sorry to have to inform you that your message could not\r\nbe delivered to "
        "one or more recipients. It's attached below.\r\n\r\n                   The mail "
        "system\r\n\r\n";
    for (const std::string& f : failures) text += f + "\r\n";
    text += "\r\n------ This is a copy of the message, including all the headers. ------\r\n\r\n" +
            d.text;
    uint32_t uid = m_store.deliver(sender.local, std::move(text));
    char id[16];
    std::snprintf(id, sizeof id, "%08X", 0x5A000000u + uid);
    mail_log(m_node, "bounce", d.queue_id + ": sender non-delivery notification: " + id);
    mail_log(m_node, "local",
             std::string(id) + ": to=<" + d.from +
                 ">, relay=local, delay=0, dsn=2.0.0, status=sent (delivered to mailbox)");
}

// [SECTION] relay

SmtpRelay::SmtpRelay(net::IpNode& node, MailStore& store)
    : m_node(node), m_store(store), m_timers(node.network().scheduler())
{}

SmtpRelay::~SmtpRelay()
{
    // Torn down with the node: nothing may be sent any more.
    for (auto& d : m_deliveries) {
        if (d->stream) d->stream->abandon();
        for (auto& s : d->retired) s->abandon();
    }
}

void SmtpRelay::submit(const std::string& queue_id, const std::string& from,
                       const std::vector<std::string>& recipients, const std::string& text)
{
    // One delivery per destination domain, in the order the recipients were given.
    std::vector<Delivery*> started;
    for (const std::string& r : recipients) {
        std::string domain = parse_mail_address(r).domain;
        auto same = [&](Delivery* d) { return d->domain == domain; };
        if (auto it = std::find_if(started.begin(), started.end(), same); it != started.end()) {
            (*it)->rcpts.push_back(r);
            continue;
        }
        m_deliveries.push_back(std::make_unique<Delivery>(*this, queue_id, from, domain, text,
                                                          m_node.network().now()));
        m_deliveries.back()->rcpts.push_back(r);
        started.push_back(m_deliveries.back().get());
    }
    // `this` is safe (m_timers cancels these with the relay); `d` is only used once it is found
    // among the live deliveries.
    for (Delivery* d : started)
        m_timers.schedule_in(SimTime::zero(), [this, d] {
            for (auto& owned : m_deliveries)
                if (owned.get() == d) return d->start();
        });
}

void SmtpRelay::finished(Delivery* d)
{
    if (!d->failures.empty()) bounce(*d, d->failures);
    // Freed in an event of its own: its callbacks are on the call stack. `d` is only compared.
    m_timers.schedule_in(SimTime::zero(), [this, d] {
        std::erase_if(m_deliveries, [d](const auto& p) { return p.get() == d; });
    });
}

} // namespace wirelab::app
