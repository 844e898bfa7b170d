// HttpFetch: one HTTP/1.1 transfer as a client makes it — resolve the name with the host's stub
// resolver (DnsStub), connect, send a request, read the response, follow redirects up to a
// limit, time out. Shared by `curl` (core/shell/curl.cpp) and the browser app's page view
// (web/views/page_view.cpp), so both speak the same HTTP. Errors carry curl's exit code and
// curl's words ("Could not resolve host: www.lab"), since students meet them in curl first.
//
// The user of a fetch is its Client: it fills each request and sees each response head; the
// fetch owns the connection (reused across redirects when the server keeps it alive).
#pragma once

#include "core/base/result.h"
#include "core/host/dns_stub.h"
#include "core/services/tcp_stream.h"
#include "core/wire/http.h"
#include "core/wire/http_parser.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::app {

struct Url {
    std::string scheme = "http";
    std::string host; // as written, without brackets
    uint16_t port = 80;
    bool explicit_port = false;
    std::string target = "/"; // path and query
    bool is_ipv6_literal = false;

    std::string authority() const;
    std::string to_string() const;
};

// curl's URL parser, reduced: scheme defaults to http; "[v6]" hosts; ports 1-65535. The error
// is the text curl prints after "curl: (3) ".
Result<Url, std::string> parse_url(std::string_view text);
// A Location header (or a link) resolved against the URL it came from (RFC 3986 §5.2, the
// common cases: absolute, scheme-relative, absolute path, relative path).
Result<Url, std::string> resolve_location(const Url& base, const std::string& loc);

// Why a transfer ended early: curl's exit code and message ("curl: (7) Failed to connect...").
struct FetchError {
    int code = 0;
    std::string message;
};

class HttpFetch {
public:
    struct Options {
        bool follow = true;
        int max_redirects = 50;                         // curl's default --max-redirs
        SimTime connect_timeout = SimTime::from_s(300); // curl's default connect timeout
        std::optional<SimTime> max_time;
        std::string program = "curl"; // the socket's owner, as `ss -tnp` shows it
    };

    class Client {
    public:
        virtual ~Client() = default;
        // Progress in curl -v's words (the "* " lines, without the star).
        virtual void on_fetch_info(const std::string& text) { (void)text; }
        // Completes a request whose target and Host are set (method, headers, body). Returns
        // false after failing the fetch itself (HttpFetch::fail).
        virtual bool on_fetch_request(wire::http::Request& req) = 0;
        // Every response head, interim (1xx) ones included, before the fetch acts on it.
        virtual void on_fetch_head(const wire::http::Response& resp) { (void)resp; }
        // The final response (redirects followed): the body is the client's. It may still fail
        // the fetch (HttpFetch::fail), e.g. when the body cannot be stored.
        virtual void on_fetch_body(const wire::http::Response& resp) = 0;
        // The transfer is over: error is empty on success. Called exactly once per start().
        virtual void on_fetch_done(const std::optional<FetchError>& error) = 0;
    };

    HttpFetch(net::Network& net, net::IpNode& node, Client& client);
    ~HttpFetch();
    HttpFetch(const HttpFetch&) = delete;
    HttpFetch& operator=(const HttpFetch&) = delete;

    // Starts the transfer of `u` (http:// only; other schemes fail with curl's code 1).
    void start(const Url& u, Options opt);
    // Ends the transfer with an error (reported through on_fetch_done).
    void fail(int code, const std::string& message);
    // Ends the transfer without a report (Ctrl+C, a page view closing).
    void cancel();

    bool is_running() const { return m_running; }
    const Url& url() const { return m_url; } // the URL being fetched (after redirects)
    // True when the current request follows a 303 (or a 301/302 after a POST): send a GET.
    bool is_redirected_to_get() const { return m_redirected_to_get; }
    int connection_no() const { return m_conn_no; }
    size_t bytes_received() const { return m_received; }
    SimTime started_at() const { return m_start; }

private:
    void fetch(const Url& u);
    void connect_to(const wire::IpAddr& addr);
    void on_connected();
    void send_request();
    void on_data(std::string_view bytes);
    void read_responses();
    void on_response(const wire::http::Response& resp);
    bool follow_redirect(const wire::http::Response& resp, const std::string& loc);
    void on_closed(std::optional<transport::SocketError> why);
    void connect_failed(transport::SocketError e);
    void on_max_time();
    void finish(const std::optional<FetchError>& error);
    void stop();
    void retire_stream();
    std::string elapsed_ms(SimTime since) const;
    void info(const std::string& text) { m_client.on_fetch_info(text); }

    net::Network& m_net;
    net::IpNode& m_node;
    Client& m_client;
    Options m_opt;
    Url m_url;
    wire::IpAddr m_addr;
    DnsStub::Lookup m_lookup;
    std::unique_ptr<TcpStream> m_stream;
    std::vector<std::unique_ptr<TcpStream>> m_retired; // closed inside their own callbacks
    wire::http::ResponseParser m_parser;
    std::string m_request_method;
    std::string m_conn_host;
    uint16_t m_conn_port = 0;
    int m_conn_no = 0, m_next_conn_no = 0;
    int m_redirects = 0;
    bool m_running = false, m_connecting = false, m_reusable = false;
    bool m_redirected_to_get = false;
    size_t m_received = 0;
    SimTime m_start, m_connect_start;
    kernel::EventId m_connect_timer, m_max_timer;
};

} // namespace wirelab::app
