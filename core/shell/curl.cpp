// curl: an HTTP/1.1 client shaped like curl 7.88 (Debian 12) — the request it sends, -v's
// "* / > / <" lines, its error messages and exit codes ("curl: (7) Failed to connect to ...").
// The transfer itself is HttpFetch (core/services/http/http_fetch.h), shared with the browser app's
// page view; https:// is refused honestly (Wirelab has no TLS yet). -o FILE and -O write the body
// into the host's files (core/host/host_files.h); curl's progress meter is left out, as with -s.
//
// [SECTION] index: options · run · request · response · errors
#include "core/host/host_files.h"
#include "core/services/http/http_fetch.h"
#include "core/shell/commands.h"
#include "core/shell/options.h"

#include <cstdio>

namespace wirelab::app {
namespace {

namespace http = wire::http;

constexpr std::string_view kUserAgent = "curl/7.88.1";

constexpr int kConnectTimeout = 256; // long only
constexpr OptionSpec kOptions[] = {
    {'v', "verbose"},
    {'I', "head"},
    {'i', "include"},
    {'s', "silent"},
    {'S', "show-error"},
    {'O', "remote-name"},
    {'L', "location"},
    {'f', "fail"},
    {'X', "request", OptArg::Required},
    {'d', "data", OptArg::Required},
    {0, "data-raw", OptArg::Required, "", "", 'd'},
    {'H', "header", OptArg::Required},
    {'A', "user-agent", OptArg::Required},
    {'o', "output", OptArg::Required},
    {'m', "max-time", OptArg::Required},
    {0, "connect-timeout", OptArg::Required, "", "", kConnectTimeout},
};

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

class Curl : public Process, private HttpFetch::Client {
public:
    Curl(net::Network& net, net::IpNode& node, OutputFn out, ExitFn on_exit)
        : Process(net, node, std::move(out), std::move(on_exit)), m_fetch(net, node, *this)
    {}
    std::vector<std::string> argv;

    void start() override
    {
        if (!parse_args()) return;
        auto u = parse_url(m_opt.url);
        if (!u) return error(3, u.error());
        HttpFetch::Options fo;
        fo.follow = m_opt.follow;
        fo.connect_timeout = m_opt.connect_timeout;
        if (m_opt.has_max_time) fo.max_time = m_opt.max_time;
        m_fetch.start(*u, fo);
    }

    void interrupt() override
    {
        m_fetch.cancel();
        exit(130);
    }

private:
    // [SECTION] options

    bool parse_args()
    {
        OptionParser p(kOptions, argv);
        for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
            std::string name = o.is_long ? "--" + o.name : "-" + o.name;
            // curl takes a long option's value only as the next word: "--data=x" is unknown.
            bool has_eq = o.is_long && o.word.find('=') != std::string::npos;
            if ((o.is_error() && o.error != OptionError::MissingValue) || has_eq)
                return usage_error("option " + (o.is_long ? o.word : name) + ": is unknown");
            if (o.key == kConnectTimeout) {
                if (o.is_error() || !parse_seconds(o.value, m_opt.connect_timeout))
                    return usage_error(
                        "option --connect-timeout: expected a proper numerical parameter");
                continue;
            }
            if (o.is_error()) return usage_error("option " + name + ": requires parameter");
            if (o.is_operand())
                m_opt.url = o.value;
            else if (o.spec->arg == OptArg::None)
                short_flag(char(o.key));
            else if (!short_value(char(o.key), o.value))
                return false;
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
            std::string path = m_fetch.url().target.substr(0, m_fetch.url().target.find('?'));
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

    // [SECTION] request

    bool on_fetch_request(http::Request& req) override
    {
        bool to_get = m_fetch.is_redirected_to_get();
        req.method = m_opt.head ? "HEAD" : !m_opt.data.empty() ? "POST" : "GET";
        if (to_get) req.method = m_opt.head ? "HEAD" : "GET";
        if (!m_opt.method.empty() && !to_get) req.method = m_opt.method;
        req.headers.add("User-Agent", m_opt.user_agent);
        req.headers.add("Accept", "*/*");
        if (!m_opt.data.empty() && !to_get) {
            std::string body;
            for (const std::string& d : m_opt.data) body += (body.empty() ? "" : "&") + d;
            req.headers.add("Content-Length", std::to_string(body.size()));
            req.headers.add("Content-Type", "application/x-www-form-urlencoded");
            req.body = std::move(body);
        }
        if (!apply_user_headers(req)) return false;
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
        return true;
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
                m_fetch.fail(43, "header \"" + h + "\" is not a valid HTTP header field");
                return false;
            }
            req.headers.remove(name);
            if (!value.empty()) req.headers.add(name, value);
        }
        return true;
    }

    // [SECTION] response

    void on_fetch_head(const http::Response& resp) override
    {
        show_head(resp);
        if (resp.status >= 200 && m_opt.fail_on_error && resp.status >= 400)
            m_fetch.fail(22, "The requested URL returned error: " + std::to_string(resp.status));
    }

    void show_head(const http::Response& resp)
    {
        std::string status = "HTTP/1." + std::to_string(resp.minor_version) + " " +
                             std::to_string(resp.status) +
                             (resp.reason.empty() ? "" : " " + resp.reason);
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

    void on_fetch_body(const http::Response& resp) override
    {
        if (!m_opt.discard && !m_opt.head) deliver_body(resp.body);
    }

    void on_fetch_done(const std::optional<FetchError>& e) override
    {
        if (!e) return exit(0);
        if (!m_opt.silent || m_opt.show_error)
            out("curl: (" + std::to_string(e->code) + ") " + e->message + "\n");
        exit(e->code);
    }

    // [SECTION] errors

    void on_fetch_info(const std::string& text) override { info(text); }

    void info(const std::string& text)
    {
        if (m_opt.verbose) out("* " + text + "\n");
    }

    // An error before or around the transfer (a bad URL, an unwritable -o file).
    void error(int code, const std::string& msg)
    {
        if (m_fetch.is_running()) return m_fetch.fail(code, msg);
        if (has_exited()) return;
        info("Closing connection " + std::to_string(m_fetch.connection_no()));
        on_fetch_done(FetchError{code, msg});
    }

    Options m_opt;
    HttpFetch m_fetch;
};

} // namespace

WIRELAB_COMMAND(make_curl)
{
    auto p = std::make_unique<Curl>(net, node, std::move(out), std::move(on_exit));
    p->argv = std::move(argv);
    return p;
}

} // namespace wirelab::app
