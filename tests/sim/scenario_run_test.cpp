// `wirelab run` and `wirelab validate` in process (through run_cli, as the binary runs them), and
// the pieces under them: the command runner's timing rules and the pcap captures.
#include "core/wire/pcap.h"
#include "sim/cli.h"
#include "sim/pcap_capture.h"
#include "sim/scenario_run.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace wirelab;
using namespace wirelab::sim;

namespace {

std::string example(const std::string& name)
{
    return std::string(WIRELAB_SOURCE_DIR) + "/site/examples/" + name;
}

struct Ran {
    int rc;
    CliOutput io;
};

Ran cli(std::vector<std::string> args)
{
    Ran r{0, {}};
    r.rc = run_cli(args, r.io);
    return r;
}

size_t count(const std::string& text, const std::string& what)
{
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

std::string fingerprint_of(const std::string& out)
{
    size_t at = out.rfind("fingerprint: ");
    REQUIRE(at != std::string::npos);
    return out.substr(at + 13, 16);
}

Scenario load_example(const std::string& name)
{
    std::ifstream f(example(name), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    auto s = load_scenario(ss.str());
    REQUIRE(s.ok());
    return *s;
}

// ICMP echo messages of `type` to `dst` in a capture (Ethernet II, IPv4 without options).
size_t icmp_echoes(const Bytes& pcap, uint8_t type, wire::Ipv4Addr dst)
{
    auto cap = wire::pcap::read(pcap);
    REQUIRE(cap.ok());
    size_t n = 0;
    for (const auto& r : cap->records) {
        ByteSpan f = r.data;
        if (f.size() < 14 + 20 + 8 || load_be16(&f[12]) != 0x0800) continue; // EtherType IPv4
        if (f[14 + 9] != 1) continue;                                        // protocol ICMP
        if (load_be32(&f[14 + 16]) != dst.to_u32()) continue;                // destination
        if (f[14 + 20] == type) ++n;                                         // ICMP type
    }
    return n;
}

} // namespace

// ===================================================================================== wirelab run

TEST_CASE("run: the done-means ping crosses one router and comes back with ttl=63", "[sim][run]")
{
    Ran r = cli({"run", example("two-lans.json"), "--exec", "pc1: ping -c 3 10.0.2.10"});
    INFO(r.io.out << r.io.err);
    CHECK(r.rc == ExitOk);
    CHECK(r.io.err.empty());
    CHECK(r.io.out.rfind("[1.000000s] pc1$ ping -c 3 10.0.2.10\nPING 10.0.2.10 (10.0.2.10) 56(84) "
                         "bytes of data.\n",
                         0) == 0);
    CHECK(count(r.io.out, "pc1$ ping -c 3 10.0.2.10\n") == 2); // the script's, then --exec's
    CHECK(count(r.io.out, "ttl=63") == 6);
    CHECK(count(r.io.out, "3 packets transmitted, 3 received, 0% packet loss") == 2);
    CHECK(r.io.out.find("finished: 2 commands,") != std::string::npos);
}

TEST_CASE("run: the same scenario and seed give the same fingerprint; another seed another",
          "[sim][run]")
{
    Ran a = cli({"run", example("lossy-wan.json")});
    Ran b = cli({"run", example("lossy-wan.json")});
    Ran c = cli({"run", example("lossy-wan.json"), "--seed", "2"});
    REQUIRE(a.rc == ExitOk);
    CHECK(a.io.out == b.io.out);
    CHECK(fingerprint_of(a.io.out) != fingerprint_of(c.io.out));
    CHECK(a.io.out.find("20 packets transmitted") != std::string::npos);
}

TEST_CASE("run: --json reports every command, the drops and the fingerprint", "[sim][run]")
{
    Ran r = cli({"run", example("two-lans.json"), "--json", "--exec", "pc2: ping -c 1 10.7.7.7"});
    REQUIRE(r.rc == ExitOk);
    auto doc = nlohmann::json::parse(r.io.out, nullptr, false);
    REQUIRE(!doc.is_discarded());
    CHECK(doc["stopped"] == "done");
    REQUIRE(doc["commands"].size() == 2);
    CHECK(doc["commands"][0]["source"] == "script");
    CHECK(doc["commands"][0]["exit_code"] == 0);
    CHECK(doc["commands"][0]["started"] == "1.000000s");
    CHECK(doc["commands"][1]["host"] == "pc2");
    CHECK(doc["commands"][1]["exit_code"] == 1);
    CHECK(doc["commands"][1]["output"].get_ref<const std::string&>().find(
              "Destination Net Unreachable") != std::string::npos);
    bool saw_no_route = false;
    for (const auto& d : doc["drops"]) saw_no_route = saw_no_route || d["reason"] == "no route";
    CHECK(saw_no_route);
    Ran plain = cli({"run", example("two-lans.json"), "--exec", "pc2: ping -c 1 10.7.7.7"});
    CHECK(doc["fingerprint"] == fingerprint_of(plain.io.out));
}

TEST_CASE("run: a host runs one command at a time; --exec commands run one after another",
          "[sim][run]")
{
    Scenario s = load_example("two-lans.json");
    s.script.push_back({SimTime::from_s(1), "pc1", "ip route"}); // due while the ping runs
    auto built = build_scenario(s);
    REQUIRE(built.ok());
    std::vector<RunRequest> execs = {{"pc4", "ping -c 2 10.0.1.11", std::nullopt, false},
                                     {"pc3", "arp -a", std::nullopt, false},
                                     {"pc3", "ip addr", SimTime::from_s(30), false}};
    ScenarioRun run(*built, s, execs, {});
    run.run();
    const auto& c = run.commands();
    REQUIRE(c.size() == 5);
    CHECK(run.stop_reason() == StopReason::Done);
    // The script ping exits after its third reply (~3.0009 s); ip route waited for it.
    CHECK(c[1].due == SimTime::from_s(1));
    CHECK(c[1].started == c[0].ended);
    CHECK(c[1].exit_code == 0);
    // --exec: the first at 1 s, the next when it has exited, the last not before its @30s.
    CHECK(c[2].started == SimTime::from_s(1));
    CHECK(c[3].started == c[2].ended);
    CHECK(c[4].started == SimTime::from_s(30));
    CHECK(run.end_time() == c[4].ended);
    CHECK(c[3].output.find("10.0.2.1") != std::string::npos); // pc3 learned r1's address by ARP
}

TEST_CASE("run: without --until a never-ending command stops at the 600 s limit (exit 1)",
          "[sim][run]")
{
    Ran r = cli({"run", example("hub-sniffer.json"), "--exec", "pc2: ping 192.168.1.1"});
    CHECK(r.rc == ExitFailure);
    CHECK(
        r.io.out.find("[600.000000s] stopped at the 600.000000s limit with commands still running "
                      "(use --until to run longer)") != std::string::npos);
    CHECK(r.io.out.find("^C\n") != std::string::npos);
    CHECK(r.io.err ==
          "wirelab run: commands were still running at 600.000000s; give --until to say "
          "how long to run\n");
}

TEST_CASE("run: usage errors exit 2, bad input exits 1, each with a message", "[sim][run]")
{
    Ran none = cli({"run"});
    CHECK(none.rc == ExitUsage);
    CHECK(none.io.err.rfind(
              "wirelab run: missing SCENARIO file, e.g. site/examples/two-lans.json\n", 0) == 0);
    Ran opt = cli({"run", example("two-lans.json"), "--frobnicate"});
    CHECK(opt.rc == ExitUsage);
    CHECK(opt.io.err.rfind("wirelab run: unknown option '--frobnicate'\n", 0) == 0);
    Ran exec = cli({"run", example("two-lans.json"), "--exec", "ping 10.0.2.10"});
    CHECK(exec.rc == ExitUsage);
    CHECK(exec.io.err.rfind("wirelab run: --exec 'ping 10.0.2.10': write 'HOST: COMMAND', e.g. "
                            "--exec 'pc1: ping -c 3 10.0.2.10'\n",
                            0) == 0);
    Ran until = cli({"run", example("two-lans.json"), "--until", "soon"});
    CHECK(until.rc == ExitUsage);
    CHECK(
        until.io.err.rfind("wirelab run: --until: \"soon\" is not a duration: it must start with a "
                           "number, e.g. \"20ms\"\n",
                           0) == 0);
    Ran host = cli({"run", example("two-lans.json"), "--exec", "sw1: ping 10.0.2.10"});
    CHECK(host.rc == ExitFailure);
    CHECK(host.io.err ==
          "wirelab run: --exec 'sw1: ping 10.0.2.10': sw1 is a switch; commands run on "
          "hosts and routers (hosts and routers: pc1, pc2, r1, pc3, pc4)\n");
    Ran missing = cli({"run", "/nonexistent/x.json"});
    CHECK(missing.rc == ExitFailure);
    CHECK(missing.io.err ==
          "wirelab run: /nonexistent/x.json: cannot open: No such file or directory\n");
}

TEST_CASE("run: --pcap and --pcap-dir write the captures", "[sim][run][pcap]")
{
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / "wirelab_scenario_run_test";
    std::filesystem::remove_all(dir);
    std::string all = (dir / "all.pcap").string();
    std::filesystem::create_directories(dir);
    Ran r = cli(
        {"run", example("hub-sniffer.json"), "--pcap", all, "--pcap-dir", (dir / "if").string()});
    REQUIRE(r.rc == ExitOk);
    CHECK(r.io.out.find("pcap: " + all + " (33 frames)\n") != std::string::npos);
    CHECK(r.io.out.find("pcap-dir: " + (dir / "if").string() + " (6 files)\n") !=
          std::string::npos);
    CHECK(std::filesystem::file_size(all) > 24);
    for (const char* f : {"pc1-eth0.pcap", "pc2-eth0.pcap", "sniffer-eth0.pcap", "hub1-port1.pcap",
                          "hub1-port2.pcap", "hub1-port3.pcap"})
        CHECK(std::filesystem::exists(dir / "if" / f));
    std::filesystem::remove_all(dir);
}

// ===================================================================================== captures

TEST_CASE("pcap: the sniffer on a hub captures the other hosts' echo traffic", "[sim][pcap]")
{
    Scenario s = load_example("hub-sniffer.json");
    auto built = build_scenario(s);
    REQUIRE(built.ok());
    PcapCapture cap(true, true);
    cap.attach(*built->network);
    ScenarioRun run(*built, s, {}, {});
    run.run();
    wire::Ipv4Addr pc1 = wire::Ipv4Addr::from_u32(0xc0a80101),
                   pc2 = wire::Ipv4Addr::from_u32(0xc0a80102);
    auto files = cap.per_interface(*built->network);
    const PcapCapture::InterfaceCapture* sniffer = nullptr;
    for (const auto& f : files)
        if (f.filename == "sniffer-eth0.pcap") sniffer = &f;
    REQUIRE(sniffer);
    CHECK(icmp_echoes(sniffer->bytes, 8, pc2) == 3); // pc1's requests, not addressed to the sniffer
    CHECK(icmp_echoes(sniffer->bytes, 0, pc1) == 3); // pc2's replies
    // The whole-network capture has each frame once: 3 requests leave pc1 once and the hub once
    // per other port (2), so 9 copies of requests are on wires.
    CHECK(icmp_echoes(cap.whole(), 8, pc2) == 9);
    CHECK(cap.frame_count() == built->network->frames_sent());
}

TEST_CASE("pcap: nanosecond records in time order, stamped with simulated time", "[sim][pcap]")
{
    Scenario s = load_example("two-lans.json");
    auto built = build_scenario(s);
    REQUIRE(built.ok());
    PcapCapture cap(true, false);
    cap.attach(*built->network);
    ScenarioRun run(*built, s, {}, {});
    run.run();
    CHECK(load_be32(cap.whole().data()) == 0x4d3cb2a1); // 0xa1b23c4d written little-endian
    auto parsed = wire::pcap::read(cap.whole());
    REQUIRE(parsed.ok());
    CHECK(parsed->is_nanosecond);
    CHECK(parsed->link_type == wire::pcap::kLinkTypeEthernet);
    REQUIRE(parsed->records.size() == cap.frame_count());
    for (size_t i = 1; i < parsed->records.size(); ++i)
        CHECK(parsed->records[i - 1].time <= parsed->records[i].time);
    CHECK(parsed->records.back().time <= run.end_time());
    CHECK(cap.per_interface(*built->network).empty()); // not asked for
}

// ===================================================================================== validate

TEST_CASE("validate: ok line for good files, every error for bad ones", "[sim][validate]")
{
    Ran ok = cli({"validate", example("two-lans.json")});
    CHECK(ok.rc == ExitOk);
    CHECK(ok.io.out == "ok: Two LANs joined by a router (7 devices, 6 links)\n");
    std::string bad = std::string(WIRELAB_SOURCE_DIR) + "/tests/scenarios/bad-scenario.json";
    Ran r = cli({"validate", bad});
    CHECK(r.rc == ExitFailure);
    CHECK(r.io.out.empty());
    CHECK(r.io.err == bad +
                          ": devices[0].interfaces[0].ipv4[0]: \"10.0.0.300/24\" is not an IPv4 "
                          "prefix: octet 4 is 300, must be 0-255\n" +
                          bad +
                          ": devices[1].type: unknown device type \"computer\"; did you mean "
                          "\"host\"? (the types are host, router, switch and hub)\n" +
                          bad +
                          ": links[0].delay: \"2 parsecs\" is not a duration: unknown unit "
                          "\"parsecs\" (use s, ms, us or ns)\n" +
                          bad + ": links[0].b: no device named \"pc9\" (devices are: pc1, pc2)\n" +
                          bad + ": 4 errors, nothing was run\n");
    Ran two = cli({"validate", example("hub-sniffer.json"), bad});
    CHECK(two.rc == ExitFailure);
    CHECK(two.io.out ==
          example("hub-sniffer.json") + ": ok: A hub with a sniffer (4 devices, 3 links)\n");
    CHECK(cli({"validate"}).rc == ExitUsage);
    Ran canon = cli({"validate", "--canonical", example("ipv6-only.json")});
    std::ifstream f(example("ipv6-only.json"), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    CHECK(canon.io.out == ss.str());
}
