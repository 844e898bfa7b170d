// The lab catalog, lab files, the lab in progress, its grade and hints.
#include "web/model/labs.h"

#include <algorithm>

namespace wirelab::web {

namespace {

std::string string_at(const sim::RawJson& o, const char* key)
{
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? *it->get_ptr<const std::string*>() : std::string();
}

} // namespace

std::optional<LabRef> lab_ref_of(const sim::Scenario& s)
{
    if (!s.lab.is_object()) return std::nullopt;
    LabRef ref{string_at(s.lab, "id"), string_at(s.lab, "student")};
    if (ref.id.empty()) return std::nullopt;
    return ref;
}

// ===================================================================================== [SECTION]
// Catalog and lab files

bool LabBook::read_index(std::string_view text)
{
    const auto json = sim::RawJson::parse(text, nullptr, false);
    auto list = json.is_object() ? json.find("labs") : json.end();
    if (!json.is_object() || list == json.end() || !list->is_array()) {
        m_index_error = std::string(kIndexUrl) + " has no \"labs\" list";
        return false;
    }
    m_index.clear();
    for (const auto& e : *list) {
        if (!e.is_object()) continue;
        LabInfo info;
        info.file = string_at(e, "file");
        info.id = string_at(e, "id");
        if (info.file.empty() || info.id.empty() || info.file.find('/') != std::string::npos)
            continue;
        info.title = string_at(e, "title");
        if (info.title.empty()) info.title = info.id;
        info.topic = string_at(e, "topic");
        if (auto p = e.find("points"); p != e.end() && p->is_number_unsigned())
            info.points = uint32_t(std::min<uint64_t>(p->get<uint64_t>(), UINT32_MAX));
        if (auto v = e.find("variants"); v != e.end() && v->is_boolean())
            info.variants = v->get<bool>();
        m_index.push_back(std::move(info));
    }
    m_has_index = true;
    m_index_error.clear();
    return true;
}

const LabInfo* LabBook::find(std::string_view id) const
{
    for (const LabInfo& l : m_index)
        if (l.id == id) return &l;
    return nullptr;
}

const LabInfo* LabBook::find_file(std::string_view url) const
{
    for (const LabInfo& l : m_index)
        if (url == "labs/" + l.file) return &l;
    return nullptr;
}

std::vector<std::string> LabBook::add_lab(std::string_view url, std::string_view text)
{
    auto lab = sim::load_lab(text);
    if (!lab) {
        std::vector<std::string> errors;
        for (const sim::Diagnostic& d : lab.error())
            errors.push_back(std::string(url) + ": " + d.to_string());
        return errors;
    }
    const LabInfo* info = find_file(url);
    if (info && info->id != lab->id)
        return {std::string(url) + ": the lab's id is \"" + lab->id + "\" but " + kIndexUrl +
                " lists it as \"" + info->id + "\""};
    std::string id = lab->id;
    m_labs.insert_or_assign(std::move(id), std::move(*lab));
    return {};
}

// ===================================================================================== [SECTION]
// The lab in progress

std::optional<sim::Scenario> LabBook::starting(std::string_view id, std::string_view student,
                                               std::vector<std::string>& errors) const
{
    auto it = m_labs.find(std::string(id));
    if (it == m_labs.end()) {
        errors.push_back("the lab " + std::string(id) + " is not loaded");
        return std::nullopt;
    }
    auto v = sim::make_variant(it->second, student);
    if (!v) {
        for (const sim::Diagnostic& d : v.error()) errors.push_back(d.to_string());
        return std::nullopt;
    }
    return sim::starting_scenario(it->second, *v);
}

bool LabBook::activate(const LabRef& ref, std::vector<std::string>& errors)
{
    auto it = m_labs.find(ref.id);
    if (it == m_labs.end()) {
        errors.push_back("the lab " + ref.id + " is not loaded");
        return false;
    }
    auto v = sim::make_variant(it->second, ref.student);
    if (!v) {
        for (const sim::Diagnostic& d : v.error()) errors.push_back(d.to_string());
        return false;
    }
    const bool same = m_variant && m_active == ref;
    m_active = ref;
    m_variant = std::move(*v);
    if (!same) {
        m_report.reset();
        m_hints.clear();
        m_graded_revision = 0;
    }
    return true;
}

void LabBook::close()
{
    m_variant.reset();
    m_report.reset();
    m_hints.clear();
    m_active = {};
}

const sim::Lab* LabBook::lab() const
{
    if (!m_variant) return nullptr;
    auto it = m_labs.find(m_active.id);
    return it == m_labs.end() ? nullptr : &it->second;
}

const sim::LabLocks* LabBook::locks() const
{
    const sim::Lab* l = lab();
    return l ? &l->locks : nullptr;
}

// ===================================================================================== [SECTION]
// Grading and hints

void LabBook::grade(const sim::Scenario& doc, uint64_t revision)
{
    const sim::Lab* l = lab();
    if (!l) return;
    m_report = sim::grade_scenario(*l, *m_variant, doc);
    m_graded_revision = revision;
    ++m_grades;
}

size_t LabBook::hints_shown(std::string_view check) const
{
    auto it = m_hints.find(check);
    return it == m_hints.end() ? 0 : it->second;
}

void LabBook::reveal_hint(std::string_view check)
{
    if (!m_variant) return;
    for (const sim::Check& c : m_variant->checks) {
        if (c.id != check) continue;
        size_t& n = m_hints[c.id];
        n = std::min(n + 1, c.hints.size());
    }
}

std::string LabBook::submission_name() const
{
    // Student ids are free text; the file name keeps what is safe in any file system.
    std::string student;
    for (char c : m_active.student) {
        const bool safe =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        student += safe ? c : '_';
    }
    return m_active.id + (student.empty() ? "" : "-" + student) + ".json";
}

} // namespace wirelab::web
