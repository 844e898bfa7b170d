// The running network: build, clock, shells and observers.
#include "web/model/session.h"

#include "core/net/ip_node.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace wirelab::web {

namespace {

constexpr uint64_t kEventsPerCheck = 256; // events between two looks at the wall clock
constexpr uint64_t kMaxStepEvents = 100'000;
constexpr SimTime kFastSlice = SimTime::from_s(10); // "as fast as possible": at most per frame

double ms_since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

std::string percent(double p)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g%%", p * 100.0);
    return buf;
}

} // namespace

Session::Session() = default;

Session::~Session()
{
    m_shells.clear(); // processes hold references into the network: end them first
    m_pages.clear();
}

// ===================================================================================== [SECTION]
// Network

void Session::rebuild(const sim::Scenario& s, std::string why)
{
    m_shells.clear();
    m_pages.clear();
    m_waiting.clear();
    m_built = sim::BuiltScenario{};
    m_capture.clear();
    m_animation.reset(s.devices.size());
    m_log.clear();
    m_problems.clear();
    m_names.clear();
    m_link_of_id.clear();
    m_lagging = false;
    m_owed_ns = 0.0;
    ++m_restarts;
    m_restart_reason = std::move(why);

    auto built = sim::build_scenario(s);
    if (!built) {
        m_problems = std::move(built.error());
        return;
    }
    m_built = std::move(*built);
    for (const sim::DeviceSpec& d : s.devices) m_names.push_back(d.name);
    for (size_t i = 0; i < m_built.links.size(); ++i) {
        const uint32_t id = m_built.links[i].value;
        if (m_link_of_id.size() <= id) m_link_of_id.resize(id + 1, -1);
        m_link_of_id[id] = int(i);
    }
    attach_observers();
    schedule_script(s);
    push_log({SimTime::zero(),
              net::TraceKind::Info,
              net::DropReason::None,
              {},
              "simulation started at 0 s: " + m_restart_reason});
}

void Session::apply_link_settings(const sim::Scenario& s)
{
    if (!has_network()) return;
    net::Network& net = *m_built.network;
    for (size_t i = 0; i < s.links.size() && i < m_built.links.size(); ++i) {
        const LinkId id = m_built.links[i];
        net::LinkParams p = s.links[i].params();
        const bool up = p.up;
        p.up = net.link(id).is_up();
        net.link(id).set_params(p);
        // Through the network, so the nodes at both ends hear about it (carrier up/down).
        if (up != p.up) net.set_link_up(id, up);
    }
}

int Session::link_index(LinkId id) const
{
    return id.value < m_link_of_id.size() ? m_link_of_id[id.value] : -1;
}

void Session::attach_observers()
{
    net::Network& net = *m_built.network;
    net.set_frame_tap([this](SimTime at, NodeId node, uint32_t port, net::TapDirection dir,
                             const net::Frame& f) { on_frame(at, node, port, dir, f); });
    net.set_trace_sink([this](const net::TraceEvent& ev) { on_trace(ev); });
}

void Session::on_frame(SimTime at, NodeId node, uint32_t port, net::TapDirection dir,
                       const net::Frame& f)
{
    m_frame_seen = true;
    m_capture.add(at, node.value, port, dir, f);
    if (dir != net::TapDirection::Out) return;
    const net::Network& net = *m_built.network;
    const LinkId lid = net.node(node).port(port).link;
    const int li = link_index(lid);
    if (li < 0) return;
    const net::Link& link = net.link(lid);
    const int side = link.side_of(node, port);
    const NodeId to = link.end(1 - side).node;
    // The tap runs when transmission ends; the frame lands one propagation delay later.
    const SimTime duration = (net.now() - at) + link.dir(side).delay;
    const PacketKind kind = m_capture.get(m_capture.end_id() - 1).kind;
    m_animation.on_sent(uint32_t(li), uint8_t(side), node.value, to.value, f.serial, kind, duration,
                        m_speed);
}

std::string Session::drop_text(const net::TraceEvent& ev) const
{
    if (ev.reason != net::DropReason::LinkLoss || !ev.link.is_valid()) return ev.text;
    const net::Link& link = m_built.network->link(ev.link);
    const int side = link.end(0).node == ev.node ? 0 : 1;
    const net::LinkDirParams& d = link.dir(side);
    if (d.burst.p > 0.0) return ev.text + " (burst loss)";
    return ev.text + " (loss " + percent(d.loss) + ")";
}

void Session::on_trace(const net::TraceEvent& ev)
{
    if (ev.kind == net::TraceKind::FrameSent || ev.kind == net::TraceKind::FrameDelivered) return;
    const std::string text = drop_text(ev);
    const std::string device = ev.node.value < m_names.size() ? m_names[ev.node.value] : "";
    if (ev.kind == net::TraceKind::FrameDropped && ev.reason == net::DropReason::LinkLoss) {
        const int li = link_index(ev.link);
        if (li >= 0) m_animation.on_lost(uint32_t(li), ev.frame, ev.at, ev.reason, text);
    } else if (ev.kind != net::TraceKind::Info && ev.node.is_valid()) {
        m_animation.on_dropped_at(ev.node.value, ev.at, ev.reason, text);
    }
    push_log({ev.at, ev.kind, ev.reason, device, text});
}

void Session::push_log(LogEntry e)
{
    m_log.push_back(std::move(e));
    while (m_log.size() > kMaxLog) m_log.pop_front();
}

// ===================================================================================== [SECTION]
// Clock

void Session::set_speed(double speed)
{
    m_speed = speed <= 0.0 ? 0.0 : std::clamp(speed, kMinSpeed, kMaxSpeed);
}

SimTime Session::now() const
{
    return has_network() ? m_built.network->now() : SimTime::zero();
}

void Session::advance(double wall_dt)
{
    m_last_slice_ms = 0.0;
    if (!m_playing) return;
    m_animation.tick(wall_dt);
    if (!has_network()) return;
    const auto t0 = std::chrono::steady_clock::now();
    net::Network& net = *m_built.network;
    net.start();
    SimTime target;
    if (m_speed > 0.0) {
        m_owed_ns += wall_dt * 1e9 * m_speed;
        const int64_t whole = int64_t(m_owed_ns);
        m_owed_ns -= double(whole);
        target = net.now() + SimTime::from_ns(whole);
    } else {
        target = net.now() + kFastSlice;
    }
    m_lagging = false;
    for (;;) {
        m_events_run += net.run_until(target, kEventsPerCheck);
        if (net.now() >= target) break;
        if (ms_since(t0) > kFrameBudgetMs) {
            m_lagging = m_speed > 0.0; // "as fast as possible" is never behind
            break;
        }
    }
    m_last_slice_ms = ms_since(t0);
}

void Session::step()
{
    m_playing = false;
    if (!has_network()) return;
    net::Network& net = *m_built.network;
    net.start();
    m_frame_seen = false;
    for (uint64_t i = 0; i < kMaxStepEvents && !m_frame_seen; ++i) {
        if (!net.scheduler().step()) break;
        ++m_events_run;
    }
    // Let the animation show what the step sent.
    m_animation.tick(Animation::kMinVisible);
}

// ===================================================================================== [SECTION]
// Shells and the scenario's script

app::Shell* Session::shell_for(const std::string& host)
{
    if (!has_network()) return nullptr;
    auto it = m_built.nodes.find(host);
    if (it == m_built.nodes.end()) return nullptr;
    auto* node = dynamic_cast<net::IpNode*>(&m_built.network->node(it->second));
    if (!node) return nullptr;
    std::unique_ptr<app::Shell>& shell = m_shells[it->second.value];
    if (!shell) shell = std::make_unique<app::Shell>(*m_built.network, *node);
    return shell.get();
}

PageLoader* Session::page_loader(const std::string& host)
{
    if (!has_network()) return nullptr;
    auto it = m_built.nodes.find(host);
    if (it == m_built.nodes.end()) return nullptr;
    auto* node = dynamic_cast<net::IpNode*>(&m_built.network->node(it->second));
    if (!node) return nullptr;
    std::unique_ptr<PageLoader>& page = m_pages[it->second.value];
    if (!page) page = std::make_unique<PageLoader>(*m_built.network, *node);
    return page.get();
}

void Session::start_on(app::Shell& shell, const std::string& host, const std::string& line,
                       bool from_script)
{
    if (m_events.started) m_events.started(host, line, from_script);
    const uint32_t node = m_built.nodes.find(host)->second.value;
    shell.run(
        line,
        [this, host](std::string_view text) {
            if (m_events.output) m_events.output(host, text);
        },
        [this, host, node](int code) {
            if (m_events.exited) m_events.exited(host, code);
            // Not from inside the exiting process: the next queued line starts as an event.
            if (m_waiting.count(node) && !m_waiting[node].empty())
                m_built.network->scheduler().schedule_in(SimTime::zero(),
                                                         [this, node] { start_next_queued(node); });
        });
}

bool Session::run_command(const std::string& host, std::string_view line)
{
    app::Shell* shell = shell_for(host);
    if (!shell) {
        std::string why = !has_network()
                              ? "the network is not running: " +
                                    (m_problems.empty() ? std::string("no network")
                                                        : m_problems.front().to_string()) +
                                    "\n"
                              : host + " is not a host or router: it has no shell\n";
        if (m_events.output) m_events.output(host, why);
        if (m_events.exited) m_events.exited(host, 1);
        return false;
    }
    if (shell->is_busy()) return false;
    start_on(*shell, host, std::string(line), false);
    return true;
}

void Session::interrupt(const std::string& host)
{
    auto it = m_built.nodes.find(host);
    if (it == m_built.nodes.end()) return;
    auto shell = m_shells.find(it->second.value);
    if (shell != m_shells.end() && shell->second->is_busy()) shell->second->interrupt();
}

bool Session::is_busy(const std::string& host) const
{
    auto it = m_built.nodes.find(host);
    if (it == m_built.nodes.end()) return false;
    auto shell = m_shells.find(it->second.value);
    return shell != m_shells.end() && shell->second->is_busy();
}

void Session::schedule_script(const sim::Scenario& s)
{
    m_script = s.script;
    for (size_t i = 0; i < m_script.size(); ++i)
        m_built.network->scheduler().schedule_at(m_script[i].at, [this, i] { script_due(i); });
}

void Session::script_due(size_t entry)
{
    const sim::ScriptEntry& e = m_script[entry];
    app::Shell* shell = shell_for(e.on);
    if (!shell) return;
    const uint32_t node = m_built.nodes.find(e.on)->second.value;
    std::deque<size_t>& queue = m_waiting[node];
    if (shell->is_busy() || !queue.empty()) {
        queue.push_back(entry);
        return;
    }
    start_on(*shell, e.on, e.run, true);
}

void Session::start_next_queued(uint32_t node)
{
    std::deque<size_t>& queue = m_waiting[node];
    if (queue.empty()) return;
    const sim::ScriptEntry& e = m_script[queue.front()];
    app::Shell* shell = shell_for(e.on);
    if (!shell || shell->is_busy()) return;
    queue.pop_front();
    start_on(*shell, e.on, e.run, true);
}

} // namespace wirelab::web
