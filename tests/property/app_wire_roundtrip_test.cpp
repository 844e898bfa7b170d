// Property tests for the application-layer wire formats: parse(emit(r)) == r for random DHCP,
// DNS, HTTP and NTP values, and random or mutated bytes never crash a parser (whatever parses
// re-emits consistently, tests/fuzz/app_oracles.h). Reproduce a failure with --rng-seed <seed>.
//
// [SECTION] index: DHCP · DNS · HTTP · NTP · arbitrary bytes
#include "core/base/rng.h"
#include "tests/fuzz/app_oracles.h"
#include "tests/wire/app_fixtures.h"
#include "tests/wire/wire_test_util.h"

#include <catch2/catch.hpp>

#include <string>

using namespace wirelab;
using namespace wirelab::wire;

namespace {

constexpr int kCases = 200;

uint32_t seed()
{
    return GENERATE(take(kCases, random(0u, 0xffffffffu)));
}

template <class T>
T pick(Rng& rng, T lo, T hi)
{
    return T(rng.uniform_int(int64_t(lo), int64_t(hi)));
}

Bytes random_bytes(Rng& rng, size_t max_len)
{
    Bytes b(rng.below(uint32_t(max_len + 1)));
    for (auto& x : b) x = uint8_t(rng.next_u32());
    return b;
}

// Characters drawn from `alphabet`, `lo`..`hi` of them.
std::string random_text(Rng& rng, std::string_view alphabet, size_t lo, size_t hi)
{
    std::string s(pick<size_t>(rng, lo, hi), ' ');
    for (char& c : s) c = alphabet[rng.below(uint32_t(alphabet.size()))];
    return s;
}

std::string random_binary(Rng& rng, size_t lo, size_t hi)
{
    std::string s(pick<size_t>(rng, lo, hi), ' ');
    for (char& c : s) c = char(rng.next_u32());
    return s;
}

Ipv4Addr random_ip4(Rng& rng)
{
    return Ipv4Addr::from_u32(rng.next_u32());
}

Ipv6Addr random_ip6(Rng& rng)
{
    Ipv6Addr a;
    for (auto& b : a.bytes) b = uint8_t(rng.next_u32());
    return a;
}

constexpr std::string_view kPrintable =
    " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
constexpr std::string_view kTchar =
    "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

} // namespace

// [SECTION] DHCP

namespace {

std::vector<Ipv4Addr> random_addrs(Rng& rng)
{
    std::vector<Ipv4Addr> v(rng.bernoulli(0.1) ? rng.below(80) : rng.below(4));
    for (auto& a : v) a = random_ip4(rng);
    return v;
}

void random_dhcp_options(Rng& rng, dhcp::Repr& r)
{
    auto maybe = [&] { return rng.bernoulli(0.5); };
    if (maybe()) r.message_type = dhcp::MessageType(pick(rng, 1, 255));
    if (maybe()) r.server_id = random_ip4(rng);
    if (maybe()) r.requested_ip = random_ip4(rng);
    if (maybe()) r.lease_time = rng.next_u32();
    if (maybe()) r.renewal_time = rng.next_u32();
    if (maybe()) r.rebinding_time = rng.next_u32();
    if (maybe()) r.subnet_mask = random_ip4(rng);
    if (maybe()) r.max_message_size = pick<uint16_t>(rng, 0, 0xffff);
    r.routers = random_addrs(rng);
    r.dns_servers = random_addrs(rng);
    r.domain_name = random_binary(rng, 0, rng.bernoulli(0.1) ? 300 : 20);
    r.host_name = random_binary(rng, 0, 20);
    r.message = random_binary(rng, 0, 40);
    if (maybe()) r.client_id = random_bytes(rng, 20), r.client_id.resize(r.client_id.size() + 2, 1);
    Bytes prl = random_bytes(rng, 12);
    r.parameter_request_list.assign(prl.begin(), prl.end());
    // Codes this module does not interpret, each at most once.
    const uint8_t pool[] = {2, 4, 7, 42, 43, 60, 66, 67, 80, 81, 82, 119, 121, 150, 224, 250};
    for (uint8_t code : pool)
        if (rng.bernoulli(0.2))
            r.other_options.push_back({code, random_bytes(rng, rng.bernoulli(0.1) ? 600 : 30)});
}

} // namespace

TEST_CASE("property: dhcp round-trips", "[property][wire][dhcp]")
{
    Rng rng(seed());
    dhcp::Repr r;
    r.op = rng.bernoulli(0.5) ? dhcp::Op::Request : dhcp::Op::Reply;
    r.hops = pick<uint8_t>(rng, 0, 255);
    r.xid = rng.next_u32();
    r.secs = pick<uint16_t>(rng, 0, 0xffff);
    r.broadcast = rng.bernoulli(0.5);
    r.ciaddr = random_ip4(rng);
    r.yiaddr = random_ip4(rng);
    r.siaddr = random_ip4(rng);
    r.giaddr = random_ip4(rng);
    for (auto& b : r.chaddr.bytes) b = uint8_t(rng.next_u32());
    r.sname = random_text(rng, kPrintable, 0, 64);
    r.file = random_text(rng, kPrintable, 0, 128);
    random_dhcp_options(rng, r);
    Bytes out(dhcp::buffer_len(r), 0xA5);
    dhcp::emit(r, out);
    CHECK(out.size() >= 300);
    auto p = dhcp::parse(out);
    REQUIRE(p.ok());
    CHECK(p.value() == r);
}

// [SECTION] DNS

namespace {

dns::Name random_name(Rng& rng, const std::vector<dns::Name>& earlier)
{
    // Often a child of an earlier name, so compression has something to find.
    dns::Name base = (!earlier.empty() && rng.bernoulli(0.6))
                         ? earlier[rng.below(uint32_t(earlier.size()))]
                         : dns::Name();
    for (uint32_t i = rng.below(3); i > 0; --i) {
        std::string label =
            rng.bernoulli(0.8) ? random_text(rng, "abcXYZ-09", 1, 12) : random_binary(rng, 1, 63);
        auto child = base.child(label);
        if (child) base = child.value();
    }
    return base;
}

dns::RData random_rdata(Rng& rng, std::vector<dns::Name>& names)
{
    auto n = [&] {
        names.push_back(random_name(rng, names));
        return names.back();
    };
    switch (rng.below(9)) {
    case 0: return dns::A{random_ip4(rng)};
    case 1: return dns::Aaaa{random_ip6(rng)};
    case 2: return dns::Ns{n()};
    case 3: return dns::Cname{n()};
    case 4: return dns::Ptr{n()};
    case 5: return dns::Mx{pick<uint16_t>(rng, 0, 0xffff), n()};
    case 6: {
        dns::Txt t;
        for (uint32_t i = rng.below(4); i > 0; --i) t.strings.push_back(random_binary(rng, 0, 255));
        return t;
    }
    case 7:
        return dns::Soa{
            n(),           n(), rng.next_u32(), rng.next_u32(), rng.next_u32(), rng.next_u32(),
            rng.next_u32()};
    default: {
        const uint16_t raw_types[] = {13, 33, 41, 99, 257, 65000};
        return dns::RawRdata{raw_types[rng.below(6)], random_bytes(rng, 60)};
    }
    }
}

} // namespace

TEST_CASE("property: dns round-trips, compression and case included", "[property][wire][dns]")
{
    Rng rng(seed());
    dns::Repr r;
    r.id = pick<uint16_t>(rng, 0, 0xffff);
    r.response = rng.bernoulli(0.5);
    const dns::Opcode opcodes[] = {dns::Opcode::Query, dns::Opcode::Status, dns::Opcode::Notify,
                                   dns::Opcode::Update, dns::Opcode(15)};
    r.opcode = opcodes[rng.below(5)];
    r.authoritative = rng.bernoulli(0.5);
    r.truncated = rng.bernoulli(0.5);
    r.recursion_desired = rng.bernoulli(0.5);
    r.recursion_available = rng.bernoulli(0.5);
    r.authentic_data = rng.bernoulli(0.5);
    r.checking_disabled = rng.bernoulli(0.5);
    r.rcode = dns::Rcode(pick(rng, 0, 15));
    std::vector<dns::Name> names;
    for (uint32_t i = rng.below(3); i > 0; --i) {
        names.push_back(random_name(rng, names));
        r.questions.push_back(
            {names.back(), dns::Type(pick(rng, 0, 0xffff)), dns::Class(pick(rng, 0, 0xffff))});
    }
    for (auto* section : {&r.answers, &r.authorities, &r.additionals})
        for (uint32_t i = rng.below(5); i > 0; --i) {
            names.push_back(random_name(rng, names));
            dns::Record rec{names.back(), dns::Class(pick(rng, 0, 0xffff)), rng.next_u32(), {}};
            rec.data = random_rdata(rng, names);
            section->push_back(std::move(rec));
        }
    Bytes out(dns::buffer_len(r), 0xA5);
    dns::emit(r, out);
    auto p = dns::parse(out);
    REQUIRE(p.ok());
    CHECK(p.value() == r);
    // Byte-exact again (names keep their case), and the text form of each name reads back.
    CHECK(oracle::dns(out) == nullptr);
}

// [SECTION] HTTP

namespace {

std::string random_field_value(Rng& rng)
{
    std::string v = random_text(rng, kPrintable, 0, 30);
    while (!v.empty() && v.front() == ' ') v.erase(v.begin());
    while (!v.empty() && v.back() == ' ') v.pop_back();
    return v;
}

void random_headers(Rng& rng, http::Headers& h)
{
    for (uint32_t i = rng.below(6); i > 0; --i)
        h.add("X-" + random_text(rng, kTchar, 1, 12), random_field_value(rng));
}

// Body framed by Content-Length or chunks; `allow_close` adds the close-delimited kind.
template <class Msg>
void random_body(Rng& rng, Msg& m, bool allow_close)
{
    std::string body = random_binary(rng, 0, rng.bernoulli(0.2) ? 40000 : 200);
    switch (rng.below(allow_close ? 3 : 2)) {
    case 0: http::set_body(m, std::move(body), rng.bernoulli(0.5) ? "text/plain" : ""); break;
    case 1:
        m.headers.add("Transfer-Encoding", "chunked");
        m.body = std::move(body);
        break;
    default: m.body = std::move(body); break;
    }
}

// Feeds `bytes` in random pieces; returns every message the parser produced.
template <class Parser, class Msg>
std::vector<Msg> parse_in_pieces(Rng& rng, Parser& p, const Bytes& bytes)
{
    std::vector<Msg> got;
    size_t off = 0;
    while (off < bytes.size()) {
        size_t n =
            std::min<size_t>(bytes.size() - off, 1 + rng.below(rng.bernoulli(0.3) ? 3 : 3000));
        p.feed(ByteSpan(bytes).subspan(off, n));
        off += n;
        for (auto r = p.next(); r.ok() && r.value(); r = p.next()) got.push_back(*r.value());
    }
    p.feed_eof();
    for (auto r = p.next(); r.ok() && r.value(); r = p.next()) got.push_back(*r.value());
    return got;
}

} // namespace

TEST_CASE("property: http requests round-trip through random chunking", "[property][wire][http]")
{
    Rng rng(seed());
    std::vector<http::Request> sent(1 + rng.below(3));
    Bytes stream;
    for (auto& r : sent) {
        r.method = random_text(rng, kTchar, 1, 8);
        r.target = "/" + random_text(rng, "abcXYZ019/?&=%-._~", 0, 40);
        r.minor_version = pick<uint8_t>(rng, 0, 1);
        random_headers(rng, r.headers);
        if (rng.bernoulli(0.6)) random_body(rng, r, false);
        http::EmitOptions opts;
        opts.chunk_size = 1 + rng.below(5000);
        Bytes b = http::serialize(r, opts);
        stream.insert(stream.end(), b.begin(), b.end());
    }
    http::RequestParser p;
    auto got = parse_in_pieces<http::RequestParser, http::Request>(rng, p, stream);
    REQUIRE(got.size() == sent.size());
    for (size_t i = 0; i < sent.size(); ++i) CHECK(got[i] == sent[i]);
}

TEST_CASE("property: http responses round-trip through random chunking", "[property][wire][http]")
{
    Rng rng(seed());
    http::Response r;
    r.minor_version = pick<uint8_t>(rng, 0, 1);
    r.status = pick<uint16_t>(rng, 100, 999);
    r.reason = random_text(rng, kPrintable, 0, 20);
    random_headers(rng, r.headers);
    if (!http::is_bodiless_status(r.status)) random_body(rng, r, true);
    Bytes b = http::serialize(r);
    http::ResponseParser p;
    auto got = parse_in_pieces<http::ResponseParser, http::Response>(rng, p, b);
    REQUIRE(got.size() == 1);
    CHECK(got[0] == r);
}

// [SECTION] NTP

TEST_CASE("property: ntp round-trips, and timestamps keep every nanosecond",
          "[property][wire][ntp]")
{
    Rng rng(seed());
    ntp::Repr r;
    r.leap = ntp::Leap(pick(rng, 0, 3));
    r.version = pick<uint8_t>(rng, 1, 4);
    r.mode = ntp::Mode(pick(rng, 0, 5));
    r.stratum = pick<uint8_t>(rng, 0, 255);
    r.poll = pick<int8_t>(rng, -128, 127);
    r.precision = pick<int8_t>(rng, -128, 127);
    r.root_delay = rng.next_u32();
    r.root_dispersion = rng.next_u32();
    r.reference_id = rng.next_u32();
    for (auto* t : {&r.reference, &r.origin, &r.receive, &r.transmit})
        *t = {rng.next_u32(), rng.next_u32()};
    Bytes out(ntp::kPacketLen, 0xA5);
    ntp::emit(r, out);
    auto p = ntp::parse(out);
    REQUIRE(p.ok());
    CHECK(p.value() == r);

    // Any time within ±60 years of 2024 survives Timestamp and back at nanosecond precision.
    int64_t when = int64_t(1704067200) * 1000000000 +
                   int64_t(rng.next_u64() % (uint64_t(120) * 365 * 86400 * 1000000000)) -
                   int64_t(60) * 365 * 86400 * 1000000000;
    ntp::Timestamp t = ntp::Timestamp::from_unix_ns(when);
    CHECK(t.to_unix_ns(int64_t(1704067200) * 1000000000) == when);
}

// [SECTION] arbitrary bytes never crash, and whatever parses re-emits consistently

TEST_CASE("property: random bytes never crash the application parsers", "[property][wire]")
{
    Rng rng(seed());
    Bytes b = random_bytes(rng, 400);
    // Now and then a valid DHCP head, so the option walker gets random options.
    Bytes dhcp_in = b;
    if (rng.bernoulli(0.5)) {
        dhcp_in = fixtures::dhcp_discover();
        dhcp_in.resize(dhcp::kOptions);
        dhcp_in.insert(dhcp_in.end(), b.begin(), b.end());
    }
    // Small section counts make the DNS parser go deeper than the header.
    Bytes dns_in = b;
    if (dns_in.size() >= 12 && rng.bernoulli(0.5))
        for (size_t i = 4; i < 12; i += 2) dns_in[i] = 0, dns_in[i + 1] &= 3;
    // Text-like bytes for HTTP.
    Bytes http_in = b;
    if (rng.bernoulli(0.5)) {
        std::string t =
            random_text(rng, "GET /HTP1.0: \r\n\r\nchunkedContent-Length0123456789abcdef;", 0, 300);
        http_in.assign(t.begin(), t.end());
        http_in.insert(http_in.begin(), uint8_t(rng.next_u32()));
    }
    for (const char* why :
         {oracle::dhcp(dhcp_in), oracle::dns(dns_in), oracle::http(http_in), oracle::ntp(b)}) {
        INFO((why ? why : ""));
        CHECK(why == nullptr);
    }
}

TEST_CASE("property: mutated application fixtures never crash", "[property][wire]")
{
    Rng rng(seed());
    using fixtures::bytes_of;
    const Bytes inputs[] = {fixtures::dhcp_discover(),
                            fixtures::dhcp_offer(),
                            fixtures::dhcp_request(),
                            fixtures::dhcp_ack(),
                            test::to_bytes(fixtures::kDnsQuery),
                            test::to_bytes(fixtures::kDnsResponse),
                            test::to_bytes(fixtures::kDnsNxDomain),
                            bytes_of(fixtures::kHttpGet),
                            bytes_of(fixtures::kHttpOk),
                            bytes_of(fixtures::kHttpChunked),
                            test::to_bytes(fixtures::kNtpRequest),
                            test::to_bytes(fixtures::kNtpReply)};
    size_t which = rng.below(uint32_t(std::size(inputs)));
    Bytes b = inputs[which];
    for (uint32_t flips = 1 + rng.below(4); flips > 0; --flips)
        b[rng.below(uint32_t(b.size()))] = uint8_t(rng.next_u32());
    if (rng.bernoulli(0.3)) b.resize(rng.below(uint32_t(b.size()) + 1));
    const char* why = nullptr;
    if (which < 4)
        why = oracle::dhcp(b);
    else if (which < 7)
        why = oracle::dns(b);
    else if (which < 10) {
        b.insert(b.begin(), uint8_t(which == 7 ? 2 * rng.below(128) : 2 * rng.below(128) + 1));
        why = oracle::http(b);
    } else
        why = oracle::ntp(b);
    INFO((why ? why : ""));
    CHECK(why == nullptr);
}
