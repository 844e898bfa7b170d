// Lab engine: the regex engine, per-student values and placeholders, exact loader errors (path and
// message), random damage never crashing the loader, locks against a forged submission, budgets
// stopping a broadcast storm and a command that never ends, and byte-identical reports.
#include "core/base/rng.h"
#include "sim/lab.h"

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

std::string source(const std::string& rel)
{
    return std::string(WIRELAB_SOURCE_DIR) + "/" + rel;
}

bool matches(std::string_view pattern, std::string_view text)
{
    auto re = LabRegex::parse(pattern);
    REQUIRE(re.ok());
    return re->search(text);
}

std::string regex_error(std::string_view pattern)
{
    auto re = LabRegex::parse(pattern);
    return re ? std::string("ok") : re.error();
}

// A small lab whose subnet variable has no random bits (a /24 drawn inside a /24), so messages
// that mention it are the same for every student.
const char* const kMiniLab = R"({
  "format": "wirelab-lab/1",
  "id": "mini",
  "title": "Mini lab",
  "instructions": ["Give pc1 an address", "in {{lan}}."],
  "variables": {"lan": {"kind": "ipv4-subnet", "within": "10.1.2.0/24", "length": 24}},
  "locked": {"devices": {"r1": "all"}, "add_devices": false},
  "budget": {"time": "10s", "events": 100000, "settle": "2s"},
  "scenario": {
    "devices": [
      {"name": "pc1", "type": "host", "interfaces": [{"name": "eth0"}]},
      {"name": "r1", "type": "router", "interfaces": [{"name": "eth0", "ipv4": ["{{lan.host(1)}}/24"]}]}
    ],
    "links": [{"a": "pc1:eth0", "b": "r1:eth0"}]
  },
  "checks": [
    {"id": "addr", "kind": "address", "points": 2, "description": "pc1 is in {{lan}}", "device": "pc1", "in": "{{lan}}"},
    {"id": "ping", "kind": "command", "points": 3, "description": "pc1 pings r1", "on": "pc1",
     "run": "ping -c 1 {{lan.host(1)}}", "output_matches": "1 received"}
  ]
})";

using J = nlohmann::ordered_json;

std::vector<std::string> lab_errors(const J& doc)
{
    auto r = load_lab(doc.dump());
    std::vector<std::string> out;
    if (!r)
        for (const Diagnostic& d : r.error()) out.push_back(d.to_string());
    return out;
}

std::vector<std::string> mini_errors(void (*edit)(J&))
{
    J doc = J::parse(kMiniLab);
    edit(doc);
    return lab_errors(doc);
}

Lab load(std::string_view text)
{
    auto lab = load_lab(text);
    if (!lab) FAIL(lab.error().front().to_string());
    return std::move(*lab);
}

LabVariant variant(const Lab& lab, std::string_view student)
{
    auto v = make_variant(lab, student);
    REQUIRE(v.ok());
    return std::move(*v);
}

std::string scenario_of(const char* lab_json, const std::string& links_json)
{
    J doc = J::parse(lab_json);
    J s = doc["scenario"];
    s["format"] = "wirelab/1";
    s["links"] = J::parse(links_json);
    return s.dump();
}

} // namespace

// ===================================================================================== [SECTION]
// Regular expressions

TEST_CASE("lab regex: literals, classes, anchors per line, repetition, alternation",
          "[sim][lab][regex]")
{
    CHECK(matches("0% packet loss", "3 packets transmitted, 3 received, 0% packet loss"));
    CHECK_FALSE(matches("^0% packet loss", "3 received, 0% packet loss"));
    CHECK(matches("^64 bytes", "PING x\n64 bytes from 10.0.0.1\n")); // ^ at any line start
    CHECK(matches("loss$", "0% packet loss\nrtt min/avg"));          // $ at any line end
    CHECK(matches("[0-9]+ received", "3 received"));
    CHECK_FALSE(matches("[1-9][0-9]* received", "0 received"));
    CHECK(matches("\\d{1,3}\\.\\d{1,3}\\.\\d+\\.\\d+", "from 10.0.2.10:"));
    CHECK_FALSE(matches("^\\d{4}$", "123"));
    CHECK(matches("a(b|cd)+e", "xacdbcde"));
    CHECK(matches("colou?r", "color"));
    CHECK(matches("[^a-z]", "abc1"));
    CHECK_FALSE(matches("[^a-z]", "abc"));
    CHECK(matches("\\s\\w+\\S", "x ab:"));
    CHECK(matches("(?i)succeeded", "Connection ... SUCCEEDED!"));
    CHECK_FALSE(matches("succeeded", "SUCCEEDED"));
    CHECK(matches("a.c", "abc"));
    CHECK_FALSE(matches("a.c", "a\nc")); // . never crosses a line
    CHECK(matches("", "anything"));
    CHECK(matches("x{0}y", "y"));
    CHECK(matches("[]a]", "]"));
    CHECK(matches("\\[  3\\] Server", "[  3] Server Report:"));
    CHECK(matches("{x}", "a{x}b")); // a brace that starts no count is literal
}

TEST_CASE("lab regex: errors name the column; no pattern is slow", "[sim][lab][regex]")
{
    CHECK(regex_error("a(b") == "column 2: unmatched '(' (escape it as \\( to match it)");
    CHECK(regex_error("ab)") == "column 3: unmatched ')' (escape it as \\) to match it)");
    CHECK(regex_error("*a") == "column 1: nothing to repeat before '*'");
    CHECK(regex_error("[a-") == "column 1: unmatched '[' (escape it as \\[ to match it)");
    CHECK(regex_error("[z-a]") == "column 2: range out of order: 'z-a'");
    CHECK(regex_error("a{5,2}") == "column 2: {5,2}: the maximum is smaller than the minimum");
    CHECK(regex_error("a{200}") == "column 2: repetition count over 100");
    CHECK(regex_error("\\q") == "column 1: unknown escape \\q");
    CHECK(regex_error("ab\\") ==
          "column 3: the pattern ends with a lone \\ (write \\\\ for a backslash)");
    CHECK(regex_error("(?=a)") == "column 2: only (?:...) groups and a leading (?i) are supported");
    CHECK(regex_error("((a{100}){100}){100}").find("too complex") != std::string::npos);
    // Catastrophic for backtracking engines, linear here.
    std::string text(20000, 'a');
    CHECK_FALSE(matches("(a*)*b", text));
    CHECK_FALSE(matches("(a|aa)+$x", text));
    std::string deep(5000, '(');
    CHECK(regex_error(deep) == "column 102: groups nested too deeply");
}

// ===================================================================================== [SECTION]
// Variables and placeholders

TEST_CASE("lab variables: deterministic per student, normalized ids, never overlapping",
          "[sim][lab][variables]")
{
    Lab lab = load(read_file(source("site/labs/cidr-subnetting.lab.json")));
    // Pinned: the same value natively and in WebAssembly (our PCG32 and FNV-1a, no std::).
    CHECK(variant(lab, "alice").values[0].text == "10.108.143.192/26");
    CHECK(variant(lab, "  Alice\n").values[0].text == "10.108.143.192/26");
    CHECK(variant(lab, "bob").values[0].text != "10.108.143.192/26");

    Lab routing = load(read_file(source("site/labs/routing-between-subnets.lab.json")));
    for (int i = 0; i < 200; ++i) {
        LabVariant v = variant(routing, "student" + std::to_string(i));
        REQUIRE(v.values.size() == 2);
        CHECK_FALSE(v.values[0].subnet.contains(v.values[1].subnet.network()));
        CHECK_FALSE(v.values[1].subnet.contains(v.values[0].subnet.network()));
    }
    Lab v6 = load(read_file(source("site/labs/ipv6-addressing.lab.json")));
    auto exclude = wire::IpPrefix::parse("2001:db8:ffff::/48").value();
    for (int i = 0; i < 200; ++i)
        CHECK_FALSE(exclude.contains(variant(v6, std::to_string(i)).values[0].subnet.network()));
}

TEST_CASE("lab placeholders: subnet attributes, integers become numbers, errors say why",
          "[sim][lab][variables]")
{
    Lab lab = load(kMiniLab);
    LabVariant v = variant(lab, "x");
    CHECK(v.instructions == "Give pc1 an address\nin 10.1.2.0/24.\n");
    auto filled = fill_template(
        v, R"({"a": "{{lan.network}} {{lan.len}} {{lan.mask}} {{lan.wildcard}} {{lan.broadcast}}",
                                       "b": "{{lan.first}}-{{lan.last}} {{lan.hosts}} {{ lan.host(77) }} {{student}}"})");
    REQUIRE(filled.ok());
    CHECK(*filled == "{\n  \"a\": \"10.1.2.0 24 255.255.255.0 0.0.0.255 10.1.2.255\",\n"
                     "  \"b\": \"10.1.2.1-10.1.2.254 254 10.1.2.77 x\"\n}\n");

    Lab ports = load(R"({"format": "wirelab-lab/1", "id": "p", "title": "t", "instructions": "",
        "variables": {"port": {"kind": "integer", "min": 8000, "max": 8000},
                      "word": {"kind": "choice", "from": ["alpha"]},
                      "net6": {"kind": "ipv6-subnet", "within": "2001:db8:1::/64", "length": 64}},
        "scenario": {"devices": [{"name": "h", "type": "host"}]},
        "checks": [{"id": "l", "kind": "listening", "points": 1, "description": "{{word}}", "device": "h", "port": "{{port}}"}]})");
    LabVariant pv = variant(ports, "");
    REQUIRE(std::get<ListeningCheck>(pv.checks[0].spec).port == 8000);
    auto six = fill_template(
        pv,
        R"(["{{net6.host(10)}}", "{{net6.first}}", "{{net6.last}}", "{{port}}", "p{{port}}", "{{word}}"])");
    REQUIRE(six.ok());
    CHECK(*six == "[\n  \"2001:db8:1::a\",\n  \"2001:db8:1::1\",\n  "
                  "\"2001:db8:1:0:ffff:ffff:ffff:ffff\",\n  8000,\n"
                  "  \"p8000\",\n  \"alpha\"\n]\n");

    auto errors = [&](const char* json) {
        auto r = fill_template(v, json);
        REQUIRE_FALSE(r.ok());
        return r.error().front().to_string();
    };
    CHECK(errors(R"({"x": ["{{lam}}"]})") ==
          "x[0]: {{lam}}: no variable \"lam\"; did you mean {{lan}}?");
    CHECK(errors(R"({"x": "{{zzzzzz}}"})") ==
          "x: {{zzzzzz}}: no variable \"zzzzzz\" (placeholders here: lan, student)");
    CHECK(errors(R"({"x": "{{lan.host(256)}}"})") ==
          "x: {{lan.host(256)}} is outside 10.1.2.0/24, which has 256 addresses (0 to 255)");
    CHECK(errors(R"({"x": "{{lan.hots(1)}}"})") ==
          "x: {{lan.hots(1)}}: \"hots(1)\" is not an attribute of lan (an ipv4-subnet; attributes: "
          "network, len, "
          "mask, wildcard, broadcast, first, last, hosts, host(N))");
    CHECK(errors(R"({"x": "{{lan.host(x)}}"})") ==
          "x: {{lan.host(x)}}: host(N) needs a whole number N, like host(10)");
    CHECK(errors(R"({"x": "a {{lan"})") == "x: \"{{\" at character 3 is never closed with \"}}\"");
}

// ===================================================================================== [SECTION]
// Loader errors

TEST_CASE("lab loader: every error is located by JSON path with the fix", "[sim][lab][load]")
{
    CHECK(lab_errors(J::parse(kMiniLab)).empty());
    CHECK(mini_errors([](J& d) { d["format"] = "wirelab/1"; }) ==
          std::vector<std::string>{
              "format: this is a scenario file, not a lab: a lab has \"format\": \"wirelab-lab/1\" "
              "and embeds its starting network under \"scenario\" (see sim/LAB_FORMAT.md)"});
    CHECK(mini_errors([](J& d) { d["format"] = "wirelab-lab/7"; }) ==
          std::vector<std::string>{"format: \"wirelab-lab/7\" is not a lab format this Wirelab "
                                   "reads (it reads \"wirelab-lab/1\")"});
    CHECK(mini_errors([](J& d) { d["id"] = "Mini Lab"; }) ==
          std::vector<std::string>{
              "id: \"Mini Lab\" is not a lab id: use a lower-case letter, then letters, digits, "
              "'-' or "
              "'_' (it seeds every student's variant, so keep it once students have started)"});
    CHECK(mini_errors([](J& d) {
              d["chekcs"] = d["checks"];
              d.erase("checks");
          }) == std::vector<std::string>{"chekcs: unknown key; did you mean \"checks\"?",
                                         "checks: missing (required): the list of checks"});
    CHECK(mini_errors([](J& d) { d["checks"][0]["kind"] = "adress"; }) ==
          std::vector<std::string>{
              "checks[0].kind: \"adress\" is not a check kind; did you mean \"address\"? "
              "(kinds: address, route, listening, dhcp-pool, command, traffic)"});
    CHECK(mini_errors([](J& d) { d["checks"][0]["in"] = "{{lan}}x"; }) ==
          std::vector<std::string>{"checks[0].in: \"10.1.2.0/24x\" is not an IPv4 prefix: prefix "
                                   "length \"24x\" is not a decimal number"});
    CHECK(mini_errors([](J& d) { d["checks"][0]["device"] = "pc9"; }) ==
          std::vector<std::string>{
              "checks[0].device: no device \"pc9\" in the lab's scenario; did you mean \"pc1\"?"});
    CHECK(mini_errors([](J& d) { d["checks"][1]["id"] = "addr"; }) ==
          std::vector<std::string>{
              "checks[1].id: \"addr\" is already the id of checks[0]; ids must be unique"});
    CHECK(mini_errors([](J& d) { d["checks"][1]["output_matches"] = "1 (received"; }) ==
          std::vector<std::string>{
              "checks[1].output_matches: column 3: unmatched '(' (escape it as \\( to match it)"});
    CHECK(mini_errors([](J& d) { d["checks"][1]["exit"] = "maybe"; }) ==
          std::vector<std::string>{
              "checks[1].exit: \"maybe\" is not an exit expectation: write a number (0 = success), "
              "\"nonzero\" or \"any\""});
    CHECK(mini_errors([](J& d) { d["checks"][1]["points"] = -1; }) ==
          std::vector<std::string>{
              "checks[1].points: expected points, a whole number (0-1000), got the number -1"});
    CHECK(mini_errors([](J& d) { d["checks"][1]["run"] = "ping {{lan.host(1000)}}"; }) ==
          std::vector<std::string>{"checks[1].run: {{lan.host(1000)}} is outside 10.1.2.0/24, "
                                   "which has 256 addresses (0 to 255)"});
    CHECK(
        mini_errors([](J& d) {
            d["scenario"]["devices"][1]["interfaces"][0]["ipv4"][0] = "{{lan.broadcast}}/24";
        }) ==
        std::vector<std::string>{
            "scenario.devices[1].interfaces[0].ipv4[0]: 10.1.2.255/24 is the broadcast address of "
            "10.1.2.0/24; use an address inside it, such as 10.1.2.254/24"});
    CHECK(mini_errors([](J& d) { d["locked"]["devices"]["r9"] = "all"; }) ==
          std::vector<std::string>{"locked.devices.r9: no device \"r9\" in the lab's scenario"});
    CHECK(mini_errors([](J& d) { d["locked"]["devices"]["r1"] = J::array({"routs"}); }) ==
          std::vector<std::string>{
              "locked.devices.r1[0]: \"routs\" is not a lockable field; did you mean \"routes\"? "
              "(fields: all, interfaces, gateway, gateway6, routes, advertise, ports, services)"});
    CHECK(
        mini_errors([](J& d) { d["budget"]["settle"] = "20s"; }) ==
        std::vector<std::string>{"budget.settle: must not be later than budget.time (10.000000s)"});
    CHECK(mini_errors([](J& d) { d["variables"]["lan"]["within"] = "2001:db8::/32"; }) ==
          std::vector<std::string>{
              "variables.lan.within: \"2001:db8::/32\" is an IPv6 prefix; an ipv4-subnet is drawn "
              "inside an IPv4 prefix"});
    CHECK(mini_errors([](J& d) {
              d["variables"]["student"] = J::parse(R"({"kind": "integer", "min": 1, "max": 2})");
          }) == std::vector<std::string>{
                    "variables.student: \"student\" is reserved: {{student}} is the student id"});
    CHECK(mini_errors([](J& d) {
              d["checks"].push_back(J::parse(R"({"id": "t", "kind": "traffic", "points": 1,
              "description": "x", "filter": "ip.adr == 10.0.0.1", "link": ["pc1"]})"));
          }) == std::vector<std::string>{
                    "checks[2].filter: column 1: \"ip.adr\" is not a field (did you mean ip.addr?)",
                    "checks[2].link: a link is named by its two ends: [\"r1\", \"r2\"] or "
                    "[\"r1:eth1\", \"r2:eth0\"]"});
    // Several problems at once, syntax errors with their place.
    CHECK(mini_errors([](J& d) {
              d["title"] = 5;
              d["checks"][0].erase("in");
          }) == std::vector<std::string>{"title: expected a string, got the number 5",
                                         "checks[0].in: missing (required): the prefix the address "
                                         "must lie in, e.g. \"10.0.1.0/24\""});
    auto syntax = load_lab("{\"format\": \"wirelab-lab/1\",\n \"id\": }");
    REQUIRE_FALSE(syntax.ok());
    CHECK(syntax.error().front().to_string().rfind("not valid JSON at line 2, column 8", 0) == 0);
    CHECK(load_lab("[]").error().front().to_string() ==
          "a lab is a JSON object {\"format\": \"wirelab-lab/1\", ...}, got a list");
}

TEST_CASE("lab loader: random damage never crashes it", "[sim][lab][load][property]")
{
    std::vector<std::string> texts = {kMiniLab};
    for (const char* f : {"cidr-subnetting", "routing-between-subnets", "tcp-vs-udp",
                          "dhcp-vs-static", "static-vs-dynamic-web"})
        texts.push_back(read_file(source("site/labs/") + f + ".lab.json"));
    Rng rng(2024);
    const char* junk[] = {"{{",      "}}",    "{{lan.host(99999999999999999999)}}",
                          "\"",      "[",     "{",
                          "null",    "1e999", "\\u0000",
                          "{{lan.",  "-1",    "\"all\"",
                          "[[[[[[[["};
    size_t loaded = 0;
    for (int i = 0; i < 1500; ++i) {
        std::string t = texts[rng.below(uint32_t(texts.size()))];
        int edits = 1 + int(rng.below(4));
        for (int e = 0; e < edits && !t.empty(); ++e) {
            size_t at = rng.below(uint32_t(t.size()));
            switch (rng.below(4)) {
            case 0: t[at] = char(rng.below(256)); break;
            case 1: t.erase(at, 1 + rng.below(20)); break;
            case 2: t.insert(at, junk[rng.below(std::size(junk))]); break;
            default: t = t.substr(0, at); break;
            }
        }
        auto lab = load_lab(t);
        if (!lab) {
            CHECK_FALSE(lab.error().empty());
            continue;
        }
        ++loaded;
        auto v = make_variant(*lab, "fuzz" + std::to_string(i));
        CHECK((v.ok() || !v.error().empty()));
    }
    // Structural damage: every value somewhere replaced by a value of another type.
    const J replacements[] = {J(nullptr),  J(7),         J(-3),
                              J(1.5),      J("{{lan}}"), J::array(),
                              J::object(), J(true),      J::parse(R"({"kind": "route"})")};
    J base = J::parse(kMiniLab);
    std::vector<J::json_pointer> pointers;
    J flat = base.flatten();
    for (auto it = flat.begin(); it != flat.end(); ++it) pointers.emplace_back(it.key());
    for (const J::json_pointer& p : pointers) {
        for (const J& r : replacements) {
            J doc = base;
            doc[p] = r;
            auto lab = load_lab(doc.dump());
            if (lab) CHECK(make_variant(*lab, "s").ok());
        }
    }
    CHECK(loaded < 1500);
}

// ===================================================================================== [SECTION]
// Grading: locks, budgets, determinism

TEST_CASE("lab grading: the mini lab's own network and a solution", "[sim][lab][grade]")
{
    Lab lab = load(kMiniLab);
    LabVariant v = variant(lab, "anyone");
    CHECK(lab.check_ids == std::vector<std::string>{"addr", "ping"});
    CHECK(lab.max_points == 5);
    GradeReport start = grade_scenario(lab, v, v.scenario);
    CHECK(start.score == 0);
    CHECK(start.checks[0].detail == "pc1 has no IPv4 address");
    CHECK(start.checks[1].detail ==
          "`ping -c 1 10.1.2.1` on pc1 ended with exit status 2 (expected 0); it printed: "
          "ping: connect: Network is unreachable (pc1 has no route to 10.1.2.1; add a gateway?)");
    Scenario solved = v.scenario;
    solved.devices[0].interfaces[0].ipv4.push_back(wire::Ipv4Prefix::parse("10.1.2.7/24").value());
    GradeReport good = grade_scenario(lab, v, solved);
    CHECK(good.score == 5);
    CHECK(good.checks[0].detail == "pc1 has 10.1.2.7/24 on eth0");
    CHECK(good.runs == 2);
    CHECK(good.notes.empty());
}

TEST_CASE("lab grading: locked devices, seed, script and checks in a submission change nothing",
          "[sim][lab][grade]")
{
    Lab lab = load(kMiniLab);
    LabVariant v = variant(lab, "mallory");
    // The student "fixes" the lab by moving r1 into a subnet of their own choosing (r1 is locked),
    // claims full marks in a lab section, and brings a seed and a script.
    std::string forged = R"({"format": "wirelab/1", "seed": 42,
      "devices": [
        {"name": "pc1", "type": "host", "interfaces": [{"name": "eth0", "ipv4": ["192.168.0.2/24"]}]},
        {"name": "r1", "type": "router", "interfaces": [{"name": "eth0", "ipv4": ["192.168.0.1/24"]}]}],
      "links": [{"a": "pc1:eth0", "b": "r1:eth0"}],
      "script": [{"at": "1s", "on": "pc1", "run": "ping -c 1 192.168.0.1"}],
      "lab": {"id": "mini", "student": "mallory", "score": 5,
              "checks": [{"id": "addr", "kind": "address", "points": 1000, "description": "x", "device": "pc1", "in": "0.0.0.0/0"}]}})";
    GradeReport r = grade_text(lab, v, forged, "forged.json");
    CHECK(r.score == 0);
    CHECK(r.max_score == 5);
    CHECK(r.checks[0].detail == "pc1 has 192.168.0.2/24 on eth0, none in 10.1.2.0/24");
    CHECK(r.notes == std::vector<std::string>{
                         "the seed is the lab's (1); the submission's 42 was ignored",
                         "r1 is locked: the lab's r1 was used (the submission changed it)",
                         "the submission's script (1 command of its own) was ignored: only the "
                         "lab's script runs",
                         "the submission's \"lab\" section was ignored (checks, points, seed and "
                         "locks always come from the lab file)"});
    // The same network without the forgery scores the same.
    std::string plain = R"({"format": "wirelab/1", "devices": [
        {"name": "pc1", "type": "host", "interfaces": [{"name": "eth0", "ipv4": ["192.168.0.2/24"]}]},
        {"name": "r1", "type": "router", "interfaces": [{"name": "eth0", "ipv4": ["{{lan.host(1)}}/24"]}]}],
      "links": [{"a": "pc1:eth0", "b": "r1:eth0"}]})";
    GradeReport honest = grade_text(lab, v, fill_template(v, plain).value(), "plain.json");
    CHECK(honest.score == r.score);
    CHECK(honest.notes.empty());
}

TEST_CASE("lab grading: a broadcast storm and an endless command end with 'exceeded budget'",
          "[sim][lab][grade][budget]")
{
    const char* storm_lab =
        R"({"format": "wirelab-lab/1", "id": "storm", "title": "Storm", "instructions": "",
      "budget": {"time": "5s", "events": 200000, "settle": "1s"},
      "scenario": {"devices": [
        {"name": "pc1", "type": "host", "interfaces": [{"name": "eth0", "ipv4": ["10.0.0.1/24"]}]},
        {"name": "pc2", "type": "host", "interfaces": [{"name": "eth0", "ipv4": ["10.0.0.2/24"]}]},
        {"name": "sw1", "type": "switch", "ports": 4}, {"name": "sw2", "type": "switch", "ports": 4}], "links": []},
      "checks": [
        {"id": "ping", "kind": "command", "points": 1, "description": "pc1 pings pc2", "on": "pc1", "run": "ping -c 2 10.0.0.2"},
        {"id": "slow", "kind": "command", "points": 1, "description": "a long ping", "on": "pc1", "run": "ping -c 100 10.0.0.2"},
        {"id": "arp", "kind": "traffic", "points": 1, "description": "ARP seen", "filter": "arp", "during": [{"on": "pc1", "run": "ping -c 1 10.0.0.2"}]}]})";
    Lab lab = load(storm_lab);
    LabVariant v = variant(lab, "");
    std::string tree =
        R"([{"a": "pc1:eth0", "b": "sw1:port1"}, {"a": "pc2:eth0", "b": "sw2:port1"}, {"a": "sw1:port2", "b": "sw2:port2"}])";
    GradeReport ok = grade_text(lab, v, scenario_of(storm_lab, tree), "tree.json");
    CHECK(ok.checks[0].passed);
    CHECK(ok.checks[2].passed);
    CHECK_FALSE(ok.checks[1].passed); // 100 pings take 99 s: over the 5 s budget
    CHECK(ok.checks[1].budget_exceeded);
    CHECK(
        ok.checks[1].detail.rfind(
            "exceeded budget: `ping -c 100 10.0.0.2` on pc1 did not finish (stopped at 5.000000s); "
            "the lab allows 5s of simulated time per run; it printed: ",
            0) == 0);

    // Three cables between two switches: every broadcast is copied around the loop, doubling.
    std::string loop = R"([{"a": "pc1:eth0", "b": "sw1:port1"}, {"a": "pc2:eth0", "b": "sw2:port1"},
        {"a": "sw1:port2", "b": "sw2:port2"}, {"a": "sw1:port3", "b": "sw2:port3"}, {"a": "sw1:port4", "b": "sw2:port4"}])";
    GradeReport storm = grade_text(lab, v, scenario_of(storm_lab, loop), "loop.json");
    CHECK(storm.score == 0);
    for (const CheckResult& c : storm.checks) {
        CHECK(c.budget_exceeded);
        CHECK(c.detail.rfind("exceeded budget: the run was stopped after 200000 events at ", 0) ==
              0);
        CHECK(c.detail.find(
                  "(the lab allows 200000 per run). A broadcast storm or a forwarding loop?") !=
              std::string::npos);
    }
}

TEST_CASE("lab grading: a check's command has its own terminal, not queued behind the script's",
          "[sim][lab][grade]")
{
    // The script leaves an endless ping running on pc1 (a student's `nc -l`, a server started by
    // hand); the grader's command on the same host still runs, as in a second SSH session.
    const char* busy_lab =
        R"({"format": "wirelab-lab/1", "id": "busy", "title": "Busy", "instructions": "",
      "budget": {"time": "5s", "events": 200000, "settle": "1s"},
      "scenario": {"devices": [
        {"name": "pc1", "type": "host", "interfaces": [{"name": "eth0", "ipv4": ["10.0.0.1/24"]}]},
        {"name": "pc2", "type": "host", "interfaces": [{"name": "eth0", "ipv4": ["10.0.0.2/24"]}]}],
        "links": [{"a": "pc1:eth0", "b": "pc2:eth0"}],
        "script": [{"at": "1s", "on": "pc1", "run": "ping 10.0.0.2"}]},
      "checks": [
        {"id": "ping", "kind": "command", "points": 1, "description": "pc1 pings pc2", "on": "pc1",
         "run": "ping -c 1 10.0.0.2", "at": "2s", "output_matches": "1 received"}]})";
    Lab lab = load(busy_lab);
    LabVariant v = variant(lab, "");
    GradeReport r = grade_scenario(lab, v, v.scenario);
    INFO(r.checks[0].detail);
    CHECK(r.checks[0].passed);
    CHECK(r.score == 1);
}

TEST_CASE("lab grading: reports are identical byte for byte when graded again",
          "[sim][lab][grade][determinism]")
{
    Lab lab = load(read_file(source("site/labs/tcp-vs-udp.lab.json")));
    LabVariant v = variant(lab, "alice");
    std::vector<GradeReport> first, second;
    for (const char* f :
         {"solution.json", "wrong-udp-for-files.json", "wrong-tcp-for-video.json"}) {
        std::string text =
            fill_template(v, read_file(source("tests/labs/tcp-vs-udp/") + f)).value();
        first.push_back(grade_text(lab, v, text, f));
        second.push_back(grade_text(lab, v, text, f));
    }
    CHECK(format_reports_json(lab, first) == format_reports_json(lab, second));
    CHECK(format_csv(lab, first) == format_csv(lab, second));
    CHECK(format_report(first[1], 9) == format_report(second[1], 9));
    CHECK(format_csv(lab, first) ==
          "submission,student,files-tcp,video-udp,file-arrives,stream-loses,handshake,total,max\r\n"
          "solution.json,alice,2,2,3,2,1,10,10\r\n"
          "wrong-udp-for-files.json,alice,0,2,0,2,0,4,10\r\n"
          "wrong-tcp-for-video.json,alice,2,0,3,0,1,6,10\r\n");
}

TEST_CASE("lab reports: CSV quoting and formula-looking text stay inert", "[sim][lab][report]")
{
    Lab lab = load(kMiniLab);
    GradeReport r;
    r.submission = "hand-ins/a,b \"c\".json";
    r.student = "=HYPERLINK(\"x\")";
    r.max_score = 5;
    CHECK(format_csv(lab, {r}) ==
          "submission,student,addr,ping,total,max\r\n"
          "\"hand-ins/a,b \"\"c\"\".json\",\"'=HYPERLINK(\"\"x\"\")\",0,0,0,5\r\n");
}
