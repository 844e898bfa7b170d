// Scenario files: the shipped examples load and save canonically, every malformed document gets
// its exact path and message, several problems are reported together, and random damage to a
// file never crashes the loader.
#include "core/base/rng.h"
#include "sim/scenario.h"
#include "sim/scenario_units.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace wirelab;
using namespace wirelab::sim;

namespace {

std::string read_file(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    REQUIRE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string example_path(const std::string& name)
{
    return std::string(WIRELAB_SOURCE_DIR) + "/site/examples/" + name;
}

const std::vector<std::string> kExamples = {
    "two-lans.json",         "hub-sniffer.json",  "lossy-wan.json",      "ipv6-only.json",
    "hello-web.json",        "home-network.json", "small-internet.json", "well-known-ports.json",
    "mail-two-domains.json", "ftp-transfer.json"};

std::vector<std::string> error_texts(std::string_view json)
{
    auto r = load_scenario(json);
    std::vector<std::string> out;
    if (r) return out;
    for (const Diagnostic& d : r.error()) out.push_back(d.to_string());
    return out;
}

// A small valid scenario; the error table below breaks it one substring at a time.
constexpr std::string_view kBase = R"({
  "format": "wirelab/1",
  "seed": 7,
  "title": "base",
  "devices": [
    {"name": "pc1", "type": "host", "interfaces": [{"name": "eth0", "ipv4": ["10.0.1.10/24"]}], "gateway": "10.0.1.1"},
    {"name": "pc2", "type": "host", "interfaces": [{"name": "eth0", "ipv4": ["10.0.1.11/24"]}]},
    {"name": "r1", "type": "router", "interfaces": [{"name": "eth0", "ipv4": ["10.0.1.1/24"]}]},
    {"name": "sw1", "type": "switch", "ports": 4}
  ],
  "links": [
    {"a": "pc1:eth0", "b": "sw1:port1", "delay": "1ms"},
    {"a": "pc2:eth0", "b": "sw1:port2"},
    {"a": "r1:eth0", "b": "sw1:port3"}
  ],
  "script": [
    {"at": "1s", "on": "pc1", "run": "ping -c 1 10.0.1.11"}
  ]
})";

std::string mutate(std::string_view base, std::string_view from, std::string_view to)
{
    std::string s(base);
    size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(s.find(from, at + 1) == std::string::npos); // the edit is unambiguous
    s.replace(at, from.size(), to);
    return s;
}

struct BadCase {
    std::string_view from;
    std::string_view to;
    std::vector<std::string> errors;
};

} // namespace

// ===================================================================================== examples

TEST_CASE("every example loads without errors or warnings", "[sim][scenario]")
{
    for (const std::string& name : kExamples) {
        INFO(name);
        std::vector<Diagnostic> warnings;
        auto s = load_scenario(read_file(example_path(name)), &warnings);
        if (!s)
            for (const Diagnostic& d : s.error()) FAIL_CHECK(d.to_string());
        REQUIRE(s.ok());
        CHECK(warnings.empty());
        CHECK(!s->title.empty());
        CHECK(!s->description.empty());
        CHECK(!s->script.empty());
        for (const DeviceSpec& d : s->devices) CHECK(d.position.has_value());
    }
}

TEST_CASE("examples are stored in canonical form, and save -> load -> save is identical",
          "[sim][scenario]")
{
    for (const std::string& name : kExamples) {
        INFO(name);
        std::string text = read_file(example_path(name));
        auto s = load_scenario(text);
        REQUIRE(s.ok());
        std::string saved = save_scenario(*s);
        CHECK(saved == text); // the shipped file is what Wirelab itself would write
        auto again = load_scenario(saved);
        REQUIRE(again.ok());
        CHECK(*again == *s);
        CHECK(save_scenario(*again) == saved);
    }
}

TEST_CASE("the examples index lists every example with its title and description",
          "[sim][scenario]")
{
    auto index = nlohmann::json::parse(read_file(example_path("index.json")), nullptr, false);
    REQUIRE(!index.is_discarded());
    REQUIRE(index.contains("examples"));
    const auto& list = index["examples"];
    REQUIRE(list.size() == kExamples.size());
    for (size_t i = 0; i < kExamples.size(); ++i) {
        INFO(kExamples[i]);
        auto s = load_scenario(read_file(example_path(kExamples[i])));
        REQUIRE(s.ok());
        CHECK(list[i]["file"] == kExamples[i]);
        CHECK(list[i]["title"] == s->title);
        CHECK(list[i]["description"] == s->description);
    }
}

TEST_CASE("a loaded example holds the data of the file", "[sim][scenario]")
{
    auto s = load_scenario(read_file(example_path("lossy-wan.json")));
    REQUIRE(s.ok());
    CHECK(s->seed == 1);
    REQUIRE(s->devices.size() == 4);
    const DeviceSpec* ra = s->find_device("rA");
    REQUIRE(ra);
    CHECK(ra->type == DeviceType::Router);
    REQUIRE(ra->interfaces.size() == 2);
    CHECK(ra->interfaces[1].ipv4.at(0).to_string() == "172.16.0.1/30");
    REQUIRE(ra->routes.size() == 1);
    CHECK(ra->routes[0].to.to_string() == "10.2.0.0/24");
    CHECK(ra->routes[0].via->to_string() == "172.16.0.2");
    const LinkSpec& wan = s->links[1];
    CHECK(wan.a == Endpoint{"rA", "eth1"});
    net::LinkParams p = wan.params();
    CHECK(p.ab.bandwidth_bps == 10'000'000);
    CHECK(p.ab.delay == SimTime::from_ms(20));
    CHECK(p.ab.loss == 0.1);
    CHECK(p.ba.loss == 0.1); // link-wide settings apply to both directions
    CHECK(p.ab.reorder == 0.05);
    CHECK(p.ab.reorder_delay == SimTime::from_ms(25));
    CHECK(p.ab.queue_limit == 100); // unset: the core's default
    CHECK(s->script.at(0).at == SimTime::from_s(1));
    CHECK(s->script.at(0).on == "pcA");
}

// ===================================================================================== errors

TEST_CASE("each malformed scenario gets its exact path and reason", "[sim][scenario][errors]")
{
    // clang-format off
    const std::vector<BadCase> cases = {
        // JSON syntax, with line and column
        {R"("seed": 7,)", R"("seed": 7,,)",
         {"not valid JSON at line 3, column 13: syntax error while parsing object key - unexpected ','; expected string literal"}},
        {R"("title": "base",)", R"("title": "base",
  "title": "again",)",
         {"title: this key appears twice in the same object; keep one"}},
        // top level
        {R"("format": "wirelab/1",)", "",
         {"format: missing; a scenario starts with \"format\": \"wirelab/1\""}},
        {R"("format": "wirelab/1",)", R"("format": "wirelab/2",)",
         {"format: \"wirelab/2\" is not a format this Wirelab reads (it reads \"wirelab/1\"); the file may come from a newer Wirelab"}},
        {R"("seed": 7,)", R"("seed": "7",)",
         {"seed: expected a whole number 0-18446744073709551615, got the string \"7\""}},
        {R"("seed": 7,)", R"("seed": -7,)",
         {"seed: expected a whole number 0-18446744073709551615, got the number -7"}},
        {R"("title": "base",)", R"("titel": "base",)",
         {"titel: unknown key; did you mean \"title\"?"}},
        {R"("title": "base",)", R"("title": ["base"],)",
         {"title: expected a string, got a list"}},
        // devices
        {R"("gateway": "10.0.1.1"})", R"("gatway": "10.0.1.1"})",
         {"devices[0].gatway: unknown key; did you mean \"gateway\"?"}},
        {R"({"name": "pc2", "type": "host",)", R"({"type": "host",)",
         {"devices[1].name: missing (required)",
          "links[1].a: no device named \"pc2\"; did you mean \"pc1\"?"}},
        {R"("name": "pc2", "type": "host")", R"("name": "pc2", "type": "pc")",
         {"devices[1].type: unknown device type \"pc\"; did you mean \"host\"? (the types are host, router, switch and hub)"}},
        {R"("name": "r1", "type": "router")", R"("name": "r1", "type": "routr")",
         {"devices[2].type: unknown device type \"routr\"; did you mean \"router\"? (the types are host, router, switch and hub)"}},
        {R"("name": "pc2")", R"("name": "pc1")",
         {"devices[1].name: \"pc1\" is already the name of devices[0]",
          "links[1].a: no device named \"pc2\"; did you mean \"pc1\"?"}},
        {R"("name": "pc2")", R"("name": "pc 2")",
         {"devices[1].name: \"pc 2\" is not a usable name: use letters, digits, \"-\", \"_\" and \".\", at most 32 characters, starting with a letter or digit",
          "links[1].a: no device named \"pc2\" (devices are: pc1, pc 2, r1, sw1)"}},
        {R"("type": "switch", "ports": 4)", R"("type": "switch", "ports": 0)",
         {"devices[3].ports: 0 is out of range: the number of ports must be 1-64"}},
        {R"("type": "switch", "ports": 4)", R"("type": "switch", "ports": "4")",
         {"devices[3].ports: expected the number of ports, a whole number (1-64), got the string \"4\""}},
        {R"("ipv4": ["10.0.1.11/24"]}]})", R"("ipv4": ["10.0.1.11/24"]}], "ports": 2})",
         {"devices[1].ports: a host has \"interfaces\" (eth0, eth1, ...), not \"ports\""}},
        {R"("ipv4": ["10.0.1.11/24"])", R"("ipv4": ["10.0.1.300/24"])",
         {"devices[1].interfaces[0].ipv4[0]: \"10.0.1.300/24\" is not an IPv4 prefix: octet 4 is 300, must be 0-255"}},
        {R"("ipv4": ["10.0.1.11/24"])", R"("ipv4": ["10.0.1.11"])",
         {"devices[1].interfaces[0].ipv4[0]: \"10.0.1.11\" is not an IPv4 prefix: missing \"/length\" (write the address with its subnet length, e.g. \"10.0.1.10/24\")"}},
        {R"("ipv4": ["10.0.1.11/24"])", R"("ipv4": ["2001:db8::11/64"])",
         {"devices[1].interfaces[0].ipv4[0]: \"2001:db8::11/64\" is an IPv6 prefix; list it under \"ipv6\""}},
        {R"("ipv4": ["10.0.1.11/24"])", R"("ipv4": ["10.0.1.0/24"])",
         {"devices[1].interfaces[0].ipv4[0]: 10.0.1.0/24 is the network address of 10.0.1.0/24; use an address inside it, such as 10.0.1.1/24"}},
        {R"("ipv4": ["10.0.1.11/24"])", R"("ipv4": ["10.0.1.11/24"], "mtu": 20)",
         {"devices[1].interfaces[0].mtu: 20 is out of range: the MTU must be 68-65535"}},
        {R"({"name": "eth0", "ipv4": ["10.0.1.11/24"]})", R"({"name": "lo", "ipv4": ["10.0.1.11/24"]})",
         {"devices[1].interfaces[0].name: \"lo\" is the loopback interface, which every device already has; name this one eth0, eth1, ...",
          "links[1].a: pc2 has no interface \"eth0\" (its interfaces: lo)"}},
        {R"("interfaces": [{"name": "eth0", "ipv4": ["10.0.1.1/24"]}])", R"("interfaces": {"name": "eth0"})",
         {"devices[2].interfaces: expected a list [...], got an object"}},
        {R"("gateway": "10.0.1.1"})", R"("gateway": "10.0.9.1"})",
         {"devices[0].gateway: 10.0.9.1 is not on any subnet of pc1 (eth0: 10.0.1.10/24); a gateway or next hop must be on a directly connected network"}},
        {R"("gateway": "10.0.1.1"})", R"("gateway": "2001:db8::1"})",
         {"devices[0].gateway: \"2001:db8::1\" is an IPv6 address; use \"gateway6\" for it"}},
        {R"("gateway": "10.0.1.1"})", R"("gateway": "10.0.1.1", "routes": [{"to": "10.9.1.0/16", "via": "10.0.1.1"}]})",
         {"devices[0].routes[0].to: \"10.9.1.0/16\" has host bits set; the network is 10.9.0.0/16"}},
        {R"("gateway": "10.0.1.1"})", R"("gateway": "10.0.1.1", "routes": [{"to": "10.9.0.0/16"}]})",
         {"devices[0].routes[0]: a route needs \"via\" (the next-hop address), \"dev\" (the interface), or both"}},
        {R"("type": "switch", "ports": 4)", R"("type": "switch", "ports": 4, "gateway": "10.0.1.1")",
         {"devices[3].gateway: a switch works at layer 2 and does no IP routing; set gateways and routes on hosts and routers"}},
        // links
        {R"({"a": "pc2:eth0", "b": "sw1:port2"})", R"({"a": "pc9:eth0", "b": "sw1:port2"})",
         {"links[1].a: no device named \"pc9\" (devices are: pc1, pc2, r1, sw1)"}},
        {R"({"a": "pc2:eth0", "b": "sw1:port2"})", R"({"a": "pc2:eth0", "b": "sw1:port1"})",
         {"links[1].b: sw1:port1 is already connected by links[0]"}},
        {R"({"a": "pc2:eth0", "b": "sw1:port2"})", R"({"a": "pc2:eth0", "b": "sw1:port9"})",
         {"links[1].b: sw1 has no port9: its ports are port1 to port4 (raise \"ports\" for more)"}},
        {R"({"a": "pc2:eth0", "b": "sw1:port2"})", R"({"a": "pc2:eth0", "b": "sw1:eth0"})",
         {"links[1].b: sw1 is a switch; its ports are named port1 to port4"}},
        {R"({"a": "pc2:eth0", "b": "sw1:port2"})", R"({"a": "pc2", "b": "sw1:port2"})",
         {"links[1].a: \"pc2\" is not an endpoint: write \"device:interface\" (e.g. \"pc1:eth0\") or \"switch:portN\" (e.g. \"sw1:port3\")"}},
        {R"({"a": "pc2:eth0", "b": "sw1:port2"})", R"({"a": "pc2:eth1", "b": "sw1:port2"})",
         {"links[1].a: pc2 has no interface \"eth1\" (its interfaces: eth0)"}},
        {R"("delay": "1ms")", R"("delay": "20 msec")",
         {"links[0].delay: \"20 msec\" is not a duration: unknown unit \"msec\" (use s, ms, us or ns)"}},
        {R"("delay": "1ms")", R"("delay": "5")",
         {"links[0].delay: \"5\" is not a duration: it needs a unit: \"5s\", \"5ms\", \"5us\" or \"5ns\" (a plain JSON number means seconds)"}},
        {R"("delay": "1ms")", R"("delay": "-1ms")",
         {"links[0].delay: \"-1ms\" is not a duration: must not be negative, e.g. \"20ms\""}},
        {R"("delay": "1ms")", R"("bandwidth": "100MB")",
         {"links[0].bandwidth: \"100MB\" is not a bandwidth: that is bytes; write bandwidth in bits per second, like \"100Mbit\" (100MB is 800Mbit)"}},
        {R"("delay": "1ms")", R"("bandwidth": "fast")",
         {"links[0].bandwidth: \"fast\" is not a bandwidth: it must start with a number, e.g. \"100Mbit\""}},
        {R"("delay": "1ms")", R"("loss": 1.5)",
         {"links[0].loss: 1.5 is not a probability: it must be between 0 and 1 (for 5% write 0.05 or \"5%\")"}},
        {R"("delay": "1ms")", R"("loss": "150%")",
         {"links[0].loss: \"150%\" is not a percentage: it is above 100%"}},
        {R"("delay": "1ms")", R"("burst": {"p": 0.1})",
         {"links[0].burst.r: missing: the probability of moving to the good state per frame"}},
        {R"("delay": "1ms")", R"("a_to_b": {"los": 0.1})",
         {"links[0].a_to_b.los: unknown key; did you mean \"loss\"?"}},
        {R"({"a": "r1:eth0", "b": "sw1:port3"})", R"({"a": "sw1:port3", "b": "sw1:port3"})",
         {"links[2].b: a cable cannot connect sw1:port3 to itself"}},
        // script
        {R"("on": "pc1")", R"("on": "PC1")",
         {"script[0].on: no device named \"PC1\"; did you mean \"pc1\"?"}},
        {R"("on": "pc1")", R"("on": "sw1")",
         {"script[0].on: sw1 is a switch; commands run on hosts and routers"}},
        {R"("at": "1s")", R"("at": true)",
         {"script[0].at: expected a duration like \"20ms\" or a number of seconds, got true"}},
        {R"("run": "ping -c 1 10.0.1.11")", R"("run": "  ")",
         {"script[0].run: the command is empty"}},
    };
    // clang-format on
    REQUIRE(cases.size() >= 25);
    for (const BadCase& c : cases) {
        std::string doc = mutate(kBase, c.from, c.to);
        INFO(doc);
        CHECK(error_texts(doc) == c.errors);
    }
}

TEST_CASE("documents that are not scenarios at all", "[sim][scenario][errors]")
{
    CHECK(error_texts("") ==
          std::vector<std::string>{
              "not valid JSON at line 1, column 1: syntax error while parsing value - unexpected "
              "end of input; expected '[', '{', or a literal"});
    CHECK(error_texts("[1, 2]") ==
          std::vector<std::string>{
              "a scenario is a JSON object {\"format\": \"wirelab/1\", ...}, got a list"});
    CHECK(error_texts(std::string(100, '[') + std::string(100, ']')) ==
          std::vector<std::string>{
              "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
              "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
              "[0][0][0][0][0][0][0][0]: nested more than 64 levels deep"});
}

TEST_CASE("several problems are all reported, in document order", "[sim][scenario][errors]")
{
    std::string doc = mutate(kBase, R"("seed": 7,)", R"("seed": 7, "colour": "red",)");
    doc = mutate(doc, R"("ipv4": ["10.0.1.11/24"])", R"("ipv4": ["10.0.1.300/24"])");
    doc = mutate(doc, R"("type": "switch", "ports": 4)", R"("type": "hub", "ports": 99)");
    // sw1's port count is unreadable now, so its ports are not judged (no cascade of guesses).
    doc = mutate(doc, R"({"a": "r1:eth0", "b": "sw1:port3"})",
                 R"({"a": "r1:eth0", "b": "sw1:port1", "loss": 2})");
    doc = mutate(doc, R"("on": "pc1")", R"("on": "pc9")");
    CHECK(error_texts(doc) ==
          std::vector<std::string>{
              "colour: unknown key (allowed here: format, seed, title, description, devices, "
              "links, script, services, lab, notes)",
              "devices[1].interfaces[0].ipv4[0]: \"10.0.1.300/24\" is not an IPv4 prefix: octet 4 "
              "is 300, must be 0-255",
              "devices[3].ports: 99 is out of range: the number of ports must be 1-64",
              "links[2].loss: 2 is not a probability: it must be between 0 and 1 (for 5% write "
              "0.05 or \"5%\")",
              "script[0].on: no device named \"pc9\" (devices are: pc1, pc2, r1, sw1)",
          });
}

TEST_CASE("an unreadable part silences the checks that depend on it", "[sim][scenario][errors]")
{
    // pc1's only address is broken: its gateway cannot be judged, so only the address is reported.
    std::string doc = mutate(kBase, R"("ipv4": ["10.0.1.10/24"])", R"("ipv4": ["10.0.1.10/33"])");
    CHECK(error_texts(doc) ==
          std::vector<std::string>{"devices[0].interfaces[0].ipv4[0]: \"10.0.1.10/33\" is not an "
                                   "IPv4 prefix: prefix length 33 is out of range 0-32"});
}

TEST_CASE("warnings do not stop loading", "[sim][scenario]")
{
    std::string doc = mutate(kBase, R"("ipv4": ["10.0.1.11/24"])", R"("ipv4": ["10.0.1.10/24"])");
    std::vector<Diagnostic> warnings;
    auto s = load_scenario(doc, &warnings);
    REQUIRE(s.ok());
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].to_string() ==
          "warning: devices[1].interfaces[0].ipv4[0]: 10.0.1.10 is also the "
          "address of pc1:eth0 (an address conflict)");
}

TEST_CASE("reserved sections are kept verbatim through save", "[sim][scenario]")
{
    std::string doc =
        mutate(kBase, R"("title": "base",)",
               R"("title": "base", "lab": {"z": 1, "a": [true, null]}, "notes": "hi",)");
    // Services are checked by their kinds (sim/services.h) but stored as written, key order kept.
    doc = mutate(
        doc, R"("ipv4": ["10.0.1.1/24"]}]})",
        R"("ipv4": ["10.0.1.1/24"]}], "services": {"dhcp": {"pools": [{"subnet": "10.0.1.0/24", "range": "10.0.1.100-10.0.1.200"}]}}})");
    auto s = load_scenario(doc);
    REQUIRE(s.ok());
    CHECK(s->lab.dump() == R"({"z":1,"a":[true,null]})"); // key order kept
    CHECK(s->notes == "hi");
    CHECK(s->devices[2].services.dump() ==
          R"({"dhcp":{"pools":[{"subnet":"10.0.1.0/24","range":"10.0.1.100-10.0.1.200"}]}})");
    std::string saved = save_scenario(*s);
    CHECK(saved.find("\n  \"lab\": {\"z\": 1, \"a\": [true, null]},\n  \"notes\": \"hi\"\n}\n") !=
          std::string::npos);
    auto again = load_scenario(saved);
    REQUIRE(again.ok());
    CHECK(*again == *s);
}

TEST_CASE("lenient input forms load and save in canonical form", "[sim][scenario]")
{
    std::string doc =
        mutate(kBase, R"("delay": "1ms")",
               R"("delay": 0.0015, "bandwidth": 64000, "loss": "5%", "a_to_b": {"queue": 3})");
    doc = mutate(doc, R"("ipv4": ["10.0.1.11/24"])", R"("ipv4": "10.0.1.11/24")");
    doc = mutate(
        doc, R"("gateway": "10.0.1.1"})",
        R"("gateway": "10.0.1.1", "routes": [{"to": "default", "via": "10.0.1.1", "metric": 5}]})");
    auto s = load_scenario(doc);
    REQUIRE(s.ok());
    CHECK(s->links[0].both.delay == SimTime::from_us(1500));
    CHECK(s->links[0].both.bandwidth_bps == 64000u);
    CHECK(s->links[0].both.loss == 0.05);
    CHECK(s->links[0].params().ab.queue_limit == 3);
    CHECK(s->links[0].params().ba.queue_limit == 100);
    CHECK(s->devices[0].routes[0].to.to_string() == "0.0.0.0/0");
    std::string saved = save_scenario(*s);
    // A link holding an object (a_to_b) is printed over several lines, settings in canonical units.
    CHECK(saved.find(
              "\"bandwidth\": \"64kbit\",\n      \"delay\": \"1.5ms\",\n      \"loss\": 0.05,\n"
              "      \"a_to_b\": {\"queue\": 3}\n") != std::string::npos);
    CHECK(saved.find("\"ipv4\": [\"10.0.1.11/24\"]") != std::string::npos);
    CHECK(save_scenario(*load_scenario(saved)) == saved);
}

// ===================================================================================== in memory

TEST_CASE("validate_scenario checks a scenario edited in memory", "[sim][scenario]")
{
    auto s = load_scenario(kBase);
    REQUIRE(s.ok());
    Scenario edited = *s;
    edited.links.push_back(LinkSpec{{"pc2", "eth0"}, {"r1", "eth0"}, {}, {}, {}, true, {}});
    edited.devices[0].interfaces[0].ipv4[0] =
        wire::Ipv4Prefix{wire::Ipv4Addr::from_u32(0x0a0001ff), 24};
    std::vector<std::string> texts;
    for (const Diagnostic& d : validate_scenario(edited)) texts.push_back(d.to_string());
    CHECK(texts == std::vector<std::string>{
                       "devices[0].interfaces[0].ipv4[0]: 10.0.1.255/24 is the broadcast address "
                       "of 10.0.1.0/24; use an address inside it, such as 10.0.1.254/24",
                       "links[3].a: pc2:eth0 is already connected by links[1]",
                       "links[3].b: r1:eth0 is already connected by links[2]",
                   });
    CHECK(!build_scenario(edited).ok());
}

TEST_CASE("build_scenario creates the nodes, addresses, routes and cables", "[sim][scenario]")
{
    auto s = load_scenario(read_file(example_path("two-lans.json")));
    REQUIRE(s.ok());
    auto b = build_scenario(*s);
    REQUIRE(b.ok());
    net::Network& net = *b->network;
    CHECK(net.node_count() == 7);
    CHECK(net.link_count() == 6);
    CHECK(b->links.size() == 6);
    REQUIRE(b->nodes.count("r1") == 1);
    CHECK(net.node(b->nodes.at("r1")).kind() == net::DeviceKind::Router);
    CHECK(net.node(b->nodes.at("sw1")).ports().size() == 8);
    CHECK(net.seed() == 1);
}

// ===================================================================================== units

TEST_CASE("durations read exactly and print in their shortest exact unit", "[sim][scenario][units]")
{
    CHECK(parse_duration("1.5s").value() == SimTime::from_ms(1500));
    CHECK(parse_duration("20ms").value() == SimTime::from_ms(20));
    CHECK(parse_duration("100us").value() == SimTime::from_us(100));
    CHECK(parse_duration("5ns").value() == SimTime::from_ns(5));
    CHECK(parse_duration("0.000000001s").value() == SimTime::from_ns(1));
    CHECK(parse_duration("2 ms").value() == SimTime::from_ms(2));
    CHECK(parse_duration("0.1ns").error().message ==
          "\"0.1ns\" is not a duration: it is finer than 1ns");
    CHECK(parse_duration("2000000s").error().message ==
          "\"2000000s\" is too long: at most 1000000s");
    CHECK(duration_from_seconds(0.02).value() == SimTime::from_ms(20));
    CHECK(format_duration(SimTime::from_ms(1500)) == "1.5s");
    CHECK(format_duration(SimTime::from_us(20500)) == "20.5ms");
    CHECK(format_duration(SimTime::from_ns(1234567)) == "1.234567ms");
    CHECK(format_duration(SimTime::from_ns(999)) == "999ns");
    CHECK(format_duration(SimTime::zero()) == "0s");
}

TEST_CASE("bandwidths read exactly and print in the largest exact unit", "[sim][scenario][units]")
{
    CHECK(parse_bandwidth("100Mbit").value() == 100'000'000u);
    CHECK(parse_bandwidth("1Gbit").value() == 1'000'000'000u);
    CHECK(parse_bandwidth("64kbit").value() == 64'000u);
    CHECK(parse_bandwidth("1.5Mbps").value() == 1'500'000u);
    CHECK(parse_bandwidth("10mbit").value() == 10'000'000u); // tc spelling
    CHECK(parse_bandwidth("2Tbit").error().message == "\"2Tbit\" is too fast: at most 1Tbit");
    CHECK(parse_bandwidth("0.5bit").error().message ==
          "\"0.5bit\" is not a bandwidth: not a whole number of bit/s");
    CHECK(format_bandwidth(100'000'000) == "100Mbit");
    CHECK(format_bandwidth(1'500'000) == "1500kbit");
    CHECK(format_bandwidth(123) == "123bit");
    CHECK(parse_percent("5%").value() == 0.05);
    CHECK(parse_percent("12.5%").value() == 0.125);
}

// ===================================================================================== robustness

TEST_CASE("random damage to an example never crashes the loader", "[sim][scenario][property]")
{
    static const std::string text = read_file(example_path("two-lans.json"));
    static constexpr std::string_view kTokens[] = {
        "{",  "}",     "[",    "]",    ",",     ":",       "\"",   "0",
        "-1", "1e999", "null", "true", "\"x\"", "\\u00e9", "\xff", " "};
    uint32_t seed = GENERATE(take(300, random(0u, 0xffffffffu)));
    Rng rng(seed);
    std::string doc = text;
    int edits = 1 + int(rng.below(4));
    for (int e = 0; e < edits; ++e) {
        size_t at = rng.below(uint32_t(doc.size()));
        switch (rng.below(3)) {
        case 0: doc.erase(at, 1 + rng.below(20)); break;
        case 1: doc.insert(at, kTokens[rng.below(std::size(kTokens))]); break;
        default: std::swap(doc[at], doc[rng.below(uint32_t(doc.size()))]); break;
        }
    }
    INFO("seed " << seed);
    auto s = load_scenario(doc);
    if (!s) {
        CHECK(!s.error().empty());
        for (const Diagnostic& d : s.error()) CHECK(!d.message.empty());
        return;
    }
    std::string saved = save_scenario(*s);
    auto again = load_scenario(saved);
    REQUIRE(again.ok());
    CHECK(save_scenario(*again) == saved);
}
