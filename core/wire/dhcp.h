// DHCPv4 messages (RFC 2131 §2: the BOOTP header of RFC 951 plus the magic cookie and options)
// with the RFC 2132 options a client and server of the simulator exchange, relay fields (giaddr,
// hops; RFC 1542) and every other option kept as raw bytes. Options longer than 255 bytes are
// split on emit and concatenated on parse (RFC 3396).
#pragma once

#include "core/base/bytes.h"
#include "core/wire/address.h"
#include "core/wire/wire_error.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wirelab::wire::dhcp {

constexpr size_t kOp = 0;        // 1 = BOOTREQUEST, 2 = BOOTREPLY
constexpr size_t kHtype = 1;     // 1 = Ethernet
constexpr size_t kHlen = 2;      // 6
constexpr size_t kHops = 3;      // incremented by each relay agent
constexpr size_t kXid = 4;       // 4 bytes: transaction id chosen by the client
constexpr size_t kSecs = 8;      // 2 bytes: seconds since the client began acquiring
constexpr size_t kFlags = 10;    // 2 bytes: bit 15 = broadcast
constexpr size_t kCiaddr = 12;   // 4 bytes: client's address when BOUND/RENEWING/REBINDING
constexpr size_t kYiaddr = 16;   // 4 bytes: "your" address offered/assigned by the server
constexpr size_t kSiaddr = 20;   // 4 bytes: next server (TFTP boot)
constexpr size_t kGiaddr = 24;   // 4 bytes: relay agent address
constexpr size_t kChaddr = 28;   // 16 bytes: client hardware address, zero-padded
constexpr size_t kSname = 44;    // 64 bytes: server host name, NUL-terminated
constexpr size_t kFile = 108;    // 128 bytes: boot file name, NUL-terminated
constexpr size_t kCookie = 236;  // 4 bytes: 99.130.83.99
constexpr size_t kOptions = 240; // options start here
constexpr size_t kSnameLen = 64;
constexpr size_t kFileLen = 128;
constexpr size_t kChaddrLen = 16;
// RFC 1542 §2.1: the BOOTP message is at least 300 bytes, so emit pads with zeros after End.
constexpr size_t kMinMessageLen = 300;

constexpr uint32_t kMagicCookie = 0x63825363;
constexpr uint16_t kServerPort = 67;
constexpr uint16_t kClientPort = 68;
constexpr uint16_t kFlagBroadcast = 0x8000;

enum class Op : uint8_t { Request = 1, Reply = 2 };

// Option 53 (RFC 2132 §9.6). Other values (RFC 3203 FORCERENEW = 9, lease query 10-13 ...)
// parse as the raw number.
enum class MessageType : uint8_t {
    Discover = 1,
    Offer = 2,
    Request = 3,
    Decline = 4,
    Ack = 5,
    Nak = 6,
    Release = 7,
    Inform = 8,
};

// "DHCPDISCOVER", "DHCPOFFER", ... as RFC 2131 names them; "DHCP (unknown type)" otherwise.
const char* to_string(MessageType t);

// Option codes (RFC 2132) the Repr has a field for, plus Pad, End and Overload.
enum class OptionCode : uint8_t {
    Pad = 0,
    SubnetMask = 1,
    Router = 3,
    DnsServer = 6,
    HostName = 12,
    DomainName = 15,
    RequestedIp = 50,
    LeaseTime = 51,
    Overload = 52, // options continued in sname/file: rejected by parse
    MessageType = 53,
    ServerId = 54,
    ParameterRequestList = 55,
    Message = 56,
    MaxMessageSize = 57,
    RenewalTime = 58,   // T1
    RebindingTime = 59, // T2
    ClientId = 61,
    End = 255,
};

// An option this module does not interpret (relay agent information 82, rapid commit 80, ...),
// kept byte for byte. Its data may be empty or longer than 255 bytes.
struct RawOption {
    uint8_t code = 0;
    Bytes data;
    bool operator==(const RawOption&) const = default;
};

struct Repr {
    Op op = Op::Request;
    uint8_t hops = 0;
    uint32_t xid = 0;
    uint16_t secs = 0;
    bool broadcast = false; // the B flag: client cannot receive unicast before it has an address
    Ipv4Addr ciaddr;
    Ipv4Addr yiaddr;
    Ipv4Addr siaddr;
    Ipv4Addr giaddr;
    MacAddr chaddr;    // htype 1, hlen 6 (other hardware types are rejected)
    std::string sname; // at most 64 bytes, no NUL inside
    std::string file;  // at most 128 bytes, no NUL inside

    // Options. An unset optional or an empty vector/string means "option absent".
    std::optional<MessageType> message_type;     // 53
    std::optional<Ipv4Addr> server_id;           // 54
    std::optional<Ipv4Addr> requested_ip;        // 50
    std::optional<uint32_t> lease_time;          // 51, seconds (0xffffffff = infinite)
    std::optional<uint32_t> renewal_time;        // 58, T1 seconds
    std::optional<uint32_t> rebinding_time;      // 59, T2 seconds
    std::optional<Ipv4Addr> subnet_mask;         // 1
    std::vector<Ipv4Addr> routers;               // 3, preferred first
    std::vector<Ipv4Addr> dns_servers;           // 6, preferred first
    std::string domain_name;                     // 15
    std::string host_name;                       // 12
    Bytes client_id;                             // 61: type byte + id, at least 2 bytes
    std::optional<uint16_t> max_message_size;    // 57
    std::string message;                         // 56, e.g. why a DHCPNAK was sent
    std::vector<uint8_t> parameter_request_list; // 55, option codes the client wants
    // Every other option in the order met. Emit asserts the codes are distinct and not one of
    // OptionCode (a duplicate would come back concatenated, a known code in its field).
    std::vector<RawOption> other_options;

    // The first other option with this code, or nullptr.
    const RawOption* find_option(uint8_t code) const;
    bool operator==(const Repr&) const = default;
};

// Client identifier option data for an Ethernet client (RFC 2132 §9.14: type 1 + MAC).
Bytes client_id_for(const MacAddr& mac);

// Checks, in order: 240 bytes (header + cookie), op 1 or 2, htype 1 with hlen 6, the magic
// cookie, then each option (length byte present, data inside the message, the lengths RFC 2132
// gives for the options above), and that an End option closes them. Bytes after End (padding)
// are ignored. sname and file end at their first NUL. Option overload (52) is Unsupported.
Result<Repr, WireFault> parse(ByteSpan message);

// The message emit writes: header, cookie, options, End, zero padding up to 300 bytes.
size_t buffer_len(const Repr& repr);

// `out.size()` must be buffer_len(repr). Options come in a fixed order (53, 61, 50, 57, 54, 51,
// 58, 59, 1, 3, 6, 15, 12, 56, 55, then other_options as given), then End.
void emit(const Repr& repr, MutByteSpan out);

// [SECTION] Server-side rules of RFC 2131

// A server's reply to `request` with the fields RFC 2131 Table 3 takes from the client: xid,
// flags, giaddr, chaddr, and ciaddr for a DHCPACK; op = Reply, hops = secs = 0, the message
// type set. A DHCPNAK through a relay gets the broadcast bit (RFC 2131 §4.3.2). The caller adds
// yiaddr, server_id and the options.
Repr reply_to(const Repr& request, MessageType type);

// Where a server sends a reply (RFC 2131 §4.1): to a relay's server port when giaddr is set;
// else to ciaddr; else broadcast when the client asked or for a NAK; else to yiaddr at the
// client's MAC (the client cannot answer ARP before it has the address).
enum class LinkDestination : uint8_t {
    Resolve,   // look the IP address up as usual (ARP, routing)
    ClientMac, // the frame goes to chaddr without ARP
    Broadcast, // ff:ff:ff:ff:ff:ff
};
struct ReplyTarget {
    Ipv4Addr ip;
    uint16_t port = kClientPort;
    LinkDestination link = LinkDestination::Resolve;
    bool operator==(const ReplyTarget&) const = default;
};
ReplyTarget reply_target(const Repr& reply);

} // namespace wirelab::wire::dhcp
