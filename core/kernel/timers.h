// Timers: the events one object schedules with `this` captured, cancelled when the object dies.
//
// STYLE §4: events capture ids and look their target up when they fire. An object that is not
// looked up by id (a shell process, a session, a relay) may capture `this` only if no event of
// it can run after it is gone; a Timers member makes that a property of the type rather than of
// every destructor: each event scheduled through it is cancelled (lazily: its queue entry is
// skipped) when the member is destroyed. Scheduling through it is exactly scheduling on the
// Scheduler, so the (time, seq) order of events does not change.
//
// Declare it after anything the callbacks use, so it is destroyed (and its events cancelled)
// first; the Scheduler must outlive it (it does: the Network owns the scheduler and outlives
// every node, service and process).
#pragma once

#include "core/kernel/scheduler.h"

#include <algorithm>
#include <vector>

namespace wirelab::kernel {

class Timers {
public:
    explicit Timers(Scheduler& sched) : m_sched(&sched) {}
    ~Timers() { cancel_all(); }
    Timers(const Timers&) = delete;
    Timers& operator=(const Timers&) = delete;

    EventId schedule_at(SimTime at, EventFn fn)
    {
        forget_fired();
        EventId id = m_sched->schedule_at(at, std::move(fn));
        m_ids.push_back(id);
        return id;
    }
    EventId schedule_in(SimTime delay, EventFn fn)
    {
        return schedule_at(m_sched->now() + delay, std::move(fn));
    }
    // Cancelling an event that already ran (or one of another owner) is a harmless no-op.
    void cancel(EventId id) { m_sched->cancel(id); }
    void cancel_all()
    {
        for (EventId id : m_ids) m_sched->cancel(id);
        m_ids.clear();
    }
    // Events scheduled through this owner that have not run or been cancelled.
    size_t pending_count() const
    {
        return size_t(std::count_if(m_ids.begin(), m_ids.end(),
                                    [&](EventId id) { return m_sched->is_pending(id); }));
    }
    Scheduler& scheduler() { return *m_sched; }

private:
    // Drops the ids of events that already ran, so a long-lived owner (a 10 000-packet ping)
    // keeps a list as long as what is pending, not as long as its history. Amortised O(1).
    void forget_fired()
    {
        if (m_ids.size() < m_compact_at) return;
        std::erase_if(m_ids, [&](EventId id) { return !m_sched->is_pending(id); });
        m_compact_at = std::max<size_t>(16, 2 * m_ids.size());
    }

    Scheduler* m_sched;
    std::vector<EventId> m_ids;
    size_t m_compact_at = 16;
};

} // namespace wirelab::kernel
