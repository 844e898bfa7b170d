#include "sim/cli.h"

#include <array>

#ifndef WIRELAB_VERSION
#define WIRELAB_VERSION "0.0.0"
#endif

namespace wirelab::sim {
namespace {

int run_version(const std::vector<std::string>& args, CliOutput& io)
{
    if (args.size() > 1) {
        io.err += "wirelab version: unexpected argument '" + args[1] + "'\n";
        return ExitUsage;
    }
    io.out += "wirelab " WIRELAB_VERSION "\n";
    return ExitOk;
}

const CliCommand& version_command()
{
    static const CliCommand cmd{"version", "print the version",
                                "usage: wirelab version\n\nPrints the Wirelab version.\n",
                                run_version};
    return cmd;
}

std::vector<const CliCommand*> commands()
{
    return {&bench_command(), &cidr_command(), &grade_command(),    &lab_command(),
            &ports_command(), &run_command(),  &validate_command(), &version_command()};
}

std::string usage()
{
    std::string s = "usage: wirelab <command> [options]\n\ncommands:\n";
    for (const CliCommand* c : commands()) {
        s += "  ";
        s += c->name;
        s.append(c->name.size() < 10 ? 10 - c->name.size() : 1, ' ');
        s += c->summary;
        s += '\n';
    }
    s += "\nRun 'wirelab <command> --help' for the options of one command.\n";
    return s;
}

} // namespace

bool wants_help(const std::vector<std::string>& args)
{
    for (size_t i = 1; i < args.size(); ++i)
        if (args[i] == "-h" || args[i] == "--help") return true;
    return false;
}

int run_cli(const std::vector<std::string>& args, CliOutput& io)
{
    if (args.empty()) {
        io.err += usage();
        return ExitUsage;
    }
    if (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
        io.out += usage();
        return ExitOk;
    }
    if (args[0] == "--version") return run_version({"version"}, io);
    for (const CliCommand* c : commands()) {
        if (args[0] != c->name) continue;
        if (wants_help(args)) {
            io.out += c->help;
            return ExitOk;
        }
        return c->run(args, io);
    }
    io.err += "wirelab: unknown command '" + args[0] + "'\n\n" + usage();
    return ExitUsage;
}

} // namespace wirelab::sim
