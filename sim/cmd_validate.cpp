// `wirelab validate SCENARIO...`: loads scenario files and reports every problem, without running.
#include "sim/cli.h"
#include "sim/scenario_file.h"

namespace wirelab::sim {
namespace {

constexpr std::string_view kHelp =
    "usage: wirelab validate [--canonical] SCENARIO...\n"
    "\n"
    "Checks scenario files (format wirelab/1, see sim/SCENARIO_FORMAT.md) without running them:\n"
    "JSON syntax, keys, types, units, addresses, names, links and the script. Every problem is\n"
    "listed with its place in the file, e.g.\n"
    "  lab.json: devices[2].interfaces[0].ipv4[0]: \"10.0.0.300/24\" is not an IPv4 prefix: ...\n"
    "Warnings (suspicious but runnable, like an address used twice) do not fail the check.\n"
    "\n"
    "For each good file it prints: ok: TITLE (N devices, M links)\n"
    "\n"
    "options:\n"
    "  --canonical  print each good file in canonical form instead (fixed key order, 2-space\n"
    "               indent, shortest units), the form Wirelab itself saves: keeps diffs small\n"
    "  -h, --help   show this help\n"
    "\n"
    "exit status: 0 all files are valid, 1 a file has errors or cannot be read, 2 usage error\n";

int run_validate(const std::vector<std::string>& args, CliOutput& io)
{
    std::vector<std::string> files;
    bool canonical = false;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--canonical") {
            canonical = true;
        } else if (args[i].size() > 1 && args[i][0] == '-') {
            io.err += "wirelab validate: unknown option '" + args[i] +
                      "'\nusage: wirelab validate [--canonical] SCENARIO...\n";
            return ExitUsage;
        } else {
            files.push_back(args[i]);
        }
    }
    if (files.empty()) {
        io.err += "wirelab validate: missing SCENARIO file\nusage: wirelab validate [--canonical] "
                  "SCENARIO...\n";
        return ExitUsage;
    }
    int rc = ExitOk;
    for (const std::string& f : files) {
        auto s = load_scenario_file(f, "wirelab validate", io);
        if (!s) {
            rc = ExitFailure;
            continue;
        }
        if (canonical) {
            io.out += save_scenario(*s);
            continue;
        }
        std::string title = s->title.empty() ? "(untitled)" : s->title;
        std::string prefix = files.size() > 1 ? f + ": " : "";
        io.out += prefix + "ok: " + title + " (" + std::to_string(s->devices.size()) +
                  (s->devices.size() == 1 ? " device, " : " devices, ") +
                  std::to_string(s->links.size()) +
                  (s->links.size() == 1 ? " link)\n" : " links)\n");
    }
    return rc;
}

} // namespace

const CliCommand& validate_command()
{
    static const CliCommand cmd{"validate", "check scenario files without running them", kHelp,
                                run_validate};
    return cmd;
}

} // namespace wirelab::sim
