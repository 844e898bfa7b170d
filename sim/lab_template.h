// Internal to sim/: per-student values and {{placeholder}} filling for labs (lab_template.cpp).
#pragma once

#include "sim/lab.h"

#include <string>
#include <string_view>
#include <vector>

namespace wirelab::sim::detail {

struct FillContext {
    const std::vector<VariableValue>* values = nullptr;
    std::string student;
};

// Draws every variable for `student`: our PCG32 seeded from FNV-1a of "<lab id>/<student>", one
// named stream per variable (adding a variable never changes the others). Subnet variables never
// overlap each other or their `exclude` list. The error is located at "variables.<name>".
Result<std::vector<VariableValue>, Diagnostic> draw_values(const Lab& lab,
                                                           std::string_view student);

// Fills the placeholders of one string; the error names the placeholder and what is wrong.
Result<std::string, std::string> fill_text(std::string_view text, const FillContext& ctx);

// Fills every string of a JSON tree (keys are left alone). A string that is exactly one
// placeholder of an integer variable ("{{port}}") becomes a JSON number. Errors at their paths.
void fill_json(RawJson& v, const std::string& path, const FillContext& ctx,
               std::vector<Diagnostic>& errors);

// The names a placeholder may use (variables, then "student"), for "did you mean" messages.
std::vector<std::string_view> placeholder_names(const FillContext& ctx);

} // namespace wirelab::sim::detail
