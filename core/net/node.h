// Node: anything with ports that frames arrive on — hosts, routers, hubs and switches.
#pragma once

#include "core/base/ids.h"
#include "core/net/frame.h"
#include "core/wire/address.h"

#include <string>
#include <vector>

namespace wirelab::net {

class Network;

enum class DeviceKind : uint8_t { Host, Router, Hub, Switch };
const char* to_string(DeviceKind k);

struct Port {
    std::string name;  // "eth0" on hosts and routers, "port1" on hubs and switches
    wire::MacAddr mac; // burned-in address, derived from the scenario seed and node/port ids
    LinkId link;       // invalid when no cable is plugged in
    bool up = true;    // administrative state ("ip link set eth0 down")
};

class Node {
public:
    Node(Network& net, NodeId id, std::string name, DeviceKind kind);
    virtual ~Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    NodeId id() const { return m_id; }
    const std::string& name() const { return m_name; }
    DeviceKind kind() const { return m_kind; }
    const std::vector<Port>& ports() const { return m_ports; }
    Port& port(uint32_t i) { return m_ports[i]; }
    const Port& port(uint32_t i) const { return m_ports[i]; }
    // Index of the port with this name, or -1.
    int find_port(std::string_view name) const;
    uint32_t add_port(std::string name);

    // A frame arrived on a port. The node owns it: forward it or give it back to the pool.
    virtual void on_frame(uint32_t port, Frame&& frame) = 0;
    // Called once when the simulation starts (boot: DHCP, router advertisements, ...).
    virtual void start() {}
    // A port's cable was plugged/unplugged or its link went up/down.
    virtual void on_link_change(uint32_t port) {}

    Network& network() { return m_net; }
    const Network& network() const { return m_net; }

protected:
    Network& m_net;

private:
    NodeId m_id;
    std::string m_name;
    DeviceKind m_kind;
    std::vector<Port> m_ports;
};

} // namespace wirelab::net
