// pcap: byte-exact file and record headers, reading back, truncation, byte orders, snaplen.
#include "core/wire/pcap.h"

#include "tests/wire/fixtures.h"
#include "tests/wire/wire_test_util.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;
using test::to_bytes;

TEST_CASE("pcap: the file header is the nanosecond little-endian variant", "[wire][pcap]")
{
    Bytes out;
    pcap::PcapWriter().append_header(out);
    const Bytes want = {
        0x4d, 0x3c, 0xb2, 0xa1, // magic 0xa1b23c4d (nanosecond timestamps), little-endian
        0x02, 0x00,             // version major 2
        0x04, 0x00,             // version minor 4
        0x00, 0x00, 0x00, 0x00, // thiszone 0
        0x00, 0x00, 0x00, 0x00, // sigfigs 0
        0x00, 0x00, 0x04, 0x00, // snaplen 262144
        0x01, 0x00, 0x00, 0x00, // link type 1 (LINKTYPE_ETHERNET)
    };
    CHECK(out == want);
}

TEST_CASE("pcap: a record is seconds, nanoseconds, stored and original lengths", "[wire][pcap]")
{
    Bytes out;
    pcap::PcapWriter().append_record(out, SimTime::from_ms(1500), kArpReplyFrame);
    Bytes want = {
        0x01, 0x00, 0x00, 0x00, // ts_sec 1
        0x00, 0x65, 0xcd, 0x1d, // ts_nsec 500000000
        0x2a, 0x00, 0x00, 0x00, // incl_len 42
        0x2a, 0x00, 0x00, 0x00, // orig_len 42
    };
    Bytes frame = to_bytes(kArpReplyFrame);
    want.insert(want.end(), frame.begin(), frame.end());
    CHECK(out == want);
}

TEST_CASE("pcap: what the writer writes, the reader reads back", "[wire][pcap]")
{
    pcap::PcapWriter w;
    Bytes file;
    w.append_header(file);
    int64_t t = 0;
    for (const NamedFrame& f : kAllFrames)
        w.append_record(file, SimTime::from_us(t += 1234567), ByteSpan(f.data, f.size));
    auto c = pcap::read(file);
    REQUIRE(c.ok());
    CHECK(c->link_type == pcap::kLinkTypeEthernet);
    CHECK(c->snaplen == pcap::kDefaultSnapLen);
    CHECK(c->is_nanosecond);
    REQUIRE(c->records.size() == std::size(kAllFrames));
    t = 0;
    for (size_t i = 0; i < c->records.size(); ++i) {
        const auto& r = c->records[i];
        CHECK(r.time == SimTime::from_us(t += 1234567));
        CHECK(r.orig_len == kAllFrames[i].size);
        CHECK(Bytes(r.data.begin(), r.data.end()) ==
              Bytes(kAllFrames[i].data, kAllFrames[i].data + kAllFrames[i].size));
    }
}

TEST_CASE("pcap: frames longer than the snaplen are cut, keeping the original length",
          "[wire][pcap]")
{
    pcap::PcapWriter w(64);
    Bytes file;
    w.append_header(file);
    w.append_record(file, SimTime::zero(), kIcmpv4EchoFrame);
    auto c = pcap::read(file);
    REQUIRE(c.ok());
    REQUIRE(c->records.size() == 1);
    CHECK(c->records[0].data.size() == 64);
    CHECK(c->records[0].orig_len == 98);
}

TEST_CASE("pcap: a file cut anywhere is read or reported as truncated, never overrun",
          "[wire][pcap]")
{
    pcap::PcapWriter w;
    Bytes file;
    w.append_header(file);
    w.append_record(file, SimTime::from_s(1), kArpReplyFrame);
    w.append_record(file, SimTime::from_s(2), kUdpV4Frame);
    for (size_t n = 0; n < file.size(); ++n) {
        auto c = pcap::read(ByteSpan(file).first(n));
        bool boundary = n == 24 || n == 24 + 16 + 42;
        CHECK(c.ok() == boundary);
        if (!c.ok()) CHECK(c.error() == WireError::Truncated);
    }
    auto cut = pcap::read(ByteSpan(file).first(file.size() - 1));
    CHECK(cut.error().message() == "pcap: record 1 data cut short (60 bytes stored)");
}

TEST_CASE("pcap: big-endian microsecond files are read too; other magics are not", "[wire][pcap]")
{
    Bytes file = {
        0xa1, 0xb2, 0xc3, 0xd4,             // magic 0xa1b2c3d4 (microseconds), big-endian
        0x00, 0x02, 0x00, 0x04,             // version 2.4
        0,    0,    0,    0,    0, 0, 0, 0, // thiszone, sigfigs
        0x00, 0x00, 0xff, 0xff,             // snaplen 65535
        0x00, 0x00, 0x00, 0x01,             // LINKTYPE_ETHERNET
        0x00, 0x00, 0x00, 0x02,             // ts_sec 2
        0x00, 0x00, 0x00, 0x07,             // ts_usec 7
        0x00, 0x00, 0x00, 0x02,             // incl_len 2
        0x00, 0x00, 0x00, 0x03,             // orig_len 3
        0xaa, 0xbb,                         // data
    };
    auto c = pcap::read(file);
    REQUIRE(c.ok());
    CHECK_FALSE(c->is_nanosecond);
    REQUIRE(c->records.size() == 1);
    CHECK(c->records[0].time == SimTime::from_s(2) + SimTime::from_us(7));
    CHECK(c->records[0].orig_len == 3);
    file[0] = 0x0a; // pcapng's section header block starts 0x0a0d0d0a
    CHECK(pcap::read(file).error() == WireError::BadVersion);
    file[0] = 0xa1;
    file[35] = 0xff; // incl_len 255: within the snaplen, but past the end of the file
    CHECK(pcap::read(file).error() == WireError::Truncated);
    file[33] = 0x01; // incl_len 0x010000ff, over the snaplen
    CHECK(pcap::read(file).error() == WireError::Malformed);
}
