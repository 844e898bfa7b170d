// The app's capture of the running network.
#include "web/model/capture.h"

#include "core/wire/pcap.h"

namespace wirelab::web {

bool CaptureScope::includes(const CapturedFrame& f) const
{
    switch (kind) {
    case Kind::Network: return f.dir == net::TapDirection::Out; // each frame once, as sent
    case Kind::Device: return f.node == node;
    case Kind::Interface: return f.node == node && f.port == port;
    }
    return false;
}

void CaptureStore::add(SimTime at, uint32_t node, uint32_t port, net::TapDirection dir,
                       const net::Frame& f)
{
    CapturedFrame c;
    c.at = at;
    c.node = node;
    c.port = port;
    c.dir = dir;
    c.serial = f.serial;
    c.kind = classify_frame(f.bytes);
    c.bytes = f.bytes;
    m_bytes += c.bytes.size();
    m_frames.push_back(std::move(c));
    while (!m_frames.empty() && (m_frames.size() > kMaxFrames || m_bytes > kMaxBytes)) {
        m_bytes -= m_frames.front().bytes.size();
        m_frames.pop_front();
        ++m_first_id;
        ++m_evicted;
    }
}

void CaptureStore::clear()
{
    m_first_id += m_frames.size();
    m_frames.clear();
    m_bytes = 0;
    m_evicted = 0;
    ++m_generation;
}

Bytes capture_to_pcap(const CaptureStore& store, const std::vector<uint64_t>& ids)
{
    wire::pcap::PcapWriter writer;
    Bytes out;
    writer.append_header(out);
    for (uint64_t id : ids) {
        if (id < store.first_id() || id >= store.end_id()) continue;
        const CapturedFrame& f = store.get(id);
        writer.append_record(out, f.at, f.bytes);
    }
    return out;
}

} // namespace wirelab::web
