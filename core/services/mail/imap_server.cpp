// ImapServer sessions: tagged commands and untagged data (RFC 3501 §2.2), the not-authenticated,
// authenticated and selected states (§3), and FETCH with literals ({n}, §4.3).
//
// [SECTION] index: tokens · session · fetch · store and expunge
#include "core/services/mail/imap_server.h"

#include "core/base/text.h"

#include <algorithm>

namespace wirelab::app {

// [SECTION] tokens

std::vector<std::string> imap_tokens(std::string_view line)
{
    std::vector<std::string> out;
    size_t i = 0;
    while (i < line.size()) {
        if (line[i] == ' ') {
            ++i;
            continue;
        }
        std::string tok;
        if (line[i] == '"') {
            for (++i; i < line.size() && line[i] != '"'; ++i) {
                if (line[i] == '\\' && i + 1 < line.size()) ++i;
                tok += line[i];
            }
            ++i;
        } else if (line[i] == '(') {
            int depth = 0;
            do {
                if (line[i] == '(') ++depth;
                if (line[i] == ')') --depth;
                tok += line[i++];
            } while (i < line.size() && depth > 0);
        } else {
            int brackets = 0; // BODY[HEADER.FIELDS (A B)] holds spaces inside brackets
            while (i < line.size() && (line[i] != ' ' || brackets > 0)) {
                if (line[i] == '[') ++brackets;
                if (line[i] == ']') --brackets;
                tok += line[i++];
            }
        }
        out.push_back(std::move(tok));
    }
    return out;
}

namespace {

// [SECTION] session

class ImapSession final : public StreamServer::Session {
public:
    explicit ImapSession(MailStore& store) : m_store(store) {}

    void on_open() override
    {
        send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] Dovecot-like IMAP server ready.\r\n");
    }

    void on_data(std::string_view bytes) override
    {
        m_lines.feed(bytes);
        while (auto line = m_lines.next_line()) {
            if (is_closed()) return;
            command(*line);
        }
    }

private:
    void done(const std::string& tag, const std::string& status, const std::string& text)
    {
        send(tag + " " + status + " " + text + "\r\n");
    }

    void command(const std::string& line)
    {
        std::vector<std::string> t = imap_tokens(line);
        if (t.empty()) return;
        if (t.size() < 2) return send("* BAD Missing command\r\n");
        const std::string tag = t[0];
        std::string cmd = ascii_upper(t[1]);
        std::vector<std::string> args(t.begin() + 2, t.end());
        bool uid = false;
        if (cmd == "UID" && !args.empty()) {
            uid = true;
            cmd = ascii_upper(args[0]);
            args.erase(args.begin());
        }
        if (cmd == "CAPABILITY") {
            send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n");
            return done(tag, "OK", "Capability completed.");
        }
        if (cmd == "NOOP") return done(tag, "OK", "NOOP completed.");
        if (cmd == "LOGOUT") {
            send("* BYE Logging out\r\n");
            done(tag, "OK", "Logout completed.");
            return close();
        }
        if (cmd == "LOGIN") return login(tag, args);
        if (m_user.empty()) return done(tag, "NO", "Please LOGIN first.");
        if (cmd == "LIST") {
            send("* LIST (\\HasNoChildren) \"/\" INBOX\r\n");
            return done(tag, "OK", "List completed.");
        }
        if (cmd == "SELECT" || cmd == "EXAMINE") return select(tag, args, cmd == "EXAMINE");
        if (cmd == "STATUS") return status(tag, args);
        if (!m_box) return done(tag, "BAD", "No mailbox selected.");
        if (cmd == "FETCH" && args.size() == 2) return fetch(tag, args[0], args[1], uid);
        if (cmd == "STORE" && args.size() == 3) return store(tag, args, uid);
        if (cmd == "SEARCH") return search(tag, args);
        if (cmd == "EXPUNGE") return expunge(tag, true);
        if (cmd == "CLOSE") {
            expunge(tag, false);
            m_box = nullptr;
            return done(tag, "OK", "Close completed.");
        }
        done(tag, "BAD", "Error in IMAP command " + cmd + ": Unknown command.");
    }

    void login(const std::string& tag, const std::vector<std::string>& args)
    {
        if (args.size() != 2)
            return done(tag, "BAD", "Error in IMAP command LOGIN: Missing arguments.");
        if (!m_store.check_password(args[0], args[1]))
            return done(tag, "NO", "[AUTHENTICATIONFAILED] Authentication failed.");
        m_user = args[0];
        done(tag, "OK", "[CAPABILITY IMAP4rev1] Logged in");
    }

    void select(const std::string& tag, const std::vector<std::string>& args, bool read_only)
    {
        if (args.size() != 1 || ascii_upper(args[0]) != "INBOX")
            return done(tag, "NO", "Mailbox doesn't exist (only INBOX here).");
        m_box = &m_store.mailbox(m_user);
        m_read_only = read_only;
        size_t unseen = 0;
        for (const MailMessage& m : *m_box) unseen += m.seen ? 0 : 1;
        send("* FLAGS (\\Seen \\Deleted)\r\n* " + std::to_string(m_box->size()) +
             " EXISTS\r\n* 0 RECENT\r\n"
             "* OK [UIDVALIDITY 1] UIDs valid\r\n* OK [UIDNEXT " +
             std::to_string(m_store.next_uid()) + "] Predicted next UID\r\n");
        done(tag, "OK",
             std::string(read_only ? "[READ-ONLY]" : "[READ-WRITE]") + " Select completed (" +
                 std::to_string(unseen) + " unseen).");
    }

    void status(const std::string& tag, const std::vector<std::string>& args)
    {
        if (args.size() != 2 || ascii_upper(args[0]) != "INBOX")
            return done(tag, "NO", "Mailbox doesn't exist (only INBOX here).");
        const std::vector<MailMessage>& box = m_store.mailbox(m_user);
        size_t unseen = 0;
        for (const MailMessage& m : box) unseen += m.seen ? 0 : 1;
        send("* STATUS INBOX (MESSAGES " + std::to_string(box.size()) + " UNSEEN " +
             std::to_string(unseen) + ")\r\n");
        done(tag, "OK", "Status completed.");
    }

    // The 0-based indexes a sequence set ("1:*", "2,4", "3") names; by UID with `uid`.
    std::vector<size_t> sequence(const std::string& set, bool uid) const
    {
        std::vector<size_t> out;
        size_t n = m_box->size();
        uint64_t top = uid ? (n ? (*m_box)[n - 1].uid : 0) : n;
        size_t pos = 0;
        while (pos <= set.size()) {
            size_t comma = set.find(',', pos);
            std::string r =
                set.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
            size_t colon = r.find(':');
            uint64_t lo = number(r.substr(0, colon), top),
                     hi = colon == std::string::npos ? lo : number(r.substr(colon + 1), top);
            if (lo > hi) std::swap(lo, hi);
            for (size_t i = 0; i < n; ++i) {
                uint64_t key = uid ? (*m_box)[i].uid : i + 1;
                if (key >= lo && key <= hi) out.push_back(i);
            }
            if (comma == std::string::npos) break;
            pos = comma + 1;
        }
        return out;
    }

    static uint64_t number(const std::string& s, uint64_t star)
    {
        if (s == "*") return star;
        uint64_t v = 0;
        for (char c : s) {
            if (c < '0' || c > '9' || v > 100000000) return 0;
            v = v * 10 + uint64_t(c - '0');
        }
        return v;
    }

    // [SECTION] fetch

    void fetch(const std::string& tag, const std::string& set, std::string items, bool uid)
    {
        if (items.front() == '(') items = items.substr(1, items.size() - 2);
        std::vector<std::string> want = imap_tokens(items);
        for (std::string& w : want) w = ascii_upper(w);
        if (uid && std::find(want.begin(), want.end(), "UID") == want.end())
            want.insert(want.begin(), "UID");
        for (size_t i : sequence(set, uid)) {
            MailMessage& m = (*m_box)[i];
            std::string parts;
            bool marks_seen = false;
            for (const std::string& w : want) {
                std::string item = fetch_item(w, m, marks_seen);
                if (item.empty())
                    return done(tag, "BAD", "Error in IMAP command FETCH: Unknown item " + w + ".");
                parts += (parts.empty() ? "" : " ") + item;
            }
            // RFC 3501 §6.4.5: BODY[] (not BODY.PEEK[]) sets \Seen, and the new flags are sent.
            if (marks_seen && !m.seen && !m_read_only) {
                m.seen = true;
                if (std::find(want.begin(), want.end(), "FLAGS") == want.end())
                    parts += " FLAGS (" + flags(m) + ")";
            }
            send("* " + std::to_string(i + 1) + " FETCH (" + parts + ")\r\n");
        }
        done(tag, "OK", "Fetch completed.");
    }

    static std::string literal(const std::string& bytes)
    {
        return "{" + std::to_string(bytes.size()) + "}\r\n" + bytes;
    }

    static std::string flags(const MailMessage& m)
    {
        std::string f = m.seen ? "\\Seen" : "";
        if (m.deleted) f += std::string(f.empty() ? "" : " ") + "\\Deleted";
        return f;
    }

    std::string fetch_item(const std::string& w, const MailMessage& m, bool& marks_seen) const
    {
        std::string header = m.text.substr(0, std::min(m.text.size(), m.text.find("\r\n\r\n") + 4));
        if (w == "FLAGS") return "FLAGS (" + flags(m) + ")";
        if (w == "UID") return "UID " + std::to_string(m.uid);
        if (w == "RFC822.SIZE") return "RFC822.SIZE " + std::to_string(m.text.size());
        if (w == "BODY[]" || w == "RFC822") {
            marks_seen = true;
            return w + " " + literal(m.text);
        }
        if (w == "BODY.PEEK[]") return "BODY[] " + literal(m.text);
        if (w == "BODY[HEADER]" || w == "BODY.PEEK[HEADER]" || w == "RFC822.HEADER")
            return (w == "RFC822.HEADER" ? w : std::string("BODY[HEADER]")) + " " + literal(header);
        if (w == "BODY[TEXT]") {
            marks_seen = true;
            return "BODY[TEXT] " + literal(m.text.substr(header.size()));
        }
        return "";
    }

    // [SECTION] store and expunge

    void store(const std::string& tag, const std::vector<std::string>& args, bool uid)
    {
        if (m_read_only) return done(tag, "NO", "Mailbox is read-only.");
        std::string mode = ascii_upper(args[1]);
        std::string list = ascii_upper(args[2]);
        bool seen = list.find("\\SEEN") != std::string::npos,
             deleted = list.find("\\DELETED") != std::string::npos;
        bool add = mode.rfind("+FLAGS", 0) == 0, remove = mode.rfind("-FLAGS", 0) == 0;
        bool silent = mode.find(".SILENT") != std::string::npos;
        for (size_t i : sequence(args[0], uid)) {
            MailMessage& m = (*m_box)[i];
            if (add)
                m.seen |= seen, m.deleted |= deleted;
            else if (remove)
                m.seen &= !seen, m.deleted &= !deleted;
            else
                m.seen = seen, m.deleted = deleted;
            if (!silent)
                send("* " + std::to_string(i + 1) + " FETCH (FLAGS (" + flags(m) + "))\r\n");
        }
        done(tag, "OK", "Store completed.");
    }

    void search(const std::string& tag, const std::vector<std::string>& args)
    {
        bool unseen = !args.empty() && ascii_upper(args[0]) == "UNSEEN";
        std::string hits;
        for (size_t i = 0; i < m_box->size(); ++i)
            if (!unseen || !(*m_box)[i].seen) hits += " " + std::to_string(i + 1);
        send("* SEARCH" + hits + "\r\n");
        done(tag, "OK", "Search completed.");
    }

    // RFC 3501 §6.4.3: removes \Deleted messages, one untagged EXPUNGE each (numbers shift down).
    void expunge(const std::string& tag, bool report)
    {
        if (m_read_only) return report ? done(tag, "NO", "Mailbox is read-only.") : void();
        for (size_t i = m_box->size(); i-- > 0;)
            if ((*m_box)[i].deleted) {
                m_box->erase(m_box->begin() + long(i));
                if (report) send("* " + std::to_string(i + 1) + " EXPUNGE\r\n");
            }
        if (report) done(tag, "OK", "Expunge completed.");
    }

    MailStore& m_store;
    LineBuffer m_lines;
    std::string m_user;
    std::vector<MailMessage>* m_box = nullptr;
    bool m_read_only = false;
};

} // namespace

ImapServer::ImapServer(net::IpNode& node, MailStore& store)
    : StreamServer(node, store.config().imap_port, "imapd"), m_store(store)
{}

std::unique_ptr<StreamServer::Session> ImapServer::make_session()
{
    return std::make_unique<ImapSession>(m_store);
}

} // namespace wirelab::app
