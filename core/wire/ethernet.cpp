// Ethernet II header parse/emit.
#include "core/wire/ethernet.h"

#include "core/base/assert.h"

#include <algorithm>
#include <cstring>

namespace wirelab::wire::ethernet {

Result<Parsed, WireFault> parse(ByteSpan frame)
{
    if (frame.size() < kHeaderLen)
        return fault(WireError::Truncated, "ethernet: frame of %u bytes, header needs %u",
                     uint32_t(frame.size()), uint32_t(kHeaderLen));
    uint16_t type = load_be16(&frame[kEtherType]);
    if (type < kMinEtherType)
        return fault(WireError::Unsupported,
                     "ethernet: type field 0x%04x is an 802.3 length; only Ethernet II "
                     "(EtherType >= 0x0600) is supported",
                     type);
    Parsed p;
    std::copy_n(&frame[kDst], 6, p.repr.dst.bytes.begin());
    std::copy_n(&frame[kSrc], 6, p.repr.src.bytes.begin());
    p.repr.ethertype = EtherType(type);
    p.payload = frame.subspan(kHeaderLen);
    return p;
}

void emit(const Repr& repr, ByteSpan payload, MutByteSpan out)
{
    size_t exact = buffer_len(repr, payload.size(), Pad::None);
    WIRELAB_ASSERT((out.size() == exact || out.size() == buffer_len(repr, payload.size())) &&
                   "ethernet::emit: out must be buffer_len(repr, payload_len, pad)");
    std::copy(repr.dst.bytes.begin(), repr.dst.bytes.end(), &out[kDst]);
    std::copy(repr.src.bytes.begin(), repr.src.bytes.end(), &out[kSrc]);
    store_be16(&out[kEtherType], uint16_t(repr.ethertype));
    if (!payload.empty() && payload.data() != &out[kHeaderLen])
        std::memmove(&out[kHeaderLen], payload.data(), payload.size());
    std::fill(out.begin() + ptrdiff_t(exact), out.end(), uint8_t(0));
}

} // namespace wirelab::wire::ethernet
