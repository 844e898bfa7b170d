// DHCPv4 (RFC 2131/2132): the DISCOVER/OFFER/REQUEST/ACK exchange byte for byte, relay fields,
// raw options, long options (RFC 3396), malformed messages with their exact errors.
#include "core/wire/dhcp.h"

#include "tests/wire/app_fixtures.h"
#include "tests/wire/wire_test_util.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;
using test::poisoned;

namespace {

constexpr MacAddr kPc1{{0x02, 0, 0, 0, 0, 0x01}};
constexpr Ipv4Addr kServer{{10, 0, 0, 254}};
constexpr Ipv4Addr kLeased{{10, 0, 0, 100}};
const std::vector<uint8_t> kPrl = {1, 3, 6, 15, 51, 58, 59};

dhcp::Repr client_message(dhcp::MessageType type)
{
    dhcp::Repr r;
    r.op = dhcp::Op::Request;
    r.xid = 0x3903f326;
    r.chaddr = kPc1;
    r.message_type = type;
    r.client_id = dhcp::client_id_for(kPc1);
    r.host_name = "pc1";
    r.parameter_request_list = kPrl;
    return r;
}

dhcp::Repr discover()
{
    return client_message(dhcp::MessageType::Discover);
}

dhcp::Repr request()
{
    dhcp::Repr r = client_message(dhcp::MessageType::Request);
    r.requested_ip = kLeased;
    r.server_id = kServer;
    return r;
}

dhcp::Repr server_message(dhcp::MessageType type)
{
    dhcp::Repr r;
    r.op = dhcp::Op::Reply;
    r.xid = 0x3903f326;
    r.yiaddr = kLeased;
    r.chaddr = kPc1;
    r.message_type = type;
    r.server_id = kServer;
    r.lease_time = 86400;
    r.renewal_time = 43200;
    r.rebinding_time = 75600;
    r.subnet_mask = Ipv4Addr{{255, 255, 255, 0}};
    r.routers = {kServer};
    r.dns_servers = {Ipv4Addr{{10, 0, 0, 53}}};
    r.domain_name = "lab";
    return r;
}

Bytes emitted(const dhcp::Repr& r)
{
    Bytes out = poisoned(dhcp::buffer_len(r));
    dhcp::emit(r, out);
    return out;
}

// The offset of the first option after the cookie, to patch options in a fixture.
constexpr size_t kFirstOption = dhcp::kOptions;

} // namespace

TEST_CASE("dhcp: deconstruct DISCOVER, OFFER, REQUEST and ACK", "[wire][dhcp]")
{
    auto d = dhcp::parse(dhcp_discover());
    REQUIRE(d.ok());
    CHECK(d.value() == discover());
    CHECK(d->client_id == Bytes{1, 2, 0, 0, 0, 0, 1});
    auto o = dhcp::parse(dhcp_offer());
    REQUIRE(o.ok());
    CHECK(o.value() == server_message(dhcp::MessageType::Offer));
    auto q = dhcp::parse(dhcp_request());
    REQUIRE(q.ok());
    CHECK(q.value() == request());
    auto a = dhcp::parse(dhcp_ack());
    REQUIRE(a.ok());
    CHECK(a.value() == server_message(dhcp::MessageType::Ack));
    CHECK(a->yiaddr == kLeased);
    CHECK(a->routers == std::vector<Ipv4Addr>{kServer});
}

TEST_CASE("dhcp: construct the exchange byte for byte, padded to 300", "[wire][dhcp]")
{
    CHECK(dhcp::buffer_len(discover()) == 300);
    CHECK(emitted(discover()) == dhcp_discover());
    CHECK(emitted(server_message(dhcp::MessageType::Offer)) == dhcp_offer());
    CHECK(emitted(request()) == dhcp_request());
    CHECK(emitted(server_message(dhcp::MessageType::Ack)) == dhcp_ack());
}

TEST_CASE("dhcp: message type names", "[wire][dhcp]")
{
    CHECK(std::string(dhcp::to_string(dhcp::MessageType::Discover)) == "DHCPDISCOVER");
    CHECK(std::string(dhcp::to_string(dhcp::MessageType::Nak)) == "DHCPNAK");
    CHECK(std::string(dhcp::to_string(dhcp::MessageType(13))) == "DHCP (unknown type)");
}

TEST_CASE("dhcp: a relayed DISCOVER keeps giaddr, hops and the relay agent option", "[wire][dhcp]")
{
    dhcp::Repr r = discover();
    r.hops = 1;
    r.giaddr = Ipv4Addr{{10, 1, 0, 1}};
    r.broadcast = true;
    // Option 82 (RFC 3046) with a circuit id sub-option: kept raw.
    r.other_options.push_back({82, {1, 4, 'e', 't', 'h', '0'}});
    r.other_options.push_back({80, {}}); // rapid commit (RFC 4039): zero length
    Bytes out = emitted(r);
    CHECK(out[dhcp::kHops] == 1);
    CHECK(load_be16(&out[dhcp::kFlags]) == 0x8000);
    CHECK(out[dhcp::kGiaddr] == 10);
    auto back = dhcp::parse(out);
    REQUIRE(back.ok());
    CHECK(back.value() == r);
    REQUIRE(back->find_option(82) != nullptr);
    CHECK(back->find_option(82)->data.size() == 6);
    CHECK(back->find_option(81) == nullptr);
}

TEST_CASE("dhcp: a NAK carries its reason in option 56", "[wire][dhcp]")
{
    dhcp::Repr nak;
    nak.op = dhcp::Op::Reply;
    nak.xid = 7;
    nak.chaddr = kPc1;
    nak.message_type = dhcp::MessageType::Nak;
    nak.server_id = kServer;
    nak.message = "requested address not on this subnet";
    auto back = dhcp::parse(emitted(nak));
    REQUIRE(back.ok());
    CHECK(back.value() == nak);
}

TEST_CASE("dhcp: options over 255 bytes are split and joined again (RFC 3396)", "[wire][dhcp]")
{
    dhcp::Repr r = server_message(dhcp::MessageType::Offer);
    r.dns_servers.clear();
    for (uint32_t i = 0; i < 70; ++i) r.dns_servers.push_back(Ipv4Addr::from_u32(0x0a000000 + i));
    r.other_options.push_back({224, Bytes(300, 0x5a)});
    Bytes out = emitted(r);
    // 280 bytes of DNS servers: one option of 255, then one of 25.
    size_t at = 0;
    for (size_t i = kFirstOption; i + 1 < out.size(); i += 2 + out[i + 1])
        if (out[i] == 6) {
            at = i;
            break;
        }
    REQUIRE(at != 0);
    CHECK(out[at + 1] == 255);
    CHECK(out[at + 2 + 255] == 6);
    CHECK(out[at + 2 + 255 + 1] == 25);
    auto back = dhcp::parse(out);
    REQUIRE(back.ok());
    CHECK(back.value() == r);
}

TEST_CASE("dhcp: sname and file are NUL-terminated strings", "[wire][dhcp]")
{
    dhcp::Repr r = server_message(dhcp::MessageType::Offer);
    r.siaddr = Ipv4Addr{{10, 0, 0, 69}};
    r.sname = "tftp.lab";
    r.file = std::string(128, 'f'); // exactly fills the field: no terminator
    Bytes out = emitted(r);
    CHECK(out[dhcp::kSname + 8] == 0);
    auto back = dhcp::parse(out);
    REQUIRE(back.ok());
    CHECK(back.value() == r);
}

TEST_CASE("dhcp: truncated at every length up to the options", "[wire][dhcp]")
{
    Bytes m = dhcp_discover();
    for (size_t n = 0; n < dhcp::kOptions; ++n) {
        auto r = dhcp::parse(ByteSpan(m).first(n));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error() == WireError::Truncated);
    }
    CHECK(dhcp::parse(ByteSpan(m).first(100)).error().message() ==
          "dhcp: message of 100 bytes, the fixed header and magic cookie need 240");
}

TEST_CASE("dhcp: cut inside the options, or without End", "[wire][dhcp]")
{
    Bytes m = dhcp_discover();
    // 240 cookie end | 53,1,1 | 61,7,... at 243
    auto no_len = dhcp::parse(ByteSpan(m).first(244));
    CHECK(no_len.error() == WireError::Truncated);
    CHECK(no_len.error().message() == "dhcp: option 61 at offset 243 has no length byte");
    auto cut = dhcp::parse(ByteSpan(m).first(248));
    CHECK(cut.error() == WireError::Truncated);
    CHECK(cut.error().message() ==
          "dhcp: option 61 at offset 243 runs past the end of the message");
    // Every option present, End missing.
    size_t end = kFirstOption + sizeof(kDhcpDiscoverOptions) - 4 - 1;
    REQUIRE(m[end] == 0xff);
    auto no_end = dhcp::parse(ByteSpan(m).first(end));
    CHECK(no_end.error() == WireError::Malformed);
    CHECK(no_end.error().message() ==
          "dhcp: options run to the end of the message (266 bytes) without End (255)");
    // Every length from the cookie to End fails cleanly.
    for (size_t n = dhcp::kOptions; n <= end; ++n)
        CHECK_FALSE(dhcp::parse(ByteSpan(m).first(n)).ok());
    CHECK(dhcp::parse(ByteSpan(m).first(end + 1)).ok());
}

TEST_CASE("dhcp: bad op, hardware type, cookie and option lengths", "[wire][dhcp]")
{
    auto with = [](size_t off, uint8_t v) {
        Bytes m = dhcp_offer();
        m[off] = v;
        return dhcp::parse(m);
    };
    auto op = with(dhcp::kOp, 3);
    CHECK(op.error() == WireError::Malformed);
    CHECK(op.error().message() == "dhcp: op 3, must be 1 (BOOTREQUEST) or 2 (BOOTREPLY)");
    auto htype = with(dhcp::kHtype, 6);
    CHECK(htype.error() == WireError::Unsupported);
    CHECK(htype.error().message() ==
          "dhcp: hardware type 6 with address length 6, only 1 (Ethernet) with 6");
    CHECK(with(dhcp::kHlen, 8).error() == WireError::Unsupported);
    auto bootp = with(dhcp::kCookie + 3, 0x64);
    CHECK(bootp.error() == WireError::UnknownProtocol);
    CHECK(bootp.error().message() ==
          "dhcp: magic cookie 0x63825364, DHCP needs 0x63825363 (99.130.83.99): plain BOOTP");
    // Option 53 of length 2: one more byte inserted after its value.
    Bytes m = dhcp_offer();
    m[kFirstOption + 1] = 2;
    m.insert(m.begin() + long(kFirstOption + 3), 0x00);
    auto type_len = dhcp::parse(m);
    CHECK(type_len.error() == WireError::Malformed);
    CHECK(type_len.error().message() == "dhcp: option 53 (message type) has length 2, must be 1");
    auto type_zero = with(kFirstOption + 2, 0);
    CHECK(type_zero.error().message() == "dhcp: option 53 (message type) value 0 is not a "
                                         "message type (1 = DISCOVER ... 8 = INFORM)");
    // Option 54 (at +3 in the offer) of length 3: its last byte removed.
    m = dhcp_offer();
    m[kFirstOption + 4] = 3;
    m.erase(m.begin() + long(kFirstOption + 8));
    auto sid = dhcp::parse(m);
    CHECK(sid.error().message() == "dhcp: option 54 (server identifier) has length 3, must be 4");
}

TEST_CASE("dhcp: a router list must be a multiple of 4, overload is refused", "[wire][dhcp]")
{
    Bytes m = dhcp_discover();
    // Replace the host name option (12, 3, "pc1") by a router option of 3 bytes.
    size_t host = kFirstOption + 3 + 9;
    REQUIRE(m[host] == 12);
    m[host] = 3;
    auto r = dhcp::parse(m);
    CHECK(r.error() == WireError::Malformed);
    CHECK(r.error().message() ==
          "dhcp: option 3 (router) has length 3, must be a non-zero multiple of 4");
    m[host] = 52;
    auto overload = dhcp::parse(m);
    CHECK(overload.error() == WireError::Unsupported);
    CHECK(overload.error().message() == "dhcp: option 52 (overload: options continued in "
                                        "sname/file) at offset 252 is not supported");
}

TEST_CASE("dhcp: pad options between options are skipped, bytes after End ignored", "[wire][dhcp]")
{
    Bytes m = dhcp_discover();
    // Insert two pads after option 53 and garbage after End.
    m.insert(m.begin() + long(kFirstOption + 3), {0, 0});
    m.back() = 0x77;
    auto r = dhcp::parse(m);
    REQUIRE(r.ok());
    CHECK(r.value() == discover());
}

TEST_CASE("dhcp: a reply takes the client's fields (RFC 2131 Table 3)", "[wire][dhcp]")
{
    dhcp::Repr offer = dhcp::reply_to(discover(), dhcp::MessageType::Offer);
    offer.yiaddr = kLeased;
    offer.server_id = kServer;
    offer.lease_time = 86400;
    offer.renewal_time = 43200;
    offer.rebinding_time = 75600;
    offer.subnet_mask = Ipv4Addr{{255, 255, 255, 0}};
    offer.routers = {kServer};
    offer.dns_servers = {Ipv4Addr{{10, 0, 0, 53}}};
    offer.domain_name = "lab";
    CHECK(offer == server_message(dhcp::MessageType::Offer));
    dhcp::Repr renew = request();
    renew.ciaddr = kLeased;
    CHECK(dhcp::reply_to(renew, dhcp::MessageType::Ack).ciaddr == kLeased);
    CHECK(dhcp::reply_to(renew, dhcp::MessageType::Nak).ciaddr == Ipv4Addr{});
    dhcp::Repr relayed = discover();
    relayed.giaddr = Ipv4Addr{{10, 1, 0, 1}};
    relayed.hops = 1;
    dhcp::Repr nak = dhcp::reply_to(relayed, dhcp::MessageType::Nak);
    CHECK(nak.broadcast);
    CHECK(nak.hops == 0);
    CHECK(nak.giaddr == relayed.giaddr);
}

TEST_CASE("dhcp: where a server sends its reply (RFC 2131 §4.1)", "[wire][dhcp]")
{
    using dhcp::LinkDestination;
    dhcp::Repr offer = server_message(dhcp::MessageType::Offer);
    CHECK(dhcp::reply_target(offer) ==
          dhcp::ReplyTarget{kLeased, dhcp::kClientPort, LinkDestination::ClientMac});
    offer.broadcast = true;
    CHECK(dhcp::reply_target(offer) ==
          dhcp::ReplyTarget{Ipv4Addr::broadcast(), dhcp::kClientPort, LinkDestination::Broadcast});
    dhcp::Repr ack = server_message(dhcp::MessageType::Ack);
    ack.ciaddr = kLeased; // a renewal
    CHECK(dhcp::reply_target(ack) ==
          dhcp::ReplyTarget{kLeased, dhcp::kClientPort, LinkDestination::Resolve});
    dhcp::Repr nak = server_message(dhcp::MessageType::Nak);
    nak.ciaddr = kLeased;
    CHECK(dhcp::reply_target(nak).link == LinkDestination::Broadcast);
    nak.giaddr = Ipv4Addr{{10, 1, 0, 1}};
    CHECK(dhcp::reply_target(nak) ==
          dhcp::ReplyTarget{nak.giaddr, dhcp::kServerPort, LinkDestination::Resolve});
}
