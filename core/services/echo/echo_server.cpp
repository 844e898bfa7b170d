#include "core/services/echo/echo_server.h"

#include "core/transport/socket_table.h"

namespace wirelab::app {

namespace {

class EchoSession final : public StreamServer::Session {
public:
    // RFC 862: "Once a connection is established any data received is sent back."
    void on_data(std::string_view bytes) override { send(bytes); }
};

} // namespace

EchoServer::EchoServer(net::IpNode& node, EchoConfig config)
    : StreamServer(node, config.port, "echo"), m_config(config)
{}

EchoServer::~EchoServer()
{
    if (m_udp.is_valid())
        if (transport::UdpSocket* u = transport::SocketTable::of(m_node).udp(m_udp))
            u->set_callback({});
}

void EchoServer::start()
{
    if (m_config.tcp) StreamServer::start();
    if (!m_config.udp) return;
    m_udp = open_udp_server(m_node, "echo", transport::Endpoint::any_v6(m_config.port),
                            [this](transport::SocketEvents) { on_datagrams(); });
}

void EchoServer::on_datagrams()
{
    transport::UdpSocket* u = transport::SocketTable::of(m_node).udp(m_udp);
    while (u) {
        auto d = u->recv();
        if (!d) {
            if (d.error() == transport::SocketError::WouldBlock) return;
            continue; // an ICMP error about an earlier reply: nothing to do
        }
        // RFC 862: "When a datagram is received, the data from it is sent back in an answering
        // datagram."
        (void)u->send_to(d->data, d->from);
        ++m_datagrams;
        u->recycle(std::move(*d));
    }
}

std::string EchoServer::status() const
{
    std::string s = "echo: ";
    std::string port = std::to_string(m_config.port);
    if (m_config.tcp) s += is_listening() ? "TCP " + port : "TCP " + port + " taken";
    if (m_config.udp)
        s += std::string(m_config.tcp ? " and " : "") +
             (m_udp.is_valid() ? "UDP " + port : "UDP " + port + " taken");
    return s + ", " + std::to_string(sessions_served()) + " connections, " +
           std::to_string(m_datagrams) + " datagrams echoed";
}

std::unique_ptr<StreamServer::Session> EchoServer::make_session()
{
    return std::make_unique<EchoSession>();
}

} // namespace wirelab::app
