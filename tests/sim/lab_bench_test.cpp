// `wirelab bench grade`: the grading benchmark makes its class from the templates it is given and
// grades every hand-in (what it reports is checked, never how fast: speed lives in benchmarks).
#include "sim/cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace wirelab::sim;

namespace {

std::string source(const std::string& rel)
{
    return std::string(WIRELAB_SOURCE_DIR) + "/" + rel;
}

} // namespace

TEST_CASE("wirelab bench grade: a class from a solution and a wrong answer, graded",
          "[sim][lab][bench]")
{
    CliOutput io;
    int rc = run_cli({"bench", "grade", source("site/labs/dns-records.lab.json"), "--fill",
                      source("tests/labs/dns-records/solution.json"), "--fill",
                      source("tests/labs/dns-records/wrong-cname-no-dot.json"), "--submissions",
                      "5", "--json"},
                     io);
    REQUIRE(rc == ExitOk);
    auto j = nlohmann::json::parse(io.out);
    CHECK(j["benchmark"] == "grade");
    CHECK(j["lab"] == "dns-records");
    CHECK(j["submissions"] == 5);
    // s001, s003, s005 hand in the solution (10/10), s002 and s004 the dotless CNAME (6/10).
    CHECK(j["mean_score"].get<double>() == Approx((3 * 10 + 2 * 6) / 5.0));
    CHECK(j["runs"] == 5 * 5); // one run per distinct command check, and no main run is needed
    CHECK(j["max_score"] == 10);

    CliOutput bad;
    CHECK(run_cli({"bench", "grade", source("site/labs/dns-records.lab.json")}, bad) == ExitUsage);
    CHECK(bad.err.rfind("wirelab bench grade: give at least one --fill TEMPLATE\n", 0) == 0);
    CliOutput missing;
    CHECK(run_cli({"bench", "grade", source("site/labs/dns-records.lab.json"), "--fill",
                   "/nonexistent/x.json"},
                  missing) == ExitFailure);
}
