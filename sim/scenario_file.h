// File helpers for the scenario commands (`wirelab run`, `wirelab validate`): the only place in
// sim/ that touches the file system, so scenario.h stays I/O-free for the browser.
#pragma once

#include "core/base/bytes.h"
#include "core/base/result.h"
#include "sim/cli.h"
#include "sim/scenario.h"

#include <optional>
#include <string>

namespace wirelab::sim {

// Whole file as text; the error names the file and the system's reason.
Result<std::string, std::string> read_text_file(const std::string& path);
Result<Ok, std::string> write_file(const std::string& path, const Bytes& bytes);
Result<Ok, std::string> make_directory(const std::string& path); // fine if it exists

// Reads and loads a scenario file for command `cmd` ("wirelab run"). Writes warnings and errors
// to io.err as "FILE: path: message" lines; nullopt on any error.
std::optional<Scenario> load_scenario_file(const std::string& file, std::string_view cmd,
                                           CliOutput& io);

} // namespace wirelab::sim
