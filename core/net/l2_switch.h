// L2Switch: a learning Ethernet switch (IEEE 802.1D transparent bridging without spanning tree):
// learns source MACs per port, ages them out, forwards known unicast to one port and floods
// broadcast, multicast and unknown unicast.
#pragma once

#include "core/base/sim_time.h"
#include "core/net/node.h"

#include <unordered_map>
#include <vector>

namespace wirelab::net {

struct MacTableEntry {
    wire::MacAddr mac;
    uint32_t port = 0;
    SimTime expires;
};

class L2Switch : public Node {
public:
    L2Switch(Network& net, NodeId id, std::string name, uint32_t port_count);
    void on_frame(uint32_t port, Frame&& frame) override;
    void on_link_change(uint32_t port) override;

    // 802.1D default ageing time: 300 s.
    void set_ageing(SimTime t) { m_ageing = t; }
    // Live entries sorted by MAC (for `show mac address-table`).
    std::vector<MacTableEntry> mac_table() const;

private:
    static uint64_t key(const wire::MacAddr& m);
    std::unordered_map<uint64_t, MacTableEntry> m_table;
    SimTime m_ageing = SimTime::from_s(300);
};

} // namespace wirelab::net
