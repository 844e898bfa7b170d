// Scenario loading, part 1: JSON document -> Scenario struct. Checks the shape of the document
// (keys, types, units, address syntax) and records every problem with its path; the relations
// between parts (names, references, subnets) are checked by scenario_validate.cpp.
// [SECTION] index: reader helpers · devices · links · script · top level · load_scenario
#include "sim/scenario_load.h"
#include "sim/scenario_json.h"
#include "sim/scenario_units.h"

#include <cmath>

namespace wirelab::sim::detail {

using J = RawJson;

// ===================================================================================== [SECTION]
// Reader helpers

void Reader::error(const std::string& path, std::string message)
{
    errors.push_back({Diagnostic::Severity::Error, path, std::move(message)});
    broken.insert(path);
}

void Reader::taint(const std::string& path)
{
    broken.insert(path);
}

bool Reader::check_object(const J& v, const std::string& path, std::string_view what)
{
    if (v.is_object()) return true;
    error(path,
          "expected " + std::string(what) + " (a JSON object {...}), got " + describe_value(v));
    return false;
}

void Reader::check_keys(const J& obj, const std::string& path, const KeyList& allowed)
{
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string& k = it.key();
        bool known = false;
        for (std::string_view a : allowed) known = known || a == k;
        if (known) continue;
        std::string_view guess = closest(k, allowed);
        std::string msg = "unknown key";
        if (!guess.empty()) {
            msg += "; did you mean " + quote(guess) + "?";
        } else {
            msg += " (allowed here: ";
            for (size_t i = 0; i < allowed.size(); ++i)
                msg += (i ? ", " : "") + std::string(allowed[i]);
            msg += ")";
        }
        error(join_path(path, k), msg);
    }
}

const J* Reader::find(const J& obj, std::string_view key)
{
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
}

std::optional<std::string> Reader::get_string(const J& obj, std::string_view key,
                                              const std::string& path, bool required)
{
    const J* v = find(obj, key);
    std::string p = join_path(path, key);
    if (!v) {
        if (required) error(p, "missing (required)");
        return std::nullopt;
    }
    if (!v->is_string()) {
        error(p, "expected a string, got " + describe_value(*v));
        return std::nullopt;
    }
    return *v->get_ptr<const std::string*>();
}

std::optional<uint64_t> Reader::get_uint(const J& obj, std::string_view key,
                                         const std::string& path, uint64_t min, uint64_t max,
                                         std::string_view what)
{
    const J* v = find(obj, key);
    if (!v) return std::nullopt;
    std::string p = join_path(path, key);
    std::string range = "(" + std::to_string(min) + "-" + std::to_string(max) + ")";
    const uint64_t* u = v->get_ptr<const uint64_t*>();
    const double* f = v->get_ptr<const double*>();
    uint64_t value = 0;
    if (u) {
        value = *u;
    } else if (f && std::isfinite(*f) && *f >= 0 && *f == std::floor(*f) && *f < 1.8e19) {
        value = uint64_t(*f);
    } else {
        error(p, "expected " + std::string(what) + ", a whole number " + range + ", got " +
                     describe_value(*v));
        return std::nullopt;
    }
    if (value < min || value > max) {
        error(p, std::to_string(value) + " is out of range: " + std::string(what) + " must be " +
                     std::to_string(min) + "-" + std::to_string(max));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> Reader::get_bool(const J& obj, std::string_view key, const std::string& path)
{
    const J* v = find(obj, key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
        error(join_path(path, key), "expected true or false, got " + describe_value(*v));
        return std::nullopt;
    }
    return *v->get_ptr<const bool*>();
}

std::optional<double> Reader::get_probability(const J& obj, std::string_view key,
                                              const std::string& path)
{
    const J* v = find(obj, key);
    if (!v) return std::nullopt;
    std::string p = join_path(path, key);
    if (const std::string* s = v->get_ptr<const std::string*>()) {
        auto r = parse_percent(*s);
        if (!r) {
            error(p, r.error().message);
            return std::nullopt;
        }
        return *r;
    }
    if (!v->is_number()) {
        error(p, "expected a probability (0 to 1, or a percentage like \"5%\"), got " +
                     describe_value(*v));
        return std::nullopt;
    }
    double x = v->is_number_float()      ? *v->get_ptr<const double*>()
               : v->is_number_unsigned() ? double(*v->get_ptr<const uint64_t*>())
                                         : double(*v->get_ptr<const int64_t*>());
    if (!(x >= 0.0 && x <= 1.0)) {
        error(p, compact(*v) + " is not a probability: it must be between 0 and 1 (for 5% write "
                               "0.05 or \"5%\")");
        return std::nullopt;
    }
    return x;
}

std::optional<SimTime> Reader::get_duration(const J& obj, std::string_view key,
                                            const std::string& path)
{
    const J* v = find(obj, key);
    if (!v) return std::nullopt;
    std::string p = join_path(path, key);
    Result<SimTime, UnitError> r = fail(UnitError{});
    if (const std::string* s = v->get_ptr<const std::string*>()) {
        r = parse_duration(*s);
    } else if (v->is_number()) {
        double x = v->is_number_float()      ? *v->get_ptr<const double*>()
                   : v->is_number_unsigned() ? double(*v->get_ptr<const uint64_t*>())
                                             : double(*v->get_ptr<const int64_t*>());
        r = duration_from_seconds(x);
    } else {
        error(p, "expected a duration like \"20ms\" or a number of seconds, got " +
                     describe_value(*v));
        return std::nullopt;
    }
    if (!r) {
        error(p, r.error().message);
        return std::nullopt;
    }
    return *r;
}

std::optional<uint64_t> Reader::get_bandwidth(const J& obj, std::string_view key,
                                              const std::string& path)
{
    const J* v = find(obj, key);
    if (!v) return std::nullopt;
    std::string p = join_path(path, key);
    Result<uint64_t, UnitError> r = fail(UnitError{});
    if (const std::string* s = v->get_ptr<const std::string*>()) {
        r = parse_bandwidth(*s);
    } else if (v->is_number()) {
        double x = v->is_number_float()      ? *v->get_ptr<const double*>()
                   : v->is_number_unsigned() ? double(*v->get_ptr<const uint64_t*>())
                                             : double(*v->get_ptr<const int64_t*>());
        r = bandwidth_from_number(x);
    } else {
        error(p, "expected a bandwidth like \"100Mbit\" or a number of bit/s, got " +
                     describe_value(*v));
        return std::nullopt;
    }
    if (!r) {
        error(p, r.error().message);
        return std::nullopt;
    }
    return *r;
}

const J* Reader::get_list(const J& obj, std::string_view key, const std::string& path)
{
    const J* v = find(obj, key);
    if (!v) return nullptr;
    if (!v->is_array()) {
        error(join_path(path, key), "expected a list [...], got " + describe_value(*v));
        return nullptr;
    }
    return v;
}

RawJson Reader::get_raw(const J& obj, std::string_view key)
{
    const J* v = find(obj, key);
    return v ? *v : RawJson();
}

// ===================================================================================== [SECTION]
// Top level

namespace {

const KeyList kTopKeys = {"format", "seed",   "title",    "description", "devices",
                          "links",  "script", "services", "lab",         "notes"};

void read_format(Reader& r, const J& root)
{
    auto format = r.get_string(root, "format", "", false);
    if (!r.find(root, "format")) {
        r.error("format", "missing; a scenario starts with \"format\": \"wirelab/1\"");
    } else if (format && *format != kScenarioFormat) {
        std::string msg = quote(*format) + " is not a format this Wirelab reads (it reads " +
                          quote(kScenarioFormat) + ")";
        if (format->rfind("wirelab/", 0) == 0) msg += "; the file may come from a newer Wirelab";
        r.error("format", msg);
    }
}

} // namespace

Scenario read_scenario(Reader& r, const J& root)
{
    Scenario s;
    if (!root.is_object()) {
        r.error("", "a scenario is a JSON object {\"format\": \"wirelab/1\", ...}, got " +
                        describe_value(root));
        return s;
    }
    r.check_keys(root, "", kTopKeys);
    read_format(r, root);
    if (const J* seed = r.find(root, "seed")) {
        if (const uint64_t* u = seed->get_ptr<const uint64_t*>()) {
            s.seed = *u;
        } else {
            r.error("seed",
                    "expected a whole number 0-18446744073709551615, got " + describe_value(*seed));
        }
    }
    s.title = r.get_string(root, "title", "", false).value_or("");
    s.description = r.get_string(root, "description", "", false).value_or("");
    if (const J* devices = r.get_list(root, "devices", ""))
        for (size_t i = 0; i < devices->size(); ++i)
            s.devices.push_back(read_device(r, (*devices)[i], index_path("devices", i)));
    if (const J* links = r.get_list(root, "links", ""))
        for (size_t i = 0; i < links->size(); ++i)
            s.links.push_back(read_link(r, (*links)[i], index_path("links", i)));
    if (const J* script = r.get_list(root, "script", ""))
        for (size_t i = 0; i < script->size(); ++i)
            s.script.push_back(read_script_entry(r, (*script)[i], index_path("script", i)));
    s.services = r.get_raw(root, "services");
    s.lab = r.get_raw(root, "lab");
    s.notes = r.get_raw(root, "notes");
    return s;
}

} // namespace wirelab::sim::detail

namespace wirelab::sim {

Result<Scenario, std::vector<Diagnostic>> load_scenario(std::string_view json_text,
                                                        std::vector<Diagnostic>* warnings)
{
    detail::ParsedJson parsed = detail::parse_json(json_text);
    if (!parsed.ok) return fail(std::move(parsed.errors));
    detail::Reader reader;
    for (const Diagnostic& d : parsed.errors) reader.error(d.path, d.message);
    Scenario s = detail::read_scenario(reader, parsed.doc);
    std::vector<Diagnostic> errors = std::move(reader.errors);
    for (Diagnostic& d : detail::validate(s, reader.broken)) {
        if (d.is_error())
            errors.push_back(std::move(d));
        else if (warnings)
            warnings->push_back(std::move(d));
    }
    if (!errors.empty()) return fail(std::move(errors));
    return s;
}

} // namespace wirelab::sim
