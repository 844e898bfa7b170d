// libFuzzer target: wire::ntp::parse, re-emitting what it accepts (must give the 48 bytes back).
#include "tests/fuzz/app_oracles.h"
#include "tests/fuzz/fuzz_common.h"

WIRELAB_FUZZ_TARGET(wirelab::oracle::ntp(in))
