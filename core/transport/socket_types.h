// Vocabulary shared by UDP and TCP sockets: endpoints, the errors an application sees (named
// after their POSIX errno), and the readiness events a socket reports (RFC 9293 §3.9.1 user
// interface, in the event-driven form a discrete-event simulation needs: no blocking calls).
#pragma once

#include "core/base/ids.h"
#include "core/wire/ip_prefix.h"

#include <cstdint>
#include <functional>
#include <string>

namespace wirelab::transport {

// An address and port. An unspecified address (0.0.0.0, ::) in a local endpoint is a wildcard:
// 0.0.0.0 accepts IPv4 only, :: accepts both families (Linux's default, bindv6only = 0).
struct Endpoint {
    wire::IpAddr addr;
    uint16_t port = 0;

    static Endpoint any_v4(uint16_t port) { return {wire::IpAddr(wire::Ipv4Addr{}), port}; }
    static Endpoint any_v6(uint16_t port) { return {wire::IpAddr(wire::Ipv6Addr{}), port}; }
    bool is_wildcard() const;
    // "10.0.0.1:80", "[2001:db8::1]:80" (RFC 3986 brackets for IPv6).
    std::string to_string() const;
    bool operator==(const Endpoint&) const = default;
};

// What a socket call can fail with (STYLE §3: misuse of a live object is an enum result). The
// comments give the errno a Linux program would see; to_string gives its strerror text.
enum class SocketError : uint8_t {
    AddressInUse,        // EADDRINUSE: the port is taken
    AddressNotAvailable, // EADDRNOTAVAIL: the address is not one of this host's
    NoFreePort,          // EADDRNOTAVAIL: every ephemeral port is in use
    InvalidState,        // EINVAL: not allowed in this state (listen on a connected socket, ...)
    AlreadyConnected,    // EISCONN
    NotConnected,        // ENOTCONN
    NetworkUnreachable,  // ENETUNREACH: no route
    HostUnreachable,     // EHOSTUNREACH: ICMP host/address unreachable
    ConnectionRefused,   // ECONNREFUSED: RST to our SYN, or ICMP port unreachable
    ConnectionReset,     // ECONNRESET: RST on an open connection
    TimedOut,            // ETIMEDOUT: retransmissions exhausted
    BrokenPipe,          // EPIPE: send after shutdown/close
    WouldBlock,          // EAGAIN: nothing to read / no room to write right now
    MessageTooLong,      // EMSGSIZE: a datagram larger than the path allows
    PermissionDenied,    // EACCES: broadcast without set_broadcast(true)
    AddressFamily,       // EAFNOSUPPORT: IPv4-only socket and an IPv6 address, or the reverse
    NetworkDown,         // ENETDOWN: the outgoing interface is down
};

// strerror-style text: "Connection refused".
const char* to_string(SocketError e);

enum class Protocol : uint8_t { Tcp, Udp };

// Readiness events, delivered as a bit set to the socket's callback after the simulator finished
// processing the packet or timer that caused them (never from inside a socket call).
enum class SocketEvent : uint8_t {
    Readable = 1,   // data (or EOF, or a datagram) can be read
    Writable = 2,   // send buffer space freed
    Connected = 4,  // active open completed (SYN-SENT -> ESTABLISHED)
    Acceptable = 8, // a listener has a connection ready for accept()
    Closed = 16,    // the connection reached CLOSED (after FIN exchange, RST or timeout)
    Error = 32,     // an error is pending: error() says which
};

struct SocketEvents {
    uint8_t bits = 0;
    bool has(SocketEvent e) const { return (bits & uint8_t(e)) != 0; }
    void add(SocketEvent e) { bits |= uint8_t(e); }
};

using SocketCallback = std::function<void(SocketEvents)>;

} // namespace wirelab::transport
