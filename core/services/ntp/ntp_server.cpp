#include "core/services/ntp/ntp_server.h"

#include "core/host/ntp_clock.h"
#include "core/transport/socket_table.h"
#include "core/wire/ntp.h"

namespace wirelab::app {

namespace ntp = wire::ntp;

NtpServer::NtpServer(net::IpNode& node, NtpConfig config) : Service(node), m_config(config) {}

NtpServer::~NtpServer()
{
    if (m_socket.is_valid())
        if (transport::UdpSocket* u = transport::SocketTable::of(m_node).udp(m_socket))
            u->set_callback({});
}

void NtpServer::start()
{
    m_socket = open_udp_server(m_node, name(), transport::Endpoint::any_v6(m_config.port),
                               [this](transport::SocketEvents) { on_requests(); });
}

std::string NtpServer::status() const
{
    std::string port = std::to_string(m_config.port);
    if (!m_socket.is_valid())
        return "ntpd: not serving: UDP port " + port + " is taken by another program";
    return "ntpd: serving stratum " + std::to_string(m_config.stratum) + " time on UDP " + port +
           ", " + std::to_string(m_answered) + " requests answered";
}

void NtpServer::on_requests()
{
    transport::UdpSocket* u = transport::SocketTable::of(m_node).udp(m_socket);
    while (u) {
        auto d = u->recv();
        if (!d) {
            if (d.error() == transport::SocketError::WouldBlock) return;
            continue;
        }
        auto req = ntp::parse(d->data);
        // RFC 5905 §9.2: a server answers mode-3 (client) packets with mode 4; others are ignored.
        if (req && req->mode == ntp::Mode::Client) {
            int64_t now = HostClock::now_unix_ns(m_node);
            ntp::Repr r;
            r.leap = ntp::Leap::None;
            r.version = req->version;
            r.mode = ntp::Mode::Server;
            r.stratum = m_config.stratum;
            r.poll = req->poll;
            r.precision = -20; // about a microsecond
            r.root_dispersion = ntp::short_from_ns(1000000);
            r.reference_id = m_config.stratum <= 1 ? ntp::reference_id_text("LOCL") : 0x7f7f0101u;
            r.reference = ntp::Timestamp::from_unix_ns(now - 16000000000); // set 16 s ago
            r.origin = req->transmit; // T1 echoed back (RFC 5905 §7.3 "Origin Timestamp")
            r.receive = ntp::Timestamp::from_unix_ns(now);
            r.transmit = ntp::Timestamp::from_unix_ns(now);
            Bytes out(ntp::buffer_len(r));
            ntp::emit(r, out);
            (void)u->send_to(out, d->from);
            ++m_answered;
        }
        u->recycle(std::move(*d));
    }
}

} // namespace wirelab::app
