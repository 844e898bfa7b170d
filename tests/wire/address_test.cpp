// MacAddr / Ipv4Addr / Ipv6Addr: parse tables (valid and invalid, with the exact error text),
// RFC 5952 canonical output, special-range predicates and the derived IPv6 addresses.
#include "core/wire/address.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

using namespace wirelab::wire;

namespace {

struct Bad {
    const char* text;
    const char* message;
};

struct Canon {
    const char* text;
    const char* canonical;
};

} // namespace

TEST_CASE("IPv4 parses strict dotted quads and formats them back", "[wire][address]")
{
    const Canon good[] = {
        {"192.168.0.1", "192.168.0.1"}, // course notes
        {"0.0.0.0", "0.0.0.0"},         {"255.255.255.255", "255.255.255.255"},
        {"127.0.0.1", "127.0.0.1"},     {"10.0.0.0", "10.0.0.0"},
        {"100.64.7.9", "100.64.7.9"},   {"1.2.3.4", "1.2.3.4"},
    };
    for (const Canon& c : good) {
        CAPTURE(c.text);
        auto a = Ipv4Addr::parse(c.text);
        REQUIRE(a.ok());
        CHECK(a->to_string() == c.canonical);
    }
    auto a = Ipv4Addr::parse("192.168.0.1");
    CHECK(a->bytes == std::array<uint8_t, 4>{192, 168, 0, 1});
    CHECK(a->to_u32() == 0xc0a80001u);
    CHECK(Ipv4Addr::from_u32(0xc0a80001u) == *a);
}

TEST_CASE("IPv4 parse errors name the exact fault", "[wire][address]")
{
    const Bad bad[] = {
        {"", "address is empty"},
        {"1.2.3", "expected 4 octets, found 3"},
        {"10", "expected 4 octets, found 1"},
        {"1.2.3.4.5", "expected 4 octets, found 5"},
        {"1.2.3.4.", "expected 4 octets, found 5"},
        {"1..3.4", "empty octet 2"},
        {".1.2.3", "empty octet 1"},
        {"1.2.3.", "empty octet 4"},
        {"1.0x1.3.4", "octet 2 \"0x1\" is not a decimal number"},
        {"a.b.c.d", "octet 1 \"a\" is not a decimal number"},
        {" 1.2.3.4", "octet 1 \" 1\" is not a decimal number"},
        {"1.2.3.-4", "octet 4 \"-4\" is not a decimal number"},
        {"1.2.3.4/24", "octet 4 \"4/24\" is not a decimal number"},
        {"010.1.1.1", "octet 1 \"010\" has a leading zero (ambiguous octal)"},
        {"1.2.3.04", "octet 4 \"04\" has a leading zero (ambiguous octal)"},
        {"1.2.3.300", "octet 4 is 300, must be 0-255"},
        {"1.2.3.256", "octet 4 is 256, must be 0-255"},
        {"1.2.99999999999.1", "octet 3 is 99999999999, must be 0-255"},
        {"::1",
         "contains ':' (an IPv6 address?); an IPv4 address is a dotted quad like 192.168.0.1"},
    };
    for (const Bad& b : bad) {
        CAPTURE(b.text);
        auto a = Ipv4Addr::parse(b.text);
        REQUIRE_FALSE(a.ok());
        CHECK(a.error().message == b.message);
    }
}

TEST_CASE("IPv4 abbreviated form fills missing trailing octets with zero", "[wire][address]")
{
    CHECK(Ipv4Addr::parse_abbreviated("192.168.5")->to_string() == "192.168.5.0");
    CHECK(Ipv4Addr::parse_abbreviated("10")->to_string() == "10.0.0.0");
    CHECK(Ipv4Addr::parse_abbreviated("1.2.3.4")->to_string() == "1.2.3.4");
    CHECK(Ipv4Addr::parse_abbreviated("1.2.3.4.5").error().message ==
          "expected 1 to 4 octets, found 5");
    CHECK(Ipv4Addr::parse_abbreviated("10.").error().message == "empty octet 2");
    // Only prefix notation may abbreviate: a bare "192.168.5" is not an address.
    CHECK_FALSE(Ipv4Addr::parse("192.168.5").ok());
}

TEST_CASE("IPv6 parse accepts RFC 4291 text and prints RFC 5952 canonical form", "[wire][address]")
{
    const Canon good[] = {
        // Course notes.
        {"2001:0db8:85a3:0000:0000:8a2e:0370:f928", "2001:db8:85a3::8a2e:370:f928"},
        {"::", "::"},
        {"::1", "::1"},
        {"1::", "1::"},
        // RFC 5952 §2.1: leading zeros.
        {"2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"},
        {"2001:db8:aaaa:bbbb:cccc:dddd:eeee:001", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"},
        {"2001:db8:aaaa:bbbb:cccc:dddd:eeee:01", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"},
        // RFC 5952 §2.2: zero compression choices; §4.2.2 never compresses one group.
        {"2001:db8:aaaa:bbbb:cccc:dddd::1", "2001:db8:aaaa:bbbb:cccc:dddd:0:1"},
        {"2001:db8:0:0:0::1", "2001:db8::1"},
        {"2001:db8:0:0::1", "2001:db8::1"},
        {"2001:db8:0::1", "2001:db8::1"},
        {"2001:db8:0:0:aaaa::1", "2001:db8::aaaa:0:0:1"},
        // RFC 5952 §2.3 and §4.3: lowercase.
        {"2001:db8:aaaa:bbbb:cccc:dddd:eeee:AAAA", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa"},
        {"2001:db8:aaaa:bbbb:cccc:dddd:eeee:AaAa", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa"},
        // RFC 5952 §2: ways to write 2001:db8::1:0:0:1; §4.2.3: the first of equal runs.
        {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
        {"2001:0db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
        {"2001:db8::0:1:0:0:1", "2001:db8::1:0:0:1"},
        {"2001:db8:0:0:1::1", "2001:db8::1:0:0:1"},
        {"2001:db8:0000:0:1::1", "2001:db8::1:0:0:1"},
        {"2001:DB8:0:0:1::1", "2001:db8::1:0:0:1"},
        // RFC 5952 §4.2.1 shortest, §4.2.2 one group, §4.2.3 longest run.
        {"2001:db8:0:0:0:0:2:1", "2001:db8::2:1"},
        {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
        {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},
        {"0:0:1:0:0:0:0:0", "0:0:1::"},
        {"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"},
        {"::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"},
        // Embedded IPv4 tail (RFC 4291 §2.2 form 3); §5 of RFC 5952 keeps it for v4-mapped only.
        {"::ffff:1.2.3.4", "::ffff:1.2.3.4"},
        {"0:0:0:0:0:FFFF:102:304", "::ffff:1.2.3.4"},
        {"::1.2.3.4", "::102:304"},
        {"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"},
        {"64:ff9b::192.0.2.33", "64:ff9b::c000:221"},
        {"fe80::1", "fe80::1"},
    };
    for (const Canon& c : good) {
        CAPTURE(c.text);
        auto a = Ipv6Addr::parse(c.text);
        REQUIRE(a.ok());
        CHECK(a->to_string() == c.canonical);
        // The canonical text parses back to the same address.
        CHECK(Ipv6Addr::parse(a->to_string()).value() == *a);
    }
    auto a = Ipv6Addr::parse("2001:db8::8a2e:370:f928").value();
    CHECK(a.group(0) == 0x2001);
    CHECK(a.group(1) == 0x0db8);
    CHECK(a.group(2) == 0);
    CHECK(a.group(7) == 0xf928);
}

TEST_CASE("IPv6 parse errors name the exact fault", "[wire][address]")
{
    const Bad bad[] = {
        {"", "address is empty"},
        {"1.2.3.4", "no ':' (an IPv4 address?); an IPv6 address looks like 2001:db8::1"},
        {"1:2:3:4:5:6:7",
         "expected 8 groups, found 7 (use \"::\" to stand for a run of zero groups)"},
        {"1:2:3:4:5:6:7:8:9",
         "expected 8 groups, found 9 (use \"::\" to stand for a run of zero groups)"},
        {"1:2:3:4:5:6:7:1.2.3.4",
         "expected 8 groups, found 9 (use \"::\" to stand for a run of zero groups)"},
        {"1::2::3", "more than one \"::\" (only one run of zero groups may be compressed)"},
        {":::", "\":::\" is not valid; \"::\" stands for one or more zero groups"},
        {"1:::2", "\":::\" is not valid; \"::\" stands for one or more zero groups"},
        {":1:2:3:4:5:6:7", "starts with a single ':'"},
        {":1::", "starts with a single ':'"},
        {"1:2:3:4:5:6:7:", "ends with a single ':'"},
        {"1::2:", "ends with a single ':'"},
        {"12345::", "group 1 \"12345\" has more than 4 hex digits"},
        {"1:g::", "group 2 \"g\" is not hexadecimal"},
        {"2001:db8::g", "group 3 \"g\" is not hexadecimal"},
        {"1:2:3:4:5:6:7::8",
         "\"::\" must stand for at least one zero group, but 8 groups are written"},
        {"fe80::1%eth0", "zone index \"%eth0\" is not supported here"},
        {"1.2.3.4::", "embedded IPv4 \"1.2.3.4\" must be the last 32 bits"},
        {"::1.2.3.4:5", "embedded IPv4 \"1.2.3.4\" must be the last 32 bits"},
        {"::ffff:1.2.3.300", "embedded IPv4 \"1.2.3.300\": octet 4 is 300, must be 0-255"},
    };
    for (const Bad& b : bad) {
        CAPTURE(b.text);
        auto a = Ipv6Addr::parse(b.text);
        REQUIRE_FALSE(a.ok());
        CHECK(a.error().message == b.message);
    }
}

TEST_CASE("MAC addresses parse with ':' or '-' and print lowercase with ':'", "[wire][address]")
{
    CHECK(MacAddr::parse("aa:bb:cc:dd:ee:ff")->to_string() == "aa:bb:cc:dd:ee:ff");
    CHECK(MacAddr::parse("AA-BB-CC-DD-EE-0F")->to_string() == "aa:bb:cc:dd:ee:0f");
    CHECK(MacAddr::parse("00:00:5e:00:53:01")->bytes ==
          std::array<uint8_t, 6>{0x00, 0x00, 0x5e, 0x00, 0x53, 0x01});
    const Bad bad[] = {
        {"", "address is empty"},
        {"aa:bb:cc:dd:ee", "expected 6 bytes separated by ':' or '-', found 5"},
        {"aabbccddeeff", "expected 6 bytes separated by ':' or '-', found 1"},
        {"aa:bb-cc:dd:ee:ff", "mixes ':' and '-' separators; use one of them"},
        {"aa:bb:cc:dd:ee:fg", "byte 6 \"fg\" is not two hex digits"},
        {"a:bb:cc:dd:ee:ff", "byte 1 \"a\" is not two hex digits"},
        {"aa:bb:cc:dd:ee:fff", "byte 6 \"fff\" is not two hex digits"},
    };
    for (const Bad& b : bad) {
        CAPTURE(b.text);
        auto m = MacAddr::parse(b.text);
        REQUIRE_FALSE(m.ok());
        CHECK(m.error().message == b.message);
    }
    CHECK(MacAddr::broadcast().is_broadcast());
    CHECK(MacAddr::parse("33:33:00:00:00:01")->is_multicast());
    CHECK(MacAddr::parse("02:00:00:00:00:01")->is_unicast());
}

TEST_CASE("IPv4 special-range predicates", "[wire][address]")
{
    auto v4 = [](const char* s) { return Ipv4Addr::parse(s).value(); };
    // RFC 1918 edges.
    CHECK(v4("10.0.0.1").is_private());
    CHECK(v4("172.16.0.0").is_private());
    CHECK(v4("172.31.255.255").is_private());
    CHECK_FALSE(v4("172.32.0.0").is_private());
    CHECK_FALSE(v4("172.15.255.255").is_private());
    CHECK(v4("192.168.1.1").is_private());
    CHECK_FALSE(v4("192.169.0.0").is_private());
    CHECK_FALSE(v4("11.0.0.0").is_private());
    // RFC 5737.
    CHECK(v4("192.0.2.1").is_documentation());
    CHECK(v4("198.51.100.7").is_documentation());
    CHECK(v4("203.0.113.255").is_documentation());
    CHECK_FALSE(v4("192.0.3.0").is_documentation());
    CHECK_FALSE(v4("203.0.114.0").is_documentation());
    CHECK(v4("127.0.0.1").is_loopback());
    CHECK(v4("169.254.10.20").is_link_local());
    CHECK_FALSE(v4("169.255.0.1").is_link_local());
    CHECK(v4("224.0.0.1").is_multicast());
    CHECK(v4("239.255.255.255").is_multicast());
    CHECK_FALSE(v4("240.0.0.0").is_multicast());
    CHECK(v4("0.0.0.0").is_unspecified());
    CHECK(v4("255.255.255.255").is_broadcast());
}

TEST_CASE("IPv6 special-range predicates", "[wire][address]")
{
    auto v6 = [](const char* s) { return Ipv6Addr::parse(s).value(); };
    CHECK(v6("fe80::1").is_link_local());
    CHECK(v6("febf::1").is_link_local());
    CHECK_FALSE(v6("fec0::1").is_link_local());
    CHECK(v6("fd00::1").is_unique_local());
    CHECK(v6("fc00::").is_unique_local());
    CHECK_FALSE(v6("fe00::").is_unique_local());
    CHECK(v6("ff02::1").is_multicast());
    CHECK(v6("2001:db8::1").is_documentation());
    CHECK(v6("2001:db8:ffff::").is_documentation());
    CHECK_FALSE(v6("2001:db9::").is_documentation());
    CHECK(v6("::1").is_loopback());
    CHECK(v6("::").is_unspecified());
}

TEST_CASE("solicited-node, multicast MAC and EUI-64 link-local addresses", "[wire][address]")
{
    // RFC 4291 §2.7.1: the example 4037::01:800:200E:8C6C -> FF02::1:FF0E:8C6C.
    auto a = Ipv6Addr::parse("4037::01:800:200E:8C6C").value();
    CHECK(a.solicited_node().to_string() == "ff02::1:ff0e:8c6c");
    // RFC 2464 §7: 33-33 and the low 32 bits.
    CHECK(a.solicited_node().multicast_mac().to_string() == "33:33:ff:0e:8c:6c");
    CHECK(Ipv6Addr::parse("ff02::1")->multicast_mac().to_string() == "33:33:00:00:00:01");
    // RFC 4291 appendix A: flip the U/L bit, insert ff:fe.
    auto mac = MacAddr::parse("52:54:00:12:34:56").value();
    CHECK(Ipv6Addr::link_local_from_mac(mac).to_string() == "fe80::5054:ff:fe12:3456");
    mac = MacAddr::parse("00:1a:2b:3c:4d:5e").value();
    CHECK(Ipv6Addr::link_local_from_mac(mac).to_string() == "fe80::21a:2bff:fe3c:4d5e");
    mac = MacAddr::parse("02:00:00:00:00:01").value(); // locally administered: bit goes to 0
    CHECK(Ipv6Addr::link_local_from_mac(mac).to_string() == "fe80::ff:fe00:1");
}

TEST_CASE("addresses order by their bytes", "[wire][address]")
{
    std::vector<Ipv4Addr> v{Ipv4Addr::parse("10.0.0.2").value(),
                            Ipv4Addr::parse("9.255.0.0").value(),
                            Ipv4Addr::parse("10.0.0.10").value()};
    std::sort(v.begin(), v.end());
    CHECK(v[0].to_string() == "9.255.0.0");
    CHECK(v[1].to_string() == "10.0.0.2");
    CHECK(v[2].to_string() == "10.0.0.10");
    CHECK(Ipv6Addr::parse("::1").value() < Ipv6Addr::parse("::2").value());
    CHECK(MacAddr::parse("00:00:00:00:00:ff").value() <
          MacAddr::parse("00:00:00:00:01:00").value());
}
