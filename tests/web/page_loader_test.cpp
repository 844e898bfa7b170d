// The page view's model: an address as typed, links followed (relative ones against the page's
// URL), Back and Reload, and curl's words when a load fails; all through real simulated HTTP.
#include "core/services/http/http_server.h"
#include "tests/services/service_harness.h"
#include "web/model/page_loader.h"

using namespace wirelab;
using namespace wirelab::test;

namespace {

struct Browsing {
    TwoHosts h;
    web::PageLoader loader;
    explicit Browsing(uint64_t seed) : h(seed), loader(h.net, h.a)
    {
        app::HttpServerConfig c;
        c.sites[0].files["/index.html"] = {
            "<title>Home</title><p>Go to <a href=\"docs/\">the docs</a>.</p>", ""};
        c.sites[0].files["/docs/index.html"] = {"<h1>Docs</h1><p><a href=\"/\">home</a></p>", ""};
        app::ServiceSet::of(h.b).add<app::HttpServer>(c);
        h.net.start();
    }
    const app::TextPage& settle()
    {
        REQUIRE(h.run_until([&] { return !loader.is_loading(); }, SimTime::from_s(60)));
        return loader.page(76);
    }
};

} // namespace

TEST_CASE("PageLoader: load, follow a link, back, reload", "[web][page_loader]")
{
    Browsing b(3);
    b.loader.load("10.0.0.2");
    CHECK(b.loader.is_loading());
    const app::TextPage* p = &b.settle();
    CHECK(b.loader.url() == "http://10.0.0.2/");
    CHECK(b.loader.status() == 200);
    CHECK(b.loader.error().empty());
    CHECK(b.loader.elapsed() > SimTime());
    CHECK(p->title == "Home");
    CHECK(p->to_string() == "Home\n\nGo to [1]the docs.\n\nReferences\n\n   1. docs/\n");
    CHECK(!b.loader.can_go_back());

    b.loader.follow(0);
    p = &b.settle();
    CHECK(b.loader.url() == "http://10.0.0.2/docs/");
    CHECK(p->lines.at(0).text() == "Docs");
    CHECK(b.loader.can_go_back());

    b.loader.back();
    p = &b.settle();
    CHECK(b.loader.url() == "http://10.0.0.2/");
    CHECK(p->title == "Home");
    b.loader.reload();
    b.settle();
    CHECK(b.loader.status() == 200);
    CHECK(b.loader.loads() == 4);
}

TEST_CASE("PageLoader: failures read as curl words them", "[web][page_loader]")
{
    Browsing b(4);
    b.loader.load("http://www.lab/");
    b.settle();
    CHECK(b.loader.error() == "Could not resolve host: www.lab");
    CHECK(b.loader.status() == 0);
    b.loader.load("http://10.0.0.2:8080/");
    b.settle();
    CHECK(b.loader.error().rfind("Failed to connect to 10.0.0.2 port 8080", 0) == 0);
    b.loader.load("http://10.0.0.2/missing");
    b.settle();
    CHECK(b.loader.error().empty());
    CHECK(b.loader.status() == 404);
}
