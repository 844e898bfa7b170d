// ICMPv4 (RFC 792, RFC 1191): echo, destination unreachable, time exceeded; malformed cases.
#include "core/wire/icmpv4.h"

#include "tests/wire/fixtures.h"
#include "tests/wire/wire_test_util.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;
using test::poisoned;
using test::span_of;
using test::to_bytes;

namespace {

// Start of the ICMP message in the ICMP fixture frames (IPv4 without options).
constexpr size_t kIcmp = kL4v4;

Bytes emitted(const icmpv4::Repr& repr, ByteSpan payload)
{
    Bytes out = poisoned(icmpv4::buffer_len(repr, payload.size()));
    icmpv4::emit(repr, payload, out);
    return out;
}

} // namespace

TEST_CASE("icmpv4: deconstruct Linux's echo request", "[wire][icmpv4]")
{
    auto r = icmpv4::parse(span_of(kIcmpv4EchoFrame, kIcmp));
    REQUIRE(r.ok());
    CHECK(r->repr == icmpv4::Repr{icmpv4::EchoRequest{0x1c2d, 1}});
    REQUIRE(r->payload.size() == 56);
    CHECK(r->payload[16] == 0x10); // ping's pattern: byte i holds i
    CHECK(r->payload[55] == 0x37);
}

TEST_CASE("icmpv4: construct an echo request and its reply", "[wire][icmpv4]")
{
    ByteSpan data = span_of(kIcmpv4EchoFrame, kIcmp + 8);
    CHECK(emitted(icmpv4::EchoRequest{0x1c2d, 1}, data) == to_bytes(kIcmpv4EchoFrame, kIcmp));
    // The reply differs in the type byte only, and the checksum by 0x0800 (RFC 1624).
    Bytes reply = emitted(icmpv4::EchoReply{0x1c2d, 1}, data);
    CHECK(reply[0] == 0);
    CHECK(load_be16(&reply[2]) == load_be16(&kIcmpv4EchoFrame[kIcmp + 2]) + 0x0800);
    auto back = icmpv4::parse(reply);
    REQUIRE(back.ok());
    CHECK(back->repr == icmpv4::Repr{icmpv4::EchoReply{0x1c2d, 1}});
}

TEST_CASE("icmpv4: port unreachable quotes the whole UDP datagram", "[wire][icmpv4]")
{
    auto r = icmpv4::parse(span_of(kIcmpv4PortUnreachFrame, kIcmp));
    REQUIRE(r.ok());
    CHECK(r->repr == icmpv4::Repr{icmpv4::DestUnreachable{icmpv4::UnreachableCode::Port, 0}});
    ByteSpan udp_packet = span_of(kUdpV4Frame, kL3, kL3 + 35);
    CHECK(Bytes(r->payload.begin(), r->payload.end()) ==
          Bytes(udp_packet.begin(), udp_packet.end()));
    CHECK(emitted(r->repr, udp_packet) == to_bytes(kIcmpv4PortUnreachFrame, kIcmp));
}

TEST_CASE("icmpv4: time exceeded quotes the header and 8 bytes", "[wire][icmpv4]")
{
    auto r = icmpv4::parse(span_of(kIcmpv4TimeExceededFrame, kIcmp));
    REQUIRE(r.ok());
    icmpv4::Repr want = icmpv4::TimeExceeded{icmpv4::TimeExceededCode::TtlExceeded};
    CHECK(r->repr == want);
    CHECK(r->payload.size() == 28);
    CHECK(emitted(want, r->payload) == to_bytes(kIcmpv4TimeExceededFrame, kIcmp));
}

TEST_CASE("icmpv4: fragmentation needed carries the next-hop MTU (RFC 1191 §4)", "[wire][icmpv4]")
{
    ByteSpan quote = span_of(kUdpV4Frame, kL3, kL3 + 28);
    icmpv4::Repr repr = icmpv4::DestUnreachable{icmpv4::UnreachableCode::FragNeeded, 1400};
    const uint8_t header[] = {
        0x03,       // type 3 (destination unreachable)
        0x04,       // code 4 (fragmentation needed and DF set)
        0xc3, 0xd7, // checksum (python3)
        0x00, 0x00, // unused
        0x05, 0x78, // next-hop MTU 1400
    };
    // Built by copying into a sized vector: GCC 12 warns falsely (-Warray-bounds) on insert.
    Bytes want(sizeof header + quote.size());
    std::copy(quote.begin(), quote.end(),
              std::copy(std::begin(header), std::end(header), want.begin()));
    CHECK(emitted(repr, quote) == want);
    auto r = icmpv4::parse(want);
    REQUIRE(r.ok());
    CHECK(r->repr == repr);
}

TEST_CASE("icmpv4: errors quote at most 548 bytes, so they fit in 576", "[wire][icmpv4]")
{
    Bytes big(1500, 0x45);
    CHECK(icmpv4::quote_invoking(big).size() == 576 - 20 - 8);
    CHECK(icmpv4::quote_invoking(span_of(kUdpV4Frame, kL3, kL3 + 35)).size() == 35);
}

TEST_CASE("icmpv4: truncated, bad checksum, unknown type and undefined codes", "[wire][icmpv4]")
{
    for (size_t n = 0; n < icmpv4::kHeaderLen; ++n)
        CHECK(icmpv4::parse(span_of(kIcmpv4EchoFrame, kIcmp, kIcmp + n)).error() ==
              WireError::Truncated);
    Bytes m = to_bytes(kIcmpv4EchoFrame, kIcmp);
    m[20] ^= 0xff; // corrupt a data byte
    auto bad = icmpv4::parse(m);
    CHECK(bad.error() == WireError::BadChecksum);
    CHECK(icmpv4::parse(m, ChecksumCheck::Skip).ok());

    Bytes ts = to_bytes(kIcmpv4EchoFrame, kIcmp);
    ts[0] = 13; // timestamp request
    test::refill_checksum(ts, icmpv4::kChecksum);
    auto unknown = icmpv4::parse(ts);
    CHECK(unknown.error() == WireError::Unsupported);
    CHECK(unknown.error().message() == "icmpv4: message type 13 is not supported");

    Bytes code = to_bytes(kIcmpv4PortUnreachFrame, kIcmp);
    code[1] = 16;
    test::refill_checksum(code, icmpv4::kChecksum);
    CHECK(icmpv4::parse(code).error() == WireError::Malformed);
    Bytes tex = to_bytes(kIcmpv4TimeExceededFrame, kIcmp);
    tex[1] = 2;
    test::refill_checksum(tex, icmpv4::kChecksum);
    CHECK(icmpv4::parse(tex).error() == WireError::Malformed);
}
