// HttpServer: an HTTP/1.1 origin server (RFC 9110 semantics, RFC 9112 messaging) on a simulated
// host — static files with Content-Type by extension, virtual hosts chosen by the Host header,
// redirects, dynamic routes built from the request through HttpTemplate (with a per-server
// key/value table the routes can read and write), persistent connections with an idle timeout,
// and the status codes a student meets first: 200, 301, 400, 404, 405, 500 (and the parser's
// 413/431/501/505).
#pragma once

#include "core/base/ids.h"
#include "core/host/service.h"
#include "core/kernel/scheduler.h"
#include "core/services/http/http_template.h"
#include "core/transport/socket_types.h"
#include "core/wire/http.h"
#include "core/wire/http_parser.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wirelab::app {

struct HttpFile {
    std::string content;      // bytes
    std::string content_type; // empty: chosen from the extension (content_type_for)
};

// A dynamic route: the response is rendered for each request.
struct HttpRoute {
    // "/", "/hello/<name>": a <NAME> segment matches one non-empty path segment and is
    // {{param.NAME}} in the templates.
    std::string path;
    // Methods answered; GET implies HEAD. Another method on this path gets 405.
    std::vector<std::string> methods = {"GET"};
    uint16_t status = 200;
    std::string content_type = "text/html; charset=utf-8";
    HttpTemplate body;
    // Writes to the key/value table, in order, before the body is rendered (so the body sees the
    // new values). Keys are templates too ("msg.{{query.id}}").
    std::vector<std::pair<HttpTemplate, HttpTemplate>> set;
    std::vector<std::pair<std::string, HttpTemplate>> headers; // extra response headers
};

struct HttpSite {
    // Host names this site answers (compared without port, ignoring case); empty for the
    // default site, which answers every other name and requests without Host.
    std::vector<std::string> names;
    std::map<std::string, HttpFile> files;        // "/index.html" -> file
    std::vector<HttpRoute> routes;                // tried in order, before the files
    std::map<std::string, std::string> redirects; // "/old" -> "/new" or "http://..." (301)
    // Apache's DocumentRoot: a directory of the host's own files (core/host/host_files.h), such
    // as "/srv/www", served after `files` — what curl -o or an FTP upload put there is online.
    std::string root;
};

struct HttpServerConfig {
    uint16_t port = wire::http::kPort;
    std::string server_header = "wirelab-httpd/1.0";
    // sites[0] is the default site; the others are virtual hosts.
    std::vector<HttpSite> sites = {HttpSite{}};
    std::map<std::string, std::string> kv; // initial key/value table
    // Apache's KeepAliveTimeout and MaxKeepAliveRequests defaults.
    SimTime keep_alive_timeout = SimTime::from_s(5);
    uint32_t keep_alive_max = 100;
};

// "text/html", "image/png", ... from the extension of a path; "application/octet-stream" when
// unknown (what nginx's mime.types gives).
std::string_view content_type_for(std::string_view path);

class HttpServer final : public Service {
public:
    HttpServer(net::IpNode& node, HttpServerConfig config);
    ~HttpServer() override;

    std::string_view name() const override { return "httpd"; }
    void start() override;
    // "httpd: listening on TCP 80 (2 sites, 3 routes, 5 files), 12 requests served"
    std::string status() const override;

    // The key/value table, as the routes left it.
    const std::map<std::string, std::string>& kv() const { return m_kv; }
    const HttpServerConfig& config() const { return m_config; }
    uint64_t requests_served() const { return m_served; }
    // Whether the listening socket is open (false if the port was taken).
    bool is_listening() const { return m_listener.is_valid(); }

    // The response to one request, as the server would send it (Date and Server included). Public
    // so tests can check routing without a connection.
    wire::http::Response respond(const wire::http::Request& req, const transport::Endpoint& client,
                                 const transport::Endpoint& server);

private:
    struct Conn {
        wire::http::RequestParser parser;
        std::string out;          // serialized responses not yet accepted by the socket
        bool close_after = false; // close once `out` is sent
        uint32_t served = 0;
        kernel::EventId idle_timer;
    };

    void on_listener();
    void on_conn(SocketId id);
    void read_requests(SocketId id, Conn& c);
    void flush(SocketId id, Conn& c);
    void arm_idle(SocketId id, Conn& c);
    void drop(SocketId id);

    const HttpSite& site_for(const wire::http::Request& req) const;
    wire::http::Response error_page(uint16_t status, std::string_view detail = {}) const;
    bool route_response(const HttpSite& site, const wire::http::Request& req,
                        const TemplateInput& in, wire::http::Response& resp);
    wire::http::Response static_response(const HttpSite& site, const wire::http::Request& req);
    std::optional<HttpFile> find_file(const HttpSite& site, const std::string& key) const;
    bool is_directory(const HttpSite& site, const std::string& path) const;
    TemplateInput template_input(const wire::http::Request& req, const transport::Endpoint& client,
                                 const transport::Endpoint& server) const;
    void finish_headers(wire::http::Response& resp) const;

    HttpServerConfig m_config;
    std::map<std::string, std::string> m_kv;
    SocketId m_listener;
    std::map<SocketId, Conn> m_conns;
    uint64_t m_served = 0;
};

} // namespace wirelab::app
