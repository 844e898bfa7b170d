// DHCPv4 message parse/emit.
#include "core/wire/dhcp.h"

#include "core/base/assert.h"

#include <algorithm>
#include <cstring>

namespace wirelab::wire::dhcp {

namespace {

// How long each interpreted option's data must be (RFC 2132): `exact` bytes, or at least `min`
// and a multiple of `step`. `bad_len` names the option; its %u is the length found.
struct LengthRule {
    OptionCode code;
    uint8_t exact; // 0 = variable
    uint8_t min;
    uint8_t step;
    const char* bad_len;
};

constexpr LengthRule kRules[] = {
    {OptionCode::SubnetMask, 4, 4, 1, "dhcp: option 1 (subnet mask) has length %u, must be 4"},
    {OptionCode::Router, 0, 4, 4,
     "dhcp: option 3 (router) has length %u, must be a non-zero multiple of 4"},
    {OptionCode::DnsServer, 0, 4, 4,
     "dhcp: option 6 (domain name server) has length %u, must be a non-zero multiple of 4"},
    {OptionCode::HostName, 0, 1, 1, "dhcp: option 12 (host name) has length %u, must be >= 1"},
    {OptionCode::DomainName, 0, 1, 1, "dhcp: option 15 (domain name) has length %u, must be >= 1"},
    {OptionCode::RequestedIp, 4, 4, 1,
     "dhcp: option 50 (requested IP address) has length %u, must be 4"},
    {OptionCode::LeaseTime, 4, 4, 1, "dhcp: option 51 (lease time) has length %u, must be 4"},
    {OptionCode::MessageType, 1, 1, 1, "dhcp: option 53 (message type) has length %u, must be 1"},
    {OptionCode::ServerId, 4, 4, 1, "dhcp: option 54 (server identifier) has length %u, must be 4"},
    {OptionCode::ParameterRequestList, 0, 1, 1,
     "dhcp: option 55 (parameter request list) has length %u, must be >= 1"},
    {OptionCode::Message, 0, 1, 1, "dhcp: option 56 (message) has length %u, must be >= 1"},
    {OptionCode::MaxMessageSize, 2, 2, 1,
     "dhcp: option 57 (maximum message size) has length %u, must be 2"},
    {OptionCode::RenewalTime, 4, 4, 1,
     "dhcp: option 58 (renewal time T1) has length %u, must be 4"},
    {OptionCode::RebindingTime, 4, 4, 1,
     "dhcp: option 59 (rebinding time T2) has length %u, must be 4"},
    {OptionCode::ClientId, 0, 2, 1,
     "dhcp: option 61 (client identifier) has length %u, must be >= 2"},
};

const LengthRule* rule_for(uint8_t code)
{
    for (const LengthRule& r : kRules)
        if (uint8_t(r.code) == code) return &r;
    return nullptr;
}

bool is_interpreted(uint8_t code)
{
    return rule_for(code) != nullptr || code == uint8_t(OptionCode::Pad) ||
           code == uint8_t(OptionCode::End) || code == uint8_t(OptionCode::Overload);
}

Ipv4Addr load_addr(const uint8_t* p)
{
    return Ipv4Addr{{p[0], p[1], p[2], p[3]}};
}

std::vector<Ipv4Addr> load_addrs(ByteSpan d)
{
    std::vector<Ipv4Addr> v;
    for (size_t i = 0; i + 4 <= d.size(); i += 4) v.push_back(load_addr(&d[i]));
    return v;
}

// A NUL-terminated string field: up to the first NUL, or the whole field.
std::string load_cstring(ByteSpan field)
{
    auto end = std::find(field.begin(), field.end(), uint8_t(0));
    return std::string(field.begin(), end);
}

// Stores one interpreted option, its length already checked.
Result<Ok, WireFault> apply(Repr& r, uint8_t code, ByteSpan d)
{
    switch (OptionCode(code)) {
    case OptionCode::SubnetMask: r.subnet_mask = load_addr(d.data()); break;
    case OptionCode::Router: r.routers = load_addrs(d); break;
    case OptionCode::DnsServer: r.dns_servers = load_addrs(d); break;
    case OptionCode::HostName: r.host_name.assign(d.begin(), d.end()); break;
    case OptionCode::DomainName: r.domain_name.assign(d.begin(), d.end()); break;
    case OptionCode::RequestedIp: r.requested_ip = load_addr(d.data()); break;
    case OptionCode::LeaseTime: r.lease_time = load_be32(d.data()); break;
    case OptionCode::MessageType:
        if (d[0] == 0)
            return fault(WireError::Malformed,
                         "dhcp: option 53 (message type) value %u is not "
                         "a message type (1 = DISCOVER ... 8 = INFORM)",
                         d[0]);
        r.message_type = MessageType(d[0]);
        break;
    case OptionCode::ServerId: r.server_id = load_addr(d.data()); break;
    case OptionCode::ParameterRequestList:
        r.parameter_request_list.assign(d.begin(), d.end());
        break;
    case OptionCode::Message: r.message.assign(d.begin(), d.end()); break;
    case OptionCode::MaxMessageSize: r.max_message_size = load_be16(d.data()); break;
    case OptionCode::RenewalTime: r.renewal_time = load_be32(d.data()); break;
    case OptionCode::RebindingTime: r.rebinding_time = load_be32(d.data()); break;
    case OptionCode::ClientId: r.client_id.assign(d.begin(), d.end()); break;
    default: WIRELAB_ASSERT(false && "dhcp::apply: option without a rule");
    }
    return Ok{};
}

struct Entry {
    uint8_t code;
    ByteSpan data;
};

// Walks the options area into (code, data) entries; Pad skipped, End required.
Result<std::vector<Entry>, WireFault> scan_options(ByteSpan m)
{
    std::vector<Entry> entries;
    size_t i = kOptions;
    while (i < m.size()) {
        uint8_t code = m[i];
        if (code == uint8_t(OptionCode::Pad)) {
            ++i;
            continue;
        }
        if (code == uint8_t(OptionCode::End)) return entries;
        if (code == uint8_t(OptionCode::Overload))
            return fault(WireError::Unsupported,
                         "dhcp: option 52 (overload: options continued in sname/file) at offset "
                         "%u is not supported",
                         uint32_t(i));
        if (i + 1 >= m.size())
            return fault(WireError::Truncated, "dhcp: option %u at offset %u has no length byte",
                         code, uint32_t(i));
        size_t len = m[i + 1];
        if (i + 2 + len > m.size())
            return fault(WireError::Truncated,
                         "dhcp: option %u at offset %u runs past the end of the message", code,
                         uint32_t(i));
        entries.push_back({code, m.subspan(i + 2, len)});
        i += 2 + len;
    }
    return fault(WireError::Malformed,
                 "dhcp: options run to the end of the message (%u bytes) without End (255)",
                 uint32_t(m.size()));
}

// RFC 3396: several instances of one option are one option, concatenated in the order met.
Bytes concatenated(const std::vector<Entry>& entries, uint8_t code)
{
    Bytes all;
    for (const Entry& e : entries)
        if (e.code == code) all.insert(all.end(), e.data.begin(), e.data.end());
    return all;
}

Result<Ok, WireFault> decode_options(Repr& r, const std::vector<Entry>& entries)
{
    for (size_t k = 0; k < entries.size(); ++k) {
        uint8_t code = entries[k].code;
        bool seen = std::any_of(entries.begin(), entries.begin() + std::ptrdiff_t(k),
                                [&](const Entry& e) { return e.code == code; });
        if (seen) continue;
        Bytes data = concatenated(entries, code);
        const LengthRule* rule = rule_for(code);
        if (!rule) {
            r.other_options.push_back({code, std::move(data)});
            continue;
        }
        size_t n = data.size();
        bool ok = rule->exact ? n == rule->exact : n >= rule->min && n % rule->step == 0;
        if (!ok) return fault(WireError::Malformed, rule->bad_len, uint32_t(n));
        auto applied = apply(r, code, data);
        if (!applied) return fail(applied.error());
    }
    return Ok{};
}

Repr decode_header(ByteSpan m)
{
    Repr r;
    r.op = Op(m[kOp]);
    r.hops = m[kHops];
    r.xid = load_be32(&m[kXid]);
    r.secs = load_be16(&m[kSecs]);
    r.broadcast = (load_be16(&m[kFlags]) & kFlagBroadcast) != 0;
    r.ciaddr = load_addr(&m[kCiaddr]);
    r.yiaddr = load_addr(&m[kYiaddr]);
    r.siaddr = load_addr(&m[kSiaddr]);
    r.giaddr = load_addr(&m[kGiaddr]);
    std::copy_n(&m[kChaddr], 6, r.chaddr.bytes.begin());
    r.sname = load_cstring(m.subspan(kSname, kSnameLen));
    r.file = load_cstring(m.subspan(kFile, kFileLen));
    return r;
}

// Writes options (or only counts them when `out` is null), splitting data over 255 bytes into
// consecutive instances (RFC 3396).
class OptionWriter {
public:
    explicit OptionWriter(uint8_t* out) : m_out(out) {}

    void put(uint8_t code, ByteSpan data)
    {
        size_t done = 0;
        do {
            size_t n = std::min<size_t>(255, data.size() - done);
            if (m_out) {
                m_out[m_len] = code;
                m_out[m_len + 1] = uint8_t(n);
                if (n) std::memcpy(m_out + m_len + 2, data.data() + done, n);
            }
            m_len += 2 + n;
            done += n;
        } while (done < data.size());
    }
    void put(OptionCode code, ByteSpan data) { put(uint8_t(code), data); }
    void put_string(OptionCode code, const std::string& s)
    {
        if (!s.empty()) put(code, ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
    }
    void put_addr(OptionCode code, const std::optional<Ipv4Addr>& a)
    {
        if (a) put(code, a->bytes);
    }
    void put_addrs(OptionCode code, const std::vector<Ipv4Addr>& v)
    {
        if (v.empty()) return;
        Bytes b;
        for (const Ipv4Addr& a : v) b.insert(b.end(), a.bytes.begin(), a.bytes.end());
        put(code, b);
    }
    void put_u32(OptionCode code, const std::optional<uint32_t>& v)
    {
        if (!v) return;
        uint8_t b[4];
        store_be32(b, *v);
        put(code, b);
    }
    size_t size() const { return m_len; }

private:
    uint8_t* m_out;
    size_t m_len = 0;
};

// The one option order both buffer_len and emit follow.
void write_options(const Repr& r, OptionWriter& w)
{
    if (r.message_type) {
        uint8_t t = uint8_t(*r.message_type);
        w.put(OptionCode::MessageType, ByteSpan(&t, 1));
    }
    if (!r.client_id.empty()) w.put(OptionCode::ClientId, r.client_id);
    w.put_addr(OptionCode::RequestedIp, r.requested_ip);
    if (r.max_message_size) {
        uint8_t b[2];
        store_be16(b, *r.max_message_size);
        w.put(OptionCode::MaxMessageSize, b);
    }
    w.put_addr(OptionCode::ServerId, r.server_id);
    w.put_u32(OptionCode::LeaseTime, r.lease_time);
    w.put_u32(OptionCode::RenewalTime, r.renewal_time);
    w.put_u32(OptionCode::RebindingTime, r.rebinding_time);
    w.put_addr(OptionCode::SubnetMask, r.subnet_mask);
    w.put_addrs(OptionCode::Router, r.routers);
    w.put_addrs(OptionCode::DnsServer, r.dns_servers);
    w.put_string(OptionCode::DomainName, r.domain_name);
    w.put_string(OptionCode::HostName, r.host_name);
    w.put_string(OptionCode::Message, r.message);
    if (!r.parameter_request_list.empty())
        w.put(OptionCode::ParameterRequestList, r.parameter_request_list);
    for (const RawOption& o : r.other_options) w.put(o.code, o.data);
}

void check_emittable(const Repr& r)
{
    WIRELAB_ASSERT(r.sname.size() <= kSnameLen && r.file.size() <= kFileLen &&
                   r.sname.find('\0') == std::string::npos &&
                   r.file.find('\0') == std::string::npos &&
                   "dhcp::emit: sname/file too long or containing NUL");
    WIRELAB_ASSERT((r.client_id.empty() || r.client_id.size() >= 2) &&
                   "dhcp::emit: a client identifier needs a type byte and at least one more");
    WIRELAB_ASSERT((!r.message_type || uint8_t(*r.message_type) != 0) &&
                   "dhcp::emit: message type 0 does not exist");
    for (size_t i = 0; i < r.other_options.size(); ++i) {
        uint8_t code = r.other_options[i].code;
        WIRELAB_ASSERT(!is_interpreted(code) && "dhcp::emit: other_options holds a known code");
        for (size_t j = 0; j < i; ++j)
            WIRELAB_ASSERT(r.other_options[j].code != code &&
                           "dhcp::emit: other_options holds one code twice");
    }
}

void store_cstring(uint8_t* field, size_t field_len, const std::string& s)
{
    // A fixed-width, NUL-padded field (RFC 2131 sname/file): a name of exactly field_len bytes
    // has no terminator, and emit() has checked s.size() <= field_len.
    std::memset(field, 0, field_len);
    // NOLINTNEXTLINE(bugprone-not-null-terminated-result): a NUL-padded field, as said above
    std::memcpy(field, s.data(), s.size());
}

} // namespace

const char* to_string(MessageType t)
{
    switch (t) {
    case MessageType::Discover: return "DHCPDISCOVER";
    case MessageType::Offer: return "DHCPOFFER";
    case MessageType::Request: return "DHCPREQUEST";
    case MessageType::Decline: return "DHCPDECLINE";
    case MessageType::Ack: return "DHCPACK";
    case MessageType::Nak: return "DHCPNAK";
    case MessageType::Release: return "DHCPRELEASE";
    case MessageType::Inform: return "DHCPINFORM";
    }
    return "DHCP (unknown type)";
}

const RawOption* Repr::find_option(uint8_t code) const
{
    for (const RawOption& o : other_options)
        if (o.code == code) return &o;
    return nullptr;
}

Bytes client_id_for(const MacAddr& mac)
{
    Bytes id{1}; // hardware type 1 (Ethernet), RFC 1700 "Address Resolution Protocol Parameters"
    id.insert(id.end(), mac.bytes.begin(), mac.bytes.end());
    return id;
}

Result<Repr, WireFault> parse(ByteSpan m)
{
    if (m.size() < kOptions)
        return fault(WireError::Truncated,
                     "dhcp: message of %u bytes, the fixed header and magic cookie need %u",
                     uint32_t(m.size()), uint32_t(kOptions));
    if (m[kOp] != uint8_t(Op::Request) && m[kOp] != uint8_t(Op::Reply))
        return fault(WireError::Malformed, "dhcp: op %u, must be 1 (BOOTREQUEST) or 2 (BOOTREPLY)",
                     m[kOp]);
    if (m[kHtype] != 1 || m[kHlen] != 6)
        return fault(WireError::Unsupported,
                     "dhcp: hardware type %u with address length %u, only 1 (Ethernet) with 6",
                     m[kHtype], m[kHlen]);
    uint32_t cookie = load_be32(&m[kCookie]);
    if (cookie != kMagicCookie)
        return fault(WireError::UnknownProtocol,
                     "dhcp: magic cookie 0x%08x, DHCP needs 0x63825363 (99.130.83.99): plain BOOTP",
                     cookie);
    auto entries = scan_options(m);
    if (!entries) return fail(entries.error());
    Repr r = decode_header(m);
    auto decoded = decode_options(r, entries.value());
    if (!decoded) return fail(decoded.error());
    return r;
}

size_t buffer_len(const Repr& r)
{
    OptionWriter counter(nullptr);
    write_options(r, counter);
    return std::max(kOptions + counter.size() + 1, kMinMessageLen);
}

void emit(const Repr& r, MutByteSpan out)
{
    WIRELAB_ASSERT(out.size() == buffer_len(r) && "dhcp::emit: out must be buffer_len(repr)");
    check_emittable(r);
    uint8_t* p = out.data();
    p[kOp] = uint8_t(r.op);
    p[kHtype] = 1;
    p[kHlen] = 6;
    p[kHops] = r.hops;
    store_be32(p + kXid, r.xid);
    store_be16(p + kSecs, r.secs);
    store_be16(p + kFlags, r.broadcast ? kFlagBroadcast : 0);
    std::memcpy(p + kCiaddr, r.ciaddr.bytes.data(), 4);
    std::memcpy(p + kYiaddr, r.yiaddr.bytes.data(), 4);
    std::memcpy(p + kSiaddr, r.siaddr.bytes.data(), 4);
    std::memcpy(p + kGiaddr, r.giaddr.bytes.data(), 4);
    std::memset(p + kChaddr, 0, kChaddrLen);
    std::memcpy(p + kChaddr, r.chaddr.bytes.data(), 6);
    store_cstring(p + kSname, kSnameLen, r.sname);
    store_cstring(p + kFile, kFileLen, r.file);
    store_be32(p + kCookie, kMagicCookie);
    OptionWriter w(p + kOptions);
    write_options(r, w);
    size_t end = kOptions + w.size();
    p[end] = uint8_t(OptionCode::End);
    std::memset(p + end + 1, 0, out.size() - end - 1); // Pad options (RFC 2132 §3.1)
}

Repr reply_to(const Repr& request, MessageType type)
{
    Repr r;
    r.op = Op::Reply;
    r.xid = request.xid;
    r.broadcast =
        request.broadcast || (type == MessageType::Nak && !request.giaddr.is_unspecified());
    r.giaddr = request.giaddr;
    r.chaddr = request.chaddr;
    if (type == MessageType::Ack) r.ciaddr = request.ciaddr;
    r.message_type = type;
    return r;
}

ReplyTarget reply_target(const Repr& reply)
{
    if (!reply.giaddr.is_unspecified())
        return {reply.giaddr, kServerPort, LinkDestination::Resolve};
    bool nak = reply.message_type == MessageType::Nak;
    if (!reply.ciaddr.is_unspecified() && !nak)
        return {reply.ciaddr, kClientPort, LinkDestination::Resolve};
    if (reply.broadcast || nak || reply.yiaddr.is_unspecified())
        return {Ipv4Addr::broadcast(), kClientPort, LinkDestination::Broadcast};
    return {reply.yiaddr, kClientPort, LinkDestination::ClientMac};
}

} // namespace wirelab::wire::dhcp
