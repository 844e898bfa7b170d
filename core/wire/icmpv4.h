// ICMP for IPv4 (RFC 792): echo request/reply, destination unreachable (with RFC 1191's
// next-hop MTU for "fragmentation needed") and time exceeded. Error messages carry the invoking
// datagram as the payload: RFC 792 asks for its IP header + 8 bytes; like Linux we quote as
// much as keeps the whole error within 576 bytes (RFC 1812 §4.3.2.3).
#pragma once

#include "core/base/bytes.h"
#include "core/wire/wire_error.h"

#include <cstddef>
#include <cstdint>
#include <variant>

namespace wirelab::wire::icmpv4 {

constexpr size_t kType = 0;
constexpr size_t kCode = 1;
constexpr size_t kChecksum = 2;   // 2 bytes, over the whole ICMP message
constexpr size_t kIdent = 4;      // echo: 2 bytes
constexpr size_t kSeqNo = 6;      // echo: 2 bytes
constexpr size_t kNextHopMtu = 6; // destination unreachable code 4: 2 bytes (RFC 1191 §4)
constexpr size_t kHeaderLen = 8;
// Linux (icmp_send): an ICMP error datagram, IP header included, is at most 576 bytes.
constexpr size_t kMaxErrorDatagram = 576;

enum class Type : uint8_t {
    EchoReply = 0,
    DestUnreachable = 3,
    EchoRequest = 8,
    TimeExceeded = 11
};

enum class UnreachableCode : uint8_t {
    Net = 0,
    Host = 1,
    Protocol = 2,
    Port = 3,
    FragNeeded = 4, // "fragmentation needed and DF set": carries the next-hop MTU
    SourceRouteFailed = 5,
    NetUnknown = 6,
    HostUnknown = 7,
    SourceHostIsolated = 8,
    NetProhibited = 9,
    HostProhibited = 10,
    NetTos = 11,
    HostTos = 12,
    AdminProhibited = 13, // RFC 1812 §5.2.7.1
    HostPrecedence = 14,
    PrecedenceCutoff = 15,
};

enum class TimeExceededCode : uint8_t { TtlExceeded = 0, FragReassembly = 1 };

struct EchoRequest {
    uint16_t ident = 0;
    uint16_t seq_no = 0;
    bool operator==(const EchoRequest&) const = default;
};
struct EchoReply {
    uint16_t ident = 0;
    uint16_t seq_no = 0;
    bool operator==(const EchoReply&) const = default;
};
struct DestUnreachable {
    UnreachableCode code = UnreachableCode::Port;
    uint16_t next_hop_mtu = 0; // meaningful for FragNeeded; 0 otherwise
    bool operator==(const DestUnreachable&) const = default;
};
struct TimeExceeded {
    TimeExceededCode code = TimeExceededCode::TtlExceeded;
    bool operator==(const TimeExceeded&) const = default;
};

// One alternative per message kind: fields that only make sense for one kind live only there.
using Repr = std::variant<EchoRequest, EchoReply, DestUnreachable, TimeExceeded>;

struct Parsed {
    Repr repr;
    // Echo: the data to echo back. Errors: the quoted invoking datagram (IP header first).
    ByteSpan payload;
};

// Verifies the checksum (unless skipped), then the type and its code. Echo codes are not
// checked (Linux ignores them); unknown types are WireError::Unsupported.
Result<Parsed, WireFault> parse(ByteSpan message, ChecksumCheck check = ChecksumCheck::Verify);

constexpr size_t header_len(const Repr&)
{
    return kHeaderLen;
}
constexpr size_t buffer_len(const Repr& r, size_t payload_len)
{
    return header_len(r) + payload_len;
}

// Writes header, payload and checksum. `out.size()` must be buffer_len(repr, payload.size()).
void emit(const Repr& repr, ByteSpan payload, MutByteSpan out);

// The part of an invoking datagram to quote in an error so that the error, with a 20-byte IP
// header, fits in 576 bytes (548 bytes of quote at most).
ByteSpan quote_invoking(ByteSpan invoking_datagram);

} // namespace wirelab::wire::icmpv4
