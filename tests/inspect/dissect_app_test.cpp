// Application-layer dissectors (DNS over UDP 53): columns, fields, display filters, and
// truncated messages reported as malformed, on the byte fixtures of app_fixtures.h.
#include "core/inspect/display_filter.h"
#include "core/inspect/dissect.h"
#include "tests/tools/app_frames.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;
using namespace wirelab::fixtures::app_frames_detail;

namespace {

const Hop kToResolver{kPc1Mac, kRouterMac, kPc1, kResolver};
const Hop kFromResolver{kRouterMac, kPc1Mac, kResolver, kPc1};

bool filter_matches(std::string_view text, ByteSpan frame)
{
    auto filter = DisplayFilter::parse(text);
    INFO("filter " << text);
    REQUIRE(filter);
    return filter.value().matches(frame);
}

const Field& field(const Dissection& d, std::string_view name)
{
    const Field* f = d.find(name);
    INFO("field " << name);
    REQUIRE(f != nullptr);
    return *f;
}

} // namespace

TEST_CASE("dissect: DNS query and responses over UDP 53", "[wire][dissect][dns]")
{
    Bytes query =
        udp_frame(kToResolver, 40000, 53, Bytes(std::begin(kDnsQuery), std::end(kDnsQuery)), 1);
    Dissection q = dissect(query);
    CHECK(q.protocol == "DNS");
    CHECK(q.info == "Standard query 0x1a2b A www.lab");
    CHECK_FALSE(q.malformed);
    CHECK(field(q, "dns.id").value == "0x1a2b");
    CHECK(field(q, "dns.qry.name").value == "www.lab");
    const Field& name = field(q, "dns.qry.name");
    CHECK((name.offset == 42 + 12 && name.length == 9));
    CHECK(filter_matches("dns", query));
    CHECK(filter_matches("dns.qry.name == \"www.lab\"", query));
    CHECK(filter_matches("dns.flags.response == 0 && dns.flags.recdesired == 1", query));
    CHECK_FALSE(filter_matches("dns.flags.response == 1", query));
    CHECK_FALSE(filter_matches("dhcp || http", query));

    Bytes response = udp_frame(kFromResolver, 53, 40000,
                               Bytes(std::begin(kDnsResponse), std::end(kDnsResponse)), 2);
    Dissection r = dissect(response);
    CHECK(r.protocol == "DNS");
    CHECK(r.info == "Standard query response 0x1a2b A www.lab CNAME web.lab A 10.0.0.80 NS "
                    "ns1.lab A 10.0.0.53");
    CHECK(filter_matches("dns.a == 10.0.0.80", response));
    CHECK(filter_matches("dns.cname == \"web.lab\" && dns.count.answers == 2", response));
    CHECK(filter_matches("dns.flags.response == 1 && dns.flags.recavail == 1", response));
    CHECK_FALSE(filter_matches("dns.a == 10.0.0.81", response));

    Bytes nx = udp_frame(kFromResolver, 53, 40000,
                         Bytes(std::begin(kDnsNxDomain), std::end(kDnsNxDomain)), 3);
    Dissection n = dissect(nx);
    CHECK(n.info == "Standard query response 0x5c1d No such name A nope.lab SOA ns1.lab");
    CHECK(filter_matches("dns.flags.rcode == 3 && dns.flags.authoritative == 1", nx));
}

TEST_CASE("dissect: a truncated DNS message is malformed, its header still shown",
          "[wire][dissect][dns]")
{
    for (size_t len : {size_t(0), size_t(5), size_t(12), size_t(20), size_t(60)}) {
        Bytes msg = Bytes(std::begin(kDnsResponse), std::end(kDnsResponse));
        msg.resize(len);
        Bytes frame = udp_frame(kFromResolver, 53, 40000, msg, 4);
        Dissection d = dissect(frame);
        INFO("length " << len);
        if (len == 0) {
            CHECK(d.protocol == "UDP"); // no payload: nothing to hand to DNS
            continue;
        }
        CHECK(d.protocol == "DNS");
        CHECK(d.malformed);
        CHECK(filter_matches("dns && _ws.malformed", frame));
        if (len >= 12) CHECK(field(d, "dns.id").value == "0x1a2b");
    }
}

TEST_CASE("dissect: DHCP exchange over UDP 67/68", "[wire][dissect][dhcp]")
{
    const Hop bcast{kPc1Mac, MacAddr::broadcast(), Ipv4Addr::any(), Ipv4Addr::broadcast()};
    const Hop to_pc1{kRouterMac, kPc1Mac, kRouter, kPc1};
    Bytes discover = udp_frame(bcast, 68, 67, dhcp_discover(), 1);
    Dissection d = dissect(discover);
    CHECK(d.protocol == "DHCP");
    CHECK(d.info == "DHCP Discover - Transaction ID 0x3903f326");
    CHECK_FALSE(d.malformed);
    CHECK(field(d, "dhcp.id").value == "0x3903f326");
    CHECK(field(d, "dhcp.hw.mac_addr").value == "02:00:00:00:00:01");
    CHECK(filter_matches("dhcp", discover));
    CHECK(filter_matches("dhcp.option.dhcp == 1 && dhcp.type == 1", discover));
    CHECK_FALSE(filter_matches("dns", discover));

    Bytes offer = udp_frame(to_pc1, 67, 68, dhcp_offer(), 2);
    Dissection o = dissect(offer);
    CHECK(o.info == "DHCP Offer    - Transaction ID 0x3903f326");
    CHECK(filter_matches("dhcp.ip.your == 10.0.0.100 && dhcp.option.dhcp == 2", offer));
    CHECK(dissect(udp_frame(to_pc1, 67, 68, dhcp_ack(), 4)).info ==
          "DHCP ACK      - Transaction ID 0x3903f326");

    Bytes cut = dhcp_discover();
    cut.resize(100);
    Bytes short_frame = udp_frame(bcast, 68, 67, cut, 5);
    Dissection c = dissect(short_frame);
    CHECK(c.protocol == "DHCP");
    CHECK(c.malformed);
    CHECK(field(c, "dhcp.id").value == "0x3903f326"); // the header bytes that are there
    CHECK(filter_matches("dhcp && _ws.malformed", short_frame));
}

TEST_CASE("dissect: HTTP requests and responses over TCP 80 and 8080", "[wire][dissect][http]")
{
    using namespace wire::tcp;
    TcpConversation c(Hop{kPc1Mac, kServerMac, kPc1, kWeb}, 45678, 80);
    Bytes syn = c.segment(true, kSyn, "");
    Bytes get = c.segment(true, kPsh | kAck, kHttpGet);
    Bytes ok = c.segment(false, kPsh | kAck, kHttpOk);
    Bytes more = c.segment(false, kPsh | kAck, "more body bytes");

    CHECK(dissect(syn).protocol == "TCP");
    Dissection g = dissect(get);
    CHECK(g.protocol == "HTTP");
    CHECK(g.info == "GET /index.html HTTP/1.1");
    CHECK_FALSE(g.malformed);
    CHECK(field(g, "http.request.method").value == "GET");
    CHECK(field(g, "http.request.uri").value == "/index.html");
    CHECK(filter_matches("http.request.method == \"GET\"", get));
    CHECK(filter_matches("http.request.line == \"Host: www.lab\"", get));
    CHECK_FALSE(filter_matches("http.response", get));

    Dissection r = dissect(ok);
    CHECK(r.protocol == "HTTP");
    CHECK(r.info == "HTTP/1.1 200 OK");
    CHECK(filter_matches("http.response.code == 200", ok));
    CHECK(filter_matches("http.response.line == \"Content-Length: 20\"", ok));
    CHECK_FALSE(filter_matches("http.request", ok));

    CHECK(dissect(more).protocol == "TCP"); // a continuation: no reassembly
    CHECK_FALSE(filter_matches("http", more));

    TcpConversation alt(Hop{kPc1Mac, kServerMac, kPc1, kWeb}, 45679, 8080);
    CHECK(dissect(alt.segment(true, kPsh | kAck, kHttpGet)).protocol == "HTTP");

    for (std::string_view bad : {"GET / HTTP/1.1", "HTTP/1.1 2x0 OK\r\n", "GET /\r\n"}) {
        INFO(bad);
        Bytes frame = c.segment(true, kPsh | kAck, bad);
        Dissection m = dissect(frame);
        CHECK(m.protocol == "HTTP");
        CHECK(m.malformed);
        CHECK(filter_matches("http && _ws.malformed", frame));
    }
}

TEST_CASE("dissect: every application fixture is found as the protocol tshark finds",
          "[wire][dissect]")
{
    for (const AppFrame& f : app_frames()) {
        if (f.protocol == "ntp") continue; // not dissected yet
        Dissection d = dissect(f.frame);
        INFO(d.protocol << " " << d.info);
        CHECK_FALSE(d.malformed);
        std::string expect = f.protocol.empty() ? "TCP" : f.protocol;
        std::transform(expect.begin(), expect.end(), expect.begin(), ::toupper);
        CHECK(d.protocol == expect);
    }
}
