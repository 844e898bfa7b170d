// Frame: an Ethernet frame in flight (bytes without FCS) plus simulator metadata that is not
// on the wire. Frames are moved, never shared; their buffers are recycled by the FramePool.
#pragma once

#include "core/base/bytes.h"

#include <cstdint>
#include <vector>

namespace wirelab::net {

struct Frame {
    Bytes bytes;
    uint32_t serial = 0;  // network-wide frame number, for traces ("frame 42")
    uint16_t l2_hops = 0; // hubs/switches crossed: catches switching loops
};

// Recycles frame buffers so that steady-state forwarding does not touch the heap.
class FramePool {
public:
    Frame take(size_t size)
    {
        Frame f;
        if (!m_free.empty()) {
            f.bytes = std::move(m_free.back());
            m_free.pop_back();
        } else {
            f.bytes.reserve(kDefaultCapacity);
        }
        f.bytes.resize(size);
        return f;
    }
    Frame clone(const Frame& src)
    {
        Frame f = take(src.bytes.size());
        std::copy(src.bytes.begin(), src.bytes.end(), f.bytes.begin());
        f.serial = src.serial;
        f.l2_hops = src.l2_hops;
        return f;
    }
    void give(Frame&& f)
    {
        if (f.bytes.capacity() == 0 || m_free.size() >= kMaxPooled) return;
        f.bytes.clear();
        m_free.push_back(std::move(f.bytes));
    }

private:
    static constexpr size_t kDefaultCapacity = 1600; // a full Ethernet frame with room to spare
    static constexpr size_t kMaxPooled = 4096;
    std::vector<Bytes> m_free;
};

} // namespace wirelab::net
