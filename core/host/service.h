// Service: a server or daemon running on a host or router (web server, DNS server, DHCP server,
// ...). Services live in the node's ServiceSet and start when the network starts; they talk to
// the network only through sockets (core/transport) and the shell's command layer.
#pragma once

#include "core/net/ip_node.h"
#include "core/transport/socket_table.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::app {

class Service {
public:
    explicit Service(net::IpNode& node) : m_node(node) {}
    virtual ~Service() = default;
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    // Process name shown by `ss -tlnp` and the inspector: "httpd", "named", "dhcpd".
    virtual std::string_view name() const = 0;
    // Open sockets, start timers. Called once when the network starts (or at once if the
    // service is added to a running network).
    virtual void start() = 0;
    // One line for the inspector and `service --status-all`: "httpd: listening on TCP 80".
    virtual std::string status() const { return std::string(name()); }

    net::IpNode& node() { return m_node; }
    const net::IpNode& node() const { return m_node; }

protected:
    net::IpNode& m_node;
};

// A UDP socket bound for a server or daemon (dhcpd, named, ntpd...): owned by `owner` in `ss -p`,
// `on_readable` called when datagrams arrive. An invalid id when the port is already taken, as
// bind(2) fails with EADDRINUSE; the caller says so in its status line.
SocketId open_udp_server(net::IpNode& node, std::string_view owner, const transport::Endpoint& at,
                         transport::SocketCallback on_readable, bool broadcast = false);

// The services of one node, kept in the node's application-layer extension slot.
class ServiceSet final : public net::IpNode::Extension {
public:
    // The node's set, created on first use.
    static ServiceSet& of(net::IpNode& node);
    static const ServiceSet* find(const net::IpNode& node);

    template <class T, class... Args>
    T& add(Args&&... args)
    {
        auto svc = std::make_unique<T>(m_node, std::forward<Args>(args)...);
        T& ref = *svc;
        m_services.push_back(std::move(svc));
        if (m_started) ref.start();
        return ref;
    }
    template <class T>
    T* find_service()
    {
        for (auto& s : m_services)
            if (auto* t = dynamic_cast<T*>(s.get())) return t;
        return nullptr;
    }
    const std::vector<std::unique_ptr<Service>>& all() const { return m_services; }
    void on_start() override;

    explicit ServiceSet(net::IpNode& node) : m_node(node) {}

private:
    net::IpNode& m_node;
    std::vector<std::unique_ptr<Service>> m_services;
    bool m_started = false;
};

} // namespace wirelab::app
