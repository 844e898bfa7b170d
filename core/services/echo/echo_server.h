// EchoServer: the Echo Protocol (RFC 862) on port 7 — every byte a TCP client sends comes back
// on its connection, every UDP datagram comes back to its sender. The quickest test of a path:
// `nc 10.0.0.5 7 hello` prints "hello".
#pragma once

#include "core/services/tcp_stream.h"

namespace wirelab::app {

struct EchoConfig {
    uint16_t port = 7;
    bool tcp = true;
    bool udp = true;
};

class EchoServer final : public StreamServer {
public:
    EchoServer(net::IpNode& node, EchoConfig config);
    ~EchoServer() override;

    void start() override;
    std::string status() const override;
    uint64_t datagrams_echoed() const { return m_datagrams; }

protected:
    std::unique_ptr<Session> make_session() override;

private:
    void on_datagrams();

    EchoConfig m_config;
    SocketId m_udp;
    uint64_t m_datagrams = 0;
};

} // namespace wirelab::app
