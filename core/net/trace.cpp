#include "core/net/trace.h"

#include <cstdio>

namespace wirelab::net {

const char* to_string(DropReason r)
{
    switch (r) {
    case DropReason::None: return "none";
    case DropReason::LinkLoss: return "lost on link";
    case DropReason::LinkDown: return "link down";
    case DropReason::QueueFull: return "queue full";
    case DropReason::Corrupted: return "corrupted on link";
    case DropReason::BadChecksum: return "bad checksum";
    case DropReason::Malformed: return "malformed";
    case DropReason::NotForUs: return "not for us";
    case DropReason::NoRoute: return "no route";
    case DropReason::TtlExceeded: return "TTL exceeded";
    case DropReason::ArpFailed: return "address resolution failed";
    case DropReason::MtuExceeded: return "larger than MTU";
    case DropReason::PortUnreachable: return "port unreachable";
    case DropReason::FirewallDenied: return "denied by firewall";
    case DropReason::Unsupported: return "unsupported";
    case DropReason::SwitchLoop: return "switching loop";
    case DropReason::InterfaceDown: return "interface down";
    }
    return "?";
}

const char* to_string(TraceKind k)
{
    switch (k) {
    case TraceKind::FrameSent: return "sent";
    case TraceKind::FrameDelivered: return "delivered";
    case TraceKind::FrameDropped: return "frame-drop";
    case TraceKind::PacketDropped: return "drop";
    case TraceKind::Info: return "info";
    }
    return "?";
}

std::string Fingerprint::to_hex() const
{
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)m_h);
    return buf;
}

} // namespace wirelab::net
