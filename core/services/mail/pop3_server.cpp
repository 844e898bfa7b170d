// Pop3Server sessions: AUTHORIZATION, TRANSACTION and UPDATE states of RFC 1939 §3.
#include "core/services/mail/pop3_server.h"

#include "core/base/text.h"

namespace wirelab::app {

std::string dot_stuff(std::string_view text)
{
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty() && line.front() == '.') out += '.'; // RFC 1939 §3 byte-stuffing
        out.append(line);
        out += "\r\n";
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    return out + ".\r\n";
}

namespace {

class Pop3Session final : public StreamServer::Session {
public:
    explicit Pop3Session(MailStore& store) : m_store(store) {}

    void on_open() override { ok("Dovecot-like POP3 server ready."); }

    void on_data(std::string_view bytes) override
    {
        m_lines.feed(bytes);
        while (auto line = m_lines.next_line()) {
            if (is_closed()) return;
            command(*line);
        }
    }

private:
    void ok(const std::string& text) { send("+OK" + (text.empty() ? "" : " " + text) + "\r\n"); }
    void err(const std::string& text) { send("-ERR " + text + "\r\n"); }

    void command(const std::string& line)
    {
        std::string verb = ascii_upper(line.substr(0, line.find(' ')));
        std::string arg =
            line.find(' ') == std::string::npos ? "" : line.substr(line.find(' ') + 1);
        if (verb == "QUIT") return quit();
        if (verb == "CAPA") return send("+OK\r\nUSER\r\nUIDL\r\nTOP\r\n.\r\n");
        if (verb == "NOOP") return ok("");
        if (!m_box) return authorization(verb, arg);
        if (verb == "STAT") return stat();
        if (verb == "LIST" || verb == "UIDL") return list(arg, verb == "UIDL");
        if (verb == "RETR") return retr(arg, SIZE_MAX);
        if (verb == "TOP") {
            size_t sp = arg.find(' ');
            uint64_t n = 0;
            if (sp == std::string::npos || !parse_number(arg.substr(sp + 1), n))
                return err("Invalid arguments.");
            return retr(arg.substr(0, sp), size_t(n));
        }
        if (verb == "DELE") return dele(arg);
        if (verb == "RSET") {
            m_marked.assign(m_marked.size(), false);
            return ok("");
        }
        err("Unknown command.");
    }

    void authorization(const std::string& verb, const std::string& arg)
    {
        if (verb == "USER") {
            m_user = arg;
            return ok("");
        }
        if (verb == "PASS") {
            if (m_user.empty()) return err("No username given.");
            if (!m_store.check_password(m_user, arg)) {
                m_user.clear();
                return err("[AUTH] Authentication failed.");
            }
            m_box = &m_store.mailbox(m_user);
            m_marked.assign(m_box->size(), false);
            return ok("Logged in.");
        }
        err("Unknown command.");
    }

    // A message number of this session (1-based, not marked deleted), or nullptr.
    MailMessage* message(const std::string& arg)
    {
        uint64_t n = 0;
        if (!parse_number(arg, n) || n == 0 || n > m_marked.size() || m_marked[n - 1])
            return nullptr;
        return &(*m_box)[n - 1];
    }

    static bool parse_number(const std::string& s, uint64_t& n)
    {
        if (s.empty() || s.size() > 9) return false;
        n = 0;
        for (char c : s) {
            if (c < '0' || c > '9') return false;
            n = n * 10 + uint64_t(c - '0');
        }
        return true;
    }

    void stat()
    {
        size_t n = 0, bytes = 0;
        for (size_t i = 0; i < m_marked.size(); ++i)
            if (!m_marked[i]) ++n, bytes += (*m_box)[i].text.size();
        ok(std::to_string(n) + " " + std::to_string(bytes));
    }

    void list(const std::string& arg, bool uids)
    {
        auto entry = [&](size_t i) {
            const MailMessage& m = (*m_box)[i];
            return std::to_string(i + 1) + " " +
                   (uids ? std::to_string(m.uid) : std::to_string(m.text.size()));
        };
        if (!arg.empty()) {
            MailMessage* m = message(arg);
            if (!m) return err("There's no message " + arg + ".");
            return ok(entry(size_t(m - m_box->data())));
        }
        std::string text = "+OK\r\n";
        for (size_t i = 0; i < m_marked.size(); ++i)
            if (!m_marked[i]) text += entry(i) + "\r\n";
        send(text + ".\r\n");
    }

    void retr(const std::string& arg, size_t body_lines)
    {
        MailMessage* m = message(arg);
        if (!m) return err("There's no message " + arg + ".");
        std::string text = m->text;
        if (body_lines != SIZE_MAX) { // TOP: the header and the first n body lines
            size_t end = text.find("\r\n\r\n");
            end = end == std::string::npos ? text.size() : end + 4;
            for (size_t i = 0; i < body_lines && end < text.size(); ++i) {
                size_t nl = text.find("\r\n", end);
                end = nl == std::string::npos ? text.size() : nl + 2;
            }
            text.resize(end);
        } else {
            m->seen = true;
        }
        send("+OK " + std::to_string(m->text.size()) + " octets\r\n" + dot_stuff(text));
    }

    void dele(const std::string& arg)
    {
        MailMessage* m = message(arg);
        if (!m) return err("There's no message " + arg + ".");
        m_marked[size_t(m - m_box->data())] = true;
        ok("Marked to be deleted.");
    }

    // RFC 1939 §6: "the POP3 server removes all messages marked as deleted from the maildrop".
    void quit()
    {
        size_t removed = 0;
        if (m_box) {
            std::vector<MailMessage> kept;
            for (size_t i = 0; i < m_box->size(); ++i)
                if (i >= m_marked.size() || !m_marked[i])
                    kept.push_back(std::move((*m_box)[i]));
                else
                    ++removed;
            *m_box = std::move(kept);
        }
        ok(removed ? "Logging out, messages deleted." : "Logging out.");
        close();
    }

    MailStore& m_store;
    LineBuffer m_lines;
    std::string m_user;
    std::vector<MailMessage>* m_box = nullptr;
    std::vector<bool> m_marked; // DELE marks, by message number - 1
};

} // namespace

Pop3Server::Pop3Server(net::IpNode& node, MailStore& store)
    : StreamServer(node, store.config().pop3_port, "pop3d"), m_store(store)
{}

std::unique_ptr<StreamServer::Session> Pop3Server::make_session()
{
    return std::make_unique<Pop3Session>(m_store);
}

} // namespace wirelab::app
