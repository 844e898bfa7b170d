// TCP header and options parse/emit.
//
// [SECTION] Options: parse
// [SECTION] Options: emit
// [SECTION] Header
#include "core/wire/tcp.h"

#include "core/base/assert.h"

#include <algorithm>
#include <cstring>

namespace wirelab::wire::tcp {

bool Options::operator==(const Options& o) const
{
    return mss == o.mss && window_scale == o.window_scale && sack_permitted == o.sack_permitted &&
           timestamps == o.timestamps && sack_count == o.sack_count &&
           std::equal(sack.begin(), sack.begin() + sack_count, o.sack.begin());
}

// [SECTION] Options: parse
namespace {

constexpr size_t kMssLen = 4;
constexpr size_t kWindowScaleLen = 3;
constexpr size_t kSackPermittedLen = 2;
constexpr size_t kTimestampsLen = 10;

Result<Ok, WireFault> bad_len(uint8_t kind, size_t len)
{
    return fault(WireError::Malformed, "tcp: option kind %u has length %u", kind, uint32_t(len));
}

// One option with kind >= 2 and a valid length byte at o[1] == o.size().
Result<Ok, WireFault> parse_option(ByteSpan o, Options& out)
{
    uint8_t kind = o[0];
    size_t len = o.size();
    switch (OptionKind(kind)) {
    case OptionKind::Mss:
        if (len != kMssLen) return bad_len(kind, len);
        out.mss = load_be16(&o[2]);
        break;
    case OptionKind::WindowScale:
        if (len != kWindowScaleLen) return bad_len(kind, len);
        out.window_scale = o[2];
        break;
    case OptionKind::SackPermitted:
        if (len != kSackPermittedLen) return bad_len(kind, len);
        out.sack_permitted = true;
        break;
    case OptionKind::Timestamps:
        if (len != kTimestampsLen) return bad_len(kind, len);
        out.timestamps = Timestamps{load_be32(&o[2]), load_be32(&o[6])};
        break;
    case OptionKind::Sack:
        if (len < 10 || (len - 2) % 8 != 0) return bad_len(kind, len);
        out.sack_count = uint8_t((len - 2) / 8); // at most 4: len <= 38 in 40 option bytes
        for (size_t b = 0; b < out.sack_count; ++b)
            out.sack[b] = {SeqNum(load_be32(&o[2 + 8 * b])), SeqNum(load_be32(&o[6 + 8 * b]))};
        break;
    default: break; // RFC 9293 §3.1: unknown options are skipped by their length
    }
    return Ok{};
}

Result<Options, WireFault> parse_options(ByteSpan opts)
{
    Options out;
    size_t i = 0;
    while (i < opts.size()) {
        uint8_t kind = opts[i];
        if (kind == uint8_t(OptionKind::End)) break;
        if (kind == uint8_t(OptionKind::Nop)) {
            ++i;
            continue;
        }
        if (i + 1 >= opts.size())
            return fault(WireError::Malformed, "tcp: option kind %u at offset %u has no length",
                         kind, uint32_t(i));
        size_t len = opts[i + 1];
        if (len < 2 || len > opts.size() - i)
            return fault(WireError::Malformed,
                         "tcp: option kind %u has length %u, past the header or below 2", kind,
                         uint32_t(len));
        auto ok = parse_option(opts.subspan(i, len), out);
        if (!ok) return fail(ok.error());
        i += len;
    }
    return out;
}

// [SECTION] Options: emit
size_t sack_len(const Options& o)
{
    return o.sack_count ? 2 + 8 * size_t(o.sack_count) : 0;
}

size_t linux_layout_len(const Options& o)
{
    size_t n = o.mss ? 4 : 0;
    n += o.timestamps ? 12 : (o.sack_permitted ? 4 : 0);
    n += o.window_scale ? 4 : 0;
    n += o.sack_count ? 2 + sack_len(o) : 0;
    return n;
}

size_t packed_len(const Options& o)
{
    size_t n = (o.mss ? kMssLen : 0) + (o.window_scale ? kWindowScaleLen : 0) +
               (o.sack_permitted ? kSackPermittedLen : 0) + (o.timestamps ? kTimestampsLen : 0) +
               sack_len(o);
    return (n + 3) / 4 * 4;
}

uint8_t* put_mss(uint8_t* p, const Options& o)
{
    p[0] = uint8_t(OptionKind::Mss), p[1] = kMssLen;
    store_be16(p + 2, *o.mss);
    return p + kMssLen;
}

uint8_t* put_window_scale(uint8_t* p, const Options& o)
{
    p[0] = uint8_t(OptionKind::WindowScale), p[1] = kWindowScaleLen, p[2] = *o.window_scale;
    return p + kWindowScaleLen;
}

uint8_t* put_sack_permitted(uint8_t* p)
{
    p[0] = uint8_t(OptionKind::SackPermitted), p[1] = kSackPermittedLen;
    return p + kSackPermittedLen;
}

uint8_t* put_timestamps(uint8_t* p, const Options& o)
{
    p[0] = uint8_t(OptionKind::Timestamps), p[1] = kTimestampsLen;
    store_be32(p + 2, o.timestamps->value);
    store_be32(p + 6, o.timestamps->echo_reply);
    return p + kTimestampsLen;
}

uint8_t* put_sack(uint8_t* p, const Options& o)
{
    p[0] = uint8_t(OptionKind::Sack), p[1] = uint8_t(sack_len(o));
    for (size_t b = 0; b < o.sack_count; ++b) {
        store_be32(p + 2 + 8 * b, o.sack[b].left.raw());
        store_be32(p + 6 + 8 * b, o.sack[b].right.raw());
    }
    return p + sack_len(o);
}

uint8_t* put_nops(uint8_t* p, size_t n)
{
    std::fill_n(p, n, uint8_t(OptionKind::Nop));
    return p + n;
}

// Linux's tcp_options_write order, so our SYNs look like Linux's.
void put_linux_layout(uint8_t* p, const Options& o)
{
    if (o.mss) p = put_mss(p, o);
    if (o.timestamps) {
        p = o.sack_permitted ? put_sack_permitted(p) : put_nops(p, 2);
        p = put_timestamps(p, o);
    } else if (o.sack_permitted) {
        p = put_sack_permitted(put_nops(p, 2));
    }
    if (o.window_scale) p = put_window_scale(put_nops(p, 1), o);
    if (o.sack_count) put_sack(put_nops(p, 2), o);
}

void put_packed_layout(uint8_t* p, uint8_t* end, const Options& o)
{
    if (o.mss) p = put_mss(p, o);
    if (o.window_scale) p = put_window_scale(p, o);
    if (o.sack_permitted) p = put_sack_permitted(p);
    if (o.timestamps) p = put_timestamps(p, o);
    if (o.sack_count) p = put_sack(p, o);
    std::fill(p, end, uint8_t(OptionKind::End));
}

} // namespace

size_t options_len(const Options& o)
{
    WIRELAB_ASSERT(o.sack_count <= kMaxSackBlocks && "tcp: at most 4 SACK blocks");
    size_t n = linux_layout_len(o);
    if (n > kMaxOptionsLen) n = packed_len(o);
    WIRELAB_ASSERT(n <= kMaxOptionsLen && "tcp: options do not fit in 40 bytes");
    return n;
}

// [SECTION] Header
Result<Parsed, WireFault> parse(ByteSpan s, const PseudoHeader& ph, ChecksumCheck check)
{
    if (s.size() < kMinHeaderLen)
        return fault(WireError::Truncated, "tcp: %u bytes, the header needs at least %u",
                     uint32_t(s.size()), uint32_t(kMinHeaderLen));
    size_t hlen = size_t(s[kDataOffset] >> 4) * 4;
    if (hlen < kMinHeaderLen)
        return fault(WireError::BadHeaderLength,
                     "tcp: data offset %u words is below the minimum %u", uint32_t(hlen / 4), 5);
    if (s.size() < hlen)
        return fault(WireError::Truncated, "tcp: %u bytes, the data offset says %u",
                     uint32_t(s.size()), uint32_t(hlen));
    if (check == ChecksumCheck::Verify && !verify_upper_checksum(s, ph, IpProtocol::Tcp))
        return fault(WireError::BadChecksum, "tcp: checksum 0x%04x does not verify",
                     load_be16(&s[kChecksum]));
    auto opts = parse_options(s.subspan(kMinHeaderLen, hlen - kMinHeaderLen));
    if (!opts) return fail(opts.error());
    Parsed out;
    Repr& r = out.repr;
    r.src_port = load_be16(&s[kSrcPort]);
    r.dst_port = load_be16(&s[kDstPort]);
    r.seq = SeqNum(load_be32(&s[kSeqNum]));
    r.ack = SeqNum(load_be32(&s[kAckNum]));
    r.flags = s[kFlags];
    r.window = load_be16(&s[kWindow]);
    r.urgent_ptr = load_be16(&s[kUrgentPtr]);
    r.options = opts.value();
    out.payload = s.subspan(hlen);
    return out;
}

void emit(const Repr& r, ByteSpan payload, const PseudoHeader& ph, MutByteSpan out)
{
    size_t olen = options_len(r.options);
    size_t hlen = kMinHeaderLen + olen;
    WIRELAB_ASSERT(out.size() == hlen + payload.size() &&
                   "tcp::emit: out must be buffer_len(repr, payload_len)");
    store_be16(&out[kSrcPort], r.src_port);
    store_be16(&out[kDstPort], r.dst_port);
    store_be32(&out[kSeqNum], r.seq.raw());
    store_be32(&out[kAckNum], r.ack.raw());
    out[kDataOffset] = uint8_t((hlen / 4) << 4);
    out[kFlags] = r.flags;
    store_be16(&out[kWindow], r.window);
    store_be16(&out[kUrgentPtr], r.urgent_ptr);
    uint8_t* opts = out.data() + kMinHeaderLen;
    if (linux_layout_len(r.options) == olen)
        put_linux_layout(opts, r.options);
    else
        put_packed_layout(opts, opts + olen, r.options);
    if (!payload.empty() && payload.data() != &out[hlen])
        std::memmove(&out[hlen], payload.data(), payload.size());
    fill_upper_checksum(out, kChecksum, ph, IpProtocol::Tcp);
}

} // namespace wirelab::wire::tcp
