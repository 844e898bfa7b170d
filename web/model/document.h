// The document the app edits: one sim::Scenario. Views never change it directly: they queue
// Commands, which App applies between frames (STYLE.md §4). Undo and redo keep whole snapshots of
// the Scenario (a copy is cheap next to a frame, and a snapshot cannot be "undone wrong").
//
// Every applied change is classified by comparing the scenario before and after it, so the
// running network (web/model/session.h) knows what to do:
//   Layout     positions, notes, title: nothing to do for the simulation;
//   LiveLinks  only link settings (impairments, up/down): applied to the running links as they
//              are, the simulated clock keeps going;
//   Structure  anything else (devices, addresses, routes, cables, seed, script): the network is
//              rebuilt and the simulation restarts at t = 0 (the UI says so).
#pragma once

#include "sim/scenario.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace wirelab::web {

enum class ChangeKind : uint8_t { None, Layout, LiveLinks, Structure };

// What changed between two versions of a scenario (the largest kind that applies).
ChangeKind classify_change(const sim::Scenario& before, const sim::Scenario& after);

// One edit. `edit` changes the scenario and returns false when there was nothing to change (no
// undo step is recorded then). Consecutive commands with the same non-empty merge_key (one drag,
// one text field) become a single undo step.
struct Command {
    Command(std::string label_, std::function<bool(sim::Scenario&)> edit_,
            std::string merge_key_ = {})
        : label(std::move(label_)), edit(std::move(edit_)), merge_key(std::move(merge_key_))
    {}
    std::string label; // "Move pc1", "Set pc1 eth0 IPv4": shown as "Undo Move pc1"
    std::function<bool(sim::Scenario&)> edit;
    std::string merge_key;
};

class Document {
public:
    static constexpr size_t kMaxUndo = 200;

    const sim::Scenario& scenario() const { return m_scenario; }

    // Queues an edit; it is applied by apply_queued(), between frames.
    void queue(Command command) { m_queue.push_back(std::move(command)); }
    // Ends the current merge run: the next command starts a new undo step even if it has the
    // same merge key (called when a drag ends or a text field loses focus).
    void break_merge() { m_merge_key.clear(); }
    // Applies every queued command in order. Returns how many changed the scenario.
    size_t apply_queued();

    // Replaces the whole scenario (New, Open, an example, autosave restore) as one undo step.
    // with_undo = false forgets the history (used at start-up).
    void replace(sim::Scenario s, std::string label, bool with_undo = true);

    bool can_undo() const { return !m_undo.empty(); }
    bool can_redo() const { return !m_redo.empty(); }
    const std::string& undo_label() const;
    const std::string& redo_label() const;
    void undo();
    void redo();

    // The label of the last change ("Move pc1", "Undo Move pc1"), for "restarted because ...".
    const std::string& last_label() const { return m_last_label; }
    // Bumped by every change (edits, undo, redo, replace): autosave and caches watch it.
    uint64_t revision() const { return m_revision; }
    // The largest change since the last call, then reset to None (the session's input).
    ChangeKind take_changes();

private:
    struct Snapshot {
        sim::Scenario scenario;
        std::string label;
    };
    void changed(const sim::Scenario& before);

    sim::Scenario m_scenario;
    std::deque<Command> m_queue;
    std::deque<Snapshot> m_undo; // the scenario before each step, newest last
    std::vector<Snapshot> m_redo;
    std::string m_merge_key;
    std::string m_last_label;
    uint64_t m_revision = 1;
    ChangeKind m_pending = ChangeKind::Structure; // build the first network
};

} // namespace wirelab::web
