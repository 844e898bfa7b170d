// libFuzzer target: wire::icmpv4::parse, re-emitting what it accepts.
#include "tests/fuzz/fuzz_common.h"

WIRELAB_FUZZ_TARGET(wirelab::oracle::icmpv4(in))
