// libpcap file writer and reader.
#include "core/wire/pcap.h"

#include "core/base/assert.h"

#include <algorithm>

namespace wirelab::wire::pcap {

namespace {

constexpr int64_t kNsPerSec = 1000000000;
constexpr uint32_t kMaxRecordLen = kDefaultSnapLen;

void put_le16(Bytes& out, uint16_t v)
{
    out.push_back(uint8_t(v));
    out.push_back(uint8_t(v >> 8));
}

void put_le32(Bytes& out, uint32_t v)
{
    put_le16(out, uint16_t(v));
    put_le16(out, uint16_t(v >> 16));
}

uint32_t load_le32(const uint8_t* p)
{
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

uint16_t load_le16(const uint8_t* p)
{
    return uint16_t(p[0] | (p[1] << 8));
}

struct Endian {
    bool big;
    uint32_t u32(const uint8_t* p) const { return big ? load_be32(p) : load_le32(p); }
    uint16_t u16(const uint8_t* p) const { return big ? load_be16(p) : load_le16(p); }
};

Result<Capture, WireFault> read_header(ByteSpan f, Endian& e)
{
    if (f.size() < kFileHeaderLen)
        return fault(WireError::Truncated, "pcap: %u bytes, the file header needs %u",
                     uint32_t(f.size()), uint32_t(kFileHeaderLen));
    Capture c;
    uint32_t le = load_le32(&f[kMagic]);
    uint32_t be = load_be32(&f[kMagic]);
    if (le == kMagicNanos || le == kMagicMicros)
        e.big = false;
    else if (be == kMagicNanos || be == kMagicMicros)
        e.big = true;
    else
        return fault(WireError::BadVersion,
                     "pcap: magic 0x%08x is not a pcap file (pcapng is not "
                     "supported)",
                     be);
    c.is_nanosecond = e.u32(&f[kMagic]) == kMagicNanos;
    uint16_t major = e.u16(&f[kVersionMajor]);
    if (major != 2)
        return fault(WireError::BadVersion, "pcap: version %u.%u, expected 2.4", major,
                     e.u16(&f[kVersionMinor]));
    c.snaplen = e.u32(&f[kSnapLen]);
    c.link_type = e.u32(&f[kLinkType]) & 0x0fffffff; // high bits: FCS length (RFC draft §4)
    return c;
}

} // namespace

void PcapWriter::append_header(Bytes& out) const
{
    put_le32(out, kMagicNanos);
    put_le16(out, 2);
    put_le16(out, 4);
    put_le32(out, 0);
    put_le32(out, 0);
    put_le32(out, m_snaplen);
    put_le32(out, kLinkTypeEthernet);
}

void PcapWriter::append_record(Bytes& out, SimTime t, ByteSpan frame) const
{
    WIRELAB_ASSERT(t.ns() >= 0 && t.ns() / kNsPerSec <= UINT32_MAX &&
                   "pcap: timestamps run from 0 to 2^32 s (the year 2106)");
    WIRELAB_ASSERT(frame.size() <= UINT32_MAX && "pcap: frame too large");
    uint32_t incl = uint32_t(std::min<size_t>(frame.size(), m_snaplen));
    put_le32(out, uint32_t(t.ns() / kNsPerSec));
    put_le32(out, uint32_t(t.ns() % kNsPerSec));
    put_le32(out, incl);
    put_le32(out, uint32_t(frame.size()));
    out.insert(out.end(), frame.begin(), frame.begin() + incl);
}

Result<Capture, WireFault> read(ByteSpan f)
{
    Endian e{false};
    auto header = read_header(f, e);
    if (!header) return header;
    Capture c = std::move(header.value());
    int64_t frac_ns = c.is_nanosecond ? 1 : 1000;
    size_t pos = kFileHeaderLen;
    while (pos < f.size()) {
        uint32_t index = uint32_t(c.records.size());
        if (f.size() - pos < kRecordHeaderLen)
            return fault(WireError::Truncated, "pcap: record %u header cut short after %u bytes",
                         index, uint32_t(f.size() - pos));
        const uint8_t* h = &f[pos];
        uint32_t incl = e.u32(h + kInclLen);
        if (incl > kMaxRecordLen || (c.snaplen != 0 && incl > c.snaplen))
            return fault(WireError::Malformed, "pcap: record %u stores %u bytes, over the snaplen",
                         index, incl);
        pos += kRecordHeaderLen;
        if (f.size() - pos < incl)
            return fault(WireError::Truncated, "pcap: record %u data cut short (%u bytes stored)",
                         index, incl);
        uint32_t frac = e.u32(h + kTsFrac);
        if (int64_t(frac) * frac_ns >= kNsPerSec)
            return fault(WireError::Malformed, "pcap: record %u has a sub-second field of %u",
                         index, frac);
        Record r;
        r.time = SimTime::from_ns(int64_t(e.u32(h + kTsSec)) * kNsPerSec + int64_t(frac) * frac_ns);
        r.orig_len = e.u32(h + kOrigLen);
        r.data = f.subspan(pos, incl);
        c.records.push_back(r);
        pos += incl;
    }
    return c;
}

} // namespace wirelab::wire::pcap
