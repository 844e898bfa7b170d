// Entry point of the native `wirelab` binary: the only place that touches stdout/stderr.
#include "sim/cli.h"

#include <cstdio>

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    wirelab::sim::CliOutput io;
    int rc = wirelab::sim::run_cli(args, io);
    std::fwrite(io.out.data(), 1, io.out.size(), stdout);
    std::fwrite(io.err.data(), 1, io.err.size(), stderr);
    return rc;
}
