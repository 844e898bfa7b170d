// Scheduler: total (time, sequence) order, lazy cancellation, run_until, reproducibility.
#include "core/kernel/scheduler.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using wirelab::SimTime;
using wirelab::kernel::EventId;
using wirelab::kernel::Scheduler;

TEST_CASE("events run in time order, equal times in scheduling order", "[kernel]")
{
    Scheduler s;
    std::vector<int> order;
    s.schedule_at(SimTime::from_ms(5), [&] { order.push_back(3); });
    s.schedule_at(SimTime::from_ms(1), [&] { order.push_back(1); });
    for (int i = 0; i < 5; ++i)
        s.schedule_at(SimTime::from_ms(2), [&order, i] { order.push_back(10 + i); });
    s.schedule_at(SimTime::from_ms(5), [&] { order.push_back(4); });
    while (s.step()) {}
    CHECK(order == std::vector<int>{1, 10, 11, 12, 13, 14, 3, 4});
    CHECK(s.now() == SimTime::from_ms(5));
    CHECK(s.events_executed() == 8);
}

TEST_CASE("an event may schedule more events, including at the current instant", "[kernel]")
{
    Scheduler s;
    std::vector<std::string> log;
    s.schedule_at(SimTime::from_ms(1), [&] {
        log.push_back("a");
        s.schedule_in(SimTime::zero(), [&] { log.push_back("c"); });
    });
    s.schedule_at(SimTime::from_ms(1), [&] { log.push_back("b"); });
    while (s.step()) {}
    // "c" was scheduled after "b", at the same instant: it runs after "b".
    CHECK(log == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("cancelled events never run; cancelling twice or after running is harmless", "[kernel]")
{
    Scheduler s;
    int ran = 0;
    EventId a = s.schedule_at(SimTime::from_ms(1), [&] { ran += 1; });
    EventId b = s.schedule_at(SimTime::from_ms(2), [&] { ran += 10; });
    EventId c = s.schedule_at(SimTime::from_ms(3), [&] { ran += 100; });
    CHECK(s.pending_count() == 3);
    s.cancel(b);
    s.cancel(b);
    CHECK_FALSE(s.is_pending(b));
    CHECK(s.is_pending(a));
    CHECK(s.pending_count() == 2);
    s.step();
    s.cancel(a); // already ran
    while (s.step()) {}
    CHECK(ran == 101);
    CHECK(s.is_empty());
    (void)c;
}

TEST_CASE("a reused slot does not resurrect a cancelled handle", "[kernel]")
{
    Scheduler s;
    int ran = 0;
    EventId a = s.schedule_at(SimTime::from_ms(1), [&] { ran += 1; });
    s.cancel(a);
    while (s.step()) {}
    EventId b = s.schedule_at(SimTime::from_ms(2), [&] { ran += 2; });
    CHECK(b.slot == a.slot); // the slot was recycled...
    s.cancel(a);             // ...but the old handle must not cancel the new event
    CHECK(s.is_pending(b));
    while (s.step()) {}
    CHECK(ran == 2);
}

TEST_CASE("run_until runs events up to and including the limit, then sets the clock", "[kernel]")
{
    Scheduler s;
    std::vector<int> order;
    for (int i = 1; i <= 5; ++i)
        s.schedule_at(SimTime::from_s(i), [&order, i] { order.push_back(i); });
    CHECK(s.run_until(SimTime::from_s(3)) == 3);
    CHECK(order == std::vector<int>{1, 2, 3});
    CHECK(s.now() == SimTime::from_s(3));
    CHECK(s.run_until(SimTime::from_ms(3500)) == 0);
    CHECK(s.now() == SimTime::from_ms(3500));
    CHECK(s.next_time() == SimTime::from_s(4));
    CHECK(s.run_until(SimTime::from_s(10), 1) == 1); // event budget respected
    CHECK(order.back() == 4);
}

TEST_CASE("two schedulers are independent and replay identically", "[kernel]")
{
    auto run = [](uint32_t salt) {
        Scheduler s;
        std::vector<int64_t> trace;
        uint32_t x = salt;
        std::function<void()> tick;
        for (int i = 0; i < 200; ++i) {
            x = x * 1664525u + 1013904223u;
            int64_t at = int64_t(x % 1000);
            s.schedule_at(SimTime::from_us(at),
                          [&trace, &s, i] { trace.push_back(s.now().ns() * 1000 + i); });
        }
        while (s.step()) {}
        return trace;
    };
    auto a = run(7);
    auto b = run(7);
    CHECK(a == b);
    CHECK(a.size() == 200);
    for (size_t i = 1; i < a.size(); ++i) REQUIRE(a[i - 1] / 1000 <= a[i] / 1000);
}

TEST_CASE("many events with repeated times and cancellations run in exact (time, seq) order",
          "[kernel]")
{
    // The 4-ary heap against a plain sort: 20,000 events over 50 distinct instants, some
    // scheduled from inside events, every seventh cancelled.
    Scheduler s;
    std::vector<std::pair<int64_t, int>> want, got;
    std::vector<EventId> ids;
    uint64_t x = 12345;
    auto next = [&x] { return (x = x * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
    int id = 0;
    auto add = [&](int64_t at_ms) {
        int me = id++;
        ids.push_back(s.schedule_at(SimTime::from_ms(at_ms), [&got, &s, me] {
            got.push_back({s.now().ns(), me});
        }));
        want.push_back({SimTime::from_ms(at_ms).ns(), me});
    };
    for (int i = 0; i < 20000; ++i) add(int64_t(next() % 50));
    for (size_t i = 0; i < ids.size(); i += 7) s.cancel(ids[i]);
    std::vector<std::pair<int64_t, int>> kept;
    for (size_t i = 0; i < want.size(); ++i)
        if (i % 7 != 0) kept.push_back(want[i]);
    std::stable_sort(kept.begin(), kept.end(), [](auto& a, auto& b) { return a.first < b.first; });
    while (s.step()) {}
    CHECK(got == kept);
    CHECK(s.pending_count() == 0);
}
