// IPv6 header parse/emit and extension header skipping.
#include "core/wire/ipv6.h"

#include "core/base/assert.h"

#include <algorithm>
#include <cstring>

namespace wirelab::wire::ipv6 {

namespace {

constexpr uint8_t kOptPad1 = 0;
constexpr uint8_t kOptPadN = 1;

// Walks the TLV options of a hop-by-hop or destination options header (§4.2).
Result<Ok, WireFault> check_options(ByteSpan opts, const char* unsupported_detail)
{
    size_t i = 0;
    while (i < opts.size()) {
        uint8_t type = opts[i];
        if (type == kOptPad1) {
            ++i;
            continue;
        }
        if (i + 2 > opts.size() || i + 2 + opts[i + 1] > opts.size())
            return fault(WireError::Malformed,
                         "ipv6: option type 0x%02x at offset %u overruns "
                         "its extension header",
                         type, uint32_t(i));
        // The two high bits say what a node that does not know the option must do.
        if (type != kOptPadN && (type >> 6) != 0)
            return fault(WireError::Unsupported, unsupported_detail, type);
        i += 2 + size_t(opts[i + 1]);
    }
    return Ok{};
}

// One extension header at the front of `rest`; returns its length in bytes.
Result<size_t, WireFault> skip_extension(IpProtocol type, ByteSpan rest, bool first)
{
    if (rest.size() < 8)
        return fault(WireError::Truncated, "ipv6: extension header %u needs 8 bytes, %u left",
                     uint8_t(type), uint32_t(rest.size()));
    size_t len = type == IpProtocol::Ipv6Frag ? 8 : (size_t(rest[1]) + 1) * 8;
    if (rest.size() < len)
        return fault(WireError::Truncated, "ipv6: extension header %u is %u bytes, past the end",
                     uint8_t(type), uint32_t(len));
    switch (type) {
    case IpProtocol::HopByHop: {
        if (!first)
            return fault(WireError::Malformed,
                         "ipv6: hop-by-hop header not directly after the fixed header");
        auto ok = check_options(rest.subspan(2, len - 2),
                                "ipv6: hop-by-hop option type 0x%02x requires processing");
        if (!ok) return fail(ok.error());
        return len;
    }
    case IpProtocol::Ipv6Opts: {
        auto ok = check_options(rest.subspan(2, len - 2),
                                "ipv6: destination option type 0x%02x requires processing");
        if (!ok) return fail(ok.error());
        return len;
    }
    case IpProtocol::Ipv6Route:
        if (rest[3] != 0)
            return fault(WireError::Unsupported,
                         "ipv6: routing header type %u with %u segments left is not supported",
                         rest[2], rest[3]);
        return len;
    case IpProtocol::Ipv6Frag:
        if ((load_be16(&rest[2]) & 0xfff9) != 0)
            return fault(WireError::Unsupported,
                         "ipv6: fragment at offset %u; reassembly is not supported",
                         uint32_t(load_be16(&rest[2]) & 0xfff8));
        return len;
    default:
        return fault(WireError::Unsupported, "ipv6: extension header %u is not supported",
                     uint8_t(type));
    }
}

bool is_extension_header(IpProtocol p)
{
    switch (uint8_t(p)) {
    case 0:
    case 43:
    case 44:
    case 50:
    case 51:
    case 60:
    case 135:
    case 139:
    case 140:
    case 253:
    case 254: return true;
    default: return false;
    }
}

} // namespace

Result<Parsed, WireFault> parse(ByteSpan p)
{
    if (p.size() < kHeaderLen)
        return fault(WireError::Truncated, "ipv6: %u bytes, the header needs %u",
                     uint32_t(p.size()), uint32_t(kHeaderLen));
    uint32_t vtf = load_be32(&p[kVersionTcFlow]);
    if ((vtf >> 28) != 6)
        return fault(WireError::BadVersion, "ipv6: version field is %u, expected %u", vtf >> 28, 6);
    size_t plen = load_be16(&p[kPayloadLen]);
    if (p.size() < kHeaderLen + plen)
        return fault(WireError::Truncated,
                     "ipv6: %u bytes after the header, payload length says %u",
                     uint32_t(p.size() - kHeaderLen), uint32_t(plen));
    Parsed out;
    Repr& r = out.repr;
    r.traffic_class = uint8_t(vtf >> 20);
    r.flow_label = vtf & kFlowLabelMask;
    r.next_header = IpProtocol(p[kNextHeader]);
    r.hop_limit = p[kHopLimit];
    std::copy_n(&p[kSrc], 16, r.src.bytes.begin());
    std::copy_n(&p[kDst], 16, r.dst.bytes.begin());
    ByteSpan rest = p.subspan(kHeaderLen, plen);
    IpProtocol proto = r.next_header;
    for (bool first = true; is_extension_header(proto); first = false) {
        auto len = skip_extension(proto, rest, first);
        if (!len) return fail(len.error());
        proto = IpProtocol(rest[0]);
        rest = rest.subspan(len.value());
    }
    out.protocol = proto;
    out.payload = rest;
    return out;
}

void emit(const Repr& r, ByteSpan payload, MutByteSpan out)
{
    WIRELAB_ASSERT(out.size() == buffer_len(r, payload.size()) &&
                   payload.size() <= kMaxPayloadLen &&
                   "ipv6::emit: out must be buffer_len(repr, payload_len), payload <= 65535");
    WIRELAB_ASSERT(r.flow_label <= kFlowLabelMask && "ipv6::emit: flow label is 20 bits");
    store_be32(&out[kVersionTcFlow],
               (uint32_t(6) << 28) | (uint32_t(r.traffic_class) << 20) | r.flow_label);
    store_be16(&out[kPayloadLen], uint16_t(payload.size()));
    out[kNextHeader] = uint8_t(r.next_header);
    out[kHopLimit] = r.hop_limit;
    std::copy(r.src.bytes.begin(), r.src.bytes.end(), &out[kSrc]);
    std::copy(r.dst.bytes.begin(), r.dst.bytes.end(), &out[kDst]);
    if (!payload.empty() && payload.data() != &out[kHeaderLen])
        std::memmove(&out[kHeaderLen], payload.data(), payload.size());
}

} // namespace wirelab::wire::ipv6
