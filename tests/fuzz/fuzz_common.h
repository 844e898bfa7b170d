// The shared body of the libFuzzer targets: run one round-trip oracle (oracles.h), abort with
// its message when it reports an inconsistency. Crashes and sanitizer reports abort by themselves.
#pragma once

#include "tests/fuzz/oracles.h"

#include <cstdio>
#include <cstdlib>

#define WIRELAB_FUZZ_TARGET(expr)                                                                  \
    extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)                        \
    {                                                                                              \
        wirelab::ByteSpan in(data, size);                                                          \
        if (const char* why = (expr)) {                                                            \
            std::fprintf(stderr, "wirelab fuzz: %s\n", why);                                       \
            std::abort();                                                                          \
        }                                                                                          \
        return 0;                                                                                  \
    }

namespace wirelab::oracle {

// udp/tcp targets: the first byte picks the pseudo-header (even: IPv4, odd: IPv6).
inline wire::PseudoHeader pick_pseudo_header(ByteSpan& in)
{
    bool v6 = !in.empty() && (in[0] & 1);
    if (!in.empty()) in = in.subspan(1);
    return v6 ? wire::PseudoHeader::v6(kSrc6, kDst6) : wire::PseudoHeader::v4(kSrc4, kDst4);
}

} // namespace wirelab::oracle
