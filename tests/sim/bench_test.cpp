// `wirelab bench` runs its scenario correctly (speed itself is reported, never asserted).
#include "sim/cli.h"

#include <catch2/catch.hpp>

using wirelab::sim::CliOutput;
using wirelab::sim::run_cli;

TEST_CASE("bench star-udp delivers every request and echo on a small star", "[sim][bench]")
{
    CliOutput io;
    io.wall_seconds = [] { return 0.0; }; // speed is not what this test checks
    REQUIRE(run_cli({"bench", "star-udp", "--hosts", "3"}, io) == 0);
    INFO(io.out);
    CHECK(io.out.find("delivered packets:    6000 (expected 6000)") != std::string::npos);
    CHECK(io.out.find("simulated time:       3.000 s") != std::string::npos);
}

TEST_CASE("bench rejects unknown benchmarks and bad options with exit 2", "[sim][bench]")
{
    CliOutput io;
    CHECK(run_cli({"bench", "nope"}, io) == 2);
    CHECK(io.err == "wirelab bench: unknown benchmark 'nope' (available: star-udp)\n");
    CliOutput io2;
    CHECK(run_cli({"bench", "star-udp", "--hosts", "0"}, io2) == 2);
    CHECK(io2.err == "wirelab bench: --hosts needs a number from 1 to 20000\n");
}
