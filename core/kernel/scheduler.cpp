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
    WIRELAB_ASSERT(slot <= kSlotMask && "too many events pending");
    uint64_t seq = m_next_seq++;
    m_slots[slot].seq = seq;
    m_slots[slot].fn = std::move(fn);
    push({at.ns(), (seq << kSlotBits) | slot});
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

// Sift up by moving parents down into the hole, then writing the new entry once.
void Scheduler::push(Entry e)
{
    size_t i = m_heap.size();
    m_heap.push_back(e);
    Entry* h = m_heap.data();
    while (i > 0) {
        size_t parent = (i - 1) / 4;
        if (!earlier(e, h[parent])) break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = e;
}

// Takes the root; the last entry falls into the hole, moving the smallest child up each level.
// The smallest of four children is picked without branches (random times would mispredict).
Scheduler::Entry Scheduler::pop_top()
{
    Entry* h = m_heap.data();
    Entry top = h[0];
    Entry last = m_heap.back();
    m_heap.pop_back();
    size_t n = m_heap.size();
    if (n == 0) return top;
    const Key last_key = key_of(last);
    size_t i = 0;
    for (;;) {
        size_t c = 4 * i + 1;
        if (c >= n) break;
        size_t best = c, end = std::min(c + 4, n);
        Key best_key = key_of(h[c]);
        for (size_t k = c + 1; k < end; ++k) {
            Key kk = key_of(h[k]);
            bool less = kk < best_key;
            best = less ? k : best;
            best_key = less ? kk : best_key;
        }
        if (!(best_key < last_key)) break;
        h[i] = h[best];
        i = best;
    }
    h[i] = last;
    return top;
}

void Scheduler::drop_stale_top()
{
    while (!m_heap.empty() && is_stale(m_heap.front())) {
        Entry e = pop_top();
        // A cancelled slot is reusable once its last queue entry is gone.
        m_free.push_back(e.slot());
    }
}

bool Scheduler::step()
{
    drop_stale_top();
    if (m_heap.empty()) return false;
    Entry e = pop_top();
    Slot& s = m_slots[e.slot()];
    EventFn fn = std::move(s.fn);
    s.seq = 0;
    m_free.push_back(e.slot());
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
