// SmtpServer sessions: the command/reply loop of RFC 5321 §4.1 and the DATA phase.
#include "core/services/mail/smtp_server.h"

#include "core/base/text.h"
#include "core/host/ntp_clock.h"
#include "core/wire/http.h"

#include <cstdio>

namespace wirelab::app {

namespace {

// "MAIL FROM:<a@b> SIZE=10" -> "a@b": the path between the angle brackets.
std::string path_argument(const std::string& arg)
{
    size_t lt = arg.find('<'), gt = arg.find('>');
    if (lt == std::string::npos || gt == std::string::npos || gt < lt)
        return arg.substr(arg.find(':') + 1);
    return arg.substr(lt + 1, gt - lt - 1);
}

} // namespace

class SmtpSession final : public StreamServer::Session {
public:
    explicit SmtpSession(SmtpServer& server) : m_server(server) {}

    void on_open() override { reply("220 " + host() + " ESMTP Wirelab (Postfix-like)"); }

    void on_data(std::string_view bytes) override
    {
        m_lines.feed(bytes);
        while (auto line = m_lines.next_line()) {
            if (is_closed()) return;
            if (m_in_data)
                data_line(*line);
            else
                command(*line);
        }
    }

private:
    std::string host() { return m_server.node().name(); }
    void reply(const std::string& text) { send(text + "\r\n"); }

    void command(const std::string& line)
    {
        std::string verb = ascii_upper(line.substr(0, line.find(' ')));
        std::string arg =
            line.find(' ') == std::string::npos ? "" : line.substr(line.find(' ') + 1);
        if (verb == "EHLO") {
            m_helo = arg;
            return send("250-" + host() +
                        "\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
        }
        if (verb == "HELO") {
            m_helo = arg;
            return reply("250 " + host());
        }
        if (verb == "QUIT") {
            reply("221 2.0.0 Bye");
            return close();
        }
        if (verb == "NOOP") return reply("250 2.0.0 Ok");
        if (verb == "RSET") {
            reset();
            return reply("250 2.0.0 Ok");
        }
        if (verb == "VRFY") return reply("252 2.0.0 " + arg);
        if (m_helo.empty() && (verb == "MAIL" || verb == "RCPT" || verb == "DATA"))
            return reply("503 5.5.1 Error: send HELO/EHLO first");
        if (verb == "MAIL") return mail_from(arg);
        if (verb == "RCPT") return rcpt_to(arg);
        if (verb == "DATA") return data();
        reply("502 5.5.2 Error: command not recognized");
    }

    // Postfix's permit_mynetworks: relaying only for clients of the configured networks.
    bool may_relay()
    {
        wire::IpAddr client = stream().remote().addr;
        for (const wire::IpPrefix& p : m_server.store().config().mynetworks)
            if (p.contains(client)) return true;
        return false;
    }

    void reset()
    {
        m_from.clear();
        m_to.clear();
        m_remote.clear();
        m_has_from = false;
    }

    void mail_from(const std::string& arg)
    {
        if (ascii_upper(arg).rfind("FROM:", 0) != 0)
            return reply("501 5.5.4 Syntax: MAIL FROM:<address>");
        if (m_has_from) return reply("503 5.5.1 Error: nested MAIL command");
        m_from = path_argument(arg);
        m_has_from = true;
        reply("250 2.1.0 Ok");
    }

    void rcpt_to(const std::string& arg)
    {
        if (!m_has_from) return reply("503 5.5.1 Error: need MAIL command");
        if (ascii_upper(arg).rfind("TO:", 0) != 0)
            return reply("501 5.5.4 Syntax: RCPT TO:<address>");
        std::string to = path_argument(arg);
        MailAddress a = parse_mail_address(to);
        const MailStore& store = m_server.store();
        if (a.domain != store.config().domain && may_relay() && !a.domain.empty()) {
            m_remote.push_back(to);
            return reply("250 2.1.5 Ok");
        }
        if (a.domain != store.config().domain)
            return reply("554 5.7.1 <" + to +
                         ">: Relay access denied (this server only takes mail for @" +
                         store.config().domain + ")");
        if (!store.has_user(a.local))
            return reply("550 5.1.1 <" + to +
                         ">: Recipient address rejected: User unknown in local recipient table");
        m_to.push_back(a.local);
        reply("250 2.1.5 Ok");
    }

    void data()
    {
        if (!m_has_from) return reply("503 5.5.1 Error: need MAIL command");
        if (m_to.empty() && m_remote.empty()) return reply("554 5.5.1 Error: no valid recipients");
        m_in_data = true;
        m_text.clear();
        reply("354 End data with <CR><LF>.<CR><LF>");
    }

    void data_line(const std::string& line)
    {
        if (line == ".") return deliver();
        // RFC 5321 §4.5.2: a line that starts with "." had one more added by the sender.
        m_text += (line.rfind('.', 0) == 0 ? line.substr(1) : line) + "\r\n";
    }

    void deliver()
    {
        m_in_data = false;
        int64_t now = HostClock::now_unix_ns(m_server.node()) / 1000000000;
        std::string client = stream().remote().addr.to_string();
        // RFC 5321 §4.4: the receiving server adds a Received line and the Return-Path.
        std::string trace = "Received: from " + m_helo + " (" + client + ")\r\n\tby " + host() +
                            " with ESMTP; " + wire::http::http_date(now) + "\r\n";
        uint32_t id = 0;
        std::vector<std::string> local;
        for (const std::string& user : m_to) {
            std::string text = "Return-Path: <" + m_from + ">\r\n" + trace + m_text;
            id = m_server.store().deliver(user, std::move(text));
            ++m_server.m_delivered;
            local.push_back(user + "@" + m_server.store().config().domain);
        }
        if (id == 0) id = m_server.store().take_uid();
        char queue_id[16];
        std::snprintf(queue_id, sizeof queue_id, "%08X", 0x5A000000u + id);
        log_delivery(queue_id, client, local);
        // The Return-Path belongs to the final delivery (RFC 5321 §4.4): the relay sends the
        // message with its Received line only.
        if (!m_remote.empty()) m_server.relay().submit(queue_id, m_from, m_remote, trace + m_text);
        reset();
        reply(std::string("250 2.0.0 Ok: queued as ") + queue_id);
    }

    void log_delivery(const std::string& id, const std::string& client,
                      const std::vector<std::string>& local)
    {
        net::IpNode& node = m_server.node();
        mail_log(node, "smtpd", id + ": client=" + m_helo + "[" + client + "]");
        mail_log(node, "cleanup",
                 id + ": from=<" + m_from +
                     ">, nrcpt=" + std::to_string(local.size() + m_remote.size()));
        for (const std::string& to : local)
            mail_log(node, "local",
                     id + ": to=<" + to +
                         ">, relay=local, delay=0, dsn=2.0.0, status=sent (delivered to mailbox)");
    }

    SmtpServer& m_server;
    LineBuffer m_lines;
    std::string m_helo, m_from, m_text;
    std::vector<std::string> m_to;     // local mailboxes
    std::vector<std::string> m_remote; // addresses to relay
    bool m_has_from = false, m_in_data = false;
};

SmtpServer::SmtpServer(net::IpNode& node, MailStore& store)
    : StreamServer(node, store.config().smtp_port, "smtpd"), m_store(store), m_relay(node, store)
{}

std::unique_ptr<StreamServer::Session> SmtpServer::make_session()
{
    return std::make_unique<SmtpSession>(*this);
}

} // namespace wirelab::app
