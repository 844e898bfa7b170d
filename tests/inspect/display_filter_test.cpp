// Display filter tests: valid filters over the wire fixtures with the frames they must match,
// invalid filters with their exact error text, warnings, and random input that must never
// crash the parser.
#include "core/base/rng.h"
#include "core/inspect/display_filter.h"
#include "tests/wire/fixtures.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;

namespace {

// The names of the fixtures the filter matches, space-separated, in kAllFrames order.
std::string matching(const DisplayFilter& f)
{
    std::string out;
    for (const NamedFrame& nf : kAllFrames) {
        if (!f.matches(ByteSpan(nf.data, nf.size))) continue;
        if (!out.empty()) out += ' ';
        out += nf.name;
    }
    return out;
}

const char* const kV4 = "icmpv4_echo udp_v4 tcp_syn_v4 icmpv4_port_unreach icmpv4_time_exceeded";
const char* const kNd = "neighbor_solicit neighbor_advert router_solicit router_advert";

std::string all_but(std::string_view except)
{
    std::string out;
    for (const NamedFrame& nf : kAllFrames) {
        if (nf.name == except) continue;
        if (!out.empty()) out += ' ';
        out += nf.name;
    }
    return out;
}

} // namespace

TEST_CASE("display filter: valid filters match the right frames", "[wire][filter]")
{
    struct Case {
        std::string filter;
        std::string frames;
    };
    const Case cases[] = {
        // Protocols
        {"", all_but("")},
        {"arp", "arp_request arp_reply"},
        {"ip", kV4},
        {"ipv6", "icmpv6_echo " + std::string(kNd) + " udp_v6 tcp_sack_v6 icmpv6_packet_too_big"},
        {"icmp", "icmpv4_echo icmpv4_port_unreach icmpv4_time_exceeded"},
        {"icmpv6", "icmpv6_echo " + std::string(kNd) + " icmpv6_packet_too_big"},
        // An ICMP error's quoted datagram counts, as in Wireshark.
        {"udp", "udp_v4 icmpv4_port_unreach udp_v6 icmpv6_packet_too_big"},
        {"tcp", "tcp_syn_v4 tcp_sack_v6"},
        {"not ip and not ipv6", "arp_request arp_reply"},
        // Ethernet and ARP
        {"eth.src == 02:00:00:00:00:fe",
         "icmpv4_time_exceeded router_advert icmpv6_packet_too_big"},
        {"eth.addr == 02:00:00:00:00:02",
         "arp_reply icmpv4_echo udp_v4 tcp_syn_v4 icmpv4_port_unreach icmpv6_echo neighbor_advert "
         "udp_v6 tcp_sack_v6"},
        {"eth.dst == ff:ff:ff:ff:ff:ff", "arp_request"},
        {"eth.dst.ig == 1", "arp_request neighbor_solicit router_solicit router_advert"},
        {"eth.type == 0x0806", "arp_request arp_reply"},
        {"eth.type == 0x86dd and not icmpv6", "udp_v6 tcp_sack_v6"},
        {"arp.opcode == 2", "arp_reply"},
        {"arp.dst.proto_ipv4 == 10.0.0.2", "arp_request"},
        // IPv4: any occurrence, all_ne for !=, prefixes
        {"ip.src == 10.0.0.254", "icmpv4_time_exceeded"},
        {"ip.dst == 10.0.0.2",
         "icmpv4_echo udp_v4 tcp_syn_v4 icmpv4_port_unreach icmpv4_time_exceeded"},
        {"ip.addr == 10.0.0.254", "icmpv4_time_exceeded"},
        {"ip.addr != 10.0.0.254", "icmpv4_echo udp_v4 tcp_syn_v4 icmpv4_port_unreach"},
        {"!(ip.addr == 10.0.0.254)", all_but("icmpv4_time_exceeded")},
        {"ip.addr !== 10.0.0.1", kV4},
        {"ip.addr === 10.0.0.1", ""},
        {"ip.addr == 10.0.0.0/8", kV4},
        {"ip.addr == 10.0.0.128/25", "icmpv4_time_exceeded"},
        {"ip.addr in {10.0.0.254 192.168.1.1}", "icmpv4_time_exceeded"},
        {"ip.ttl == 64", kV4},
        {"ip.ttl lt 2", "icmpv4_time_exceeded"},
        {"ip.proto == 17", "udp_v4 icmpv4_port_unreach"},
        {"ip.flags.df == 1", "icmpv4_echo tcp_syn_v4 icmpv4_time_exceeded"},
        {"ip.dsfield.dscp == 48", "icmpv4_port_unreach"},
        {"ip.checksum.status == 1", kV4},
        {"ip.src == 10.0.0.1 || ipv6.src == 2001:db8::1",
         "icmpv4_echo udp_v4 tcp_syn_v4 icmpv4_port_unreach icmpv4_time_exceeded icmpv6_echo "
         "udp_v6 icmpv6_packet_too_big"},
        // IPv6
        {"ipv6.src == fe80::/10", kNd},
        {"ipv6.dst == ff02::1", "router_advert"},
        {"ipv6.addr == 2001:db8::fe", "icmpv6_packet_too_big"},
        {"ipv6.hlim == 255", kNd},
        {"ipv6.flow == 0x5f3a1", "icmpv6_echo"},
        // ICMP and ICMPv6 (the time exceeded quotes an echo request, so it has icmp.type 8 too)
        {"icmp.type == 8", "icmpv4_echo icmpv4_time_exceeded"},
        {"icmp.type == 3 and icmp.code == 3", "icmpv4_port_unreach"},
        {"icmpv6.type == 135", "neighbor_solicit"},
        {"icmpv6.type in {133..136}", kNd},
        {"icmpv6.nd.ns.target_address == fe80::2", "neighbor_solicit"},
        {"icmpv6.opt.linkaddr == 02:00:00:00:00:fe", "router_advert"},
        {"icmpv6.opt.prefix == 2001:db8::/32", "router_advert"},
        {"icmpv6.mtu == 1280", "icmpv6_packet_too_big"},
        // UDP and TCP
        {"udp.port == 30000", "udp_v4 icmpv4_port_unreach"},
        {"udp.srcport == 50000", "udp_v6 icmpv6_packet_too_big"},
        {"udp.dstport >= 30000 && udp.dstport <= 30001",
         "udp_v4 icmpv4_port_unreach udp_v6 icmpv6_packet_too_big"},
        {"tcp.port == 80", "tcp_syn_v4 tcp_sack_v6"},
        {"tcp.srcport == 80", "tcp_sack_v6"},
        {"tcp.dstport eq 80", "tcp_syn_v4"},
        {"tcp.port in {22, 80, 443}", "tcp_syn_v4 tcp_sack_v6"},
        {"tcp.flags.syn == 1", "tcp_syn_v4"},
        {"tcp.flags.syn", "tcp_syn_v4 tcp_sack_v6"},
        {"tcp.flags.ack == 1 && tcp.flags.push == true", "tcp_sack_v6"},
        {"tcp.flags.rst == 0 and tcp.flags.fin == 0", "tcp_syn_v4 tcp_sack_v6"},
        {"tcp.len > 0", "tcp_sack_v6"},
        {"tcp.options.mss_val == 1460", "tcp_syn_v4"},
        {"tcp.options.sack_le == 5000", "tcp_sack_v6"},
        {"tcp.flags.str contains \"S\"", "tcp_syn_v4"},
        // Frame, payloads, text
        {"frame.len == 60", "arp_request udp_v4"},
        {"frame.len >= 100", "router_advert tcp_sack_v6 icmpv6_packet_too_big"},
        {"frame.len in {42 60}", "arp_request arp_reply udp_v4"},
        {"frame contains \"wirelab\"", "udp_v4 icmpv4_port_unreach"},
        {"frame contains \"password=\"", ""},
        {"tcp.payload contains \"GET\"", "tcp_sack_v6"},
        {"tcp contains 47:45:54", "tcp_sack_v6"},
        {"udp.payload contains 68:65:6c:6c:6f", "udp_v6 icmpv6_packet_too_big"},
        {"data.data contains \"ping6\"", "icmpv6_echo"},
        {"frame.protocols contains \"icmp:ip:udp\"", "icmpv4_port_unreach"},
        {"_ws.malformed", ""},
        // Logic: precedence not > and > xor > or
        {"(tcp or udp) and ipv6", "udp_v6 tcp_sack_v6 icmpv6_packet_too_big"},
        {"tcp or udp and ipv6", "tcp_syn_v4 udp_v6 tcp_sack_v6 icmpv6_packet_too_big"},
        {"icmp xor ip.dst == 10.0.0.2", "udp_v4 tcp_syn_v4"},
        {"not not arp", "arp_request arp_reply"},
    };
    for (const Case& c : cases) {
        INFO("filter: " << c.filter);
        auto f = DisplayFilter::parse(c.filter);
        REQUIRE(f.ok());
        CHECK(matching(*f) == c.frames);
    }
    // Keywords are case-insensitive.
    auto upper = DisplayFilter::parse("tcp.port EQ 80 OR arp AND NOT ip");
    REQUIRE(upper.ok());
    CHECK(matching(*upper) == "arp_request arp_reply tcp_syn_v4 tcp_sack_v6");
}

TEST_CASE("display filter: errors name the column, the problem and the fix", "[wire][filter]")
{
    struct Case {
        std::string filter;
        std::string error;
    };
    const Case cases[] = {
        {"ip.adr == 10.0.0.1", "column 1: \"ip.adr\" is not a field (did you mean ip.addr?)"},
        {"tcp and ip.adr == 10.0.0.1",
         "column 9: \"ip.adr\" is not a field (did you mean ip.addr?)"},
        {"ip.scr == 10.0.0.1", "column 1: \"ip.scr\" is not a field (did you mean ip.src?)"},
        {"IP.SRC == 10.0.0.1",
         "column 1: \"IP.SRC\" is not a field (did you mean ip.src? field names are lowercase)"},
        {"ipv4",
         "column 1: \"ipv4\" is not a field (did you mean ip? Wireshark names IPv4 \"ip\")"},
        {"host 10.0.0.1",
         "column 1: \"host\" is not a field (did you mean ip.addr? \"host\" is capture-filter "
         "syntax)"},
        {"tcp.seq == 1",
         "column 1: \"tcp.seq\" is not a field (did you mean tcp.seq_raw? relative sequence "
         "numbers need conversation tracking, so only raw numbers are shown)"},
        {"foo.bar", "column 1: \"foo.bar\" is not a field or protocol name"},
        {"(ip or arp", "column 1: unbalanced parenthesis: \"(\" is never closed"},
        {"ip or arp)", "column 10: unbalanced parenthesis: \")\" has no matching \"(\""},
        {"ip.src ==", "column 10: expected a value after =="},
        {"ip.src eq", "column 10: expected a value after eq"},
        {"ip.src == and tcp", "column 11: expected a value after =="},
        {"ip.src = 10.0.0.1", "column 8: \"=\" is not an operator (did you mean ==?)"},
        {"tcp & udp", "column 5: \"&\" is not an operator (did you mean && or and?)"},
        {"tcp | udp", "column 5: \"|\" is not an operator (did you mean || or or?)"},
        {"ip.ttl == 300", "column 11: ip.ttl is an 8-bit number: 300 is too large (at most 255)"},
        {"tcp.port == 70000",
         "column 13: tcp.port is a 16-bit number: 70000 is too large (at most 65535)"},
        {"tcp.port == http",
         "column 13: tcp.port is a number: \"http\" is not a number (HTTP is port 80)"},
        {"ip.addr == fe80::1",
         "column 12: ip.addr holds IPv4 addresses; \"fe80::1\" looks like IPv6 (use an ipv6 field "
         "such as ipv6.addr)"},
        {"ipv6.addr == 10.0.0.1",
         "column 14: ipv6.addr holds IPv6 addresses; \"10.0.0.1\" looks like IPv4 (use an ip "
         "field such as ip.addr)"},
        {"ip.addr == 10.0.0.300",
         "column 12: \"10.0.0.300\" is not an IPv4 address: octet 4 is 300, must be 0-255"},
        {"ip.addr == localhost",
         "column 12: \"localhost\" is not an IPv4 address (host names are not looked up in "
         "filters)"},
        {"ip.addr < 10.0.0.0/8",
         "column 11: < compares single addresses, and \"10.0.0.0/8\" is a network (use == to "
         "test membership)"},
        {"eth.src == 02:00:00:00:00",
         "column 12: \"02:00:00:00:00\" is not a MAC address: expected 6 bytes separated by ':' "
         "or '-', found 5"},
        {"tcp.flags.syn == 2",
         "column 18: tcp.flags.syn is a flag: compare it with 1 or 0 (or true/false), not 2"},
        {"tcp.flags.syn > 0",
         "column 15: tcp.flags.syn is a flag: test it with == 1 or == 0, not >"},
        {"ip.ttl contains 4",
         "column 8: contains searches bytes or text, and ip.ttl is a number (use ==)"},
        {"ip == 1",
         "column 4: ip is a protocol: test its presence (ip) or search its bytes (ip contains "
         "\"text\")"},
        {"tcp.options.mss == 1",
         "column 17: tcp.options.mss has no value of its own: test its presence alone"},
        {"frame contains GET",
         "column 16: \"GET\" is not a byte sequence: write text in quotes (\"GET\") or bytes as "
         "47:45:54"},
        {"frame contains \"GET", "column 16: unterminated string: missing the closing \""},
        {"frame contains \"a\\qb\"",
         "column 18: unknown escape \"\\q\" in a string (use \\\" \\\\ \\n \\r \\t or \\xhh)"},
        {"ip.src == ip.dst",
         "column 11: comparing two fields (ip.src and ip.dst) is not supported; compare with a "
         "value"},
        {"ip 10.0.0.1",
         "column 4: expected an operator such as ==, != or contains after ip, found \"10.0.0.1\""},
        {"and tcp", "column 1: expected a field or protocol name, found \"and\""},
        {"tcp and", "column 8: expected a field or protocol name after \"and\", found the end of "
                    "the filter"},
        {"not", "column 4: expected a field or protocol name after \"not\", found the end of the "
                "filter"},
        {"()", "column 2: expected a field or protocol name after \"(\", found \")\""},
        {"10.0.0.1",
         "column 1: expected a field or protocol name, found \"10.0.0.1\" (a value; write a test "
         "such as ip.addr == 10.0.0.1)"},
        {"ip.src == 10.0.0.1 tcp",
         "column 20: expected \"and\", \"or\" or the end of the filter, found \"tcp\""},
        {"(ip tcp)", "column 5: expected an operator such as ==, != or contains after ip, found "
                     "\"tcp\""},
        {"tcp.port in 80", "column 13: expected \"{\" after in, found \"80\""},
        {"tcp.port in {80", "column 13: unbalanced brace: \"{\" is never closed"},
        {"tcp.port in {}", "column 13: the set after in is empty: list values such as {80 443}"},
        {"udp.port in {2000..1000}",
         "column 14: the range 2000..1000 is empty: write the smaller number first"},
        {"frame matches \"x\"",
         "column 7: \"matches\" (regular expressions) is not supported; use contains"},
        {"eth.src[0:3] == 02:00:00",
         "column 8: field slices such as eth.src[0:3] are not supported"},
        {"tcp.flags.syn == 1 #", "column 20: unexpected character \"#\""},
        {std::string(300, '(') + "ip", "column 201: the filter nests deeper than 200 levels"},
    };
    for (const Case& c : cases) {
        INFO("filter: " << c.filter);
        auto f = DisplayFilter::parse(c.filter);
        REQUIRE_FALSE(f.ok());
        CHECK(f.error().message == c.error);
        CHECK(f.error().message.starts_with("column " + std::to_string(f.error().column) + ": "));
    }
}

TEST_CASE("display filter: a bare flag gets a warning", "[wire][filter]")
{
    auto f = DisplayFilter::parse("tcp and tcp.flags.syn");
    REQUIRE(f.ok());
    REQUIRE(f->warnings().size() == 1);
    CHECK(f->warnings()[0] == "column 9: tcp.flags.syn alone matches every frame that has the "
                              "field, set or not; write tcp.flags.syn == 1 to test the flag");
    auto g = DisplayFilter::parse("tcp.flags.syn == 1");
    REQUIRE(g.ok());
    CHECK(g->warnings().empty());
}

TEST_CASE("display filter: several filters over fields collected once", "[wire][filter]")
{
    FrameFields fields;
    collect_fields(ByteSpan(kTcpSynV4Frame, sizeof kTcpSynV4Frame), fields);
    auto handshake = DisplayFilter::parse("tcp.flags.syn == 1 && tcp.dstport == 80");
    auto secret = DisplayFilter::parse("frame contains \"password=\"");
    REQUIRE((handshake.ok() && secret.ok()));
    CHECK(handshake->matches(fields));
    CHECK_FALSE(secret->matches(fields));
    CHECK(DisplayFilter().matches(fields));
    CHECK(DisplayFilter().is_empty());
    CHECK(handshake->text() == "tcp.flags.syn == 1 && tcp.dstport == 80");
}

TEST_CASE("display filter: random text never crashes the parser", "[wire][filter][property]")
{
    static const char* const kPieces[] = {
        "ip",
        "ip.addr",
        "tcp.port",
        "tcp.flags.syn",
        "frame",
        "eth.src",
        "ipv6.dst",
        "==",
        "!=",
        "===",
        "<",
        ">=",
        "and",
        "or",
        "not",
        "!",
        "(",
        ")",
        "{",
        "}",
        "in",
        "..",
        "contains",
        "\"x",
        "\"ab\"",
        "10.0.0.1",
        "10.0.0.0/8",
        "fe80::1",
        "80",
        "0x50",
        "65536",
        "1..9",
        "02:00:00:00:00:01",
        "&&",
        "||",
        "^^",
        "=",
        "\\",
        "#",
        ",",
        " ",
    };
    uint32_t seed = GENERATE(take(400, random(0u, 0xffffffffu)));
    Rng rng(seed);
    INFO("seed " << seed);
    std::string text;
    if (rng.below(4) == 0) {
        text.resize(rng.below(40));
        for (char& c : text) c = char(rng.below(256));
    } else {
        for (uint32_t n = rng.below(12); n > 0; --n) {
            text += kPieces[rng.below(uint32_t(std::size(kPieces)))];
            if (rng.below(2)) text += ' ';
        }
    }
    INFO("text: " << text);
    auto f = DisplayFilter::parse(text);
    if (!f) {
        CHECK(f.error().message.starts_with("column "));
        CHECK(f.error().column >= 1);
        CHECK(f.error().column <= text.size() + 1);
        return;
    }
    for (const NamedFrame& nf : kAllFrames) (void)f->matches(ByteSpan(nf.data, nf.size));
}
