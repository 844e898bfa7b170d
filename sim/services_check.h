// Helpers shared by the service kinds of services_http.cpp and services_misc.cpp: reading one
// service's settings object, with every problem reported at its JSON path (the same reader
// serves validation, which keeps only the messages, and installation, which keeps the values).
#pragma once

#include "sim/scenario.h"
#include "sim/scenario_json.h"
#include "sim/scenario_units.h"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wirelab::sim::detail {

class SettingsReader {
public:
    SettingsReader(const RawJson& obj, std::string path, std::vector<Diagnostic>& out)
        : m_obj(obj), m_path(std::move(path)), m_out(out)
    {}

    const std::string& path() const { return m_path; }
    std::string at(std::string_view key) const { return join_path(m_path, key); }
    void error(const std::string& path, const std::string& msg) const
    {
        m_out.push_back({Diagnostic::Severity::Error, path, msg});
    }
    bool has_errors_since(size_t mark) const
    {
        for (size_t i = mark; i < m_out.size(); ++i)
            if (m_out[i].is_error()) return true;
        return false;
    }
    size_t mark() const { return m_out.size(); }
    std::vector<Diagnostic>& diagnostics() const { return m_out; }

    // The settings must be an object (or true/{} for "all defaults"); reports otherwise.
    bool is_settings_object(std::string_view example) const
    {
        if (m_obj.is_object()) return true;
        error(m_path, "must be an object of settings, e.g. " + std::string(example) + ", not " +
                          describe_value(m_obj));
        return false;
    }

    // Every key must be one of `known`; a near miss gets "did you mean".
    void only_keys(std::initializer_list<std::string_view> known) const
    {
        std::vector<std::string_view> list(known);
        for (auto it = m_obj.begin(); it != m_obj.end(); ++it) {
            if (std::find(list.begin(), list.end(), it.key()) != list.end()) continue;
            std::string msg = "unknown setting " + quote(it.key());
            std::string_view near = closest(it.key(), list);
            if (!near.empty())
                msg += " (did you mean " + quote(near) + "?)";
            else {
                msg += " (known: ";
                for (size_t i = 0; i < list.size(); ++i)
                    msg += (i ? ", " : "") + std::string(list[i]);
                msg += ")";
            }
            error(at(it.key()), msg);
        }
    }

    const RawJson* find(std::string_view key) const
    {
        auto it = m_obj.find(std::string(key));
        return it == m_obj.end() ? nullptr : &*it;
    }

    uint16_t port(std::string_view key, uint16_t fallback) const
    {
        const RawJson* v = find(key);
        if (!v) return fallback;
        if (!v->is_number_unsigned() || v->get<uint64_t>() == 0 || v->get<uint64_t>() > 65535) {
            error(at(key), "must be a port number from 1 to 65535, not " + describe_value(*v));
            return fallback;
        }
        return uint16_t(v->get<uint64_t>());
    }

    std::string string(std::string_view key, std::string fallback = {}) const
    {
        const RawJson* v = find(key);
        if (!v) return fallback;
        if (!v->is_string()) {
            error(at(key), "must be a string, not " + describe_value(*v));
            return fallback;
        }
        return v->get<std::string>();
    }

    bool boolean(std::string_view key, bool fallback) const
    {
        const RawJson* v = find(key);
        if (!v) return fallback;
        if (!v->is_boolean()) {
            error(at(key), "must be true or false, not " + describe_value(*v));
            return fallback;
        }
        return v->get<bool>();
    }

    uint64_t count(std::string_view key, uint64_t fallback, uint64_t lo, uint64_t hi) const
    {
        const RawJson* v = find(key);
        if (!v) return fallback;
        if (!v->is_number_unsigned() || v->get<uint64_t>() < lo || v->get<uint64_t>() > hi) {
            error(at(key), "must be a whole number from " + std::to_string(lo) + " to " +
                               std::to_string(hi) + ", not " + describe_value(*v));
            return fallback;
        }
        return v->get<uint64_t>();
    }

    SimTime duration(std::string_view key, SimTime fallback) const
    {
        const RawJson* v = find(key);
        if (!v) return fallback;
        if (v->is_string())
            if (auto d = parse_duration(v->get<std::string>())) return *d;
        error(at(key), "must be a duration such as \"5s\" or \"500ms\", not " + describe_value(*v));
        return fallback;
    }

    // An object of strings ("users": {"alice": "secret"}); numbers are taken as their text.
    std::map<std::string, std::string> string_map(std::string_view key) const
    {
        std::map<std::string, std::string> m;
        const RawJson* v = find(key);
        if (!v) return m;
        if (!v->is_object()) {
            error(at(key), "must be an object of names to strings, not " + describe_value(*v));
            return m;
        }
        for (auto it = v->begin(); it != v->end(); ++it) {
            if (it->is_string())
                m[it.key()] = it->get<std::string>();
            else if (it->is_number_integer())
                m[it.key()] = std::to_string(it->get<int64_t>());
            else
                error(join_path(at(key), it.key()), "must be a string, not " + describe_value(*it));
        }
        return m;
    }

private:
    const RawJson& m_obj;
    std::string m_path;
    std::vector<Diagnostic>& m_out;
};

// `path["key"]`: for keys that are not plain names (URL paths, file names).
inline std::string key_path(const std::string& parent, const std::string& key)
{
    return parent + "[" + quote(key) + "]";
}

} // namespace wirelab::sim::detail
