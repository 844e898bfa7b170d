// The pieces TCP is built from: the RFC 6298 estimator with hand-computed numbers, the byte ring
// (wrap-around, growth, write-ahead) and the reassembly ranges (merging, holes, the range cap).
#include "core/transport/assembler.h"
#include "core/transport/byte_ring.h"
#include "core/transport/rtt_estimator.h"

#include <catch2/catch.hpp>

#include <numeric>

using namespace wirelab;
using namespace wirelab::transport;
using wire::tcp::SeqNum;

namespace {
SimTime ms(int64_t v)
{
    return SimTime::from_ms(v);
}
} // namespace

TEST_CASE("rtt estimator: RFC 6298 first sample, updates, bounds and back-off", "[transport][rtt]")
{
    RtoParams p;
    p.min = ms(200);
    p.max = SimTime::from_s(60);
    RttEstimator e(p);
    CHECK(e.rto() == SimTime::from_s(1)); // §2.1 before any sample
    e.sample(ms(100));
    // §2.2: SRTT = R = 100, RTTVAR = R / 2 = 50, RTO = 100 + 4 x 50 = 300.
    CHECK(e.srtt() == ms(100));
    CHECK(e.rttvar() == ms(50));
    CHECK(e.rto() == ms(300));
    e.sample(ms(200));
    // §2.3: RTTVAR = 3/4 x 50 + 1/4 x |100 - 200| = 62.5; SRTT = 7/8 x 100 + 1/8 x 200 = 112.5;
    // RTO = 112.5 + 250 = 362.5.
    CHECK(e.rttvar() == SimTime::from_us(62500));
    CHECK(e.srtt() == SimTime::from_us(112500));
    CHECK(e.rto() == SimTime::from_us(362500));
    e.back_off();
    CHECK(e.rto() == SimTime::from_us(725000)); // §5.5
    for (int i = 0; i < 10; ++i) e.back_off();
    CHECK(e.rto() == SimTime::from_s(60)); // §2.5 upper bound
    // A new sample recomputes the RTO, dropping the back-off: RTTVAR = 3/4 x 62.5 + 1/4 x
    // |112.5 - 1| = 74.75, SRTT = 7/8 x 112.5 + 1/8 x 1 = 98.5625, RTO = SRTT + 299.
    e.sample(ms(1));
    CHECK(e.srtt() == SimTime::from_ns(98562500));
    CHECK(e.rto() == SimTime::from_ns(397562500));
    CHECK(e.backoffs() == 0);
    RttEstimator fast(p);
    fast.sample(ms(10)); // 10 + 4 x 5 = 30 ms, raised to the configured minimum
    CHECK(fast.rto() == ms(200));

    RttEstimator syn(p);
    syn.back_off();
    CHECK(syn.rto() == SimTime::from_s(2));
    syn.reset_after_syn_timeout(); // §5.7: 3 s once data starts after a lost SYN
    CHECK(syn.rto() == SimTime::from_s(3));
}

TEST_CASE("byte ring: append, wrap-around, growth to the limit, write-ahead and commit",
          "[transport][ring]")
{
    ByteRing r(10000);
    Bytes data(6000);
    std::iota(data.begin(), data.end(), uint8_t(0));
    CHECK(r.append(data) == 6000);
    CHECK(r.append(data) == 4000); // only up to the limit
    CHECK(r.space() == 0);
    Bytes out(3000);
    CHECK(r.read(out) == 3000);
    CHECK(Bytes(out.begin(), out.end()) == Bytes(data.begin(), data.begin() + 3000));
    CHECK(r.append(ByteSpan(data).first(3000)) == 3000); // wraps around the storage
    Bytes all(r.size());
    r.copy_out(0, all);
    Bytes want(data.begin() + 3000, data.end());
    want.insert(want.end(), data.begin(), data.begin() + 4000);
    want.insert(want.end(), data.begin(), data.begin() + 3000);
    CHECK(all == want);

    // Out-of-order data written ahead survives growth and is committed later.
    ByteRing q(1 << 20);
    q.append(ByteSpan(data).first(10));
    q.write_at(5000 + 10, ByteSpan(data).first(100)); // forces the storage to grow past 4 KiB
    q.write_at(10, Bytes(5000, 0xee));
    q.commit(5100);
    Bytes got(5110);
    q.copy_out(0, got);
    CHECK(Bytes(got.begin(), got.begin() + 10) == Bytes(data.begin(), data.begin() + 10));
    CHECK(got[10] == 0xee);
    CHECK(got[5009] == 0xee);
    CHECK(Bytes(got.begin() + 5010, got.end()) == Bytes(data.begin(), data.begin() + 100));
}

TEST_CASE("assembler: ranges merge, holes stay, the contiguous edge advances",
          "[transport][assembler]")
{
    Assembler a;
    SeqNum base(0xfffffff0); // wraps through zero
    CHECK(a.add(base + 100, base + 200));
    CHECK(a.add(base + 300, base + 400));
    CHECK(a.add(base + 150, base + 320)); // bridges the two
    REQUIRE(a.ranges().size() == 1);
    CHECK(a.ranges()[0].left == base + 100);
    CHECK(a.ranges()[0].right == base + 400);
    CHECK(a.advance(base + 50) == base + 50); // a hole remains before 100
    CHECK(a.advance(base + 100) == base + 400);
    CHECK(a.empty());

    Assembler b;
    for (uint32_t i = 0; i < Assembler::kMaxRanges; ++i)
        CHECK(b.add(SeqNum(10 * i + 1), SeqNum(10 * i + 5)));
    CHECK_FALSE(b.add(SeqNum(100000), SeqNum(100010))); // a 65th hole is refused
    CHECK(b.add(SeqNum(5), SeqNum(11)));                // merging needs no new range
}
