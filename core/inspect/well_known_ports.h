// Well-known service ports from the course notes, and the IANA port ranges (RFC 6335 §6):
// well-known 0-1023, registered 1024-49151, dynamic/ephemeral 49152-65535.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace wirelab::wire {

// The ephemeral range a client picks its own port from (RFC 6335 §6, IANA "dynamic").
inline constexpr uint16_t kEphemeralFirst = 49152;
inline constexpr uint16_t kEphemeralLast = 65535;

struct WellKnownPort {
    uint16_t port;
    std::string_view service;   // "HTTPS"
    std::string_view transport; // "TCP", "UDP", "UDP, TCP" (main transport first)
    bool tcp;
    bool udp;
    std::string_view description; // "Secure web page transfer"
};

// The table, sorted by port number. The entries live for the whole program.
std::span<const WellKnownPort> well_known_ports();
// By number, or by service name case-insensitively ("https", "HTTPS"); nullptr when unknown.
const WellKnownPort* find_port(uint16_t port);
const WellKnownPort* find_port(std::string_view service);

enum class PortRange : uint8_t { WellKnown, Registered, Dynamic };

PortRange classify_port(uint16_t port);
// "well-known range (0-1023)", "registered range (1024-49151)",
// "dynamic/ephemeral range (49152-65535)".
std::string_view port_range_label(PortRange r);
// One sentence for students on who uses ports of this range.
std::string_view port_range_explanation(PortRange r);

} // namespace wirelab::wire
