#include "sim/scenario_run.h"

#include "core/base/assert.h"
#include "core/net/ip_node.h"
#include "core/net/network.h"

#include <algorithm>

namespace wirelab::sim {

const char* to_string(StopReason r)
{
    switch (r) {
    case StopReason::Done: return "done";
    case StopReason::Until: return "until";
    case StopReason::DefaultLimit: return "limit";
    case StopReason::Idle: return "idle";
    case StopReason::EventLimit: return "events";
    }
    return "?";
}

ScenarioRun::ScenarioRun(BuiltScenario& built, const Scenario& s, std::vector<RunRequest> execs,
                         RunSettings settings)
    : m_net(*built.network), m_settings(settings), m_timers(built.network->scheduler())
{
    auto add = [this](RunRequest r) {
        CommandRecord c;
        c.request = std::move(r);
        m_jobs.push_back(std::move(c));
    };
    for (const ScriptEntry& e : s.script) add(RunRequest{e.on, e.run, e.at, true});
    m_first_exec = m_jobs.size();
    for (RunRequest& r : execs) add(std::move(r));
    for (const CommandRecord& j : m_jobs) {
        auto it = built.nodes.find(j.request.host);
        WIRELAB_ASSERT(it != built.nodes.end() && "run request for an unknown host");
        m_job_node.push_back(it->second);
    }
    m_net.set_trace_sink([this](const net::TraceEvent& ev) { on_trace(ev); });
}

ScenarioRun::~ScenarioRun()
{
    m_net.set_trace_sink({});
}

// ===================================================================================== [SECTION]
// Running

void ScenarioRun::run()
{
    m_net.start();
    m_remaining = m_jobs.size();
    for (size_t j = 0; j < m_first_exec; ++j) schedule_request(j);
    if (m_first_exec < m_jobs.size()) start_next_exec(SIZE_MAX);

    kernel::Scheduler& sched = m_net.scheduler();
    const uint64_t max_events = std::min(m_settings.max_events, kMaxEvents);
    SimTime limit = m_settings.until.value_or(m_jobs.empty() ? kIdleRun : kDefaultLimit);
    if (m_jobs.empty()) {
        m_events += m_net.run_until(limit, max_events);
        m_stop = m_events >= max_events ? StopReason::EventLimit
                 : m_settings.until     ? StopReason::Until
                                        : StopReason::Done;
        m_end = m_net.now();
        return;
    }
    while (m_remaining > 0) {
        if (m_events >= max_events) {
            m_stop = StopReason::EventLimit;
            break;
        }
        SimTime next = sched.next_time();
        if (next == SimTime::max()) {
            m_stop = StopReason::Idle;
            break;
        }
        if (next > limit) {
            m_stop = m_settings.until ? StopReason::Until : StopReason::DefaultLimit;
            m_net.run_until(limit); // nothing is due before it: just moves the clock
            break;
        }
        sched.step();
        ++m_events;
    }
    if (m_remaining > 0)
        stop_running(m_net.now());
    else
        m_events += m_net.run_until(m_net.now()); // finish the instant: same-time deliveries
    m_end = m_net.now();
}

void ScenarioRun::stop_running(SimTime at)
{
    std::string why;
    switch (m_stop) {
    case StopReason::Until: why = "stopped at --until " + at.to_string(); break;
    case StopReason::DefaultLimit:
        why = "stopped at the " + kDefaultLimit.to_string() +
              " limit with commands still running (use --until to run longer)";
        break;
    case StopReason::Idle:
        why = "stopped: nothing left to happen, but commands are still running";
        break;
    case StopReason::EventLimit:
        why = "stopped after " + std::to_string(m_events) + " events (a broadcast storm?)";
        break;
    case StopReason::Done: return;
    }
    line("[" + at.to_string() + "] " + why);
    m_stopping = true;
    for (size_t j = 0; j < m_jobs.size(); ++j) {
        CommandRecord& job = m_jobs[j];
        if (job.has_started && !job.has_ended) {
            job.interrupted = true;
            shell(j).interrupt(); // Ctrl+C: ping prints its statistics
        }
    }
    for (const CommandRecord& job : m_jobs)
        if (!job.has_started)
            line("[" + at.to_string() + "] not run: " + job.request.host + "$ " + job.request.line);
}

void ScenarioRun::schedule_request(size_t j)
{
    m_jobs[j].due = m_jobs[j].request.at.value_or(kExecStart);
    m_timers.schedule_at(m_jobs[j].due, [this, j] { arrive(j); });
}

void ScenarioRun::start_next_exec(size_t after)
{
    size_t next = after == SIZE_MAX ? m_first_exec : after + 1;
    if (next >= m_jobs.size() || m_stopping) return;
    SimTime due = std::max(m_net.now(), m_jobs[next].request.at.value_or(kExecStart));
    m_jobs[next].due = due;
    m_timers.schedule_at(due, [this, next] { arrive(next); });
}

void ScenarioRun::arrive(size_t j)
{
    if (m_stopping) return;
    std::deque<size_t>& queue = m_waiting[terminal(j)];
    if (shell(j).is_busy() || !queue.empty()) {
        queue.push_back(j);
        return;
    }
    start(j);
}

void ScenarioRun::start(size_t j)
{
    CommandRecord& job = m_jobs[j];
    job.started = m_net.now();
    job.has_started = true;
    header(j, false);
    shell(j).run(
        job.request.line, [this, j](std::string_view text) { on_output(j, text); },
        [this, j](int code) { on_exit(j, code); });
}

void ScenarioRun::on_exit(size_t j, int code)
{
    CommandRecord& job = m_jobs[j];
    if (job.has_ended) return;
    job.has_ended = true;
    job.ended = m_net.now();
    job.exit_code = code;
    --m_remaining;
    if (code != 0 && !job.interrupted)
        line("[" + job.ended.to_string() + "] " + job.request.host + ": exit status " +
             std::to_string(code));
    if (j >= m_first_exec) start_next_exec(j);
    // The next command queued on this host starts in its own event, not inside this callback.
    const uint32_t term = terminal(j);
    if (!m_waiting[term].empty() && !m_stopping) {
        m_timers.schedule_at(m_net.now(), [this, term, j] {
            std::deque<size_t>& queue = m_waiting[term];
            if (queue.empty() || m_stopping || shell(j).is_busy()) return;
            size_t next = queue.front();
            queue.pop_front();
            start(next);
        });
    }
}

uint32_t ScenarioRun::terminal(size_t j) const
{
    return m_job_node[j].value * 2 + (m_jobs[j].request.own_terminal ? 1 : 0);
}

app::Shell& ScenarioRun::shell(size_t j)
{
    const NodeId node = m_job_node[j];
    auto& slot = m_shells[terminal(j)];
    if (!slot) {
        net::Node& n = m_net.node(node);
        WIRELAB_ASSERT((n.kind() == net::DeviceKind::Host || n.kind() == net::DeviceKind::Router) &&
                       "commands run on IP nodes only");
        slot = std::make_unique<app::Shell>(m_net, static_cast<net::IpNode&>(n));
    }
    return *slot;
}

// ===================================================================================== [SECTION]
// Transcript

void ScenarioRun::header(size_t j, bool continued)
{
    const CommandRecord& job = m_jobs[j];
    if (m_line_open) m_transcript += '\n';
    SimTime at = continued ? m_net.now() : job.started;
    m_transcript += "[" + at.to_string() + "] " + job.request.host + "$ " + job.request.line +
                    (continued ? " (continued)\n" : "\n");
    m_line_open = false;
    m_last_printed = j;
}

void ScenarioRun::line(const std::string& text)
{
    if (m_line_open) m_transcript += '\n';
    m_transcript += text + "\n";
    m_line_open = false;
    m_last_printed.reset();
}

void ScenarioRun::on_output(size_t j, std::string_view text)
{
    if (text.empty()) return;
    m_jobs[j].output.append(text);
    if (m_last_printed != j) header(j, true);
    m_transcript.append(text);
    m_line_open = text.back() != '\n';
}

void ScenarioRun::on_trace(const net::TraceEvent& ev)
{
    if (ev.kind != net::TraceKind::PacketDropped && ev.kind != net::TraceKind::FrameDropped) return;
    DropRecord d{ev.at, ev.node.is_valid() ? m_net.node(ev.node).name() : "?", ev.kind, ev.reason,
                 ev.text.empty() ? net::to_string(ev.reason) : ev.text};
    // Drop texts may already name the node ("pc3: no UDP socket ..."); it is in the prefix.
    if (d.text.size() > d.node.size() + 2 && d.text.compare(0, d.node.size(), d.node) == 0 &&
        d.text.compare(d.node.size(), 2, ": ") == 0)
        d.text.erase(0, d.node.size() + 2);
    if (m_settings.trace) {
        // A drop inside a command's output block would read as part of it; it still interleaves
        // in time order, on its own line.
        if (m_line_open) m_transcript += '\n';
        m_transcript += "[" + d.at.to_string() + "] " + d.node + ": drop: " + d.text + "\n";
        m_line_open = false;
    }
    m_drops.push_back(std::move(d));
}

} // namespace wirelab::sim
