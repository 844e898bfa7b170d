// The course notes' port table and the IANA port ranges.
#include "core/inspect/well_known_ports.h"

#include "core/base/text.h"

#include <array>

namespace wirelab::wire {
namespace {

constexpr std::array<WellKnownPort, 12> kPorts{{
    {7, "Echo", "TCP, UDP", true, true, "Echo: sends back whatever it receives (RFC 862)"},
    {21, "FTP", "TCP", true, false, "File Transfer Protocol"},
    {22, "SSH", "TCP", true, false, "Secure remote login and command-line access"},
    {23, "Telnet", "TCP", true, false, "Unsecure remote login"},
    {25, "SMTP", "TCP", true, false, "Sending emails between mail servers"},
    {53, "DNS", "UDP, TCP", true, true, "Translates domain names to IP addresses"},
    {80, "HTTP", "TCP", true, false, "Web page transfer"},
    {110, "POP3", "TCP", true, false,
     "Email retrieval (downloads and often deletes from the server)"},
    {123, "NTP", "UDP", false, true, "Network time synchronization"},
    {143, "IMAP", "TCP", true, false, "Email retrieval (keeps emails on the server)"},
    {443, "HTTPS", "TCP", true, false, "Secure web page transfer"},
    {3389, "RDP", "TCP, UDP", true, true, "Remote Desktop access"},
}};

} // namespace

std::span<const WellKnownPort> well_known_ports()
{
    return kPorts;
}

const WellKnownPort* find_port(uint16_t port)
{
    for (const WellKnownPort& p : kPorts)
        if (p.port == port) return &p;
    return nullptr;
}

const WellKnownPort* find_port(std::string_view service)
{
    for (const WellKnownPort& p : kPorts)
        if (iequals(p.service, service)) return &p;
    return nullptr;
}

PortRange classify_port(uint16_t port)
{
    if (port <= 1023) return PortRange::WellKnown;
    if (port < kEphemeralFirst) return PortRange::Registered;
    return PortRange::Dynamic;
}

std::string_view port_range_label(PortRange r)
{
    switch (r) {
    case PortRange::WellKnown: return "well-known range (0-1023)";
    case PortRange::Registered: return "registered range (1024-49151)";
    case PortRange::Dynamic: return "dynamic/ephemeral range (49152-65535)";
    }
    return "unknown";
}

std::string_view port_range_explanation(PortRange r)
{
    switch (r) {
    case PortRange::WellKnown:
        return "reserved for standard services; a server listens on one of these so clients know "
               "where to connect";
    case PortRange::Registered:
        return "IANA registers these for specific applications on request (RDP's 3389 is one); "
               "servers may listen here";
    case PortRange::Dynamic:
        return "never assigned to a service; the operating system picks one of these for the "
               "client's side of a TCP or UDP conversation (for example a browser connecting from "
               "port 54711 to a web server's port 443) and frees it when the conversation ends";
    }
    return "";
}

} // namespace wirelab::wire
