// libFuzzer target: Ethernet frames, decoded down to the transport layer (oracle::frame).
#include "tests/fuzz/fuzz_common.h"

WIRELAB_FUZZ_TARGET(wirelab::oracle::frame(in))
