// Ipv4Prefix / Ipv6Prefix / IpAddr / IpPrefix: parsing (with exact errors), ipcalc arithmetic
// including /31 /32 /127 /128, subnetting, range classes, and describe_cidr().
#include "core/inspect/cidr_report.h"
#include "core/wire/ip_prefix.h"

#include <catch2/catch.hpp>

using namespace wirelab::wire;

namespace {

struct Bad {
    const char* text;
    const char* message;
};

Ipv4Prefix p4(const char* s)
{
    return Ipv4Prefix::parse(s).value();
}
Ipv6Prefix p6(const char* s)
{
    return Ipv6Prefix::parse(s).value();
}

} // namespace

TEST_CASE("IPv4 prefixes parse, keep the address as written, and accept 192.168.5/24",
          "[wire][prefix]")
{
    struct Good {
        const char* text;
        const char* addr;
        unsigned len;
    };
    const Good good[] = {
        {"192.168.5/24", "192.168.5.0", 24}, // course notes' abbreviated form
        {"127.0.0.0/8", "127.0.0.0", 8},     // course notes
        {"10.1.2.3/8", "10.1.2.3", 8},       // host bits kept
        {"0.0.0.0/0", "0.0.0.0", 0},         {"10/8", "10.0.0.0", 8},
        {"172.16/12", "172.16.0.0", 12},     {"1.2.3.4/32", "1.2.3.4", 32},
        {"10.0.0.0/024", "10.0.0.0", 24},
    };
    for (const Good& g : good) {
        CAPTURE(g.text);
        auto p = Ipv4Prefix::parse(g.text);
        REQUIRE(p.ok());
        CHECK(p->addr.to_string() == g.addr);
        CHECK(p->len == g.len);
    }
    CHECK(p4("10.1.2.3/8").to_string() == "10.1.2.3/8");
    CHECK(p4("192.168.5/24").to_string() == "192.168.5.0/24");
}

TEST_CASE("IPv4 prefix errors say what the text was and what is wrong", "[wire][prefix]")
{
    const Bad bad[] = {
        {"10.0.0.300/24", "\"10.0.0.300/24\" is not an IPv4 prefix: octet 4 is 300, must be 0-255"},
        {"10.0.0.0/33",
         "\"10.0.0.0/33\" is not an IPv4 prefix: prefix length 33 is out of range 0-32"},
        {"10.0.0.0/99999999999", "\"10.0.0.0/99999999999\" is not an IPv4 prefix: prefix length "
                                 "99999999999 is out of range 0-32"},
        {"10.0.0.0", "\"10.0.0.0\" is not an IPv4 prefix: missing \"/length\""},
        {"10.0.0.0/", "\"10.0.0.0/\" is not an IPv4 prefix: missing prefix length after \"/\""},
        {"10.0.0.0/a",
         "\"10.0.0.0/a\" is not an IPv4 prefix: prefix length \"a\" is not a decimal number"},
        {"10.0.0.0/-1",
         "\"10.0.0.0/-1\" is not an IPv4 prefix: prefix length \"-1\" is not a decimal number"},
        {"10.0.0.0/24/8",
         "\"10.0.0.0/24/8\" is not an IPv4 prefix: prefix length \"24/8\" is not a decimal number"},
        {"/24", "\"/24\" is not an IPv4 prefix: address is empty"},
        {"1.2.3.4.5/8", "\"1.2.3.4.5/8\" is not an IPv4 prefix: expected 1 to 4 octets, found 5"},
        {"10.01/16",
         "\"10.01/16\" is not an IPv4 prefix: octet 2 \"01\" has a leading zero (ambiguous octal)"},
    };
    for (const Bad& b : bad) {
        CAPTURE(b.text);
        auto p = Ipv4Prefix::parse(b.text);
        REQUIRE_FALSE(p.ok());
        CHECK(p.error().message == b.message);
    }
}

TEST_CASE("IPv6 prefixes parse and report errors", "[wire][prefix]")
{
    CHECK(p6("2001:db8::/32").to_string() == "2001:db8::/32");
    CHECK(p6("2001:0DB8::1/64").to_string() == "2001:db8::1/64");
    CHECK(p6("::/0").len == 0);
    CHECK(p6("::1/128").addr.is_loopback());
    const Bad bad[] = {
        {"2001:db8::/129",
         "\"2001:db8::/129\" is not an IPv6 prefix: prefix length 129 is out of range 0-128"},
        {"2001:db8::", "\"2001:db8::\" is not an IPv6 prefix: missing \"/length\""},
        {"2001:db8:::/32", "\"2001:db8:::/32\" is not an IPv6 prefix: \":::\" is not valid; \"::\" "
                           "stands for one or more zero groups"},
        {"2001:db8::x/32",
         "\"2001:db8::x/32\" is not an IPv6 prefix: group 3 \"x\" is not hexadecimal"},
    };
    for (const Bad& b : bad) {
        CAPTURE(b.text);
        auto p = Ipv6Prefix::parse(b.text);
        REQUIRE_FALSE(p.ok());
        CHECK(p.error().message == b.message);
    }
}

TEST_CASE("IPv4 prefix arithmetic matches ipcalc, with RFC 3021 /31 and /32", "[wire][prefix]")
{
    struct Row {
        const char* prefix;
        const char* network;
        const char* netmask;
        const char* wildcard;
        const char* broadcast;
        const char* first;
        const char* last;
        uint64_t hosts;
        bool has_broadcast;
    };
    const Row rows[] = {
        {"192.168.5/24", "192.168.5.0", "255.255.255.0", "0.0.0.255", "192.168.5.255",
         "192.168.5.1", "192.168.5.254", 254, true},
        {"10.1.2.3/8", "10.0.0.0", "255.0.0.0", "0.255.255.255", "10.255.255.255", "10.0.0.1",
         "10.255.255.254", 16777214, true},
        {"172.16.5.4/20", "172.16.0.0", "255.255.240.0", "0.0.15.255", "172.16.15.255",
         "172.16.0.1", "172.16.15.254", 4094, true},
        {"127.0.0.0/8", "127.0.0.0", "255.0.0.0", "0.255.255.255", "127.255.255.255", "127.0.0.1",
         "127.255.255.254", 16777214, true},
        {"192.0.2.0/30", "192.0.2.0", "255.255.255.252", "0.0.0.3", "192.0.2.3", "192.0.2.1",
         "192.0.2.2", 2, true},
        {"10.0.0.1/31", "10.0.0.0", "255.255.255.254", "0.0.0.1", "10.0.0.1", "10.0.0.0",
         "10.0.0.1", 2, false},
        {"10.0.0.5/32", "10.0.0.5", "255.255.255.255", "0.0.0.0", "10.0.0.5", "10.0.0.5",
         "10.0.0.5", 1, false},
        {"0.0.0.0/0", "0.0.0.0", "0.0.0.0", "255.255.255.255", "255.255.255.255", "0.0.0.1",
         "255.255.255.254", 4294967294ull, true},
    };
    for (const Row& r : rows) {
        CAPTURE(r.prefix);
        Ipv4Prefix p = p4(r.prefix);
        CHECK(p.network().to_string() == r.network);
        CHECK(p.netmask().to_string() == r.netmask);
        CHECK(p.wildcard().to_string() == r.wildcard);
        CHECK(p.broadcast().to_string() == r.broadcast);
        CHECK(p.first_host().to_string() == r.first);
        CHECK(p.last_host().to_string() == r.last);
        CHECK(p.host_count() == r.hosts);
        CHECK(p.has_broadcast() == r.has_broadcast);
    }
    CHECK(p4("10.1.2.3/8").is_host_bits_set());
    CHECK_FALSE(p4("10.0.0.0/8").is_host_bits_set());
    CHECK(p4("10.1.2.3/8").canonical().to_string() == "10.0.0.0/8");
    CHECK(p4("0.0.0.0/0").address_count() == 4294967296ull);
}

TEST_CASE("IPv4 containment", "[wire][prefix]")
{
    auto a = [](const char* s) { return Ipv4Addr::parse(s).value(); };
    CHECK(p4("10.0.0.0/8").contains(a("10.255.255.255")));
    CHECK_FALSE(p4("10.0.0.0/8").contains(a("11.0.0.0")));
    CHECK(p4("10.1.2.3/8").contains(a("10.9.9.9"))); // host bits ignored
    CHECK(p4("0.0.0.0/0").contains(a("203.0.113.9")));
    CHECK(p4("1.2.3.4/32").contains(a("1.2.3.4")));
    CHECK_FALSE(p4("1.2.3.4/32").contains(a("1.2.3.5")));
    CHECK(p4("10.0.0.0/8").contains(p4("10.1.0.0/16")));
    CHECK_FALSE(p4("10.1.0.0/16").contains(p4("10.0.0.0/8")));
    CHECK(p4("10.0.0.0/8").contains(p4("10.1.2.3/8")));
    CHECK_FALSE(p4("10.0.0.0/8").contains(p4("11.0.0.0/16")));
}

TEST_CASE("netmask to prefix length", "[wire][prefix]")
{
    auto a = [](const char* s) { return Ipv4Addr::parse(s).value(); };
    CHECK(Ipv4Prefix::from_netmask(a("192.168.1.7"), a("255.255.255.0"))->to_string() ==
          "192.168.1.7/24");
    CHECK(Ipv4Prefix::from_netmask(a("0.0.0.0"), a("0.0.0.0"))->len == 0);
    CHECK(Ipv4Prefix::from_netmask(a("1.1.1.1"), a("255.255.255.255"))->len == 32);
    CHECK(Ipv4Prefix::from_netmask(a("1.1.1.1"), a("255.0.255.0")).error().message ==
          "netmask 255.0.255.0 is not contiguous (ones must all come before zeros, like "
          "255.255.255.0)");
}

TEST_CASE("IPv4 subnetting into a power of two of equal parts", "[wire][prefix]")
{
    auto s = p4("192.168.0.0/24").subnets(4).value();
    REQUIRE(s.size() == 4);
    CHECK(s[0].to_string() == "192.168.0.0/26");
    CHECK(s[1].to_string() == "192.168.0.64/26");
    CHECK(s[2].to_string() == "192.168.0.128/26");
    CHECK(s[3].to_string() == "192.168.0.192/26");
    CHECK(s[3].broadcast().to_string() == "192.168.0.255");

    auto halves = p4("10.1.2.3/8").subnets(2).value(); // split the network, not the host
    CHECK(halves[0].to_string() == "10.0.0.0/9");
    CHECK(halves[1].to_string() == "10.128.0.0/9");

    auto one = p4("10.1.2.3/8").subnets(1).value();
    CHECK(one.size() == 1);
    CHECK(one[0].to_string() == "10.0.0.0/8");

    auto hosts = p4("10.0.0.0/30").subnets(4).value();
    CHECK(hosts[3].to_string() == "10.0.0.3/32");

    auto all = p4("0.0.0.0/0").subnets(65536).value();
    CHECK(all.size() == 65536);
    CHECK(all[65535].to_string() == "255.255.0.0/16");

    struct BadCount {
        unsigned n;
        const char* message;
    };
    const BadCount bad[] = {
        {3, "cannot split 192.168.0.0/24 into 3 subnets: equal subnets come in powers of two; use "
            "4 and "
            "leave the extra ones unused"},
        {0, "cannot split 192.168.0.0/24 into 0 subnets: the count must be at least 1"},
        {512,
         "cannot split 192.168.0.0/24 into 512 subnets: each would need a /33, but the longest "
         "prefix is /32"},
    };
    for (const BadCount& b : bad) {
        CAPTURE(b.n);
        auto r = p4("192.168.0.0/24").subnets(b.n);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message == b.message);
    }
    CHECK(
        p4("0.0.0.0/0").subnets(131072).error().message ==
        "cannot split 0.0.0.0/0 into 131072 subnets: at most 65536 subnets can be listed at once");
}

TEST_CASE("IPv6 prefix arithmetic, RFC 6164 /127 and /128, and subnetting", "[wire][prefix]")
{
    Ipv6Prefix p = p6("2001:db8:85a3::8a2e:370:f928/64");
    CHECK(p.network().to_string() == "2001:db8:85a3::");
    CHECK(p.netmask().to_string() == "ffff:ffff:ffff:ffff::");
    CHECK(p.first().to_string() == "2001:db8:85a3::");
    CHECK(p.last().to_string() == "2001:db8:85a3:0:ffff:ffff:ffff:ffff");
    CHECK(p.host_bits() == 64);
    CHECK(p.is_host_bits_set());
    CHECK(p.canonical().to_string() == "2001:db8:85a3::/64");

    Ipv6Prefix link = p6("2001:db8::1/127"); // RFC 6164: both addresses usable
    CHECK(link.first().to_string() == "2001:db8::");
    CHECK(link.last().to_string() == "2001:db8::1");
    Ipv6Prefix host = p6("::1/128");
    CHECK(host.first() == host.last());
    CHECK(p6("::/0").last().to_string() == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    CHECK(p6("2001:db8::/32").netmask().to_string() == "ffff:ffff::");
    CHECK(p6("::/65").netmask().to_string() == "ffff:ffff:ffff:ffff:8000::");

    CHECK(p6("2001:db8::/32").contains(Ipv6Addr::parse("2001:db8:ffff::1").value()));
    CHECK_FALSE(p6("2001:db8::/32").contains(Ipv6Addr::parse("2001:db9::").value()));
    CHECK(p6("2001:db8::/32").contains(p6("2001:db8:1::/48")));
    CHECK_FALSE(p6("2001:db8:1::/48").contains(p6("2001:db8::/32")));

    auto s = p6("2001:db8::/32").subnets(4).value();
    CHECK(s[0].to_string() == "2001:db8::/34");
    CHECK(s[1].to_string() == "2001:db8:4000::/34");
    CHECK(s[2].to_string() == "2001:db8:8000::/34");
    CHECK(s[3].to_string() == "2001:db8:c000::/34");
    auto across = p6("2001:db8::/64").subnets(2).value(); // crosses the 64-bit half
    CHECK(across[1].to_string() == "2001:db8:0:0:8000::/65");
    auto lows = p6("::/127").subnets(2).value();
    CHECK(lows[1].to_string() == "::1/128");
    auto pair = p6("2001:db8::/63").subnets(2).value();
    CHECK(pair[1].to_string() == "2001:db8:0:1::/64");
    CHECK(p6("::1/128").subnets(2).error().message ==
          "cannot split ::1/128 into 2 subnets: each would need a /129, but the longest prefix is "
          "/128");
}

TEST_CASE("IpAddr and IpPrefix pick the family from the text", "[wire][prefix]")
{
    CHECK(IpAddr::parse("10.0.0.1")->is_v4());
    CHECK(IpAddr::parse("::1")->is_v6());
    CHECK(IpAddr::parse("::ffff:10.0.0.1")->is_v6());
    CHECK(IpAddr::parse("10.0.0.300").error().message ==
          "\"10.0.0.300\" is not an IPv4 address: octet 4 is 300, must be 0-255");
    CHECK(IpAddr::parse("2001:db8::g").error().message ==
          "\"2001:db8::g\" is not an IPv6 address: group 3 \"g\" is not hexadecimal");
    CHECK(IpAddr::parse("2001:DB8::1")->to_string() == "2001:db8::1");

    IpPrefix v4 = IpPrefix::parse("10.1.2.3/8").value();
    IpPrefix v6 = IpPrefix::parse("2001:db8::1/64").value();
    CHECK(v4.is_v4());
    CHECK(v6.is_v6());
    CHECK(v4.len() == 8);
    CHECK(v4.network().to_string() == "10.0.0.0");
    CHECK(v4.addr().to_string() == "10.1.2.3");
    CHECK(v4.canonical().to_string() == "10.0.0.0/8");
    CHECK(v6.to_string() == "2001:db8::1/64");
    CHECK(v4.is_host_bits_set());
    CHECK(v4.contains(IpAddr::parse("10.200.0.1").value()));
    CHECK_FALSE(v4.contains(IpAddr::parse("::ffff:10.0.0.1").value())); // other family
    CHECK(v6.contains(IpAddr::parse("2001:db8::ffff").value()));
    CHECK(IpPrefix::parse("10.0.0.0/33").error().message ==
          "\"10.0.0.0/33\" is not an IPv4 prefix: prefix length 33 is out of range 0-32");
    CHECK(IpPrefix::parse("::/129").error().message ==
          "\"::/129\" is not an IPv6 prefix: prefix length 129 is out of range 0-128");
    CHECK(IpPrefix::parse_or_host("10.0.0.1")->to_string() == "10.0.0.1/32");
    CHECK(IpPrefix::parse_or_host("fe80::1")->to_string() == "fe80::1/128");
    CHECK(IpPrefix::parse_or_host("10.0.0.0/8")->to_string() == "10.0.0.0/8");
    CHECK(IpPrefix() == IpPrefix::parse("0.0.0.0/0").value());

    CHECK(IpAddr::parse("255.255.255.255").value() < IpAddr::parse("::").value()); // v4 first
    CHECK(IpAddr::parse("10.0.0.1").value() < IpAddr::parse("10.0.0.2").value());
    CHECK(IpPrefix::parse("10.0.0.0/8").value() < IpPrefix::parse("10.0.0.0/9").value());
    CHECK(p4("9.0.0.0/8") < p4("10.0.0.0/8"));
}

TEST_CASE("range classes of addresses and prefixes", "[wire][prefix]")
{
    struct Row {
        const char* text;
        const char* label;
    };
    const Row rows[] = {
        {"127.0.0.1", "loopback"},
        {"10.1.1.1", "private (RFC 1918)"},
        {"172.20.0.1", "private (RFC 1918)"},
        {"192.168.0.1", "private (RFC 1918)"},
        {"169.254.1.1", "link-local"},
        {"224.0.0.1", "multicast"},
        {"0.0.0.0", "unspecified"},
        {"0.1.2.3", "this network (RFC 791)"},
        {"192.0.2.1", "documentation (RFC 5737)"},
        {"198.51.100.1", "documentation (RFC 5737)"},
        {"100.64.0.1", "carrier-grade NAT (RFC 6598)"},
        {"8.8.8.8", "public"},
        {"255.255.255.255", "limited broadcast"},
        {"240.0.0.1", "reserved"},
        {"198.18.0.1", "benchmarking (RFC 2544)"},
        {"192.0.0.8", "IETF protocol assignments (RFC 6890)"},
        {"127.0.0.0/8", "loopback"},
        {"192.168.5/24", "private (RFC 1918)"},
        {"10.0.0.0/7", "mixed (partly special-purpose)"},
        {"172.0.0.0/8", "mixed (partly special-purpose)"},
        {"8.0.0.0/8", "public"},
        {"0.0.0.0/0", "all addresses (default route)"},
        {"::1", "loopback"},
        {"::", "unspecified"},
        {"fe80::1", "link-local"},
        {"fd12:3456::1", "unique local (RFC 4193)"},
        {"ff02::1", "multicast"},
        {"2001:db8::1", "documentation (RFC 3849)"},
        {"2606:4700::1111", "public"},
        {"::ffff:1.2.3.4", "IPv4-mapped (RFC 4291)"},
        {"64:ff9b::1.2.3.4", "IPv4/IPv6 translation (RFC 6052)"},
        {"2002::1", "6to4 (RFC 3056)"},
        {"2001::1", "Teredo (RFC 4380)"},
        {"100::1", "discard-only (RFC 6666)"},
        {"4000::1", "reserved"},
        {"2001:db8::/32", "documentation (RFC 3849)"},
        {"fc00::/6", "mixed (partly special-purpose)"},
        {"::/0", "all addresses (default route)"},
    };
    for (const Row& r : rows) {
        CAPTURE(r.text);
        auto p = IpPrefix::parse_or_host(r.text);
        REQUIRE(p.ok());
        CHECK(range_label(range_class(*p)) == r.label);
    }
    CHECK(range_class(Ipv4Addr::parse("10.0.0.1").value()) == RangeClass::Private);
    CHECK(range_class(IpAddr::parse("fe80::1").value()) == RangeClass::LinkLocal);
}

TEST_CASE("describe_cidr gives ipcalc rows keyed for JSON", "[wire][prefix][cidr]")
{
    auto r = describe_cidr("192.168.5/24").value();
    const char* expected[][2] = {
        {"address", "192.168.5.0"},
        {"network", "192.168.5.0/24"},
        {"netmask", "255.255.255.0 = 24"},
        {"wildcard", "0.0.0.255"},
        {"broadcast", "192.168.5.255"},
        {"first_host", "192.168.5.1"},
        {"last_host", "192.168.5.254"},
        {"hosts", "254"},
        {"address_space", "private (RFC 1918)"},
    };
    REQUIRE(r.rows.size() == 9);
    for (size_t i = 0; i < 9; ++i) {
        CHECK(r.rows[i].key == expected[i][0]);
        CHECK(r.rows[i].value == expected[i][1]);
    }
    CHECK(r.find("netmask")->label == "Netmask");
    CHECK(r.find("note") == nullptr);

    auto host = describe_cidr("10.1.2.3/8").value();
    CHECK(host.find("network")->value == "10.0.0.0/8");
    CHECK(host.find("note")->value ==
          "host bits are set: 10.1.2.3 is a host in 10.0.0.0/8, not the network address");
    CHECK(describe_cidr("192.168.5.255/24")->find("note")->value ==
          "192.168.5.255 is the broadcast address of 192.168.5.0/24, not a usable host");

    auto p2p = describe_cidr("10.0.0.0/31").value();
    CHECK(p2p.find("broadcast")->value == "none (point-to-point link, RFC 3021)");
    CHECK(p2p.find("hosts")->value == "2");
    auto single = describe_cidr("10.0.0.7").value();
    CHECK(single.find("network")->value == "10.0.0.7/32");
    CHECK(single.find("broadcast")->value == "none (single host)");
    CHECK(single.find("hosts")->value == "1");
    CHECK(single.find("note")->value == "no prefix length given: described as a single host (/32)");

    auto v6 = describe_cidr("2001:0db8:85a3:0000:0000:8a2e:0370:f928/64").value();
    CHECK(v6.find("address")->value == "2001:db8:85a3::8a2e:370:f928");
    CHECK(v6.find("expanded")->value == "2001:0db8:85a3:0000:0000:8a2e:0370:f928");
    CHECK(v6.find("network")->value == "2001:db8:85a3::/64");
    CHECK(v6.find("prefix_length")->value == "64");
    CHECK(v6.find("first_address")->value == "2001:db8:85a3::");
    CHECK(v6.find("last_address")->value == "2001:db8:85a3:0:ffff:ffff:ffff:ffff");
    CHECK(v6.find("addresses")->value == "2^64");
    CHECK(v6.find("address_space")->value == "documentation (RFC 3849)");
    CHECK(describe_cidr("fe80::/120")->find("addresses")->value == "256");
    CHECK(describe_cidr("fe80::/127")->find("note")->value ==
          "a /127 is a point-to-point link: both addresses are usable (RFC 6164)");

    CHECK(describe_cidr("192.168.0.300/24").error().message ==
          "\"192.168.0.300/24\" is not an IPv4 prefix: octet 4 is 300, must be 0-255");
    CHECK(describe_cidr("192.168.5").error().message ==
          "\"192.168.5\" is not an IPv4 address: expected 4 octets, found 3");
}
