// The running network, built from the document (sim::build_scenario) and driven frame by frame.
//
// Rebuilds: a structural edit (web/model/document.h) builds a new network and the simulated clock
// restarts at t = 0: a network cannot honestly keep running across a change of its cables or
// addresses. restarts() counts these and restart_reason() says why, for the simulation bar. Link
// settings are applied to the running links (net::Link::set_params) without a restart.
//
// Time: while playing, each frame asks for wall time x speed of simulated time, and runs events
// for at most a time budget so the UI keeps 60 fps. If the budget runs out first, the clock falls
// behind (is_lagging()) rather than skipping events. "As fast as possible" (speed 0) runs events
// for the whole budget every frame.
#pragma once

#include "core/shell/shell.h"
#include "sim/scenario.h"
#include "web/model/animation.h"
#include "web/model/capture.h"
#include "web/model/page_loader.h"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace wirelab::web {

// A "why" line for the event log: a drop or a notable event, with where it happened.
struct LogEntry {
    SimTime at;
    net::TraceKind kind = net::TraceKind::Info;
    net::DropReason reason = net::DropReason::None;
    std::string device;
    std::string text;
};

// Where shell output goes (the terminals): a command started, printed, exited.
struct ShellEvents {
    std::function<void(const std::string& host, const std::string& line, bool from_script)> started;
    std::function<void(const std::string& host, std::string_view text)> output;
    std::function<void(const std::string& host, int exit_code)> exited;
};

class Session {
public:
    static constexpr double kMinSpeed = 0.01;
    static constexpr double kMaxSpeed = 1000.0;
    static constexpr double kFrameBudgetMs = 7.0;
    static constexpr size_t kMaxLog = 5'000;

    Session();
    ~Session();

    void set_shell_events(ShellEvents events) { m_events = std::move(events); }

    // [SECTION] Network
    // Builds a new network from s, restarting the clock at 0 ("why" is shown to the user). When
    // s has errors there is no network and problems() lists them.
    void rebuild(const sim::Scenario& s, std::string why);
    // Applies s's link settings (impairments, up/down) to the running links.
    void apply_link_settings(const sim::Scenario& s);
    bool has_network() const { return m_built.network != nullptr; }
    const net::Network* network() const { return m_built.network.get(); }
    const std::vector<sim::Diagnostic>& problems() const { return m_problems; }
    uint64_t restarts() const { return m_restarts; }
    const std::string& restart_reason() const { return m_restart_reason; }

    // [SECTION] Clock
    bool is_playing() const { return m_playing; }
    void set_playing(bool on) { m_playing = on; }
    double speed() const { return m_speed; } // 0 = as fast as possible
    void set_speed(double speed);
    // Runs the simulation for one UI frame of wall_dt seconds.
    void advance(double wall_dt);
    // Runs events until the next frame is put on a wire or delivered (at most 100,000 events),
    // so each step shows something; pauses first.
    void step();
    SimTime now() const;
    bool is_lagging() const { return m_lagging; }
    uint64_t events_run() const { return m_events_run; }
    double last_slice_ms() const { return m_last_slice_ms; }

    // [SECTION] Shells (one per host or router, created on first use)
    // Starts a command line on a device. False (with a message through the output event) when
    // there is no running network or no such host.
    bool run_command(const std::string& host, std::string_view line);
    void interrupt(const std::string& host);
    bool is_busy(const std::string& host) const;
    // The host's web browsing for the page view, created on first use; nullptr when there is no
    // running network or no such host. Gone (with its page) when the network is rebuilt.
    PageLoader* page_loader(const std::string& host);

    // [SECTION] Observation
    const CaptureStore& capture() const { return m_capture; }
    const Animation& animation() const { return m_animation; }
    const std::deque<LogEntry>& log() const { return m_log; }
    // Scenario link index of a running link (-1 when unknown).
    int link_index(LinkId id) const;

private:
    void attach_observers();
    void on_frame(SimTime at, NodeId node, uint32_t port, net::TapDirection dir,
                  const net::Frame& f);
    void on_trace(const net::TraceEvent& ev);
    void schedule_script(const sim::Scenario& s);
    void script_due(size_t entry);
    void start_next_queued(uint32_t node);
    app::Shell* shell_for(const std::string& host);
    void start_on(app::Shell& shell, const std::string& host, const std::string& line,
                  bool from_script);
    std::string drop_text(const net::TraceEvent& ev) const;
    void push_log(LogEntry e);

    sim::BuiltScenario m_built;
    std::vector<std::string> m_names; // device names by node id
    std::vector<int> m_link_of_id;    // LinkId.value -> scenario link index
    std::vector<sim::ScriptEntry> m_script;
    std::map<uint32_t, std::unique_ptr<app::Shell>> m_shells; // by node id
    std::map<uint32_t, std::unique_ptr<PageLoader>> m_pages;  // by node id
    std::map<uint32_t, std::deque<size_t>> m_waiting;         // script entries behind a busy shell
    std::vector<sim::Diagnostic> m_problems;
    ShellEvents m_events;
    CaptureStore m_capture;
    Animation m_animation;
    std::deque<LogEntry> m_log;
    uint64_t m_restarts = 0;
    std::string m_restart_reason;

    bool m_playing = true;
    double m_speed = 1.0;
    double m_owed_ns = 0.0; // fraction of a nanosecond carried between frames
    bool m_lagging = false;
    bool m_frame_seen = false; // set by the tap; step() stops on it
    uint64_t m_events_run = 0;
    double m_last_slice_ms = 0.0;
};

} // namespace wirelab::web
