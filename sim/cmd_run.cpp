// `wirelab run SCENARIO [options]`: runs a scenario headless and prints what its commands printed,
// as a terminal transcript (or JSON), with captures written as pcap files.
#include "core/base/text.h"
#include "core/net/network.h"
#include "sim/cli.h"
#include "sim/pcap_capture.h"
#include "sim/scenario_file.h"
#include "sim/scenario_run.h"
#include "sim/scenario_units.h"

#include <nlohmann/json.hpp>

namespace wirelab::sim {
namespace {

constexpr std::string_view kUsage =
    "usage: wirelab run SCENARIO [--until T] [--seed N] [--pcap FILE] [--pcap-dir DIR]\n"
    "                            [--exec '[@T] HOST: CMD']... [--json] [--trace]\n";

constexpr std::string_view kHelp =
    "usage: wirelab run SCENARIO [--until T] [--seed N] [--pcap FILE] [--pcap-dir DIR]\n"
    "                            [--exec '[@T] HOST: CMD']... [--json] [--trace]\n"
    "\n"
    "Builds the network of a scenario file (see sim/SCENARIO_FORMAT.md), runs the commands of\n"
    "its script at their times and the --exec commands, and keeps simulating until every command\n"
    "has exited. Each command's output is printed under a header with the simulated time and\n"
    "host, like a terminal:\n"
    "  [1.000000s] pc1$ ping -c 3 10.0.2.10\n"
    "  PING 10.0.2.10 (10.0.2.10) 56(84) bytes of data.\n"
    "  ...\n"
    "The last line is the run's fingerprint: the same scenario and seed always give the same one.\n"
    "\n"
    "A host runs one command at a time: a command due while another runs on the same host starts\n"
    "when that one exits. Output of commands running at the same time on different hosts is\n"
    "interleaved in time order; '(continued)' headers say whose output follows.\n"
    "\n"
    "options:\n"
    "  --exec 'HOST: CMD'  run CMD on HOST (repeatable). --exec commands run one after another,\n"
    "                      in the order given, the first at 1s (after boot-time router\n"
    "                      advertisements). '@T HOST: CMD' starts that one no earlier than T,\n"
    "                      e.g. --exec '@5s pc1: ping -c 1 10.0.2.10'.\n"
    "  --until T           stop at simulated time T (e.g. 30s, 500ms; a bare number is seconds);\n"
    "                      commands still running are interrupted like Ctrl+C. Without it a run\n"
    "                      stops after 600s, or after 10s if there are no commands.\n"
    "  --seed N            use seed N instead of the scenario's (randomness of lossy links)\n"
    "  --pcap FILE         write every frame sent in the network, once, to FILE (pcap,\n"
    "                      nanosecond timestamps of simulated time, Ethernet)\n"
    "  --pcap-dir DIR      write one capture per cabled interface, DIR/<device>-<iface>.pcap,\n"
    "                      with the frames it sent and received\n"
    "  --json              print a JSON document instead of the transcript: commands (host, at,\n"
    "                      started, ended, line, output, exit_code), drops, frames, fingerprint\n"
    "  --trace             also print every drop with its reason:\n"
    "                      [2.000123s] r1: drop: no route to 10.9.0.0/16\n"
    "  -h, --help          show this help\n"
    "\n"
    "exit status: 0 the run completed (also when a command itself failed: its exit status is in\n"
    "the transcript and the JSON), 1 bad scenario, unreadable file, or the run did not finish\n"
    "(600s limit without --until, no more events, event limit), 2 usage error\n";

struct RunArgs {
    std::string file;
    std::optional<SimTime> until;
    std::optional<uint64_t> seed;
    std::string pcap;
    std::string pcap_dir;
    std::vector<RunRequest> execs;
    std::vector<std::string> exec_texts;
    bool json = false;
    bool trace = false;
};

int usage_error(CliOutput& io, const std::string& why)
{
    io.err += "wirelab run: " + why + "\n" + std::string(kUsage);
    return ExitUsage;
}

Result<SimTime, std::string> cli_duration(const std::string& text)
{
    bool bare = !text.empty() && text.find_first_not_of("0123456789.") == std::string::npos;
    auto t = parse_duration(bare ? text + "s" : text);
    if (!t) return fail(t.error().message);
    return *t;
}

// "[@T] HOST: CMD"
Result<RunRequest, std::string> parse_exec(const std::string& text)
{
    std::string rest(trim(text));
    RunRequest r;
    if (!rest.empty() && rest[0] == '@') {
        size_t sp = rest.find_first_of(" \t");
        auto at =
            cli_duration(rest.substr(1, sp == std::string::npos ? std::string::npos : sp - 1));
        if (!at) return fail("--exec '" + text + "': " + at.error());
        r.at = *at;
        rest = sp == std::string::npos ? "" : std::string(trim(std::string_view(rest).substr(sp)));
    }
    size_t colon = rest.find(':');
    std::string_view host = trim(std::string_view(rest).substr(0, colon));
    std::string_view line = colon == std::string::npos
                                ? std::string_view()
                                : trim(std::string_view(rest).substr(colon + 1));
    if (colon == std::string::npos || host.empty() || line.empty())
        return fail("--exec '" + text +
                    "': write 'HOST: COMMAND', e.g. --exec 'pc1: ping -c 3 10.0.2.10'");
    r.host = host;
    r.line = line;
    return r;
}

// Reads "--opt VALUE" or "--opt=VALUE"; false (after reporting) when the value is missing.
bool option_value(const std::vector<std::string>& args, size_t& i, std::string_view name,
                  std::string& value)
{
    const std::string& a = args[i];
    if (a.size() > name.size() && a.compare(0, name.size(), name) == 0 && a[name.size()] == '=') {
        value = a.substr(name.size() + 1);
        return true;
    }
    if (a != name || i + 1 >= args.size()) return false;
    value = args[++i];
    return true;
}

bool is_option(const std::string& a, std::string_view name)
{
    return a == name || (a.size() > name.size() && a.compare(0, name.size(), name) == 0 &&
                         a[name.size()] == '=');
}

int parse_args(const std::vector<std::string>& args, RunArgs& out, CliOutput& io)
{
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        std::string v;
        if (a == "--json") {
            out.json = true;
        } else if (a == "--trace") {
            out.trace = true;
        } else if (is_option(a, "--until")) {
            if (!option_value(args, i, "--until", v))
                return usage_error(io, "--until needs a time, e.g. --until 30s");
            auto t = cli_duration(v);
            if (!t) return usage_error(io, "--until: " + t.error());
            out.until = *t;
        } else if (is_option(a, "--seed")) {
            if (!option_value(args, i, "--seed", v) || v.empty() || v.size() > 19 ||
                v.find_first_not_of("0123456789") != std::string::npos)
                return usage_error(io, "--seed needs a whole number, e.g. --seed 7");
            uint64_t seed = 0;
            for (char c : v) seed = seed * 10 + uint64_t(c - '0');
            out.seed = seed;
        } else if (is_option(a, "--pcap")) {
            if (!option_value(args, i, "--pcap", out.pcap) || out.pcap.empty())
                return usage_error(io, "--pcap needs a file name, e.g. --pcap out.pcap");
        } else if (is_option(a, "--pcap-dir")) {
            if (!option_value(args, i, "--pcap-dir", out.pcap_dir) || out.pcap_dir.empty())
                return usage_error(io, "--pcap-dir needs a directory, e.g. --pcap-dir captures");
        } else if (is_option(a, "--exec")) {
            if (!option_value(args, i, "--exec", v))
                return usage_error(
                    io, "--exec needs 'HOST: COMMAND', e.g. --exec 'pc1: ping -c 3 10.0.2.10'");
            auto r = parse_exec(v);
            if (!r) return usage_error(io, r.error());
            out.execs.push_back(std::move(*r));
        } else if (a.size() > 1 && a[0] == '-') {
            return usage_error(io, "unknown option '" + a + "'");
        } else if (!out.file.empty()) {
            return usage_error(io, "unexpected argument '" + a + "' (one SCENARIO at a time)");
        } else {
            out.file = a;
        }
    }
    if (out.file.empty())
        return usage_error(io, "missing SCENARIO file, e.g. site/examples/two-lans.json");
    return ExitOk;
}

// Every --exec host must be a host or router of the scenario.
bool check_exec_hosts(const Scenario& s, const RunArgs& args, CliOutput& io)
{
    bool ok = true;
    for (const RunRequest& r : args.execs) {
        const DeviceSpec* d = s.find_device(r.host);
        if (d && d->is_ip_node()) continue;
        std::string names;
        for (const DeviceSpec& dev : s.devices)
            if (dev.is_ip_node()) names += (names.empty() ? "" : ", ") + dev.name;
        io.err +=
            "wirelab run: --exec '" + r.host + ": " + r.line + "': " +
            (d ? r.host + " is a " + to_string(d->type) + "; commands run on hosts and routers"
               : "no host named \"" + r.host + "\"") +
            " (hosts and routers: " + names + ")\n";
        ok = false;
    }
    return ok;
}

std::string json_report(const Scenario& s, const ScenarioRun& run, const net::Network& net)
{
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    doc["title"] = s.title;
    doc["seed"] = net.seed();
    doc["stopped"] = to_string(run.stop_reason());
    doc["end"] = run.end_time().to_string();
    doc["end_ns"] = run.end_time().ns();
    nlohmann::ordered_json cmds = nlohmann::ordered_json::array();
    for (const CommandRecord& c : run.commands()) {
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        j["host"] = c.request.host;
        j["source"] = c.request.from_script ? "script" : "exec";
        j["line"] = c.request.line;
        j["at"] = c.due.to_string();
        j["started"] = c.has_started ? nlohmann::ordered_json(c.started.to_string()) : nullptr;
        j["ended"] = c.has_ended ? nlohmann::ordered_json(c.ended.to_string()) : nullptr;
        j["exit_code"] = c.has_ended ? nlohmann::ordered_json(c.exit_code) : nullptr;
        j["interrupted"] = c.interrupted;
        j["output"] = c.output;
        cmds.push_back(std::move(j));
    }
    doc["commands"] = std::move(cmds);
    nlohmann::ordered_json drops = nlohmann::ordered_json::array();
    for (const DropRecord& d : run.drops()) {
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        j["at"] = d.at.to_string();
        j["node"] = d.node;
        j["reason"] = net::to_string(d.reason);
        j["text"] = d.text;
        drops.push_back(std::move(j));
    }
    doc["drops"] = std::move(drops);
    doc["frames"] = net.frames_sent();
    doc["events"] = run.events();
    doc["fingerprint"] = net.fingerprint().to_hex();
    return doc.dump(2, ' ', false, nlohmann::detail::error_handler_t::replace) + "\n";
}

bool write_captures(const RunArgs& args, const PcapCapture& cap, const net::Network& net,
                    std::string& notes, CliOutput& io)
{
    if (!args.pcap.empty()) {
        if (auto w = write_file(args.pcap, cap.whole()); !w) {
            io.err += "wirelab run: " + w.error() + "\n";
            return false;
        }
        notes += "pcap: " + args.pcap + " (" + std::to_string(cap.frame_count()) + " frames)\n";
    }
    if (!args.pcap_dir.empty()) {
        if (auto d = make_directory(args.pcap_dir); !d) {
            io.err += "wirelab run: " + d.error() + "\n";
            return false;
        }
        auto files = cap.per_interface(net);
        for (const PcapCapture::InterfaceCapture& f : files) {
            if (auto w = write_file(args.pcap_dir + "/" + f.filename, f.bytes); !w) {
                io.err += "wirelab run: " + w.error() + "\n";
                return false;
            }
        }
        notes += "pcap-dir: " + args.pcap_dir + " (" + std::to_string(files.size()) + " files)\n";
    }
    return true;
}

int run_run(const std::vector<std::string>& argv, CliOutput& io)
{
    RunArgs args;
    if (int rc = parse_args(argv, args, io); rc != ExitOk) return rc;
    std::optional<Scenario> s = load_scenario_file(args.file, "wirelab run", io);
    if (!s) return ExitFailure;
    if (!check_exec_hosts(*s, args, io)) return ExitFailure;
    if (args.seed) s->seed = *args.seed;
    auto built = build_scenario(*s);
    if (!built) {
        for (const Diagnostic& d : built.error()) io.err += args.file + ": " + d.to_string() + "\n";
        return ExitFailure;
    }
    net::Network& net = *built->network;
    PcapCapture capture(!args.pcap.empty(), !args.pcap_dir.empty());
    if (!args.pcap.empty() || !args.pcap_dir.empty()) capture.attach(net);

    ScenarioRun run(*built, *s, std::move(args.execs), RunSettings{args.until, args.trace});
    run.run();

    std::string notes;
    if (!write_captures(args, capture, net, notes, io)) return ExitFailure;
    if (args.json) {
        io.out += json_report(*s, run, net);
    } else {
        io.out += run.transcript();
        size_t n = run.commands().size();
        io.out += "[" + run.end_time().to_string() + "] finished: " + std::to_string(n) +
                  (n == 1 ? " command, " : " commands, ") + std::to_string(net.frames_sent()) +
                  " frames sent\n";
        io.out += notes;
        io.out += "fingerprint: " + net.fingerprint().to_hex() + "\n";
    }
    switch (run.stop_reason()) {
    case StopReason::Done:
    case StopReason::Until: return ExitOk;
    case StopReason::DefaultLimit:
        io.err += "wirelab run: commands were still running at " + kDefaultLimit.to_string() +
                  "; give --until to say how long to run\n";
        return ExitFailure;
    case StopReason::Idle:
        io.err += "wirelab run: commands were still running but nothing was left to happen\n";
        return ExitFailure;
    case StopReason::EventLimit:
        io.err += "wirelab run: stopped after " + std::to_string(kMaxEvents) + " events\n";
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace

const CliCommand& run_command()
{
    static const CliCommand cmd{"run", "run a scenario headless: transcript, pcap, fingerprint",
                                kHelp, run_run};
    return cmd;
}

} // namespace wirelab::sim
