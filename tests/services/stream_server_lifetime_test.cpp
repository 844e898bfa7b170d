// A StreamServer (the base of telnetd, ftpd, smtpd, pop3d, imapd) freed while its reap event is
// queued: the event captures `this`, and the server's kernel::Timers cancels it. Under ASan a
// reap that outlived the server would be a heap-use-after-free.
#include "core/services/tcp_stream.h"
#include "core/transport/socket_table.h"
#include "tests/services/service_harness.h"

using namespace wirelab;
using namespace wirelab::test;

namespace {

// Greets and hangs up at once: close() in on_open queues the reap in the same event.
class HangUpServer final : public app::StreamServer {
public:
    explicit HangUpServer(net::IpNode& node) : StreamServer(node, 7777, "hangupd") {}

private:
    class Session final : public StreamServer::Session {
    public:
        void on_open() override
        {
            send("bye\r\n");
            close();
        }
        void on_data(std::string_view) override {}
    };
    std::unique_ptr<StreamServer::Session> make_session() override
    {
        return std::make_unique<Session>();
    }
};

} // namespace

TEST_CASE("stream server: destroyed with its reap event queued", "[app][asan]")
{
    TwoHosts h(1);
    h.net.start();
    auto server = std::make_unique<HangUpServer>(h.b);
    server->start();
    REQUIRE(server->is_listening());

    app::TcpStream client(h.a, "client");
    std::string got;
    client.on_data([&](std::string_view b) { got += b; });
    REQUIRE(client.connect({ip("10.0.0.2"), 7777}).ok());
    // One event at a time until the session has been opened (and closed): its reap is queued
    // in that event and has not run yet.
    for (int i = 0; i < 10000 && server->sessions_served() == 0; ++i)
        REQUIRE(h.net.scheduler().step());
    REQUIRE(server->sessions_served() == 1);
    CHECK(server->session_count() == 1);

    server.reset();
    h.net.run_until(h.net.now() + SimTime::from_s(5)); // past the reap and any re-reap (100 ms)
    SUCCEED("the queued reap was skipped: nothing touched the freed server");
}

TEST_CASE("stream server: a closed session is reaped as before while the server lives", "[app]")
{
    TwoHosts h(2);
    h.net.start();
    HangUpServer server(h.b);
    server.start();
    app::TcpStream client(h.a, "client");
    std::string got;
    client.on_data([&](std::string_view b) { got += b; });
    REQUIRE(client.connect({ip("10.0.0.2"), 7777}).ok());
    REQUIRE(h.run_until([&] { return server.sessions_served() == 1; }, SimTime::from_s(5)));
    REQUIRE(h.run_until([&] { return server.session_count() == 0; }, SimTime::from_s(5)));
    h.net.run_until(h.net.now() + SimTime::from_s(1));
    CHECK(got == "bye\r\n");
}
