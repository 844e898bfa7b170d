// NtpServer: an NTP server (RFC 5905) on UDP 123 answering client-mode requests with its host's
// clock — the receive and transmit timestamps a client needs for the on-wire offset and delay
// calculation (RFC 5905 §8). It has no upstream: it serves its own clock at the configured
// stratum (1 by default, reference "LOCL", as an undisciplined local clock is labelled).
#pragma once

#include "core/base/ids.h"
#include "core/host/service.h"

#include <string>

namespace wirelab::app {

struct NtpConfig {
    uint16_t port = 123;
    uint8_t stratum = 1;
};

class NtpServer final : public Service {
public:
    NtpServer(net::IpNode& node, NtpConfig config);
    ~NtpServer() override;

    std::string_view name() const override { return "ntpd"; }
    void start() override;
    // "ntpd: serving stratum 1 time on UDP 123, 3 requests answered"
    std::string status() const override;
    uint64_t answered() const { return m_answered; }

private:
    void on_requests();

    NtpConfig m_config;
    SocketId m_socket;
    uint64_t m_answered = 0;
};

} // namespace wirelab::app
