#include "core/base/sim_time.h"

#include <cstdio>

namespace wirelab {

std::string SimTime::to_string() const
{
    int64_t ns = m_ns;
    const char* sign = "";
    if (ns < 0) {
        sign = "-";
        ns = -ns;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s%lld.%06llds", sign, (long long)(ns / 1000000000),
                  (long long)((ns % 1000000000) / 1000));
    return buf;
}

} // namespace wirelab
