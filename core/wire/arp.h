// ARP (RFC 826) for Ethernet hardware and IPv4 protocol addresses only: the 28-byte request and
// reply the simulator's ArpCache exchanges. Other hardware/protocol types are rejected cleanly.
#pragma once

#include "core/base/bytes.h"
#include "core/wire/address.h"
#include "core/wire/wire_error.h"

#include <cstddef>
#include <cstdint>

namespace wirelab::wire::arp {

constexpr size_t kHardwareType = 0; // 2 bytes: 1 = Ethernet
constexpr size_t kProtocolType = 2; // 2 bytes: 0x0800 = IPv4
constexpr size_t kHardwareLen = 4;  // 1 byte: 6
constexpr size_t kProtocolLen = 5;  // 1 byte: 4
constexpr size_t kOperation = 6;    // 2 bytes
constexpr size_t kSenderMac = 8;    // 6 bytes
constexpr size_t kSenderIp = 14;    // 4 bytes
constexpr size_t kTargetMac = 18;   // 6 bytes
constexpr size_t kTargetIp = 24;    // 4 bytes
constexpr size_t kPacketLen = 28;

constexpr uint16_t kHardwareEthernet = 1;
constexpr uint16_t kProtocolIpv4 = 0x0800;

enum class Operation : uint16_t { Request = 1, Reply = 2 };

struct Repr {
    Operation operation = Operation::Request;
    MacAddr sender_mac;
    Ipv4Addr sender_ip;
    MacAddr target_mac; // all zeros in a request (RFC 826 leaves it unspecified; Linux zeroes)
    Ipv4Addr target_ip;
    bool operator==(const Repr&) const = default;
};

// Accepts trailing bytes (Ethernet padding) after the 28-byte packet.
Result<Repr, WireFault> parse(ByteSpan packet);

constexpr size_t buffer_len(const Repr&)
{
    return kPacketLen;
}

// `out.size()` must be buffer_len(repr).
void emit(const Repr& repr, MutByteSpan out);

} // namespace wirelab::wire::arp
