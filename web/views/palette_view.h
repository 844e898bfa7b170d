// The device palette: what can be placed on the canvas. Items are drag sources; placing them
// needs the network model, which does not exist yet, so the canvas says so on drop.
#pragma once

namespace wirelab::web {

// Drag-and-drop payload type carried from the palette to the canvas (payload: int DeviceKind).
inline constexpr const char* kDevicePayload = "WIRELAB_DEVICE";

enum class DeviceKind { Host, Router, Switch, DhcpServer, DnsServer, WebServer };

const char* device_label(DeviceKind kind);

void draw_palette();

} // namespace wirelab::web
