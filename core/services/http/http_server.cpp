// HttpServer: connections (accept, parse, answer in order, keep-alive, idle timeout) and the
// request handling (virtual host, redirect, route, static file, error page).
//
// [SECTION] index: content types · connections · request handling · helpers
#include "core/services/http/http_server.h"

#include "core/base/text.h"
#include "core/host/host_files.h"
#include "core/host/ntp_clock.h"
#include "core/transport/socket_table.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace wirelab::app {

namespace http = wire::http;
using transport::Endpoint;
using transport::SocketError;
using transport::SocketTable;

namespace {

std::string host_without_port(std::string_view host)
{
    if (!host.empty() && host.front() == '[')
        return std::string(host.substr(0, host.find(']') + 1));
    return std::string(host.substr(0, host.find(':')));
}

std::vector<std::string_view> segments(std::string_view path)
{
    std::vector<std::string_view> out;
    size_t pos = 0;
    while (pos <= path.size()) {
        size_t slash = path.find('/', pos);
        if (slash == std::string_view::npos) slash = path.size();
        out.push_back(path.substr(pos, slash - pos));
        pos = slash + 1;
    }
    return out;
}

// Matches "/hello/<name>" against "/hello/ann", collecting params; segments count must agree.
bool match_route(std::string_view pattern, std::string_view path, TemplateInput::Pairs& params)
{
    std::vector<std::string_view> p = segments(pattern), s = segments(path);
    if (p.size() != s.size()) return false;
    TemplateInput::Pairs found;
    for (size_t i = 0; i < p.size(); ++i) {
        if (p[i].size() > 2 && p[i].front() == '<' && p[i].back() == '>') {
            if (s[i].empty()) return false;
            found.emplace_back(std::string(p[i].substr(1, p[i].size() - 2)),
                               http::percent_decode(s[i]));
        } else if (p[i] != s[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

bool allows(const HttpRoute& r, std::string_view method)
{
    for (const std::string& m : r.methods)
        if (m == method || (method == "HEAD" && m == "GET")) return true;
    return false;
}

std::string seconds_text(SimTime t)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%03lld", (long long)(t.ns() / 1000000000),
                  (long long)(t.ns() / 1000000 % 1000));
    return buf;
}

} // namespace

// [SECTION] content types

std::string_view content_type_for(std::string_view path)
{
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kTypes = {{
        {"html", "text/html"},
        {"htm", "text/html"},
        {"css", "text/css"},
        {"js", "application/javascript"},
        {"json", "application/json"},
        {"txt", "text/plain"},
        {"xml", "text/xml"},
        {"csv", "text/csv"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"svg", "image/svg+xml"},
        {"ico", "image/x-icon"},
        {"webp", "image/webp"},
        {"pdf", "application/pdf"},
        {"wasm", "application/wasm"},
        {"md", "text/markdown"},
    }};
    size_t slash = path.rfind('/');
    size_t dot = path.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
        return "application/octet-stream";
    std::string_view ext = path.substr(dot + 1);
    for (const auto& [e, type] : kTypes)
        if (iequals(e, ext)) return type;
    return "application/octet-stream";
}

// [SECTION] connections

HttpServer::HttpServer(net::IpNode& node, HttpServerConfig config)
    : Service(node), m_config(std::move(config)), m_kv(m_config.kv)
{
    if (m_config.sites.empty()) m_config.sites.emplace_back();
}

HttpServer::~HttpServer()
{
    for (auto& [id, c] : m_conns) m_node.network().scheduler().cancel(c.idle_timer);
}

void HttpServer::start()
{
    SocketTable& t = SocketTable::of(m_node);
    m_listener = t.tcp_open();
    transport::TcpSocket* l = t.tcp(m_listener);
    l->set_owner(std::string(name()));
    // "::" takes IPv4 and IPv6 clients alike (Linux's bindv6only = 0).
    if (!l->bind(Endpoint::any_v6(m_config.port)) || !l->listen(128)) {
        t.close(m_listener);
        m_listener = SocketId();
        return;
    }
    l->set_callback([this](transport::SocketEvents) { on_listener(); });
}

std::string HttpServer::status() const
{
    size_t routes = 0, files = 0;
    for (const HttpSite& s : m_config.sites) routes += s.routes.size(), files += s.files.size();
    std::string port = std::to_string(m_config.port);
    if (!is_listening())
        return "httpd: not listening: TCP port " + port + " is taken by another program";
    return "httpd: listening on TCP " + port + " (" + std::to_string(m_config.sites.size()) +
           " site" + (m_config.sites.size() == 1 ? "" : "s") + ", " + std::to_string(routes) +
           " routes, " + std::to_string(files) + " files), " + std::to_string(m_served) +
           " requests served";
}

void HttpServer::on_listener()
{
    SocketTable& t = SocketTable::of(m_node);
    transport::TcpSocket* l = t.tcp(m_listener);
    if (!l) return;
    while (true) {
        auto a = l->accept();
        if (!a) return;
        SocketId id = *a;
        transport::TcpSocket* s = t.tcp(id);
        s->set_owner(std::string(name()));
        s->set_callback([this, id](transport::SocketEvents) { on_conn(id); });
        Conn& c = m_conns[id];
        arm_idle(id, c);
        on_conn(id);
    }
}

void HttpServer::on_conn(SocketId id)
{
    auto it = m_conns.find(id);
    if (it == m_conns.end()) return;
    Conn& c = it->second;
    transport::TcpSocket* s = SocketTable::of(m_node).tcp(id);
    if (!s || s->error()) return drop(id); // reset by the peer, timed out
    std::array<uint8_t, 4096> buf;
    bool eof = false, got = false;
    while (true) {
        auto r = s->recv(buf);
        if (!r) break;
        if (*r == 0) {
            eof = true;
            break;
        }
        got = true;
        c.parser.feed(ByteSpan(buf.data(), *r));
    }
    if (eof) c.parser.feed_eof();
    if (got) arm_idle(id, c);
    read_requests(id, c);
    if (m_conns.find(id) == m_conns.end()) return;
    if (eof && c.out.empty() && !c.close_after) c.close_after = true; // the client is done
    flush(id, c);
}

void HttpServer::read_requests(SocketId id, Conn& c)
{
    transport::TcpSocket* s = SocketTable::of(m_node).tcp(id);
    while (!c.close_after) {
        auto next = c.parser.next();
        if (!next) {
            // RFC 9112 §9.6 leaves no way to find the next request after a framing error.
            if (next.error().kind == http::Error::UnexpectedEof) {
                c.close_after = true;
                return;
            }
            http::Response resp =
                error_page(next.error().status(), html_escape(next.error().message));
            resp.headers.set("Connection", "close");
            c.out += [&] {
                Bytes b = http::serialize(resp);
                return std::string(b.begin(), b.end());
            }();
            c.close_after = true;
            return;
        }
        if (!next.value()) return;
        http::Request& req = *next.value();
        http::Response resp = respond(req, s->remote(), s->local());
        ++c.served;
        bool keep = http::is_persistent(req) && c.served < m_config.keep_alive_max;
        resp.headers.set("Connection", keep ? "keep-alive" : "close");
        http::EmitOptions opts;
        opts.head_only = req.method == "HEAD";
        Bytes b = http::serialize(resp, opts);
        c.out.append(b.begin(), b.end());
        if (!keep) c.close_after = true;
    }
}

void HttpServer::flush(SocketId id, Conn& c)
{
    SocketTable& t = SocketTable::of(m_node);
    transport::TcpSocket* s = t.tcp(id);
    if (!s) return drop(id);
    while (!c.out.empty()) {
        auto r = s->send(ByteSpan(reinterpret_cast<const uint8_t*>(c.out.data()), c.out.size()));
        if (!r) {
            if (r.error() == SocketError::WouldBlock) return; // Writable brings us back
            return drop(id);
        }
        c.out.erase(0, *r);
    }
    if (c.close_after) drop(id); // close(): FIN after the queued bytes
}

void HttpServer::arm_idle(SocketId id, Conn& c)
{
    kernel::Scheduler& sched = m_node.network().scheduler();
    sched.cancel(c.idle_timer);
    // The connection by id; the timer is cancelled by drop() and ~HttpServer.
    c.idle_timer = sched.schedule_in(m_config.keep_alive_timeout, [this, id] {
        auto it = m_conns.find(id);
        if (it == m_conns.end()) return;
        // Idle too long (Apache's KeepAliveTimeout): close, or just stop after what is queued.
        it->second.close_after = true;
        it->second.idle_timer = {};
        flush(id, it->second);
    });
}

void HttpServer::drop(SocketId id)
{
    auto it = m_conns.find(id);
    if (it != m_conns.end()) {
        m_node.network().scheduler().cancel(it->second.idle_timer);
        m_conns.erase(it);
    }
    SocketTable& t = SocketTable::of(m_node);
    if (transport::TcpSocket* s = t.tcp(id)) s->set_callback({});
    t.close(id);
}

// [SECTION] request handling

http::Response HttpServer::respond(const http::Request& req, const Endpoint& client,
                                   const Endpoint& server)
{
    ++m_served;
    http::Response resp;
    const http::Headers& h = req.headers;
    if (req.minor_version >= 1 && !h.has("Host")) {
        // RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any
        // HTTP/1.1 request message that lacks a Host header field".
        resp = error_page(400, "An HTTP/1.1 request must carry a Host header.");
    } else {
        const HttpSite& site = site_for(req);
        std::string path = http::percent_decode(http::target_path(req.target));
        TemplateInput in = template_input(req, client, server);
        auto redirect = site.redirects.find(path);
        if (redirect != site.redirects.end()) {
            resp = error_page(301, "The document has moved <a href=\"" +
                                       html_escape(redirect->second) + "\">here</a>.");
            resp.headers.set("Location", redirect->second);
        } else if (!route_response(site, req, in, resp)) {
            resp = static_response(site, req);
        }
    }
    finish_headers(resp);
    return resp;
}

const HttpSite& HttpServer::site_for(const http::Request& req) const
{
    const std::string* host = req.headers.find("Host");
    if (host) {
        std::string name = host_without_port(*host);
        for (const HttpSite& s : m_config.sites)
            for (const std::string& n : s.names)
                if (iequals(n, name)) return s;
    }
    return m_config.sites.front();
}

TemplateInput HttpServer::template_input(const http::Request& req, const Endpoint& client,
                                         const Endpoint& server) const
{
    TemplateInput in;
    in.method = req.method;
    in.path = http::percent_decode(http::target_path(req.target));
    in.query = std::string(http::target_query(req.target));
    in.query_params = http::parse_query(in.query);
    in.body = req.body;
    const std::string* ct = req.headers.find("Content-Type");
    if (ct && ct->rfind("application/x-www-form-urlencoded", 0) == 0)
        in.form = http::parse_query(req.body);
    if (const std::string* host = req.headers.find("Host")) in.host = *host;
    for (const auto& f : req.headers) in.headers.emplace_back(f.name, f.value);
    in.client_ip = client.addr.to_string();
    in.client_port = client.port;
    in.server_ip = server.addr.to_string();
    in.server_port = server.port;
    in.time = seconds_text(m_node.network().now());
    in.date = http::http_date(HostClock::now_unix_ns(m_node) / 1000000000);
    in.kv = &m_kv;
    return in;
}

bool HttpServer::route_response(const HttpSite& site, const http::Request& req,
                                const TemplateInput& base, http::Response& resp)
{
    std::string allowed;
    for (const HttpRoute& r : site.routes) {
        TemplateInput in = base;
        if (!match_route(r.path, in.path, in.params)) continue;
        if (!allows(r, req.method)) {
            for (const std::string& m : r.methods) allowed += (allowed.empty() ? "" : ", ") + m;
            continue;
        }
        Escape esc = r.content_type.rfind("text/html", 0) == 0 ? Escape::Html : Escape::None;
        for (const auto& [key_t, value_t] : r.set) {
            auto key = key_t.render(in, Escape::None);
            auto value = key ? value_t.render(in, esc) : key;
            if (!value) {
                resp = error_page(500, html_escape("route " + r.path + ": " + value.error()));
                return true;
            }
            m_kv[*key] = *value;
        }
        auto body = r.body.render(in, esc);
        if (!body) {
            resp = error_page(500, html_escape("route " + r.path + ": " + body.error()));
            return true;
        }
        resp = http::make_response(r.status, std::move(*body), r.content_type);
        for (const auto& [name, value_t] : r.headers) {
            auto v = value_t.render(in, Escape::Header);
            if (!v) {
                resp = error_page(
                    500, html_escape("route " + r.path + ", header " + name + ": " + v.error()));
                return true;
            }
            resp.headers.set(name, std::move(*v));
        }
        return true;
    }
    if (allowed.empty()) return false;
    bool get = allowed.find("GET") != std::string::npos;
    resp =
        error_page(405, "The method " + html_escape(req.method) + " is not allowed for this URL.");
    resp.headers.set("Allow", get ? allowed + ", HEAD" : allowed);
    return true;
}

// The file at `key` in the site's `files`, else under its root in the host's files.
std::optional<HttpFile> HttpServer::find_file(const HttpSite& site, const std::string& key) const
{
    if (auto it = site.files.find(key); it != site.files.end()) return it->second;
    const HostFiles* host = site.root.empty() ? nullptr : HostFiles::find(m_node);
    if (!host) return std::nullopt;
    // Dot segments are removed before the path meets the root (RFC 3986 §5.2.4), so "/../x"
    // cannot climb out of it.
    auto content = host->read(site.root + HostFiles::normalize(key));
    if (!content) return std::nullopt;
    return HttpFile{std::move(*content), ""};
}

bool HttpServer::is_directory(const HttpSite& site, const std::string& path) const
{
    std::string dir = path + "/";
    auto below = site.files.lower_bound(dir);
    if (below != site.files.end() && below->first.rfind(dir, 0) == 0) return true;
    const HostFiles* host = site.root.empty() ? nullptr : HostFiles::find(m_node);
    return host && host->is_dir(site.root + HostFiles::normalize(path));
}

http::Response HttpServer::static_response(const HttpSite& site, const http::Request& req)
{
    std::string path = http::percent_decode(http::target_path(req.target));
    std::string key = path.back() == '/' ? path + "index.html" : path;
    std::optional<HttpFile> file = find_file(site, key);
    if (!file) {
        // A directory asked for without its slash: Apache's mod_dir answers 301 to "path/".
        if (path.back() != '/' && is_directory(site, path)) {
            std::string dir = path + "/";
            std::string query(http::target_query(req.target));
            std::string location = dir + (query.empty() ? "" : "?" + query);
            http::Response r = error_page(301, "The document has moved <a href=\"" +
                                                   html_escape(location) + "\">here</a>.");
            r.headers.set("Location", location);
            return r;
        }
        return error_page(404, "The requested URL " + html_escape(path) +
                                   " was not found on this server.");
    }
    if (req.method != "GET" && req.method != "HEAD") {
        http::Response r = error_page(405, "The method " + html_escape(req.method) +
                                               " is not allowed for this URL.");
        r.headers.set("Allow", "GET, HEAD");
        return r;
    }
    std::string type =
        file->content_type.empty() ? std::string(content_type_for(key)) : file->content_type;
    return http::make_response(200, file->content, type);
}

// [SECTION] helpers

http::Response HttpServer::error_page(uint16_t status, std::string_view detail) const
{
    std::string title = std::to_string(status) + " " + std::string(http::reason_phrase(status));
    std::string body = "<!DOCTYPE html>\n<html>\n<head><title>" + title +
                       "</title></head>\n<body>\n<h1>" + title + "</h1>\n";
    if (!detail.empty()) body += "<p>" + std::string(detail) + "</p>\n";
    body += "<hr>\n<address>" + m_config.server_header + "</address>\n</body>\n</html>\n";
    return http::make_response(status, std::move(body), "text/html; charset=utf-8");
}

void HttpServer::finish_headers(http::Response& resp) const
{
    // nginx's order: Server and Date first, then the entity headers.
    http::Headers h;
    h.add("Server", m_config.server_header);
    h.add("Date", http::http_date(HostClock::now_unix_ns(m_node) / 1000000000));
    for (const auto& f : resp.headers)
        if (!iequals(f.name, "Server") && !iequals(f.name, "Date")) h.add(f.name, f.value);
    resp.headers = std::move(h);
}

} // namespace wirelab::app
