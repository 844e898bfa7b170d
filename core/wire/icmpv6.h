// ICMPv6 (RFC 4443): echo, destination unreachable, packet too big, time exceeded, parameter
// problem; and Neighbor Discovery (RFC 4861 §4): router solicitation/advertisement, neighbor
// solicitation/advertisement with the source/target link-layer address, prefix information and
// MTU options (§4.6). The checksum covers the IPv6 pseudo-header (RFC 8200 §8.1), so parse and
// emit take the IPv6 source and destination.
#pragma once

#include "core/base/bytes.h"
#include "core/wire/address.h"
#include "core/wire/wire_error.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace wirelab::wire::icmpv6 {

constexpr size_t kType = 0;
constexpr size_t kCode = 1;
constexpr size_t kChecksum = 2;  // 2 bytes
constexpr size_t kIdent = 4;     // echo
constexpr size_t kSeqNo = 6;     // echo
constexpr size_t kMtu = 4;       // packet too big: 4 bytes
constexpr size_t kPointer = 4;   // parameter problem: 4 bytes
constexpr size_t kHeaderLen = 8; // every message but RA/NS/NA, which are longer
// Router advertisement (RFC 4861 §4.2)
constexpr size_t kRaCurHopLimit = 4;
constexpr size_t kRaFlags = 5;     // M 0x80, O 0x40
constexpr size_t kRaLifetime = 6;  // 2 bytes, seconds
constexpr size_t kRaReachable = 8; // 4 bytes, ms
constexpr size_t kRaRetrans = 12;  // 4 bytes, ms
constexpr size_t kRaHeaderLen = 16;
// Neighbor solicitation/advertisement (§4.3, §4.4)
constexpr size_t kNaFlags = 4;  // R 0x80, S 0x40, O 0x20
constexpr size_t kNdTarget = 8; // 16 bytes
constexpr size_t kNdHeaderLen = 24;
// RFC 4443 §2.4(c): an error message must not exceed the minimum IPv6 MTU, 1280 bytes.
constexpr size_t kMaxErrorDatagram = 1280;

enum class Type : uint8_t {
    DestUnreachable = 1,
    PacketTooBig = 2,
    TimeExceeded = 3,
    ParamProblem = 4,
    EchoRequest = 128,
    EchoReply = 129,
    RouterSolicit = 133,
    RouterAdvert = 134,
    NeighborSolicit = 135,
    NeighborAdvert = 136,
};

// NDP option types (RFC 4861 §4.6).
enum class NdOption : uint8_t { SourceLinkAddr = 1, TargetLinkAddr = 2, PrefixInfo = 3, Mtu = 5 };

enum class UnreachableCode : uint8_t {
    NoRoute = 0,
    AdminProhibited = 1,
    BeyondScope = 2,
    Address = 3,
    Port = 4,
    SourcePolicy = 5,
    RejectRoute = 6,
    SourceRoutingHeader = 7, // RFC 6550
    HeadersTooLong = 8,      // RFC 8883
};
enum class TimeExceededCode : uint8_t { HopLimit = 0, FragReassembly = 1 };
// 0-2 from RFC 4443; RFC 7112 and RFC 8883 define codes up to 10.
enum class ParamProblemCode : uint8_t {
    ErroneousHeader = 0,
    UnknownNextHeader = 1,
    UnknownOption = 2
};

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
    bool operator==(const DestUnreachable&) const = default;
};
struct PacketTooBig {
    uint32_t mtu = 1280;
    bool operator==(const PacketTooBig&) const = default;
};
struct TimeExceeded {
    TimeExceededCode code = TimeExceededCode::HopLimit;
    bool operator==(const TimeExceeded&) const = default;
};
struct ParamProblem {
    ParamProblemCode code = ParamProblemCode::ErroneousHeader;
    uint32_t pointer = 0; // byte offset of the fault in the invoking packet
    bool operator==(const ParamProblem&) const = default;
};

struct RouterSolicit {
    std::optional<MacAddr> source_ll;
    bool operator==(const RouterSolicit&) const = default;
};

// Prefix information option (RFC 4861 §4.6.2).
struct PrefixInfo {
    uint8_t prefix_len = 64;
    bool on_link = true;             // L
    bool autonomous = true;          // A: usable for SLAAC (RFC 4862)
    uint32_t valid_lifetime = 0;     // seconds, 0xffffffff = infinity
    uint32_t preferred_lifetime = 0; // seconds
    Ipv6Addr prefix;
    bool operator==(const PrefixInfo&) const = default;
};

struct RouterAdvert {
    uint8_t cur_hop_limit = 64;   // 0 = unspecified
    bool managed_flag = false;    // M: addresses via DHCPv6
    bool other_flag = false;      // O: other configuration via DHCPv6
    uint16_t router_lifetime = 0; // seconds; 0 = not a default router
    uint32_t reachable_time = 0;  // ms; 0 = unspecified
    uint32_t retrans_timer = 0;   // ms; 0 = unspecified
    std::optional<MacAddr> source_ll;
    std::optional<uint32_t> mtu;
    std::vector<PrefixInfo> prefixes; // emitted in this order
    bool operator==(const RouterAdvert&) const = default;
};

struct NeighborSolicit {
    Ipv6Addr target;
    std::optional<MacAddr> source_ll; // absent when the source is :: (DAD, RFC 4862 §5.4.2)
    bool operator==(const NeighborSolicit&) const = default;
};

struct NeighborAdvert {
    bool router_flag = false;    // R
    bool solicited_flag = false; // S
    bool override_flag = false;  // O
    Ipv6Addr target;
    std::optional<MacAddr> target_ll;
    bool operator==(const NeighborAdvert&) const = default;
};

using Repr =
    std::variant<EchoRequest, EchoReply, DestUnreachable, PacketTooBig, TimeExceeded, ParamProblem,
                 RouterSolicit, RouterAdvert, NeighborSolicit, NeighborAdvert>;

struct Parsed {
    Repr repr;
    // Echo: data. Errors: the quoted invoking packet. ND messages: empty (options are in repr).
    ByteSpan payload;
};

// Verifies the checksum over the pseudo-header (unless skipped), then type, code, length and
// ND options. ND codes must be 0 (RFC 4861 §6.1.1/§7.1.1); a zero-length option is Malformed
// (§4.6: "Nodes MUST silently discard an ND packet that contains an option with length zero");
// unknown ND options are skipped (§4.6: "MUST silently ignore any options they do not
// recognize"), as are known ones that do not belong to the message. The IP-level checks of
// §7.1.1 (hop limit 255, source address) are the node's.
Result<Parsed, WireFault> parse(ByteSpan message, const Ipv6Addr& src, const Ipv6Addr& dst,
                                ChecksumCheck check = ChecksumCheck::Verify);

// Fixed part plus ND options.
size_t header_len(const Repr& repr);
inline size_t buffer_len(const Repr& repr, size_t payload_len)
{
    return header_len(repr) + payload_len;
}

// Writes header, options (in the order: link-layer address, MTU, prefixes), payload and the
// checksum. ND messages take an empty payload. `out.size()` must be buffer_len(...).
void emit(const Repr& repr, ByteSpan payload, const Ipv6Addr& src, const Ipv6Addr& dst,
          MutByteSpan out);

// The part of an invoking packet to quote so that the error, with its 40-byte IPv6 header, fits
// in 1280 bytes (RFC 4443 §2.4(c)).
ByteSpan quote_invoking(ByteSpan invoking_packet);

} // namespace wirelab::wire::icmpv6
