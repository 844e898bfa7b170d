// A bulk TCP transfer between the two hosts of a TwoHosts: a sender that writes a pattern stream
// as fast as its send buffer allows, then closes; a sink that reads everything and checksums it.
#pragma once

#include "tests/transport/harness.h"

#include <array>

namespace wirelab::test {

struct BulkTransfer {
    TwoHosts& h;
    uint64_t total;
    uint16_t port = 5001;
    SocketId listener, client, server;
    uint64_t written = 0;
    StreamCheck received;
    bool eof = false;
    bool sender_closed = false;
    std::optional<transport::SocketError> client_error, server_error;
    std::array<uint8_t, 16384> chunk{};
    wire::IpAddr dst_addr;
    int connect_attempts = 0;
    int max_connect_attempts = 1;
    bool connected = false;

    BulkTransfer(TwoHosts& hosts, uint64_t bytes) : h(hosts), total(bytes) {}

    void start(const wire::IpAddr& dst, const transport::TcpConfig* cfg = nullptr)
    {
        auto& tb = h.tb();
        auto& ta = h.ta();
        if (cfg) {
            tb.tcp_defaults() = *cfg;
            ta.tcp_defaults() = *cfg;
        }
        listener = tb.tcp_open();
        REQUIRE(tb.tcp(listener)->bind(dst.is_v4() ? transport::Endpoint::any_v4(port)
                                                   : transport::Endpoint::any_v6(port)));
        REQUIRE(tb.tcp(listener)->listen(4));
        tb.tcp(listener)->set_callback([this](transport::SocketEvents) { on_accept(); });
        dst_addr = dst;
        open_client();
    }

    void open_client()
    {
        auto& ta = h.ta();
        ++connect_attempts;
        client = ta.tcp_open();
        ta.tcp(client)->set_callback([this](transport::SocketEvents) { pump(); });
        REQUIRE(ta.tcp(client)->connect({dst_addr, port}));
    }

    void on_accept()
    {
        auto& tb = h.tb();
        auto id = tb.tcp(listener)->accept();
        if (!id) return;
        server = *id;
        tb.tcp(server)->set_callback([this](transport::SocketEvents) { drain(); });
        drain();
    }

    void pump()
    {
        auto* s = h.ta().tcp(client);
        if (!s) return;
        if (s->state() == transport::TcpState::Established) connected = true;
        if (s->error()) {
            // Like an application would, try again if the connection never came up (a lossy
            // link can make ARP / neighbour discovery fail, which aborts connect(): Linux's
            // "No route to host").
            if (!connected && connect_attempts < max_connect_attempts) {
                h.ta().close(client);
                open_client();
                return;
            }
            client_error = s->error();
        }
        while (written < total) {
            size_t n = size_t(std::min<uint64_t>({chunk.size(), total - written, s->send_space()}));
            if (n == 0) return;
            for (size_t i = 0; i < n; ++i) chunk[i] = pattern_byte(written + i);
            auto r = s->send(ByteSpan(chunk.data(), n));
            if (!r || *r == 0) return;
            written += *r;
        }
        if (!sender_closed && s->state() == transport::TcpState::Established) {
            sender_closed = true;
            h.ta().close(client);
        }
    }

    void drain()
    {
        auto* s = h.tb().tcp(server);
        if (!s) return;
        std::array<uint8_t, 65536> buf;
        while (true) {
            auto r = s->recv(buf);
            if (!r) {
                if (r.error() != transport::SocketError::WouldBlock) server_error = r.error();
                return;
            }
            if (*r == 0) {
                if (!eof) h.tb().close(server);
                eof = true;
                return;
            }
            received.add(ByteSpan(buf.data(), *r));
        }
    }

    bool is_done() const { return eof || client_error || server_error; }
};

} // namespace wirelab::test
