// Writes the wire fixtures as a pcap for tshark to check (tests/tools/check_pcap.sh), and the
// fuzz seed corpus (tests/fuzz/corpus/<target>/). Native only: it writes files.
//
//   write_fixture_pcap OUT.pcap        every fixture frame, then frames our emitters build,
//                                      then the application frames (tests/tools/app_frames.h);
//                                      prints the frame count, then "<frame> <protocol>" lines
//                                      naming what tshark must dissect in each application frame
//   write_fixture_pcap --seeds DIR     one seed file per fixture and fuzz target
#include "core/wire/ethernet.h"
#include "core/wire/icmpv4.h"
#include "core/wire/icmpv6.h"
#include "core/wire/ipv4.h"
#include "core/wire/ipv6.h"
#include "core/wire/pcap.h"
#include "core/wire/tcp.h"
#include "core/wire/udp.h"
#include "tests/tools/app_frames.h"
#include "tests/wire/fixtures.h"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;
using ethernet::EtherType;

namespace {

bool write_file(const std::string& path, ByteSpan data)
{
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        std::fprintf(stderr, "write_fixture_pcap: cannot write %s\n", path.c_str());
        return false;
    }
    bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
    return std::fclose(f) == 0 && ok;
}

// Wraps an IP packet in an Ethernet frame (padded to 60 bytes).
Bytes in_frame(EtherType type, ByteSpan l3, MacAddr dst = kMacB, MacAddr src = kMacA)
{
    ethernet::Repr e{dst, src, type};
    Bytes out(ethernet::buffer_len(e, l3.size()));
    ethernet::emit(e, l3, out);
    return out;
}

ipv4::Repr v4(Ipv4Addr src, Ipv4Addr dst, IpProtocol protocol)
{
    ipv4::Repr r;
    r.src = src;
    r.dst = dst;
    r.protocol = protocol;
    return r;
}

ipv6::Repr v6(Ipv6Addr src, Ipv6Addr dst, IpProtocol next_header, uint8_t hop_limit = 64)
{
    ipv6::Repr r;
    r.src = src;
    r.dst = dst;
    r.next_header = next_header;
    r.hop_limit = hop_limit;
    return r;
}

Bytes ipv4_packet(const ipv4::Repr& ip, ByteSpan payload)
{
    Bytes out(ipv4::buffer_len(ip, payload.size()));
    ipv4::emit(ip, payload, out);
    return out;
}

Bytes ipv6_packet(const ipv6::Repr& ip, ByteSpan payload)
{
    Bytes out(ipv6::buffer_len(ip, payload.size()));
    ipv6::emit(ip, payload, out);
    return out;
}

// A SYN-ACK with MSS, timestamps and 3 SACK blocks over IPv4: the packed option layout (MSS
// keeps it a SYN, so tshark does not flag the MSS option).
Bytes tcp_packed_frame()
{
    ipv4::Repr ip = v4(kIpA, kIpB, IpProtocol::Tcp);
    tcp::Repr t;
    t.src_port = 1234;
    t.dst_port = 80;
    t.seq = tcp::SeqNum(1);
    t.ack = tcp::SeqNum(2);
    t.flags = tcp::kSyn | tcp::kAck;
    t.window = 1000;
    t.options.mss = 1400;
    t.options.timestamps = tcp::Timestamps{7, 8};
    t.options.sack_count = 3;
    for (uint32_t i = 0; i < 3; ++i)
        t.options.sack[i] = {tcp::SeqNum(10 + 20 * i), tcp::SeqNum(20 + 20 * i)};
    Bytes seg(tcp::buffer_len(t, 0));
    tcp::emit(t, {}, PseudoHeader::v4(ip.src, ip.dst), seg);
    return in_frame(EtherType::Ipv4, ipv4_packet(ip, seg));
}

// UDP over IPv6 whose checksum computes to zero, so it is sent as 0xffff.
Bytes udp_ffff_frame()
{
    ipv6::Repr ip = v6(kGlobalA, kGlobalB, IpProtocol::Udp);
    auto ph = PseudoHeader::v6(ip.src, ip.dst);
    Bytes data = {0, 0};
    Bytes dgram(udp::buffer_len({}, 2));
    udp::emit(udp::Repr{5000, 6000}, data, ph, dgram);
    store_be16(data.data(), load_be16(&dgram[udp::kChecksum]));
    udp::emit(udp::Repr{5000, 6000}, data, ph, dgram);
    return in_frame(EtherType::Ipv6, ipv6_packet(ip, dgram));
}

// ICMP "fragmentation needed" (RFC 1191) from the router, in an IPv4 packet with a router
// alert option, quoting the ping packet.
Bytes frag_needed_frame()
{
    ipv4::Repr ip = v4(kIpR, kIpA, IpProtocol::Icmp);
    ip.options = {0x94, 0x04, 0x00, 0x00};
    icmpv4::Repr m = icmpv4::DestUnreachable{icmpv4::UnreachableCode::FragNeeded, 1400};
    ByteSpan quote = icmpv4::quote_invoking(ByteSpan(kIcmpv4EchoFrame).subspan(kL3));
    Bytes msg(icmpv4::buffer_len(m, quote.size()));
    icmpv4::emit(m, quote, msg);
    return in_frame(EtherType::Ipv4, ipv4_packet(ip, msg), kMacA, kMacR);
}

// A router advertisement with two prefixes and no options but those.
Bytes router_advert_frame()
{
    ipv6::Repr ip = v6(kLinkLocalR, kAllNodes, IpProtocol::Icmpv6, 255);
    icmpv6::RouterAdvert ra;
    ra.managed_flag = true;
    ra.router_lifetime = 9000;
    ra.source_ll = kMacR;
    ra.prefixes.push_back({64, true, true, 86400, 14400, kGlobalA});
    ra.prefixes.push_back({48, true, false, 0xffffffff, 0xffffffff, kGlobalB});
    Bytes msg(icmpv6::buffer_len(ra, 0));
    icmpv6::emit(ra, {}, ip.src, ip.dst, msg);
    return in_frame(EtherType::Ipv6, ipv6_packet(ip, msg), MacAddr{{0x33, 0x33, 0, 0, 0, 1}},
                    kMacR);
}

// Frames built by our emitters, so tshark also judges what the library writes.
std::vector<Bytes> emitted_frames()
{
    return {tcp_packed_frame(), udp_ffff_frame(), frag_needed_frame(), router_advert_frame()};
}

int write_pcap(const std::string& path)
{
    pcap::PcapWriter w;
    Bytes file;
    w.append_header(file);
    int64_t ms = 0;
    for (const NamedFrame& f : kAllFrames)
        w.append_record(file, SimTime::from_ms(ms += 10), ByteSpan(f.data, f.size));
    for (const Bytes& f : emitted_frames()) w.append_record(file, SimTime::from_ms(ms += 10), f);
    size_t count = std::size(kAllFrames) + emitted_frames().size();
    std::string expected; // "<frame number> <protocol>" lines for check_pcap.sh
    for (const AppFrame& f : app_frames()) {
        w.append_record(file, SimTime::from_ms(ms += 10), f.frame);
        ++count;
        if (!f.protocol.empty()) expected += std::to_string(count) + " " + f.protocol + "\n";
    }
    if (!write_file(path, file)) return 1;
    std::printf("%zu\n%s", count, expected.c_str());
    return 0;
}

// Seeds: each fuzz target gets the layer it parses, cut from every fixture frame.
int write_seeds(const std::string& dir)
{
    namespace fs = std::filesystem;
    auto seed = [&](const char* target, const std::string& name, ByteSpan data) {
        fs::create_directories(fs::path(dir) / target);
        return write_file((fs::path(dir) / target / name).string(), data);
    };
    bool ok = true;
    for (const NamedFrame& f : kAllFrames) {
        ByteSpan frame(f.data, f.size);
        ok &= seed("ethernet", f.name, frame);
        auto eth = ethernet::parse(frame);
        if (!eth) continue;
        uint16_t type = uint16_t(eth->repr.ethertype);
        ByteSpan l3 = eth->payload;
        if (type == 0x0806) ok &= seed("arp", f.name, l3);
        if (type == 0x0800) ok &= seed("ipv4", f.name, l3);
        if (type == 0x86dd) ok &= seed("ipv6", f.name, l3);
        ByteSpan l4;
        IpProtocol proto{};
        char version = 0;
        if (auto ip = ipv4::parse(l3); ip.ok())
            l4 = ip->payload, proto = ip->repr.protocol, version = '4';
        if (auto ip = ipv6::parse(l3); ip.ok())
            l4 = ip->payload, proto = ip->protocol, version = '6';
        // The udp/tcp targets read one selector byte first: even = IPv4, odd = IPv6.
        Bytes sel = {uint8_t(version == '6' ? 1 : 0)};
        sel.insert(sel.end(), l4.begin(), l4.end());
        if (proto == IpProtocol::Icmp) ok &= seed("icmpv4", f.name, l4);
        if (proto == IpProtocol::Icmpv6) ok &= seed("icmpv6", f.name, l4);
        if (proto == IpProtocol::Udp) ok &= seed("udp", f.name, sel);
        if (proto == IpProtocol::Tcp) ok &= seed("tcp", f.name, sel);
    }
    // The application targets get the UDP/TCP payload (http: a selector byte first, see
    // tests/fuzz/app_oracles.h: even = requests, odd = responses, the other 7 bits the size of
    // the pieces the rest is fed in).
    const std::pair<const char*, Bytes> app_seeds[] = {
        {"dhcp/discover", dhcp_discover()},
        {"dhcp/offer", dhcp_offer()},
        {"dhcp/request", dhcp_request()},
        {"dhcp/ack", dhcp_ack()},
        {"dns/query", Bytes(std::begin(kDnsQuery), std::end(kDnsQuery))},
        {"dns/response", Bytes(std::begin(kDnsResponse), std::end(kDnsResponse))},
        {"dns/nxdomain", Bytes(std::begin(kDnsNxDomain), std::end(kDnsNxDomain))},
        {"dns/every_record_type", app_frames_detail::every_record_type()},
        {"ntp/request", Bytes(std::begin(kNtpRequest), std::end(kNtpRequest))},
        {"ntp/reply", Bytes(std::begin(kNtpReply), std::end(kNtpReply))},
    };
    for (const auto& [path, data] : app_seeds) {
        std::string p = path;
        size_t slash = p.find('/');
        ok &= seed(p.substr(0, slash).c_str(), p.substr(slash + 1), data);
    }
    auto http_seed = [&](const char* name, uint8_t selector, std::string_view text) {
        Bytes b = {selector};
        b.insert(b.end(), text.begin(), text.end());
        return seed("http", name, b);
    };
    ok &= http_seed("get", 0xfe, std::string(kHttpGet) + std::string(kHttpGetChunked));
    ok &= http_seed("ok", 0xff, kHttpOk);
    ok &= http_seed("chunked", 0xff, kHttpChunked);
    ok &= http_seed("chunked_small_pieces", 0x07, kHttpChunked);

    pcap::PcapWriter w;
    Bytes file;
    w.append_header(file);
    w.append_record(file, SimTime::from_ms(1), kArpRequestFrame);
    w.append_record(file, SimTime::from_ms(2), kTcpSynV4Frame);
    ok &= seed("pcap", "two_records", file);
    return ok ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 2 && argv[1][0] != '-') return write_pcap(argv[1]);
    if (argc == 3 && std::string(argv[1]) == "--seeds") return write_seeds(argv[2]);
    std::fprintf(stderr, "usage: write_fixture_pcap OUT.pcap | write_fixture_pcap --seeds DIR\n");
    return 2;
}
