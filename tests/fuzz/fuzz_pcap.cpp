// libFuzzer target: pcap::read, rewriting what it reads.
#include "tests/fuzz/fuzz_common.h"

WIRELAB_FUZZ_TARGET(wirelab::oracle::pcap(in))
