// JSON helpers shared by the scenario loader, validator and saver (internal to sim/): a parser
// that reports the line and column of a syntax error and every duplicated key, JSON paths, value
// descriptions for messages, and "did you mean" suggestions.
#pragma once

#include "sim/scenario.h"

#include <string>
#include <string_view>
#include <vector>

namespace wirelab::sim::detail {

// Nesting deeper than this is refused: no scenario needs it, and it keeps recursion bounded.
inline constexpr size_t kMaxJsonDepth = 64;

struct ParsedJson {
    RawJson doc;
    std::vector<Diagnostic> errors; // syntax error (fatal) and duplicate keys (not fatal)
    bool ok = false;                // doc holds the whole document
};

// Parses with nlohmann's SAX interface, never throwing: `text` may be anything.
ParsedJson parse_json(std::string_view text);

// "devices" + "name" -> "devices.name"; "" + "seed" -> "seed".
std::string join_path(std::string_view parent, std::string_view key);
// "devices" + 2 -> "devices[2]".
std::string index_path(std::string_view parent, size_t i);

std::string quote(std::string_view s);

// For "expected X, got Y" messages: `the string "8"`, `the number 1.5`, `true`, `null`,
// `an object`, `a list`. Long values are shortened.
std::string describe_value(const RawJson& v);

// The candidate closest to `word` if it is plausibly a typo of it (edit distance at most a third
// of the word, and at most 3), else empty; also empty when two candidates are equally close.
std::string_view closest(std::string_view word, const std::vector<std::string_view>& candidates);

// Compact JSON text of a value (for messages), never aborting on odd UTF-8.
std::string compact(const RawJson& v);

} // namespace wirelab::sim::detail
