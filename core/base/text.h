// Text helpers shared by every layer: ASCII-only, locale-free, the same natively and in wasm.
#pragma once

#include <cstdint>
#include <string_view>

namespace wirelab {

// Parses a decimal number of at most 19 digits that is <= max; nothing else (no sign, no
// spaces). False leaves `out` unchanged.
bool parse_uint(std::string_view text, uint64_t max, uint64_t& out);

} // namespace wirelab
