// `wirelab grade LAB SUBMISSION...`: grades hand-ins by running them, and `wirelab lab LAB`: shows
// a lab as one student sees it (instructions, values, checks) and writes that student's starting
// network or fills a solution template. The only file I/O of the lab engine lives here.
// [SECTION] index: shared · grade · lab
#include "sim/cli.h"
#include "sim/lab.h"
#include "sim/scenario_file.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace wirelab::sim {
namespace {

// ===================================================================================== [SECTION]
// Shared

std::optional<Lab> load_lab_file(const std::string& file, std::string_view cmd, CliOutput& io)
{
    auto text = read_text_file(file);
    if (!text) {
        io.err += std::string(cmd) + ": " + text.error() + "\n";
        return std::nullopt;
    }
    auto lab = load_lab(*text);
    if (!lab) {
        for (const Diagnostic& d : lab.error()) io.err += file + ": " + d.to_string() + "\n";
        return std::nullopt;
    }
    return std::move(*lab);
}

// "hand-ins/Alice.json" -> "alice".
std::string student_from_file(const std::string& path)
{
    return normalize_student(std::filesystem::path(path).stem().string());
}

Result<Ok, std::string> write_text(const std::string& path, const std::string& text)
{
    return write_file(path, Bytes(text.begin(), text.end()));
}

// ===================================================================================== [SECTION]
// grade

constexpr std::string_view kGradeUsage =
    "usage: wirelab grade LAB SUBMISSION... [--student ID] [--student-from submission|file]\n"
    "                     [--json] [--csv FILE] [--hints N|all]\n";

constexpr std::string_view kGradeHelp =
    "usage: wirelab grade LAB SUBMISSION... [--student ID] [--student-from submission|file]\n"
    "                     [--json] [--csv FILE] [--hints N|all]\n"
    "\n"
    "Grades hand-ins of a lab (a .lab.json file, see sim/LAB_FORMAT.md). A submission is the\n"
    "scenario file a student exported; a directory stands for every *.json file in it, in name\n"
    "order. Each submission is graded by RUNNING its network from a clean start: the lab's locked\n"
    "devices and fields, cabling, seed and script replace the submission's, and nothing stored in\n"
    "the submission (its \"lab\" section, say) counts. For each submission it prints every check\n"
    "with its points and, for the failed ones, what was observed and the first hint:\n"
    "  == alice.json (student alice): 7/10\n"
    "    pass  2/2  pc1-address  pc1's eth0 has an address in 10.37.5.64/26\n"
    "    FAIL  0/3  gateway      pc1 sends off-subnet traffic through r1\n"
    "                            why:  pc1 has no default route (its routes: ...)\n"
    "                            hint: ...\n"
    "\n"
    "Labs with per-student values (each student their own subnet) grade each submission against\n"
    "its student's variant. The student id comes from --student, else from the submission's\n"
    "\"lab\": {\"student\": ...} (written by the browser's Export), else from the file name\n"
    "(alice.json -> alice). Use --student-from file when file names are the trusted source.\n"
    "\n"
    "options:\n"
    "  --student ID        grade every submission as the variant of student ID\n"
    "  --student-from SRC  submission (default: the id recorded in the file, else the file name)\n"
    "                      or file (always the file name)\n"
    "  --json              print one JSON document (format wirelab-grade/1) instead of text\n"
    "  --csv FILE          also write a gradebook: one row per submission with each check's\n"
    "                      points, the total and the maximum ('-' writes it to standard output)\n"
    "  --hints N|all       hint tiers printed for a failed check (default 1; 0 for none)\n"
    "  -h, --help          show this help\n"
    "\n"
    "Every run has the lab's time and event budgets, so a network that loops or floods ends with\n"
    "\"exceeded budget\" instead of hanging. Submissions are independent: split a folder over\n"
    "several machines with any batch runner and concatenate the CSV rows.\n"
    "\n"
    "exit status: 0 grading ran (whatever the scores; a submission that is not a valid scenario\n"
    "scores 0 and says why), 1 the lab or a submission file cannot be read, 2 usage error\n";

struct GradeArgs {
    std::string lab;
    std::vector<std::string> inputs;
    std::optional<std::string> student;
    bool student_from_file = false;
    bool json = false;
    std::optional<std::string> csv;
    size_t hints = 1;
};

int grade_usage(CliOutput& io, const std::string& why)
{
    io.err += "wirelab grade: " + why + "\n" + std::string(kGradeUsage);
    return ExitUsage;
}

bool parse_grade_args(const std::vector<std::string>& args, GradeArgs& g, CliOutput& io, int& rc)
{
    std::vector<std::string> pos;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) return false;
            out = args[++i];
            return true;
        };
        std::string v;
        if (a == "--json") {
            g.json = true;
        } else if (a == "--student" || a == "--csv" || a == "--student-from" || a == "--hints") {
            if (!value(v)) return (rc = grade_usage(io, "option " + a + " needs a value")), false;
            if (a == "--student") g.student = v;
            if (a == "--csv") g.csv = v;
            if (a == "--student-from") {
                if (v != "submission" && v != "file")
                    return (rc = grade_usage(io,
                                             "--student-from takes 'submission' or 'file', not '" +
                                                 v + "'")),
                           false;
                g.student_from_file = v == "file";
            }
            if (a == "--hints") {
                bool digits =
                    !v.empty() && v.size() < 4 &&
                    std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
                if (v != "all" && !digits)
                    return (rc = grade_usage(io,
                                             "--hints takes a number or 'all', not '" + v + "'")),
                           false;
                g.hints = v == "all" ? SIZE_MAX : size_t(std::stoul(v));
            }
        } else if (a.size() > 1 && a[0] == '-') {
            return (rc = grade_usage(io, "unknown option '" + a + "'")), false;
        } else {
            pos.push_back(a);
        }
    }
    if (pos.empty()) return (rc = grade_usage(io, "missing LAB file")), false;
    if (pos.size() == 1)
        return (rc =
                    grade_usage(io, "missing SUBMISSION (a scenario file or a directory of them)")),
               false;
    g.lab = pos[0];
    g.inputs.assign(pos.begin() + 1, pos.end());
    return true;
}

// Files to grade: each argument, or the *.json files of a directory argument in name order.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs)
{
    std::vector<std::string> files;
    for (const std::string& in : inputs) {
        std::error_code ec;
        if (!std::filesystem::is_directory(in, ec)) {
            files.push_back(in);
            continue;
        }
        std::vector<std::string> found;
        for (std::filesystem::directory_iterator it(in, ec), end; !ec && it != end;
             it.increment(ec)) {
            std::string name = it->path().filename().string();
            if (name.size() > 5 && name[0] != '.' && name.compare(name.size() - 5, 5, ".json") == 0)
                found.push_back((std::filesystem::path(in) / name).string());
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

// Variants are made once per student and reused.
class Variants {
public:
    explicit Variants(const Lab& lab) : m_lab(lab) {}
    const LabVariant* get(const std::string& student, std::string& error)
    {
        auto it = m_cache.find(student);
        if (it == m_cache.end()) {
            auto v = make_variant(m_lab, student);
            if (!v) {
                error = v.error().front().to_string();
                return nullptr;
            }
            it = m_cache.emplace(student, std::move(*v)).first;
        }
        return &it->second;
    }

private:
    const Lab& m_lab;
    std::map<std::string, LabVariant> m_cache;
};

GradeReport unreadable(const Lab& lab, const std::string& file, const std::string& student,
                       const std::string& why)
{
    GradeReport r;
    r.lab_id = lab.id;
    r.lab_title = lab.title;
    r.submission = file;
    r.student = student;
    r.max_score = lab.max_points;
    r.errors.push_back({Diagnostic::Severity::Error, "", why});
    return r;
}

GradeReport grade_file(const Lab& lab, Variants& variants, const GradeArgs& g,
                       const std::string& file, bool& bad)
{
    auto text = read_text_file(file);
    std::string from_file = student_from_file(file);
    if (!text) {
        bad = true;
        return unreadable(lab, file, g.student.value_or(from_file), text.error());
    }
    auto sub = load_scenario(*text);
    std::string student = g.student ? normalize_student(*g.student) : from_file;
    if (!g.student && !g.student_from_file)
        if (auto s = submission_student(*text)) student = *s;
    std::string error;
    const LabVariant* v = variants.get(student, error);
    if (!v) {
        bad = true;
        return unreadable(lab, file, student,
                          "the lab cannot make the variant of student " + student + ": " + error);
    }
    GradeReport r = grade_text(lab, *v, *text, file);
    if (sub && sub->lab.is_object())
        if (auto it = sub->lab.find("id");
            it != sub->lab.end() && it->is_string() && *it->get_ptr<const std::string*>() != lab.id)
            r.notes.push_back("this submission says it is for lab \"" +
                              *it->get_ptr<const std::string*>() + "\", not \"" + lab.id + "\"");
    return r;
}

int run_grade(const std::vector<std::string>& args, CliOutput& io)
{
    GradeArgs g;
    int rc = ExitOk;
    if (!parse_grade_args(args, g, io, rc)) return rc;
    auto lab = load_lab_file(g.lab, "wirelab grade", io);
    if (!lab) return ExitFailure;
    std::vector<std::string> files = expand_inputs(g.inputs);
    if (files.empty()) {
        io.err += "wirelab grade: no *.json submissions in " + g.inputs.front() + "\n";
        return ExitFailure;
    }
    Variants variants(*lab);
    std::vector<GradeReport> reports;
    bool bad = false;
    for (const std::string& f : files) {
        bool this_bad = false;
        reports.push_back(grade_file(*lab, variants, g, f, this_bad));
        if (this_bad) io.err += "wirelab grade: " + reports.back().errors.front().message + "\n";
        bad = bad || this_bad;
    }
    if (g.json) {
        io.out += format_reports_json(*lab, reports);
    } else {
        io.out +=
            lab->title + " (" + lab->id + "), " + std::to_string(lab->max_points) + " points\n";
        for (const GradeReport& r : reports) io.out += "\n" + format_report(r, g.hints);
    }
    if (g.csv) {
        std::string csv = format_csv(*lab, reports);
        if (*g.csv == "-") {
            io.out += csv;
        } else if (auto w = write_text(*g.csv, csv); !w) {
            io.err += "wirelab grade: " + w.error() + "\n";
            return ExitFailure;
        }
    }
    return bad ? ExitFailure : ExitOk;
}

// ===================================================================================== [SECTION]
// lab

constexpr std::string_view kLabUsage =
    "usage: wirelab lab LAB [--student ID] [--json] [--scenario-out FILE]\n"
    "                       [--fill TEMPLATE [--out FILE]]\n";

constexpr std::string_view kLabHelp =
    "usage: wirelab lab LAB [--student ID] [--json] [--scenario-out FILE]\n"
    "                       [--fill TEMPLATE [--out FILE]]\n"
    "\n"
    "Checks a lab file (every problem is listed with its JSON path) and shows the lab as one\n"
    "student sees it: title, goals, the values drawn for the student (e.g. lan = 10.37.5.64/26),\n"
    "the instructions with those values filled in, and the checks with their points.\n"
    "\n"
    "options:\n"
    "  --student ID         the student whose variant to show (default: the empty id)\n"
    "  --json               print the variant as JSON (id, title, student, values, goals,\n"
    "                       instructions, checks, max)\n"
    "  --scenario-out FILE  write the student's starting network (a scenario file that records\n"
    "                       the lab id and student id) to FILE\n"
    "  --fill TEMPLATE      fill the student's values into a JSON template, e.g. your reference\n"
    "                       solution written with {{lan.host(10)}}-style placeholders, and print\n"
    "                       it (or write it to --out FILE): that student's reference solution\n"
    "  -h, --help           show this help\n"
    "\n"
    "exit status: 0 ok, 1 the lab (or the template) has errors or cannot be read, 2 usage error\n";

struct LabArgs {
    std::string lab;
    std::string student;
    bool json = false;
    std::string scenario_out, fill, out;
};

int lab_usage(CliOutput& io, const std::string& why)
{
    io.err += "wirelab lab: " + why + "\n" + std::string(kLabUsage);
    return ExitUsage;
}

std::string variant_text(const Lab& lab, const LabVariant& v)
{
    std::string s = v.title + " (" + lab.id + ")" +
                    (v.student.empty() ? "" : ", variant of student " + v.student) + "\n";
    if (!lab.topic.empty()) s += "topic: " + lab.topic + "\n";
    for (const VariableValue& x : v.values) s += "value: " + x.name + " = " + x.text + "\n";
    if (!v.goals.empty()) s += "\ngoals:\n";
    for (const std::string& goal : v.goals) s += "  - " + goal + "\n";
    s += "\n" + v.instructions;
    if (!v.instructions.empty() && v.instructions.back() != '\n') s += "\n";
    s += "\nchecks (" + std::to_string(v.max_points()) + " points):\n";
    for (const Check& c : v.checks)
        s += "  " + std::to_string(c.points) + "  " + c.id + "  " + c.description + "\n";
    return s;
}

std::string variant_json(const Lab& lab, const LabVariant& v)
{
    RawJson j = RawJson::object();
    j["id"] = lab.id;
    j["title"] = v.title;
    j["topic"] = lab.topic;
    j["student"] = v.student;
    j["values"] = RawJson::object();
    for (const VariableValue& x : v.values) j["values"][x.name] = x.text;
    j["goals"] = v.goals;
    j["instructions"] = v.instructions;
    j["checks"] = RawJson::array();
    for (const Check& c : v.checks) {
        RawJson cj = RawJson::object();
        cj["id"] = c.id;
        cj["kind"] = c.kind;
        cj["points"] = c.points;
        cj["description"] = c.description;
        cj["hints"] = c.hints;
        j["checks"].push_back(std::move(cj));
    }
    j["max"] = v.max_points();
    return j.dump(2, ' ', false, nlohmann::detail::error_handler_t::replace) + "\n";
}

int run_lab(const std::vector<std::string>& args, CliOutput& io)
{
    LabArgs a;
    std::vector<std::string> pos;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& x = args[i];
        if (x == "--json") {
            a.json = true;
        } else if (x == "--student" || x == "--scenario-out" || x == "--fill" || x == "--out") {
            if (i + 1 >= args.size()) return lab_usage(io, "option " + x + " needs a value");
            std::string& dst = x == "--student"        ? a.student
                               : x == "--scenario-out" ? a.scenario_out
                               : x == "--fill"         ? a.fill
                                                       : a.out;
            dst = args[++i];
        } else if (x.size() > 1 && x[0] == '-') {
            return lab_usage(io, "unknown option '" + x + "'");
        } else {
            pos.push_back(x);
        }
    }
    if (pos.size() != 1)
        return lab_usage(io,
                         pos.empty() ? "missing LAB file" : "unexpected argument '" + pos[1] + "'");
    if (!a.out.empty() && a.fill.empty()) return lab_usage(io, "--out goes with --fill");
    auto lab = load_lab_file(pos[0], "wirelab lab", io);
    if (!lab) return ExitFailure;
    auto v = make_variant(*lab, a.student);
    if (!v) {
        for (const Diagnostic& d : v.error()) io.err += pos[0] + ": " + d.to_string() + "\n";
        return ExitFailure;
    }
    if (!a.scenario_out.empty()) {
        if (auto w = write_text(a.scenario_out, save_scenario(starting_scenario(*lab, *v))); !w) {
            io.err += "wirelab lab: " + w.error() + "\n";
            return ExitFailure;
        }
    }
    if (!a.fill.empty()) {
        auto text = read_text_file(a.fill);
        if (!text) {
            io.err += "wirelab lab: " + text.error() + "\n";
            return ExitFailure;
        }
        auto filled = fill_template(*v, *text);
        if (!filled) {
            for (const Diagnostic& d : filled.error())
                io.err += a.fill + ": " + d.to_string() + "\n";
            return ExitFailure;
        }
        if (a.out.empty()) {
            io.out += *filled;
        } else if (auto w = write_text(a.out, *filled); !w) {
            io.err += "wirelab lab: " + w.error() + "\n";
            return ExitFailure;
        }
        return ExitOk;
    }
    io.out += a.json ? variant_json(*lab, *v) : variant_text(*lab, *v);
    return ExitOk;
}

} // namespace

const CliCommand& grade_command()
{
    static const CliCommand cmd{"grade", "grade lab hand-ins by running them (text, JSON, CSV)",
                                kGradeHelp, run_grade};
    return cmd;
}

const CliCommand& lab_command()
{
    static const CliCommand cmd{
        "lab", "show a lab for one student; write their network or solution", kLabHelp, run_lab};
    return cmd;
}

} // namespace wirelab::sim
