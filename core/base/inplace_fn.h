// InplaceFn: a move-only callable with fixed inline storage, so scheduling an event never
// allocates (std::function may). A capture that does not fit is a compile error, not a heap hit.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace wirelab {

template <class Sig, std::size_t Cap = 48>
class InplaceFn;

template <class R, class... Args, std::size_t Cap>
class InplaceFn<R(Args...), Cap> {
public:
    InplaceFn() = default;
    template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, InplaceFn>>>
    InplaceFn(F&& f)
    {
        using D = std::decay_t<F>;
        static_assert(sizeof(D) <= Cap,
                      "capture too large for InplaceFn: capture ids, not objects");
        static_assert(alignof(D) <= alignof(std::max_align_t));
        new (m_buf) D(std::forward<F>(f));
        m_call = [](void* p, Args... a) -> R {
            return (*static_cast<D*>(p))(std::forward<Args>(a)...);
        };
        m_move = [](void* dst, void* src) {
            new (dst) D(std::move(*static_cast<D*>(src)));
            static_cast<D*>(src)->~D();
        };
        m_destroy = [](void* p) { static_cast<D*>(p)->~D(); };
    }
    InplaceFn(InplaceFn&& o) noexcept { take(o); }
    InplaceFn& operator=(InplaceFn&& o) noexcept
    {
        if (this != &o) {
            reset();
            take(o);
        }
        return *this;
    }
    InplaceFn(const InplaceFn&) = delete;
    InplaceFn& operator=(const InplaceFn&) = delete;
    ~InplaceFn() { reset(); }

    explicit operator bool() const { return m_call != nullptr; }
    R operator()(Args... a) { return m_call(m_buf, std::forward<Args>(a)...); }

    void reset()
    {
        if (m_destroy) m_destroy(m_buf);
        m_call = nullptr;
        m_move = nullptr;
        m_destroy = nullptr;
    }

private:
    void take(InplaceFn& o)
    {
        if (!o.m_call) return;
        o.m_move(m_buf, o.m_buf);
        m_call = o.m_call;
        m_move = o.m_move;
        m_destroy = o.m_destroy;
        o.m_call = nullptr;
        o.m_move = nullptr;
        o.m_destroy = nullptr;
    }

    alignas(std::max_align_t) unsigned char m_buf[Cap];
    R (*m_call)(void*, Args...) = nullptr;
    void (*m_move)(void*, void*) = nullptr;
    void (*m_destroy)(void*) = nullptr;
};

} // namespace wirelab
