// ICMPv4 message parse/emit.
#include "core/wire/icmpv4.h"

#include "core/base/assert.h"
#include "core/wire/checksum.h"

#include <algorithm>
#include <cstring>

namespace wirelab::wire::icmpv4 {

namespace {

constexpr uint8_t kMaxUnreachableCode = 15;

Result<Repr, WireFault> parse_header(ByteSpan p)
{
    uint8_t code = p[kCode];
    switch (Type(p[kType])) {
    case Type::EchoRequest: return Repr{EchoRequest{load_be16(&p[kIdent]), load_be16(&p[kSeqNo])}};
    case Type::EchoReply: return Repr{EchoReply{load_be16(&p[kIdent]), load_be16(&p[kSeqNo])}};
    case Type::DestUnreachable:
        if (code > kMaxUnreachableCode)
            return fault(WireError::Malformed,
                         "icmpv4: destination unreachable code %u is not defined (0-%u)", code,
                         kMaxUnreachableCode);
        return Repr{DestUnreachable{UnreachableCode(code), load_be16(&p[kNextHopMtu])}};
    case Type::TimeExceeded:
        if (code > 1)
            return fault(WireError::Malformed,
                         "icmpv4: time exceeded code %u is not defined (0 TTL, 1 reassembly)",
                         code);
        return Repr{TimeExceeded{TimeExceededCode(code)}};
    }
    return fault(WireError::Unsupported, "icmpv4: message type %u is not supported", p[kType]);
}

struct TypeCode {
    uint8_t type;
    uint8_t code;
    uint32_t rest; // bytes 4..7
};

TypeCode encode(const Repr& repr)
{
    if (auto* e = std::get_if<EchoRequest>(&repr))
        return {uint8_t(Type::EchoRequest), 0, (uint32_t(e->ident) << 16) | e->seq_no};
    if (auto* e = std::get_if<EchoReply>(&repr))
        return {uint8_t(Type::EchoReply), 0, (uint32_t(e->ident) << 16) | e->seq_no};
    if (auto* u = std::get_if<DestUnreachable>(&repr))
        return {uint8_t(Type::DestUnreachable), uint8_t(u->code), u->next_hop_mtu};
    auto& t = std::get<TimeExceeded>(repr);
    return {uint8_t(Type::TimeExceeded), uint8_t(t.code), 0};
}

} // namespace

Result<Parsed, WireFault> parse(ByteSpan p, ChecksumCheck check)
{
    if (p.size() < kHeaderLen)
        return fault(WireError::Truncated, "icmpv4: %u bytes, the header needs %u",
                     uint32_t(p.size()), uint32_t(kHeaderLen));
    if (check == ChecksumCheck::Verify && !checksum::is_valid(p))
        return fault(WireError::BadChecksum, "icmpv4: checksum 0x%04x does not verify",
                     load_be16(&p[kChecksum]));
    auto repr = parse_header(p);
    if (!repr) return fail(repr.error());
    return Parsed{repr.value(), p.subspan(kHeaderLen)};
}

void emit(const Repr& repr, ByteSpan payload, MutByteSpan out)
{
    WIRELAB_ASSERT(out.size() == buffer_len(repr, payload.size()) &&
                   "icmpv4::emit: out must be buffer_len(repr, payload_len)");
    TypeCode tc = encode(repr);
    out[kType] = tc.type;
    out[kCode] = tc.code;
    store_be16(&out[kChecksum], 0);
    store_be32(&out[kIdent], tc.rest);
    if (!payload.empty() && payload.data() != &out[kHeaderLen])
        std::memmove(&out[kHeaderLen], payload.data(), payload.size());
    store_be16(&out[kChecksum], checksum::compute(out));
}

ByteSpan quote_invoking(ByteSpan invoking)
{
    constexpr size_t kMaxQuote = kMaxErrorDatagram - 20 - kHeaderLen;
    return invoking.first(std::min(invoking.size(), kMaxQuote));
}

} // namespace wirelab::wire::icmpv4
