#include "core/transport/socket_types.h"

namespace wirelab::transport {

bool Endpoint::is_wildcard() const
{
    return addr.is_v4() ? addr.v4().is_unspecified() : addr.v6().is_unspecified();
}

std::string Endpoint::to_string() const
{
    if (addr.is_v6()) return "[" + addr.to_string() + "]:" + std::to_string(port);
    return addr.to_string() + ":" + std::to_string(port);
}

const char* to_string(SocketError e)
{
    switch (e) {
    case SocketError::AddressInUse: return "Address already in use";
    case SocketError::AddressNotAvailable: return "Cannot assign requested address";
    case SocketError::NoFreePort: return "Cannot assign requested address (no free ephemeral port)";
    case SocketError::InvalidState: return "Invalid argument";
    case SocketError::AlreadyConnected: return "Transport endpoint is already connected";
    case SocketError::NotConnected: return "Transport endpoint is not connected";
    case SocketError::NetworkUnreachable: return "Network is unreachable";
    case SocketError::HostUnreachable: return "No route to host";
    case SocketError::ConnectionRefused: return "Connection refused";
    case SocketError::ConnectionReset: return "Connection reset by peer";
    case SocketError::TimedOut: return "Connection timed out";
    case SocketError::BrokenPipe: return "Broken pipe";
    case SocketError::WouldBlock: return "Resource temporarily unavailable";
    case SocketError::MessageTooLong: return "Message too long";
    case SocketError::PermissionDenied: return "Permission denied";
    case SocketError::AddressFamily: return "Address family not supported by protocol";
    case SocketError::NetworkDown: return "Network is down";
    }
    return "?";
}

} // namespace wirelab::transport
