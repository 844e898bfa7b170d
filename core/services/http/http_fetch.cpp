// [SECTION] index: URL · start and stop · connection · response · errors
#include "core/services/http/http_fetch.h"

#include "core/base/text.h"

namespace wirelab::app {

namespace http = wire::http;
using transport::SocketError;

// [SECTION] URL

std::string Url::authority() const
{
    std::string h = is_ipv6_literal ? "[" + host + "]" : host;
    return explicit_port && port != 80 ? h + ":" + std::to_string(port) : h;
}

std::string Url::to_string() const
{
    return scheme + "://" + authority() + target;
}

Result<Url, std::string> parse_url(std::string_view text)
{
    Url u;
    size_t sep = text.find("://");
    std::string_view rest = text;
    if (sep != std::string_view::npos) {
        u.scheme = ascii_lower(text.substr(0, sep));
        rest = text.substr(sep + 3);
    }
    size_t slash = rest.find_first_of("/?#");
    std::string_view auth = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        std::string t(rest.substr(slash));
        t = t.substr(0, t.find('#')); // the fragment never leaves the client
        u.target = t.empty() || t[0] != '/' ? "/" + t : t;
    }
    if (size_t at = auth.rfind('@'); at != std::string_view::npos) auth.remove_prefix(at + 1);
    std::string_view port;
    if (!auth.empty() && auth[0] == '[') {
        size_t close = auth.find(']');
        if (close == std::string_view::npos)
            return fail(std::string("URL rejected: Bad IPv6 address"));
        u.host = std::string(auth.substr(1, close - 1));
        u.is_ipv6_literal = true;
        if (close + 1 < auth.size() && auth[close + 1] == ':') port = auth.substr(close + 2);
    } else {
        size_t colon = auth.find(':');
        u.host = std::string(auth.substr(0, colon));
        if (colon != std::string_view::npos) port = auth.substr(colon + 1);
    }
    if (u.host.empty()) return fail(std::string("URL rejected: No host part in the URL"));
    if (u.scheme == "https") u.port = 443;
    if (!port.empty()) {
        if (!parse_port(port, u.port))
            return fail(std::string(
                "URL rejected: Port number was not a decimal number between 0 and 65535"));
        u.explicit_port = true;
    }
    return u;
}

Result<Url, std::string> resolve_location(const Url& base, const std::string& loc)
{
    if (loc.find("://") != std::string::npos) return parse_url(loc);
    if (loc.rfind("//", 0) == 0) return parse_url(base.scheme + ":" + loc);
    Url u = base;
    if (!loc.empty() && loc[0] == '/') {
        u.target = loc;
    } else {
        std::string path(http::target_path(base.target));
        u.target = path.substr(0, path.rfind('/') + 1) + loc;
    }
    return u;
}

// [SECTION] start and stop

HttpFetch::HttpFetch(net::Network& net, net::IpNode& node, Client& client)
    : m_net(net), m_node(node), m_client(client)
{}

HttpFetch::~HttpFetch()
{
    stop();
}

void HttpFetch::start(const Url& u, Options opt)
{
    stop();
    m_opt = std::move(opt);
    m_running = true;
    m_start = m_net.now();
    m_redirects = 0;
    m_redirected_to_get = false;
    if (u.scheme != "http") {
        std::string why =
            u.scheme == "https"
                ? " (Wirelab has no TLS yet: HTTPS comes with the security lessons; use http://)"
                : "";
        return fail(1, "Protocol \"" + u.scheme + "\" not supported or disabled in libcurl" + why);
    }
    // `this`: both timers are cancelled by stop(), which ~HttpFetch calls.
    if (m_opt.max_time)
        m_max_timer = m_net.scheduler().schedule_in(*m_opt.max_time, [this] { on_max_time(); });
    fetch(u);
}

void HttpFetch::cancel()
{
    m_running = false;
    stop();
}

void HttpFetch::fail(int code, const std::string& message)
{
    if (!m_running) return;
    info("Closing connection " + std::to_string(m_conn_no));
    finish(FetchError{code, message});
}

void HttpFetch::finish(const std::optional<FetchError>& error)
{
    m_running = false;
    stop(); // FIN to the server, as curl's exit does
    m_client.on_fetch_done(error);
}

void HttpFetch::stop()
{
    m_lookup.cancel();
    retire_stream();
    m_net.scheduler().cancel(m_connect_timer);
    m_net.scheduler().cancel(m_max_timer);
}

// Closes the connection; the stream object lives on with the fetch, since this may run inside
// one of its callbacks.
void HttpFetch::retire_stream()
{
    if (!m_stream) return;
    m_stream->close();
    m_retired.push_back(std::move(m_stream));
}

// [SECTION] connection

void HttpFetch::fetch(const Url& u)
{
    m_url = u;
    if (m_stream && m_stream->is_connected() && m_reusable && m_conn_host == u.host &&
        m_conn_port == u.port) {
        info("Re-using existing connection #" + std::to_string(m_conn_no) + " with host " + u.host);
        return send_request();
    }
    retire_stream();
    m_lookup = DnsStub::resolve(m_node, u.host, [this](Result<Resolved, ResolveError> r) {
        if (!r) return fail(6, "Could not resolve host: " + m_url.host);
        if (m_running) connect_to(r->addr);
    });
}

void HttpFetch::connect_to(const wire::IpAddr& addr)
{
    m_addr = addr;
    std::string shown = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
    info("  Trying " + shown + ":" + std::to_string(m_url.port) + "...");
    m_connect_start = m_net.now();
    m_stream = std::make_unique<TcpStream>(m_node, m_opt.program);
    m_stream->on_connected([this] { on_connected(); });
    m_stream->on_data([this](std::string_view b) { on_data(b); });
    m_stream->on_closed([this](std::optional<SocketError> why) { on_closed(why); });
    m_connecting = true;
    if (auto r = m_stream->connect({addr, m_url.port}); !r) return connect_failed(r.error());
    m_connect_timer = m_net.scheduler().schedule_in(m_opt.connect_timeout, [this] {
        if (m_connecting)
            fail(28, "Connection timed out after " + elapsed_ms(m_connect_start) + " milliseconds");
    });
}

void HttpFetch::on_connected()
{
    m_connecting = false;
    m_net.scheduler().cancel(m_connect_timer);
    m_conn_host = m_url.host;
    m_conn_port = m_url.port;
    m_conn_no = m_next_conn_no++;
    info("Connected to " + m_url.host + " (" + m_addr.to_string() + ") port " +
         std::to_string(m_url.port) + " (#" + std::to_string(m_conn_no) + ")");
    send_request();
}

void HttpFetch::send_request()
{
    http::Request req;
    req.method = "GET";
    req.target = m_url.target;
    req.headers.add("Host", m_url.authority());
    if (!m_client.on_fetch_request(req)) return;
    m_parser = http::ResponseParser();
    m_parser.expect_response_to(req.method);
    m_request_method = req.method;
    m_received = 0;
    Bytes b = http::serialize(req);
    m_stream->send(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}

// [SECTION] response

void HttpFetch::on_data(std::string_view bytes)
{
    m_received += bytes.size();
    m_parser.feed(ByteSpan(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    read_responses();
}

void HttpFetch::read_responses()
{
    while (m_running) {
        auto r = m_parser.next();
        if (!r) {
            if (r.error().kind == http::Error::UnexpectedEof) {
                if (m_received == 0) return fail(52, "Empty reply from server");
                return fail(18, "transfer closed with outstanding read data remaining");
            }
            return fail(8, "Weird server reply (" + r.error().message + ")");
        }
        if (!r.value()) return;
        http::Response resp = std::move(*r.value());
        if (resp.status < 200) {
            m_client.on_fetch_head(resp);
            continue;
        }
        return on_response(resp);
    }
}

void HttpFetch::on_response(const http::Response& resp)
{
    m_reusable = http::is_persistent(resp, m_request_method == "HEAD");
    m_client.on_fetch_head(resp);
    if (!m_running) return;
    const std::string* loc = resp.headers.find("Location");
    if (resp.status >= 300 && resp.status < 400 && loc && m_opt.follow) {
        if (follow_redirect(resp, *loc)) return;
        if (!m_running) return;
    }
    m_client.on_fetch_body(resp);
    if (!m_running) return;
    if (m_reusable)
        info("Connection #" + std::to_string(m_conn_no) + " to host " + m_url.host +
             " left intact");
    else
        info("Closing connection " + std::to_string(m_conn_no));
    finish(std::nullopt);
}

bool HttpFetch::follow_redirect(const http::Response& resp, const std::string& loc)
{
    if (++m_redirects > m_opt.max_redirects) {
        fail(47, "Maximum (" + std::to_string(m_opt.max_redirects) + ") redirects followed");
        return true;
    }
    auto next = resolve_location(m_url, loc);
    if (!next) {
        fail(3, next.error());
        return true;
    }
    info("Ignoring the response-body");
    if (!m_reusable)
        info("Closing connection " + std::to_string(m_conn_no));
    else
        info("Connection #" + std::to_string(m_conn_no) + " to host " + m_url.host +
             " left intact");
    info("Issue another request to this URL: '" + next->to_string() + "'");
    // curl, like browsers, turns a POST into a GET after 301, 302 and 303.
    if (resp.status == 303 ||
        ((resp.status == 301 || resp.status == 302) && m_request_method == "POST"))
        m_redirected_to_get = true;
    if (!m_reusable) retire_stream();
    fetch(*next);
    return true;
}

void HttpFetch::on_closed(std::optional<SocketError> why)
{
    if (!m_running) return;
    if (m_connecting) return connect_failed(why.value_or(SocketError::ConnectionRefused));
    if (why) {
        if (*why == SocketError::ConnectionReset)
            return fail(56, "Recv failure: Connection reset by peer");
        return fail(56, std::string("Recv failure: ") + transport::to_string(*why));
    }
    m_parser.feed_eof();
    read_responses();
    if (m_running) fail(52, "Empty reply from server");
}

// [SECTION] errors

void HttpFetch::connect_failed(SocketError e)
{
    m_connecting = false;
    fail(7, "Failed to connect to " + m_url.host + " port " + std::to_string(m_url.port) +
                " after " + elapsed_ms(m_connect_start) + " ms: " + transport::to_string(e));
}

void HttpFetch::on_max_time()
{
    if (!m_running) return;
    std::string ms = elapsed_ms(m_start);
    if (m_connecting || !m_stream)
        return fail(28, "Connection timed out after " + ms + " milliseconds");
    fail(28, "Operation timed out after " + ms + " milliseconds with " +
                 std::to_string(m_received) + " bytes received");
}

std::string HttpFetch::elapsed_ms(SimTime since) const
{
    return std::to_string((m_net.now() - since).ns() / 1000000);
}

} // namespace wirelab::app
