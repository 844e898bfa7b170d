// Labs in the browser: the catalog (site/labs/index.json, fetched like the examples), the lab
// files, the lab in progress and its last grade. The lab being worked on is named by the
// document's own "lab": {"id", "student"} section (written by sim::starting_scenario), so
// autosave, undo and reload keep it without any state of their own: whatever document is open,
// the lab panel shows its lab.
//
// Grading calls sim::grade_scenario on the document, the engine `wirelab grade` runs; locks come
// from sim::LabLocks. No ImGui here (the panel is web/views/lab_view.cpp); plain C++, tested in
// tests/web/labs_test.cpp.
#pragma once

#include "sim/lab.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::web {

struct LabInfo {
    std::string file; // "cidr-subnetting.lab.json", under labs/
    std::string id;
    std::string title;
    std::string topic;
    uint32_t points = 0;
    bool variants = false; // values differ per student
};

// The lab and student a scenario says it belongs to (its "lab" section).
struct LabRef {
    std::string id;
    std::string student;
    bool operator==(const LabRef&) const = default;
};
std::optional<LabRef> lab_ref_of(const sim::Scenario& s);

class LabBook {
public:
    static constexpr const char* kIndexUrl = "labs/index.json";

    // [SECTION] Catalog and lab files
    // Reads labs/index.json ({"labs": [{file, id, title, topic, points, variants}]}). Returns
    // false with index_error() set when it is not such a list.
    bool read_index(std::string_view text);
    const std::vector<LabInfo>& index() const { return m_index; }
    bool has_index() const { return m_has_index; }
    const std::string& index_error() const { return m_index_error; }
    void set_index_error(std::string why) { m_index_error = std::move(why); }
    const LabInfo* find(std::string_view id) const;
    const LabInfo* find_file(std::string_view url) const; // "labs/x.lab.json"

    // A lab file's text arrived. Returns the loader's errors ("labs/x.lab.json: checks[2].in: ...")
    // or an empty list when the lab is now available.
    std::vector<std::string> add_lab(std::string_view url, std::string_view text);
    bool has_lab(std::string_view id) const { return m_labs.count(std::string(id)) != 0; }

    // [SECTION] The lab in progress
    // The network `student` starts from in lab `id` (loaded). Errors: the variant's diagnostics.
    std::optional<sim::Scenario> starting(std::string_view id, std::string_view student,
                                          std::vector<std::string>& errors) const;
    // Shows lab ref.id for ref.student (the lab must be loaded): makes the variant, forgets the
    // last grade and revealed hints when the lab or student changed. Returns false with
    // `errors` when the variant cannot be made.
    bool activate(const LabRef& ref, std::vector<std::string>& errors);
    void close();
    bool is_open() const { return m_variant.has_value(); }
    const LabRef& active() const { return m_active; }
    const sim::Lab* lab() const;
    const sim::LabVariant* variant() const { return m_variant ? &*m_variant : nullptr; }
    // What the lab locks, or nullptr without a lab (for the inspector and the canvas).
    const sim::LabLocks* locks() const;

    // [SECTION] Grading and hints
    // Grades `doc` with the CLI's engine; `revision` is the document's, to tell when the network
    // changed since. `ms` is how long it took (wall clock, measured by the caller).
    void grade(const sim::Scenario& doc, uint64_t revision);
    void set_grade_ms(double ms) { m_grade_ms = ms; }
    const sim::GradeReport* report() const { return m_report ? &*m_report : nullptr; }
    uint64_t graded_revision() const { return m_graded_revision; }
    double grade_ms() const { return m_grade_ms; }
    uint64_t grades() const { return m_grades; } // how many times grade() ran
    // Hint tiers shown for a check (0 until asked); reveal_hint shows one more, up to all.
    size_t hints_shown(std::string_view check) const;
    void reveal_hint(std::string_view check);
    // The file name an export gets: "<lab>-<student>.json" ("<lab>.json" without a student).
    std::string submission_name() const;

private:
    std::vector<LabInfo> m_index;
    bool m_has_index = false;
    std::string m_index_error;
    std::map<std::string, sim::Lab> m_labs; // by id
    LabRef m_active;
    std::optional<sim::LabVariant> m_variant;
    std::optional<sim::GradeReport> m_report;
    uint64_t m_graded_revision = 0;
    double m_grade_ms = 0.0;
    uint64_t m_grades = 0;
    std::map<std::string, size_t, std::less<>> m_hints;
};

} // namespace wirelab::web
