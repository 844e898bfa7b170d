// PlaceholderServer: a listener for a service Wirelab cannot offer honestly yet — SSH (22) and
// HTTPS (443) need real cryptography, which comes with the security lessons. The port is open
// (so `ss -tlnp`, `nc -z` and the canvas show it), and a client that connects is told so in plain
// text and disconnected; nothing pretends to encrypt.
#pragma once

#include "core/services/tcp_stream.h"

namespace wirelab::app {

class PlaceholderServer final : public StreamServer {
public:
    // `speaks_first`: send the notice on connect (SSH servers speak first, RFC 4253 §4.2);
    // otherwise after the client's first bytes (TLS clients speak first).
    PlaceholderServer(net::IpNode& node, uint16_t port, std::string owner, std::string notice,
                      bool speaks_first);
    std::string status() const override;

protected:
    std::unique_ptr<Session> make_session() override;

private:
    std::string m_notice;
    bool m_speaks_first;
};

// The two placeholders of the course notes' port table.
std::string ssh_notice(std::string_view host);
std::string https_notice(std::string_view host);

} // namespace wirelab::app
