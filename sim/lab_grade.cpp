// Grading: the submission's effective network is run once per distinct set of commands (a "plan"):
//   - the main run: the lab's script only; configuration checks look at the live network at
//     budget.settle, traffic checks without commands of their own count frames over the run;
//   - one run per command check (its setup commands started alongside, then the command);
//   - one run per traffic check with "during" commands.
// Every run starts from a clean network with the lab's seed and stops at the time or event budget.
#include "core/inspect/dissect.h"
#include "core/net/network.h"
#include "core/transport/socket_table.h"
#include "sim/lab.h"
#include "sim/lab_checks.h"
#include "sim/scenario_run.h"

#include <algorithm>

namespace wirelab::sim {
namespace {

using detail::FrameCount;
using detail::Outcome;

// Setup commands (servers) start here unless they say otherwise: after boot, before the checked
// command's default start (kExecStart, 1 s).
constexpr SimTime kSetupAt = SimTime::from_ms(500);

struct Plan {
    std::string key;
    std::vector<LabCommand> setup; // script entries, concurrent
    std::vector<LabCommand> execs; // one after another
    std::vector<size_t> checks;    // indices into the variant's checks
};

std::string command_key(const LabCommand& c)
{
    return c.on + '\x1f' + c.run + '\x1f' + (c.at ? std::to_string(c.at->ns()) : "-") + '\x1e';
}

std::vector<Plan> make_plans(const LabVariant& v)
{
    std::vector<Plan> plans(1);
    plans[0].key = "main";
    auto plan_for = [&](std::string key, std::vector<LabCommand> setup,
                        std::vector<LabCommand> execs) -> Plan& {
        for (Plan& p : plans)
            if (p.key == key) return p;
        plans.push_back({std::move(key), std::move(setup), std::move(execs), {}});
        return plans.back();
    };
    for (size_t i = 0; i < v.checks.size(); ++i) {
        const CheckSpec& spec = v.checks[i].spec;
        if (const auto* c = std::get_if<CommandCheck>(&spec)) {
            std::string key = "command|";
            for (const LabCommand& s : c->setup) key += command_key(s);
            key += "|" + command_key(c->command);
            plan_for(key, c->setup, {c->command}).checks.push_back(i);
        } else if (const auto* t = std::get_if<TrafficCheck>(&spec); t && !t->during.empty()) {
            std::string key = "during|";
            for (const LabCommand& s : t->during) key += command_key(s);
            plan_for(key, {}, t->during).checks.push_back(i);
        } else {
            plans[0].checks.push_back(i);
        }
    }
    return plans;
}

bool is_config(const CheckSpec& s)
{
    return std::holds_alternative<AddressCheck>(s) || std::holds_alternative<RouteCheck>(s) ||
           std::holds_alternative<ListeningCheck>(s) || std::holds_alternative<DhcpPoolCheck>(s);
}

bool end_matches(const Endpoint& want, const Endpoint& have)
{
    return want.device == have.device && (want.port.empty() || want.port == have.port);
}

std::string end_text(const Endpoint& e)
{
    return e.port.empty() ? e.device : e.to_string();
}

// One traffic check's counter with its scope resolved to ids of the built network.
struct Counter {
    size_t check = 0;
    const TrafficCheck* spec = nullptr;
    std::vector<uint32_t> links; // LinkId values (Link scope)
    uint32_t node = UINT32_MAX;  // SentBy / ReceivedBy
    FrameCount n;
};

class PlanRun {
public:
    PlanRun(const Scenario& eff, const Plan& plan, const LabVariant& v, const LabBudget& budget,
            std::vector<Outcome>& outcomes)
        : m_plan(plan), m_v(v), m_budget(budget), m_out(outcomes), m_s(eff)
    {}

    void run()
    {
        for (const LabCommand& c : m_plan.setup)
            m_s.script.push_back({c.at.value_or(kSetupAt), c.on, c.run});
        for (const LabCommand& c : m_plan.setup)
            if (!require(c.on)) return;
        for (const LabCommand& c : m_plan.execs)
            if (!require(c.on)) return;
        auto built = build_scenario(m_s);
        if (!built) {
            fail_all("the network cannot be built: " + built.error().front().to_string(), false);
            return;
        }
        m_built = &*built;
        transport::SocketTable::attach_all(*built->network);
        if (!make_counters()) return;
        simulate();
    }

private:
    bool require(const std::string& device)
    {
        std::string why = detail::missing_device(m_s, device, true);
        if (!why.empty()) fail_all(why, false);
        return why.empty();
    }

    void fail_all(const std::string& detail, bool budget)
    {
        for (size_t i : m_plan.checks) m_out[i] = Outcome{false, budget, detail};
    }

    bool make_counters()
    {
        for (size_t i : m_plan.checks) {
            const auto* t = std::get_if<TrafficCheck>(&m_v.checks[i].spec);
            if (!t) continue;
            Counter c;
            c.check = i;
            c.spec = t;
            if (t->scope == TrafficScope::Link) {
                for (size_t l = 0; l < m_s.links.size(); ++l) {
                    const LinkSpec& ls = m_s.links[l];
                    if ((end_matches(t->link[0], ls.a) && end_matches(t->link[1], ls.b)) ||
                        (end_matches(t->link[0], ls.b) && end_matches(t->link[1], ls.a)))
                        c.links.push_back(m_built->links[l].value);
                }
                if (c.links.empty()) {
                    m_out[i] =
                        Outcome{false, false,
                                "there is no link between " + end_text(t->link[0]) + " and " +
                                    end_text(t->link[1]) + " in the submitted network"};
                    continue;
                }
            } else if (t->scope != TrafficScope::Anywhere) {
                auto it = m_built->nodes.find(t->device);
                if (it == m_built->nodes.end()) {
                    m_out[i] =
                        Outcome{false, false,
                                "there is no device " + t->device + " in the submitted network"};
                    continue;
                }
                c.node = it->second.value;
            }
            m_counters.push_back(std::move(c));
        }
        return true;
    }

    void on_frame(SimTime at, NodeId node, uint32_t port, net::TapDirection dir,
                  const net::Frame& f)
    {
        const net::Network& net = *m_built->network;
        for (Counter& c : m_counters) {
            const TrafficCheck& t = *c.spec;
            bool in_scope = false;
            switch (t.scope) {
            case TrafficScope::Anywhere: in_scope = dir == net::TapDirection::Out; break;
            case TrafficScope::Link:
                if (dir == net::TapDirection::Out) {
                    uint32_t link = net.node(node).ports()[port].link.value;
                    in_scope = std::find(c.links.begin(), c.links.end(), link) != c.links.end();
                }
                break;
            case TrafficScope::SentBy:
                in_scope = dir == net::TapDirection::Out && node.value == c.node;
                break;
            case TrafficScope::ReceivedBy:
                in_scope = dir == net::TapDirection::In && node.value == c.node;
                break;
            }
            if (!in_scope || !t.filter.matches(ByteSpan(f.bytes.data(), f.bytes.size()))) continue;
            if (c.n.count++ == 0) {
                c.n.first_at = at;
                wire::Dissection d = wire::dissect(ByteSpan(f.bytes.data(), f.bytes.size()),
                                                   wire::DissectDetail::Columns);
                c.n.first = d.source + " -> " + d.destination + " " + d.protocol + " " + d.info;
            }
        }
    }

    void snapshot()
    {
        m_snapped = true;
        for (size_t i : m_plan.checks) {
            const CheckSpec& spec = m_v.checks[i].spec;
            if (const auto* a = std::get_if<AddressCheck>(&spec))
                m_out[i] = detail::eval_address(*a, *m_built);
            if (const auto* r = std::get_if<RouteCheck>(&spec))
                m_out[i] = detail::eval_route(*r, *m_built);
            if (const auto* l = std::get_if<ListeningCheck>(&spec))
                m_out[i] = detail::eval_listening(*l, *m_built);
            if (const auto* d = std::get_if<DhcpPoolCheck>(&spec))
                m_out[i] = detail::eval_dhcp_pool(*d, *m_built);
        }
    }

    void simulate()
    {
        net::Network& net = *m_built->network;
        if (!m_counters.empty())
            net.set_frame_tap([this](SimTime at, NodeId node, uint32_t port, net::TapDirection dir,
                                     const net::Frame& f) { on_frame(at, node, port, dir, f); });
        bool has_config = false;
        for (size_t i : m_plan.checks) has_config = has_config || is_config(m_v.checks[i].spec);
        // `this` outlives the network, which is local to run().
        if (has_config) net.scheduler().schedule_at(m_budget.settle, [this] { snapshot(); });

        std::vector<RunRequest> execs;
        for (const LabCommand& c : m_plan.execs) execs.push_back({c.on, c.run, c.at, false, true});
        bool has_jobs = !m_s.script.empty() || !execs.empty();
        RunSettings settings;
        settings.until = has_jobs ? m_budget.time : m_budget.settle;
        settings.max_events = m_budget.events;
        ScenarioRun run(*m_built, m_s, execs, settings);
        run.run();
        uint64_t events = run.events();
        bool storm = run.stop_reason() == StopReason::EventLimit;
        if (has_config && !m_snapped && !storm) {
            events +=
                net.run_until(m_budget.settle, m_budget.events - std::min(events, m_budget.events));
            storm = events >= m_budget.events;
        }
        net.set_frame_tap({});
        if (storm) {
            fail_all("exceeded budget: the run was stopped after " + std::to_string(events) +
                         " events at " + net.now().to_string() + " (the lab allows " +
                         std::to_string(m_budget.events) +
                         " per run). A broadcast storm or a forwarding loop? Look for a cabling "
                         "loop between switches or hubs.",
                     true);
            return;
        }
        if (has_config && !m_snapped) snapshot();
        size_t first_exec = m_s.script.size();
        for (size_t i : m_plan.checks) {
            const CheckSpec& spec = m_v.checks[i].spec;
            if (const auto* c = std::get_if<CommandCheck>(&spec))
                m_out[i] = detail::eval_command(*c, run.commands()[first_exec], m_budget);
        }
        for (const Counter& c : m_counters) m_out[c.check] = detail::eval_traffic(*c.spec, c.n);
    }

    const Plan& m_plan;
    const LabVariant& m_v;
    const LabBudget& m_budget;
    std::vector<Outcome>& m_out;
    Scenario m_s;
    BuiltScenario* m_built = nullptr;
    std::vector<Counter> m_counters;
    bool m_snapped = false;
};

GradeReport empty_report(const Lab& lab, const LabVariant& v)
{
    GradeReport r;
    r.lab_id = lab.id;
    r.lab_title = v.title;
    r.student = v.student;
    for (const Check& c : v.checks) {
        CheckResult cr;
        cr.id = c.id;
        cr.kind = c.kind;
        cr.description = c.description;
        cr.hints = c.hints;
        cr.max_points = c.points;
        r.checks.push_back(std::move(cr));
        r.max_score += c.points;
    }
    return r;
}

} // namespace

GradeReport grade_scenario(const Lab& lab, const LabVariant& v, const Scenario& submission)
{
    GradeReport report = empty_report(lab, v);
    Scenario eff = effective_scenario(lab, v, submission, &report.notes);
    for (Diagnostic& d : validate_scenario(eff))
        if (d.is_error()) report.errors.push_back(std::move(d));
    std::vector<Outcome> outcomes(v.checks.size());
    if (!report.errors.empty()) {
        for (Outcome& o : outcomes)
            o.detail = "not graded: the graded network cannot be built (see the errors)";
    } else {
        for (const Plan& plan : make_plans(v)) {
            if (plan.checks.empty()) continue;
            ++report.runs;
            PlanRun(eff, plan, v, lab.budget, outcomes).run();
        }
    }
    for (size_t i = 0; i < outcomes.size(); ++i) {
        CheckResult& cr = report.checks[i];
        cr.passed = outcomes[i].passed;
        cr.budget_exceeded = outcomes[i].budget_exceeded;
        cr.detail = outcomes[i].detail;
        cr.points = cr.passed ? cr.max_points : 0;
        report.score += cr.points;
    }
    return report;
}

GradeReport grade_text(const Lab& lab, const LabVariant& v, std::string_view submission_json,
                       std::string_view label)
{
    auto sub = load_scenario(submission_json);
    if (!sub) {
        GradeReport report = empty_report(lab, v);
        report.submission = std::string(label);
        report.errors = sub.error();
        for (CheckResult& cr : report.checks)
            cr.detail = "not graded: the submission is not a valid scenario (see the errors)";
        return report;
    }
    GradeReport report = grade_scenario(lab, v, *sub);
    report.submission = std::string(label);
    return report;
}

} // namespace wirelab::sim
