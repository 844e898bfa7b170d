// libFuzzer target: wire::arp::parse, re-emitting what it accepts.
#include "tests/fuzz/fuzz_common.h"

WIRELAB_FUZZ_TARGET(wirelab::oracle::arp(in))
