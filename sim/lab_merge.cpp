// The network a submission is graded on: the student's devices and cabling where the lab leaves
// them open, the lab's wherever it locks them, and always the lab's seed, script and network-wide
// sections. Everything replaced or ignored is reported as a note, so a student sees why editing a
// locked router (or the checks) changed nothing.
#include "sim/lab.h"
#include "sim/lab_template.h"
#include "sim/scenario_json.h"

#include <algorithm>

namespace wirelab::sim {
namespace {

bool same_device(DeviceSpec a, DeviceSpec b)
{
    a.position.reset(), b.position.reset(); // where it sits on the canvas never matters
    a.notes = RawJson(), b.notes = RawJson();
    return a == b;
}

bool same_links(std::vector<LinkSpec> a, std::vector<LinkSpec> b)
{
    for (LinkSpec& l : a) l.notes = RawJson();
    for (LinkSpec& l : b) l.notes = RawJson();
    return a == b;
}

// Copies one lockable field from the lab's device; true when the student's value differed.
bool copy_field(DeviceSpec& d, const DeviceSpec& lab, std::string_view field)
{
    auto take = [](auto& mine, const auto& theirs) {
        bool differs = !(mine == theirs);
        mine = theirs;
        return differs;
    };
    if (field == "interfaces") return take(d.interfaces, lab.interfaces);
    if (field == "gateway") return take(d.gateway, lab.gateway);
    if (field == "gateway6") return take(d.gateway6, lab.gateway6);
    if (field == "routes") return take(d.routes, lab.routes);
    if (field == "advertise") return take(d.advertise, lab.advertise);
    if (field == "ports") return take(d.ports, lab.ports);
    if (field == "services") return take(d.services, lab.services);
    return false;
}

class Merger {
public:
    Merger(const Lab& lab, const Scenario& base, const Scenario& sub,
           std::vector<std::string>* notes)
        : m_locks(lab.locks), m_base(base), m_sub(sub), m_notes(notes)
    {}

    Scenario run()
    {
        Scenario eff;
        eff.seed = m_base.seed;
        eff.title = m_base.title;
        eff.description = m_base.description;
        eff.services = m_base.services;
        if (m_sub.seed != m_base.seed)
            note("the seed is the lab's (" + std::to_string(m_base.seed) + "); the submission's " +
                 std::to_string(m_sub.seed) + " was ignored");
        for (const DeviceSpec& ld : m_base.devices) merge_device(eff, ld);
        for (const DeviceSpec& sd : m_sub.devices) {
            if (m_base.find_device(sd.name)) continue;
            if (!m_locks.add_devices) {
                note(sd.name +
                     " was added, but this lab does not allow new devices: it was left out");
                continue;
            }
            eff.devices.push_back(sd);
        }
        merge_links(eff);
        merge_script(eff);
        if (m_sub.lab.is_object())
            for (auto it = m_sub.lab.begin(); it != m_sub.lab.end(); ++it)
                if (it.key() != "id" && it.key() != "student") {
                    note("the submission's \"lab\" section was ignored (checks, points, seed and "
                         "locks always come from the lab file)");
                    break;
                }
        return eff;
    }

private:
    void note(std::string text)
    {
        if (m_notes) m_notes->push_back(std::move(text));
    }

    void merge_device(Scenario& eff, const DeviceSpec& ld)
    {
        const DeviceSpec* sd = m_sub.find_device(ld.name);
        if (m_locks.is_device_locked(ld.name)) {
            if (!sd)
                note(ld.name + " is locked and was missing from the submission: the lab's " +
                     ld.name + " was used");
            else if (!same_device(*sd, ld))
                note(ld.name + " is locked: the lab's " + ld.name +
                     " was used (the submission changed it)");
            eff.devices.push_back(ld);
            return;
        }
        if (!sd) {
            if (m_locks.links) {
                note(ld.name + " was missing from the submission: the lab's " + ld.name +
                     " was used (the cabling is locked)");
                eff.devices.push_back(ld);
            } else {
                note(ld.name + " is not in the submission");
            }
            return;
        }
        if (sd->type != ld.type) {
            note(ld.name + " must stay a " + to_string(ld.type) + ": the lab's " + ld.name +
                 " was used");
            eff.devices.push_back(ld);
            return;
        }
        DeviceSpec d = *sd;
        auto it = m_locks.devices.find(ld.name);
        if (it != m_locks.devices.end())
            for (const std::string& field : it->second)
                if (copy_field(d, ld, field))
                    note(ld.name + "." + field +
                         " is locked: the lab's value was used (the submission changed it)");
        eff.devices.push_back(std::move(d));
    }

    void merge_links(Scenario& eff)
    {
        if (m_locks.links) {
            eff.links = m_base.links;
            if (!same_links(m_sub.links, m_base.links))
                note("the cabling and link settings are locked: the lab's links were used (the "
                     "submission changed them)");
            return;
        }
        for (const LinkSpec& l : m_sub.links) {
            if (eff.find_device(l.a.device) && eff.find_device(l.b.device)) {
                eff.links.push_back(l);
                continue;
            }
            note("the link " + l.a.to_string() + " - " + l.b.to_string() +
                 " was left out: one of its devices is not in the graded network");
        }
    }

    // Locked (the default): the lab's script. Open: the student's script replaces it (a lab
    // where starting the right server is the exercise), on devices of the graded network.
    void merge_script(Scenario& eff)
    {
        if (!m_locks.script) {
            for (const ScriptEntry& e : m_sub.script)
                if (eff.find_device(e.on)) eff.script.push_back(e);
            return;
        }
        eff.script = m_base.script;
        size_t extra = 0;
        for (const ScriptEntry& e : m_sub.script)
            if (std::find(m_base.script.begin(), m_base.script.end(), e) == m_base.script.end())
                ++extra;
        if (extra)
            note("the submission's script (" + std::to_string(extra) +
                 (extra == 1 ? " command" : " commands") +
                 " of its own) was ignored: only the lab's script runs");
    }

    const LabLocks& m_locks;
    const Scenario& m_base;
    const Scenario& m_sub;
    std::vector<std::string>* m_notes;
};

} // namespace

Scenario effective_scenario(const Lab& lab, const LabVariant& v, const Scenario& submission,
                            std::vector<std::string>* notes)
{
    return Merger(lab, v.scenario, submission, notes).run();
}

Scenario starting_scenario(const Lab& lab, const LabVariant& v)
{
    Scenario s = v.scenario;
    s.lab = RawJson::object();
    s.lab["id"] = lab.id;
    s.lab["student"] = v.student;
    return s;
}

namespace {

std::optional<std::string> student_of(const RawJson& lab)
{
    if (!lab.is_object()) return std::nullopt;
    auto it = lab.find("student");
    if (it == lab.end() || !it->is_string()) return std::nullopt;
    std::string s = normalize_student(*it->get_ptr<const std::string*>());
    if (s.empty()) return std::nullopt;
    return s;
}

} // namespace

std::optional<std::string> submission_student(const Scenario& submission)
{
    return student_of(submission.lab);
}

std::optional<std::string> submission_student(std::string_view submission_json)
{
    detail::ParsedJson parsed = detail::parse_json(submission_json);
    if (!parsed.ok || !parsed.doc.is_object()) return std::nullopt;
    auto it = parsed.doc.find("lab");
    return it == parsed.doc.end() ? std::nullopt : student_of(*it);
}

Result<std::string, std::vector<Diagnostic>> fill_template(const LabVariant& v,
                                                           std::string_view json_text)
{
    detail::ParsedJson parsed = detail::parse_json(json_text);
    if (!parsed.ok) return fail(std::move(parsed.errors));
    std::vector<Diagnostic> errors = std::move(parsed.errors);
    detail::FillContext ctx{&v.values, v.student};
    detail::fill_json(parsed.doc, "", ctx, errors);
    if (!errors.empty()) return fail(std::move(errors));
    return parsed.doc.dump(2, ' ', false, nlohmann::detail::error_handler_t::replace) + "\n";
}

} // namespace wirelab::sim
