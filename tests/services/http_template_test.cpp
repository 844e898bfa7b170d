// The web server's template language: what each placeholder renders to, escaping, arithmetic,
// and compile errors that point at the character at fault.
#include "core/services/http/http_template.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using app::Escape;
using app::HttpTemplate;

namespace {

app::TemplateInput sample(const std::map<std::string, std::string>* kv)
{
    app::TemplateInput in;
    in.method = "GET";
    in.path = "/hello/ann";
    in.query = "name=Bob&n=41";
    in.query_params = {{"name", "Bob"}, {"n", "41"}, {"tag", "<b>"}};
    in.form = {{"msg", "hi there"}};
    in.params = {{"who", "ann"}};
    in.headers = {{"Host", "www.lab"}, {"User-Agent", "curl/7.88.1"}};
    in.host = "www.lab";
    in.client_ip = "10.0.0.1";
    in.client_port = 50000;
    in.server_ip = "10.0.0.2";
    in.server_port = 80;
    in.time = "1.250";
    in.date = "Mon, 01 Jan 2024 00:00:01 GMT";
    in.kv = kv;
    return in;
}

std::string render(std::string_view text, Escape e = Escape::None)
{
    static const std::map<std::string, std::string> kv = {{"visits", "7"}, {"word", "abc"}};
    auto t = HttpTemplate::compile(text);
    REQUIRE(t.ok());
    auto r = t->render(sample(&kv), e);
    REQUIRE(r.ok());
    return *r;
}

std::string compile_error(std::string_view text)
{
    auto t = HttpTemplate::compile(text);
    REQUIRE_FALSE(t.ok());
    return t.error().to_string();
}

} // namespace

TEST_CASE("template: variables from the request, the client and the table", "[app][http][template]")
{
    CHECK(render("<p>Hello, World!</p>") == "<p>Hello, World!</p>");
    CHECK(render("Hello, {{query.name}}!") == "Hello, Bob!");
    CHECK(render("{{ method }} {{path}}?{{query}}") == "GET /hello/ann?name=Bob&n=41");
    CHECK(render("{{form.msg}}|{{param.who}}|{{header.user-agent}}|{{headers.HOST}}") ==
          "hi there|ann|curl/7.88.1|www.lab");
    CHECK(render("{{client.ip}}:{{client.port}} -> {{server.ip}}:{{server.port}}") ==
          "10.0.0.1:50000 -> 10.0.0.2:80");
    CHECK(render("{{host}} {{time}} {{date}}") == "www.lab 1.250 Mon, 01 Jan 2024 00:00:01 GMT");
    CHECK(render("[{{query.missing}}][{{kv.none}}]") == "[][]");
}

TEST_CASE("template: or, arithmetic and filters", "[app][http][template]")
{
    CHECK(render("Hello, {{query.who or \"World\"}}!") == "Hello, World!");
    CHECK(render("{{query.name or \"World\"}}") == "Bob");
    CHECK(render("{{kv.visits + 1}}") == "8");
    CHECK(render("{{kv.missing + 1}}") == "1"); // a missing value counts as 0
    CHECK(render("{{query.n + 1 - 2}}") == "40");
    CHECK(render("{{kv.visits-1}}") == "6"); // '-' ends a kv name
    CHECK(render("{{query.name | upper}} {{query.name|lower}} {{form.msg | length}}") ==
          "BOB bob 8");
    CHECK(render("{{\"  x  \" | trim}}") == "x");

    auto t = HttpTemplate::compile("{{kv.word + 1}}");
    REQUIRE(t.ok());
    std::map<std::string, std::string> kv = {{"word", "abc"}};
    auto r = t->render(sample(&kv), Escape::None);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "{{kv.word + 1}}: \"abc\" is not a number");
}

TEST_CASE("template: HTML escaping unless raw; no new header lines", "[app][http][template]")
{
    CHECK(render("{{query.tag}}", Escape::Html) == "&lt;b&gt;");
    CHECK(render("{{query.tag | raw}}", Escape::Html) == "<b>");
    CHECK(render("<i>{{\"a&b'\\\"c\"}}</i>", Escape::Html) == "<i>a&amp;b&#39;&quot;c</i>");
    CHECK(render("{{query.tag}}", Escape::None) == "<b>");
    app::TemplateInput in = sample(nullptr);
    in.query_params = {{"x", "a\r\nSet-Cookie: evil=1"}};
    auto t = HttpTemplate::compile("v={{query.x}}");
    REQUIRE(t.ok());
    CHECK(t->render(in, Escape::Header).value() == "v=aSet-Cookie: evil=1");
}

TEST_CASE("template: compile errors say where and what", "[app][http][template]")
{
    CHECK(
        compile_error("Hi {{qeury.name}}") ==
        "at character 6: unknown variable \"qeury.name\" (known: method, path, query, body, host, "
        "time, date, "
        "query.NAME, form.NAME, header.NAME, param.NAME, kv.NAME, client.ip, client.port, "
        "server.ip, server.port)");
    CHECK(compile_error("Hi {{query.name") ==
          "at character 4: \"{{\" is never closed: end the placeholder with }}");
    CHECK(compile_error("{{}}") ==
          "at character 3: empty placeholder: write a variable such as {{ query.name }}");
    CHECK(compile_error("{{ kv }}") == "at character 4: \"kv\" needs a name: write {{ kv.NAME }}");
    CHECK(compile_error("{{ client.mac }}") ==
          "at character 4: \"client\" has the fields ip and port, not \"mac\"");
    CHECK(compile_error("{{ path.x }}") ==
          "at character 4: \"path\" has no fields: write {{ path }}");
    CHECK(compile_error("{{ query.a | shout }}") ==
          "at character 14: unknown filter \"shout\" (known: upper, lower, length, trim, raw)");
    CHECK(compile_error("{{ query.a query.b }}") ==
          "at character 12: unexpected \"query.b\" (expected +, -, or, | or }})");
    CHECK(compile_error("{{ \"abc }}") == "at character 4: unterminated string: close it with \"");
    CHECK(compile_error("{{ 1 + }}") ==
          "at character 8: expected a variable, a number or a \"string\" before }}");
}
