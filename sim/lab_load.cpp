// Lab loading, part 1: the lab document's top level, variables, locks and budget, and making a
// student's variant (placeholders filled, embedded scenario and checks read). Every problem is
// recorded with its JSON path, as for scenarios.
// [SECTION] index: top level · variables · locks · budget · variants · load_lab
#include "sim/lab_load.h"
#include "core/base/text.h"
#include "sim/lab_template.h"
#include "sim/scenario_json.h"

#include <algorithm>

namespace wirelab::sim {

bool LabLocks::is_device_locked(std::string_view device) const
{
    auto it = devices.find(device);
    if (it == devices.end()) return false;
    for (const std::string& f : it->second)
        if (f == "all") return true;
    return false;
}

bool LabLocks::is_locked(std::string_view device, std::string_view field) const
{
    auto it = devices.find(device);
    if (it == devices.end()) return false;
    for (const std::string& f : it->second)
        if (f == "all" || f == field) return true;
    return false;
}

uint32_t LabVariant::max_points() const
{
    uint32_t sum = 0;
    for (const Check& c : checks) sum += c.points;
    return sum;
}

std::string normalize_student(std::string_view student)
{
    return ascii_lower(trim(student, kBlankOrNewline));
}

} // namespace wirelab::sim

namespace wirelab::sim::detail {
namespace {

using J = RawJson;

const KeyList kLabKeys = {"format",    "id",     "title",  "topic",    "goals",  "instructions",
                          "variables", "locked", "budget", "scenario", "checks", "notes"};

// ===================================================================================== [SECTION]
// Top level

bool is_name(const std::string& s, bool allow_dash)
{
    if (s.empty() || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              (allow_dash && c == '-')))
            return false;
    return true;
}

void read_format(Reader& r, const J& root)
{
    const J* f = Reader::find(root, "format");
    if (!f) {
        r.error("format", "missing; a lab starts with \"format\": \"wirelab-lab/1\"");
        return;
    }
    auto format = r.get_string(root, "format", "", false);
    if (!format || *format == kLabFormat) return;
    std::string msg = quote(*format) + " is not a lab format this Wirelab reads (it reads " +
                      quote(kLabFormat) + ")";
    if (*format == kScenarioFormat)
        msg = "this is a scenario file, not a lab: a lab has \"format\": \"wirelab-lab/1\" and "
              "embeds "
              "its starting network under \"scenario\" (see sim/LAB_FORMAT.md)";
    r.error("format", msg);
}

// A string, or a list of strings joined with newlines (JSON has no multi-line strings, so long
// Markdown reads better as one line per element).
void check_text(Reader& r, const J& root, std::string_view key, bool required)
{
    const J* v = Reader::find(root, key);
    if (!v) {
        if (required) r.error(std::string(key), "missing (required)");
        return;
    }
    if (v->is_string()) return;
    if (!v->is_array()) {
        r.error(std::string(key),
                "expected text (a string, or a list of strings: one per line), got " +
                    describe_value(*v));
        return;
    }
    for (size_t i = 0; i < v->size(); ++i)
        if (!(*v)[i].is_string())
            r.error(index_path(key, i),
                    "expected a line of text (a string), got " + describe_value((*v)[i]));
}

// ===================================================================================== [SECTION]
// Variables

void read_subnet_variable(Reader& r, const J& v, const std::string& path, VariableSpec& spec)
{
    bool v6 = spec.kind == VariableKind::Ipv6Subnet;
    r.check_keys(v, path, {"kind", "within", "length", "exclude"});
    auto within = r.get_string(v, "within", path, true);
    unsigned max_len = v6 ? 128 : 32;
    if (within) {
        auto p = wire::IpPrefix::parse(*within);
        if (!p)
            r.error(join_path(path, "within"), p.error().message);
        else if (p->is_v6() != v6)
            r.error(join_path(path, "within"), quote(*within) + " is an " + (v6 ? "IPv4" : "IPv6") +
                                                   " prefix; an " + to_string(spec.kind) +
                                                   " is drawn inside an " + (v6 ? "IPv6" : "IPv4") +
                                                   " prefix");
        else
            spec.within = p->canonical();
    }
    if (!Reader::find(v, "length"))
        r.error(join_path(path, "length"),
                "missing (required): the prefix length of the subnets to draw");
    spec.length = uint8_t(r.get_uint(v, "length", path, 0, max_len, "a prefix length").value_or(0));
    if (within && spec.length && spec.length < spec.within.len())
        r.error(join_path(path, "length"), "/" + std::to_string(spec.length) + " is shorter than " +
                                               spec.within.to_string() +
                                               ": the subnets must fit inside it");
    if (const J* ex = r.get_list(v, "exclude", path)) {
        for (size_t i = 0; i < ex->size(); ++i) {
            std::string p = index_path(join_path(path, "exclude"), i);
            const std::string* s = (*ex)[i].get_ptr<const std::string*>();
            if (!s) {
                r.error(p, "expected a prefix (a string), got " + describe_value((*ex)[i]));
                continue;
            }
            auto pre = wire::IpPrefix::parse_or_host(*s);
            if (pre)
                spec.exclude.push_back(*pre);
            else
                r.error(p, pre.error().message);
        }
    }
}

VariableSpec read_variable(Reader& r, const std::string& name, const J& v, const std::string& path)
{
    VariableSpec spec;
    spec.name = name;
    if (!is_name(name, false))
        r.error(
            path,
            quote(name) +
                " is not a variable name: use a lower-case letter, then letters, digits or '_'");
    else if (name == "student")
        r.error(path, "\"student\" is reserved: {{student}} is the student id");
    if (!r.check_object(v, path, "a variable {\"kind\": \"ipv4-subnet\", ...}")) return spec;
    std::string kind = r.get_string(v, "kind", path, true).value_or("");
    if (kind == "ipv4-subnet" || kind == "ipv6-subnet") {
        spec.kind = kind == "ipv4-subnet" ? VariableKind::Ipv4Subnet : VariableKind::Ipv6Subnet;
        read_subnet_variable(r, v, path, spec);
    } else if (kind == "integer") {
        spec.kind = VariableKind::Integer;
        r.check_keys(v, path, {"kind", "min", "max"});
        constexpr uint64_t kMax = uint64_t(1) << 53;
        spec.min = int64_t(r.get_uint(v, "min", path, 0, kMax, "a whole number").value_or(0));
        spec.max = int64_t(r.get_uint(v, "max", path, 0, kMax, "a whole number").value_or(0));
        if (!Reader::find(v, "min") || !Reader::find(v, "max"))
            r.error(path, "an integer variable needs \"min\" and \"max\"");
        else if (spec.max < spec.min)
            r.error(join_path(path, "max"), "max is smaller than min");
    } else if (kind == "choice") {
        spec.kind = VariableKind::Choice;
        r.check_keys(v, path, {"kind", "from"});
        const J* from = r.get_list(v, "from", path);
        if (!from || from->empty())
            r.error(join_path(path, "from"), "missing: the list of values to choose from");
        for (size_t i = 0; from && i < from->size(); ++i) {
            const std::string* s = (*from)[i].get_ptr<const std::string*>();
            if (s)
                spec.choices.push_back(*s);
            else
                r.error(index_path(join_path(path, "from"), i),
                        "expected a string, got " + describe_value((*from)[i]));
        }
    } else if (!kind.empty()) {
        std::string_view guess = closest(kind, {"ipv4-subnet", "ipv6-subnet", "integer", "choice"});
        r.error(join_path(path, "kind"),
                quote(kind) + " is not a variable kind" +
                    (guess.empty() ? "" : "; did you mean " + quote(guess) + "?") +
                    " (kinds: ipv4-subnet, ipv6-subnet, integer, choice)");
    }
    return spec;
}

std::vector<VariableSpec> read_variables(Reader& r, const J& root)
{
    std::vector<VariableSpec> out;
    const J* vars = Reader::find(root, "variables");
    if (!vars) return out;
    if (!r.check_object(*vars, "variables",
                        "variables {\"lan\": {\"kind\": \"ipv4-subnet\", ...}}"))
        return out;
    for (auto it = vars->begin(); it != vars->end(); ++it)
        out.push_back(read_variable(r, it.key(), it.value(), join_path("variables", it.key())));
    return out;
}

// ===================================================================================== [SECTION]
// Locks and budget

LabLocks read_locks(Reader& r, const J& root)
{
    LabLocks locks;
    const J* l = Reader::find(root, "locked");
    if (!l ||
        !r.check_object(*l, "locked", "the locked parts {\"devices\": {...}, \"links\": true}"))
        return locks;
    r.check_keys(*l, "locked", {"devices", "links", "add_devices", "script"});
    locks.links = r.get_bool(*l, "links", "locked").value_or(false);
    locks.add_devices = r.get_bool(*l, "add_devices", "locked").value_or(true);
    locks.script = r.get_bool(*l, "script", "locked").value_or(true);
    const J* devs = Reader::find(*l, "devices");
    if (!devs || !r.check_object(*devs, "locked.devices",
                                 "devices and their locked fields {\"r1\": \"all\"}"))
        return locks;
    std::vector<std::string_view> fields(std::begin(kLockableFields), std::end(kLockableFields));
    for (auto it = devs->begin(); it != devs->end(); ++it) {
        std::string path = join_path("locked.devices", it.key());
        std::vector<std::string>& out = locks.devices[it.key()];
        const J& v = it.value();
        if (const std::string* s = v.get_ptr<const std::string*>(); s && *s == "all") {
            out.push_back("all");
            continue;
        }
        if (!v.is_array()) {
            r.error(path, "expected \"all\" or a list of fields (interfaces, gateway, gateway6, "
                          "routes, advertise, ports, services), got " +
                              describe_value(v));
            continue;
        }
        for (size_t i = 0; i < v.size(); ++i) {
            const std::string* s = v[i].get_ptr<const std::string*>();
            bool known =
                s && (*s == "all" || std::find(fields.begin(), fields.end(), *s) != fields.end());
            if (known) {
                out.push_back(*s);
                continue;
            }
            std::string_view guess = s ? closest(*s, fields) : std::string_view();
            r.error(index_path(path, i),
                    (s ? quote(*s) : describe_value(v[i])) + " is not a lockable field" +
                        (guess.empty() ? "" : "; did you mean " + quote(guess) + "?") +
                        " (fields: all, interfaces, gateway, gateway6, routes, advertise, ports, "
                        "services)");
        }
    }
    return locks;
}

LabBudget read_budget(Reader& r, const J& root)
{
    LabBudget b;
    const J* v = Reader::find(root, "budget");
    if (!v || !r.check_object(*v, "budget", "a budget {\"time\": \"60s\", \"events\": 1000000}"))
        return b;
    r.check_keys(*v, "budget", {"time", "events", "settle"});
    b.time = r.get_duration(*v, "time", "budget").value_or(b.time);
    b.settle = r.get_duration(*v, "settle", "budget").value_or(b.settle);
    b.events =
        r.get_uint(*v, "events", "budget", 1000, 100'000'000, "an event count").value_or(b.events);
    if (b.time > SimTime::from_s(3600))
        r.error("budget.time", "at most 3600s of simulated time per run");
    if (b.time <= SimTime{}) r.error("budget.time", "must be more than 0s");
    if (b.settle > b.time)
        r.error("budget.settle", "must not be later than budget.time (" + b.time.to_string() + ")");
    return b;
}

// ===================================================================================== [SECTION]
// Variants

std::string text_of(const J& v)
{
    if (const std::string* s = v.get_ptr<const std::string*>()) return *s;
    std::string out;
    for (size_t i = 0; v.is_array() && i < v.size(); ++i)
        if (const std::string* s = v[i].get_ptr<const std::string*>()) out += *s + "\n";
    return out;
}

std::string fill_field(const J& doc, std::string_view key, const FillContext& ctx,
                       std::vector<Diagnostic>& errors)
{
    const J* v = Reader::find(doc, key);
    if (!v) return "";
    auto filled = fill_text(text_of(*v), ctx);
    if (filled) return *filled;
    errors.push_back({Diagnostic::Severity::Error, std::string(key), filled.error()});
    return "";
}

Scenario read_embedded_scenario(const J& doc, const FillContext& ctx,
                                std::vector<Diagnostic>& errors)
{
    const J* sc = Reader::find(doc, "scenario");
    if (!sc || !sc->is_object()) return {};
    J copy = *sc;
    if (!copy.contains("format")) copy["format"] = std::string(kScenarioFormat);
    fill_json(copy, "scenario", ctx, errors);
    Reader sr;
    Scenario s = read_scenario(sr, copy);
    std::vector<Diagnostic> found = std::move(sr.errors);
    for (Diagnostic& d : validate(s, sr.broken))
        if (d.is_error()) found.push_back(std::move(d));
    for (Diagnostic& d : found) {
        d.path = d.path.empty() ? "scenario" : "scenario." + d.path;
        errors.push_back(std::move(d));
    }
    return s;
}

} // namespace

} // namespace wirelab::sim::detail

namespace wirelab::sim {

Result<LabVariant, std::vector<Diagnostic>> make_variant(const Lab& lab, std::string_view student)
{
    using namespace detail;
    LabVariant v;
    v.student = normalize_student(student);
    auto values = draw_values(lab, v.student);
    if (!values) return fail(std::vector<Diagnostic>{values.error()});
    v.values = std::move(*values);
    FillContext ctx{&v.values, v.student};
    std::vector<Diagnostic> errors;
    const RawJson& doc = lab.document;
    v.title = fill_field(doc, "title", ctx, errors);
    v.instructions = fill_field(doc, "instructions", ctx, errors);
    if (const RawJson* goals = Reader::find(doc, "goals"); goals && goals->is_array()) {
        for (size_t i = 0; i < goals->size(); ++i) {
            const std::string* s = (*goals)[i].get_ptr<const std::string*>();
            auto filled = fill_text(s ? *s : "", ctx);
            if (filled)
                v.goals.push_back(*filled);
            else
                errors.push_back(
                    {Diagnostic::Severity::Error, index_path("goals", i), filled.error()});
        }
    }
    v.scenario = read_embedded_scenario(doc, ctx, errors);
    if (const RawJson* checks = Reader::find(doc, "checks")) {
        RawJson copy = *checks;
        fill_json(copy, "checks", ctx, errors);
        Reader cr;
        v.checks = read_checks(cr, copy, v.scenario, lab.locks);
        for (Diagnostic& d : cr.errors) errors.push_back(std::move(d));
    }
    if (!errors.empty()) return fail(std::move(errors));
    return v;
}

Result<Lab, std::vector<Diagnostic>> load_lab(std::string_view json_text)
{
    using namespace detail;
    ParsedJson parsed = parse_json(json_text);
    if (!parsed.ok) return fail(std::move(parsed.errors));
    Reader r;
    for (const Diagnostic& d : parsed.errors) r.error(d.path, d.message);
    const RawJson& root = parsed.doc;
    Lab lab;
    if (!root.is_object()) {
        r.error("", "a lab is a JSON object {\"format\": \"wirelab-lab/1\", ...}, got " +
                        describe_value(root));
        return fail(std::move(r.errors));
    }
    r.check_keys(root, "", kLabKeys);
    read_format(r, root);
    lab.id = r.get_string(root, "id", "", true).value_or("");
    if (Reader::find(root, "id") && root.find("id")->is_string() && !is_name(lab.id, true))
        r.error("id",
                quote(lab.id) +
                    " is not a lab id: use a lower-case letter, then letters, digits, '-' or '_' "
                    "(it seeds every student's variant, so keep it once students have started)");
    lab.title = r.get_string(root, "title", "", true).value_or("");
    lab.topic = r.get_string(root, "topic", "", false).value_or("");
    if (const RawJson* goals = r.get_list(root, "goals", "")) {
        for (size_t i = 0; i < goals->size(); ++i) {
            if (const std::string* s = (*goals)[i].get_ptr<const std::string*>())
                lab.goals.push_back(*s);
            else
                r.error(index_path("goals", i),
                        "expected a goal (a string), got " + describe_value((*goals)[i]));
        }
    }
    check_text(r, root, "instructions", true);
    lab.variables = read_variables(r, root);
    lab.locks = read_locks(r, root);
    lab.budget = read_budget(r, root);
    const RawJson* sc = Reader::find(root, "scenario");
    if (!sc)
        r.error("scenario", "missing (required): the starting network, a scenario (\"format\": "
                            "\"wirelab/1\") embedded as an object");
    else
        r.check_object(*sc, "scenario", "the starting network (an embedded scenario)");
    if (!Reader::find(root, "checks")) r.error("checks", "missing (required): the list of checks");
    lab.document = root;

    std::vector<Diagnostic> errors = std::move(r.errors);
    bool vars_ok = true;
    for (const Diagnostic& d : errors) vars_ok = vars_ok && d.path.rfind("variables", 0) != 0;
    if (vars_ok && sc && sc->is_object()) {
        auto v = make_variant(lab, "");
        if (!v) {
            for (const Diagnostic& d : v.error()) errors.push_back(d);
        } else {
            for (const auto& [name, fields] : lab.locks.devices)
                if (!v->scenario.find_device(name))
                    errors.push_back({Diagnostic::Severity::Error,
                                      join_path("locked.devices", name),
                                      "no device " + quote(name) + " in the lab's scenario"});
            for (const Check& c : v->checks) lab.check_ids.push_back(c.id);
            lab.max_points = v->max_points();
        }
    }
    if (!errors.empty()) return fail(std::move(errors));
    return lab;
}

} // namespace wirelab::sim
