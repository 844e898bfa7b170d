#include "core/services/placeholder_server.h"

namespace wirelab::app {

namespace {

class NoticeSession final : public StreamServer::Session {
public:
    NoticeSession(const std::string& notice, bool speaks_first)
        : m_notice(notice), m_speaks_first(speaks_first)
    {}

    void on_open() override
    {
        if (m_speaks_first) tell();
    }
    void on_data(std::string_view) override { tell(); }

private:
    void tell()
    {
        if (is_closed()) return;
        send(m_notice);
        close();
    }

    const std::string& m_notice;
    bool m_speaks_first;
};

} // namespace

std::string ssh_notice(std::string_view host)
{
    return "Wirelab: SSH on " + std::string(host) +
           " is not available yet: it needs real cryptography, which comes with the security "
           "lessons. Nothing here is encrypted; use telnet to see a remote login (in clear "
           "text).\r\n";
}

std::string https_notice(std::string_view host)
{
    return "Wirelab: HTTPS on " + std::string(host) +
           " is not available yet: TLS needs real cryptography, which comes with the security "
           "lessons. Use http:// on port 80.\r\n";
}

PlaceholderServer::PlaceholderServer(net::IpNode& node, uint16_t port, std::string owner,
                                     std::string notice, bool speaks_first)
    : StreamServer(node, port, std::move(owner)), m_notice(std::move(notice)),
      m_speaks_first(speaks_first)
{}

std::string PlaceholderServer::status() const
{
    return StreamServer::status() + " (placeholder: the protocol is not available yet)";
}

std::unique_ptr<StreamServer::Session> PlaceholderServer::make_session()
{
    return std::make_unique<NoticeSession>(m_notice, m_speaks_first);
}

} // namespace wirelab::app
