// The recursive resolver in a small DNS hierarchy (root -> lab. -> answers): iteration from the
// root hints, the cache with TTLs counting down and expiring, negative caching, SERVFAIL for a
// dead delegation, forwarders; and dig, nslookup and host as a student uses them.
#include "core/host/dns_stub.h"
#include "core/net/l2_switch.h"
#include "core/net/network.h"
#include "core/services/dns/dns_server.h"
#include "core/shell/shell.h"

#include <catch2/catch.hpp>

using namespace wirelab;
namespace dns = wire::dns;

namespace {

dns::Name N(const char* s)
{
    return dns::Name::from_text(s).value();
}

wire::IpAddr ip(const char* s)
{
    return wire::IpAddr::parse(s).value();
}

app::DnsZone zone(const char* origin, std::vector<const char*> lines, uint32_t ttl = 300)
{
    std::vector<dns::Record> rrs;
    for (const char* l : lines) rrs.push_back(app::parse_zone_record(l, N(origin), ttl).value());
    return app::DnsZone::make(N(origin), std::move(rrs), 60).value();
}

// pc, resolver (10.0.0.53), root (10.0.0.2), ns.lab (10.0.0.3) on one switch.
struct Hierarchy {
    net::Network net{11};
    uint32_t next_port = 0; // before the members whose initialisers plug cables
    net::L2Switch& sw;
    net::Host& pc;
    net::Host& resolver;
    app::DnsServer* server = nullptr;

    Hierarchy()
        : sw(net.add_node<net::L2Switch>("sw", 8)), pc(host("pc", "10.0.0.10/24")),
          resolver(host("resolver", "10.0.0.53/24"))
    {
        auto& root = host("root", "10.0.0.2/24");
        auto& lab = host("labns", "10.0.0.3/24");
        app::DnsServerConfig rc;
        rc.zones.push_back(zone(".",
                                {"@ NS a.root.lab.", "lab. NS ns.lab.", "ns.lab. A 10.0.0.3",
                                 "a.root.lab. A 10.0.0.2", "dead. NS ns.dead.",
                                 "ns.dead. A 10.0.0.99", "10.in-addr.arpa. NS ns.lab."},
                                86400));
        app::ServiceSet::of(root).add<app::DnsServer>(std::move(rc));
        app::DnsServerConfig lc;
        lc.zones.push_back(
            zone("lab", {"@ NS ns", "ns A 10.0.0.3", "a.root A 10.0.0.2", "www A 10.0.0.80",
                         "web CNAME www", "@ MX 10 mail", "mail A 10.0.0.25"}));
        lc.zones.push_back(zone("10.in-addr.arpa", {"@ NS ns.lab.", "80.0.0 PTR www.lab."}));
        app::ServiceSet::of(lab).add<app::DnsServer>(std::move(lc));
        app::DnsServerConfig cfg;
        cfg.recursion = true;
        cfg.resolver.root_hints = {{N("a.root.lab"), ip("10.0.0.2")}};
        server = &app::ServiceSet::of(resolver).add<app::DnsServer>(std::move(cfg));
        app::DnsStub::of(pc).config().servers = {ip("10.0.0.53")};
        app::DnsStub::of(pc).config().search = {"lab"};
    }

    net::Host& host(const char* name, const char* addr)
    {
        auto& h = net.add_node<net::Host>(name);
        h.add_interface("eth0");
        h.add_address(0, wire::Ipv4Prefix::parse(addr).value());
        REQUIRE(net.connect({h.id(), 0}, {sw.id(), next_port++}, {}).ok());
        return h;
    }

    app::DnsResolver& cache() { return *server->resolver(); }

    // Runs a command on pc to its end.
    std::string run(const std::string& line, int* code_out = nullptr)
    {
        app::Shell sh(net, pc);
        std::string text;
        int code = -1;
        sh.run(
            line, [&](std::string_view t) { text += t; }, [&](int c) { code = c; });
        SimTime end = net.now() + SimTime::from_s(60);
        while (code < 0 && net.now() < end)
            net.run_until(std::min(end, net.now() + SimTime::from_ms(5)));
        if (code_out) *code_out = code;
        return text;
    }

    const app::CacheView* cached(const char* name, dns::Type type)
    {
        static std::vector<app::CacheView> keep;
        keep = cache().cache();
        for (const app::CacheView& v : keep)
            if (v.name == N(name) && v.type == type) return &v;
        return nullptr;
    }
};

bool has(const std::string& text, const std::string& what)
{
    return text.find(what) != std::string::npos;
}

} // namespace

TEST_CASE("resolver: iterates from the root, caches, counts TTLs down and expires them",
          "[app][dns][resolver]")
{
    Hierarchy h;
    h.net.run_until(SimTime::from_s(1));
    std::string out = h.run("dig +short www.lab");
    CHECK(out == "10.0.0.80\n");
    CHECK(h.cache().stats().queries_sent == 2); // root (referral to lab.), then ns.lab
    const app::CacheView* ns = h.cached("lab", dns::Type::Ns);
    REQUIRE(ns);
    CHECK(ns->ttl_left == 86400);
    REQUIRE(h.cached("ns.lab", dns::Type::A)); // the glue
    REQUIRE(h.cached("www.lab", dns::Type::A));

    // 100 s later the answer comes from the cache, its TTL 100 s smaller.
    h.net.run_until(h.net.now() + SimTime::from_s(100));
    out = h.run("dig www.lab");
    CHECK(has(out, "www.lab.\t200\tIN\tA\t10.0.0.80\n"));
    CHECK(has(out, ";; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0\n"));
    CHECK(has(out, ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"));
    CHECK(h.cache().stats().queries_sent == 2);
    CHECK(h.cache().stats().cache_hits == 1);

    // After the TTL the record is gone; the delegation is still known, so one query suffices.
    h.net.run_until(h.net.now() + SimTime::from_s(201));
    CHECK_FALSE(h.cached("www.lab", dns::Type::A));
    out = h.run("dig +short www.lab");
    CHECK(out == "10.0.0.80\n");
    CHECK(h.cache().stats().queries_sent == 3);
}

TEST_CASE("resolver: NXDOMAIN is cached for the SOA's negative TTL", "[app][dns][resolver]")
{
    Hierarchy h;
    h.net.run_until(SimTime::from_s(1));
    int code = 0;
    std::string out = h.run("dig nope.lab", &code);
    CHECK(code == 0); // dig reports NXDOMAIN in the header, not in its exit status
    CHECK(has(out, ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: "));
    CHECK(has(
        out,
        ";; AUTHORITY SECTION:\nlab.\t60\tIN\tSOA\tns.lab. hostmaster.lab. 1 3600 600 86400 60\n"));
    uint64_t sent = h.cache().stats().queries_sent;
    const app::CacheView* neg = h.cached("nope.lab", dns::Type::Any);
    REQUIRE(neg);
    CHECK(neg->negative);
    CHECK(neg->rcode == dns::Rcode::NxDomain);

    h.net.run_until(h.net.now() + SimTime::from_s(30));
    out = h.run("host nope.lab.", &code);
    CHECK(code == 1);
    CHECK(out == "Host nope.lab. not found: 3(NXDOMAIN)\n");
    CHECK(h.cache().stats().queries_sent == sent); // from the negative cache

    h.net.run_until(h.net.now() + SimTime::from_s(31));
    h.run("host nope.lab.");
    CHECK(h.cache().stats().queries_sent == sent + 1); // expired: asked again
}

TEST_CASE("resolver: a dead delegation gives SERVFAIL after the server timeout",
          "[app][dns][resolver]")
{
    Hierarchy h;
    h.net.run_until(SimTime::from_s(1));
    SimTime start = h.net.now();
    std::string out = h.run("dig www.dead");
    CHECK(has(out, "status: SERVFAIL"));
    CHECK(h.net.now() - start >= SimTime::from_s(2)); // one 2 s timeout on ns.dead
    int code = 0;
    out = h.run("ping -c 1 www.dead.", &code);
    CHECK(code == 2);
    CHECK(out == "ping: www.dead.: Temporary failure in name resolution (10.0.0.53 answered "
                 "SERVFAIL for www.dead.)\n");
}

TEST_CASE("resolver: CNAMEs, reverse lookups, MX with the mail server's address",
          "[app][dns][resolver]")
{
    Hierarchy h;
    h.net.run_until(SimTime::from_s(1));
    CHECK(h.run("dig +short web.lab") == "www.lab.\n10.0.0.80\n");
    CHECK(h.run("dig +short -x 10.0.0.80") == "www.lab.\n");
    CHECK(h.run("host 10.0.0.80") == "80.0.0.10.in-addr.arpa domain name pointer www.lab.\n");
    CHECK(h.run("host web") == "web.lab is an alias for www.lab.\nwww.lab has address 10.0.0.80\n");
    CHECK(h.run("host -t mx lab") == "lab mail is handled by 10 mail.lab.\n");
    std::string out = h.run("nslookup web");
    CHECK(out == "Server:\t\t10.0.0.53\nAddress:\t10.0.0.53#53\n\nNon-authoritative answer:\n"
                 "web.lab\tcanonical name = www.lab.\nName:\twww.lab\nAddress: 10.0.0.80\n\n");
    out = h.run("nslookup nope");
    CHECK(
        out ==
        "Server:\t\t10.0.0.53\nAddress:\t10.0.0.53#53\n\n** server can't find nope: NXDOMAIN\n\n");
    // Asking the authoritative server directly: an authoritative answer, no recursion offered.
    out = h.run("dig @10.0.0.3 www.lab");
    CHECK(has(out, ";; flags: qr aa rd; QUERY: 1, ANSWER: 1"));
    CHECK(has(out, ";; WARNING: recursion requested but not available\n"));
}

TEST_CASE("dig +trace walks from the root to the answer, naming each server",
          "[app][dns][resolver]")
{
    Hierarchy h;
    h.net.run_until(SimTime::from_s(1));
    std::string out = h.run("dig +trace www.lab");
    INFO(out);
    CHECK(has(out, "; <<>> DiG 9.18 (Wirelab) <<>> +trace www.lab\n;; global options: +cmd\n"));
    CHECK(has(out, ".\t86400\tIN\tNS\ta.root.lab.\n;; Received "));
    CHECK(has(out, " bytes from 10.0.0.53#53(10.0.0.53) in "));
    CHECK(
        has(out,
            "lab.\t86400\tIN\tNS\tns.lab.\n;; Received 58 bytes from 10.0.0.2#53(a.root.lab) in "));
    CHECK(has(
        out, "www.lab.\t300\tIN\tA\t10.0.0.80\n;; Received 41 bytes from 10.0.0.3#53(ns.lab) in "));
}

TEST_CASE("resolver: a forwarding server asks another resolver and caches its answers",
          "[app][dns][resolver]")
{
    Hierarchy h;
    auto& fwd = h.host("fwd", "10.0.0.54/24");
    app::DnsServerConfig cfg;
    cfg.recursion = true;
    cfg.resolver.forwarders = {ip("10.0.0.53")};
    auto& f = app::ServiceSet::of(fwd).add<app::DnsServer>(std::move(cfg));
    app::DnsStub::of(h.pc).config().servers = {ip("10.0.0.54")};
    h.net.run_until(SimTime::from_s(1));
    CHECK(h.run("dig +short www.lab") == "10.0.0.80\n");
    CHECK(h.run("dig +short www.lab") == "10.0.0.80\n");
    CHECK(f.resolver()->stats().queries_sent == 1);
    CHECK(f.resolver()->stats().cache_hits == 1);
}

TEST_CASE("dig: timeouts and retries are reported as dig reports them", "[app][dns][dig]")
{
    Hierarchy h;
    h.net.run_until(SimTime::from_s(1));
    int code = 0;
    std::string out =
        h.run("dig @10.0.0.10 +time=1 +tries=2 www.lab", &code); // pc itself: port closed
    CHECK(code == 9);
    CHECK(has(out, ";; communications error to 10.0.0.10#53: connection refused\n"));
    out = h.run("dig @10.0.0.77 +time=1 +tries=2 www.lab", &code); // nobody there
    CHECK(code == 9);
    CHECK(has(out, ";; communications error to 10.0.0.77#53: timed out\n;; communications error to "
                   "10.0.0.77#53: timed out\n"));
    CHECK(has(out, ";; no servers could be reached\n"));
}
