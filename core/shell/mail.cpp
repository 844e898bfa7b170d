// mail: a mailx-style client (the s-nail/heirloom options) for the simulated mail servers.
//   send:  mail -s "Lunch?" -r alice@lab -S smtp=10.0.0.25 bob@lab -- "Noon at the canteen."
//   fetch: mail -f pop3://bob:secret@10.0.0.25     (RETR then DELE: gone from the server)
//          mail -f imap://bob:secret@10.0.0.25     (FETCH: the messages stay, marked \Seen)
// No keyboard reaches a running command, so the body follows "--". -v shows the protocol
// dialogue (">>> " what the client sent, "<<< " what the server answered), passwords masked on
// screen — they still cross the network in clear text, as a capture shows.
//
// [SECTION] index: options · connection and replies · SMTP · POP3 · IMAP
#include "core/host/dns_stub.h"
#include "core/host/ntp_clock.h"
#include "core/services/tcp_stream.h"
#include "core/shell/commands.h"
#include "core/shell/options.h"
#include "core/wire/http.h"

#include <deque>

namespace wirelab::app {
namespace {

using transport::SocketError;

enum class ReplyKind : uint8_t { Smtp, PopLine, PopMulti, Imap };

struct Reply {
    bool ok = false;
    std::string first;                 // the first (status) line
    std::vector<std::string> lines;    // POP3 multi-line data, unstuffed
    std::vector<std::string> literals; // IMAP literals, in order
};

struct Pending {
    ReplyKind kind;
    std::string tag; // IMAP
    std::function<void(const Reply&)> then;
};

class Mail : public Process {
public:
    using Process::Process;
    std::vector<std::string> argv;

    void start() override
    {
        if (!parse()) return;
        m_lookup = DnsStub::resolve(m_node, m_host, [this](Result<Resolved, ResolveError> r) {
            if (!r) return fail_with(m_host + ": " + r.error().describe());
            connect(r->addr);
        });
    }

    void interrupt() override
    {
        if (m_stream) m_stream->close();
        exit(130);
    }

private:
    // [SECTION] options

    bool parse()
    {
        static constexpr OptionSpec kOptions[] = {
            {'v'},
            {'s', "", OptArg::Required},
            {'r', "", OptArg::Required},
            {'f', "", OptArg::Required},
            {'S', "", OptArg::Required},
        };
        OptionParser p(kOptions, argv);
        bool body_started = false;
        for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
            const std::string& v = o.value;
            if (o.is_operand() && o.after_dashdash) { // the words after -- are the body
                m_body += (body_started ? " " : "") + v;
                body_started = true;
            } else if (o.is_operand()) {
                m_to.push_back(v);
            } else if (o.error == OptionError::MissingValue && o.key != 'S') {
                return usage(o.key == 's'   ? "option -s needs a subject"
                             : o.key == 'r' ? "option -r needs an address"
                                            : "option -f needs a mailbox URL");
            } else if (o.key == 'S') {
                if (o.is_error() || v.rfind("smtp=", 0) != 0)
                    return usage("option -S takes smtp=HOST[:PORT]");
                m_url = "smtp://" +
                        v.substr(v.find("://") == std::string::npos ? 5 : v.find("://") + 3);
            } else if (o.is_error()) {
                return usage("unknown option " + o.word);
            } else if (o.key == 'v') {
                m_verbose = true;
            } else {
                (o.key == 's' ? m_subject : o.key == 'r' ? m_from : m_url) = v;
            }
        }
        if (m_url.empty())
            return usage(
                m_to.empty()
                    ? "say what to do: send with -S smtp=HOST, read with -f pop3://... or -f "
                      "imap://..."
                    : "no SMTP server: give -S smtp=HOST (hosts have no local mail system here)");
        return parse_url();
    }

    // smtp://HOST[:PORT], pop3://USER:PASS@HOST[:PORT], imap://USER:PASS@HOST[:PORT]
    bool parse_url()
    {
        size_t sep = m_url.find("://");
        if (sep == std::string::npos)
            return usage("\"" + m_url + "\" is not a mailbox URL (pop3://user:pass@host)");
        m_proto = m_url.substr(0, sep);
        std::string rest = m_url.substr(sep + 3);
        if (size_t at = rest.rfind('@'); at != std::string::npos) {
            std::string cred = rest.substr(0, at);
            m_user = cred.substr(0, cred.find(':'));
            m_password = cred.find(':') == std::string::npos ? "" : cred.substr(cred.find(':') + 1);
            rest = rest.substr(at + 1);
        }
        m_port = m_proto == "smtp" ? 25 : m_proto == "pop3" ? 110 : m_proto == "imap" ? 143 : 0;
        if (!m_port) return usage("unknown protocol \"" + m_proto + "\" (smtp, pop3 or imap)");
        if (size_t colon = rest.find(':'); colon != std::string::npos) {
            if (!parse_port(rest.substr(colon + 1), m_port)) return usage("bad port in " + m_url);
            rest = rest.substr(0, colon);
        }
        m_host = rest;
        if (m_proto == "smtp" && m_to.empty()) return usage("no recipients");
        if (m_proto != "smtp" && m_user.empty())
            return usage("say whose mailbox: " + m_proto + "://USER:PASSWORD@HOST");
        return true;
    }

    bool usage(const std::string& msg)
    {
        out("mail: " + msg +
            "\n"
            "usage: mail [-v] -s SUBJECT [-r FROM] -S smtp=HOST TO... [-- BODY]\n"
            "       mail [-v] -f pop3://USER:PASS@HOST | imap://USER:PASS@HOST\n");
        exit(1);
        return false;
    }

    void fail_with(const std::string& msg)
    {
        if (has_exited()) return;
        out("mail: " + msg + "\n");
        finish(1);
    }

    void finish(int code)
    {
        m_lookup.cancel();
        if (m_stream) m_stream->close();
        exit(code);
    }

    // [SECTION] connection and replies

    void connect(const wire::IpAddr& addr)
    {
        m_stream = std::make_unique<TcpStream>(m_node, "mail");
        m_stream->on_data([this](std::string_view b) { on_data(b); });
        m_stream->on_closed([this](std::optional<SocketError> why) {
            if (why)
                return fail_with("cannot connect to " + m_host + " port " + std::to_string(m_port) +
                                 ": " + transport::to_string(*why));
            fail_with("the server closed the connection");
        });
        expect(m_proto == "smtp"   ? ReplyKind::Smtp
               : m_proto == "pop3" ? ReplyKind::PopLine
                                   : ReplyKind::Imap,
               "*", [this](const Reply& r) {
                   if (!r.ok) return fail_with("server refused the connection: " + r.first);
                   if (m_proto == "smtp")
                       smtp_start();
                   else if (m_proto == "pop3")
                       pop_start();
                   else
                       imap_start();
               });
        if (auto r = m_stream->connect({addr, m_port}); !r)
            fail_with("cannot connect to " + m_host + " port " + std::to_string(m_port) + ": " +
                      transport::to_string(r.error()));
    }

    void expect(ReplyKind kind, std::string tag, std::function<void(const Reply&)> then)
    {
        m_pending.push_back({kind, std::move(tag), std::move(then)});
    }

    void command(const std::string& line, ReplyKind kind, std::function<void(const Reply&)> then,
                 const std::string& shown = {})
    {
        if (m_verbose) out(">>> " + (shown.empty() ? line : shown) + "\n");
        std::string tag;
        if (kind == ReplyKind::Imap) tag = line.substr(0, line.find(' '));
        expect(kind, tag, std::move(then));
        m_stream->send(line + "\r\n");
    }

    void on_data(std::string_view bytes)
    {
        m_lines.feed(bytes);
        while (!m_pending.empty() && !has_exited()) {
            Pending& p = m_pending.front();
            if (m_literal) {
                auto lit = m_lines.take(*m_literal);
                if (!lit) return;
                m_reply.literals.push_back(std::move(*lit));
                m_literal.reset();
                continue;
            }
            auto line = m_lines.next_line();
            if (!line) return;
            if (m_verbose && (p.kind != ReplyKind::PopMulti || !m_in_multi))
                out("<<< " + *line + "\n");
            if (!consume(p, *line)) continue;
            Reply r = std::exchange(m_reply, {});
            auto then = std::move(p.then);
            m_pending.pop_front();
            m_in_multi = false;
            then(r);
        }
    }

    // Adds a line to the reply being read; true once it is complete.
    bool consume(const Pending& p, const std::string& line)
    {
        switch (p.kind) {
        case ReplyKind::Smtp:
            if (m_reply.first.empty())
                m_reply.first = line,
                m_reply.ok = !line.empty() && (line[0] == '2' || line[0] == '3');
            return line.size() <= 3 || line[3] == ' ';
        case ReplyKind::PopLine:
            m_reply.first = line;
            m_reply.ok = line.rfind("+OK", 0) == 0;
            return true;
        case ReplyKind::PopMulti:
            if (!m_in_multi) {
                m_reply.first = line;
                m_reply.ok = line.rfind("+OK", 0) == 0;
                m_in_multi = m_reply.ok;
                return !m_reply.ok;
            }
            if (line == ".") return true;
            m_reply.lines.push_back(line.rfind("..", 0) == 0 ? line.substr(1)
                                                             : line); // RFC 1939 §3
            return false;
        case ReplyKind::Imap:
            if (size_t open = line.rfind('{');
                !line.empty() && line.back() == '}' && open != std::string::npos) {
                uint64_t n = 0;
                if (parse_uint(line.substr(open + 1, line.size() - open - 2), 1u << 24, n))
                    m_literal = size_t(n);
            }
            if (p.tag == "*" ? line.rfind("* ", 0) == 0 : line.rfind(p.tag + " ", 0) == 0) {
                m_reply.first = line;
                std::string status = line.substr(p.tag.size() + 1, 3);
                m_reply.ok = status == "OK " || status == "OK";
                return true;
            }
            return false;
        }
        return true;
    }

    // [SECTION] SMTP

    std::string from_address() const
    {
        return m_from.empty() ? "student@" + m_node.name() : m_from;
    }

    void smtp_start()
    {
        command("EHLO " + m_node.name(), ReplyKind::Smtp, [this](const Reply& r) {
            if (!r.ok) return fail_with("EHLO refused: " + r.first);
            command("MAIL FROM:<" + from_address() + ">", ReplyKind::Smtp, [this](const Reply& r) {
                if (!r.ok) return fail_with("the server refused the sender: " + r.first);
                smtp_rcpt(0);
            });
        });
    }

    void smtp_rcpt(size_t i)
    {
        if (i == m_to.size()) return smtp_data();
        command("RCPT TO:<" + m_to[i] + ">", ReplyKind::Smtp, [this, i](const Reply& r) {
            if (!r.ok) return fail_with("the server refused " + m_to[i] + ": " + r.first);
            smtp_rcpt(i + 1);
        });
    }

    void smtp_data()
    {
        command("DATA", ReplyKind::Smtp, [this](const Reply& r) {
            if (!r.ok) return fail_with("DATA refused: " + r.first);
            std::string to;
            for (const std::string& t : m_to) to += (to.empty() ? "" : ", ") + t;
            std::string date = wire::http::http_date(HostClock::now_unix_ns(m_node) / 1000000000);
            date.replace(date.size() - 3, 3, "+0000"); // RFC 5322 zone instead of HTTP's "GMT"
            std::string msg = "Date: " + date + "\r\nFrom: " + from_address() + "\r\nTo: " + to +
                              "\r\nSubject: " + m_subject + "\r\n\r\n" + m_body + "\r\n";
            std::string stuffed;
            for (size_t pos = 0; pos < msg.size();) {
                size_t nl = msg.find("\r\n", pos);
                std::string line = msg.substr(pos, nl - pos);
                stuffed += (line.rfind('.', 0) == 0 ? "." : "") + line + "\r\n"; // RFC 5321 §4.5.2
                pos = nl + 2;
            }
            if (m_verbose)
                out(">>> (" + std::to_string(msg.size()) + " bytes of message)\n>>> .\n");
            m_stream->send(stuffed + ".\r\n");
            expect(ReplyKind::Smtp, "", [this](const Reply& r) {
                if (!r.ok) return fail_with("the message was refused: " + r.first);
                command("QUIT", ReplyKind::Smtp, [this](const Reply&) { finish(0); });
            });
        });
    }

    // [SECTION] POP3

    void pop_start()
    {
        command("USER " + m_user, ReplyKind::PopLine, [this](const Reply& r) {
            if (!r.ok) return fail_with("POP3 server refused user " + m_user + ": " + r.first);
            command(
                "PASS " + m_password, ReplyKind::PopLine,
                [this](const Reply& r) {
                    if (!r.ok) return fail_with("POP3 login failed: " + r.first);
                    command("STAT", ReplyKind::PopLine, [this](const Reply& r) {
                        size_t n = std::strtoul(
                            r.first.c_str() + std::min<size_t>(4, r.first.size()), nullptr, 10);
                        out("Mailbox " + m_proto + "://" + m_user + "@" + m_host + ": " +
                            plural(n, "message") + "\n");
                        pop_retr(1, n);
                    });
                },
                "PASS ********");
        });
    }

    void pop_retr(size_t i, size_t n)
    {
        if (i > n) {
            return command("QUIT", ReplyKind::PopLine, [this, n](const Reply&) {
                if (n)
                    out(plural(n, "message") +
                        " fetched and deleted from the server (POP3: RETR, DELE, QUIT).\n");
                finish(0);
            });
        }
        command("RETR " + std::to_string(i), ReplyKind::PopMulti, [this, i, n](const Reply& r) {
            if (!r.ok) return fail_with("RETR " + std::to_string(i) + ": " + r.first);
            std::string text;
            for (const std::string& l : r.lines) text += l + "\n";
            show(i, text);
            command("DELE " + std::to_string(i), ReplyKind::PopLine,
                    [this, i, n](const Reply&) { pop_retr(i + 1, n); });
        });
    }

    // [SECTION] IMAP

    std::string tag() { return "a" + std::to_string(++m_tag); }

    void imap_start()
    {
        std::string t = tag();
        command(
            t + " LOGIN " + m_user + " \"" + m_password + "\"", ReplyKind::Imap,
            [this](const Reply& r) {
                if (!r.ok) return fail_with("IMAP login failed: " + r.first);
                command(tag() + " SELECT INBOX", ReplyKind::Imap, [this](const Reply& r) {
                    if (!r.ok) return fail_with("SELECT INBOX: " + r.first);
                    command(tag() + " FETCH 1:* (BODY[])", ReplyKind::Imap, [this](const Reply& r) {
                        out("Mailbox " + m_proto + "://" + m_user + "@" + m_host + ": " +
                            plural(r.literals.size(), "message") + "\n");
                        for (size_t i = 0; i < r.literals.size(); ++i) {
                            std::string text;
                            for (char c : r.literals[i])
                                if (c != '\r') text += c;
                            show(i + 1, text);
                        }
                        size_t n = r.literals.size();
                        command(tag() + " LOGOUT", ReplyKind::Imap, [this, n](const Reply&) {
                            if (n)
                                out(plural(n, "message") +
                                    " fetched; they stay on the server, marked \\Seen (IMAP).\n");
                            finish(0);
                        });
                    });
                });
            },
            t + " LOGIN " + m_user + " ********");
    }

    void show(size_t i, const std::string& text)
    {
        out("--- message " + std::to_string(i) + " ---\n" + text);
        if (!text.empty() && text.back() != '\n') out("\n");
    }

    static std::string plural(size_t n, const char* word)
    {
        return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
    }

    bool m_verbose = false;
    std::string m_subject, m_from, m_url, m_body, m_proto, m_user, m_password, m_host;
    std::vector<std::string> m_to;
    uint16_t m_port = 0;
    DnsStub::Lookup m_lookup;
    std::unique_ptr<TcpStream> m_stream;
    LineBuffer m_lines;
    std::deque<Pending> m_pending;
    Reply m_reply;
    std::optional<size_t> m_literal;
    bool m_in_multi = false;
    int m_tag = 0;
};

} // namespace

WIRELAB_COMMAND(make_mail)
{
    auto p = std::make_unique<Mail>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

} // namespace wirelab::app
