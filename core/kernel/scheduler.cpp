#include "core/kernel/scheduler.h"

#include "core/base/assert.h"

#include <algorithm>

namespace wirelab::kernel {

EventId Scheduler::schedule_at(SimTime at, EventFn fn)
{
    WIRELAB_ASSERT(at >= m_now && "event scheduled in the past");
    uint32_t slot;
    if (!m_free.empty()) {
        slot = m_free.back();
        m_free.pop_back();
    } else {
        slot = uint32_t(m_slots.size());
        m_slots.emplace_back();
    }
    uint64_t seq = m_next_seq++;
    m_slots[slot].seq = seq;
    m_slots[slot].fn = std::move(fn);
    m_heap.push_back({at.ns(), seq, slot});
    std::push_heap(m_heap.begin(), m_heap.end(), later);
    ++m_live;
    return {seq, slot};
}

void Scheduler::cancel(EventId id)
{
    if (!is_pending(id)) return;
    Slot& s = m_slots[id.slot];
    s.seq = 0;
    s.fn.reset();
    --m_live;
}

bool Scheduler::is_pending(EventId id) const
{
    return id.is_valid() && id.slot < m_slots.size() && m_slots[id.slot].seq == id.seq;
}

Scheduler::Entry Scheduler::pop_top()
{
    std::pop_heap(m_heap.begin(), m_heap.end(), later);
    Entry e = m_heap.back();
    m_heap.pop_back();
    return e;
}

void Scheduler::drop_stale_top()
{
    while (!m_heap.empty() && m_slots[m_heap.front().slot].seq != m_heap.front().seq) {
        Entry e = pop_top();
        // A cancelled slot is reusable once its last queue entry is gone.
        m_free.push_back(e.slot);
    }
}

bool Scheduler::step()
{
    drop_stale_top();
    if (m_heap.empty()) return false;
    Entry e = pop_top();
    Slot& s = m_slots[e.slot];
    EventFn fn = std::move(s.fn);
    s.seq = 0;
    m_free.push_back(e.slot);
    --m_live;
    m_now = SimTime::from_ns(e.at);
    ++m_executed;
    fn();
    return true;
}

SimTime Scheduler::next_time()
{
    drop_stale_top();
    return m_heap.empty() ? SimTime::max() : SimTime::from_ns(m_heap.front().at);
}

bool Scheduler::is_empty()
{
    drop_stale_top();
    return m_heap.empty();
}

uint64_t Scheduler::run_until(SimTime until, uint64_t max_events)
{
    uint64_t n = 0;
    while (n < max_events && next_time() <= until) {
        step();
        ++n;
    }
    if (n < max_events && m_now < until) m_now = until;
    return n;
}

} // namespace wirelab::kernel
