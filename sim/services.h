// Services in scenario files: each device's "services" object maps a service key to its settings,
//   "services": {"http": {...}, "dns": {...}, "dhcp": {...}}
// Each kind of service registers here how its settings are checked (errors located by JSON path,
// like the rest of the scenario) and how it is installed on the built network.
#pragma once

#include "core/net/ip_node.h"
#include "sim/scenario.h"

#include <string_view>
#include <vector>

namespace wirelab::sim {

struct ServiceKind {
    std::string_view key;     // "http"
    std::string_view summary; // "web server (HTTP/1.1 on TCP 80)"
    // Appends problems with `config` (this device's services.<key> value) to `out`, with paths
    // under `path` ("devices[3].services.http"). May look at the whole scenario (e.g. a DHCP
    // pool must lie in a subnet of the device).
    void (*validate)(const RawJson& config, const std::string& path, const DeviceSpec& device,
                     const Scenario& scenario, std::vector<Diagnostic>& out);
    // Creates the service on the device's node; only called on a scenario that validated.
    void (*install)(const RawJson& config, const DeviceSpec& device, net::IpNode& node,
                    BuiltScenario& built);
};

// Every known kind, sorted by key. Add a kind by adding one line to the table in services.cpp.
const std::vector<ServiceKind>& service_kinds();

// Checks every device's services section (unknown keys, non-objects, each kind's own checks).
void validate_services(const Scenario& s, std::vector<Diagnostic>& out);
// Installs every device's services on a freshly built network.
void install_services(const Scenario& s, BuiltScenario& built);

} // namespace wirelab::sim
