#include "core/net/l2_switch.h"

#include "core/net/hub.h"
#include "core/net/network.h"

#include <algorithm>

namespace wirelab::net {

L2Switch::L2Switch(Network& net, NodeId id, std::string name, uint32_t port_count)
    : Node(net, id, std::move(name), DeviceKind::Switch)
{
    for (uint32_t i = 0; i < port_count; ++i) add_port("port" + std::to_string(i + 1));
}

uint64_t L2Switch::key(const wire::MacAddr& m)
{
    uint64_t k = 0;
    for (uint8_t b : m.bytes) k = (k << 8) | b;
    return k;
}

void L2Switch::on_frame(uint32_t port, Frame&& frame)
{
    if (frame.bytes.size() < 14) {
        m_net.drop_packet(id(), DropReason::Malformed, name() + ": runt frame");
        m_net.frames().give(std::move(frame));
        return;
    }
    wire::MacAddr dst, src;
    std::copy_n(frame.bytes.begin(), 6, dst.bytes.begin());
    std::copy_n(frame.bytes.begin() + 6, 6, src.bytes.begin());
    SimTime now = m_net.now();
    if (src.is_unicast()) m_table[key(src)] = {src, port, now + m_ageing};
    if (dst.is_unicast()) {
        auto it = m_table.find(key(dst));
        if (it != m_table.end() && it->second.expires > now) {
            uint32_t out = it->second.port;
            if (out == port) { // both on the same segment: filter, as 802.1D requires
                m_net.frames().give(std::move(frame));
                return;
            }
            if (++frame.l2_hops > kMaxL2Hops) {
                flood(*this, port, std::move(frame)); // reports the loop
                return;
            }
            m_net.transmit(id(), out, std::move(frame));
            return;
        }
    }
    flood(*this, port, std::move(frame));
}

void L2Switch::on_link_change(uint32_t port)
{
    // A port going down flushes what was learnt on it (like a real switch's link-down flush).
    for (auto it = m_table.begin(); it != m_table.end();) {
        if (it->second.port == port)
            it = m_table.erase(it);
        else
            ++it;
    }
}

std::vector<MacTableEntry> L2Switch::mac_table() const
{
    std::vector<MacTableEntry> out;
    SimTime now = m_net.now();
    for (const auto& [k, e] : m_table)
        if (e.expires > now) out.push_back(e);
    std::sort(out.begin(), out.end(),
              [](const MacTableEntry& a, const MacTableEntry& b) { return a.mac < b.mac; });
    return out;
}

} // namespace wirelab::net
