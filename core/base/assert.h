// WIRELAB_ASSERT: checks for our own bugs (never for untrusted input, which gets a Result).
#pragma once

#include <cstdio>
#include <cstdlib>

namespace wirelab::detail {
[[noreturn]] inline void assert_failed(const char* expr, const char* file, int line)
{
    std::fprintf(stderr, "wirelab: internal error: %s at %s:%d\n", expr, file, line);
    std::abort();
}
} // namespace wirelab::detail

#define WIRELAB_ASSERT(cond)                                                                       \
    do {                                                                                           \
        if (!(cond)) ::wirelab::detail::assert_failed(#cond, __FILE__, __LINE__);                  \
    } while (0)
