// Scheduler: the discrete-event queue. Events run in (time, insertion sequence) order, so two
// events at the same instant always run in the order they were scheduled (ns-3's m_ts/m_uid).
#pragma once

#include "core/base/inplace_fn.h"
#include "core/base/sim_time.h"

#include <cstdint>
#include <vector>

namespace wirelab::kernel {

using EventFn = InplaceFn<void(), 64>;

// Handle to a scheduled event; cancelling a handle whose event already ran is a harmless no-op.
struct EventId {
    uint64_t seq = 0;
    uint32_t slot = 0;
    bool is_valid() const { return seq != 0; }
};

class Scheduler {
public:
    SimTime now() const { return m_now; }

    // Schedule at an absolute time (not before now: an event in the past is our bug).
    EventId schedule_at(SimTime at, EventFn fn);
    EventId schedule_in(SimTime delay, EventFn fn)
    {
        return schedule_at(m_now + delay, std::move(fn));
    }
    // Lazy cancellation: the queue entry stays and is skipped when it comes up.
    void cancel(EventId id);
    bool is_pending(EventId id) const;

    // Run one event. Returns false when the queue is empty.
    bool step();
    // Run every event with time <= until, then set the clock to until. Returns events executed.
    uint64_t run_until(SimTime until, uint64_t max_events = UINT64_MAX);
    // Time of the next live event, or SimTime::max() when there is none.
    SimTime next_time();
    bool is_empty();

    uint64_t events_executed() const { return m_executed; }
    size_t pending_count() const { return m_live; }

private:
    // 16 bytes, four to a cache line: the time, then the sequence number in the high bits of
    // `key` with the slot in the low bits. Sequence numbers are unique, so comparing `key`
    // compares sequences and the slot never decides the order.
    static constexpr unsigned kSlotBits = 24; // up to 16M events pending at once
    static constexpr uint64_t kSlotMask = (uint64_t(1) << kSlotBits) - 1;
    struct Entry {
        int64_t at;
        uint64_t key;
        uint64_t seq() const { return key >> kSlotBits; }
        uint32_t slot() const { return uint32_t(key & kSlotMask); }
    };
    struct Slot {
        uint64_t seq = 0; // 0 = free or cancelled
        EventFn fn;
    };
    static bool earlier(const Entry& a, const Entry& b)
    {
        return a.at < b.at || (a.at == b.at && a.key < b.key);
    }
    // (time, key) as one unsigned 128-bit number: times are never negative, so the order is
    // the same as earlier()'s, and one compare-with-borrow decides it.
    using Key = unsigned __int128;
    static Key key_of(const Entry& e) { return (Key(uint64_t(e.at)) << 64) | e.key; }
    bool is_stale(const Entry& e) const { return m_slots[e.slot()].seq != e.seq(); }
    void drop_stale_top();
    void push(Entry e);
    Entry pop_top();

    SimTime m_now;
    uint64_t m_next_seq = 1;
    uint64_t m_executed = 0;
    size_t m_live = 0;
    std::vector<Entry> m_heap; // 4-ary min-heap: children of i are 4i+1 .. 4i+4 (half the depth)
    std::vector<Slot> m_slots;
    std::vector<uint32_t> m_free;
};

} // namespace wirelab::kernel
