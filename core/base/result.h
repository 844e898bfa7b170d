// Result<T, E>: a small std::expected stand-in (C++23 is not available) for untrusted input.
// No accessor throws: value() on an error (or error() on a value) is a bug and asserts.
#pragma once

#include "core/base/assert.h"

#include <type_traits>
#include <utility>
#include <variant>

namespace wirelab {

template <class E>
struct Unexpected {
    E error;
};

template <class E>
Unexpected<std::decay_t<E>> fail(E&& e)
{
    return {std::forward<E>(e)};
}

template <class T, class E>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    template <class F>
    Result(Unexpected<F> u) : m_v(std::in_place_index<1>, E(std::move(u.error)))
    {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() &
    {
        WIRELAB_ASSERT(ok() && "value() on an error Result");
        return std::get<0>(m_v);
    }
    const T& value() const&
    {
        WIRELAB_ASSERT(ok() && "value() on an error Result");
        return std::get<0>(m_v);
    }
    T&& value() &&
    {
        WIRELAB_ASSERT(ok() && "value() on an error Result");
        return std::get<0>(std::move(m_v));
    }
    const E& error() const
    {
        WIRELAB_ASSERT(!ok() && "error() on a value Result");
        return std::get<1>(m_v);
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T value_or(T other) const { return ok() ? std::get<0>(m_v) : std::move(other); }

private:
    std::variant<T, E> m_v;
};

// Result<void, E>
struct Ok {};

} // namespace wirelab
