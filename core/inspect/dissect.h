// Packet dissection for the packet list, decode tree and hex pane (Wireshark's model): every
// header field of a frame with its filter name, value, meaning and byte range, plus the list
// columns (Protocol, Source, Destination, Info). Field names follow Wireshark's display-filter
// names (ip.src, tcp.flags.syn, icmpv6.nd.ns.target_address), so what students type here works
// there. Protocols: Ethernet II, ARP (RFC 826), IPv4 (RFC 791), IPv6 (RFC 8200), ICMP (RFC 792),
// ICMPv6 + NDP (RFC 4443, RFC 4861), UDP (RFC 768), TCP (RFC 9293, RFC 7323, RFC 2018).
//
// Guarantees: dissect() accepts any bytes and never reads past the frame. A frame that is cut
// short or contradicts itself shows everything that could be decoded, is flagged `malformed`
// and gets a final "[Malformed Packet: <layer>]" entry saying why (Wireshark's expert info).
//
// Adding a protocol (DNS, DHCP, HTTP...): see core/wire/dissector.h.
#pragma once

#include "core/base/bytes.h"
#include "core/wire/address.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::wire {

// [SECTION] Field descriptions (the vocabulary display filters are checked against)

// What a field holds; decides which display-filter operators and literals apply to it.
enum class FieldType : uint8_t {
    Protocol, // a whole layer ("ip", "tcp"): presence, or `contains` over its bytes
    None,     // a label or container without a value ("tcp.options.mss"): presence only
    Uint,     // unsigned number of `bits` bits
    Bool,     // one flag bit: 1/0, true/false
    Mac,
    Ipv4,
    Ipv6,
    Bytes, // raw bytes (payload, padding): ==, contains
    Text,  // a string (frame.protocols; later DNS names, HTTP headers)
};

// How a Uint value is written in the tree.
enum class Display : uint8_t {
    Dec,    // 64
    Hex,    // 0x0800 (digits from the field width)
    DecHex, // 7213 (0x1c2d)
    HexDec, // 0x4d2f (19759)
};

// One filterable field, defined once by the dissector that produces it (Wireshark's
// header_field_info). Names and labels are string literals with static storage.
struct FieldSpec {
    std::string_view name;  // "ip.ttl"
    std::string_view label; // "Time to Live"
    FieldType type = FieldType::None;
    Display display = Display::Dec;
    uint8_t bits = 0; // Uint: value width, for the range check of filter literals (8..64)
};

// The spec of a field name, or nullptr. Searches every registered protocol.
const FieldSpec* find_field_spec(std::string_view name);
// Every registered field, in registration order (for autocompletion and documentation).
std::vector<const FieldSpec*> all_field_specs();

// [SECTION] Decode tree and columns

struct Field {
    std::string name;    // Wireshark-style filter name: "ip.src", "tcp.flags.syn"
    std::string label;   // "Source Address"
    std::string value;   // "10.0.1.10"
    std::string meaning; // optional explanation: "private (RFC 1918)", "[correct]"
    uint32_t offset = 0; // byte range in the frame, for hex highlighting
    uint32_t length = 0; // 0 for generated fields (Wireshark's [brackets]): no bytes of their own
    // Bit fields (flags, version, DSCP...): the bits of the big-endian `length`-byte word at
    // `offset` that this field covers; 0 for whole-byte fields. See bit_pattern().
    uint32_t bitmask = 0;
    FieldType type = FieldType::None; // Protocol for layers
    bool generated = false;           // computed by the dissector, not on the wire
    std::vector<Field> children;

    // This field or the first descendant (depth first) with that name, or nullptr.
    const Field* find(std::string_view field_name) const;
};

struct Dissection {
    // Frame, Ethernet II, ARP / IPv4 / IPv6, ICMP / ICMPv6 / UDP / TCP, Data; then
    // "[Malformed Packet: X]" when malformed.
    std::vector<Field> layers;
    std::string protocol;    // highest protocol, Wireshark's column: "ARP", "ICMP", "TCP"...
    std::string source;      // IP address if there is an IP layer, else the MAC ("Broadcast")
    std::string destination; // same
    std::string info;        // Wireshark-like Info column
    // The bytes do not form a valid packet (truncated, a length or version field that
    // contradicts the bytes, a zero-length option...): the simulator's stack would drop it.
    bool malformed = false;
    // Everything found wrong, "; "-separated, first problem first: the malformed reason and also
    // problems that leave the packet well-formed but damaged, such as a bad checksum
    // ("ipv4: header checksum 0xd978 is incorrect, should be 0xd977"). Empty for a good frame.
    std::string problem;

    // The first field with that name in any layer (depth first), or nullptr.
    const Field* find(std::string_view field_name) const;
};

// Tree builds everything; Columns skips the decode tree (`layers` stays empty) and fills only
// the list columns, several times faster, for the rows of a packet list.
enum class DissectDetail : uint8_t { Tree, Columns };

Dissection dissect(ByteSpan frame, DissectDetail detail = DissectDetail::Tree);

// "Time to Live: 64", "Type: 0x0800 (IPv4)", "Header Checksum: 0xd977 [correct]",
// "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2": one decode-tree line.
std::string describe(const Field& f);
// Wireshark's bit diagram for a bit field, e.g. ".1.. .... .... .... " for DF in the 16-bit
// flags word; empty when f.bitmask is 0 or the frame does not hold the field.
std::string bit_pattern(const Field& f, ByteSpan frame);

// [SECTION] Field values for display filters (no text formatting: fast)

// A field's typed value. `bytes` borrows from the frame.
struct FieldValue {
    FieldType type = FieldType::None;
    uint64_t number = 0;            // Uint, Bool
    std::array<uint8_t, 16> addr{}; // Mac (first 6), Ipv4 (first 4), Ipv6
    ByteSpan bytes;                 // Protocol (the layer's bytes), Bytes
    std::string text;               // Text

    static FieldValue none() { return {}; }
    static FieldValue uint(uint64_t v);
    static FieldValue boolean(bool v);
    static FieldValue mac(const MacAddr& a);
    static FieldValue ipv4(const Ipv4Addr& a);
    static FieldValue ipv6(const Ipv6Addr& a);
    static FieldValue raw(ByteSpan b);
    static FieldValue protocol(ByteSpan b);
    static FieldValue str(std::string s);
};

// One occurrence of a field in a frame. A name may occur several times (ip.addr for source
// and destination; ip.src again inside the datagram an ICMP error quotes).
struct FieldHit {
    const FieldSpec* spec = nullptr; // identity: compare pointers, not names
    FieldValue value;
};

// Every field occurrence of one frame, including the hidden ones the tree does not show
// (ip.addr, tcp.port, eth.addr). Borrows the frame's bytes: use it while the frame lives.
struct FrameFields {
    std::vector<FieldHit> hits;
    bool malformed = false;
};

// Fills `out` (cleared first; reuse it across frames to avoid allocation). With `only`
// non-empty, records just those fields (what a display filter reads), which is much faster.
void collect_fields(ByteSpan frame, FrameFields& out, std::span<const FieldSpec* const> only = {});

} // namespace wirelab::wire
