// DnsServer: a DNS name server on UDP 53 (RFC 1035 §4.2.1) — authoritative for its zones, and,
// when recursion is on, a recursive resolver for everything else (RA set, the DnsResolver's
// cache). Answers larger than 512 bytes are cut with TC set (RFC 1035 §4.2.1, RFC 2181 §9).
#pragma once

#include "core/host/service.h"
#include "core/services/dns/dns_resolver.h"
#include "core/services/dns/dns_zone.h"
#include "core/transport/socket_types.h"

#include <memory>
#include <string>
#include <vector>

namespace wirelab::app {

struct DnsServerConfig {
    std::vector<DnsZone> zones;
    bool recursion = false; // answer RD queries for names outside the zones
    ResolverSettings resolver;
};

class DnsServer final : public Service {
public:
    DnsServer(net::IpNode& node, DnsServerConfig config);
    ~DnsServer() override;

    std::string_view name() const override { return "named"; }
    void start() override;
    std::string status() const override;

    const DnsServerConfig& config() const { return m_config; }
    // The recursive resolver (nullptr when recursion is off).
    DnsResolver* resolver() { return m_resolver.get(); }
    const DnsResolver* resolver() const { return m_resolver.get(); }
    uint64_t queries_answered() const { return m_answered; }

    // The response to one query, when it can be given at once (authoritative data, errors, a
    // cache hit); nullopt when the resolver is working on it (the reply is sent later).
    // Public so tests can drive it without a network.
    std::optional<wire::dns::Repr> handle(const wire::dns::Repr& query,
                                          const transport::Endpoint& from);

private:
    void on_readable();
    void reply(const wire::dns::Repr& response, const transport::Endpoint& to);
    const DnsZone* zone_for(const wire::dns::Name& name) const;

    DnsServerConfig m_config;
    std::unique_ptr<DnsResolver> m_resolver;
    SocketId m_socket;
    uint64_t m_answered = 0;
};

} // namespace wirelab::app
