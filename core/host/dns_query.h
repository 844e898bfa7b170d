// DnsQuery: one DNS question sent over UDP (RFC 1035 §4.2.1) to a list of servers, with the
// timeout and retry loop of a stub resolver (glibc res_send: each round tries every server in
// turn, `tries` rounds). Used by the stub resolver, the recursive resolver and dig/nslookup/host.
#pragma once

#include "core/base/result.h"
#include "core/kernel/scheduler.h"
#include "core/net/ip_node.h"
#include "core/transport/socket_types.h"
#include "core/wire/dns.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace wirelab::app {

struct DnsQueryOptions {
    SimTime timeout = SimTime::from_s(5); // per attempt (resolv.conf "timeout:5")
    uint32_t tries = 2;                   // rounds over the server list ("attempts:2")
    bool recursion_desired = true;        // RD: stubs ask for recursion, iterators do not
    uint16_t port = wire::dns::kPort;
    // glibc's res_send: a SERVFAIL, NOTIMP or REFUSED answer moves on to the next attempt; the
    // last such answer is returned if no attempt does better. dig shows the first answer.
    bool next_server_on_failure = false;
};

struct DnsAnswer {
    wire::dns::Repr response;
    wire::IpAddr server;
    SimTime rtt;      // from the attempt that was answered
    size_t bytes = 0; // size of the response message
};

enum class DnsQueryError : uint8_t {
    TimedOut,    // every attempt went unanswered
    Unreachable, // no route to any server (the send failed at once)
    Refused,     // ICMP port unreachable from every server: nothing listens on port 53
};
// dig's words: "timed out", "network unreachable", "connection refused".
const char* to_string(DnsQueryError e);

class DnsQuery {
public:
    using Callback = std::function<void(Result<DnsAnswer, DnsQueryError>)>;
    // Called for each attempt that fails before the next one (dig prints ";; communications
    // error to 10.0.0.53#53: timed out"). It must not destroy the query.
    using AttemptFailed = std::function<void(const wire::IpAddr& server, DnsQueryError why)>;

    // Nothing is sent before start(). `servers` must not be empty.
    DnsQuery(net::IpNode& node, wire::dns::Question question, std::vector<wire::IpAddr> servers,
             DnsQueryOptions options, Callback done);
    // Closes the socket and cancels the timer: once destroyed, no callback runs. The owner may
    // destroy the query from inside its own callback.
    ~DnsQuery();
    DnsQuery(const DnsQuery&) = delete;
    DnsQuery& operator=(const DnsQuery&) = delete;

    void set_on_attempt_failed(AttemptFailed fn) { m_on_failed = std::move(fn); }
    void start();

    const wire::dns::Question& question() const { return m_question; }
    uint16_t id() const { return m_id; }
    // Size of the query message (dig's "MSG SIZE sent").
    size_t query_bytes() const { return m_message.size(); }

private:
    void send_attempt();
    void on_readable();
    void on_timeout();
    void attempt_failed(DnsQueryError why);
    void finish(Result<DnsAnswer, DnsQueryError> r);
    void close_socket();

    net::IpNode& m_node;
    wire::dns::Question m_question;
    std::vector<wire::IpAddr> m_servers;
    DnsQueryOptions m_opt;
    Callback m_done;
    AttemptFailed m_on_failed;
    uint16_t m_id = 0;
    Bytes m_message;
    size_t m_attempt = 0; // index over rounds * servers
    SimTime m_sent_at;
    SocketId m_socket;
    kernel::EventId m_timer;
    bool m_any_timeout = false, m_any_refused = false;
    std::optional<DnsAnswer> m_last_failure; // see next_server_on_failure
    bool m_finished = false;
};

} // namespace wirelab::app
