// libFuzzer target: the scenario loader (sim/scenario_load*.cpp) on arbitrary text. Oracles: it
// never crashes; what it accepts saves to canonical JSON that loads again to the same scenario
// and saves byte-identically (SCENARIO_FORMAT.md's promise); an accepted scenario builds.
#include "sim/scenario.h"

#include <cstdio>
#include <cstdlib>

using namespace wirelab;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto loaded = sim::load_scenario(text);
    if (!loaded) {
        if (loaded.error().empty()) {
            std::fprintf(stderr, "wirelab fuzz: rejected without saying why\n");
            std::abort();
        }
        return 0;
    }
    const std::string saved = sim::save_scenario(*loaded);
    auto again = sim::load_scenario(saved);
    if (!again) {
        std::fprintf(stderr, "wirelab fuzz: saved scenario does not load: %s: %s\n%s\n",
                     again.error()[0].path.c_str(), again.error()[0].message.c_str(),
                     saved.c_str());
        std::abort();
    }
    if (sim::save_scenario(*again) != saved) {
        std::fprintf(stderr, "wirelab fuzz: save -> load -> save changed the text\n");
        std::abort();
    }
    if (!sim::build_scenario(*loaded)) {
        std::fprintf(stderr, "wirelab fuzz: a scenario the loader accepted does not build\n");
        std::abort();
    }
    return 0;
}
