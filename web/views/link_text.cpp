// Cable settings as text.
#include "web/views/link_text.h"

#include "sim/scenario_units.h"

#include <cstdio>

namespace wirelab::web {

namespace {

std::string percent(double p)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g%%", p * 100.0);
    return buf;
}

std::string direction(const net::LinkDirParams& d)
{
    std::string s = sim::format_bandwidth(d.bandwidth_bps) + " · " + sim::format_duration(d.delay);
    if (d.loss > 0.0) s += " · loss " + percent(d.loss);
    if (d.burst.p > 0.0) s += " · burst loss";
    if (d.duplicate > 0.0) s += " · duplicate " + percent(d.duplicate);
    if (d.reorder > 0.0) s += " · reorder " + percent(d.reorder);
    if (d.corrupt > 0.0) s += " · corrupt " + percent(d.corrupt);
    return s;
}

} // namespace

std::string link_summary(const sim::LinkSpec& l)
{
    const net::LinkParams p = l.params();
    std::string s =
        p.ab == p.ba ? direction(p.ab) : "a→b: " + direction(p.ab) + " / b→a: " + direction(p.ba);
    if (!l.up) s = "DOWN (unplugged) · " + s;
    return s;
}

} // namespace wirelab::web
