// Edits of a scenario that the canvas and inspector queue as Commands: placing devices from the
// palette, cabling them (a free interface or port is picked, and added when there is none),
// deleting, renaming, copy and paste. Plain functions over sim::Scenario: no UI here.
#pragma once

#include "sim/scenario.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace wirelab::web {

// What the palette offers. Servers and laptops are hosts with another icon (kept in the
// device's notes as {"icon": "server"}; the simulator never reads notes).
enum class PaletteItem : uint8_t { Host, Server, Laptop, Switch, Hub, Router, Count };

const char* palette_label(PaletteItem item);   // "Host", "Server"...
const char* palette_tooltip(PaletteItem item); // one sentence on what it does
// The item a device is shown as (its type, and for hosts the icon in its notes).
PaletteItem palette_item_of(const sim::DeviceSpec& d);

inline constexpr double kGridStep = 20.0; // world units; positions snap to it
double snap(double v);

// "pc3": the prefix with the smallest number not yet taken.
std::string next_name(const sim::Scenario& s, std::string_view prefix);
// A new device for `item` at `at` (snapped), named next_name(). Hosts get eth0 (no address
// yet); switches 8 ports, hubs 4; routers get interfaces as they are cabled.
sim::DeviceSpec make_device(const sim::Scenario& s, PaletteItem item, sim::Position at);

// Cables devices a and b (indices) through a free interface/port on each; hosts and routers get
// a new ethN, switches and hubs a new port, when all are in use. Fails with the reason: the same
// device, a switch already at 64 ports...
std::optional<std::string> connect_devices(sim::Scenario& s, size_t a, size_t b);
// Every device a cable could be plugged into (for "Connect to ▸").
bool has_free_port_or_room(const sim::DeviceSpec& d, const sim::Scenario& s);

// Removes the named devices (with their cables and script lines) and the given links.
// Returns false when nothing was removed.
bool delete_items(sim::Scenario& s, const std::set<std::string>& devices,
                  const std::set<size_t>& links);
// Renames a device everywhere it is referred to (cables, script). Fails with the loader's rule
// when the new name is taken or not a valid name.
std::optional<std::string> rename_device(sim::Scenario& s, const std::string& from,
                                         const std::string& to);

// The named devices and the cables between them, as a scenario fragment (the clipboard).
sim::Scenario extract(const sim::Scenario& s, const std::set<std::string>& devices);
// Adds a copy of `fragment`, moved by `offset`, renaming devices that clash (pc1 -> pc4).
// Returns the names of the new devices.
std::vector<std::string> paste(sim::Scenario& s, const sim::Scenario& fragment,
                               sim::Position offset);

// True when a link has impairments (loss, burst loss, duplication, reordering, corruption).
bool is_impaired(const sim::LinkSpec& l);

} // namespace wirelab::web
