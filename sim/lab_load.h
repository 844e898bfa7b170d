// Internal to sim/: the lab document reader, split over lab_load.cpp (top level, variables,
// locks, budget, variants) and lab_load_checks.cpp (the checks).
#pragma once

#include "sim/lab.h"
#include "sim/scenario_load.h"

#include <string>
#include <vector>

namespace wirelab::sim::detail {

// Reads checks from a filled "checks" list (placeholders already replaced), paths "checks[i]...".
// `scenario` is the variant's starting network, for references to devices.
std::vector<Check> read_checks(Reader& r, const RawJson& list, const Scenario& scenario,
                               const LabLocks& locks);

} // namespace wirelab::sim::detail
