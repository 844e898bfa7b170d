// Wireshark's judgement of our TCP: the capture of a transfer over a lossy, reordering link is
// read back by tshark, which must find no malformed frame or bad checksum, and whose TCP
// analysis must flag the retransmissions we made. Native only (it runs the tshark program);
// skipped when tshark is not installed.
#include "core/wire/pcap.h"
#include "tests/transport/bulk.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace wirelab;
using namespace wirelab::test;

#ifndef __EMSCRIPTEN__
#include <unistd.h>

namespace {

// Runs a shell command and returns its standard output.
std::string run(const std::string& cmd)
{
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        pclose(p);
    }
    return out;
}

long count(const std::string& pcap, const std::string& filter)
{
    std::string cmd = "tshark -r '" + pcap +
                      "' -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE -Y '" + filter +
                      "' -T fields -e frame.number 2>/dev/null | wc -l";
    return std::strtol(run(cmd).c_str(), nullptr, 10);
}

} // namespace

TEST_CASE("tcp pcap: tshark reads a lossy transfer cleanly and flags our retransmissions",
          "[transport][tcp][tshark]")
{
    if (run("command -v tshark").empty()) {
        WARN("tshark not installed: skipped");
        return;
    }
    net::LinkDirParams d;
    d.bandwidth_bps = 10'000'000;
    d.delay = SimTime::from_ms(5);
    d.loss = 0.05;
    d.reorder = 0.05;
    d.queue_limit = 1000; // so every retransmission we count reaches the capture point
    TwoHosts h(21, d, d);
    Bytes pcap;
    wire::pcap::PcapWriter writer;
    writer.append_header(pcap);
    // What a capture on a's interface sees: its frames going out, and those arriving.
    h.net.set_frame_tap(
        [&](SimTime at, NodeId node, uint32_t, net::TapDirection, const net::Frame& f) {
            if (node == h.a.id()) writer.append_record(pcap, at, f.bytes);
        });
    BulkTransfer t(h, 300'000);
    t.start(ip("10.0.0.2"));
    REQUIRE(h.run_until([&] { return t.is_done(); }, SimTime::from_s(120)));
    REQUIRE(t.received.hash == StreamCheck::of_pattern(300'000).hash);
    const auto* c = h.ta().tcp(t.client);
    REQUIRE(c);
    uint64_t ours = c->stats().retransmitted_segments;
    REQUIRE(ours > 0);

    std::string file = "/tmp/wirelab-tcp-pcap-" + std::to_string(::getpid()) + ".pcap";
    {
        std::ofstream f(file, std::ios::binary);
        f.write(reinterpret_cast<const char*>(pcap.data()), std::streamsize(pcap.size()));
    }
    long frames = count(file, "frame");
    long bad = count(
        file, "_ws.malformed || _ws.expert.severity == error || ip.checksum.status == \"Bad\" || "
              "tcp.checksum.status == \"Bad\"");
    // A sender never reorders its own stream, so every segment of ours that Wireshark calls a
    // retransmission — or "out-of-order", its name for a retransmission sent less than an RTT
    // after later data — is one we sent again.
    long retrans =
        count(file, "ip.src == 10.0.0.1 && (tcp.analysis.retransmission || "
                    "tcp.analysis.fast_retransmission || "
                    "tcp.analysis.spurious_retransmission || tcp.analysis.out_of_order)");
    long flagged = count(file, "ip.src == 10.0.0.1 && tcp.analysis.retransmission");
    long syn =
        count(file, "tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.options.mss_val == 1460");
    std::remove(file.c_str());
    INFO("frames " << frames << ", tshark retransmissions " << retrans << ", ours " << ours);
    CHECK(frames > 200);
    CHECK(bad == 0);
    CHECK(syn >= 1);
    // Wireshark recognises every segment we sent again as a retransmission of some kind.
    CHECK(retrans == long(ours));
    CHECK(flagged > 0);
}
#endif
