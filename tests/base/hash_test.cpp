// core/base/hash.h: FNV-1a 64 against its published test vectors, and its incremental forms.
#include "core/base/hash.h"

#include <catch2/catch.hpp>

using namespace wirelab;

TEST_CASE("FNV-1a 64 matches the published test vectors", "[base][hash]")
{
    STATIC_REQUIRE(fnv1a64("") == 0xcbf29ce484222325ULL);
    STATIC_REQUIRE(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
    STATIC_REQUIRE(fnv1a64("foobar") == 0x85944171f73967e8ULL);
    // Incremental: hashing in two parts equals hashing at once.
    CHECK(fnv1a64("bar", fnv1a64("foo")) == fnv1a64("foobar"));
    const uint8_t bytes[] = {'f', 'o', 'o', 'b', 'a', 'r'};
    CHECK(fnv1a64(bytes, sizeof bytes) == fnv1a64("foobar"));
    CHECK(fnv1a64_step(kFnv1a64Offset, 'a') == fnv1a64("a"));
    // A 64-bit word goes in least significant byte first.
    const uint8_t le[] = {8, 7, 6, 5, 4, 3, 2, 1};
    CHECK(fnv1a64_u64(0x0102030405060708ULL) == fnv1a64(le, sizeof le));
    CHECK(fnv1a64_u64(0x0102030405060708ULL) == 0x0c6d4496e17859d5ULL);
}
