// Lab check kinds for DHCP: "a DHCP pool covers a range" (dhcp-pool) and "a DHCP client obtains a
// lease in a prefix" (address with "source": "dhcp" / "static"), from their loader errors to what
// they report on a network that is run; and the literal "{{{{" that lets a lab carry the web
// server's own {{templates}}.
#include "sim/lab.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace wirelab;
using namespace wirelab::sim;
using J = nlohmann::ordered_json;

namespace {

// r1 serves 192.168.7.100-199 with itself as gateway; pc1 takes a lease, pc2 is typed in at .150
// (inside the pool: the mistake the excludes check is for).
const char* const kDhcpLab = R"({
  "format": "wirelab-lab/1", "id": "dhcp-mini", "title": "DHCP", "instructions": "",
  "budget": {"time": "10s", "events": 200000, "settle": "3s"},
  "scenario": {
    "devices": [
      {"name": "r1", "type": "router", "interfaces": [{"name": "eth0", "ipv4": ["192.168.7.1/24"]}],
       "services": {"dhcp": {"pools": [{"subnet": "192.168.7.0/24", "range": "192.168.7.100-192.168.7.199",
                                        "router": "192.168.7.1"}]}}},
      {"name": "sw1", "type": "switch", "ports": 4},
      {"name": "pc1", "type": "host", "interfaces": [{"name": "eth0", "dhcp": true}]},
      {"name": "pc2", "type": "host", "interfaces": [{"name": "eth0", "ipv4": ["192.168.7.150/24"]}]}
    ],
    "links": [{"a": "r1:eth0", "b": "sw1:port1"}, {"a": "pc1:eth0", "b": "sw1:port2"}, {"a": "pc2:eth0", "b": "sw1:port3"}]
  },
  "checks": [
    {"id": "covers", "kind": "dhcp-pool", "points": 1, "description": "d", "device": "r1", "covers": "192.168.7.100-192.168.7.199"},
    {"id": "covers-more", "kind": "dhcp-pool", "points": 1, "description": "d", "device": "r1", "covers": "192.168.7.50-192.168.7.150"},
    {"id": "excludes-10", "kind": "dhcp-pool", "points": 1, "description": "d", "device": "r1", "excludes": ["192.168.7.10", "192.168.7.1"]},
    {"id": "excludes-pc2", "kind": "dhcp-pool", "points": 1, "description": "d", "device": "r1", "excludes": "192.168.7.150"},
    {"id": "no-server", "kind": "dhcp-pool", "points": 1, "description": "d", "device": "pc2", "covers": "192.168.7.100"},
    {"id": "pc1-lease", "kind": "address", "points": 1, "description": "d", "device": "pc1", "in": "192.168.7.0/24", "length": 24, "source": "dhcp"},
    {"id": "pc1-static", "kind": "address", "points": 1, "description": "d", "device": "pc1", "in": "192.168.7.0/24", "source": "static"},
    {"id": "pc2-lease", "kind": "address", "points": 1, "description": "d", "device": "pc2", "interface": "eth0", "in": "192.168.7.0/24", "source": "dhcp"},
    {"id": "pc2-static", "kind": "address", "points": 1, "description": "d", "device": "pc2", "in": "192.168.7.150", "source": "static"},
    {"id": "pc1-gateway", "kind": "route", "points": 1, "description": "d", "device": "pc1", "to": "default", "via": "192.168.7.1"}
  ]
})";

std::vector<std::string> errors_with(const char* check_json)
{
    J doc = J::parse(kDhcpLab);
    doc["checks"] = J::array({J::parse(check_json)});
    auto r = load_lab(doc.dump());
    std::vector<std::string> out;
    if (!r)
        for (const Diagnostic& d : r.error()) out.push_back(d.to_string());
    return out;
}

} // namespace

TEST_CASE("lab dhcp checks: pools, leases and static addresses of a run network",
          "[sim][lab][dhcp]")
{
    Lab lab = load_lab(kDhcpLab).value();
    LabVariant v = make_variant(lab, "anyone").value();
    GradeReport r = grade_scenario(lab, v, v.scenario);
    REQUIRE(r.errors.empty());
    std::map<std::string, const CheckResult*> by_id;
    for (const CheckResult& c : r.checks) by_id[c.id] = &c;
    auto passed = [&](const char* id) { return by_id.at(id)->passed; };
    auto detail = [&](const char* id) { return by_id.at(id)->detail; };

    CHECK(passed("covers"));
    CHECK(detail("covers") ==
          "r1's DHCP server hands out 192.168.7.100-192.168.7.199 (pool of 192.168.7.0/24)");
    CHECK_FALSE(passed("covers-more"));
    CHECK(detail("covers-more") ==
          "r1's DHCP server hands out 192.168.7.100-192.168.7.199 (pool of 192.168.7.0/24): "
          "not all of 192.168.7.50-192.168.7.150");
    CHECK(passed("excludes-10"));
    CHECK(detail("excludes-10") == "r1's DHCP server hands out 192.168.7.100-192.168.7.199 (pool "
                                   "of 192.168.7.0/24), not 192.168.7.10, 192.168.7.1");
    CHECK_FALSE(passed("excludes-pc2"));
    CHECK(detail("excludes-pc2") == "r1 hands out 192.168.7.100-192.168.7.199 (pool of "
                                    "192.168.7.0/24), which includes 192.168.7.150");
    CHECK_FALSE(passed("no-server"));
    CHECK(detail("no-server") == "pc2 runs no DHCP server (add \"dhcp\" to its services)");

    // pc1's address is its lease (the first of the pool), pc2's is typed in.
    CHECK(passed("pc1-lease"));
    CHECK(detail("pc1-lease") == "pc1 has 192.168.7.100/24 on eth0, leased by DHCP");
    CHECK_FALSE(passed("pc1-static"));
    CHECK(detail("pc1-static") == "pc1 has 192.168.7.100/24 on eth0, but it is leased by DHCP");
    CHECK_FALSE(passed("pc2-lease"));
    CHECK(detail("pc2-lease") == "pc2 eth0 has 192.168.7.150/24, but it is a static address (not "
                                 "from a DHCP lease); it should come from a DHCP lease");
    CHECK(passed("pc2-static"));
    CHECK(passed("pc1-gateway"));
    CHECK(r.score == 5);

    // Without the server, pc1 never gets a lease.
    Scenario no_server = v.scenario;
    no_server.devices[0].services = nullptr;
    GradeReport none = grade_scenario(lab, v, no_server);
    CHECK_FALSE(none.checks[5].passed);
    CHECK(none.checks[5].detail == "pc1 has no IPv4 address");
    CHECK(none.checks[0].detail == "r1 runs no DHCP server (add \"dhcp\" to its services)");
}

TEST_CASE("lab dhcp checks: loader errors name the place", "[sim][lab][dhcp][load]")
{
    CHECK(
        errors_with(
            R"({"id": "p", "kind": "dhcp-pool", "points": 1, "description": "d", "device": "r1"})") ==
        std::vector<std::string>{"checks[0]: missing \"covers\" (a range the pool must hand out) "
                                 "or \"excludes\" (addresses it must not)"});
    CHECK(errors_with(
              R"({"id": "p", "kind": "dhcp-pool", "points": 1, "description": "d", "device": "r1",
                          "covers": "192.168.7.200-192.168.7.100"})") ==
          std::vector<std::string>{"checks[0].covers: \"192.168.7.200-192.168.7.100\": the last "
                                   "address comes before the first"});
    CHECK(errors_with(
              R"({"id": "p", "kind": "dhcp-pool", "points": 1, "description": "d", "device": "r1",
                          "excludes": ["192.168.7.10", "10.0.0.0/8"]})") ==
          std::vector<std::string>{
              "checks[0].excludes[1]: \"10.0.0.0/8\" is not an IPv4 range: write \"first-last\" "
              "(\"192.168.1.100-192.168.1.199\") or one address"});
    CHECK(
        errors_with(
            R"({"id": "p", "kind": "dhcp-pool", "points": 1, "description": "d", "device": "sw1", "covers": 5})") ==
        std::vector<std::string>{
            "checks[0].device: \"sw1\" is a switch; this check needs a host or a router",
            "checks[0].covers: expected an IPv4 range \"192.168.1.100-192.168.1.199\" or one "
            "address, got the number 5"});
    CHECK(errors_with(
              R"({"id": "a", "kind": "address", "points": 1, "description": "d", "device": "pc1",
                          "in": "192.168.7.0/24", "source": "dchp"})") ==
          std::vector<std::string>{
              "checks[0].source: \"dchp\" is not an address source: write \"dhcp\" (a DHCP lease), "
              "\"static\" (not from DHCP) or \"any\""});
    CHECK(errors_with(
              R"({"id": "a", "kind": "address", "points": 1, "description": "d", "device": "pc1",
                          "in": "2001:db8::/64", "source": "dhcp"})") ==
          std::vector<std::string>{"checks[0].source: \"dhcp\" and \"static\" are for IPv4 "
                                   "addresses (Wirelab has no DHCPv6)"});
    CHECK(errors_with(
              R"({"id": "a", "kind": "address", "points": 1, "description": "d", "device": "pc1",
                          "in": "192.168.7.0/24", "source": "any"})")
              .empty());
}

TEST_CASE("lab placeholders: {{{{ is a literal {{ for the web server's templates",
          "[sim][lab][template]")
{
    Lab lab = load_lab(kDhcpLab).value();
    LabVariant v = make_variant(lab, "ada").value();
    auto filled = fill_template(
        v, R"({"body": "<p>Hello, {{{{query.name}}! I am {{student}}.</p>", "n": "{{{{x}}"})");
    REQUIRE(filled.ok());
    J doc = J::parse(*filled);
    CHECK(doc["body"] == "<p>Hello, {{query.name}}! I am ada.</p>");
    CHECK(doc["n"] == "{{x}}");
    // Anything else between braces is still a lab placeholder.
    CHECK_FALSE(fill_template(v, R"({"body": "{{query.name}}"})").ok());
}
