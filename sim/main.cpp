// Entry point of the native `wirelab` binary: the only place that touches stdout/stderr.
#include "sim/cli.h"

#include <chrono>
#include <cstdio>
#include <sys/resource.h>

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    wirelab::sim::CliOutput io;
    // The only wall clock in Wirelab: benchmarks report real speed; the simulation never sees it.
    io.wall_seconds = [] {
        using namespace std::chrono;
        return duration<double>(steady_clock::now().time_since_epoch()).count();
    };
    io.peak_memory_bytes = []() -> uint64_t {
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        return uint64_t(ru.ru_maxrss) * 1024; // Linux reports KiB
    };
    int rc = wirelab::sim::run_cli(args, io);
    std::fwrite(io.out.data(), 1, io.out.size(), stdout);
    std::fwrite(io.err.data(), 1, io.err.size(), stderr);
    return rc;
}
