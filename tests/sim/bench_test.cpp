// `wirelab bench` runs its scenario correctly (speed itself is reported, never asserted).
#include "sim/cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

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
    CHECK(io.err ==
          "wirelab bench: unknown benchmark 'nope' (available: star-udp, tcp-bulk, lossy-tcp)\n");
    CliOutput io2;
    CHECK(run_cli({"bench", "star-udp", "--hosts", "0"}, io2) == 2);
    CHECK(io2.err == "wirelab bench: --hosts needs a number from 1 to 20000\n");
}

TEST_CASE("bench tcp-bulk --json reports a complete, consistent transfer", "[sim][bench]")
{
    CliOutput io;
    io.wall_seconds = [] { return 0.0; };
    REQUIRE(run_cli({"bench", "tcp-bulk", "--bytes", "1000000", "--json"}, io) == 0);
    INFO(io.out);
    auto j = nlohmann::json::parse(io.out);
    for (const char* key :
         {"benchmark", "bytes_requested", "bytes_delivered", "intact", "wall_seconds",
          "simulated_seconds", "goodput_bps", "retransmissions", "events", "events_per_second",
          "wall_seconds_per_simulated_mb", "peak_memory_bytes"})
        CHECK(j.contains(key));
    CHECK(j["benchmark"] == "tcp-bulk");
    CHECK(j["bytes_requested"] == 1000000);
    CHECK(j["bytes_delivered"] == 1000000);
    CHECK(j["intact"] == true);
    // Only slow start's overshoot of the drop-tail queue is retransmitted on a clean link.
    CHECK(j["retransmissions"].get<uint64_t>() * 10 < j["segments_sent"].get<uint64_t>());
    double sim = j["simulated_seconds"], goodput = j["goodput_bps"];
    CHECK(sim > 0);
    CHECK(goodput > 0);
    CHECK(goodput <= 100e6); // never faster than the link
    CHECK(goodput == Approx(8e6 / sim));
    CHECK(j["events"].get<uint64_t>() > 1000000 / 1448); // at least one event per segment
}

TEST_CASE("bench lossy-tcp retransmits and still delivers every byte", "[sim][bench]")
{
    CliOutput io;
    REQUIRE(run_cli({"bench", "lossy-tcp", "--bytes", "2000000", "--json"}, io) == 0);
    INFO(io.out);
    auto j = nlohmann::json::parse(io.out);
    CHECK(j["bytes_delivered"] == 2000000);
    CHECK(j["intact"] == true);
    CHECK(j["retransmissions"].get<uint64_t>() > 0); // ~1400 frames at 1 % loss
    CHECK(j["loss"] == Approx(0.01));
}

TEST_CASE("bench --bytes rejects zero and non-numbers", "[sim][bench]")
{
    CliOutput io;
    CHECK(run_cli({"bench", "tcp-bulk", "--bytes", "0"}, io) == 2);
    CHECK(io.err == "wirelab bench: --bytes needs a number from 1 to 10000000000\n");
    CliOutput io2;
    CHECK(run_cli({"bench", "tcp-bulk", "--bytes", "1e6"}, io2) == 2);
}
