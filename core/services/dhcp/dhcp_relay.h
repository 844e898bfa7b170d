// DhcpRelay: a DHCP/BOOTP relay agent on a router (RFC 1542 §4, RFC 2131 §4.1; Cisco's
// `ip helper-address`). Client broadcasts arriving on the listed interfaces are sent on to the
// servers by unicast with giaddr set to the arrival interface's address; the servers' replies to
// giaddr are passed back to the client's link.
#pragma once

#include "core/host/service.h"
#include "core/wire/dhcp.h"

#include <optional>
#include <string>
#include <vector>

namespace wirelab::app {

struct DhcpRelayConfig {
    std::vector<wire::Ipv4Addr> servers;
    // Client-facing interfaces by name; empty: every interface whose subnets hold no server.
    std::vector<std::string> interfaces;
};

class DhcpRelay final : public Service {
public:
    DhcpRelay(net::IpNode& node, DhcpRelayConfig config);
    ~DhcpRelay() override;

    std::string_view name() const override { return "dhcrelay"; }
    void start() override;
    std::string status() const override;

    // RFC 1542 §4.1.1: a request that has crossed this many relays is dropped.
    static constexpr uint8_t kMaxHops = 16;

    // Whether requests arriving on `port` are relayed.
    bool is_client_port(uint32_t port) const;
    uint64_t relayed_requests() const { return m_requests; }
    uint64_t relayed_replies() const { return m_replies; }

private:
    void on_readable();
    void relay_request(wire::dhcp::Repr msg, uint32_t port);
    void relay_reply(const wire::dhcp::Repr& msg);
    void send(const wire::dhcp::Repr& msg, wire::Ipv4Addr to, uint16_t udp_port,
              std::optional<uint32_t> iface);

    DhcpRelayConfig m_config;
    SocketId m_socket;
    uint64_t m_requests = 0, m_replies = 0;
};

} // namespace wirelab::app
