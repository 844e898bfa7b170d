#include "sim/scenario_json.h"

#include "core/base/text.h"

#include <algorithm>
#include <set>

namespace wirelab::sim::detail {
namespace {

// Builds the document from SAX events (as nlohmann's own DOM parser does) while tracking the
// JSON path, so duplicated keys and excessive nesting can be reported where they are.
class DomBuilder {
public:
    using number_integer_t = RawJson::number_integer_t;
    using number_unsigned_t = RawJson::number_unsigned_t;
    using number_float_t = RawJson::number_float_t;
    using string_t = RawJson::string_t;
    using binary_t = RawJson::binary_t;

    explicit DomBuilder(ParsedJson& out) : m_out(out) {}

    bool null() { return add(RawJson(nullptr)) != nullptr; }
    bool boolean(bool v) { return add(RawJson(v)) != nullptr; }
    bool number_integer(number_integer_t v) { return add(RawJson(v)) != nullptr; }
    bool number_unsigned(number_unsigned_t v) { return add(RawJson(v)) != nullptr; }
    bool number_float(number_float_t v, const string_t&) { return add(RawJson(v)) != nullptr; }
    bool string(string_t& v) { return add(RawJson(std::move(v))) != nullptr; }
    bool binary(binary_t&) { return false; } // JSON text has no binary values
    bool start_object(std::size_t) { return open(RawJson::object(), false); }
    bool start_array(std::size_t) { return open(RawJson::array(), true); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(string_t& k)
    {
        Level& l = m_levels.back();
        if (!l.keys.insert(k).second)
            m_out.errors.push_back({Diagnostic::Severity::Error, join_path(path(), k),
                                    "this key appears twice in the same object; keep one"});
        l.key = k;
        return true;
    }

    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex)
    {
        std::string what = ex.what();
        static constexpr std::string_view kAt = "parse error at ";
        size_t at = what.find(kAt);
        if (at != std::string::npos) {
            what = what.substr(at + kAt.size());
        } else if (size_t close = what.find("] "); close != std::string::npos) {
            what = what.substr(close + 2);
        }
        m_out.errors.push_back({Diagnostic::Severity::Error, "", "not valid JSON at " + what});
        return false;
    }

private:
    struct Level {
        RawJson* value;
        bool is_array;
        size_t index = 0;
        std::string key;
        std::set<std::string> keys;
    };

    std::string path() const
    {
        std::string p;
        for (size_t i = 0; i + 1 < m_levels.size(); ++i) {
            const Level& l = m_levels[i];
            p = l.is_array ? index_path(p, l.index) : join_path(p, l.key);
        }
        return p;
    }

    // Adds a value to the current container (or makes it the root); returns where it lives.
    RawJson* add(RawJson&& v)
    {
        if (m_levels.empty()) {
            m_out.doc = std::move(v);
            return &m_out.doc;
        }
        Level& l = m_levels.back();
        if (l.is_array) {
            l.value->push_back(std::move(v));
            ++l.index;
            return &l.value->back();
        }
        RawJson& slot = (*l.value)[l.key]; // a repeated key: the last value wins, as in nlohmann
        slot = std::move(v);
        return &slot;
    }

    bool open(RawJson&& container, bool is_array)
    {
        if (m_levels.size() >= kMaxJsonDepth) {
            m_out.errors.push_back(
                {Diagnostic::Severity::Error, path_of_next(),
                 "nested more than " + std::to_string(kMaxJsonDepth) + " levels deep"});
            return false;
        }
        RawJson* where = add(std::move(container));
        // The index counts elements already added; the new one is index-1 while it is open.
        if (!m_levels.empty() && m_levels.back().is_array) --m_levels.back().index;
        m_levels.push_back(Level{where, is_array, 0, {}, {}});
        return true;
    }

    bool close()
    {
        m_levels.pop_back();
        if (!m_levels.empty() && m_levels.back().is_array) ++m_levels.back().index;
        return true;
    }

    std::string path_of_next() const
    {
        std::string p = path();
        if (m_levels.empty()) return p;
        const Level& l = m_levels.back();
        return l.is_array ? index_path(p, l.index) : join_path(p, l.key);
    }

    ParsedJson& m_out;
    std::vector<Level> m_levels;
};

} // namespace

ParsedJson parse_json(std::string_view text)
{
    ParsedJson out;
    DomBuilder builder(out);
    // False on a syntax error or when the builder refused to nest deeper; duplicated keys alone
    // leave a complete document.
    out.ok = RawJson::sax_parse(text, &builder);
    return out;
}

std::string join_path(std::string_view parent, std::string_view key)
{
    if (parent.empty()) return std::string(key);
    return std::string(parent) + "." + std::string(key);
}

std::string index_path(std::string_view parent, size_t i)
{
    return std::string(parent) + "[" + std::to_string(i) + "]";
}

std::string quote(std::string_view s)
{
    return "\"" + std::string(s) + "\"";
}

std::string compact(const RawJson& v)
{
    return v.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

std::string describe_value(const RawJson& v)
{
    auto shorten = [](std::string s) {
        if (s.size() > 40) s = s.substr(0, 37) + "...";
        return s;
    };
    switch (v.type()) {
    case RawJson::value_t::null: return "null";
    case RawJson::value_t::boolean: return compact(v);
    case RawJson::value_t::string: return "the string " + shorten(compact(v));
    case RawJson::value_t::number_integer:
    case RawJson::value_t::number_unsigned:
    case RawJson::value_t::number_float: return "the number " + compact(v);
    case RawJson::value_t::object: return "an object";
    case RawJson::value_t::array: return "a list";
    default: return "an unexpected value";
    }
}

std::string_view closest(std::string_view word, const std::vector<std::string_view>& candidates)
{
    if (word.size() > 64) return {}; // no typo of a key is that long; keeps the table small
    std::string_view best;
    size_t best_d = SIZE_MAX;
    bool tie = false;
    for (std::string_view c : candidates) {
        size_t d = iedit_distance(word, c.substr(0, 64));
        if (d < best_d) {
            best_d = d;
            best = c;
            tie = false;
        } else if (d == best_d && c != best) {
            tie = true; // two equally close names: guessing one would mislead
        }
    }
    size_t limit = std::min<size_t>(3, std::max<size_t>(1, word.size() / 3));
    return best_d <= limit && !tie ? best : std::string_view{};
}

} // namespace wirelab::sim::detail
