// DhcpClient: the DHCPv4 client of a host or router (RFC 2131 §4.4), one state machine per
// interface: INIT → SELECTING (DISCOVER, the first OFFER wins) → REQUESTING → BOUND, then
// RENEWING at T1 (unicast to the server), REBINDING at T2 (broadcast) and back to INIT when the
// lease expires. A lease configures the interface address, the default route (origin Dhcp) and
// the stub resolver's servers and search domain; losing it removes exactly those.
#pragma once

#include "core/base/rng.h"
#include "core/host/service.h"
#include "core/kernel/scheduler.h"
#include "core/wire/dhcp.h"
#include "core/wire/ip_prefix.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wirelab::app {

enum class DhcpState : uint8_t { Stopped, Init, Selecting, Requesting, Bound, Renewing, Rebinding };
const char* to_string(DhcpState s); // "INIT", "SELECTING", ... as RFC 2131 Figure 5 names them

struct DhcpClientLease {
    wire::Ipv4Prefix addr;                // yiaddr with the length from option 1
    std::optional<wire::Ipv4Addr> router; // option 3, the first one
    std::vector<wire::Ipv4Addr> dns;      // option 6
    std::string domain;                   // option 15
    wire::Ipv4Addr server;                // option 54
    uint32_t lease_seconds = 0;           // 0xffffffff: infinite
    SimTime obtained, t1, t2, expires;    // absolute times; SimTime::max() when infinite
};

class DhcpClient final : public Service {
public:
    // The node's client, created on first use.
    static DhcpClient& of(net::IpNode& node);
    static const DhcpClient* find(const net::IpNode& node);

    explicit DhcpClient(net::IpNode& node);
    ~DhcpClient() override;

    // Starts acquiring a lease on an interface (boot with "dhcp": true, `dhclient eth0`). On a
    // bound interface it renews instead (`ipconfig /renew`).
    void enable(uint32_t port);
    // DHCPRELEASE to the server (if bound), then removes the address, route and DNS servers;
    // the interface stays unconfigured (`dhclient -r`, `ipconfig /release`).
    void release(uint32_t port);

    DhcpState state(uint32_t port) const;
    const DhcpClientLease* lease(uint32_t port) const;
    // Interfaces the client has run on, in port order.
    std::vector<uint32_t> ports() const;

    // State changes, for commands that wait for a lease. Returns a token for remove_listener.
    using Listener = std::function<void(uint32_t port, DhcpState state)>;
    uint32_t add_listener(Listener l);
    void remove_listener(uint32_t token);
    // dhclient -v's lines: "DHCPDISCOVER on eth0 to 255.255.255.255 port 67 interval 4",
    // "DHCPOFFER of 192.168.1.100 from 192.168.1.1", "bound to 192.168.1.100 -- renewal in
    // 1800 seconds."; each line is also a trace event.
    const std::vector<std::string>& log() const { return m_log; }

    // [SECTION] Service
    std::string_view name() const override { return "dhclient"; }
    void start() override;
    std::string status() const override;

private:
    struct Machine {
        DhcpState state = DhcpState::Stopped;
        uint32_t xid = 0;
        SimTime began;        // start of this acquisition (the secs field)
        uint32_t retries = 0; // transmissions of the current message
        wire::Ipv4Addr offered, offer_server;
        std::optional<DhcpClientLease> lease;
        std::optional<wire::Ipv4Addr> previous; // asked for again after a restart
        kernel::EventId timer;
    };

    void on_readable();
    void on_reply(uint32_t port, const wire::dhcp::Repr& msg);
    void on_timer(uint32_t port);
    void set_state(uint32_t port, DhcpState s);
    void arm(uint32_t port, SimTime delay);
    // RFC 2131 §4.1: 4 s, 8 s, ... 64 s, each randomised by ±1 s.
    SimTime backoff(uint32_t retries);

    void begin_init(uint32_t port, SimTime delay);
    void send_discover(uint32_t port);
    void send_select_request(uint32_t port);
    void send_renew_request(uint32_t port, bool broadcast);
    void bind(uint32_t port, const wire::dhcp::Repr& ack);
    void configure(uint32_t port, const DhcpClientLease& l);
    void unconfigure(uint32_t port);
    void expire(uint32_t port);

    wire::dhcp::Repr base_message(uint32_t port, wire::dhcp::MessageType type) const;
    void send(uint32_t port, const wire::dhcp::Repr& msg, wire::Ipv4Addr to);
    void note(std::string line);
    std::string iface_name(uint32_t port) const;

    std::map<uint32_t, Machine> m_machines; // by port
    std::map<uint32_t, Listener> m_listeners;
    uint32_t m_next_token = 1;
    std::vector<std::string> m_log;
    SocketId m_socket;
    bool m_started = false;
    Rng m_rng;
};

// The DHCP and DNS lines of `ipconfig /all` for one interface ("DHCP Enabled", lease times,
// "DHCP Server", "DNS Servers", the DNS suffix), in Windows' layout.
std::string ipconfig_all_lines(const net::IpNode& node, uint32_t port);

} // namespace wirelab::app
