// `wirelab bench grade`: how long grading a class takes. Issue 7 asks that "a folder of 100
// submissions of a typical lab grades in under a minute on this machine"; this benchmark makes
// that folder's worth of hand-ins from a lab's reference solution and wrong answers (templates,
// filled for students s001, s002, ...) and grades them with the same engine as `wirelab grade`,
// reporting wall time. A benchmark reports; it never fails a test.
#include "sim/cli.h"
#include "sim/lab.h"
#include "sim/scenario_file.h"

#include <nlohmann/json.hpp>

#include <cinttypes>
#include <cstdio>

namespace wirelab::sim {
namespace {

struct BenchGradeArgs {
    std::string lab;
    std::vector<std::string> templates;
    uint64_t submissions = 100;
    bool json = false;
};

int bench_grade_usage(CliOutput& io, const std::string& why)
{
    io.err += "wirelab bench grade: " + why +
              "\nusage: wirelab bench grade LAB --fill TEMPLATE [--fill TEMPLATE...] "
              "[--submissions N] [--json]\n";
    return ExitUsage;
}

// args: {"bench", "grade", ...}.
bool parse_args(const std::vector<std::string>& args, BenchGradeArgs& a, CliOutput& io, int& rc)
{
    for (size_t i = 2; i < args.size(); ++i) {
        const std::string& s = args[i];
        bool has_value = i + 1 < args.size();
        if (s == "--fill" && has_value) {
            a.templates.push_back(args[++i]);
        } else if (s == "--submissions" && has_value) {
            const std::string& v = args[++i];
            bool ok = !v.empty() && v.size() <= 5 &&
                      v.find_first_not_of("0123456789") == std::string::npos;
            a.submissions = ok ? std::stoull(v) : 0;
            if (a.submissions < 1 || a.submissions > 10000) {
                rc = bench_grade_usage(io, "--submissions needs a number from 1 to 10000");
                return false;
            }
        } else if (s == "--json") {
            a.json = true;
        } else if (a.lab.empty() && !s.empty() && s[0] != '-') {
            a.lab = s;
        } else {
            rc = bench_grade_usage(io, "unexpected argument '" + s + "'");
            return false;
        }
    }
    if (a.lab.empty() || a.templates.empty()) {
        rc = bench_grade_usage(io, a.lab.empty() ? "name a lab file"
                                                 : "give at least one --fill TEMPLATE");
        return false;
    }
    return true;
}

struct Workload {
    std::vector<std::string> students, texts;
};

// Student i gets template i % templates: a class with a mix of right and wrong answers, each
// student with their own variant (their own values to simulate).
std::optional<Workload> make_workload(const Lab& lab, const BenchGradeArgs& a, CliOutput& io)
{
    std::vector<std::string> templates;
    for (const std::string& file : a.templates) {
        auto text = read_text_file(file);
        if (!text) {
            io.err += "wirelab bench grade: " + text.error() + "\n";
            return std::nullopt;
        }
        templates.push_back(std::move(*text));
    }
    Workload w;
    for (uint64_t i = 0; i < a.submissions; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "s%03" PRIu64, i + 1);
        auto v = make_variant(lab, id);
        if (!v) {
            io.err += "wirelab bench grade: student " + std::string(id) + ": " +
                      v.error().front().to_string() + "\n";
            return std::nullopt;
        }
        auto filled = fill_template(*v, templates[i % templates.size()]);
        if (!filled) {
            io.err += "wirelab bench grade: " + a.templates[i % templates.size()] + ": " +
                      filled.error().front().to_string() + "\n";
            return std::nullopt;
        }
        w.students.push_back(id);
        w.texts.push_back(std::move(*filled));
    }
    return w;
}

int run_bench_grade_impl(const std::vector<std::string>& args, CliOutput& io)
{
    BenchGradeArgs a;
    int rc = ExitOk;
    if (!parse_args(args, a, io, rc)) return rc;
    auto text = read_text_file(a.lab);
    if (!text) {
        io.err += "wirelab bench grade: " + text.error() + "\n";
        return ExitFailure;
    }
    auto lab = load_lab(*text);
    if (!lab) {
        io.err += a.lab + ": " + lab.error().front().to_string() + "\n";
        return ExitFailure;
    }
    auto work = make_workload(*lab, a, io);
    if (!work) return ExitFailure;

    // Timed: what `wirelab grade LAB FOLDER --csv` does per hand-in once the file is read —
    // parse, make the student's variant, merge, run, evaluate — and the CSV at the end.
    double t0 = io.wall_seconds ? io.wall_seconds() : 0.0;
    std::vector<GradeReport> reports;
    uint64_t runs = 0, points = 0;
    for (size_t i = 0; i < work->texts.size(); ++i) {
        LabVariant v = make_variant(*lab, work->students[i]).value();
        reports.push_back(grade_text(*lab, v, work->texts[i], work->students[i] + ".json"));
        runs += reports.back().runs;
        points += reports.back().score;
    }
    std::string csv = format_csv(*lab, reports);
    double wall = io.wall_seconds ? io.wall_seconds() - t0 : 0.0;
    uint64_t peak = io.peak_memory_bytes ? io.peak_memory_bytes() : 0;
    double n = double(reports.size());

    if (a.json) {
        nlohmann::json j = {{"benchmark", "grade"},
                            {"lab", lab->id},
                            {"submissions", reports.size()},
                            {"templates", a.templates.size()},
                            {"wall_seconds", wall},
                            {"seconds_per_submission", wall / n},
                            {"runs", runs},
                            {"mean_score", double(points) / n},
                            {"max_score", lab->max_points},
                            {"csv_bytes", csv.size()},
                            {"peak_memory_bytes", peak}};
        io.out += j.dump(2) + "\n";
        return ExitOk;
    }
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "grade: %s, %zu submissions from %zu templates\n"
                  "wall time:              %.3f s\n"
                  "per submission:         %.1f ms\n"
                  "networks simulated:     %llu (%.1f per submission)\n"
                  "mean score:             %.2f / %u\n"
                  "peak memory:            %.1f MiB\n",
                  lab->id.c_str(), reports.size(), a.templates.size(), wall, 1000.0 * wall / n,
                  (unsigned long long)runs, double(runs) / n, double(points) / n, lab->max_points,
                  double(peak) / 1048576.0);
    io.out += buf;
    return ExitOk;
}

} // namespace

int run_bench_grade(const std::vector<std::string>& args, CliOutput& io)
{
    return run_bench_grade_impl(args, io);
}

} // namespace wirelab::sim
