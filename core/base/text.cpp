#include "core/base/text.h"

namespace wirelab {

bool parse_uint(std::string_view text, uint64_t max, uint64_t& out)
{
    if (text.empty() || text.size() > 19) return false;
    uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + uint64_t(c - '0');
    }
    if (v > max) return false;
    out = v;
    return true;
}

} // namespace wirelab
