// What kind of traffic a frame carries, for colouring packets on the canvas and the legend. A
// quick look at a few header bytes (the packet list uses the full dissector): Ethernet type, IP
// protocol, well-known UDP/TCP ports. Never reads past the frame.
#pragma once

#include "core/base/bytes.h"

#include <cstdint>

namespace wirelab::web {

enum class PacketKind : uint8_t { Arp, Icmp, Ndp, Udp, Tcp, Dns, Dhcp, Http, Other, Count };

PacketKind classify_frame(ByteSpan frame);
const char* to_string(PacketKind k); // the legend's name: "ARP", "ICMP", "ICMPv6 / ND"...
// Colours that stay apart on the dark and light canvas alike, packed as ImGui's IM_COL32 packs
// them (R in the low byte), so views pass them to ImGui as ImU32 while the model needs no ImGui.
uint32_t packet_color(PacketKind k);

} // namespace wirelab::web
