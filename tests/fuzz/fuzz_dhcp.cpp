// libFuzzer target: wire::dhcp::parse of a UDP payload (ports 67/68), re-emitting what it accepts.
#include "tests/fuzz/app_oracles.h"
#include "tests/fuzz/fuzz_common.h"

WIRELAB_FUZZ_TARGET(wirelab::oracle::dhcp(in))
