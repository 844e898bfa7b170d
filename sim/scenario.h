// Scenario files, format "wirelab/1" (documented in sim/SCENARIO_FORMAT.md): a seed, devices,
// links with their impairments, display positions and a script of timed commands, as one JSON
// document. load → Scenario (plain data, no core objects) → build → net::Network; save writes the
// canonical JSON (save → load → save is byte-identical). No I/O and no UI here: the CLI reads the
// files and the browser app shows the diagnostics.
#pragma once

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/base/sim_time.h"
#include "core/net/link.h"
#include "core/net/network.h"
#include "core/wire/ip_prefix.h"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::sim {

inline constexpr std::string_view kScenarioFormat = "wirelab/1";

// A section kept for later issues ("services", "lab", "notes"): stored as parsed, written back
// unchanged (key order kept). null means the section is absent.
using RawJson = nlohmann::ordered_json;

// [SECTION] Devices

enum class DeviceType : uint8_t { Host, Router, Switch, Hub };
const char* to_string(DeviceType t); // "host", "router", "switch", "hub"

struct Position {
    double x = 0.0;
    double y = 0.0;
    bool operator==(const Position&) const = default;
};

struct InterfaceSpec {
    std::string name;                   // "eth0"
    std::vector<wire::Ipv4Prefix> ipv4; // address with its subnet length: 10.0.1.10/24
    std::vector<wire::Ipv6Prefix> ipv6; // global or unique-local; link-local is automatic
    std::optional<uint32_t> mtu;        // unset: 1500
    bool slaac = true;                  // hosts: configure addresses from router advertisements
    bool dhcp = false;                  // get the IPv4 address, gateway and DNS from DHCP at boot
    bool operator==(const InterfaceSpec&) const = default;
};

struct RouteSpec {
    wire::IpPrefix to;               // network (host bits clear); 0.0.0.0/0 or ::/0 is default
    std::optional<wire::IpAddr> via; // next hop; unset: the network is on the link `dev`
    std::string dev;                 // outgoing interface; empty: the one whose subnet holds via
    std::optional<uint32_t> metric;  // unset: 0
    bool operator==(const RouteSpec&) const = default;
};

// IPv6 prefixes a router announces in its router advertisements on one interface.
struct AdvertiseSpec {
    std::string iface;
    std::vector<wire::Ipv6Prefix> prefixes; // /64, host bits clear
    bool operator==(const AdvertiseSpec&) const = default;
};

// One static name of a device's /etc/hosts: "hosts": {"www.lab": "10.0.0.80"}.
struct HostsSpec {
    std::string name;
    std::vector<wire::IpAddr> addrs; // one or more, IPv4 and/or IPv6
    bool operator==(const HostsSpec&) const = default;
};

struct DeviceSpec {
    std::string name;
    DeviceType type = DeviceType::Host;
    std::optional<Position> position; // canvas position in the browser
    // Hosts and routers.
    std::vector<InterfaceSpec> interfaces;
    std::optional<wire::Ipv4Addr> gateway;  // IPv4 default route
    std::optional<wire::Ipv6Addr> gateway6; // IPv6 default route
    std::vector<RouteSpec> routes;
    std::vector<AdvertiseSpec> advertise; // routers only
    // Hosts and routers: the stub resolver (resolv.conf and /etc/hosts).
    std::vector<wire::IpAddr> dns;   // DNS servers, tried in order
    std::vector<std::string> search; // search domains ("lab": "www" tries "www.lab")
    std::vector<HostsSpec> hosts;    // static names, in file order
    // Switches and hubs: ports are named port1..portN.
    uint32_t ports = 0;
    RawJson services; // the device's services, read by sim/services.h (SCENARIO_FORMAT.md)
    RawJson notes;    // free-form, never interpreted
    const InterfaceSpec* find_interface(std::string_view name) const;
    bool is_ip_node() const { return type == DeviceType::Host || type == DeviceType::Router; }
    bool operator==(const DeviceSpec&) const = default;
};

// [SECTION] Links

// Settings of one direction of a link. Unset fields inherit: a_to_b/b_to_a from the link's
// common settings, those from net::LinkDirParams' defaults (100 Mbit/s, 100 us, 100 frames).
struct LinkDirSpec {
    std::optional<uint64_t> bandwidth_bps;
    std::optional<SimTime> delay;
    std::optional<uint32_t> queue; // frames
    std::optional<double> loss;    // probabilities are 0..1
    std::optional<net::BurstLoss> burst;
    std::optional<double> duplicate;
    std::optional<double> reorder;
    std::optional<SimTime> reorder_delay;
    std::optional<double> corrupt;
    bool is_empty() const;
    // This direction's settings over `base`.
    net::LinkDirParams apply(net::LinkDirParams base) const;
    bool operator==(const LinkDirSpec&) const = default;
};

struct Endpoint {
    std::string device;
    std::string port; // interface name (hosts, routers) or portN (switches, hubs)
    std::string to_string() const { return device + ":" + port; }
    bool operator==(const Endpoint&) const = default;
};

struct LinkSpec {
    Endpoint a;
    Endpoint b;
    LinkDirSpec both;   // settings for both directions
    LinkDirSpec a_to_b; // overrides for frames from a to b
    LinkDirSpec b_to_a;
    bool up = true;
    RawJson notes;
    net::LinkParams params() const; // the resolved settings the core uses
    bool operator==(const LinkSpec&) const = default;
};

// [SECTION] Script

struct ScriptEntry {
    SimTime at;      // when the command starts (later if its host is still busy)
    std::string on;  // host or router name
    std::string run; // command line, as typed in a terminal
    bool operator==(const ScriptEntry&) const = default;
};

// [SECTION] Scenario

struct Scenario {
    uint64_t seed = 1;
    std::string title;
    std::string description;
    std::vector<DeviceSpec> devices;
    std::vector<LinkSpec> links;
    std::vector<ScriptEntry> script;
    RawJson services; // reserved: network-wide services (later issues)
    RawJson lab;      // reserved: lab instructions and checks (later issue)
    RawJson notes;
    const DeviceSpec* find_device(std::string_view name) const;
    int device_index(std::string_view name) const; // -1 when absent
    bool operator==(const Scenario&) const = default;
};

// A problem found in a scenario, located by its JSON path ("devices[2].interfaces[0].ipv4[0]";
// empty for the document as a whole).
struct Diagnostic {
    enum class Severity : uint8_t { Error, Warning };
    Severity severity = Severity::Error;
    std::string path;
    std::string message;
    // "path: message" (or just the message when there is no path); warnings start "warning: ".
    std::string to_string() const;
    bool is_error() const { return severity == Severity::Error; }
    bool operator==(const Diagnostic&) const = default;
};

// [SECTION] API

// Parses and checks a scenario document. On failure returns every error found (not just the
// first), in document order, then the errors about relations between parts (names, links,
// subnets). Warnings (suspicious but buildable, e.g. an address used twice) go to `warnings` when
// given, on success and failure alike. Never aborts on any input.
Result<Scenario, std::vector<Diagnostic>> load_scenario(
    std::string_view json_text, std::vector<Diagnostic>* warnings = nullptr);

// The checks load_scenario makes on the data itself (names, references, subnets, ranges), for a
// Scenario edited in memory (the browser). Returns errors and warnings, paths as in the JSON.
std::vector<Diagnostic> validate_scenario(const Scenario& s);

// Canonical JSON: 2-space indent, keys in a fixed order, unset optional settings omitted,
// durations and bandwidths in their shortest exact unit ("20ms", "10Mbit"), trailing newline.
// load_scenario(save_scenario(s)) == s for every valid s.
std::string save_scenario(const Scenario& s);

struct BuiltScenario {
    std::unique_ptr<net::Network> network;
    std::map<std::string, NodeId, std::less<>> nodes; // device name -> node
    std::vector<LinkId> links;                        // links[i] is scenario link i
};

// Creates the network: nodes in device order, their addresses and routes, then the links. Fails
// with validate_scenario's errors when there are any; the script is not scheduled (the runner
// does that).
Result<BuiltScenario, std::vector<Diagnostic>> build_scenario(const Scenario& s);

} // namespace wirelab::sim
