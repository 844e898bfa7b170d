// libFuzzer target: wire::dns::parse with decompression, re-emitting (compressed) what it accepts.
#include "tests/fuzz/app_oracles.h"
#include "tests/fuzz/fuzz_common.h"

WIRELAB_FUZZ_TARGET(wirelab::oracle::dns(in))
