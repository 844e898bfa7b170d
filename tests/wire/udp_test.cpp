// UDP (RFC 768) over IPv4 and IPv6: deconstruct, construct, zero-checksum rules, malformed.
#include "core/wire/udp.h"

#include "tests/wire/fixtures.h"
#include "tests/wire/wire_test_util.h"

#include <catch2/catch.hpp>

#include <string>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;
using test::poisoned;
using test::span_of;
using test::to_bytes;

namespace {

const PseudoHeader kPh4 = PseudoHeader::v4(kIpA, kIpB);
const PseudoHeader kPh6 = PseudoHeader::v6(kGlobalA, kGlobalB);

// The UDP datagram of kUdpV4Frame without the Ethernet padding.
ByteSpan udp4()
{
    return span_of(kUdpV4Frame, kL4v4, kL4v4 + 15);
}

} // namespace

TEST_CASE("udp: deconstruct over IPv4 and IPv6", "[wire][udp]")
{
    auto r4 = udp::parse(udp4(), kPh4);
    REQUIRE(r4.ok());
    CHECK(r4->repr == udp::Repr{40000, 30000});
    CHECK(std::string(r4->payload.begin(), r4->payload.end()) == "wirelab");
    auto r6 = udp::parse(span_of(kUdpV6Frame, kL4v6), kPh6);
    REQUIRE(r6.ok());
    CHECK(r6->repr == udp::Repr{50000, 30001});
    CHECK(std::string(r6->payload.begin(), r6->payload.end()) == "hello");
}

TEST_CASE("udp: construct over IPv4 and IPv6", "[wire][udp]")
{
    Bytes out = poisoned(udp::buffer_len({}, 7));
    udp::emit(udp::Repr{40000, 30000}, udp4().subspan(8), kPh4, out);
    CHECK(out == Bytes(udp4().begin(), udp4().end()));
    out = poisoned(13);
    udp::emit(udp::Repr{50000, 30001}, span_of(kUdpV6Frame, kL4v6 + 8), kPh6, out);
    CHECK(out == to_bytes(kUdpV6Frame, kL4v6));
}

TEST_CASE("udp: the length field trims trailing bytes", "[wire][udp]")
{
    Bytes d(udp4().begin(), udp4().end());
    d.push_back(0); // a stray byte after the datagram
    auto r = udp::parse(d, kPh4);
    REQUIRE(r.ok());
    CHECK(r->payload.size() == 7);
}

TEST_CASE("udp: a zero checksum means none over IPv4, and is invalid over IPv6", "[wire][udp]")
{
    Bytes d4(udp4().begin(), udp4().end());
    store_be16(&d4[udp::kChecksum], 0);
    CHECK(udp::parse(d4, kPh4).ok());
    Bytes d6 = to_bytes(kUdpV6Frame, kL4v6);
    store_be16(&d6[udp::kChecksum], 0);
    auto r6 = udp::parse(d6, kPh6);
    CHECK(r6.error() == WireError::BadChecksum);
    CHECK(r6.error().message().find("zero checksum over IPv6") != std::string::npos);
}

TEST_CASE("udp: a computed zero checksum is sent as 0xffff", "[wire][udp]")
{
    // Choose the 2-byte payload that makes the sum all ones.
    Bytes payload = {0, 0};
    Bytes out = poisoned(10);
    udp::emit(udp::Repr{1, 2}, payload, kPh4, out);
    store_be16(payload.data(), load_be16(&out[udp::kChecksum]));
    udp::emit(udp::Repr{1, 2}, payload, kPh4, out);
    CHECK(load_be16(&out[udp::kChecksum]) == 0xffff);
    CHECK(udp::parse(out, kPh4).ok());
}

TEST_CASE("udp: truncated, short length field, long length field, bad checksum", "[wire][udp]")
{
    for (size_t n = 0; n < udp::kHeaderLen; ++n)
        CHECK(udp::parse(udp4().first(n), kPh4).error() == WireError::Truncated);
    Bytes d(udp4().begin(), udp4().end());
    store_be16(&d[udp::kLength], 7);
    auto small = udp::parse(d, kPh4);
    CHECK(small.error() == WireError::BadLength);
    CHECK(small.error().message() == "udp: length field 7 is smaller than the header (8)");
    store_be16(&d[udp::kLength], 16);
    CHECK(udp::parse(d, kPh4).error() == WireError::Truncated);
    Bytes bad(udp4().begin(), udp4().end());
    bad.back() ^= 0x20;
    CHECK(udp::parse(bad, kPh4).error() == WireError::BadChecksum);
    CHECK(udp::parse(bad, kPh4, ChecksumCheck::Skip).ok());
    // The same datagram against the wrong addresses.
    CHECK(udp::parse(udp4(), PseudoHeader::v4(kIpA, kIpR)).error() == WireError::BadChecksum);
}
