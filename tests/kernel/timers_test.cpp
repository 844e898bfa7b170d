// kernel::Timers: events an object schedules with `this` captured are cancelled when it dies,
// and scheduling through it keeps the scheduler's (time, seq) order. Run under ASan (the asan
// preset), a timer that outlived its owner would be a heap-use-after-free here.
#include "core/kernel/timers.h"

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

using wirelab::SimTime;
using wirelab::kernel::EventId;
using wirelab::kernel::Scheduler;
using wirelab::kernel::Timers;

namespace {

// A timer owner of the usual shape: callbacks capture `this` and touch its heap state.
struct Blinker {
    explicit Blinker(Scheduler& s) : timers(s) {}
    void blink_every(SimTime period)
    {
        timers.schedule_in(period, [this, period] {
            ++*count;
            blink_every(period);
        });
    }
    std::unique_ptr<int> count = std::make_unique<int>(0);
    Timers timers; // last: destroyed first, so no event sees a half-destroyed object
};

} // namespace

TEST_CASE("timers: an owner destroyed with events pending is never called back", "[kernel][asan]")
{
    Scheduler s;
    auto b = std::make_unique<Blinker>(s);
    b->blink_every(SimTime::from_ms(10));
    b->timers.schedule_in(SimTime::from_ms(25), [p = b.get()] { *p->count += 100; });
    s.run_until(SimTime::from_ms(15));
    CHECK(*b->count == 1);
    CHECK(b->timers.pending_count() == 2);
    CHECK(s.pending_count() == 2);
    b.reset(); // both events still queued: cancelled, their entries skipped when they come up
    CHECK(s.pending_count() == 0);
    CHECK(s.run_until(SimTime::from_s(1)) == 0);
    CHECK(s.is_empty());
}

TEST_CASE("timers: scheduling through an owner keeps (time, seq) order", "[kernel]")
{
    Scheduler s;
    std::vector<int> order;
    {
        Timers t(s);
        s.schedule_in(SimTime::from_ms(1), [&] { order.push_back(1); });
        t.schedule_in(SimTime::from_ms(1), [&] { order.push_back(2); });
        s.schedule_at(SimTime::from_ms(1), [&] { order.push_back(3); });
        EventId gone = t.schedule_at(SimTime::from_ms(1), [&] { order.push_back(99); });
        t.schedule_at(SimTime::zero(), [&] { order.push_back(0); });
        t.cancel(gone);
        s.run_until(SimTime::from_ms(2));
        CHECK(t.pending_count() == 0);
    }
    CHECK(order == std::vector<int>{0, 1, 2, 3});
}

TEST_CASE("timers: a long-lived owner keeps only what is pending", "[kernel]")
{
    Scheduler s;
    Timers t(s);
    int fired = 0;
    for (int i = 0; i < 10000; ++i) {
        t.schedule_in(SimTime::from_us(1), [&] { ++fired; });
        s.run_until(s.now() + SimTime::from_us(1));
    }
    CHECK(fired == 10000);
    CHECK(t.pending_count() == 0);
    t.schedule_in(SimTime::from_us(1), [&] { ++fired; });
    t.cancel_all();
    s.run_until(s.now() + SimTime::from_ms(1));
    CHECK(fired == 10000);
}
