// libFuzzer target: wire::ipv4::parse, re-emitting what it accepts.
#include "tests/fuzz/fuzz_common.h"

WIRELAB_FUZZ_TARGET(wirelab::oracle::ipv4(in))
