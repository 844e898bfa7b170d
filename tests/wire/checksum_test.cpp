// RFC 1071 checksum: the RFC's worked example, odd lengths, incremental sums, pseudo-headers.
#include "core/wire/checksum.h"

#include "core/base/rng.h"
#include "core/wire/wire_error.h"
#include "tests/wire/fixtures.h"
#include "tests/wire/wire_test_util.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::wire;

namespace {

// The obvious 16-bit-at-a-time sum, to check the 32-bit-word fast path against.
uint16_t reference_checksum(ByteSpan d)
{
    uint32_t s = 0;
    for (size_t i = 0; i + 1 < d.size(); i += 2) s += uint32_t(d[i] << 8 | d[i + 1]);
    if (d.size() % 2) s += uint32_t(d.back() << 8);
    while (s >> 16) s = (s & 0xffff) + (s >> 16);
    return uint16_t(~s);
}

} // namespace

TEST_CASE("RFC 1071 §3 numerical example", "[wire][checksum]")
{
    // "00 01 f2 03 f4 f5 f6 f7" sums to ddf2 (one's complement), so the checksum is 220d.
    const uint8_t data[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    CHECK(checksum::accumulate(data) == 0xddf2);
    CHECK(checksum::compute(data) == 0x220d);
}

TEST_CASE("an odd last byte is the high byte of a zero-padded word", "[wire][checksum]")
{
    const uint8_t odd[] = {0x12, 0x34, 0x56};
    CHECK(checksum::accumulate(odd) == 0x1234 + 0x5600);
    CHECK(checksum::compute(ByteSpan{}) == 0xffff);
}

TEST_CASE("the fast sum equals the 16-bit reference for every length and alignment",
          "[wire][checksum]")
{
    Rng rng(7);
    Bytes data(300);
    for (auto& b : data) b = uint8_t(rng.next_u32());
    for (size_t start = 0; start < 4; ++start) {
        for (size_t len = 0; start + len <= data.size(); ++len) {
            ByteSpan s(data.data() + start, len);
            REQUIRE(checksum::compute(s) == reference_checksum(s));
        }
    }
}

TEST_CASE("accumulating even-length pieces equals one pass", "[wire][checksum]")
{
    Bytes data(101);
    for (size_t i = 0; i < data.size(); ++i) data[i] = uint8_t(i * 37 + 11);
    uint32_t s = checksum::accumulate(ByteSpan(data).first(14));
    s = checksum::accumulate(ByteSpan(data).subspan(14, 40), s);
    s = checksum::accumulate(ByteSpan(data).subspan(54), s);
    CHECK(checksum::finish(s) == checksum::compute(data));
}

TEST_CASE("a fixture's IPv4 header and upper-layer checksums verify", "[wire][checksum]")
{
    using namespace wirelab::fixtures;
    ByteSpan ip = test::span_of(kTcpSynV4Frame, kL3);
    CHECK(checksum::is_valid(ip.first(20)));
    CHECK(verify_upper_checksum(ip.subspan(20), PseudoHeader::v4(kIpA, kIpB), IpProtocol::Tcp));
    CHECK_FALSE(
        verify_upper_checksum(ip.subspan(20), PseudoHeader::v4(kIpA, kIpR), IpProtocol::Tcp));
    ByteSpan v6 = test::span_of(kTcpV6SackFrame, kL4v6);
    CHECK(verify_upper_checksum(v6, PseudoHeader::v6(kGlobalB, kGlobalA), IpProtocol::Tcp));
    CHECK_FALSE(verify_upper_checksum(v6, PseudoHeader::v6(kGlobalB, kGlobalA), IpProtocol::Udp));
}

TEST_CASE("fill_upper_checksum writes what verify accepts; UDP never sends zero",
          "[wire][checksum]")
{
    auto ph = PseudoHeader::v4(fixtures::kIpA, fixtures::kIpB);
    Bytes msg = {0x9c, 0x40, 0x75, 0x30, 0x00, 0x0a, 0xA5, 0xA5, 0x00, 0x00};
    fill_upper_checksum(msg, 6, ph, IpProtocol::Udp, true);
    CHECK(verify_upper_checksum(msg, ph, IpProtocol::Udp));
    // Make the payload word cancel the sum: the computed checksum is then 0, sent as 0xffff.
    uint16_t c = load_be16(&msg[6]);
    store_be16(&msg[8], c);
    fill_upper_checksum(msg, 6, ph, IpProtocol::Udp, true);
    CHECK(load_be16(&msg[6]) == 0xffff);
    CHECK(verify_upper_checksum(msg, ph, IpProtocol::Udp));
    fill_upper_checksum(msg, 6, ph, IpProtocol::Udp, false);
    CHECK(load_be16(&msg[6]) == 0x0000);
}

TEST_CASE("IPv4 and IPv6 pseudo-header sums follow RFC 768 and RFC 8200 §8.1", "[wire][checksum]")
{
    using namespace wirelab::fixtures;
    // IPv4: 0a00 + 0001 + 0a00 + 0002 + 0011 + 000f
    CHECK(PseudoHeader::v4(kIpA, kIpB).sum(IpProtocol::Udp, 15) ==
          0x0a00 + 1 + 0x0a00 + 2 + 17 + 15);
    // IPv6: the 32-bit length contributes both halves.
    uint32_t base = PseudoHeader::v6(kLinkLocalA, kLinkLocalB).sum(IpProtocol::Icmpv6, 0);
    CHECK(base == 0xfe80 + 1 + 0xfe80 + 2 - 0xffff + 58);
    CHECK(PseudoHeader::v6(kLinkLocalA, kLinkLocalB).sum(IpProtocol::Icmpv6, 0x10002) == base + 3);
    CHECK(PseudoHeader::v6(kLinkLocalA, kLinkLocalB).is_ipv6());
    CHECK_FALSE(PseudoHeader::v4(kIpA, kIpB).is_ipv6());
}

TEST_CASE("WireFault messages fill in their numbers", "[wire]")
{
    WireFault f{WireError::BadLength, "ipv4: total length %u is smaller than the header length %u",
                19, 20};
    CHECK(f.message() == "ipv4: total length 19 is smaller than the header length 20");
    CHECK(f == WireError::BadLength);
    CHECK(std::string(to_string(WireError::Truncated)) == "truncated");
    CHECK(std::string(to_string(WireError::BadChecksum)) == "bad checksum");
}
