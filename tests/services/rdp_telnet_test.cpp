// Byte-level pieces of the port services: RDP's X.224 connection PDUs ([MS-RDPBCGR] 4.1.1 and
// 4.1.2 show the same layouts) and Telnet's command stripping (RFC 854).
#include "core/services/rdp/rdp_server.h"
#include "core/services/telnet/telnet_codec.h"

#include <catch2/catch.hpp>

using namespace wirelab;
namespace rdp = app::rdp;
namespace telnet = app::telnet;

namespace {

// clang-format off
// A Connection Request with the cookie "Cookie: mstshash=eltons" and an RDP_NEG_REQ asking for
// standard RDP security, as a client sends it.
const uint8_t kRequest[] = {
    0x03, 0x00,                                     // TPKT: version 3, reserved
    0x00, 0x2c,                                     // TPKT length 44
    0x27,                                           // X.224 LI: 39 bytes follow
    0xe0,                                           // CR TPDU (CDT 0)
    0x00, 0x00,                                     // DST-REF
    0x00, 0x01,                                     // SRC-REF
    0x00,                                           // class 0
    'C', 'o', 'o', 'k', 'i', 'e', ':', ' ', 'm', 's', 't', 's', 'h', 'a', 's', 'h', '=',
    'e', 'l', 't', 'o', 'n', 's', 0x0d, 0x0a,       // cookie, CR LF
    0x01,                                           // RDP_NEG_REQ
    0x00,                                           // flags
    0x08, 0x00,                                     // length 8 (little-endian)
    0x00, 0x00, 0x00, 0x00,                         // requestedProtocols: PROTOCOL_RDP
};

// The server's Connection Confirm selecting standard RDP security.
const uint8_t kConfirm[] = {
    0x03, 0x00, 0x00, 0x13, // TPKT: version 3, length 19
    0x0e,                   // LI 14
    0xd0,                   // CC TPDU
    0x00, 0x01,             // DST-REF: the client's SRC-REF
    0x12, 0x34,             // SRC-REF
    0x00,                   // class 0
    0x02,                   // RDP_NEG_RSP
    0x00,                   // flags
    0x08, 0x00,             // length 8
    0x00, 0x00, 0x00, 0x00, // selectedProtocol: PROTOCOL_RDP
};
// clang-format on

std::string bytes(std::initializer_list<int> b)
{
    std::string s;
    for (int c : b) s += char(c);
    return s;
}

} // namespace

TEST_CASE("rdp: connection request and confirm byte for byte", "[app][rdp][wire]")
{
    Bytes req = rdp::connection_request("Cookie: mstshash=eltons", 0);
    CHECK(req == Bytes(std::begin(kRequest), std::end(kRequest)));
    auto parsed = rdp::parse_connection_request(ByteSpan(kRequest));
    REQUIRE(parsed);
    CHECK(parsed->src_ref == 1);
    CHECK(parsed->cookie == "Cookie: mstshash=eltons");
    CHECK(parsed->requested_protocols == 0u);

    Bytes cc = rdp::connection_confirm(1, 0x1234, true, 0);
    CHECK(cc == Bytes(std::begin(kConfirm), std::end(kConfirm)));
    bool failure = true;
    CHECK(rdp::parse_connection_confirm(ByteSpan(kConfirm), failure) == 0u);
    CHECK_FALSE(failure);
    CHECK(rdp::disconnect_request(1, 0x1234) ==
          Bytes{0x03, 0x00, 0x00, 0x0b, 0x06, 0x80, 0x00, 0x01, 0x12, 0x34, 0x00});
}

TEST_CASE("rdp: truncated or foreign bytes are not a connection request", "[app][rdp][wire]")
{
    ByteSpan all(kRequest);
    CHECK_FALSE(rdp::parse_connection_request(all.first(10))); // shorter than its TPKT length
    Bytes http = {'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1'};
    CHECK_FALSE(rdp::parse_connection_request(http)); // not TPKT version 3
    Bytes bad_li(std::begin(kRequest), std::end(kRequest));
    bad_li[4] = 0x60; // LI beyond the packet
    CHECK_FALSE(rdp::parse_connection_request(bad_li));
    bool failure = false;
    CHECK_FALSE(rdp::parse_connection_confirm(all, failure)); // a CR is not a CC
}

TEST_CASE("telnet: commands are taken out of the data, split anywhere", "[app][telnet][wire]")
{
    telnet::Decoder d;
    // IAC WILL ECHO, IAC WILL SGA, "login: ", IAC IAC (a 255 data byte), IAC SB 24 1 IAC SE
    std::string wire = bytes({255, 251, 1, 255, 251, 3}) +
                       "login: " + bytes({255, 255, 255, 250, 24, 1, 255, 240}) + "x";
    std::string data;
    std::vector<telnet::Negotiation> neg;
    for (char c : wire) { // one byte at a time: every state survives a split
        auto o = d.feed(std::string_view(&c, 1));
        data += o.data;
        neg.insert(neg.end(), o.negotiations.begin(), o.negotiations.end());
    }
    CHECK(data == "login: " + bytes({255}) + "x");
    REQUIRE(neg.size() == 2);
    CHECK(neg[0] == telnet::Negotiation{telnet::kWill, telnet::kOptEcho});
    CHECK(neg[1] == telnet::Negotiation{telnet::kWill, telnet::kOptSuppressGoAhead});
    CHECK(d.feed(bytes({255, 244})).interrupt); // IAC IP
    CHECK(telnet::escape_data(bytes({'a', 255, 'b'})) == bytes({'a', 255, 255, 'b'}));
    CHECK(telnet::command(telnet::kDo, telnet::kOptEcho) == bytes({255, 253, 1}));
}
