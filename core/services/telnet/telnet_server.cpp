// TelnetServer sessions: option negotiation, the login dialogue, and lines run by a Shell.
#include "core/services/telnet/telnet_server.h"

#include "core/base/assert.h"
#include "core/base/text.h"
#include "core/services/telnet/telnet_codec.h"

namespace wirelab::app {

namespace {

// "\n" -> "\r\n": the NVT's end of line (RFC 854), so every terminal starts a new line.
std::string to_nvt(std::string_view text)
{
    std::string out;
    for (char c : text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return telnet::escape_data(out);
}

} // namespace

class TelnetSession final : public StreamServer::Session {
public:
    explicit TelnetSession(TelnetServer& server)
        : m_server(server), m_timers(server.node().network().scheduler())
    {}

    void on_open() override
    {
        // Like telnetd: the server echoes and suppresses go-ahead, so the client's terminal
        // shows what the server sends back (and nothing while a password is typed).
        send(telnet::command(telnet::kWill, telnet::kOptEcho) +
             telnet::command(telnet::kWill, telnet::kOptSuppressGoAhead));
        std::string banner = m_server.config().banner.empty() ? "Wirelab " + host() + " (telnet)"
                                                              : m_server.config().banner;
        send(to_nvt(banner + "\n\n"));
        prompt_login();
    }

    void on_data(std::string_view bytes) override
    {
        telnet::Decoder::Output in = m_decoder.feed(bytes);
        for (const telnet::Negotiation& n : in.negotiations) answer(n);
        if (in.interrupt && m_shell && m_shell->is_busy()) m_shell->interrupt();
        for (char c : in.data) {
            if (c == '\x03' && m_shell && m_shell->is_busy()) m_shell->interrupt();
            if (c == '\r' || c == '\n') {
                // CR LF and CR NUL both end a line (RFC 854); count the line once.
                if (c == '\n' && m_last_cr) {
                    m_last_cr = false;
                    continue;
                }
                m_last_cr = c == '\r';
                m_lines.push_back(std::move(m_line));
                m_line.clear();
            } else if (c != '\0') {
                m_last_cr = false;
                m_line += c;
            }
        }
        work();
    }

    void on_abandon() override
    {
        // A command still running in this session may hold sockets whose destructors would send;
        // nothing may be sent while the network is destroyed, so its process is left undestroyed.
        if (m_shell && m_shell->is_busy()) (void)m_shell.release();
    }

private:
    enum class Stage : uint8_t { Login, Password, Shell };

    std::string host() { return m_server.node().name(); }
    void prompt_login() { send(to_nvt(host() + " login: ")); }
    void prompt_shell() { send(to_nvt(m_user + "@" + host() + ":~$ ")); }

    // Accept what we offered (ECHO, SGA); refuse everything else (RFC 855: a refusal is
    // WONT/DONT; an agreement to an option already in effect is not answered, avoiding loops).
    void answer(const telnet::Negotiation& n)
    {
        bool ours = n.option == telnet::kOptEcho || n.option == telnet::kOptSuppressGoAhead;
        if (n.verb == telnet::kDo && !ours) send(telnet::command(telnet::kWont, n.option));
        if (n.verb == telnet::kWill) send(telnet::command(telnet::kDont, n.option));
    }

    void work()
    {
        while (!m_lines.empty() && !is_closed() && !(m_shell && m_shell->is_busy())) {
            std::string line = std::move(m_lines.front());
            m_lines.erase(m_lines.begin());
            handle(line);
        }
    }

    void handle(const std::string& line)
    {
        switch (m_stage) {
        case Stage::Login:
            send(to_nvt(line + "\n")); // echoed, as the client does not echo itself
            if (line.empty()) return prompt_login();
            m_user = line;
            m_stage = Stage::Password;
            return send(to_nvt("Password: "));
        case Stage::Password: return check_password(line);
        case Stage::Shell: return run(line);
        }
    }

    void check_password(const std::string& password)
    {
        send(to_nvt("\n")); // the password itself is not echoed
        auto it = m_server.config().users.find(m_user);
        if (it == m_server.config().users.end() || it->second != password) {
            ++m_server.m_failed;
            send(to_nvt("\nLogin incorrect\n"));
            if (++m_tries >= m_server.config().max_tries) return close();
            m_stage = Stage::Login;
            return prompt_login();
        }
        ++m_server.m_logins;
        m_stage = Stage::Shell;
        send(to_nvt("Welcome to " + host() + ". This shell runs " + host() +
                    "'s commands (type help); exit logs out.\n\n"));
        m_shell = m_server.config().shell(m_server.node());
        prompt_shell();
    }

    void run(const std::string& line)
    {
        send(to_nvt(line + "\n"));
        std::string_view trimmed = rtrim(line);
        if (trimmed == "exit" || trimmed == "logout") {
            send(to_nvt("logout\n"));
            return close();
        }
        m_shell->run(
            line, [this](std::string_view text) { send(to_nvt(text)); },
            [this](int) {
                if (is_closed()) return;
                prompt_shell();
                // Lines typed while the command ran: in a later event, not inside the exit.
                // `this` is safe: m_timers cancels the event if the session is freed first.
                m_timers.schedule_in(SimTime::zero(), [this] { work(); });
            });
    }

    TelnetServer& m_server;
    telnet::Decoder m_decoder;
    Stage m_stage = Stage::Login;
    std::string m_line, m_user;
    std::vector<std::string> m_lines;
    bool m_last_cr = false;
    uint32_t m_tries = 0;
    std::unique_ptr<LoginShell> m_shell;
    kernel::Timers m_timers; // last: destroyed (its events cancelled) first
};

TelnetServer::TelnetServer(net::IpNode& node, TelnetConfig config)
    : StreamServer(node, config.port, "telnetd"), m_config(std::move(config))
{
    WIRELAB_ASSERT(m_config.shell && "telnetd needs the shell a user logs in to");
}

std::unique_ptr<StreamServer::Session> TelnetServer::make_session()
{
    return std::make_unique<TelnetSession>(*this);
}

} // namespace wirelab::app
