// Scenario files with DHCP and DNS: interfaces set to DHCP, a device's resolver settings, the
// "dhcp", "dhcp-relay" and "dns" services — canonical save, every error at its JSON path, and a
// built network where the DHCP client and the resolver settings are in place.
#include "core/host/dns_stub.h"
#include "core/services/dhcp/dhcp_client.h"
#include "sim/scenario.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::sim;

namespace {

constexpr std::string_view kDoc = R"({
  "format": "wirelab/1",
  "seed": 1,
  "devices": [
    {
      "name": "pc",
      "type": "host",
      "interfaces": [
        {"name": "eth0", "dhcp": true}
      ],
      "dns": ["10.0.0.53", "10.0.0.54"],
      "search": "lab",
      "hosts": {"www.lab": "10.0.0.80", "dual.lab": ["10.0.0.81", "fd00::81"]}
    },
    {
      "name": "r1",
      "type": "router",
      "interfaces": [
        {"name": "eth0", "ipv4": ["192.168.1.1/24"]}
      ],
      "services": {
        "dhcp": {
          "pools": [
            {"subnet": "192.168.1.0/24", "range": "192.168.1.100-192.168.1.199", "router": "192.168.1.1", "lease": 600}
          ]
        },
        "dns": {"recursion": true, "root_hints": {"a.root.lab": "10.0.0.2"}}
      }
    }
  ],
  "links": [
    {"a": "pc:eth0", "b": "r1:eth0"}
  ],
  "script": []
}
)";

std::string mutate(std::string_view base, std::string_view from, std::string_view to)
{
    std::string s(base);
    size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
    return s;
}

std::vector<std::string> problems(const std::string& doc)
{
    std::vector<Diagnostic> warnings;
    auto s = load_scenario(doc, &warnings);
    std::vector<std::string> out;
    if (!s)
        for (const Diagnostic& d : s.error()) out.push_back(d.to_string());
    for (const Diagnostic& d : warnings) out.push_back(d.to_string());
    return out;
}

} // namespace

TEST_CASE("scenario: DHCP interfaces and resolver settings load, save canonically and build",
          "[sim][dhcp][dns]")
{
    auto s = load_scenario(kDoc);
    REQUIRE(s.ok());
    const DeviceSpec& pc = s->devices[0];
    CHECK(pc.interfaces[0].dhcp);
    CHECK(pc.dns == std::vector<wire::IpAddr>{wire::IpAddr::parse("10.0.0.53").value(),
                                              wire::IpAddr::parse("10.0.0.54").value()});
    CHECK(pc.search == std::vector<std::string>{"lab"});
    REQUIRE(pc.hosts.size() == 2);
    CHECK(pc.hosts[1].name == "dual.lab");
    CHECK(pc.hosts[1].addrs.size() == 2);
    std::string saved = save_scenario(*s);
    CHECK(saved.find(R"({"name": "eth0", "dhcp": true})") != std::string::npos);
    CHECK(saved.find(R"("dns": ["10.0.0.53", "10.0.0.54"],)") != std::string::npos);
    CHECK(saved.find(R"("search": "lab",)") != std::string::npos);
    CHECK(
        saved.find(R"("hosts": {"www.lab": "10.0.0.80", "dual.lab": ["10.0.0.81", "fd00::81"]})") !=
        std::string::npos);
    auto again = load_scenario(saved);
    REQUIRE(again.ok());
    CHECK(*again == *s);
    CHECK(save_scenario(*again) == saved);

    auto built = build_scenario(*s);
    REQUIRE(built.ok());
    auto& node = static_cast<net::IpNode&>(built->network->node(built->nodes.at("pc")));
    app::DnsStub& stub = app::DnsStub::of(node);
    CHECK(stub.resolv_conf() == "search lab\nnameserver 10.0.0.53\nnameserver 10.0.0.54\n");
    CHECK(stub.find_host("DUAL.lab", app::AddressFamily::V6) ==
          wire::IpAddr::parse("fd00::81").value());
    built->network->run_until(SimTime::from_s(1));
    CHECK(app::DhcpClient::of(node).state(0) == app::DhcpState::Bound);
    CHECK(node.iface(0).ipv4.size() == 1);
    CHECK(stub.servers().size() == 2); // the lease gave none: the static ones stay
}

TEST_CASE("scenario: mistakes in DHCP and resolver settings are named at their paths",
          "[sim][dhcp][dns]")
{
    CHECK(problems(mutate(kDoc, R"({"name": "eth0", "dhcp": true})",
                          R"({"name": "eth0", "dhcp": true, "ipv4": "192.168.1.5/24"})")) ==
          std::vector<std::string>{
              "devices[0].interfaces[0].dhcp: an interface with \"dhcp\": true gets its IPv4 "
              "address from a DHCP server; remove \"ipv4\" or \"dhcp\""});
    CHECK(problems(mutate(kDoc, R"("10.0.0.54"])", R"("10.0.0.540"])")) ==
          std::vector<std::string>{"devices[0].dns[1]: \"10.0.0.540\" is not an IPv4 address: "
                                   "octet 4 is 540, must be 0-255"});
    CHECK(problems(mutate(kDoc, R"("search": "lab")", R"("search": "a..b")")) ==
          std::vector<std::string>{"devices[0].search: \"a..b\" is not a domain name: dns name: "
                                   "label 2 is empty (two dots "
                                   "in a row, or a leading dot)"});
    CHECK(problems(mutate(kDoc, R"("range": "192.168.1.100-192.168.1.199")",
                          R"("range": "192.168.1.100-192.168.2.9")")) ==
          std::vector<std::string>{"devices[1].services.dhcp.pools[0].range: 192.168.2.9 is not in "
                                   "the subnet 192.168.1.0/24"});
    CHECK(problems(mutate(kDoc, R"("lease": 600)", R"("lease": 600, "gateway": "192.168.1.1")")) ==
          std::vector<std::string>{
              "devices[1].services.dhcp.pools[0].gateway: unknown setting \"gateway\" (known: "
              "subnet, range, router, dns, domain, lease)"});
    CHECK(problems(mutate(kDoc, R"("router": "192.168.1.1")", R"("router": "10.0.0.1")")) ==
          std::vector<std::string>{
              "devices[1].services.dhcp.pools[0].router: 10.0.0.1 is not in 192.168.1.0/24; "
              "clients can only use a router on their own subnet"});
    CHECK(
        problems(mutate(kDoc, R"(, "root_hints": {"a.root.lab": "10.0.0.2"})", "")) ==
        std::vector<std::string>{
            "devices[1].services.dns.recursion: a recursive server needs somewhere to start: add "
            "\"root_hints\" ({\"a.root.lab\": \"10.0.0.2\"}) or \"forwarders\" ([\"10.0.0.53\"])"});
    CHECK(
        problems(mutate(
            kDoc, R"("dns": {"recursion": true, "root_hints": {"a.root.lab": "10.0.0.2"}})",
            R"("dns": {"zones": [{"origin": "lab", "records": ["www A 10.0.0.1", "mail MX ten mx"]}]})")) ==
        std::vector<std::string>{"devices[1].services.dns.zones[0].records[1]: \"ten\" is not an "
                                 "MX preference (0 to 65535)"});
    CHECK(
        problems(mutate(kDoc,
                        R"("dns": {"recursion": true, "root_hints": {"a.root.lab": "10.0.0.2"}})",
                        R"("dhcp-relay": {"servers": ["10.0.0.67"]})")) ==
        std::vector<std::string>{
            "devices[1].services.dhcp: r1 cannot run a DHCP server and a DHCP relay: both use UDP "
            "port 67; keep one"});
    // The server's own address inside the range is fine: it never hands it out.
    CHECK(problems(mutate(kDoc, R"("range": "192.168.1.100-192.168.1.199")",
                          R"("range": "192.168.1.1-192.168.1.199")"))
              .empty());
    // Suspicious but buildable: a pool for a subnet the server is not on, and no relay.
    CHECK(
        problems(mutate(
            kDoc,
            R"({"subnet": "192.168.1.0/24", "range": "192.168.1.100-192.168.1.199", "router": "192.168.1.1",)",
            R"({"subnet": "10.9.0.0/24", "range": "10.9.0.100-10.9.0.199", "router": "10.9.0.1",)")) ==
        std::vector<std::string>{
            "warning: devices[1].services.dhcp.pools[0].subnet: r1 has no interface in 10.9.0.0/24 "
            "and no router relays DHCP; add \"dhcp-relay\" on the router of that subnet"});
}
