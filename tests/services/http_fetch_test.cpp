// HttpFetch as the page view uses it (curl's own use is curl_test.cpp): a client of its own
// that sets its headers, follows redirects, and gets curl's error words.
#include "core/services/http/http_fetch.h"
#include "core/services/http/http_server.h"
#include "tests/services/service_harness.h"

using namespace wirelab;
using namespace wirelab::test;

namespace {

struct Page : app::HttpFetch::Client {
    std::vector<std::string> heads;
    std::string body;
    std::optional<app::FetchError> error;
    bool done = false;

    bool on_fetch_request(wire::http::Request& req) override
    {
        req.headers.add("User-Agent", "page-test");
        return true;
    }
    void on_fetch_head(const wire::http::Response& r) override
    {
        heads.push_back(std::to_string(r.status));
    }
    void on_fetch_body(const wire::http::Response& r) override { body = r.body; }
    void on_fetch_done(const std::optional<app::FetchError>& e) override
    {
        error = e;
        done = true;
    }
};

struct Web {
    TwoHosts h;
    Page page;
    app::HttpFetch fetch;
    explicit Web(uint64_t seed) : h(seed), fetch(h.net, h.a, page)
    {
        app::HttpServerConfig c;
        c.sites[0].files["/index.html"] = {"<p>Hello, World!</p>", ""};
        c.sites[0].files["/docs/index.html"] = {"<h1>Docs</h1>", ""};
        app::ServiceSet::of(h.b).add<app::HttpServer>(c);
        h.net.start();
    }
    void get(const std::string& url, app::HttpFetch::Options opt = {})
    {
        page = Page{};
        fetch.start(app::parse_url(url).value(), opt);
        REQUIRE(h.run_until([&] { return page.done; }, SimTime::from_s(60)));
    }
};

} // namespace

TEST_CASE("HttpFetch: a page, a redirect followed, curl's errors", "[app][http_fetch]")
{
    Web w(7);
    w.get("http://10.0.0.2/");
    CHECK(!w.page.error);
    CHECK(w.page.body == "<p>Hello, World!</p>");
    CHECK(w.page.heads == std::vector<std::string>{"200"});

    w.get("http://10.0.0.2/docs");
    CHECK(!w.page.error);
    CHECK(w.page.heads == std::vector<std::string>{"301", "200"});
    CHECK(w.fetch.url().to_string() == "http://10.0.0.2/docs/");
    CHECK(w.page.body == "<h1>Docs</h1>");

    app::HttpFetch::Options no_follow;
    no_follow.follow = false;
    w.get("http://10.0.0.2/docs", no_follow);
    CHECK(w.page.heads == std::vector<std::string>{"301"});

    w.get("http://nowhere.lab/");
    REQUIRE(w.page.error);
    CHECK(w.page.error->code == 6);
    CHECK(w.page.error->message == "Could not resolve host: nowhere.lab");

    w.get("http://10.0.0.2:81/");
    REQUIRE(w.page.error);
    CHECK(w.page.error->code == 7);
    CHECK(w.page.error->message.rfind("Failed to connect to 10.0.0.2 port 81 after ", 0) == 0);

    w.get("https://10.0.0.2/");
    REQUIRE(w.page.error);
    CHECK(w.page.error->code == 1);
}

TEST_CASE("HttpFetch: relative links resolve like a browser's", "[app][http_fetch]")
{
    auto base = app::parse_url("http://www.lab:8080/a/b.html?x=1").value();
    CHECK(app::resolve_location(base, "c.html").value().to_string() ==
          "http://www.lab:8080/a/c.html");
    CHECK(app::resolve_location(base, "/top").value().to_string() == "http://www.lab:8080/top");
    CHECK(app::resolve_location(base, "//other.lab/x").value().to_string() == "http://other.lab/x");
    CHECK(app::resolve_location(base, "http://[fd00::2]/").value().to_string() ==
          "http://[fd00::2]/");
    CHECK(!app::parse_url("http://:80/"));
}
