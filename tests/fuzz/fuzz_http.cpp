// libFuzzer target: the incremental HTTP/1.1 parsers. The first input byte picks requests or
// responses and the size of the pieces the rest is fed in; every message parsed must serialize
// and parse back the same.
#include "tests/fuzz/app_oracles.h"
#include "tests/fuzz/fuzz_common.h"

WIRELAB_FUZZ_TARGET(wirelab::oracle::http(in))
