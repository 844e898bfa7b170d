// TCP (RFC 9293): Linux SYN and SACK segments byte for byte, option layouts, malformed
// segments, and SeqNum's modular order.
#include "core/wire/tcp.h"

#include "tests/wire/fixtures.h"
#include "tests/wire/wire_test_util.h"

#include <catch2/catch.hpp>

#include <string>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;
using tcp::SeqNum;
using test::poisoned;
using test::span_of;
using test::to_bytes;

namespace {

const PseudoHeader kPh4 = PseudoHeader::v4(kIpA, kIpB);
const PseudoHeader kPh6 = PseudoHeader::v6(kGlobalB, kGlobalA);

tcp::Repr linux_syn()
{
    tcp::Repr r;
    r.src_port = 45678;
    r.dst_port = 80;
    r.seq = SeqNum(0x3b9aca00);
    r.flags = tcp::kSyn;
    r.window = 64240;
    r.options.mss = 1460;
    r.options.sack_permitted = true;
    r.options.timestamps = tcp::Timestamps{0x0a0b0c0d, 0};
    r.options.window_scale = 7;
    return r;
}

tcp::Repr sack_segment()
{
    tcp::Repr r;
    r.src_port = 80;
    r.dst_port = 45678;
    r.seq = SeqNum(1001);
    r.ack = SeqNum(4001);
    r.flags = tcp::kPsh | tcp::kAck;
    r.window = 502;
    r.options.timestamps = tcp::Timestamps{1000, 2000};
    r.options.sack_count = 1;
    r.options.sack[0] = {SeqNum(5000), SeqNum(6000)};
    return r;
}

Bytes emitted(const tcp::Repr& r, ByteSpan payload, const PseudoHeader& ph)
{
    Bytes out = poisoned(tcp::buffer_len(r, payload.size()));
    tcp::emit(r, payload, ph, out);
    return out;
}

} // namespace

TEST_CASE("tcp: deconstruct Linux's SYN", "[wire][tcp]")
{
    auto r = tcp::parse(span_of(kTcpSynV4Frame, kL4v4), kPh4);
    REQUIRE(r.ok());
    CHECK(r->repr == linux_syn());
    CHECK(r->repr.has(tcp::kSyn));
    CHECK_FALSE(r->repr.has(tcp::kAck));
    CHECK(r->payload.empty());
}

TEST_CASE("tcp: construct Linux's SYN byte for byte (mss,sackOK,TS,nop,wscale)", "[wire][tcp]")
{
    CHECK(tcp::header_len(linux_syn()) == 40);
    CHECK(emitted(linux_syn(), {}, kPh4) == to_bytes(kTcpSynV4Frame, kL4v4));
}

TEST_CASE("tcp: deconstruct and construct a SACK segment over IPv6", "[wire][tcp]")
{
    auto r = tcp::parse(span_of(kTcpV6SackFrame, kL4v6), kPh6);
    REQUIRE(r.ok());
    CHECK(r->repr == sack_segment());
    CHECK(std::string(r->payload.begin(), r->payload.end()) == "GET / HTTP/1.0\r\n\r\n");
    CHECK(emitted(sack_segment(), r->payload, kPh6) == to_bytes(kTcpV6SackFrame, kL4v6));
}

TEST_CASE("tcp: options that do not fit Linux's layout are packed", "[wire][tcp]")
{
    // MSS + timestamps + 3 SACK blocks: 4 + 10 + 26 = 40 bytes packed, 44 in Linux's layout.
    tcp::Repr r = sack_segment();
    r.options.mss = 536;
    r.options.sack_count = 3;
    r.options.sack[1] = {SeqNum(7000), SeqNum(8000)};
    r.options.sack[2] = {SeqNum(9000), SeqNum(9500)};
    CHECK(tcp::options_len(r.options) == 40);
    Bytes out = emitted(r, {}, kPh4);
    CHECK(out[20] == 2); // MSS first
    CHECK(out[24] == 8); // then timestamps, no NOPs
    CHECK(out[34] == 5); // then SACK
    auto back = tcp::parse(out, kPh4);
    REQUIRE(back.ok());
    CHECK(back->repr == r);
}

TEST_CASE("tcp: unknown options are skipped, EOL ends the list", "[wire][tcp]")
{
    tcp::Repr r;
    r.flags = tcp::kAck;
    Bytes seg = emitted(r, {}, kPh4);
    seg[12] = 0x70; // data offset 7: 8 option bytes
    Bytes opts = {
        30, 4, 0xab, 0xcd, // kind 30 (MPTCP), length 4: skipped
        0,                 // EOL
        2,  4, 0x05,       // after EOL: ignored, even though it would be malformed
    };
    seg.insert(seg.begin() + 20, opts.begin(), opts.end());
    test::refill_checksum(seg, tcp::kChecksum, kPh4.sum(IpProtocol::Tcp, uint32_t(seg.size())));
    auto p = tcp::parse(seg, kPh4);
    REQUIRE(p.ok());
    CHECK(p->repr.options == tcp::Options{});
}

TEST_CASE("tcp: truncated, short data offset, bad option lengths, bad checksum", "[wire][tcp]")
{
    ByteSpan syn = span_of(kTcpSynV4Frame, kL4v4);
    for (size_t n = 0; n < 40; ++n)
        CHECK(tcp::parse(syn.first(n), kPh4, ChecksumCheck::Skip).error() == WireError::Truncated);
    auto patched = [&](size_t at, uint8_t v) {
        Bytes s(syn.begin(), syn.end());
        s[at] = v;
        return tcp::parse(s, kPh4, ChecksumCheck::Skip);
    };
    auto off = patched(tcp::kDataOffset, 0x40);
    CHECK(off.error() == WireError::BadHeaderLength);
    CHECK(off.error().message() == "tcp: data offset 4 words is below the minimum 5");
    CHECK(patched(21, 3).error() == WireError::Malformed); // MSS of length 3
    CHECK(patched(21, 1).error() == WireError::Malformed); // length below 2
    CHECK(patched(38, 9).error() == WireError::Malformed); // window scale past the header
    CHECK(patched(27, 9).error() == WireError::Malformed); // timestamps of length 9
    CHECK(patched(25, 3).error() == WireError::Malformed); // SACK-permitted of length 3
    Bytes bad(syn.begin(), syn.end());
    bad[tcp::kWindow] ^= 1;
    auto r = tcp::parse(bad, kPh4);
    CHECK(r.error() == WireError::BadChecksum);
}

TEST_CASE("SeqNum compares modulo 2^32 by signed difference", "[wire][tcp]")
{
    SeqNum near_end(0xfffffff0u);
    SeqNum wrapped = near_end + 0x20;
    CHECK(wrapped.raw() == 0x10);
    CHECK(near_end < wrapped);
    CHECK(wrapped > near_end);
    CHECK(wrapped - near_end == 0x20);
    CHECK(near_end - wrapped == -0x20);
    CHECK(near_end <= near_end);
    CHECK(tcp::max(near_end, wrapped) == wrapped);
    CHECK(tcp::min(near_end, wrapped) == near_end);
    SeqNum s(5);
    s += 10;
    CHECK(s == SeqNum(15));
    CHECK(s - 20u == SeqNum(0xfffffffbu));
    // 2^31 - 1 ahead is still "after"; RFC 1982 leaves exactly 2^31 undefined.
    CHECK(SeqNum(0) < SeqNum(0x7fffffff));
    CHECK(SeqNum(0) > SeqNum(0x80000001u));
}
