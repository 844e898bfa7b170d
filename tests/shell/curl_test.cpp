// curl as a student types it: -v, -I, -i, -X, -d, -H, -L, -f, -m, and curl's own error words
// and exit codes when something goes wrong.
#include "core/host/dns_stub.h"
#include "core/host/host_files.h"
#include "core/services/http/http_server.h"
#include "tests/services/service_harness.h"

using namespace wirelab;
using namespace wirelab::test;
using app::HttpServerConfig;

namespace {

HttpServerConfig site()
{
    HttpServerConfig c;
    c.sites[0].files["/index.html"] = {"<h1>Home</h1>\n", ""};
    c.sites[0].files["/docs/index.html"] = {"<h1>Docs</h1>\n", ""};
    app::HttpRoute echo;
    echo.path = "/echo";
    echo.methods = {"GET", "POST"};
    echo.content_type = "text/plain";
    echo.body = app::HttpTemplate::compile(
                    "{{method}} msg={{form.msg}} q={{query.q}} ua={{header.user-agent}}\n")
                    .value();
    c.sites[0].routes.push_back(std::move(echo));
    app::HttpSite blog;
    blog.names = {"blog.lab"};
    blog.files["/index.html"] = {"<h1>Blog</h1>\n", ""};
    c.sites.push_back(std::move(blog));
    return c;
}

struct WebLab {
    TwoHosts h;
    Term t;
    explicit WebLab(uint64_t seed) : h(seed), t(h.net, h.a)
    {
        app::ServiceSet::of(h.b).add<app::HttpServer>(site());
        h.net.start();
    }
    Term& curl(const std::string& args) { return run_cmd(h, t, "curl " + args); }
};

} // namespace

TEST_CASE("curl -v shows the connection, the request and the response headers", "[app][curl]")
{
    WebLab w(41);
    Term& t = w.curl("-v http://10.0.0.2/");
    CHECK(t.code == 0);
    CHECK(t.text == "*   Trying 10.0.0.2:80...\n"
                    "* Connected to 10.0.0.2 (10.0.0.2) port 80 (#0)\n"
                    "> GET / HTTP/1.1\n"
                    "> Host: 10.0.0.2\n"
                    "> User-Agent: curl/7.88.1\n"
                    "> Accept: */*\n"
                    "> \n"
                    "< HTTP/1.1 200 OK\n"
                    "< Server: wirelab-httpd/1.0\n"
                    "< Date: Mon, 01 Jan 2024 00:00:00 GMT\n"
                    "< Content-Type: text/html\n"
                    "< Content-Length: 14\n"
                    "< Connection: keep-alive\n"
                    "< \n"
                    "<h1>Home</h1>\n"
                    "* Connection #0 to host 10.0.0.2 left intact\n");
}

TEST_CASE("curl -I, -i, -X, -d, -H and -A", "[app][curl]")
{
    WebLab w(42);
    Term& t = w.curl("-I http://10.0.0.2/");
    CHECK(t.text ==
          "HTTP/1.1 200 OK\nServer: wirelab-httpd/1.0\nDate: Mon, 01 Jan 2024 00:00:00 GMT\n"
          "Content-Type: text/html\nContent-Length: 14\nConnection: keep-alive\n\n");
    w.curl("-i http://10.0.0.2/nope");
    CHECK(has(w.t.text, "HTTP/1.1 404 Not Found\n"));
    CHECK(has(w.t.text, "\n\n<!DOCTYPE html>"));
    CHECK(w.t.code == 0); // an error page is still a successful transfer
    w.curl("-d msg=hi+there http://10.0.0.2/echo?q=1");
    CHECK(w.t.text == "POST msg=hi there q=1 ua=curl/7.88.1\n");
    w.curl("-X DELETE http://10.0.0.2/echo");
    CHECK(has(w.t.text, "<h1>405 Method Not Allowed</h1>"));
    w.curl("-A lynx/2.9 http://10.0.0.2/echo");
    CHECK(w.t.text == "GET msg= q= ua=lynx/2.9\n");
    w.curl("-H 'Host: blog.lab' http://10.0.0.2/");
    CHECK(w.t.text == "<h1>Blog</h1>\n");
}

TEST_CASE("curl -L follows redirects; -f fails on HTTP errors", "[app][curl]")
{
    WebLab w(43);
    w.curl("http://10.0.0.2/docs");
    CHECK(has(w.t.text, "<h1>301 Moved Permanently</h1>"));
    w.curl("-L http://10.0.0.2/docs");
    CHECK(w.t.text == "<h1>Docs</h1>\n");
    w.curl("-Lv http://10.0.0.2/docs");
    CHECK(has(w.t.text, "< Location: /docs/\n"));
    CHECK(has(w.t.text, "* Issue another request to this URL: 'http://10.0.0.2/docs/'\n"));
    CHECK(has(w.t.text,
              "* Re-using existing connection #0 with host 10.0.0.2\n> GET /docs/ HTTP/1.1\n"));
    w.curl("-f http://10.0.0.2/nope");
    CHECK(w.t.code == 22);
    CHECK(w.t.text == "curl: (22) The requested URL returned error: 404\n");
    w.curl("-sf http://10.0.0.2/nope");
    CHECK(w.t.code == 22);
    CHECK(w.t.text.empty());
}

TEST_CASE("curl errors are worded as curl words them, with curl's exit codes", "[app][curl]")
{
    WebLab w(44);
    w.curl("http://10.0.0.2:81/");
    CHECK(w.t.code == 7);
    CHECK(w.t.text ==
          "curl: (7) Failed to connect to 10.0.0.2 port 81 after 0 ms: Connection refused\n");
    w.curl("http://www.lab/");
    CHECK(w.t.code == 6);
    CHECK(w.t.text == "curl: (6) Could not resolve host: www.lab\n");
    w.curl("-m 2 http://10.0.0.99/"); // nobody answers ARP
    CHECK(w.t.code == 28);
    CHECK(w.t.text == "curl: (28) Connection timed out after 2000 milliseconds\n");
    w.curl("http://192.168.9.9/");
    CHECK(w.t.code == 7);
    CHECK(
        w.t.text ==
        "curl: (7) Failed to connect to 192.168.9.9 port 80 after 0 ms: Network is unreachable\n");
    w.curl("https://10.0.0.2/");
    CHECK(w.t.code == 1);
    CHECK(has(w.t.text, "curl: (1) Protocol \"https\" not supported or disabled in libcurl"));
    // -o writes into the host's files; a path through a file fails as curl does.
    w.curl("-o page.html http://10.0.0.2/");
    CHECK(w.t.code == 0);
    CHECK(w.t.text.empty());
    REQUIRE(app::HostFiles::find(w.h.a));
    CHECK(app::HostFiles::find(w.h.a)->read("/page.html").value_or("") == "<h1>Home</h1>\n");
    w.curl("-o /page.html/x http://10.0.0.2/");
    CHECK(w.t.code == 23);
    CHECK(w.t.text == "Warning: Failed to open the file /page.html/x: Not a directory\n"
                      "curl: (23) Failure writing output to destination\n");
    w.curl("-O http://10.0.0.2/");
    CHECK(w.t.code == 23);
    CHECK(w.t.text == "curl: (23) Remote file name has no length!\n");
    w.curl("-o /dev/null http://10.0.0.2/");
    CHECK(w.t.code == 0);
    CHECK(w.t.text.empty());
    w.curl("");
    CHECK(w.t.code == 2);
    CHECK(w.t.text ==
          "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more "
          "information\n");
    w.curl("-Z http://10.0.0.2/");
    CHECK(w.t.code == 2);
    CHECK(has(w.t.text, "curl: option -Z: is unknown\n"));
}

TEST_CASE("curl, telnet and ftp resolve names through the host's stub resolver", "[app][curl]")
{
    WebLab w(45);
    app::DnsStub::of(w.h.a).config().hosts.push_back({"www.lab", ip("10.0.0.2")});
    w.curl("-v http://www.lab/");
    CHECK(w.t.code == 0);
    CHECK(has(w.t.text,
              "*   Trying 10.0.0.2:80...\n* Connected to www.lab (10.0.0.2) port 80 (#0)\n"));
    CHECK(has(w.t.text, "> Host: www.lab\n"));
    run_cmd(w.h, w.t, "telnet www.lab 81");
    CHECK(w.t.text ==
          "Trying 10.0.0.2...\ntelnet: Unable to connect to remote host: Connection refused\n");
    run_cmd(w.h, w.t, "ftp nowhere.lab");
    CHECK(w.t.code == 1);
    CHECK(has(w.t.text, "ftp: nowhere.lab: "));
}
