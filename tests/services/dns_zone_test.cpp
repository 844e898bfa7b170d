// Zones: master-file record lines, zone checks, and the authoritative lookup of RFC 1034 §4.3.2
// (answers, CNAMEs, NXDOMAIN/NODATA with the SOA, referrals with glue); one response byte for byte.
#include "core/net/network.h"
#include "core/services/dns/dns_server.h"
#include "core/services/dns/dns_zone.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using app::DnsZone;
namespace dns = wire::dns;

namespace {

dns::Name N(const char* s)
{
    return dns::Name::from_text(s).value();
}

DnsZone lab_zone()
{
    const char* lines[] = {
        "@ NS ns",
        "ns A 10.0.0.3",
        "www 300 IN A 10.0.0.80",
        "web CNAME www",
        "far CNAME www.example.",
        "@ MX 10 mail",
        "mail A 10.0.0.25",
        "@ TXT \"home network\" lab",
        "a.b A 10.0.0.7", // b.lab exists only as an empty non-terminal
        "sub NS ns.sub",  // a delegation, with its glue
        "ns.sub A 10.0.1.3",
    };
    std::vector<dns::Record> rrs;
    for (const char* l : lines) rrs.push_back(app::parse_zone_record(l, N("lab"), 3600).value());
    return DnsZone::make(N("lab"), std::move(rrs), 60).value();
}

dns::Repr ask(const DnsZone& z, const char* name, dns::Type type)
{
    dns::Repr r;
    z.answer(dns::Question{N(name), type, dns::Class::In}, r);
    return r;
}

} // namespace

TEST_CASE("zone records: master-file lines with relative names, TTLs and every type",
          "[app][dns][zone]")
{
    auto r = app::parse_zone_record("www 300 IN A 10.0.0.80", N("lab"), 3600);
    REQUIRE(r);
    CHECK(dns::to_text(*r) == "www.lab.\t300\tIN\tA\t10.0.0.80");
    CHECK(dns::to_text(app::parse_zone_record("@ MX 10 mail", N("lab"), 3600).value()) ==
          "lab.\t3600\tIN\tMX\t10 mail.lab.");
    CHECK(dns::to_text(app::parse_zone_record("x CNAME www.example.", N("lab"), 5).value()) ==
          "x.lab.\t5\tIN\tCNAME\twww.example.");
    CHECK(dns::to_text(app::parse_zone_record("t TXT \"hello world\" two", N("lab"), 5).value()) ==
          "t.lab.\t5\tIN\tTXT\t\"hello world\" \"two\"");
    CHECK(dns::to_text(app::parse_zone_record("v6 AAAA fd00::80", N("lab"), 5).value()) ==
          "v6.lab.\t5\tIN\tAAAA\tfd00::80");
    CHECK(dns::to_text(
              app::parse_zone_record("80.0.0 PTR www.lab.", N("10.in-addr.arpa"), 5).value()) ==
          "80.0.0.10.in-addr.arpa.\t5\tIN\tPTR\twww.lab.");
    CHECK(dns::to_text(
              app::parse_zone_record("@ SOA ns hostmaster 7 3600 600 86400 30", N("lab"), 5)
                  .value()) == "lab.\t5\tIN\tSOA\tns.lab. hostmaster.lab. 7 3600 600 86400 30");
    CHECK(dns::to_text(app::parse_zone_record("lab. NS ns.lab.", N("."), 5).value()) ==
          "lab.\t5\tIN\tNS\tns.lab.");

    auto err = [](const char* line) { return app::parse_zone_record(line, N("lab"), 5).error(); };
    CHECK(err("www A 10.0.0.300") ==
          "\"10.0.0.300\" is not an IPv4 address: octet 4 is 300, must be 0-255");
    CHECK(err("www AAAA 10.0.0.1") == "\"10.0.0.1\" is an IPv4 address; use A for it");
    CHECK(err("www") == "expected \"<name> [ttl] <type> <data>\", e.g. \"www A 10.0.0.80\"");
    CHECK(err("www FOO 1") ==
          "\"FOO\" is not a record type (A, AAAA, NS, CNAME, PTR, MX, TXT, SOA)");
    CHECK(err("@ MX ten mail") == "\"ten\" is not an MX preference (0 to 65535)");
    CHECK(err("www A 10.0.0.1 10.0.0.2") == "A data is an address (1 word), got 2");
    CHECK(err("t TXT \"open") == "a quoted string is not closed (missing '\"')");
    CHECK(err("www 300") == "the record type is missing (A, AAAA, NS, CNAME, PTR, MX, TXT, SOA)");
}

TEST_CASE("zones: checks, and the SOA made up when none is given", "[app][dns][zone]")
{
    DnsZone z = lab_zone();
    CHECK(dns::to_text(z.soa_record()) ==
          "lab.\t60\tIN\tSOA\tns.lab. hostmaster.lab. 1 3600 600 86400 60");
    auto r = [](const char* l) { return app::parse_zone_record(l, N("lab"), 5).value(); };
    CHECK(DnsZone::make(N("lab"), {r("www A 10.0.0.1"), r("www CNAME web")}).error() ==
          "www.lab. has a CNAME and other data; a CNAME must be alone at its name");
    CHECK(DnsZone::make(N("lab"), {r("www.example. A 10.0.0.1")}).error() ==
          "www.example. is not in the zone lab.");
    CHECK(DnsZone::make(N("lab"), {r("@ SOA a b 1 2 3 4 5"), r("@ SOA a b 1 2 3 4 5")}).error() ==
          "a zone has exactly one SOA record, at its origin lab.");
}

TEST_CASE("authoritative answers: data, CNAME, NXDOMAIN, NODATA, referral", "[app][dns][zone]")
{
    DnsZone z = lab_zone();
    dns::Repr r = ask(z, "www.lab", dns::Type::A);
    CHECK(r.authoritative);
    CHECK(r.rcode == dns::Rcode::NoError);
    REQUIRE(r.answers.size() == 1);
    CHECK(dns::to_text(r.answers[0]) == "www.lab.\t300\tIN\tA\t10.0.0.80");

    r = ask(z, "WEB.lab", dns::Type::A); // names compare without case
    REQUIRE(r.answers.size() == 2);
    CHECK(dns::to_text(r.answers[0]) == "web.lab.\t3600\tIN\tCNAME\twww.lab.");
    CHECK(dns::to_text(r.answers[1]) == "www.lab.\t300\tIN\tA\t10.0.0.80");

    r = ask(z, "far.lab", dns::Type::A); // the target is not ours: the resolver goes on
    REQUIRE(r.answers.size() == 1);
    CHECK(r.answers[0].type() == dns::Type::Cname);

    r = ask(z, "lab", dns::Type::Mx);
    REQUIRE(r.answers.size() == 1);
    REQUIRE(r.additionals.size() == 1);
    CHECK(dns::to_text(r.additionals[0]) == "mail.lab.\t3600\tIN\tA\t10.0.0.25");

    r = ask(z, "nope.lab", dns::Type::A);
    CHECK(r.rcode == dns::Rcode::NxDomain);
    CHECK(r.answers.empty());
    REQUIRE(r.authorities.size() == 1);
    CHECK(r.authorities[0].type() == dns::Type::Soa);
    CHECK(r.authorities[0].ttl == 60); // RFC 2308 §3: min(SOA TTL, SOA minimum)

    r = ask(z, "www.lab", dns::Type::Aaaa); // NODATA
    CHECK(r.rcode == dns::Rcode::NoError);
    CHECK(r.answers.empty());
    REQUIRE(r.authorities.size() == 1);
    CHECK(r.authorities[0].type() == dns::Type::Soa);

    r = ask(z, "b.lab", dns::Type::A); // an empty non-terminal exists: NODATA, not NXDOMAIN
    CHECK(r.rcode == dns::Rcode::NoError);
    CHECK(r.authorities.size() == 1);

    r = ask(z, "host.sub.lab", dns::Type::A); // below a delegation: a referral with glue
    CHECK_FALSE(r.authoritative);
    CHECK(r.answers.empty());
    REQUIRE(r.authorities.size() == 1);
    CHECK(dns::to_text(r.authorities[0]) == "sub.lab.\t3600\tIN\tNS\tns.sub.lab.");
    REQUIRE(r.additionals.size() == 1);
    CHECK(dns::to_text(r.additionals[0]) == "ns.sub.lab.\t3600\tIN\tA\t10.0.1.3");

    r = ask(z, "lab", dns::Type::Any);
    CHECK(r.answers.size() == 4); // SOA, NS, MX, TXT
}

TEST_CASE("dns server: the response to a query, byte for byte", "[app][dns][server]")
{
    net::Network net(1);
    auto& h = net.add_node<net::Host>("ns");
    app::DnsServerConfig cfg;
    cfg.zones.push_back(lab_zone());
    auto& server = app::ServiceSet::of(h).add<app::DnsServer>(std::move(cfg));
    // Query: id 0x1234, RD, one question www.lab. A IN (RFC 1035 §4.1).
    // clang-format off
    const uint8_t query[] = {
        0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x03, 'w', 'w', 'w', 0x03, 'l', 'a', 'b', 0x00, 0x00, 0x01, 0x00, 0x01,
    };
    // clang-format on
    auto q = dns::parse(ByteSpan(query, sizeof query));
    REQUIRE(q);
    auto r =
        server.handle(*q, transport::Endpoint{wire::IpAddr(wire::Ipv4Addr{{10, 0, 0, 9}}), 5353});
    REQUIRE(r);
    // clang-format off
    const uint8_t expected[] = {
        0x12, 0x34,             // ID, copied from the query
        0x85, 0x00,             // QR=1 opcode=0 AA=1 TC=0 RD=1 | RA=0 Z=0 AD=0 CD=0 RCODE=0
        0x00, 0x01, 0x00, 0x01, // QDCOUNT 1, ANCOUNT 1
        0x00, 0x00, 0x00, 0x00, // NSCOUNT 0, ARCOUNT 0
        0x03, 'w', 'w', 'w', 0x03, 'l', 'a', 'b', 0x00, // QNAME www.lab.
        0x00, 0x01, 0x00, 0x01, // QTYPE A, QCLASS IN
        0xc0, 0x0c,             // NAME: pointer to offset 12 (the question's name)
        0x00, 0x01, 0x00, 0x01, // TYPE A, CLASS IN
        0x00, 0x00, 0x01, 0x2c, // TTL 300
        0x00, 0x04, 10, 0, 0, 80, // RDLENGTH 4, RDATA 10.0.0.80
    };
    // clang-format on
    std::vector<uint8_t> out(dns::buffer_len(*r), 0xA5);
    dns::emit(*r, MutByteSpan(out));
    CHECK(out == std::vector<uint8_t>(expected, expected + sizeof expected));

    // Not ours and no recursion: REFUSED. An answer is never answered.
    dns::Repr other = *q;
    other.questions[0].name = N("www.example");
    auto refused = server.handle(other, {});
    REQUIRE(refused);
    CHECK(refused->rcode == dns::Rcode::Refused);
    dns::Repr reply = *r;
    CHECK_FALSE(server.handle(reply, {}));
}
