// The `wirelab` command line: subcommand dispatch shared by the native binary, the tests and
// (for commands that make sense there) the browser. Output goes to strings, not to stdio.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::sim {

struct CliOutput {
    std::string out;
    std::string err;
    // Host facilities that only the native main() provides (sim/ itself never reads a clock):
    // wall-clock seconds and peak resident memory, used by `wirelab bench` to report speed.
    std::function<double()> wall_seconds;
    std::function<uint64_t()> peak_memory_bytes;
    // Heap allocations so far (the native binary counts them in its operator new), so a
    // benchmark can report allocations per packet.
    std::function<uint64_t()> allocations;
};

// Exit codes: 0 success, 1 the input was understood but is wrong (bad address, bad scenario),
// 2 usage error (unknown subcommand or option, missing argument).
enum ExitCode : int { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

using CommandFn = int (*)(const std::vector<std::string>& args, CliOutput& io);

struct CliCommand {
    std::string_view name;
    std::string_view summary;
    std::string_view help; // full --help text
    CommandFn run;
};

// args excludes the program name: {"cidr", "10.0.0.0/8"}.
int run_cli(const std::vector<std::string>& args, CliOutput& io);

// True when args has -h or --help.
bool wants_help(const std::vector<std::string>& args);

// Each subcommand lives in its own cmd_*.cpp and returns its table entry.
const CliCommand& cidr_command();
const CliCommand& ports_command();
const CliCommand& run_command();
const CliCommand& validate_command();
const CliCommand& bench_command();
const CliCommand& grade_command();
const CliCommand& lab_command();

// `wirelab bench grade ...` (bench_grade.cpp), reached through `wirelab bench`.
int run_bench_grade(const std::vector<std::string>& args, CliOutput& io);

} // namespace wirelab::sim
