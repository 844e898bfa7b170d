// The edited scenario with undo/redo by snapshots.
#include "web/model/document.h"

#include <algorithm>

namespace wirelab::web {

namespace {

// Devices equal in everything the simulation sees: all but the canvas position and the notes
// (where the app keeps its icon choice). Compared as whole structs, so fields added to
// DeviceSpec later count as structural without anyone remembering to list them here.
bool same_for_simulation(const sim::DeviceSpec& a, const sim::DeviceSpec& b)
{
    if (a == b) return true;
    sim::DeviceSpec x = a, y = b;
    x.position.reset();
    y.position.reset();
    x.notes = nullptr;
    y.notes = nullptr;
    return x == y;
}

bool same_settings(const sim::LinkSpec& a, const sim::LinkSpec& b)
{
    return a.both == b.both && a.a_to_b == b.a_to_b && a.b_to_a == b.b_to_a && a.up == b.up;
}

} // namespace

ChangeKind classify_change(const sim::Scenario& before, const sim::Scenario& after)
{
    if (before.seed != after.seed || before.script != after.script ||
        before.services != after.services || before.devices.size() != after.devices.size() ||
        before.links.size() != after.links.size())
        return ChangeKind::Structure;
    for (size_t i = 0; i < before.devices.size(); ++i)
        if (!same_for_simulation(before.devices[i], after.devices[i])) return ChangeKind::Structure;
    ChangeKind kind = ChangeKind::None;
    for (size_t i = 0; i < before.links.size(); ++i) {
        const sim::LinkSpec& a = before.links[i];
        const sim::LinkSpec& b = after.links[i];
        if (a.a != b.a || a.b != b.b) return ChangeKind::Structure;
        if (!same_settings(a, b)) kind = ChangeKind::LiveLinks;
    }
    if (kind != ChangeKind::None) return kind;
    return before == after ? ChangeKind::None : ChangeKind::Layout;
}

size_t Document::apply_queued()
{
    size_t applied = 0;
    while (!m_queue.empty()) {
        Command command = std::move(m_queue.front());
        m_queue.pop_front();
        sim::Scenario before = m_scenario;
        if (!command.edit(m_scenario)) continue;
        const bool merge =
            !command.merge_key.empty() && command.merge_key == m_merge_key && !m_undo.empty();
        if (!merge) {
            m_undo.push_back({before, command.label});
            if (m_undo.size() > kMaxUndo) m_undo.pop_front();
        }
        m_merge_key = command.merge_key;
        m_last_label = command.label;
        m_redo.clear();
        changed(before);
        ++applied;
    }
    return applied;
}

void Document::replace(sim::Scenario s, std::string label, bool with_undo)
{
    sim::Scenario before = std::move(m_scenario);
    m_scenario = std::move(s);
    m_merge_key.clear();
    m_last_label = label;
    m_redo.clear();
    if (with_undo) {
        m_undo.push_back({before, std::move(label)});
        if (m_undo.size() > kMaxUndo) m_undo.pop_front();
    } else {
        m_undo.clear();
    }
    changed(before);
    // A new document is a new network even when it happens to equal the old one.
    m_pending = ChangeKind::Structure;
}

const std::string& Document::undo_label() const
{
    static const std::string none;
    return m_undo.empty() ? none : m_undo.back().label;
}

const std::string& Document::redo_label() const
{
    static const std::string none;
    return m_redo.empty() ? none : m_redo.back().label;
}

void Document::undo()
{
    if (m_undo.empty()) return;
    Snapshot step = std::move(m_undo.back());
    m_undo.pop_back();
    sim::Scenario before = m_scenario;
    m_last_label = "Undo " + step.label;
    m_redo.push_back({std::move(m_scenario), step.label});
    m_scenario = std::move(step.scenario);
    m_merge_key.clear();
    changed(before);
}

void Document::redo()
{
    if (m_redo.empty()) return;
    Snapshot step = std::move(m_redo.back());
    m_redo.pop_back();
    sim::Scenario before = m_scenario;
    m_last_label = "Redo " + step.label;
    m_undo.push_back({std::move(m_scenario), step.label});
    m_scenario = std::move(step.scenario);
    m_merge_key.clear();
    changed(before);
}

void Document::changed(const sim::Scenario& before)
{
    ++m_revision;
    m_pending = std::max(m_pending, classify_change(before, m_scenario));
}

ChangeKind Document::take_changes()
{
    ChangeKind kind = m_pending;
    m_pending = ChangeKind::None;
    return kind;
}

} // namespace wirelab::web
