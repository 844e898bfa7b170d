// curl: an HTTP/1.1 client shaped like curl 7.88 (Debian 12) — the request it sends, -v's
// "* / > / <" lines, its error messages and exit codes ("curl: (7) Failed to connect to ...").
// Names are resolved by the host's stub resolver (DnsStub); https:// is refused honestly
// (Wirelab has no TLS yet). -o FILE and -O write the body into the host's files
// (core/app/host_files.h); curl's progress meter is left out, as with -s.
//
// [SECTION] index: URL · options · run · connection · response · errors
#include "core/app/commands.h"
#include "core/app/dns_stub.h"
#include "core/app/host_files.h"
#include "core/app/tcp_stream.h"
#include "core/wire/http.h"
#include "core/wire/http_parser.h"

#include <cstdio>

namespace wirelab::app {
namespace {

namespace http = wire::http;
using transport::SocketError;

constexpr std::string_view kUserAgent = "curl/7.88.1";
constexpr int kMaxRedirects = 50; // curl's default --max-redirs

// [SECTION] URL

struct Url {
    std::string scheme = "http";
    std::string host; // as written, without brackets
    uint16_t port = 80;
    bool explicit_port = false;
    std::string target = "/"; // path and query
    bool is_ipv6_literal = false;

    std::string authority() const
    {
        std::string h = is_ipv6_literal ? "[" + host + "]" : host;
        return explicit_port && port != 80 ? h + ":" + std::to_string(port) : h;
    }
    std::string to_string() const { return scheme + "://" + authority() + target; }
};

// curl's parser, reduced: scheme defaults to http; "[v6]" hosts; ports 1-65535. The error is
// the text after "curl: (3) ".
Result<Url, std::string> parse_url(std::string_view text)
{
    Url u;
    size_t sep = text.find("://");
    std::string_view rest = text;
    if (sep != std::string_view::npos) {
        u.scheme = std::string(text.substr(0, sep));
        for (char& c : u.scheme) c = char(std::tolower(uint8_t(c)));
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
        uint64_t p = 0;
        if (!parse_uint(port, 65535, p) || p == 0)
            return fail(std::string(
                "URL rejected: Port number was not a decimal number between 0 and 65535"));
        u.port = uint16_t(p);
        u.explicit_port = true;
    }
    return u;
}

// A Location header resolved against the URL it came from (RFC 3986 §5.2, the common cases).
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

// [SECTION] options

struct Options {
    bool verbose = false, head = false, include = false, silent = false, show_error = false;
    bool follow = false, fail_on_error = false, discard = false;
    bool remote_name = false; // -O: save under the URL's last path segment
    std::string output;       // -o FILE
    std::string method;
    std::vector<std::string> data;
    std::vector<std::string> headers;
    std::string user_agent = std::string(kUserAgent);
    SimTime max_time, connect_timeout = SimTime::from_s(300); // curl's default connect timeout
    bool has_max_time = false;
    std::string url;
};

class Curl : public Process {
public:
    using Process::Process;
    std::vector<std::string> argv;

    void start() override
    {
        if (!parse_args()) return;
        auto u = parse_url(m_opt.url);
        if (!u) return error(3, u.error());
        if (u->scheme != "http") {
            std::string why = u->scheme == "https"
                ? " (Wirelab has no TLS yet: HTTPS comes with the security "
                  "lessons; use http://)"
                : "";
            return error(
                1, "Protocol \"" + u->scheme + "\" not supported or disabled in libcurl" + why);
        }
        m_start = m_net.now();
        if (m_opt.has_max_time) after(m_opt.max_time, [this] { on_max_time(); });
        fetch(*u);
    }

    void interrupt() override
    {
        retire_stream();
        exit(130);
    }

private:
    // [SECTION] options

    bool parse_args()
    {
        for (size_t i = 1; i < argv.size(); ++i) {
            const std::string& a = argv[i];
            if (a.size() < 2 || a[0] != '-') {
                m_opt.url = a;
                continue;
            }
            if (a.rfind("--", 0) == 0) {
                if (!long_option(a, i)) return false;
                continue;
            }
            for (size_t k = 1; k < a.size(); ++k) {
                char c = a[k];
                if (std::string_view("XdHoAm").find(c) != std::string_view::npos) {
                    std::string v;
                    if (k + 1 < a.size())
                        v = a.substr(k + 1);
                    else if (i + 1 < argv.size())
                        v = argv[++i];
                    else
                        return usage_error("option -" + std::string(1, c) + ": requires parameter");
                    if (!short_value(c, v)) return false;
                    break;
                }
                if (!short_flag(c))
                    return usage_error("option -" + std::string(1, c) + ": is unknown");
            }
        }
        if (m_opt.url.empty()) return usage_error("no URL specified!");
        return true;
    }

    bool short_flag(char c)
    {
        switch (c) {
        case 'v': m_opt.verbose = true; return true;
        case 'I': m_opt.head = true; return true;
        case 'i': m_opt.include = true; return true;
        case 's': m_opt.silent = true; return true;
        case 'S': m_opt.show_error = true; return true;
        case 'L': m_opt.follow = true; return true;
        case 'f': m_opt.fail_on_error = true; return true;
        case 'O': m_opt.remote_name = true; return true;
        default: return false;
        }
    }

    bool short_value(char c, const std::string& v)
    {
        switch (c) {
        case 'X': m_opt.method = v; return true;
        case 'd': m_opt.data.push_back(v); return true;
        case 'H': m_opt.headers.push_back(v); return true;
        case 'A': m_opt.user_agent = v; return true;
        case 'o': return output_to(v);
        case 'm':
            if (!parse_seconds(v, m_opt.max_time))
                return usage_error("option -m: expected a proper numerical parameter");
            m_opt.has_max_time = true;
            return true;
        }
        return false;
    }

    bool long_option(const std::string& a, size_t& i)
    {
        static const std::pair<std::string_view, char> kFlags[] = {{"--verbose", 'v'},
            {"--head", 'I'}, {"--include", 'i'}, {"--silent", 's'}, {"--show-error", 'S'},
            {"--remote-name", 'O'}, {"--location", 'L'}, {"--fail", 'f'}};
        static const std::pair<std::string_view, char> kValues[] = {{"--request", 'X'},
            {"--data", 'd'}, {"--data-raw", 'd'}, {"--header", 'H'}, {"--user-agent", 'A'},
            {"--output", 'o'}, {"--max-time", 'm'}};
        for (const auto& [name, c] : kFlags)
            if (a == name) return short_flag(c);
        std::string v = i + 1 < argv.size() ? argv[i + 1] : "";
        for (const auto& [name, c] : kValues)
            if (a == name) {
                if (i + 1 >= argv.size())
                    return usage_error("option " + a + ": requires parameter");
                ++i;
                return short_value(c, v);
            }
        if (a == "--connect-timeout") {
            if (i + 1 >= argv.size() || !parse_seconds(argv[++i], m_opt.connect_timeout))
                return usage_error(
                    "option --connect-timeout: expected a proper numerical parameter");
            return true;
        }
        return usage_error("option " + a + ": is unknown");
    }

    bool output_to(const std::string& file)
    {
        if (file == "/dev/null") {
            m_opt.discard = true;
            return true;
        }
        m_opt.output = file;
        return true;
    }

    // The body goes to -o's file, -O's remote name, or the terminal. curl opens the file when
    // the body starts, so an unwritable name fails after the transfer (exit 23).
    void deliver_body(const std::string& body)
    {
        std::string file = m_opt.output;
        if (m_opt.remote_name) {
            std::string path = m_url.target.substr(0, m_url.target.find('?'));
            file = path.substr(path.rfind('/') + 1);
            if (file.empty()) return error(23, "Remote file name has no length!");
        }
        if (file.empty()) return out(body);
        auto r = HostFiles::of(m_node).write(file, body);
        if (!r) {
            out("Warning: Failed to open the file " + file + ": " + to_string(r.error()) + "\n");
            return error(23, "Failure writing output to destination");
        }
    }

    bool usage_error(const std::string& msg)
    {
        out("curl: " + msg + "\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
        exit(2);
        return false;
    }

    // [SECTION] run

    void fetch(const Url& u)
    {
        m_url = u;
        if (m_stream && m_stream->is_connected() && m_reusable && m_conn_host == u.host &&
            m_conn_port == u.port) {
            info("Re-using existing connection #" + std::to_string(m_conn_no) + " with host " +
                u.host);
            return send_request();
        }
        retire_stream();
        m_lookup = DnsStub::resolve(m_node, u.host, [this](Result<Resolved, ResolveError> r) {
            if (!r) return error(6, "Could not resolve host: " + m_url.host);
            connect_to(r->addr);
        });
    }

    void connect_to(const wire::IpAddr& addr)
    {
        m_addr = addr;
        std::string shown = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
        info("  Trying " + shown + ":" + std::to_string(m_url.port) + "...");
        m_connect_start = m_net.now();
        m_stream = std::make_unique<TcpStream>(m_node, "curl");
        m_stream->on_connected([this] { on_connected(); });
        m_stream->on_data([this](std::string_view b) { on_data(b); });
        m_stream->on_closed([this](std::optional<SocketError> why) { on_closed(why); });
        m_connecting = true;
        if (auto r = m_stream->connect({addr, m_url.port}); !r) return connect_failed(r.error());
        m_connect_timer = after(m_opt.connect_timeout, [this] {
            if (m_connecting)
                error(28,
                    "Connection timed out after " + elapsed_ms(m_connect_start) + " milliseconds");
        });
    }

    void on_connected()
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

    void send_request()
    {
        http::Request req;
        req.method = m_opt.head ? "HEAD" : !m_opt.data.empty() ? "POST" : "GET";
        if (m_redirected_to_get) req.method = m_opt.head ? "HEAD" : "GET";
        if (!m_opt.method.empty() && !m_redirected_to_get) req.method = m_opt.method;
        req.target = m_url.target;
        req.headers.add("Host", m_url.authority());
        req.headers.add("User-Agent", m_opt.user_agent);
        req.headers.add("Accept", "*/*");
        if (!m_opt.data.empty() && !m_redirected_to_get) {
            std::string body;
            for (const std::string& d : m_opt.data) body += (body.empty() ? "" : "&") + d;
            req.headers.add("Content-Length", std::to_string(body.size()));
            req.headers.add("Content-Type", "application/x-www-form-urlencoded");
            req.body = std::move(body);
        }
        if (!apply_user_headers(req)) return;
        if (m_opt.verbose) {
            Bytes b = http::serialize(req);
            std::string head(b.begin(), b.end());
            head = head.substr(0, head.find("\r\n\r\n") + 4);
            for (size_t pos = 0; pos < head.size();) {
                size_t end = head.find("\r\n", pos);
                out("> " + head.substr(pos, end - pos) + "\n");
                pos = end + 2;
            }
        }
        m_parser = http::ResponseParser();
        m_parser.expect_response_to(req.method);
        m_request_method = req.method;
        m_received = 0;
        Bytes b = http::serialize(req);
        m_stream->send(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
    }

    // -H "Name: value" replaces curl's own header of that name, "Name:" removes it.
    bool apply_user_headers(http::Request& req)
    {
        for (const std::string& h : m_opt.headers) {
            size_t colon = h.find(':');
            if (colon == std::string::npos || colon == 0) continue; // curl ignores such -H
            std::string name = h.substr(0, colon);
            std::string value = h.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            if (!http::is_token(name) || !http::is_field_value(value)) {
                error(43, "header \"" + h + "\" is not a valid HTTP header field");
                return false;
            }
            req.headers.remove(name);
            if (!value.empty()) req.headers.add(name, value);
        }
        return true;
    }

    // [SECTION] response

    void on_data(std::string_view bytes)
    {
        m_received += bytes.size();
        m_parser.feed(ByteSpan(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
        read_responses();
    }

    void read_responses()
    {
        while (!has_exited()) {
            auto r = m_parser.next();
            if (!r) {
                if (r.error().kind == http::Error::UnexpectedEof) {
                    if (m_received == 0) return error(52, "Empty reply from server");
                    return error(18, "transfer closed with outstanding read data remaining");
                }
                return error(8, "Weird server reply (" + r.error().message + ")");
            }
            if (!r.value()) return;
            http::Response resp = std::move(*r.value());
            if (resp.status < 200) {
                show_head(resp);
                continue;
            }
            return on_response(resp);
        }
    }

    void show_head(const http::Response& resp)
    {
        std::string status = "HTTP/1." + std::to_string(resp.minor_version) + " " +
            std::to_string(resp.status) + (resp.reason.empty() ? "" : " " + resp.reason);
        std::string text = status + "\n";
        for (const auto& f : resp.headers) text += f.name + ": " + f.value + "\n";
        if (m_opt.verbose) {
            std::string marked;
            for (size_t pos = 0; pos < text.size();) {
                size_t nl = text.find('\n', pos);
                marked += "< " + text.substr(pos, nl - pos) + "\n";
                pos = nl + 1;
            }
            out(marked + "< \n");
        } else if (m_opt.include || m_opt.head) {
            out(text + "\n");
        }
    }

    void on_response(const http::Response& resp)
    {
        m_reusable = http::is_persistent(resp, m_request_method == "HEAD");
        show_head(resp);
        const std::string* loc = resp.headers.find("Location");
        bool redirect = resp.status >= 300 && resp.status < 400 && loc;
        if (m_opt.fail_on_error && resp.status >= 400) {
            return error(22, "The requested URL returned error: " + std::to_string(resp.status));
        }
        if (redirect && m_opt.follow) {
            if (++m_redirects > kMaxRedirects)
                return error(
                    47, "Maximum (" + std::to_string(kMaxRedirects) + ") redirects followed");
            auto next = resolve_location(m_url, *loc);
            if (!next) return error(3, next.error());
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
            return fetch(*next);
        }
        if (!m_opt.discard && !m_opt.head) deliver_body(resp.body);
        if (has_exited()) return;
        if (m_opt.verbose) {
            if (m_reusable)
                info("Connection #" + std::to_string(m_conn_no) + " to host " + m_url.host +
                    " left intact");
            else
                info("Closing connection " + std::to_string(m_conn_no));
        }
        finish(0);
    }

    void on_closed(std::optional<SocketError> why)
    {
        if (has_exited()) return;
        if (m_connecting) return connect_failed(why.value_or(SocketError::ConnectionRefused));
        if (why) {
            if (*why == SocketError::ConnectionReset)
                return error(56, "Recv failure: Connection reset by peer");
            return error(56, std::string("Recv failure: ") + transport::to_string(*why));
        }
        m_parser.feed_eof();
        read_responses();
        if (!has_exited()) error(52, "Empty reply from server");
    }

    // [SECTION] errors

    void connect_failed(SocketError e)
    {
        m_connecting = false;
        error(7,
            "Failed to connect to " + m_url.host + " port " + std::to_string(m_url.port) +
                " after " + elapsed_ms(m_connect_start) + " ms: " + transport::to_string(e));
    }

    void on_max_time()
    {
        if (has_exited()) return;
        std::string ms = elapsed_ms(m_start);
        if (m_connecting || !m_stream)
            return error(28, "Connection timed out after " + ms + " milliseconds");
        error(28,
            "Operation timed out after " + ms + " milliseconds with " + std::to_string(m_received) +
                " bytes received");
    }

    std::string elapsed_ms(SimTime since) const
    {
        return std::to_string((m_net.now() - since).ns() / 1000000);
    }

    void info(const std::string& text)
    {
        if (m_opt.verbose) out("* " + text + "\n");
    }

    void error(int code, const std::string& msg)
    {
        if (has_exited()) return;
        if (m_opt.verbose) info("Closing connection " + std::to_string(m_conn_no));
        if (!m_opt.silent || m_opt.show_error)
            out("curl: (" + std::to_string(code) + ") " + msg + "\n");
        finish(code);
    }

    void finish(int code)
    {
        m_lookup.cancel();
        retire_stream(); // FIN to the server, as curl's exit does
        exit(code);
    }

    // Closes the connection; the stream object lives on with the process, since this may run
    // inside one of its callbacks.
    void retire_stream()
    {
        if (!m_stream) return;
        m_stream->close();
        m_retired.push_back(std::move(m_stream));
    }

    Options m_opt;
    Url m_url;
    wire::IpAddr m_addr;
    DnsStub::Lookup m_lookup;
    std::unique_ptr<TcpStream> m_stream;
    std::vector<std::unique_ptr<TcpStream>> m_retired;
    http::ResponseParser m_parser;
    std::string m_request_method;
    std::string m_conn_host;
    uint16_t m_conn_port = 0;
    int m_conn_no = 0, m_next_conn_no = 0;
    int m_redirects = 0;
    bool m_connecting = false, m_reusable = false, m_redirected_to_get = false;
    size_t m_received = 0;
    SimTime m_start, m_connect_start;
    kernel::EventId m_connect_timer;
};

} // namespace

WIRELAB_COMMAND(make_curl)
{
    auto p = std::make_unique<Curl>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

} // namespace wirelab::app
