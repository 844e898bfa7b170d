// The "http" service kind: a device's web server settings (SCENARIO_FORMAT.md, "Services") read
// into app::HttpServerConfig — files, routes with their templates, redirects, virtual hosts and
// the key/value table — with every problem located by JSON path.
#include "core/base/text.h"
#include "core/host/host_files.h"
#include "core/services/http/http_server.h"
#include "sim/services.h"
#include "sim/services_check.h"

#include <cctype>

namespace wirelab::sim {

using detail::describe_value;
using detail::key_path;
using detail::quote;
using detail::SettingsReader;

namespace {

// [SECTION] values

// RFC 4648 base64, for binary files (images) in a JSON document.
std::optional<std::string> base64_decode(std::string_view text)
{
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    size_t pad = 0;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        if (c == '=') {
            ++pad;
            continue;
        }
        int v = value(c);
        if (v < 0 || pad) return std::nullopt;
        acc = (acc << 6) | uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((acc >> bits) & 0xff);
        }
    }
    if (pad > 2) return std::nullopt;
    return out;
}

bool is_name(std::string_view s)
{
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isalnum(uint8_t(c)) && c != '_') return false;
    return true;
}

std::optional<app::HttpTemplate> compile(const std::string& text, const std::string& path,
                                         const SettingsReader& r)
{
    auto t = app::HttpTemplate::compile(text);
    if (!t) {
        r.error(path, t.error().to_string());
        return std::nullopt;
    }
    return std::move(t.value());
}

// [SECTION] files

void read_file(const std::string& name, const RawJson& v, const std::string& path,
               const SettingsReader& r, app::HttpSite& site)
{
    app::HttpFile f;
    if (name.empty() || name[0] != '/' || name.back() == '/') {
        r.error(path, "a file name must be a path starting with \"/\" and naming a file, e.g. "
                      "\"/index.html\"");
        return;
    }
    if (v.is_string()) {
        f.content = v.get<std::string>();
    } else if (v.is_object()) {
        SettingsReader fr(v, path, r.diagnostics());
        fr.only_keys({"content", "base64", "type"});
        f.content_type = fr.string("type");
        if (fr.find("content") && fr.find("base64"))
            r.error(path, "give either \"content\" or \"base64\", not both");
        f.content = fr.string("content");
        if (const RawJson* b = fr.find("base64")) {
            auto bytes = b->is_string() ? base64_decode(b->get<std::string>()) : std::nullopt;
            if (!bytes)
                r.error(detail::join_path(path, "base64"),
                        "is not valid base64 (RFC 4648: A-Z a-z 0-9 + / and = padding)");
            else
                f.content = std::move(*bytes);
        }
    } else {
        r.error(path, "must be the file's text, or an object {\"content\": ..., \"type\": ...} or "
                      "{\"base64\": ...}, not " +
                          describe_value(v));
        return;
    }
    site.files[name] = std::move(f);
}

// [SECTION] routes

bool check_route_path(const std::string& p, const std::string& path, const SettingsReader& r)
{
    if (p.empty() || p[0] != '/') {
        r.error(path,
                "a route must be a path starting with \"/\", e.g. \"/\" or \"/hello/<name>\"");
        return false;
    }
    for (size_t pos = 0; (pos = p.find('<', pos)) != std::string::npos; ++pos) {
        size_t end = p.find('>', pos);
        bool whole = end != std::string::npos && p[pos - 1] == '/' &&
                     (end + 1 == p.size() || p[end + 1] == '/');
        if (!whole || !is_name(p.substr(pos + 1, end - pos - 1))) {
            r.error(path,
                    "a parameter must be a whole path segment like <name> (letters, digits, _)");
            return false;
        }
    }
    return true;
}

void read_route_options(const RawJson& v, const std::string& path, const SettingsReader& r,
                        app::HttpRoute& route)
{
    SettingsReader rr(v, path, r.diagnostics());
    rr.only_keys({"body", "methods", "status", "type", "set", "headers"});
    if (auto b = compile(rr.string("body"), rr.at("body"), rr)) route.body = std::move(*b);
    route.status = uint16_t(rr.count("status", 200, 100, 599));
    route.content_type = rr.string("type", route.content_type);
    if (const RawJson* m = rr.find("methods")) {
        route.methods.clear();
        if (!m->is_array() || m->empty())
            rr.error(rr.at("methods"), "must be a list of methods, e.g. [\"GET\", \"POST\"]");
        for (size_t i = 0; m->is_array() && i < m->size(); ++i) {
            const RawJson& x = (*m)[i];
            std::string name = x.is_string() ? x.get<std::string>() : "";
            if (!wire::http::is_token(name))
                rr.error(detail::index_path(rr.at("methods"), i),
                         "must be a method name such as \"GET\", not " + describe_value(x));
            else
                route.methods.push_back(name);
        }
    }
    for (const auto& [key, value] : rr.string_map("set")) {
        std::string p = key_path(rr.at("set"), key);
        auto k = compile(key, p, rr);
        auto val = compile(value, p, rr);
        if (k && val) route.set.emplace_back(std::move(*k), std::move(*val));
    }
    for (const auto& [name, value] : rr.string_map("headers")) {
        std::string p = detail::join_path(rr.at("headers"), name);
        std::string lower = ascii_lower(name);
        if (!wire::http::is_token(name))
            rr.error(p, quote(name) + " is not a header name");
        else if (lower == "content-length" || lower == "transfer-encoding" || lower == "connection")
            rr.error(p, "the server sets " + name + " itself; use \"type\" for Content-Type");
        else if (auto t = compile(value, p, rr))
            route.headers.emplace_back(name, std::move(*t));
    }
}

void read_routes(const RawJson& routes, const std::string& path, const SettingsReader& r,
                 app::HttpSite& site)
{
    if (!routes.is_object()) {
        r.error(path,
                "must be an object of paths to responses, e.g. {\"/\": \"<p>Hello, World!</p>\"}, "
                "not " +
                    describe_value(routes));
        return;
    }
    for (auto it = routes.begin(); it != routes.end(); ++it) {
        std::string p = key_path(path, it.key());
        if (!check_route_path(it.key(), p, r)) continue;
        app::HttpRoute route;
        route.path = it.key();
        if (it->is_string()) {
            if (auto b = compile(it->get<std::string>(), p, r)) route.body = std::move(*b);
        } else if (it->is_object()) {
            read_route_options(*it, p, r, route);
        } else {
            r.error(p, "must be the response text or an object with \"body\", not " +
                           describe_value(*it));
            continue;
        }
        site.routes.push_back(std::move(route));
    }
}

// [SECTION] sites

void read_site(const SettingsReader& r, app::HttpSite& site)
{
    // "root": a directory of the host's files ("files" service kind), like DocumentRoot.
    site.root = r.string("root");
    if (r.find("root") && (site.root.empty() || site.root[0] != '/' ||
                           app::HostFiles::normalize(site.root) != site.root))
        r.error(r.at("root"), "must be a directory of the host's files such as \"/srv/www\"");
    if (const RawJson* files = r.find("files")) {
        if (!files->is_object())
            r.error(r.at("files"),
                    "must be an object of paths to contents, not " + describe_value(*files));
        else
            for (auto it = files->begin(); it != files->end(); ++it)
                read_file(it.key(), *it, key_path(r.at("files"), it.key()), r, site);
    }
    if (const RawJson* routes = r.find("routes")) read_routes(*routes, r.at("routes"), r, site);
    for (const auto& [from, to] : r.string_map("redirects")) {
        if (from.empty() || from[0] != '/')
            r.error(key_path(r.at("redirects"), from), "must be a path starting with \"/\"");
        else if (to.empty())
            r.error(key_path(r.at("redirects"), from),
                    "must name where to go (\"/new\" or \"http://...\")");
        else
            site.redirects[from] = to;
    }
}

void read_vhost(const std::string& name, const RawJson& v, const std::string& path,
                const SettingsReader& r, app::HttpServerConfig& cfg)
{
    SettingsReader vr(v, path, r.diagnostics());
    if (!vr.is_settings_object("{\"files\": {\"/index.html\": \"...\"}}")) return;
    vr.only_keys({"files", "root", "routes", "redirects", "aliases"});
    app::HttpSite site;
    site.names.push_back(name);
    if (const RawJson* aliases = vr.find("aliases")) {
        if (!aliases->is_array())
            vr.error(vr.at("aliases"), "must be a list of other host names, e.g. [\"lab\"]");
        else
            for (const RawJson& a : *aliases)
                if (a.is_string()) site.names.push_back(a.get<std::string>());
    }
    read_site(vr, site);
    cfg.sites.push_back(std::move(site));
}

app::HttpServerConfig read_http(const RawJson& config, const std::string& path,
                                std::vector<Diagnostic>& out)
{
    app::HttpServerConfig cfg;
    SettingsReader r(config, path, out);
    if (config.is_boolean() && config.get<bool>()) return cfg;
    if (!r.is_settings_object("{\"routes\": {\"/\": \"<p>Hello, World!</p>\"}}")) return cfg;
    r.only_keys({"port", "server", "files", "root", "routes", "redirects", "kv", "vhosts",
                 "keep_alive", "max_requests"});
    cfg.port = r.port("port", cfg.port);
    cfg.server_header = r.string("server", cfg.server_header);
    if (!wire::http::is_field_value(cfg.server_header))
        r.error(r.at("server"), "must be one line of printable text");
    cfg.kv = r.string_map("kv");
    cfg.keep_alive_timeout = r.duration("keep_alive", cfg.keep_alive_timeout);
    cfg.keep_alive_max = uint32_t(r.count("max_requests", cfg.keep_alive_max, 1, 100000));
    read_site(r, cfg.sites[0]);
    const RawJson* vhosts = r.find("vhosts");
    if (vhosts && !vhosts->is_object())
        r.error(r.at("vhosts"),
                "must be an object of host names to sites, not " + describe_value(*vhosts));
    else if (vhosts)
        for (auto it = vhosts->begin(); it != vhosts->end(); ++it)
            read_vhost(it.key(), *it, key_path(r.at("vhosts"), it.key()), r, cfg);
    return cfg;
}

void validate_http(const RawJson& config, const std::string& path, const DeviceSpec&,
                   const Scenario&, std::vector<Diagnostic>& out)
{
    (void)read_http(config, path, out);
}

void install_http(const RawJson& config, const DeviceSpec&, net::IpNode& node, BuiltScenario&)
{
    std::vector<Diagnostic> ignored; // the scenario validated
    app::ServiceSet::of(node).add<app::HttpServer>(read_http(config, "", ignored));
}

} // namespace

extern const ServiceKind kHttpService = {
    "http", "web server (HTTP/1.1 on TCP 80): static files, routes, virtual hosts", validate_http,
    install_http};

} // namespace wirelab::sim
