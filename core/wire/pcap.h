// The classic libpcap capture file format (draft-ietf-opsawg-pcap): bytes only, no file I/O
// (core/ has none; sim/ writes files). We write the nanosecond-resolution variant (magic
// 0xa1b23c4d), version 2.4, LINKTYPE_ETHERNET, little-endian. The reader accepts both byte
// orders and both resolutions, for tests and tools.
#pragma once

#include "core/base/bytes.h"
#include "core/base/sim_time.h"
#include "core/wire/wire_error.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wirelab::wire::pcap {

// File header (24 bytes)
constexpr size_t kMagic = 0;        // 4 bytes
constexpr size_t kVersionMajor = 4; // 2 bytes: 2
constexpr size_t kVersionMinor = 6; // 2 bytes: 4
constexpr size_t kThisZone = 8;     // 4 bytes: 0
constexpr size_t kSigFigs = 12;     // 4 bytes: 0
constexpr size_t kSnapLen = 16;     // 4 bytes
constexpr size_t kLinkType = 20;    // 4 bytes
constexpr size_t kFileHeaderLen = 24;
// Record header (16 bytes)
constexpr size_t kTsSec = 0;
constexpr size_t kTsFrac = 4;   // ns (or µs with the microsecond magic)
constexpr size_t kInclLen = 8;  // bytes stored
constexpr size_t kOrigLen = 12; // bytes on the wire
constexpr size_t kRecordHeaderLen = 16;

constexpr uint32_t kMagicNanos = 0xa1b23c4d;
constexpr uint32_t kMagicMicros = 0xa1b2c3d4;
constexpr uint32_t kDefaultSnapLen = 262144;
constexpr uint32_t kLinkTypeEthernet = 1;

class PcapWriter {
public:
    explicit PcapWriter(uint32_t snaplen = kDefaultSnapLen) : m_snaplen(snaplen) {}

    // Appends the 24-byte file header.
    void append_header(Bytes& out) const;
    // Appends one record: `t` (0 to 2^32 s) as seconds + nanoseconds, the frame cut to the
    // snaplen.
    void append_record(Bytes& out, SimTime t, ByteSpan frame) const;

private:
    uint32_t m_snaplen;
};

struct Record {
    SimTime time;
    uint32_t orig_len = 0; // length on the wire; data.size() may be smaller (snaplen)
    ByteSpan data;         // borrows from the file bytes
};

struct Capture {
    uint32_t snaplen = 0;
    uint32_t link_type = 0;
    bool is_nanosecond = true;
    std::vector<Record> records;
};

// Parses a whole capture. A file cut short inside a record header or record data is
// Truncated (naming the record); a record longer than the snaplen or 256 KiB, or with a
// sub-second field of a second or more, is Malformed.
Result<Capture, WireFault> read(ByteSpan file);

} // namespace wirelab::wire::pcap
