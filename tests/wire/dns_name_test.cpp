// DNS names (RFC 1035 §2.3.4, RFC 4343): text form and its escapes, the 63/255-byte limits,
// case-insensitive comparison, canonical order, and the reverse-mapping names.
#include "core/wire/dns_name.h"

#include <catch2/catch.hpp>

#include <map>

using namespace wirelab;
using namespace wirelab::wire;
using dns::Name;

namespace {

Name name(const std::string& text)
{
    auto n = Name::from_text(text);
    REQUIRE(n.ok());
    return n.value();
}

std::string error_of(const std::string& text)
{
    auto n = Name::from_text(text);
    REQUIRE_FALSE(n.ok());
    return n.error().message();
}

} // namespace

TEST_CASE("dns name: text in and out", "[wire][dns]")
{
    CHECK(name("www.lab").to_text() == "www.lab.");
    CHECK(name("www.lab.").to_text() == "www.lab.");
    CHECK(name(".").to_text() == ".");
    CHECK(name(".").is_root());
    CHECK(Name().to_text() == ".");
    Name n = name("WWW.Lab");
    CHECK(n.label_count() == 2);
    CHECK(n.label(0) == "WWW");
    CHECK(n.label(1) == "Lab");
    CHECK(n.wire_len() == 9);
    CHECK(n.wire_labels() == std::string_view("\x03WWW\x03Lab", 8));
}

TEST_CASE("dns name: escapes as dig writes them", "[wire][dns]")
{
    Name dotted = name("a\\.b.lab");
    CHECK(dotted.label_count() == 2);
    CHECK(dotted.label(0) == "a.b");
    CHECK(dotted.to_text() == "a\\.b.lab.");
    Name bytes = name("\\000\\255x\\032.lab");
    CHECK(bytes.label(0) == std::string("\0\xffx ", 4));
    CHECK(bytes.to_text() == "\\000\\255x\\032.lab.");
    CHECK(name("q\\\"\\(\\;").to_text() == "q\\\"\\(\\;.");
    CHECK(name(name("x\\\\y.lab").to_text()) == name("x\\\\y.lab"));
}

TEST_CASE("dns name: limits and malformed text, each with its error", "[wire][dns]")
{
    std::string l63(63, 'a'), l64(64, 'a');
    CHECK(name(l63 + ".lab").label(0).size() == 63);
    auto too_long = Name::from_text(l64 + ".lab");
    CHECK(too_long.error() == WireError::BadLength);
    CHECK(too_long.error().message() == "dns name: label 1 is 64 bytes long, at most 63");
    CHECK(error_of("lab." + l64) == "dns name: label 2 is 64 bytes long, at most 63");
    // 3 labels of 63 and one of 61: 255 bytes in wire form; one more byte is too many.
    std::string longest = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b');
    CHECK(name(longest).wire_len() == 255);
    CHECK(error_of(longest + "b") == "dns name: 256 bytes in wire form, at most 255");
    CHECK(error_of("") == "dns name: empty text (the root is written \".\")");
    CHECK(error_of("www..lab") ==
          "dns name: label 2 is empty (two dots in a row, or a leading dot)");
    CHECK(error_of(".lab") == "dns name: label 1 is empty (two dots in a row, or a leading dot)");
    CHECK(error_of("lab\\") == "dns name: the backslash at character 4 escapes nothing");
    CHECK(error_of("a\\256") ==
          "dns name: escape at character 2 must be \\DDD with DDD from 000 to 255");
    CHECK(error_of("a\\12") ==
          "dns name: escape at character 2 must be \\DDD with DDD from 000 to 255");
}

TEST_CASE("dns name: case-insensitive equality and canonical order", "[wire][dns]")
{
    CHECK(name("WWW.LAB") == name("www.lab."));
    CHECK_FALSE(name("www.lab") == name("www.lab.example"));
    // RFC 4034 §6.1's example order.
    std::vector<Name> sorted = {
        name("example"),         name("a.example"),      name("yljkjljk.a.example"),
        name("Z.a.example"),     name("zABC.a.EXAMPLE"), name("z.example"),
        name("\\001.z.example"), name("*.z.example"),    name("\\200.z.example")};
    for (size_t i = 0; i + 1 < sorted.size(); ++i) {
        INFO(sorted[i].to_text() << " < " << sorted[i + 1].to_text());
        CHECK(sorted[i] < sorted[i + 1]);
        CHECK_FALSE(sorted[i + 1] < sorted[i]);
    }
    std::map<Name, int> zone;
    zone[name("www.lab")] = 1;
    CHECK(zone.count(name("WWW.Lab.")) == 1);
}

TEST_CASE("dns name: subdomains, parent, child, concat", "[wire][dns]")
{
    CHECK(name("www.lab").is_subdomain_of(name("lab")));
    CHECK(name("www.lab").is_subdomain_of(name("LAB.")));
    CHECK(name("www.lab").is_subdomain_of(name("www.lab")));
    CHECK(name("www.lab").is_subdomain_of(Name()));
    CHECK_FALSE(name("www.xlab").is_subdomain_of(name("lab")));
    CHECK_FALSE(name("lab").is_subdomain_of(name("www.lab")));
    CHECK(name("www.lab").parent() == name("lab"));
    CHECK(name("lab").parent().is_root());
    CHECK(Name().parent().is_root());
    CHECK(name("lab").child("www").value() == name("www.lab"));
    CHECK(name("lab").child("").error().message() ==
          "dns name: label 1 is empty (two dots in a row, or a leading dot)");
    CHECK(name("www").concat(name("lab")).value().to_text() == "www.lab.");
    std::string l63(63, 'a');
    Name big = name(l63 + "." + l63 + "." + l63);
    CHECK(big.concat(name(l63)).error() == WireError::BadLength);
}

TEST_CASE("dns name: reverse names for IPv4 and IPv6", "[wire][dns]")
{
    CHECK(dns::reverse_name(Ipv4Addr{{10, 0, 0, 80}}).to_text() == "80.0.0.10.in-addr.arpa.");
    auto v6 = Ipv6Addr::parse("2001:db8::567:89ab").value();
    CHECK(dns::reverse_name(v6).to_text() ==
          "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.");
    CHECK(dns::ipv4_from_reverse(name("80.0.0.10.IN-ADDR.ARPA")) == Ipv4Addr{{10, 0, 0, 80}});
    CHECK(dns::ipv6_from_reverse(dns::reverse_name(v6)) == v6);
    std::string upper = dns::reverse_name(v6).to_text();
    for (char& c : upper) c = (c >= 'a' && c <= 'z') ? char(c - 32) : c;
    CHECK(dns::ipv6_from_reverse(name(upper)) == v6);
    CHECK(dns::ipv4_from_reverse(name("0.0.10.in-addr.arpa")) == std::nullopt);
    CHECK(dns::ipv4_from_reverse(name("256.0.0.10.in-addr.arpa")) == std::nullopt);
    CHECK(dns::ipv4_from_reverse(name("01.0.0.10.in-addr.arpa")) == std::nullopt);
    CHECK(dns::ipv4_from_reverse(name("1.0.0.10.ip6.arpa")) == std::nullopt);
    CHECK(dns::ipv6_from_reverse(name("1.0.0.10.in-addr.arpa")) == std::nullopt);
}
