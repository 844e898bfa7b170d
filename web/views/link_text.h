// One-line descriptions of a cable's settings, for tooltips and the inspector header.
#pragma once

#include "sim/scenario.h"

#include <string>

namespace wirelab::web {

// "100Mbit · 100us · loss 5%" (the a→b direction; "a→b: … / b→a: …" when they differ).
std::string link_summary(const sim::LinkSpec& l);

} // namespace wirelab::web
