// `wirelab cidr` and `wirelab ports` through run_cli, as a user runs them: exact output lines,
// JSON shape, and exit codes (0 ok, 1 bad input, 2 usage).
#include "sim/cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

using wirelab::sim::CliOutput;
using wirelab::sim::run_cli;

namespace {

struct Run {
    int rc;
    std::string out;
    std::string err;
};

Run run(std::vector<std::string> args)
{
    CliOutput io;
    int rc = run_cli(args, io);
    return {rc, io.out, io.err};
}

} // namespace

TEST_CASE("cidr 192.168.5/24 prints the ipcalc table", "[sim][cli][cidr]")
{
    Run r = run({"cidr", "192.168.5/24"});
    CHECK(r.rc == 0);
    CHECK(r.err.empty());
    CHECK(r.out == "Address:        192.168.5.0\n"
                   "Network:        192.168.5.0/24\n"
                   "Netmask:        255.255.255.0 = 24\n"
                   "Wildcard:       0.0.0.255\n"
                   "Broadcast:      192.168.5.255\n"
                   "First host:     192.168.5.1\n"
                   "Last host:      192.168.5.254\n"
                   "Hosts:          254\n"
                   "Address space:  private (RFC 1918)\n");
}

TEST_CASE("cidr shows host bits, /31, IPv6 and subnets", "[sim][cli][cidr]")
{
    Run host = run({"cidr", "10.1.2.3/8"});
    CHECK(host.rc == 0);
    CHECK(host.out.find("Network:        10.0.0.0/8\n") != std::string::npos);
    CHECK(host.out.find("Note:           host bits are set: 10.1.2.3 is a host in 10.0.0.0/8") !=
          std::string::npos);

    Run p2p = run({"cidr", "10.0.0.0/31"});
    CHECK(p2p.out.find("Broadcast:      none (point-to-point link, RFC 3021)\n") !=
          std::string::npos);
    CHECK(p2p.out.find("Hosts:          2\n") != std::string::npos);

    Run v6 = run({"cidr", "2001:0db8:85a3:0000:0000:8a2e:0370:f928/64"});
    CHECK(v6.rc == 0);
    CHECK(v6.out ==
          "Address:        2001:db8:85a3::8a2e:370:f928\n"
          "Expanded:       2001:0db8:85a3:0000:0000:8a2e:0370:f928\n"
          "Network:        2001:db8:85a3::/64\n"
          "Prefix length:  64\n"
          "First address:  2001:db8:85a3::\n"
          "Last address:   2001:db8:85a3:0:ffff:ffff:ffff:ffff\n"
          "Addresses:      2^64\n"
          "Address space:  documentation (RFC 3849)\n"
          "Note:           host bits are set: 2001:db8:85a3::8a2e:370:f928 is an address in "
          "2001:db8:85a3::/64, not the network prefix\n");

    Run split = run({"cidr", "192.168.0.0/24", "--split", "4"});
    CHECK(split.rc == 0);
    CHECK(split.out.find("Subnets (4):\n  192.168.0.0/26\n  192.168.0.64/26\n  192.168.0.128/26\n"
                         "  192.168.0.192/26\n") != std::string::npos);
    Run split3 = run({"cidr", "192.168.0.0/24", "--split=3"});
    CHECK(split3.rc == 1);
    CHECK(split3.err ==
          "wirelab cidr: cannot split 192.168.0.0/24 into 3 subnets: equal subnets come "
          "in powers of two; use 4 and leave the extra ones unused\n");
}

TEST_CASE("cidr --json is one object keyed by row", "[sim][cli][cidr]")
{
    Run r = run({"cidr", "--json", "192.168.5/24"});
    REQUIRE(r.rc == 0);
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    REQUIRE(j.is_object());
    CHECK(*j["network"].get_ptr<const std::string*>() == "192.168.5.0/24");
    CHECK(*j["netmask"].get_ptr<const std::string*>() == "255.255.255.0 = 24");
    CHECK(*j["broadcast"].get_ptr<const std::string*>() == "192.168.5.255");
    CHECK(*j["hosts"].get_ptr<const std::string*>() == "254");
    CHECK(j.size() == 9);
    // Keys come out in row order, not sorted.
    CHECK(r.out.rfind("{\n  \"address\": \"192.168.5.0\",\n  \"network\"", 0) == 0);

    Run s = run({"cidr", "10.0.0.0/30", "--json", "--split", "2"});
    auto js = nlohmann::json::parse(s.out, nullptr, false);
    REQUIRE(js.contains("subnets"));
    CHECK(js["subnets"].size() == 2);
}

TEST_CASE("cidr errors: bad prefix exits 1, usage problems exit 2", "[sim][cli][cidr]")
{
    Run bad = run({"cidr", "192.168.0.300/24"});
    CHECK(bad.rc == 1);
    CHECK(bad.out.empty());
    CHECK(bad.err == "wirelab cidr: \"192.168.0.300/24\" is not an IPv4 prefix: octet 4 is 300, "
                     "must be 0-255\n");
    CHECK(run({"cidr", "10.0.0.0/33"}).rc == 1);
    CHECK(run({"cidr", "2001:db8::/129"}).rc == 1);

    Run missing = run({"cidr"});
    CHECK(missing.rc == 2);
    CHECK(missing.err == "wirelab cidr: missing PREFIX, e.g. 192.168.5.0/24\n"
                         "usage: wirelab cidr PREFIX [--json] [--split N]\n");
    Run unknown = run({"cidr", "--frob", "10.0.0.0/8"});
    CHECK(unknown.rc == 2);
    CHECK(unknown.err.rfind("wirelab cidr: unknown option '--frob'\n", 0) == 0);
    CHECK(run({"cidr", "10.0.0.0/8", "10.0.0.0/16"}).rc == 2);
    CHECK(run({"cidr", "10.0.0.0/8", "--split"}).rc == 2);
    CHECK(run({"cidr", "10.0.0.0/8", "--split", "x"}).rc == 2);

    Run help = run({"cidr", "--help"});
    CHECK(help.rc == 0);
    CHECK(help.out.rfind("usage: wirelab cidr PREFIX", 0) == 0);
    CHECK(help.out.find("wirelab cidr 192.168.5/24") != std::string::npos);
}

TEST_CASE("ports lists the course notes' table", "[sim][cli][ports]")
{
    Run r = run({"ports"});
    CHECK(r.rc == 0);
    CHECK(r.out.rfind("Port  Transport  Service  Description\n"
                      "7     TCP, UDP   Echo     ",
                      0) == 0);
    CHECK(r.out.find("\n443   TCP        HTTPS    Secure web page transfer\n") !=
          std::string::npos);
    CHECK(r.out.find("\n53    UDP, TCP   DNS      Translates domain names to IP addresses\n") !=
          std::string::npos);
    CHECK(r.out.find("\n3389  TCP, UDP   RDP      Remote Desktop access\n") != std::string::npos);
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 13); // header + 12 services
}

TEST_CASE("ports looks up one port by number or by name", "[sim][cli][ports]")
{
    const std::string https = "Port  Transport  Service  Description\n"
                              "443   TCP        HTTPS    Secure web page transfer\n"
                              "Range: well-known range (0-1023)\n";
    CHECK(run({"ports", "443"}).out == https);
    CHECK(run({"ports", "https"}).out == https);
    CHECK(run({"ports", "HTTPS"}).out == https);
    CHECK(run({"ports", "pop3"}).out.find("110   TCP        POP3") != std::string::npos);

    Run eph = run({"ports", "54711"});
    CHECK(eph.rc == 0);
    CHECK(eph.out ==
          "54711: not a well-known service port; dynamic/ephemeral range (49152-65535): "
          "never assigned to a service; the operating system picks one of these for the "
          "client's side of a TCP or UDP conversation (for example a browser connecting "
          "from port 54711 to a web server's port 443) and frees it when the conversation "
          "ends\n");
    CHECK(run({"ports", "8080"})
              .out.rfind("8080: not a well-known service port; registered range "
                         "(1024-49151): ",
                         0) == 0);
    CHECK(run({"ports", "111"})
              .out.rfind("111: not in the course notes' port table; well-known "
                         "range (0-1023): ",
                         0) == 0);
}

TEST_CASE("ports errors and JSON", "[sim][cli][ports]")
{
    Run big = run({"ports", "70000"});
    CHECK(big.rc == 1);
    CHECK(big.err == "wirelab ports: 70000 is not a port number (ports are 0-65535)\n");
    Run nosuch = run({"ports", "nosuch"});
    CHECK(nosuch.rc == 1);
    CHECK(nosuch.err ==
          "wirelab ports: no service named \"nosuch\" in the table (run 'wirelab ports' "
          "to list it)\n");
    CHECK(run({"ports", "1", "2"}).rc == 2);
    CHECK(run({"ports", "--x"}).rc == 2);
    CHECK(run({"ports", "-h"}).rc == 0);

    auto all = nlohmann::json::parse(run({"ports", "--json"}).out, nullptr, false);
    REQUIRE(all.is_array());
    CHECK(all.size() == 12);
    auto dns = nlohmann::json::parse(run({"ports", "53", "--json"}).out, nullptr, false);
    REQUIRE(dns.is_object());
    CHECK(*dns["service"].get_ptr<const std::string*>() == "DNS");
    CHECK(*dns["udp"].get_ptr<const bool*>() == true);
    CHECK(*dns["tcp"].get_ptr<const bool*>() == true);
    auto eph = nlohmann::json::parse(run({"ports", "54711", "--json"}).out, nullptr, false);
    REQUIRE(eph.is_object());
    CHECK(eph["service"].is_null());
    CHECK(*eph["range"].get_ptr<const std::string*>() == "dynamic/ephemeral range (49152-65535)");
}
