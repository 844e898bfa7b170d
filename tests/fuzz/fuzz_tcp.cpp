// libFuzzer target: wire::tcp::parse over an IPv4 or IPv6 pseudo-header (first input byte),
// re-emitting what it accepts.
#include "tests/fuzz/fuzz_common.h"

namespace {

const char* run(wirelab::ByteSpan in)
{
    wirelab::wire::PseudoHeader ph = wirelab::oracle::pick_pseudo_header(in);
    return wirelab::oracle::tcp(in, ph);
}

} // namespace

WIRELAB_FUZZ_TARGET(run(in))
