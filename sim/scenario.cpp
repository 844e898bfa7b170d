// Scenario data: the small methods of the plain structs in scenario.h.
#include "sim/scenario.h"

namespace wirelab::sim {

const char* to_string(DeviceType t)
{
    switch (t) {
    case DeviceType::Host: return "host";
    case DeviceType::Router: return "router";
    case DeviceType::Switch: return "switch";
    case DeviceType::Hub: return "hub";
    }
    return "?";
}

const InterfaceSpec* DeviceSpec::find_interface(std::string_view name) const
{
    for (const InterfaceSpec& i : interfaces)
        if (i.name == name) return &i;
    return nullptr;
}

bool LinkDirSpec::is_empty() const
{
    return *this == LinkDirSpec{};
}

net::LinkDirParams LinkDirSpec::apply(net::LinkDirParams base) const
{
    if (bandwidth_bps) base.bandwidth_bps = *bandwidth_bps;
    if (delay) base.delay = *delay;
    if (queue) base.queue_limit = *queue;
    if (loss) base.loss = *loss;
    if (burst) base.burst = *burst;
    if (duplicate) base.duplicate = *duplicate;
    if (reorder) base.reorder = *reorder;
    if (reorder_delay) base.reorder_delay = *reorder_delay;
    if (corrupt) base.corrupt = *corrupt;
    return base;
}

net::LinkParams LinkSpec::params() const
{
    net::LinkDirParams common = both.apply(net::LinkDirParams{});
    return net::LinkParams{a_to_b.apply(common), b_to_a.apply(common), up};
}

const DeviceSpec* Scenario::find_device(std::string_view name) const
{
    int i = device_index(name);
    return i < 0 ? nullptr : &devices[size_t(i)];
}

int Scenario::device_index(std::string_view name) const
{
    for (size_t i = 0; i < devices.size(); ++i)
        if (devices[i].name == name) return int(i);
    return -1;
}

std::string Diagnostic::to_string() const
{
    std::string s = severity == Severity::Warning ? "warning: " : "";
    if (!path.empty()) s += path + ": ";
    return s + message;
}

} // namespace wirelab::sim
