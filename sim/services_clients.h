// The client side of a device's network settings that lives above IP: the stub resolver
// ("dns", "search", "hosts" on a device) and DHCP clients ("dhcp": true on an interface).
// Installed by build_scenario after the services.
#pragma once

#include "sim/scenario.h"

namespace wirelab::sim {

// Gives every host and router its resolv.conf and /etc/hosts (services_dns.cpp).
void install_resolver_config(const Scenario& s, BuiltScenario& built);
// Starts a DHCP client on every interface with "dhcp": true (services_dhcp.cpp).
void install_dhcp_clients(const Scenario& s, BuiltScenario& built);

} // namespace wirelab::sim
