// The lab catalog (site/labs/) against its fixtures (tests/labs/<id>/): every reference solution
// scores full marks for several students' variants, every typical wrong answer loses exactly the
// points of the checks listed in expected.json, and `wirelab grade` / `wirelab lab` behave as a
// teacher uses them (exit codes, CSV, JSON, directories, byte-identical reruns).
#include "sim/cli.h"
#include "sim/lab.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace wirelab;
using namespace wirelab::sim;
namespace fs = std::filesystem;
using J = nlohmann::json;

namespace {

std::string read_file(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    REQUIRE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

void write_file(const fs::path& path, const std::string& text)
{
    std::ofstream f(path, std::ios::binary);
    f << text;
    REQUIRE(f.good());
}

std::string source(const std::string& rel)
{
    return std::string(WIRELAB_SOURCE_DIR) + "/" + rel;
}

Lab load_catalog_lab(const std::string& file)
{
    auto lab = load_lab(read_file(source("site/labs/" + file)));
    if (!lab) FAIL(file + ": " + lab.error().front().to_string());
    return std::move(*lab);
}

std::vector<std::string> json_files(const std::string& dir)
{
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(source(dir)))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

struct Run {
    int rc;
    std::string out;
    std::string err;
};

Run run(std::vector<std::string> args)
{
    CliOutput io;
    int rc = run_cli(args, io);
    return {rc, io.out, io.err};
}

fs::path scratch(const std::string& name)
{
    fs::path dir = fs::temp_directory_path() / ("wirelab-lab-test-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string filled(const LabVariant& v, const std::string& fixture)
{
    auto text = fill_template(v, read_file(source(fixture)));
    REQUIRE(text.ok());
    return *text;
}

} // namespace

TEST_CASE("lab catalog: the index lists every lab with its title, topic and points",
          "[sim][lab][catalog]")
{
    J index = J::parse(read_file(source("site/labs/index.json")));
    CHECK(index["format"] == "wirelab-labs/1");
    std::vector<std::string> listed;
    for (const J& e : index["labs"]) {
        std::string file = e["file"];
        listed.push_back(file);
        Lab lab = load_catalog_lab(file);
        CHECK(e["id"] == lab.id);
        CHECK(file == lab.id + ".lab.json");
        CHECK(e["title"] == lab.title);
        CHECK(e["topic"] == lab.topic);
        CHECK(e["points"] == lab.max_points);
        CHECK(e["variants"] == !lab.variables.empty());
    }
    std::vector<std::string> on_disk;
    for (const std::string& f : json_files("site/labs"))
        if (f != "index.json") on_disk.push_back(f);
    std::sort(listed.begin(), listed.end());
    CHECK(listed == on_disk);
    CHECK(listed.size() >= 6);
}

TEST_CASE("lab catalog: solutions score full marks, wrong answers lose exactly their checks",
          "[sim][lab][catalog]")
{
    J index = J::parse(read_file(source("site/labs/index.json")));
    for (const J& e : index["labs"]) {
        Lab lab = load_catalog_lab(e["file"]);
        std::string dir = "tests/labs/" + lab.id + "/";
        J expected = J::parse(read_file(source(dir + "expected.json")));
        std::vector<std::string> fixtures;
        for (auto it = expected["fixtures"].begin(); it != expected["fixtures"].end(); ++it)
            fixtures.push_back(it.key());
        std::vector<std::string> files = json_files(dir);
        files.erase(std::remove(files.begin(), files.end(), "expected.json"), files.end());
        std::sort(fixtures.begin(), fixtures.end());
        CHECK(fixtures == files); // no fixture without expectations, no expectation without a file
        CHECK(expected["fixtures"].contains("solution.json"));
        CHECK(std::any_of(files.begin(), files.end(),
                          [](const std::string& f) { return f.rfind("wrong-", 0) == 0; }));

        for (const std::string student : expected["students"]) {
            LabVariant v = make_variant(lab, student).value();
            for (auto it = expected["fixtures"].begin(); it != expected["fixtures"].end(); ++it) {
                INFO(lab.id << " / " << it.key() << " / student '" << student << "'");
                GradeReport r = grade_text(lab, v, filled(v, dir + it.key()), it.key());
                const J& want = it.value();
                CHECK(r.max_score == lab.max_points);
                if (want.contains("invalid")) {
                    CHECK(r.score == 0);
                    REQUIRE_FALSE(r.errors.empty());
                    CHECK(r.errors.front().message.find(want["invalid"].get<std::string>()) !=
                          std::string::npos);
                    continue;
                }
                CHECK(r.errors.empty());
                std::set<std::string> failed, want_failed;
                for (const std::string id : want["failed"]) want_failed.insert(id);
                uint32_t lost = 0;
                for (const CheckResult& c : r.checks) {
                    INFO(c.id << ": " << c.detail);
                    CHECK_FALSE(c.budget_exceeded);
                    if (!c.passed) failed.insert(c.id);
                    if (want_failed.count(c.id)) lost += c.max_points;
                }
                CHECK(failed == want_failed);
                CHECK(r.score == lab.max_points - lost);
                std::vector<std::string> notes;
                if (want.contains("notes"))
                    for (const std::string n : want["notes"]) notes.push_back(n);
                CHECK(r.notes == notes);
            }
        }
    }
}

TEST_CASE("lab catalog: claims written into any hand-in change nothing it scores",
          "[sim][lab][catalog][forged]")
{
    // Every fixture of every lab, with an "I passed everything" lab section (a score, checks worth
    // 1000 points that always pass, no locks) and a seed of its own, scores check for check what
    // the untouched file scores: the grade comes from running the network, never from the file.
    J index = J::parse(read_file(source("site/labs/index.json")));
    for (const J& e : index["labs"]) {
        Lab lab = load_catalog_lab(e["file"]);
        std::string dir = "tests/labs/" + lab.id + "/";
        J expected = J::parse(read_file(source(dir + "expected.json")));
        LabVariant v = make_variant(lab, "alice").value();
        J claims = {{"id", lab.id},          {"student", "alice"},    {"score", lab.max_points},
                    {"max", lab.max_points}, {"locked", J::object()}, {"checks", J::array()}};
        for (const std::string& id : lab.check_ids)
            claims["checks"].push_back({{"id", id},
                                        {"kind", "command"},
                                        {"points", 1000},
                                        {"description", "always"},
                                        {"on", "nobody"},
                                        {"run", "help"},
                                        {"exit", "any"}});
        for (auto it = expected["fixtures"].begin(); it != expected["fixtures"].end(); ++it) {
            if (it.value().contains("invalid")) continue;
            INFO(lab.id << " / " << it.key());
            std::string text = filled(v, dir + it.key());
            J forged = J::parse(text);
            forged["seed"] = 4242;
            forged["lab"] = claims;
            GradeReport honest = grade_text(lab, v, text, it.key());
            GradeReport claimed = grade_text(lab, v, forged.dump(), it.key());
            CHECK(claimed.score == honest.score);
            REQUIRE(claimed.checks.size() == honest.checks.size());
            for (size_t i = 0; i < honest.checks.size(); ++i) {
                CHECK(claimed.checks[i].passed == honest.checks[i].passed);
                CHECK(claimed.checks[i].detail == honest.checks[i].detail);
            }
            CHECK(std::find(claimed.notes.begin(), claimed.notes.end(),
                            "the seed is the lab's (1); the submission's 4242 was ignored") !=
                  claimed.notes.end());
        }
    }
}

TEST_CASE("lab catalog: a solution copied from another student fails the variant checks",
          "[sim][lab][catalog]")
{
    Lab lab = load_catalog_lab("cidr-subnetting.lab.json");
    LabVariant alice = make_variant(lab, "alice").value();
    LabVariant bob = make_variant(lab, "bob").value();
    std::string bobs = filled(bob, "tests/labs/cidr-subnetting/solution.json");
    CHECK(grade_text(lab, bob, bobs, "bob.json").score == 10);
    GradeReport copied = grade_text(lab, alice, bobs, "alice.json");
    CHECK(copied.score == 0);
    CHECK(copied.checks[0].detail.find("none in " + alice.values[0].text) != std::string::npos);
}

TEST_CASE("wirelab grade: text, CSV, JSON and exit codes as a teacher uses them", "[sim][lab][cli]")
{
    std::string lab_file = source("site/labs/routing-between-subnets.lab.json");
    Lab lab = load_catalog_lab("routing-between-subnets.lab.json");
    fs::path dir = scratch("grade");
    for (const char* who : {"bob", "alice"}) {
        LabVariant v = make_variant(lab, who).value();
        write_file(dir / (std::string(who) + ".json"),
                   filled(v, std::string("tests/labs/routing-between-subnets/") +
                                 (who[0] == 'a' ? "solution.json" : "wrong-one-way.json")));
    }
    fs::path csv = dir / "grades.csv";
    Run r = run({"grade", lab_file, dir.string(), "--csv", csv.string()});
    CHECK(r.rc == 0);
    CHECK(r.err.empty());
    std::string a = (dir / "alice.json").string(), b = (dir / "bob.json").string();
    CHECK(r.out.rfind("Routing between subnets: static routes on two routers "
                      "(routing-between-subnets), 10 points\n\n== " +
                          a + " (student alice): 10/10\n",
                      0) == 0);
    CHECK(r.out.find("\n== " + b + " (student bob): 2/10\n") != std::string::npos);
    CHECK(read_file(csv.string()) ==
          "submission,student,r1-route,r2-route,ping,path,replies-cross-transit,total,max\r\n" + a +
              ",alice,2,2,3,2,1,10,10\r\n" + b + ",bob,2,0,0,0,0,2,10\r\n");
    // Same inputs, same bytes.
    CHECK(run({"grade", lab_file, dir.string(), "--csv", csv.string()}).out == r.out);

    Run json = run({"grade", lab_file, b, "--json"});
    CHECK(json.rc == 0);
    J doc = J::parse(json.out);
    CHECK(doc["format"] == "wirelab-grade/1");
    CHECK(doc["submissions"][0]["score"] == 2);
    CHECK(doc["submissions"][0]["checks"][1]["hints"].size() == 2);

    // --student overrides the id recorded in the file: bob's network is not alice's variant.
    CHECK(run({"grade", lab_file, b, "--student", "alice"}).out.find("(student alice): 0/10") !=
          std::string::npos);
    // A file that is not a scenario is graded 0 (exit 0); a file that cannot be read is exit 1.
    write_file(dir / "broken.json", "{\"format\": \"wirelab/1\", ");
    Run broken = run({"grade", lab_file, (dir / "broken.json").string()});
    CHECK(broken.rc == 0);
    CHECK(broken.out.find("(student broken): 0/10") != std::string::npos);
    CHECK(broken.out.find("  error: not valid JSON at line 1, column ") != std::string::npos);
    Run missing = run({"grade", lab_file, (dir / "nobody.json").string(), a});
    CHECK(missing.rc == 1);
    CHECK(missing.err == "wirelab grade: " + (dir / "nobody.json").string() +
                             ": cannot open: No such file or directory\n");
    CHECK(missing.out.find("(student alice): 10/10") !=
          std::string::npos); // the others are still graded
    CHECK(run({"grade", lab_file}).rc == 2);
    CHECK(run({"grade", lab_file, a, "--hints", "x"}).rc == 2);
    CHECK(run({"grade", source("site/examples/two-lans.json"), a}).rc == 1);
}

TEST_CASE("wirelab lab: a student's variant, starting network and filled solution",
          "[sim][lab][cli]")
{
    std::string lab_file = source("site/labs/cidr-subnetting.lab.json");
    Run show = run({"lab", lab_file, "--student", "Alice"});
    CHECK(show.rc == 0);
    CHECK(show.out.rfind(
              "IPv4 CIDR subnetting: your own /26 (cidr-subnetting), variant of student alice\n"
              "topic: IP addresses and CIDR\nvalue: lan = 10.108.143.192/26\n",
              0) == 0);
    CHECK(show.out.find(
              "  2  pc1-gateway  pc1 sends traffic for other networks to r1 (10.108.143.254)\n") !=
          std::string::npos);
    J j = J::parse(run({"lab", lab_file, "--student", "alice", "--json"}).out);
    CHECK(j["values"]["lan"] == "10.108.143.192/26");
    CHECK(j["max"] == 10);

    fs::path dir = scratch("lab");
    fs::path start = dir / "start.json", sol = dir / "sol.json";
    CHECK(run({"lab", lab_file, "--student", "alice", "--scenario-out", start.string()}).rc == 0);
    auto s = load_scenario(read_file(start.string()));
    REQUIRE(s.ok());
    CHECK(submission_student(*s) == std::optional<std::string>("alice"));
    CHECK(s->devices[3].interfaces[0].ipv4[0].to_string() == "10.108.143.254/26");
    // The starting network itself scores what it does: nothing configured yet.
    Run fresh = run({"grade", lab_file, start.string()});
    CHECK(fresh.out.find("(student alice): 0/10") != std::string::npos);

    CHECK(run({"lab", lab_file, "--student", "alice", "--fill",
               source("tests/labs/cidr-subnetting/solution.json"), "--out", sol.string()})
              .rc == 0);
    CHECK(run({"grade", lab_file, sol.string()}).out.find("(student alice): 10/10") !=
          std::string::npos);
    CHECK(run({"lab", lab_file, "--out", sol.string()}).rc == 2);
    Run bad = run({"lab", source("site/examples/two-lans.json")});
    CHECK(bad.rc == 1);
    CHECK(bad.err.find("format: this is a scenario file, not a lab") != std::string::npos);
}

TEST_CASE("LAB_FORMAT.md: the worked example loads and grades as the page says", "[sim][lab][doc]")
{
    std::string page = read_file(source("sim/LAB_FORMAT.md"));
    std::string start = "Save this as `my-first.lab.json`:\n\n```json\n";
    size_t b = page.find(start);
    REQUIRE(b != std::string::npos);
    b += start.size();
    std::string text = page.substr(b, page.find("\n```", b) - b);
    Lab lab = load_lab(text).value();
    LabVariant alice = make_variant(lab, "alice").value();
    CHECK(page.find("value: lan = " + alice.values[0].text + "\n") != std::string::npos);
    CHECK(grade_scenario(lab, alice, starting_scenario(lab, alice)).score == 0);
    auto solution = fill_template(alice, R"({"format": "wirelab/1", "devices": [
        {"name": "pc1", "type": "host", "interfaces": [{"name": "eth0", "ipv4": ["{{lan.host(10)}}/24"]}]},
        {"name": "r1", "type": "router", "interfaces": [{"name": "eth0", "ipv4": ["{{lan.host(1)}}/24"]}]}],
        "links": [{"a": "pc1:eth0", "b": "r1:eth0"}]})");
    GradeReport r = grade_text(lab, alice, solution.value(), "alice.json");
    CHECK(r.score == 5);
    CHECK(page.find("  pass  2/2  address  " + r.checks[0].description + "\n") !=
          std::string::npos);
}
