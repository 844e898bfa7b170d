// The web server: routing decisions (respond) and whole exchanges over a simulated cable —
// static files, virtual hosts, redirects, 404/405/500, dynamic routes, keep-alive, and an exact
// body across a lossy link.
#include "core/host/host_files.h"
#include "core/services/http/http_server.h"
#include "core/services/tcp_stream.h"
#include "core/wire/http_parser.h"
#include "tests/services/service_harness.h"

using namespace wirelab;
using namespace wirelab::test;
using app::HttpRoute;
using app::HttpServer;
using app::HttpServerConfig;
using app::HttpTemplate;
namespace http = wire::http;

namespace {

HttpTemplate tpl(std::string_view text)
{
    auto t = HttpTemplate::compile(text);
    REQUIRE(t.ok());
    return std::move(t.value());
}

HttpRoute route(std::string path, std::string_view body, std::vector<std::string> methods = {"GET"})
{
    HttpRoute r;
    r.path = std::move(path);
    r.body = tpl(body);
    r.methods = std::move(methods);
    return r;
}

// www.lab (default): a page, a stylesheet, a docs directory, routes; blog.lab: its own page.
HttpServerConfig lab_config()
{
    HttpServerConfig c;
    c.sites[0].names = {"www.lab"};
    c.sites[0].files["/index.html"] = {"<h1>Home</h1>\n", ""};
    c.sites[0].files["/style.css"] = {"body { color: navy }\n", ""};
    c.sites[0].files["/docs/index.html"] = {"<h1>Docs</h1>\n", ""};
    c.sites[0].files["/data.bin"] = {std::string("\x00\x01\x02", 3), ""};
    c.sites[0].redirects["/old"] = "/index.html";
    c.sites[0].routes.push_back(route("/hello", "<p>Hello, {{query.name or \"World\"}}!</p>"));
    c.sites[0].routes.push_back(route("/user/<name>", "user {{param.name}} from {{client.ip}}"));
    HttpRoute count = route("/count", "visit {{kv.visits}}");
    count.set.emplace_back(tpl("visits"), tpl("{{kv.visits + 1}}"));
    count.content_type = "text/plain";
    c.sites[0].routes.push_back(std::move(count));
    c.sites[0].routes.push_back(route("/form", "got {{form.msg}}", {"POST"}));
    c.sites[0].routes.push_back(route("/add", "{{query.a + query.b}}"));
    app::HttpSite blog;
    blog.names = {"blog.lab"};
    blog.files["/index.html"] = {"<h1>Blog</h1>\n", ""};
    c.sites.push_back(std::move(blog));
    return c;
}

http::Request get(std::string target, std::string host = "www.lab", std::string method = "GET")
{
    http::Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.headers.add("Host", std::move(host));
    return r;
}

struct Direct {
    net::Network net{1};
    net::Host& host = net.add_node<net::Host>("web");
    HttpServer server{host, lab_config()};
    transport::Endpoint client{ip("10.0.0.1"), 50000}, self{ip("10.0.0.2"), 80};
    http::Response ask(const http::Request& req) { return server.respond(req, client, self); }
};

} // namespace

TEST_CASE(
    "http server: static files with their type and length, index pages, 301 for a bare directory",
    "[app][http]")
{
    Direct d;
    http::Response r = d.ask(get("/"));
    CHECK(r.status == 200);
    CHECK(r.body == "<h1>Home</h1>\n");
    CHECK(*r.headers.find("Content-Type") == "text/html");
    CHECK(*r.headers.find("Content-Length") == "14");
    CHECK(r.headers.fields()[0].name == "Server");
    CHECK(*r.headers.find("Date") == "Mon, 01 Jan 2024 00:00:00 GMT");
    CHECK(*d.ask(get("/style.css")).headers.find("Content-Type") == "text/css");
    r = d.ask(get("/data.bin"));
    CHECK(*r.headers.find("Content-Type") == "application/octet-stream");
    CHECK(r.body.size() == 3);
    r = d.ask(get("/docs"));
    CHECK(r.status == 301);
    CHECK(*r.headers.find("Location") == "/docs/");
    CHECK(d.ask(get("/docs/")).body == "<h1>Docs</h1>\n");
    r = d.ask(get("/old"));
    CHECK(r.status == 301);
    CHECK(*r.headers.find("Location") == "/index.html");
    CHECK(app::content_type_for("/a/b.PNG") == "image/png");
    CHECK(app::content_type_for("/a.b/c") == "application/octet-stream");
}

TEST_CASE("http server: a site's root serves the host's own files, as they are at each request",
          "[app][http]")
{
    net::Network net{1};
    net::Host& host = net.add_node<net::Host>("web");
    app::HostFiles& files = app::HostFiles::of(host);
    REQUIRE(files.write("/srv/www/index.html", "<h1>Root</h1>\n"));
    REQUIRE(files.write("/srv/www/docs/a.txt", "a\n"));
    REQUIRE(files.write("/etc/secret", "no"));
    HttpServerConfig c;
    c.sites[0].files["/index.html"] = {"<h1>Config</h1>\n", ""}; // `files` come first
    c.sites[0].root = "/srv/www";
    HttpServer server{host, c};
    transport::Endpoint client{ip("10.0.0.1"), 50000}, self{ip("10.0.0.2"), 80};
    auto ask = [&](std::string target) { return server.respond(get(target), client, self); };
    CHECK(ask("/").body == "<h1>Config</h1>\n");
    http::Response r = ask("/docs/a.txt");
    CHECK(r.status == 200);
    CHECK(r.body == "a\n");
    CHECK(*r.headers.find("Content-Type") == "text/plain");
    r = ask("/docs");
    CHECK(r.status == 301);
    CHECK(*r.headers.find("Location") == "/docs/");
    CHECK(ask("/../../etc/secret").status == 404); // ".." cannot climb out of the root
    CHECK(ask("/new.txt").status == 404);
    REQUIRE(files.write("/srv/www/new.txt", "uploaded\n")); // e.g. by curl -o or ftp
    CHECK(ask("/new.txt").body == "uploaded\n");
}

TEST_CASE("http server: virtual hosts by Host, 404, 405 with Allow, 400 without Host",
          "[app][http]")
{
    Direct d;
    CHECK(d.ask(get("/", "blog.lab")).body == "<h1>Blog</h1>\n");
    CHECK(d.ask(get("/", "BLOG.lab:80")).body == "<h1>Blog</h1>\n");
    CHECK(d.ask(get("/", "10.0.0.2")).body == "<h1>Home</h1>\n"); // the default site
    http::Response r = d.ask(get("/nope"));
    CHECK(r.status == 404);
    CHECK(r.reason == "Not Found");
    CHECK(has(r.body, "The requested URL /nope was not found on this server."));
    r = d.ask(get("/index.html", "www.lab", "POST"));
    CHECK(r.status == 405);
    CHECK(*r.headers.find("Allow") == "GET, HEAD");
    r = d.ask(get("/form"));
    CHECK(r.status == 405);
    CHECK(*r.headers.find("Allow") == "POST");
    http::Request bare = get("/");
    bare.headers.remove("Host");
    CHECK(d.ask(bare).status == 400);
    bare.minor_version = 0; // HTTP/1.0 may omit Host
    CHECK(d.ask(bare).status == 200);
}

TEST_CASE("http server: dynamic routes reflect the request and keep a table", "[app][http]")
{
    Direct d;
    CHECK(d.ask(get("/hello")).body == "<p>Hello, World!</p>");
    CHECK(d.ask(get("/hello?name=Ada")).body == "<p>Hello, Ada!</p>");
    CHECK(d.ask(get("/hello?name=%3Cscript%3E")).body == "<p>Hello, &lt;script&gt;!</p>");
    CHECK(*d.ask(get("/hello")).headers.find("Content-Type") == "text/html; charset=utf-8");
    CHECK(d.ask(get("/user/ann")).body == "user ann from 10.0.0.1");
    CHECK(d.ask(get("/count")).body == "visit 1");
    CHECK(d.ask(get("/count")).body == "visit 2");
    CHECK(d.server.kv().at("visits") == "2");
    http::Request post = get("/form", "www.lab", "POST");
    http::set_body(post, "msg=hi+there", "application/x-www-form-urlencoded");
    CHECK(d.ask(post).body == "got hi there");
    CHECK(d.ask(get("/add?a=2&b=40")).body == "42");
    http::Response r = d.ask(get("/add?a=2&b=x"));
    CHECK(r.status == 500);
    CHECK(has(r.body, "route /add: {{query.a + query.b}}: &quot;x&quot; is not a number"));
}

TEST_CASE(
    "http server over TCP: keep-alive answers pipelined requests on one connection, then closes",
    "[app][http]")
{
    TwoHosts h(31);
    auto& server = app::ServiceSet::of(h.b).add<HttpServer>(lab_config());
    h.net.start();
    app::TcpStream conn(h.a, "test");
    std::string got;
    bool closed = false;
    conn.on_data([&](std::string_view b) { got += b; });
    conn.on_closed([&](auto) { closed = true; });
    REQUIRE(conn.connect({ip("10.0.0.2"), 80}).ok());
    conn.send("GET /hello HTTP/1.1\r\nHost: www.lab\r\n\r\n"
              "GET /count HTTP/1.1\r\nHost: www.lab\r\n\r\n"
              "GET /style.css HTTP/1.1\r\nHost: www.lab\r\nConnection: close\r\n\r\n");
    REQUIRE(h.run_until([&] { return closed; }, SimTime::from_s(2)));
    http::ResponseParser p;
    p.feed(app::as_bytes(got));
    p.feed_eof();
    std::vector<http::Response> rs;
    while (auto r = p.next()) {
        if (!r.value()) break;
        rs.push_back(*r.value());
    }
    REQUIRE(rs.size() == 3);
    CHECK(rs[0].body == "<p>Hello, World!</p>");
    CHECK(*rs[0].headers.find("Connection") == "keep-alive");
    CHECK(rs[1].body == "visit 1");
    CHECK(rs[2].body == "body { color: navy }\n");
    CHECK(*rs[2].headers.find("Connection") == "close");
    CHECK(server.requests_served() == 3);
    CHECK(server.status() ==
          "httpd: listening on TCP 80 (2 sites, 5 routes, 5 files), 3 requests served");
}

TEST_CASE("http server over TCP: an idle keep-alive connection is closed after 5 s", "[app][http]")
{
    TwoHosts h(32);
    app::ServiceSet::of(h.b).add<HttpServer>(lab_config());
    h.net.start();
    app::TcpStream conn(h.a, "test");
    std::string got;
    SimTime closed_at = SimTime::max();
    conn.on_data([&](std::string_view b) { got += b; });
    conn.on_closed([&](auto) { closed_at = h.net.now(); });
    REQUIRE(conn.connect({ip("10.0.0.2"), 80}).ok());
    conn.send("GET / HTTP/1.1\r\nHost: www.lab\r\n\r\n");
    REQUIRE(h.run_until([&] { return closed_at != SimTime::max(); }, SimTime::from_s(10)));
    CHECK(has(got, "<h1>Home</h1>"));
    CHECK(closed_at > SimTime::from_s(5));
    CHECK(closed_at < SimTime::from_ms(5100));
}

TEST_CASE("http server: a 64 KB page crosses a link losing 10% of packets byte for byte",
          "[app][http][loss]")
{
    net::LinkDirParams lossy;
    lossy.loss = 0.10;
    lossy.delay = SimTime::from_ms(5);
    TwoHosts h(33, lossy, lossy);
    HttpServerConfig c;
    std::string page;
    for (int i = 0; page.size() < 65536; ++i)
        page += "line " + std::to_string(i) + " of the big page\n";
    c.sites[0].files["/big.txt"] = {page, ""};
    app::ServiceSet::of(h.b).add<HttpServer>(c);
    h.net.start();
    Term t(h.net, h.a);
    run_cmd(h, t, "curl -s http://10.0.0.2/big.txt", SimTime::from_s(120));
    CHECK(t.code == 0);
    CHECK(t.text.size() == page.size());
    CHECK(t.text == page);
}
