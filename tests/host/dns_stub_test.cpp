// The stub resolver as commands use it: hosts entries, address literals, the search list, CNAME
// chains, NXDOMAIN/NODATA/SERVFAIL, timeouts with retries, refused ports, cancellation; and ping
// taking a name.
#include "core/host/dns_stub.h"
#include "core/shell/shell.h"
#include "tests/services/dns_test_server.h"
#include "tests/transport/harness.h"

using namespace wirelab;
using namespace wirelab::test;
using app::AddressFamily;
using app::DnsStub;
using app::Resolved;
using app::ResolveError;

namespace {

struct Outcome {
    bool done = false;
    std::optional<Resolved> ok;
    std::optional<ResolveError> err;
    SimTime at;
};

// Starts a lookup on h.a and runs the network until it completes (or 60 s pass).
Outcome resolve(TwoHosts& h, const std::string& name, AddressFamily fam = AddressFamily::Any)
{
    Outcome o;
    DnsStub::Lookup l = DnsStub::of(h.a).resolve(name, fam, [&](Result<Resolved, ResolveError> r) {
        o.done = true;
        o.at = h.net.now();
        if (r)
            o.ok = *r;
        else
            o.err = r.error();
    });
    CHECK_FALSE(o.done); // never inside resolve()
    h.run_until([&] { return o.done; }, SimTime::from_s(60));
    REQUIRE(o.done);
    return o;
}

} // namespace

TEST_CASE("stub resolver: literals, localhost and hosts entries need no query", "[app][dns][stub]")
{
    TwoHosts h(1);
    ScriptedDns server(h.b);
    DnsStub& stub = DnsStub::of(h.a);
    stub.config().servers = {ip("10.0.0.2")};
    stub.config().hosts = {{"www.lab", ip("10.0.0.80")}, {"www.lab", ip("fd00::80")}};

    Outcome o = resolve(h, "10.9.8.7");
    REQUIRE(o.ok);
    CHECK(o.ok->addr == ip("10.9.8.7"));
    CHECK(o.ok->from_hosts);

    o = resolve(h, "WWW.lab.");
    REQUIRE(o.ok);
    CHECK(o.ok->addr == ip("10.0.0.80"));
    CHECK(o.ok->canonical_name == "WWW.lab");

    o = resolve(h, "www.lab", AddressFamily::V6);
    REQUIRE(o.ok);
    CHECK(o.ok->addr == ip("fd00::80"));

    o = resolve(h, "localhost");
    REQUIRE(o.ok);
    CHECK(o.ok->addr == ip("127.0.0.1"));

    o = resolve(h, "10.9.8.7", AddressFamily::V6);
    REQUIRE(o.err);
    CHECK(o.err->kind == ResolveError::Kind::NoData);
    CHECK(server.asked.empty());
}

TEST_CASE("stub resolver: the search list, then the name as given (ndots 1)", "[app][dns][stub]")
{
    TwoHosts h(2);
    ScriptedDns server(h.b);
    server.table["www. A"] = {wire::dns::Rcode::NoError, {a_record("www.", "10.0.0.99")}};
    server.table["www.lab. A"] = {wire::dns::Rcode::NoError, {a_record("www.lab", "10.0.0.80")}};
    DnsStub& stub = DnsStub::of(h.a);
    stub.config().servers = {ip("10.0.0.2")};
    stub.config().search = {"corp", "lab"};

    // No dot: the search domains first.
    Outcome o = resolve(h, "www");
    REQUIRE(o.ok);
    CHECK(o.ok->addr == ip("10.0.0.80"));
    CHECK(o.ok->canonical_name == "www.lab");
    CHECK(server.asked == std::vector<std::string>{"www.corp. A", "www.lab. A"});

    // One dot: as given first, then the search list.
    server.asked.clear();
    server.table["mail.corp.lab. A"] = {wire::dns::Rcode::NoError,
                                        {a_record("mail.corp.lab", "10.0.0.25")}};
    o = resolve(h, "mail.corp");
    REQUIRE(o.ok);
    CHECK(o.ok->addr == ip("10.0.0.25"));
    CHECK(server.asked ==
          std::vector<std::string>{"mail.corp. A", "mail.corp.corp. A", "mail.corp.lab. A"});

    // A trailing dot: exactly that name.
    server.asked.clear();
    o = resolve(h, "nope.");
    REQUIRE(o.err);
    CHECK(o.err->kind == ResolveError::Kind::NoName);
    CHECK(std::string(o.err->text()) == "Name or service not known");
    CHECK(server.asked == std::vector<std::string>{"nope. A"});
}

TEST_CASE("stub resolver: CNAME chains, IPv6 fallback, NODATA and SERVFAIL", "[app][dns][stub]")
{
    TwoHosts h(3);
    ScriptedDns server(h.b);
    server.table["web.lab. A"] = {
        wire::dns::Rcode::NoError,
        {cname_record("web.lab", "front.lab"), cname_record("front.lab", "srv1.lab"),
         a_record("srv1.lab", "10.0.0.81"), a_record("srv1.lab", "10.0.0.82")}};
    server.table["v6.lab. A"] = {wire::dns::Rcode::NoError, {}};
    server.table["v6.lab. AAAA"] = {wire::dns::Rcode::NoError,
                                    {{dns_name("v6.lab"), wire::dns::Class::In, 60,
                                      wire::dns::Aaaa{wire::Ipv6Addr::parse("fd00::6").value()}}}};
    server.table["txt.lab. A"] = {wire::dns::Rcode::NoError, {}};
    server.table["txt.lab. AAAA"] = {wire::dns::Rcode::NoError, {}};
    server.table["broken.lab. A"] = {wire::dns::Rcode::ServFail, {}};
    DnsStub::of(h.a).config().servers = {ip("10.0.0.2")};

    Outcome o = resolve(h, "web.lab");
    REQUIRE(o.ok);
    CHECK(o.ok->canonical_name == "srv1.lab");
    CHECK(o.ok->addrs == std::vector<wire::IpAddr>{ip("10.0.0.81"), ip("10.0.0.82")});

    o = resolve(h, "v6.lab");
    REQUIRE(o.ok);
    CHECK(o.ok->addr == ip("fd00::6"));

    o = resolve(h, "txt.lab");
    REQUIRE(o.err);
    CHECK(o.err->kind == ResolveError::Kind::NoData);
    CHECK(std::string(o.err->text()) == "No address associated with hostname");

    server.asked.clear();
    o = resolve(h, "broken.lab");
    REQUIRE(o.err);
    CHECK(o.err->kind == ResolveError::Kind::TryAgain);
    CHECK(o.err->describe() ==
          "Temporary failure in name resolution (10.0.0.2 answered SERVFAIL for broken.lab.)");
    // A SERVFAIL is retried like a silent server (glibc: next server, every attempt).
    CHECK(server.asked == std::vector<std::string>{"broken.lab. A", "broken.lab. A"});
}

TEST_CASE("stub resolver: timeouts are retried, then reported with the servers tried",
          "[app][dns][stub]")
{
    TwoHosts h(4);
    ScriptedDns server(h.b);
    server.silent = true;
    DnsStub& stub = DnsStub::of(h.a);
    stub.config().servers = {ip("10.0.0.2"), ip("10.0.0.3")};
    stub.config().timeout = SimTime::from_s(2);
    SimTime start = h.net.now();
    Outcome o = resolve(h, "www.lab");
    REQUIRE(o.err);
    CHECK(o.err->kind == ResolveError::Kind::TryAgain);
    CHECK(o.err->describe() == "Temporary failure in name resolution (no answer from 10.0.0.2, "
                               "10.0.0.3 (2 tries of 2 s))");
    // Two rounds over two servers, 2 s each.
    CHECK(o.at - start == SimTime::from_s(8));
    CHECK(server.asked.size() == 2); // 10.0.0.3 does not exist: its queries die unanswered ARP
}

TEST_CASE("stub resolver: no server, a closed port, a bad name", "[app][dns][stub]")
{
    TwoHosts h(5);
    Outcome o = resolve(h, "www.lab");
    REQUIRE(o.err);
    CHECK(o.err->describe() ==
          "Temporary failure in name resolution (a has no DNS server: set \"dns\" on "
          "the device, or get one from DHCP)");

    DnsStub::of(h.a).config().servers = {ip("10.0.0.2")}; // b runs no DNS server
    o = resolve(h, "www.lab");
    REQUIRE(o.err);
    CHECK(o.err->describe() ==
          "Temporary failure in name resolution (nothing listens on UDP port 53 at 10.0.0.2)");
    CHECK(o.at < SimTime::from_s(1)); // ICMP port unreachable ends each attempt at once

    o = resolve(h, "bad..name");
    REQUIRE(o.err);
    CHECK(o.err->kind == ResolveError::Kind::NoName);
}

TEST_CASE("stub resolver: a destroyed Lookup never calls back", "[app][dns][stub]")
{
    TwoHosts h(6);
    ScriptedDns server(h.b);
    server.table["www.lab. A"] = {wire::dns::Rcode::NoError, {a_record("www.lab", "10.0.0.80")}};
    DnsStub::of(h.a).config().servers = {ip("10.0.0.2")};
    bool called = false;
    {
        DnsStub::Lookup l = DnsStub::of(h.a).resolve(
            "www.lab", AddressFamily::Any, [&](Result<Resolved, ResolveError>) { called = true; });
        CHECK(l.is_pending());
        h.net.run_until(h.net.now() + SimTime::from_us(10)); // the query is on the wire
    }
    h.net.run_until(h.net.now() + SimTime::from_s(20));
    CHECK_FALSE(called);
    CHECK(server.asked.size() == 1);
}

TEST_CASE("ping and traceroute take names", "[app][dns][stub]")
{
    TwoHosts h(7);
    ScriptedDns server(h.b);
    server.table["b.lab. A"] = {wire::dns::Rcode::NoError, {a_record("b.lab", "10.0.0.2")}};
    DnsStub& stub = DnsStub::of(h.a);
    stub.config().servers = {ip("10.0.0.2")};
    stub.config().search = {"lab"};
    app::Shell sh(h.net, h.a);
    std::string text;
    int code = -1;
    sh.run(
        "ping -c 1 b", [&](std::string_view t) { text += t; }, [&](int c) { code = c; });
    h.run_until([&] { return code >= 0; }, SimTime::from_s(10));
    CHECK(code == 0);
    CHECK(text.rfind(
              "PING b (10.0.0.2) 56(84) bytes of data.\n64 bytes from 10.0.0.2: icmp_seq=1 ttl=64",
              0) == 0);

    text.clear();
    code = -1;
    sh.run(
        "ping -c 1 nope.lab", [&](std::string_view t) { text += t; }, [&](int c) { code = c; });
    h.run_until([&] { return code >= 0; }, SimTime::from_s(10));
    CHECK(code == 2);
    CHECK(text == "ping: nope.lab: Name or service not known\n");

    text.clear();
    code = -1;
    sh.run(
        "traceroute b", [&](std::string_view t) { text += t; }, [&](int c) { code = c; });
    h.run_until([&] { return code >= 0; }, SimTime::from_s(30));
    CHECK(code == 0);
    CHECK(text.rfind("traceroute to b (10.0.0.2), 30 hops max, 60 byte packets\n", 0) == 0);
}
