// PcapCapture: pcap files (LINKTYPE_ETHERNET, nanosecond timestamps from the simulated clock)
// built from a network's frame tap — of the whole network (every frame once, as it was sent) and
// of single interfaces (both directions, as that interface saw them). Bytes only; the CLI writes
// the files.
#pragma once

#include "core/base/bytes.h"
#include "core/net/network.h"
#include "core/wire/pcap.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace wirelab::sim {

class PcapCapture {
public:
    // whole: one capture of every frame put on any wire (TapDirection::Out, at the start of
    // transmission, before any corruption on the link). per_interface: one capture per port.
    PcapCapture(bool whole, bool per_interface);

    // Installs this capture as the network's frame tap (there is one tap per network). The
    // capture must outlive the network's run.
    void attach(net::Network& net);
    void on_frame(SimTime at, NodeId node, uint32_t port, net::TapDirection dir,
                  const net::Frame& f);

    // The whole-network capture (a file header and no records if nothing was sent).
    const Bytes& whole() const { return m_whole; }

    struct InterfaceCapture {
        std::string device;
        std::string iface;    // port name: eth0, port3
        std::string filename; // "<device>-<iface>.pcap"
        Bytes bytes;
    };
    // One capture per cabled port, in node then port order; ports that saw nothing get a file
    // with only the header, so every interface a user looks for is there. Empty unless the
    // capture was made with per_interface.
    std::vector<InterfaceCapture> per_interface(const net::Network& net) const;

    uint64_t frame_count() const { return m_frames; } // frames in the whole-network capture

private:
    bool m_want_whole;
    bool m_want_per_interface;
    wire::pcap::PcapWriter m_writer;
    Bytes m_whole;
    uint64_t m_frames = 0;
    std::map<std::pair<uint32_t, uint32_t>, Bytes> m_ports; // (node, port) -> records only
};

} // namespace wirelab::sim
