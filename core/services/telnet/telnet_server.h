// TelnetServer: remote login in clear text (RFC 854) on port 23, like Debian's telnetd with
// login(1): a banner, "login:" and "Password:" prompts checked against the scenario's users,
// then a shell on this host — the same commands as its terminal — until "exit". Every byte,
// the password included, crosses the network unencrypted: that is the lesson of port 23.
#pragma once

#include "core/host/login_shell.h"
#include "core/services/tcp_stream.h"

#include <map>

namespace wirelab::app {

struct TelnetConfig {
    uint16_t port = 23;
    std::map<std::string, std::string> users; // name -> password
    std::string banner;                       // empty: "Wirelab <host> (telnet)"
    uint32_t max_tries = 3;                   // failed logins before the connection is closed
    LoginShellFactory shell = nullptr;        // what a user who logs in runs (required)
};

class TelnetServer final : public StreamServer {
public:
    TelnetServer(net::IpNode& node, TelnetConfig config);
    const TelnetConfig& config() const { return m_config; }
    uint64_t logins() const { return m_logins; }
    uint64_t failed_logins() const { return m_failed; }

protected:
    std::unique_ptr<Session> make_session() override;

private:
    friend class TelnetSession;
    TelnetConfig m_config;
    uint64_t m_logins = 0, m_failed = 0;
};

} // namespace wirelab::app
