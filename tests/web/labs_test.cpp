// The browser's lab book (web/model/labs.h): catalog, lab files, the lab a document belongs to,
// grading with the CLI's engine, hints one tier at a time.
#include "web/model/labs.h"

#include "sim/scenario_file.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::web;

namespace {

std::string site(const std::string& rel)
{
    auto text = sim::read_text_file(std::string(WIRELAB_SOURCE_DIR) + "/site/" + rel);
    REQUIRE(text);
    return *text;
}

LabBook book_with_cidr()
{
    LabBook book;
    REQUIRE(book.read_index(site("labs/index.json")));
    REQUIRE(book.add_lab("labs/cidr-subnetting.lab.json", site("labs/cidr-subnetting.lab.json"))
                .empty());
    return book;
}

} // namespace

TEST_CASE("labs: the catalog lists every lab file with title, topic and points", "[web][labs]")
{
    LabBook book;
    CHECK_FALSE(book.read_index("{\"labs\": 3}"));
    CHECK(book.index_error() == "labs/index.json has no \"labs\" list");
    REQUIRE(book.read_index(site("labs/index.json")));
    REQUIRE(book.find("cidr-subnetting"));
    CHECK(book.find("cidr-subnetting")->points == 10);
    CHECK(book.find("cidr-subnetting")->variants);
    CHECK_FALSE(book.find("cidr-subnetting")->topic.empty());
    CHECK(book.find_file("labs/cidr-subnetting.lab.json") == book.find("cidr-subnetting"));
    for (const LabInfo& l : book.index())
        CHECK(book.add_lab("labs/" + l.file, site("labs/" + l.file)).empty());
}

TEST_CASE("labs: a broken lab file is refused with located errors", "[web][labs]")
{
    LabBook book;
    REQUIRE(book.read_index(site("labs/index.json")));
    auto errors = book.add_lab("labs/x.lab.json", "{\"format\": \"wirelab-lab/1\"}");
    REQUIRE_FALSE(errors.empty());
    CHECK(errors[0].rfind("labs/x.lab.json: ", 0) == 0);
    CHECK_FALSE(book.has_lab("x"));
}

TEST_CASE("labs: opening a lab gives the student's variant; the document names its lab",
          "[web][labs]")
{
    LabBook book = book_with_cidr();
    std::vector<std::string> errors;
    auto start = book.starting("cidr-subnetting", "alice", errors);
    REQUIRE(start);
    const auto ref = lab_ref_of(*start);
    REQUIRE(ref);
    CHECK(*ref == LabRef{"cidr-subnetting", "alice"});
    // Through the autosave's text and back, the document still names its lab.
    auto reloaded = sim::load_scenario(sim::save_scenario(*start));
    REQUIRE(reloaded);
    CHECK(lab_ref_of(*reloaded) == ref);
    REQUIRE(book.activate(*ref, errors));
    CHECK(book.submission_name() == "cidr-subnetting-alice.json");
    REQUIRE(book.locks());
    CHECK(book.locks()->is_locked("r1", "interfaces"));
    CHECK_FALSE(book.locks()->is_locked("pc1", "interfaces"));
    CHECK_FALSE(lab_ref_of(sim::Scenario{}));
}

TEST_CASE("labs: grading the document is the CLI's grade; hints reveal one tier at a time",
          "[web][labs]")
{
    LabBook book = book_with_cidr();
    std::vector<std::string> errors;
    sim::Scenario doc = *book.starting("cidr-subnetting", "bob", errors);
    REQUIRE(book.activate({"cidr-subnetting", "bob"}, errors));
    book.grade(doc, 7);
    REQUIRE(book.report());
    CHECK(book.report()->score == 0);
    CHECK(book.graded_revision() == 7);
    // The same engine, on the same text, as `wirelab grade` reads it from an exported file.
    auto lab = sim::load_lab(site("labs/cidr-subnetting.lab.json"));
    auto v = sim::make_variant(*lab, "bob");
    const sim::GradeReport cli = sim::grade_text(*lab, *v, sim::save_scenario(doc), "x.json");
    CHECK(sim::format_report(cli, 9) == sim::format_report(
                                            [&] {
                                                sim::GradeReport r = *book.report();
                                                r.submission = "x.json";
                                                return r;
                                            }(),
                                            9));

    // pc1 gets the first usable address of bob's subnet: two checks pass.
    const sim::VariableValue& lan = book.variant()->values.at(0);
    doc.devices[size_t(doc.device_index("pc1"))].interfaces[0].ipv4 = {
        wire::Ipv4Prefix{lan.subnet.v4().first_host(), 26}};
    book.grade(doc, 8);
    CHECK(book.report()->score == 3);

    CHECK(book.hints_shown("pc2-subnet") == 0);
    book.reveal_hint("pc2-subnet");
    CHECK(book.hints_shown("pc2-subnet") == 1);
    book.reveal_hint("pc2-subnet");
    book.reveal_hint("pc2-subnet");
    CHECK(book.hints_shown("pc2-subnet") == 2); // it has two tiers
    book.reveal_hint("no-such-check");
    CHECK(book.hints_shown("no-such-check") == 0);
    // Another student: the grade and hints are forgotten.
    REQUIRE(book.activate({"cidr-subnetting", "carol"}, errors));
    CHECK_FALSE(book.report());
    CHECK(book.hints_shown("pc2-subnet") == 0);
}
