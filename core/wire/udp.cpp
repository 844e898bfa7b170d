// UDP header parse/emit.
#include "core/wire/udp.h"

#include "core/base/assert.h"

#include <cstring>

namespace wirelab::wire::udp {

Result<Parsed, WireFault> parse(ByteSpan d, const PseudoHeader& ph, ChecksumCheck check)
{
    if (d.size() < kHeaderLen)
        return fault(WireError::Truncated, "udp: %u bytes, the header needs %u", uint32_t(d.size()),
                     uint32_t(kHeaderLen));
    size_t len = load_be16(&d[kLength]);
    if (len < kHeaderLen)
        return fault(WireError::BadLength, "udp: length field %u is smaller than the header (%u)",
                     uint32_t(len), uint32_t(kHeaderLen));
    if (len > d.size())
        return fault(WireError::Truncated, "udp: %u bytes, the length field says %u",
                     uint32_t(d.size()), uint32_t(len));
    ByteSpan msg = d.first(len);
    uint16_t sum = load_be16(&d[kChecksum]);
    if (check == ChecksumCheck::Verify) {
        if (sum == 0 && ph.is_ipv6())
            return fault(WireError::BadChecksum,
                         "udp: zero checksum over IPv6 (RFC 8200 §8.1 requires one)");
        if (sum != 0 && !verify_upper_checksum(msg, ph, IpProtocol::Udp))
            return fault(WireError::BadChecksum, "udp: checksum 0x%04x does not verify", sum);
    }
    return Parsed{Repr{load_be16(&d[kSrcPort]), load_be16(&d[kDstPort])}, msg.subspan(kHeaderLen)};
}

void emit(const Repr& r, ByteSpan payload, const PseudoHeader& ph, MutByteSpan out)
{
    WIRELAB_ASSERT(out.size() == buffer_len(r, payload.size()) && out.size() <= 65535 &&
                   "udp::emit: out must be buffer_len(repr, payload_len) <= 65535");
    store_be16(&out[kSrcPort], r.src_port);
    store_be16(&out[kDstPort], r.dst_port);
    store_be16(&out[kLength], uint16_t(out.size()));
    if (!payload.empty() && payload.data() != &out[kHeaderLen])
        std::memmove(&out[kHeaderLen], payload.data(), payload.size());
    fill_upper_checksum(out, kChecksum, ph, IpProtocol::Udp, /*zero_as_ffff=*/true);
}

} // namespace wirelab::wire::udp
