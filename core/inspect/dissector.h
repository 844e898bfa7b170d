// The API protocol dissectors are written against (Wireshark's proto_tree_add_* model, without
// exceptions): a View over the layer's bytes, and a Builder that records fields into the decode
// tree, the list columns, or the flat field table display filters read.
//
// Adding a protocol (e.g. DNS over UDP port 53) is one function plus one registration line:
//   1. core/inspect/dissect_dns.cpp defines its FieldSpecs, `FieldList dns_fields()` and
//      `size_t dissect_dns(Builder& b, View v)` (see dissect_link.cpp for a small example);
//   2. core/inspect/dissect_registry.cpp declares both and adds
//      `{"dns", Carrier::UdpPort, 53, dissect_dns, dns_fields},` to kProtocols.
// UDP and TCP hand their payload to the protocol registered for either port (lower port
// first); unclaimed payload becomes a "Data" layer. Display filters pick up the new fields.
//
// Rules a dissector follows:
// - Read through View: its loaders return 0 past the end, and Builder::add skips a field whose
//   bytes are not all there, so a truncated header shows exactly the fields that are present.
//   Then report the truncation with malformed() and return.
// - Build strings only when text() is true (tree or columns); a display filter runs dissectors
//   with text() false over 100k frames and must not pay for formatting.
// - Only add to the innermost open field (open()/close() and begin/end_layer nest).
#pragma once

#include "core/base/bytes.h"
#include "core/inspect/dissect.h"
#include "core/wire/address.h"
#include "core/wire/checksum.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::wire::dissector {

// [SECTION] FieldSpec shorthands (constexpr, for the tables of each dissect_*.cpp)

constexpr FieldSpec protocol_field(std::string_view name, std::string_view label)
{
    return {name, label, FieldType::Protocol, Display::Dec, 0};
}
constexpr FieldSpec none_field(std::string_view name, std::string_view label)
{
    return {name, label, FieldType::None, Display::Dec, 0};
}
constexpr FieldSpec uint_field(std::string_view name, std::string_view label, uint8_t bits,
                               Display display = Display::Dec)
{
    return {name, label, FieldType::Uint, display, bits};
}
constexpr FieldSpec bool_field(std::string_view name, std::string_view label)
{
    return {name, label, FieldType::Bool, Display::Dec, 1};
}
constexpr FieldSpec mac_field(std::string_view name, std::string_view label)
{
    return {name, label, FieldType::Mac, Display::Dec, 0};
}
constexpr FieldSpec ipv4_field(std::string_view name, std::string_view label)
{
    return {name, label, FieldType::Ipv4, Display::Dec, 0};
}
constexpr FieldSpec ipv6_field(std::string_view name, std::string_view label)
{
    return {name, label, FieldType::Ipv6, Display::Dec, 0};
}
constexpr FieldSpec bytes_field(std::string_view name, std::string_view label)
{
    return {name, label, FieldType::Bytes, Display::Dec, 0};
}
constexpr FieldSpec text_field(std::string_view name, std::string_view label)
{
    return {name, label, FieldType::Text, Display::Dec, 0};
}

using FieldList = std::span<const FieldSpec* const>;

// [SECTION] View

// The bytes of one layer and where they start in the frame. Out-of-range reads return zero.
struct View {
    ByteSpan bytes;
    uint32_t base = 0; // frame offset of bytes[0]

    size_t size() const { return bytes.size(); }
    bool has(size_t rel, size_t n) const { return rel <= bytes.size() && n <= bytes.size() - rel; }
    uint8_t u8(size_t rel) const { return rel < bytes.size() ? bytes[rel] : 0; }
    uint16_t be16(size_t rel) const { return has(rel, 2) ? load_be16(&bytes[rel]) : 0; }
    uint32_t be32(size_t rel) const { return has(rel, 4) ? load_be32(&bytes[rel]) : 0; }
    MacAddr mac(size_t rel) const;
    Ipv4Addr ipv4(size_t rel) const;
    Ipv6Addr ipv6(size_t rel) const;
    // Bytes [rel, rel + n), clamped to what exists.
    View sub(size_t rel, size_t n = SIZE_MAX) const;
};

// [SECTION] Registration

// What a protocol is registered under.
enum class Carrier : uint8_t {
    Link,      // the frame itself (Ethernet II)
    EtherType, // number = EtherType
    IpProto,   // number = IPv4 Protocol / IPv6 Next Header
    UdpPort,   // number = either UDP port
    TcpPort,   // number = either TCP port
    Builtin,   // not dispatched to (frame, data, malformed): fields only
};

class Builder;
// Dissects `v` (the layer's bytes, up to the end of what the lower layer carries) and returns
// how many of them it used, so the lower layer can show the rest as padding.
using DissectFn = size_t (*)(Builder& b, View v);

struct Protocol {
    const char* name; // filter name of the layer: "dns"
    Carrier carrier;
    uint32_t number;
    DissectFn dissect;     // nullptr for Builtin
    FieldList (*fields)(); // every FieldSpec it may add, for filters
};

// Every registered protocol, in registration order (dissect_registry.cpp).
std::span<const Protocol> protocols();

// [SECTION] Builder

// The addresses of the innermost IP header, for pseudo-header checksums and Info texts.
struct NetContext {
    enum class Family : uint8_t { None, V4, V6 };
    Family family = Family::None;
    Ipv4Addr src4, dst4;
    Ipv6Addr src6, dst6;
    uint8_t ttl = 0; // TTL or hop limit
    // The IP payload is shorter than the IP header says (cut short): upper-layer checksums
    // cannot be verified.
    bool truncated = false;

    std::optional<PseudoHeader> pseudo_header() const;
};

// Checksum verdicts, numbered as Wireshark's *.checksum.status fields.
enum class ChecksumStatus : uint8_t { Bad = 0, Good = 1, Unverified = 2, NotPresent = 3 };

class Builder {
public:
    enum class Mode : uint8_t { Tree, Columns, Fields };
    // `out` receives tree and columns (Tree, Columns); `hits` the field table (Fields), all
    // fields or, when `only` is not empty, just those.
    Builder(ByteSpan frame, Mode mode, Dissection* out, FrameFields* hits,
            std::span<const FieldSpec* const> only = {});

    bool text() const { return m_mode != Mode::Fields; }
    bool tree() const { return m_mode == Mode::Tree; }
    // Whether a value of this field is used: build costly values (strings) only then.
    bool wants(const FieldSpec& spec) const;
    ByteSpan frame() const { return m_frame; }
    // Inside the datagram an ICMP error quotes: columns are left alone, truncation is expected
    // (not malformed) and upper-layer checksums are not verified.
    bool quoted() const { return m_quote_depth > 0; }
    NetContext& net() { return m_net; }

    // Layers: a Protocol field over v[0, len) holding the following fields until end_layer().
    // The label is the tree line ("Internet Protocol Version 4"); set the returned field's
    // value to the summary ("Src: 10.0.0.1, Dst: 10.0.0.2") when text() is true.
    Field* begin_layer(const FieldSpec& proto, const View& v, size_t len);
    void end_layer() { close(); }
    // Re-opens a finished top-level layer by index (Ethernet adds its padding after the
    // network layer says how long it is). Returns the index begin_layer used.
    size_t last_layer_index() const;
    void reopen_layer(size_t index);

    // Adds a field over v[rel, rel + len) and returns it (nullptr when not building a tree or
    // when those bytes are not all present: then nothing is recorded). The value text is
    // formatted from `value` and the spec's Display; override field->value when needed.
    Field* add(const FieldSpec& spec, const View& v, size_t rel, size_t len, FieldValue value,
               std::string_view meaning = {});
    Field* add_uint(const FieldSpec& spec, const View& v, size_t rel, size_t len, uint64_t value,
                    std::string_view meaning = {});
    // A bit field of the `len`-byte big-endian word at rel: value = (word & mask) >> shift.
    // Bool specs get Set/Not set.
    Field* add_bits(const FieldSpec& spec, const View& v, size_t rel, size_t len, uint32_t mask,
                    std::string_view meaning = {});
    // A field for filters only, not shown in the tree (Wireshark's hidden ip.addr, tcp.port).
    void add_hidden(const FieldSpec& spec, const View& v, size_t rel, size_t len, FieldValue value);
    // A computed field without bytes of its own, shown in [brackets] (tcp.len, data.len).
    Field* add_generated(const FieldSpec& spec, const View& v, FieldValue value,
                         std::string_view meaning = {});
    void open(Field* f); // following adds become children of f (f may be nullptr)
    void close();

    // Columns (ignored inside quoted()).
    void set_protocol(std::string_view name);
    void set_addresses(std::string src, std::string dst);
    void set_info(std::string info);
    // Appends to the Info column (Wireshark's col_append_str).
    void append_info(std::string_view more);

    // The bytes from `frame_offset` on do not form a valid `layer` ("IPv4"): sets `malformed`
    // and adds "[Malformed Packet: layer]" with `why` at the end. Ignored inside quoted().
    void malformed(std::string_view layer, const std::string& why, size_t frame_offset);
    // Something is wrong but the packet is still well-formed (a bad checksum).
    void problem(const std::string& why);

    // Hands `payload` to the protocol registered for (carrier, number), or shows it as Data.
    // Returns the bytes the payload dissector used (all of them for Data).
    size_t dispatch(Carrier carrier, uint32_t number, const View& payload);
    // UDP/TCP: the protocol registered for either port, the lower port tried first.
    size_t dispatch_ports(Carrier carrier, uint16_t src, uint16_t dst, const View& payload);
    // The datagram an ICMP error quotes, as nested layers of the open ICMP layer.
    void dispatch_quoted(Carrier carrier, uint32_t number, const View& quoted);
    // Shows bytes no protocol claimed as a "Data" layer.
    size_t dissect_data(const View& payload);

    // Finishes frame-level fields (frame.protocols, the malformed entry).
    void finish();

private:
    std::vector<Field>* container() const { return m_stack.back(); }
    void record(const FieldSpec& spec, FieldValue&& value);
    // Whether a field of this spec would be shown or recorded at this point.
    bool is_used(const FieldSpec& spec) const;

    ByteSpan m_frame;
    Mode m_mode;
    Dissection* m_out;
    FrameFields* m_hits;
    std::span<const FieldSpec* const> m_only;
    std::vector<std::vector<Field>*> m_stack; // open containers; nullptr entries: not shown
    NetContext m_net;
    int m_quote_depth = 0;
    std::string m_protocols; // "eth:ip:tcp"
    bool m_is_malformed = false;
    std::string m_malformed_layer;
    std::string m_malformed_why;
    size_t m_malformed_at = 0;
};

// [SECTION] Helpers shared by the dissectors

// printf into a std::string.
std::string strf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// The checksum a message should carry: the ones' complement sum of `message` with its 16-bit
// field at `field` taken as zero, plus `initial` (a pseudo-header sum).
uint16_t expected_checksum(ByteSpan message, size_t field, uint32_t initial = 0);

// Adds <checksum> (meaning "[correct]" / "[incorrect, should be 0x....]") with its
// <checksum>.status child, and reports a bad one as a problem ("udp: checksum 0x.. is
// incorrect, should be 0x..").
void add_checksum(Builder& b, const FieldSpec& field, const FieldSpec& status, const View& v,
                  size_t rel, ChecksumStatus verdict, uint16_t expected, std::string_view who);

// Names for numbers, "" when unknown.
std::string_view ethertype_name(uint16_t type);
std::string_view ip_protocol_name(uint8_t proto);
// "IPv4", "private (RFC 1918)", "all nodes (ff02::1)"...: what an address is.
std::string mac_meaning(const MacAddr& a);
std::string ipv4_meaning(const Ipv4Addr& a);
std::string ipv6_meaning(const Ipv6Addr& a);
// "HTTP (TCP)", "ephemeral"...: what a port is usually used for.
std::string port_meaning(uint16_t port, bool tcp);
// Wireshark column form of a MAC: "Broadcast" for ff:ff:ff:ff:ff:ff, else the address.
std::string mac_column(const MacAddr& a);
// Up to `max` bytes as hex ("776972656c6162"), "..." after.
std::string hex_preview(ByteSpan b, size_t max = 24);
// The bytes as text when they are mostly printable ("\"GET / HTTP/1.0\\r\\n\""), else "".
std::string text_preview(ByteSpan b, size_t max = 48);

} // namespace wirelab::wire::dissector
