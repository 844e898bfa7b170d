// libFuzzer target: the lab loader (sim/lab_load*.cpp) on arbitrary text. Oracles: it never
// crashes and names a reason for every rejection; an accepted lab yields a variant for a student
// and a starting scenario that passes the scenario checks.
#include "sim/lab.h"
#include "sim/scenario.h"

#include <cstdio>
#include <cstdlib>

using namespace wirelab;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto lab = sim::load_lab(text);
    if (!lab) {
        if (lab.error().empty()) {
            std::fprintf(stderr, "wirelab fuzz: lab rejected without saying why\n");
            std::abort();
        }
        return 0;
    }
    auto variant = sim::make_variant(*lab, "s1234567");
    if (!variant) return 0; // a variant the lab cannot draw is reported, not a crash
    const sim::Scenario start = sim::starting_scenario(*lab, *variant);
    (void)sim::validate_scenario(start);
    return 0;
}
