// The device palette.
#include "web/views/palette_view.h"

#include <imgui.h>

namespace wirelab::web {

namespace {
constexpr DeviceKind kAllKinds[] = {DeviceKind::Host,      DeviceKind::Router,
                                    DeviceKind::Switch,    DeviceKind::DhcpServer,
                                    DeviceKind::DnsServer, DeviceKind::WebServer};
} // namespace

const char* device_label(DeviceKind kind)
{
    switch (kind) {
    case DeviceKind::Host: return "Host";
    case DeviceKind::Router: return "Router";
    case DeviceKind::Switch: return "Switch";
    case DeviceKind::DhcpServer: return "DHCP server";
    case DeviceKind::DnsServer: return "DNS server";
    case DeviceKind::WebServer: return "Web server";
    }
    return "?";
}

void draw_palette()
{
    ImGui::SeparatorText("Devices");
    for (DeviceKind kind : kAllKinds) {
        ImGui::Selectable(device_label(kind));
        if (ImGui::BeginDragDropSource()) {
            const int payload = int(kind);
            ImGui::SetDragDropPayload(kDevicePayload, &payload, sizeof(payload));
            ImGui::Text("%s", device_label(kind));
            ImGui::EndDragDropSource();
        }
    }
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Placing devices on the canvas is coming soon, with the network model.");
    ImGui::PopTextWrapPos();
}

} // namespace wirelab::web
