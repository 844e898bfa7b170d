// Grade reports as text (for a person), JSON (for programs and the browser) and CSV (for a
// gradebook). Pure functions of the reports: the same reports give the same bytes.
#include "sim/lab.h"

#include <algorithm>

namespace wirelab::sim {
namespace {

std::string pad(std::string s, size_t width)
{
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string points(uint32_t got, uint32_t max)
{
    return std::to_string(got) + "/" + std::to_string(max);
}

// RFC 4180 quoting, and a leading ' on text a spreadsheet would run as a formula (a student id
// like "=HYPERLINK(...)" comes from the submission and must stay text).
std::string csv_field(std::string s, bool text)
{
    if (text && !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@'))
        s = "'" + s;
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string dump(const RawJson& j)
{
    return j.dump(2, ' ', false, nlohmann::detail::error_handler_t::replace) + "\n";
}

} // namespace

std::string format_report(const GradeReport& r, size_t hint_tiers)
{
    std::string out = "== " + (r.submission.empty() ? std::string("submission") : r.submission);
    if (!r.student.empty()) out += " (student " + r.student + ")";
    out += ": " + points(r.score, r.max_score) + "\n";
    size_t id_width = 0, pts_width = 0;
    for (const CheckResult& c : r.checks) {
        id_width = std::max(id_width, c.id.size());
        pts_width = std::max(pts_width, points(c.points, c.max_points).size());
    }
    std::string indent(2 + 6 + pts_width + 2 + id_width + 2, ' ');
    for (const CheckResult& c : r.checks) {
        out += "  " + std::string(c.passed ? "pass  " : "FAIL  ") +
               pad(points(c.points, c.max_points), pts_width) + "  " + pad(c.id, id_width) + "  " +
               c.description + "\n";
        if (c.passed || !r.errors.empty()) continue; // not graded: the errors below say why
        if (!c.detail.empty()) out += indent + "why:  " + c.detail + "\n";
        for (size_t h = 0; h < c.hints.size() && h < hint_tiers; ++h)
            out += indent + "hint: " + c.hints[h] + "\n";
    }
    for (const Diagnostic& d : r.errors) out += "  error: " + d.to_string() + "\n";
    for (const std::string& n : r.notes) out += "  note: " + n + "\n";
    return out;
}

std::string format_reports_json(const Lab& lab, const std::vector<GradeReport>& reports)
{
    RawJson doc = RawJson::object();
    doc["format"] = "wirelab-grade/1";
    doc["lab"] = RawJson::object();
    doc["lab"]["id"] = lab.id;
    doc["lab"]["title"] = lab.title;
    doc["lab"]["max"] = lab.max_points;
    doc["submissions"] = RawJson::array();
    for (const GradeReport& r : reports) {
        RawJson s = RawJson::object();
        s["submission"] = r.submission;
        s["student"] = r.student;
        s["score"] = r.score;
        s["max"] = r.max_score;
        s["checks"] = RawJson::array();
        for (const CheckResult& c : r.checks) {
            RawJson j = RawJson::object();
            j["id"] = c.id;
            j["kind"] = c.kind;
            j["passed"] = c.passed;
            j["points"] = c.points;
            j["max"] = c.max_points;
            j["description"] = c.description;
            j["detail"] = c.detail;
            j["budget_exceeded"] = c.budget_exceeded;
            j["hints"] = c.hints;
            s["checks"].push_back(std::move(j));
        }
        s["notes"] = r.notes;
        s["errors"] = RawJson::array();
        for (const Diagnostic& d : r.errors) s["errors"].push_back(d.to_string());
        s["runs"] = r.runs;
        doc["submissions"].push_back(std::move(s));
    }
    return dump(doc);
}

std::string format_csv(const Lab& lab, const std::vector<GradeReport>& reports)
{
    std::string out = "submission,student";
    for (const std::string& id : lab.check_ids) out += "," + csv_field(id, true);
    out += ",total,max\r\n";
    for (const GradeReport& r : reports) {
        out += csv_field(r.submission, true) + "," + csv_field(r.student, true);
        for (const std::string& id : lab.check_ids) {
            uint32_t got = 0;
            for (const CheckResult& c : r.checks)
                if (c.id == id) got = c.points;
            out += "," + std::to_string(got);
        }
        out += "," + std::to_string(r.score) + "," + std::to_string(r.max_score) + "\r\n";
    }
    return out;
}

} // namespace wirelab::sim
