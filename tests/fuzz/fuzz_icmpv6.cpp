// libFuzzer target: wire::icmpv6::parse, re-emitting what it accepts.
#include "tests/fuzz/fuzz_common.h"

WIRELAB_FUZZ_TARGET(wirelab::oracle::icmpv6(in))
