// Untrusted input never crashes the DHCP and DNS services: random zone lines, random DNS queries
// to an authoritative + recursive server, random DHCP messages to a server. Failures reproduce
// with --rng-seed.
#include "core/net/network.h"
#include "core/services/dhcp/dhcp_server.h"
#include "core/services/dns/dns_server.h"

#include <catch2/catch.hpp>

using namespace wirelab;
namespace dns = wire::dns;
namespace dhcp = wire::dhcp;

namespace {

// Words zone lines are made of, so random lines are often almost right.
const char* const kWords[] = {
    "@",     "www", "lab.",       "A",     "AAAA", "NS",       "MX",      "TXT",      "SOA",
    "CNAME", "PTR", "IN",         "300",   "10",   "10.0.0.1", "fd00::1", "\"quoted", "text\"",
    "..",    "-",   "4294967296", "a.b.c", "\\",   "\"\"",     "65536"};

} // namespace

TEST_CASE("property: random zone lines parse or fail with a message", "[app][dns][property]")
{
    uint32_t seed = GENERATE(take(200, random(0u, 0xffffffffu)));
    Rng rng(seed);
    std::string line;
    uint32_t n = rng.below(9);
    for (uint32_t i = 0; i < n; ++i)
        line += std::string(i ? " " : "") + kWords[rng.below(std::size(kWords))];
    auto r = app::parse_zone_record(line, dns::Name::from_text("lab").value(), 60);
    if (!r) CHECK_FALSE(r.error().empty());
}

TEST_CASE("property: random queries to a DNS server get a well-formed answer or none",
          "[app][dns][property]")
{
    net::Network net(1);
    auto& h = net.add_node<net::Host>("ns");
    app::DnsServerConfig cfg;
    std::vector<dns::Record> rrs;
    for (const char* l : {"@ NS ns", "ns A 10.0.0.3", "www A 10.0.0.80", "web CNAME www",
                          "sub NS ns.sub", "ns.sub A 10.0.1.3", "@ MX 10 mail"})
        rrs.push_back(app::parse_zone_record(l, dns::Name::from_text("lab").value(), 60).value());
    cfg.zones.push_back(app::DnsZone::make(dns::Name::from_text("lab").value(), rrs).value());
    auto& server = app::ServiceSet::of(h).add<app::DnsServer>(std::move(cfg));
    uint32_t seed = GENERATE(take(300, random(0u, 0xffffffffu)));
    Rng rng(seed);
    const char* names[] = {"www.lab",  "web.lab", "x.sub.lab", "lab",
                           "nope.lab", "WWW.LAB", "example",   "."};
    dns::Repr q;
    q.id = uint16_t(rng.next_u32());
    q.response = rng.below(8) == 0;
    q.opcode = rng.below(6) == 0 ? dns::Opcode::Status : dns::Opcode::Query;
    q.recursion_desired = rng.below(2);
    uint32_t questions = rng.below(3); // 0 or 2 questions: FORMERR
    for (uint32_t i = 0; i < questions; ++i)
        q.questions.push_back({dns::Name::from_text(names[rng.below(std::size(names))]).value(),
                               dns::Type(rng.below(2) ? uint16_t(rng.below(30)) : uint16_t(255)),
                               dns::Class::In});
    auto r = server.handle(q, {});
    if (q.response) {
        CHECK_FALSE(r);
        return;
    }
    REQUIRE(r);
    CHECK(r->id == q.id);
    CHECK(r->response);
    Bytes bytes(dns::buffer_len(*r));
    dns::emit(*r, MutByteSpan(bytes));
    auto back = dns::parse(bytes);
    REQUIRE(back);
    CHECK(*back == *r);
}

TEST_CASE("property: random DHCP messages never break the lease table", "[app][dhcp][property]")
{
    net::Network net(2);
    auto& h = net.add_node<net::Host>("srv");
    h.add_interface("eth0");
    h.add_address(0, wire::Ipv4Prefix::parse("192.168.1.1/24").value());
    app::DhcpPool p;
    p.subnet = wire::Ipv4Prefix::parse("192.168.1.0/24").value();
    p.first = wire::Ipv4Addr::parse("192.168.1.1").value(); // includes the server's own address
    p.last = wire::Ipv4Addr::parse("192.168.1.6").value();
    app::DhcpServerConfig cfg;
    cfg.pools = {p};
    auto& server = app::ServiceSet::of(h).add<app::DhcpServer>(cfg);
    uint32_t seed = GENERATE(take(50, random(0u, 0xffffffffu)));
    Rng rng(seed);
    for (int i = 0; i < 200; ++i) {
        dhcp::Repr m;
        m.op = dhcp::Op::Request;
        m.xid = rng.next_u32();
        m.chaddr = wire::MacAddr{{2, 0, 0, 0, 0, uint8_t(rng.below(12))}};
        m.message_type = dhcp::MessageType(1 + rng.below(8));
        auto addr = [&] {
            return wire::Ipv4Addr{
                {192, 168, uint8_t(rng.below(3) ? 1 : 2), uint8_t(rng.below(10))}};
        };
        if (rng.below(2)) m.requested_ip = addr();
        if (rng.below(3) == 0) m.ciaddr = addr();
        if (rng.below(3) == 0)
            m.server_id = rng.below(2) ? wire::Ipv4Addr{{192, 168, 1, 1}} : addr();
        if (rng.below(5) == 0) m.giaddr = addr();
        auto r = server.handle(m, 0);
        if (r) {
            CHECK(r->op == dhcp::Op::Reply);
            CHECK(r->xid == m.xid);
            if (r->message_type == dhcp::MessageType::Offer ||
                r->message_type == dhcp::MessageType::Ack)
                if (!r->yiaddr.is_unspecified()) CHECK(p.subnet.contains(r->yiaddr));
            CHECK_FALSE(r->yiaddr == (wire::Ipv4Addr{{192, 168, 1, 1}})); // never its own address
        }
        if (rng.below(20) == 0) net.run_until(net.now() + SimTime::from_s(rng.below(120)));
    }
    // At most one live binding per address, and none of them is the server's.
    auto leases = server.leases();
    for (size_t i = 1; i < leases.size(); ++i) CHECK(leases[i - 1].addr < leases[i].addr);
}
