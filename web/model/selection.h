// What is selected on the canvas: devices by name, links by index. The inspector shows it; Delete,
// Copy and the context menu act on it.
#pragma once

#include "sim/scenario.h"

#include <set>
#include <string>

namespace wirelab::web {

struct Selection {
    std::set<std::string> devices;
    std::set<size_t> links;

    bool is_empty() const { return devices.empty() && links.empty(); }
    void clear()
    {
        devices.clear();
        links.clear();
    }
    void select_only_device(const std::string& name)
    {
        clear();
        devices.insert(name);
    }
    void select_only_link(size_t index)
    {
        clear();
        links.insert(index);
    }
    // Forgets what no longer exists (after undo, delete, open).
    void prune(const sim::Scenario& s)
    {
        std::erase_if(devices, [&](const std::string& n) { return s.device_index(n) < 0; });
        std::erase_if(links, [&](size_t i) { return i >= s.links.size(); });
    }
};

} // namespace wirelab::web
