// Internal to sim/: the JSON reader behind load_scenario(), split over scenario_load*.cpp.
#pragma once

#include "sim/scenario.h"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::sim::detail {

using KeyList = std::vector<std::string_view>;

// Collects errors while reading. `broken` holds the path of every error (and of lists that lost
// an element), so the relational checks can stay quiet about parts that could not be read.
struct Reader {
    std::vector<Diagnostic> errors;
    std::set<std::string> broken;

    void error(const std::string& path, std::string message);
    void taint(const std::string& path);
    bool check_object(const RawJson& v, const std::string& path, std::string_view what);
    // Reports keys of obj not in allowed, with a "did you mean" when one is close.
    void check_keys(const RawJson& obj, const std::string& path, const KeyList& allowed);

    // Field getters: absent or null gives nullopt silently (unless required); a wrong type or
    // value is reported at path.key and also gives nullopt.
    static const RawJson* find(const RawJson& obj, std::string_view key);
    std::optional<std::string> get_string(const RawJson& obj, std::string_view key,
                                          const std::string& path, bool required);
    std::optional<uint64_t> get_uint(const RawJson& obj, std::string_view key,
                                     const std::string& path, uint64_t min, uint64_t max,
                                     std::string_view what);
    std::optional<bool> get_bool(const RawJson& obj, std::string_view key, const std::string& path);
    std::optional<double> get_probability(const RawJson& obj, std::string_view key,
                                          const std::string& path);
    std::optional<SimTime> get_duration(const RawJson& obj, std::string_view key,
                                        const std::string& path);
    std::optional<uint64_t> get_bandwidth(const RawJson& obj, std::string_view key,
                                          const std::string& path);
    const RawJson* get_list(const RawJson& obj, std::string_view key, const std::string& path);
    RawJson get_raw(const RawJson& obj, std::string_view key);
};

Scenario read_scenario(Reader& r, const RawJson& root);
DeviceSpec read_device(Reader& r, const RawJson& v, const std::string& path);
LinkSpec read_link(Reader& r, const RawJson& v, const std::string& path);
ScriptEntry read_script_entry(Reader& r, const RawJson& v, const std::string& path);

// The interface (index into d.interfaces) through which a gateway or next hop is reached: the
// one whose subnet holds it (or the only interface, for a link-local hop); else why not.
Result<size_t, std::string> on_link_interface(const DeviceSpec& d, const wire::IpAddr& hop);

// validate_scenario(), quiet about paths at or under an entry of `broken`.
std::vector<Diagnostic> validate(const Scenario& s, const std::set<std::string>& broken);

} // namespace wirelab::sim::detail
