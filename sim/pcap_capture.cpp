#include "sim/pcap_capture.h"

namespace wirelab::sim {

PcapCapture::PcapCapture(bool whole, bool per_interface)
    : m_want_whole(whole), m_want_per_interface(per_interface)
{
    m_writer.append_header(m_whole);
}

void PcapCapture::attach(net::Network& net)
{
    net.set_frame_tap([this](SimTime at, NodeId node, uint32_t port, net::TapDirection dir,
                             const net::Frame& f) { on_frame(at, node, port, dir, f); });
}

void PcapCapture::on_frame(SimTime at, NodeId node, uint32_t port, net::TapDirection dir,
                           const net::Frame& f)
{
    ByteSpan bytes(f.bytes.data(), f.bytes.size());
    if (m_want_whole && dir == net::TapDirection::Out) {
        m_writer.append_record(m_whole, at, bytes);
        ++m_frames;
    }
    if (m_want_per_interface) m_writer.append_record(m_ports[{node.value, port}], at, bytes);
}

std::vector<PcapCapture::InterfaceCapture> PcapCapture::per_interface(const net::Network& net) const
{
    std::vector<InterfaceCapture> out;
    if (!m_want_per_interface) return out;
    for (uint32_t n = 0; n < net.node_count(); ++n) {
        const net::Node& node = net.node(NodeId(n));
        for (uint32_t p = 0; p < node.ports().size(); ++p) {
            if (!node.port(p).link.is_valid()) continue;
            InterfaceCapture c{node.name(),
                               node.port(p).name,
                               node.name() + "-" + node.port(p).name + ".pcap",
                               {}};
            m_writer.append_header(c.bytes);
            auto it = m_ports.find({n, p});
            if (it != m_ports.end())
                c.bytes.insert(c.bytes.end(), it->second.begin(), it->second.end());
            out.push_back(std::move(c));
        }
    }
    return out;
}

} // namespace wirelab::sim
