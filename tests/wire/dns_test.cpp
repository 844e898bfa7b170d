// DNS messages (RFC 1035): a query, a compressed response and an NXDOMAIN byte for byte;
// compression details; malformed messages (truncation, pointer loops, pointers past the end,
// bad record data) with their exact errors; presentation text.
#include "core/wire/dns.h"

#include "tests/wire/app_fixtures.h"
#include "tests/wire/wire_test_util.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;
using test::poisoned;
using test::to_bytes;

namespace {

dns::Name name(const char* text)
{
    auto n = dns::Name::from_text(text);
    REQUIRE(n.ok());
    return n.value();
}

dns::Record record(const char* owner, uint32_t ttl, dns::RData data)
{
    return dns::Record{name(owner), dns::Class::In, ttl, std::move(data)};
}

dns::Repr query()
{
    dns::Repr q;
    q.id = 0x1a2b;
    q.recursion_desired = true;
    q.questions.push_back({name("www.lab"), dns::Type::A, dns::Class::In});
    return q;
}

dns::Repr response()
{
    dns::Repr r = query();
    r.response = true;
    r.recursion_available = true;
    r.answers.push_back(record("www.lab", 300, dns::Cname{name("web.lab")}));
    r.answers.push_back(record("web.lab", 300, dns::A{Ipv4Addr{{10, 0, 0, 80}}}));
    r.authorities.push_back(record("lab", 86400, dns::Ns{name("ns1.lab")}));
    r.additionals.push_back(record("ns1.lab", 86400, dns::A{Ipv4Addr{{10, 0, 0, 53}}}));
    return r;
}

dns::Soa lab_soa()
{
    return dns::Soa{name("ns1.lab"), name("hostmaster.lab"), 2024010101, 3600, 600, 86400, 300};
}

dns::Repr nxdomain()
{
    dns::Repr r;
    r.id = 0x5c1d;
    r.response = true;
    r.authoritative = true;
    r.recursion_desired = true;
    r.rcode = dns::Rcode::NxDomain;
    r.questions.push_back({name("nope.lab"), dns::Type::A, dns::Class::In});
    r.authorities.push_back(record("lab", 300, lab_soa()));
    return r;
}

Bytes emitted(const dns::Repr& r)
{
    Bytes out = poisoned(dns::buffer_len(r));
    dns::emit(r, out);
    return out;
}

// A 12-byte header with the given counts, followed by `body`.
Bytes message(std::initializer_list<uint8_t> body, uint16_t qd = 1, uint16_t an = 0)
{
    Bytes m = {0x00, 0x01, 0x81, 0x80, 0, uint8_t(qd), 0, uint8_t(an), 0, 0, 0, 0};
    m.insert(m.end(), body);
    return m;
}

std::string error_of(ByteSpan m)
{
    auto r = dns::parse(m);
    REQUIRE_FALSE(r.ok());
    return r.error().message();
}

} // namespace

TEST_CASE("dns: deconstruct a query, a compressed response and an NXDOMAIN", "[wire][dns]")
{
    auto q = dns::parse(kDnsQuery);
    REQUIRE(q.ok());
    CHECK(q.value() == query());
    auto r = dns::parse(kDnsResponse);
    REQUIRE(r.ok());
    CHECK(r.value() == response());
    CHECK(r->answers[0].type() == dns::Type::Cname);
    CHECK(std::get<dns::Cname>(r->answers[0].data).target.to_text() == "web.lab.");
    CHECK(r->additionals[0].name.to_text() == "ns1.lab.");
    auto nx = dns::parse(kDnsNxDomain);
    REQUIRE(nx.ok());
    CHECK(nx.value() == nxdomain());
    CHECK(nx->rcode == dns::Rcode::NxDomain);
    CHECK(std::get<dns::Soa>(nx->authorities[0].data).minimum == 300);
}

TEST_CASE("dns: construct, compressing exactly as the fixtures do", "[wire][dns]")
{
    CHECK(dns::buffer_len(query()) == sizeof(kDnsQuery));
    CHECK(emitted(query()) == to_bytes(kDnsQuery));
    CHECK(dns::buffer_len(response()) == sizeof(kDnsResponse));
    CHECK(emitted(response()) == to_bytes(kDnsResponse));
    CHECK(emitted(nxdomain()) == to_bytes(kDnsNxDomain));
}

TEST_CASE("dns: header flags each land on their bit", "[wire][dns]")
{
    dns::Repr r;
    r.opcode = dns::Opcode::Status;
    r.truncated = true;
    r.authentic_data = true;
    r.checking_disabled = true;
    r.rcode = dns::Rcode::Refused;
    Bytes out = emitted(r);
    CHECK(load_be16(&out[dns::kFlags]) == (0x1000 | 0x0200 | 0x0020 | 0x0010 | 5));
    auto back = dns::parse(out);
    REQUIRE(back.ok());
    CHECK(back.value() == r);
    // Z is ignored.
    out[dns::kFlags + 1] |= 0x40;
    CHECK(dns::parse(out).value() == r);
}

TEST_CASE("dns: compression matches case exactly, so names keep theirs", "[wire][dns]")
{
    dns::Repr r = query();
    r.response = true;
    r.answers.push_back(record("WWW.Lab", 60, dns::A{Ipv4Addr{{10, 0, 0, 80}}}));
    r.answers.push_back(record("mail.Lab", 60, dns::Mx{10, name("mx.lab")}));
    r.answers.push_back(record("lab", 60, dns::Txt{{"v=spf1 -all", ""}}));
    r.answers.push_back(record("80.0.0.10.in-addr.arpa", 60, dns::Ptr{name("www.lab")}));
    r.answers.push_back(record("www.lab", 60, dns::Aaaa{Ipv6Addr::loopback()}));
    Bytes out = emitted(r);
    auto back = dns::parse(out);
    REQUIRE(back.ok());
    CHECK(back.value() == r);
    CHECK(back->answers[0].name.to_text() == "WWW.Lab.");
    CHECK(back->answers[1].name.to_text() == "mail.Lab.");
    CHECK(emitted(back.value()) == out);
    // "www.lab" at the end is entirely a pointer to the question's name.
    size_t last = out.size() - (2 + 10 + 16);
    CHECK(out[last] == 0xc0);
    CHECK(out[last + 1] == 12);
}

TEST_CASE("dns: names past offset 0x3fff are written out, not pointed to", "[wire][dns]")
{
    dns::Repr r = query();
    for (int i = 0; i < 80; ++i)
        r.answers.push_back(record("www.lab", 60, dns::Txt{{std::string(250, 'x')}}));
    r.answers.push_back(record("far.example", 60, dns::A{}));
    r.answers.push_back(record("far.example", 60, dns::A{}));
    Bytes out = emitted(r);
    REQUIRE(out.size() > 0x4000);
    auto back = dns::parse(out);
    REQUIRE(back.ok());
    CHECK(back.value() == r);
    // The last owner name could not point to the first (beyond 14 bits): written in full.
    size_t last = out.size() - (13 + 10 + 4);
    CHECK(out[last] == 3);
}

TEST_CASE("dns: unknown types and EDNS OPT are kept raw", "[wire][dns]")
{
    dns::Repr r = query();
    dns::Record opt{dns::Name{}, dns::Class(1232), 0,
                    dns::RawRdata{41, {0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8}}};
    r.additionals.push_back(opt);
    r.answers.push_back(record("lab", 60, dns::RawRdata{99, {3, 'a', 'b', 'c'}}));
    auto back = dns::parse(emitted(r));
    REQUIRE(back.ok());
    CHECK(back.value() == r);
    CHECK(back->additionals[0].type() == dns::Type::Opt);
    CHECK(uint16_t(back->additionals[0].rclass) == 1232);
}

TEST_CASE("dns: a response cut to 512 bytes for UDP sets TC", "[wire][dns]")
{
    dns::Repr r = response();
    CHECK_FALSE(dns::truncate_to(r, dns::kMaxUdpLen));
    CHECK(r == response());
    // Glue alone does not set TC.
    CHECK(dns::truncate_to(r, sizeof(kDnsResponse) - 1));
    CHECK(r.additionals.empty());
    CHECK_FALSE(r.truncated);
    for (int i = 0; i < 40; ++i)
        r.answers.push_back(record("web.lab", 300, dns::A{Ipv4Addr::from_u32(0x0a000100u + i)}));
    CHECK(dns::buffer_len(r) > dns::kMaxUdpLen);
    CHECK(dns::truncate_to(r, dns::kMaxUdpLen));
    CHECK(r.truncated);
    CHECK(r.authorities.empty());
    CHECK(dns::buffer_len(r) <= dns::kMaxUdpLen);
    CHECK(dns::buffer_len(r) + 16 > dns::kMaxUdpLen); // one more A record would not fit
}

TEST_CASE("dns: truncated at every length", "[wire][dns]")
{
    for (ByteSpan m : {ByteSpan(kDnsQuery), ByteSpan(kDnsResponse), ByteSpan(kDnsNxDomain)})
        for (size_t n = 0; n < m.size(); ++n) {
            auto r = dns::parse(m.first(n));
            REQUIRE_FALSE(r.ok());
            CHECK(r.error() == WireError::Truncated);
        }
    CHECK(error_of(ByteSpan(kDnsQuery).first(11)) ==
          "dns: message of 11 bytes, the header needs 12");
    CHECK(error_of(ByteSpan(kDnsQuery).first(12)) ==
          "dns: header announces 1 questions, the message ends after 0");
    CHECK(error_of(ByteSpan(kDnsQuery).first(18)) ==
          "dns: label at offset 16 runs past the end of the message");
    CHECK(error_of(ByteSpan(kDnsQuery).first(21)) ==
          "dns: question at offset 12 is cut off after its name (needs 4 more bytes)");
    CHECK(error_of(ByteSpan(kDnsResponse).first(43)) ==
          "dns: header announces 2 answer records, the message ends after 1");
    CHECK(error_of(ByteSpan(kDnsResponse).first(26)) ==
          "dns: compression pointer at offset 25 is cut off");
    CHECK(error_of(ByteSpan(kDnsResponse).first(40)) ==
          "dns: record data at offset 37 is 6 bytes long, past the end of the message");
    CHECK(error_of(ByteSpan(kDnsResponse).first(77)) ==
          "dns: header announces 1 additional records, the message ends after 0");
}

TEST_CASE("dns: compression loops and pointers past the end", "[wire][dns]")
{
    // A pointer to itself.
    Bytes self = message({0xc0, 0x0c, 0, 1, 0, 1});
    auto r = dns::parse(self);
    CHECK(r.error() == WireError::Malformed);
    CHECK(r.error().message() == "dns: compression pointer at offset 12 points to 12, not before "
                                 "the data it continues (a loop)");
    // "a" then a pointer back to it: a loop through a label.
    CHECK(error_of(message({0x01, 'a', 0xc0, 0x0c, 0, 1, 0, 1})) ==
          "dns: compression pointer at offset 14 points to 12, not before the data it "
          "continues (a loop)");
    // Two pointers pointing at each other (the first points forward).
    CHECK(error_of(message({0xc0, 0x0e, 0xc0, 0x0c, 0, 1, 0, 1})) ==
          "dns: compression pointer at offset 12 points to 14, not before the data it "
          "continues (a loop)");
    // Past the end.
    auto past = dns::parse(message({0xc0, 0xff, 0, 1, 0, 1}));
    CHECK(past.error() == WireError::Malformed);
    CHECK(past.error().message() ==
          "dns: compression pointer at offset 12 points to 255, past the end of the message");
    CHECK(error_of(message({0xff, 0xff, 0, 1, 0, 1})) ==
          "dns: compression pointer at offset 12 points to 16383, past the end of the message");
    // The reserved label types 01 and 10 (RFC 6891 retired 01 as extended labels).
    CHECK(error_of(message({0x41, 'a', 0, 0, 1, 0, 1})) ==
          "dns: label type 0x40 at offset 12 is not defined (only labels and compression "
          "pointers)");
    CHECK(error_of(message({0x80, 0, 0, 1, 0, 1})) ==
          "dns: label type 0x80 at offset 12 is not defined (only labels and compression "
          "pointers)");
}

TEST_CASE("dns: a name over 255 bytes is refused on the wire", "[wire][dns]")
{
    // Four labels of 63 bytes: 4 * 64 + 1 = 257 bytes.
    Bytes m = message({});
    for (int i = 0; i < 4; ++i) {
        m.push_back(63);
        m.insert(m.end(), 63, 'x');
    }
    m.insert(m.end(), {0, 0, 1, 0, 1});
    auto r = dns::parse(m);
    CHECK(r.error() == WireError::BadLength);
    CHECK(r.error().message() == "dns: name at offset 12 is longer than 255 bytes");
    // Three labels of 63 and one of 61: exactly 255.
    m[12 + 3 * 64] = 61;
    m.erase(m.begin() + 12 + 3 * 64 + 1, m.begin() + 12 + 3 * 64 + 3);
    auto ok = dns::parse(m);
    REQUIRE(ok.ok());
    CHECK(ok->questions[0].name.wire_len() == 255);
}

TEST_CASE("dns: record data that does not match its type", "[wire][dns]")
{
    // www.lab-less owner (root), type, class, ttl, rdlength, data
    auto rr = [](uint16_t type, std::initializer_list<uint8_t> rdata) {
        Bytes m = message({}, 0, 1);
        m.insert(m.end(), {0, uint8_t(type >> 8), uint8_t(type), 0, 1, 0, 0, 0, 60, 0,
                           uint8_t(rdata.size())});
        m.insert(m.end(), rdata);
        return m;
    };
    CHECK(error_of(rr(1, {10, 0, 0, 1, 9})) == "dns: A record data has length 5, must be 4");
    CHECK(error_of(rr(28, {1, 2, 3})) == "dns: AAAA record data has length 3, must be 16");
    CHECK(error_of(rr(5, {1, 'a', 0, 7})) ==
          "dns: record of type 5 has data length 4, which does not match its fields");
    CHECK(error_of(rr(15, {0, 10})) ==
          "dns: record of type 15 has data length 2, which does not match its fields");
    CHECK(error_of(rr(16, {5, 'a', 'b'})) ==
          "dns: TXT string at offset 23 runs past the record data");
    CHECK(error_of(rr(6, {0, 0, 1, 2, 3})) ==
          "dns: SOA record data has 3 bytes after its two names, needs exactly 20");
    // A name in record data may not run past the data into the next bytes.
    Bytes cname = rr(5, {3, 'w', 'w', 'w'});
    cname.push_back(0);
    CHECK(error_of(cname) == "dns: a name in the record data at offset 23 runs past its length 4");
    // An empty TXT record is accepted as no strings.
    auto empty_txt = dns::parse(rr(16, {}));
    REQUIRE(empty_txt.ok());
    CHECK(std::get<dns::Txt>(empty_txt->answers[0].data).strings.empty());
}

TEST_CASE("dns: presentation as dig prints it", "[wire][dns]")
{
    CHECK(dns::to_string(dns::Rcode::NxDomain) == "NXDOMAIN");
    CHECK(dns::to_string(dns::Rcode::ServFail) == "SERVFAIL");
    CHECK(dns::to_string(dns::Rcode(12)) == "RESERVED12");
    CHECK(dns::to_string(dns::Type::Aaaa) == "AAAA");
    CHECK(dns::to_string(dns::Type(65)) == "TYPE65");
    CHECK(dns::to_string(dns::Class::In) == "IN");
    CHECK(dns::to_string(dns::Class(5)) == "CLASS5");
    CHECK(dns::type_from_text("mx") == dns::Type::Mx);
    CHECK(dns::type_from_text("TYPE65") == dns::Type(65));
    CHECK(dns::type_from_text("TYPE65536") == std::nullopt);
    CHECK(dns::type_from_text("bogus") == std::nullopt);
    auto r = dns::parse(kDnsResponse).value();
    CHECK(dns::to_text(r.answers[0]) == "www.lab.\t300\tIN\tCNAME\tweb.lab.");
    CHECK(dns::to_text(r.answers[1]) == "web.lab.\t300\tIN\tA\t10.0.0.80");
    CHECK(dns::rdata_to_text(lab_soa()) ==
          "ns1.lab. hostmaster.lab. 2024010101 3600 600 86400 300");
    CHECK(dns::rdata_to_text(dns::Mx{10, name("mail.lab")}) == "10 mail.lab.");
    CHECK(dns::rdata_to_text(dns::Txt{{"say \"hi\"", "a\tb"}}) == "\"say \\\"hi\\\"\" \"a\\009b\"");
    CHECK(dns::rdata_to_text(dns::Aaaa{Ipv6Addr::loopback()}) == "::1");
    CHECK(dns::rdata_to_text(dns::RawRdata{99, {0x0a, 0x0b, 0x0c}}) == "\\# 3 0a0b0c");
    CHECK(dns::rdata_to_text(dns::RawRdata{99, {}}) == "\\# 0");
}
