// Typed ids: objects in a World refer to each other by index, never by pointer.
#pragma once

#include <compare>
#include <cstdint>

namespace wirelab {

template <class Tag>
struct Id {
    uint32_t value = UINT32_MAX;
    constexpr Id() = default;
    constexpr explicit Id(uint32_t v) : value(v) {}
    constexpr bool is_valid() const { return value != UINT32_MAX; }
    constexpr auto operator<=>(const Id&) const = default;
};

using NodeId = Id<struct NodeTag>;
using LinkId = Id<struct LinkTag>;
using SocketId = Id<struct SocketTag>;

} // namespace wirelab
