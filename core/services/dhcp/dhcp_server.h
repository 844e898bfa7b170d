// DhcpServer: a DHCPv4 server (RFC 2131, options of RFC 2132) on UDP 67 — address pools (a range
// inside a subnet), static reservations by MAC, a lease table with expiry, DISCOVER/OFFER,
// REQUEST/ACK or NAK, DECLINE, RELEASE, INFORM, relayed requests (giaddr, RFC 1542) and pool
// exhaustion. Leases expire lazily: the table is consulted at the time of each request, so an
// idle server schedules no events.
#pragma once

#include "core/host/service.h"
#include "core/wire/dhcp.h"
#include "core/wire/ip_prefix.h"

#include <optional>
#include <string>
#include <vector>

namespace wirelab::app {

struct DhcpPool {
    wire::Ipv4Prefix subnet;    // canonical: 192.168.1.0/24
    wire::Ipv4Addr first, last; // the addresses handed out, inside subnet
    std::vector<wire::Ipv4Addr> routers;
    std::vector<wire::Ipv4Addr> dns;
    std::string domain;
    uint32_t lease_seconds = 3600;
    bool operator==(const DhcpPool&) const = default;
};

struct DhcpReservation {
    wire::MacAddr mac;
    wire::Ipv4Addr addr; // inside one pool's subnet (not necessarily its range)
    bool operator==(const DhcpReservation&) const = default;
};

struct DhcpServerConfig {
    std::vector<DhcpPool> pools;
    std::vector<DhcpReservation> reservations;
    // How long an offered address is held for the client that was offered it.
    SimTime offer_hold = SimTime::from_s(60);
    // A declined address (in use by someone else) is not offered again for this long.
    SimTime decline_hold = SimTime::from_s(600);
};

enum class DhcpLeaseState : uint8_t { Offered, Bound, Released, Expired, Declined };
const char* to_string(DhcpLeaseState s); // "offered", "active", "free", "expired", "abandoned"

struct DhcpLease {
    wire::Ipv4Addr addr;
    wire::MacAddr mac;
    Bytes client_id;       // option 61 if the client sent one
    std::string host_name; // option 12
    DhcpLeaseState state = DhcpLeaseState::Offered;
    SimTime starts, ends;
};

class DhcpServer final : public Service {
public:
    DhcpServer(net::IpNode& node, DhcpServerConfig config);
    ~DhcpServer() override;

    // [SECTION] Service
    std::string_view name() const override { return "dhcpd"; }
    void start() override;
    std::string status() const override;

    // [SECTION] the lease table (dhcp-lease-list, the inspector)
    const DhcpServerConfig& config() const { return m_config; }
    // Every lease, by address, with states brought up to date (expired ones say so).
    std::vector<DhcpLease> leases() const;
    // ISC dhcpd's syslog lines: "DHCPDISCOVER from 02:00:00:00:01:00 via eth0",
    // "DHCPOFFER on 192.168.1.100 to 02:00:00:00:01:00 via eth0", "... no free leases".
    const std::vector<std::string>& log() const { return m_log; }

    // [SECTION] protocol (public so tests can drive it without a network)
    // The reply to one client message that arrived on `port` (nullopt: stay silent).
    std::optional<wire::dhcp::Repr> handle(const wire::dhcp::Repr& msg, uint32_t port);

private:
    struct Client;
    void on_readable();
    void send_reply(const wire::dhcp::Repr& reply, uint32_t port);
    // The pool serving a message: by giaddr when relayed, else by the arrival interface.
    const DhcpPool* pool_for(const wire::dhcp::Repr& msg, uint32_t port) const;
    std::optional<wire::Ipv4Addr> server_id_for(const wire::dhcp::Repr& msg, uint32_t port) const;
    std::optional<wire::dhcp::Repr> on_discover(const wire::dhcp::Repr& msg, const DhcpPool& pool,
                                                wire::Ipv4Addr sid, const std::string& via);
    std::optional<wire::dhcp::Repr> on_request(const wire::dhcp::Repr& msg, const DhcpPool& pool,
                                               wire::Ipv4Addr sid, const std::string& via);
    void on_decline(const wire::dhcp::Repr& msg, const std::string& via);
    void on_release(const wire::dhcp::Repr& msg, const std::string& via);
    std::optional<wire::dhcp::Repr> on_inform(const wire::dhcp::Repr& msg, const DhcpPool& pool,
                                              wire::Ipv4Addr sid);
    wire::dhcp::Repr ack(const wire::dhcp::Repr& msg, const DhcpPool& pool, wire::Ipv4Addr sid,
                         DhcpLease& lease);
    wire::dhcp::Repr nak(const wire::dhcp::Repr& msg, wire::Ipv4Addr sid, const std::string& why,
                         const std::string& via);
    void add_options(wire::dhcp::Repr& r, const DhcpPool& pool, bool with_lease) const;

    // Lease table helpers.
    DhcpLease* lease_at(wire::Ipv4Addr addr);
    DhcpLease* lease_of(const wire::dhcp::Repr& msg, const DhcpPool& pool);
    bool is_free_for(wire::Ipv4Addr addr, const wire::dhcp::Repr& msg) const;
    std::optional<wire::Ipv4Addr> choose_address(const wire::dhcp::Repr& msg, const DhcpPool& pool);
    const DhcpReservation* reservation_for(const wire::MacAddr& mac, const DhcpPool& pool) const;
    DhcpLease& take(wire::Ipv4Addr addr, const wire::dhcp::Repr& msg);
    bool is_current(const DhcpLease& l) const;
    bool is_client(const DhcpLease& l, const wire::dhcp::Repr& msg) const;
    void note(std::string line);

    DhcpServerConfig m_config;
    std::vector<DhcpLease> m_leases; // sorted by address
    std::vector<std::string> m_log;
    SocketId m_socket;
};

} // namespace wirelab::app
