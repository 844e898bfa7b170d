// RouteTable: IPv4 and IPv6 routes with longest-prefix match (RFC 1812 §5.2.4.3), ties broken by
// the lowest metric. Built on wire::PrefixTable, so lookups never scan every route.
#pragma once

#include "core/wire/ip_prefix.h"
#include "core/wire/prefix_table.h"

#include <optional>
#include <vector>

namespace wirelab::net {

enum class RouteOrigin : uint8_t { Connected, Static, Dhcp, RouterAdvert };
const char* to_string(RouteOrigin o);

struct Route {
    wire::IpPrefix prefix;               // canonical (host bits cleared)
    std::optional<wire::IpAddr> gateway; // none: the destination is on the link
    uint32_t port = 0;                   // outgoing interface
    uint32_t metric = 0;
    RouteOrigin origin = RouteOrigin::Static;
    bool operator==(const Route&) const = default;
};

class RouteTable {
public:
    // Adds a route; an identical one (prefix, gateway, port) is replaced.
    void add(Route r);
    // Removes the routes for exactly this prefix; with a gateway, only the ones via it.
    size_t remove(const wire::IpPrefix& prefix, std::optional<wire::IpAddr> gateway = {});
    // Removes every route of an origin on a port (addresses changed, DHCP lease lost, ...).
    size_t remove_where(RouteOrigin origin, uint32_t port);
    const Route* lookup(const wire::IpAddr& dst) const;
    // IPv4 then IPv6; longest prefix first, then network, then metric (for `ip route`).
    std::vector<Route> routes() const;
    size_t size() const;

private:
    wire::PrefixTable<std::vector<Route>> m_table; // each vector sorted by metric
};

} // namespace wirelab::net
