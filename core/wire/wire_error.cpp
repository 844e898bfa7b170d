// WireError names and WireFault messages.
#include "core/wire/wire_error.h"

#include <cstdio>

namespace wirelab::wire {

const char* to_string(WireError e)
{
    switch (e) {
    case WireError::Truncated: return "truncated";
    case WireError::BadLength: return "bad length";
    case WireError::BadChecksum: return "bad checksum";
    case WireError::BadVersion: return "bad version";
    case WireError::UnknownProtocol: return "unknown protocol";
    case WireError::BadHeaderLength: return "bad header length";
    case WireError::Unsupported: return "unsupported";
    case WireError::Malformed: return "malformed";
    }
    return "unknown wire error";
}

std::string WireFault::message() const
{
    char buf[256];
#if defined(__clang__) || defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
    // detail is always one of our own static formats with at most two %u.
    std::snprintf(buf, sizeof buf, detail, unsigned(n1), unsigned(n2));
#if defined(__clang__) || defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    return buf;
}

} // namespace wirelab::wire
