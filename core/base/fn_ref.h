// FnRef: a non-owning reference to a callable, for callbacks used only during one call (no
// allocation, unlike std::function). Never store one beyond the call it was passed to.
#pragma once

#include <type_traits>
#include <utility>

namespace wirelab {

template <class Sig>
class FnRef;

template <class R, class... Args>
class FnRef<R(Args...)> {
public:
    template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FnRef>>>
    FnRef(F&& f) : m_obj(const_cast<void*>(static_cast<const void*>(&f)))
    {
        m_call = [](void* o, Args... a) -> R {
            return (*static_cast<std::remove_reference_t<F>*>(o))(std::forward<Args>(a)...);
        };
    }
    R operator()(Args... a) const { return m_call(m_obj, std::forward<Args>(a)...); }

private:
    void* m_obj;
    R (*m_call)(void*, Args...);
};

} // namespace wirelab
