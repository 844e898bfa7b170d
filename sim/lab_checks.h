// Internal to sim/: evaluating one check on a finished (or paused) run (lab_checks.cpp). The
// runner (lab_grade.cpp) decides which run each check needs and when to look.
#pragma once

#include "core/base/sim_time.h"
#include "sim/lab.h"
#include "sim/scenario_run.h"

#include <string>
#include <vector>

namespace wirelab::sim::detail {

struct Outcome {
    bool passed = false;
    bool budget_exceeded = false;
    std::string detail;
};

// Frames counted for one traffic check during a run.
struct FrameCount {
    uint64_t count = 0;
    SimTime first_at;
    std::string first; // "10.0.1.10 -> 10.0.2.10 ICMP Echo (ping) request ..."
};

// Configuration checks read the live network (addresses include SLAAC ones, routes include those
// learned from router advertisements).
Outcome eval_address(const AddressCheck& c, const BuiltScenario& built);
Outcome eval_route(const RouteCheck& c, const BuiltScenario& built);
Outcome eval_listening(const ListeningCheck& c, const BuiltScenario& built);
Outcome eval_dhcp_pool(const DhcpPoolCheck& c, const BuiltScenario& built);

Outcome eval_command(const CommandCheck& c, const CommandRecord& rec, const LabBudget& budget);
Outcome eval_traffic(const TrafficCheck& c, const FrameCount& n);

// "on link r1 - r2", "sent by pc1", "anywhere in the network".
std::string scope_text(const TrafficCheck& c);
// What a check needs that the graded network lacks ("there is no device pc9 ..."), or "".
std::string missing_device(const Scenario& s, const std::string& name, bool need_ip);

} // namespace wirelab::sim::detail
