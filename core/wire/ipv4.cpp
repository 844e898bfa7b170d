// IPv4 header parse/emit.
#include "core/wire/ipv4.h"

#include "core/base/assert.h"
#include "core/wire/checksum.h"

#include <algorithm>
#include <cstring>

namespace wirelab::wire::ipv4 {

namespace {

// Everything up to the checksum: returns the header length on success.
Result<size_t, WireFault> check_lengths(ByteSpan p)
{
    if (p.size() < kMinHeaderLen)
        return fault(WireError::Truncated, "ipv4: %u bytes, the header needs at least %u",
                     uint32_t(p.size()), uint32_t(kMinHeaderLen));
    uint8_t version = p[kVersionIhl] >> 4;
    if (version != 4)
        return fault(WireError::BadVersion, "ipv4: version field is %u, expected %u", version, 4);
    size_t hlen = size_t(p[kVersionIhl] & 0x0f) * 4;
    if (hlen < kMinHeaderLen)
        return fault(WireError::BadHeaderLength, "ipv4: header length %u is below the minimum %u",
                     uint32_t(hlen), uint32_t(kMinHeaderLen));
    if (p.size() < hlen)
        return fault(WireError::Truncated, "ipv4: %u bytes, the header length says %u",
                     uint32_t(p.size()), uint32_t(hlen));
    size_t total = load_be16(&p[kTotalLen]);
    if (total < hlen)
        return fault(WireError::BadLength,
                     "ipv4: total length %u is smaller than the header length %u", uint32_t(total),
                     uint32_t(hlen));
    if (p.size() < total)
        return fault(WireError::Truncated, "ipv4: %u bytes, the total length says %u",
                     uint32_t(p.size()), uint32_t(total));
    return hlen;
}

} // namespace

Result<Parsed, WireFault> parse(ByteSpan p, ChecksumCheck check)
{
    auto lengths = check_lengths(p);
    if (!lengths) return fail(lengths.error());
    size_t hlen = lengths.value();
    if (check == ChecksumCheck::Verify && !checksum::is_valid(p.first(hlen)))
        return fault(WireError::BadChecksum, "ipv4: header checksum 0x%04x does not verify",
                     load_be16(&p[kChecksum]));
    Parsed out;
    Repr& r = out.repr;
    r.dscp = p[kDscpEcn] >> 2;
    r.ecn = p[kDscpEcn] & 0x03;
    r.ident = load_be16(&p[kIdent]);
    uint16_t ff = load_be16(&p[kFlagsFrag]);
    r.dont_frag = (ff & kFlagDontFrag) != 0;
    r.more_frags = (ff & kFlagMoreFrags) != 0;
    r.frag_offset = uint16_t((ff & kFragOffsetMask) * 8);
    r.ttl = p[kTtl];
    r.protocol = IpProtocol(p[kProtocol]);
    std::copy_n(&p[kSrc], 4, r.src.bytes.begin());
    std::copy_n(&p[kDst], 4, r.dst.bytes.begin());
    r.options.assign(p.begin() + kMinHeaderLen, p.begin() + ptrdiff_t(hlen));
    out.payload = p.subspan(hlen, load_be16(&p[kTotalLen]) - hlen);
    return out;
}

void emit(const Repr& r, ByteSpan payload, MutByteSpan out)
{
    size_t hlen = header_len(r);
    WIRELAB_ASSERT(out.size() == buffer_len(r, payload.size()) && out.size() <= kMaxTotalLen &&
                   "ipv4::emit: out must be buffer_len(repr, payload_len) <= 65535");
    WIRELAB_ASSERT(r.options.size() % 4 == 0 && r.options.size() <= kMaxOptionsLen &&
                   "ipv4::emit: options must be a multiple of 4 bytes, at most 40");
    WIRELAB_ASSERT(r.dscp < 64 && r.ecn < 4 && "ipv4::emit: dscp is 6 bits, ecn 2 bits");
    WIRELAB_ASSERT(r.frag_offset % 8 == 0 && "ipv4::emit: fragment offset is in 8-byte units");
    out[kVersionIhl] = uint8_t(0x40 | (hlen / 4));
    out[kDscpEcn] = uint8_t((r.dscp << 2) | r.ecn);
    store_be16(&out[kTotalLen], uint16_t(out.size()));
    store_be16(&out[kIdent], r.ident);
    uint16_t ff = uint16_t(r.frag_offset / 8);
    if (r.dont_frag) ff |= kFlagDontFrag;
    if (r.more_frags) ff |= kFlagMoreFrags;
    store_be16(&out[kFlagsFrag], ff);
    out[kTtl] = r.ttl;
    out[kProtocol] = uint8_t(r.protocol);
    std::copy(r.src.bytes.begin(), r.src.bytes.end(), &out[kSrc]);
    std::copy(r.dst.bytes.begin(), r.dst.bytes.end(), &out[kDst]);
    std::copy(r.options.begin(), r.options.end(), out.data() + kMinHeaderLen);
    store_be16(&out[kChecksum], 0);
    store_be16(&out[kChecksum], checksum::compute(out.first(hlen)));
    if (!payload.empty() && payload.data() != &out[hlen])
        std::memmove(&out[hlen], payload.data(), payload.size());
}

} // namespace wirelab::wire::ipv4
