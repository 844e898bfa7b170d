// PrefixTable<V>: longest-prefix match over IPv4 and IPv6 prefixes, the lookup every router does
// (RFC 1812 §5.2.4.3: "the route with the longest matching prefix is chosen").
//
// Layout: per address family, one vector sorted by network per prefix length, and a bitmask of the
// lengths in use. lookup() walks only the lengths in use, longest first, with one binary search
// each: O(L log n) for L distinct lengths, no allocation, no scan of all entries. Insert and remove
// are O(n) in the worst case (vector shifting), which suits tables that change rarely and are
// looked up per packet.
#pragma once

#include "core/wire/ip_prefix.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace wirelab::wire {
namespace detail {

struct LpmV4 {
    using Key = uint32_t;
    using Addr = Ipv4Addr;
    using Prefix = Ipv4Prefix;
    static constexpr unsigned kBits = 32;
    static Key key(const Addr& a) { return a.to_u32(); }
    static Key masked(Key k, unsigned len) { return k & mask32(len); }
    static Prefix prefix(Key k, unsigned len) { return {Ipv4Addr::from_u32(k), uint8_t(len)}; }
};

struct LpmV6 {
    using Key = U128;
    using Addr = Ipv6Addr;
    using Prefix = Ipv6Prefix;
    static constexpr unsigned kBits = 128;
    static Key key(const Addr& a) { return to_u128(a); }
    static Key masked(Key k, unsigned len) { return and128(k, mask128(len)); }
    static Prefix prefix(Key k, unsigned len) { return {from_u128(k), uint8_t(len)}; }
};

// One address family of a PrefixTable.
template <class Traits, class V>
class LpmFamily {
public:
    using Key = typename Traits::Key;
    using Addr = typename Traits::Addr;
    using Prefix = typename Traits::Prefix;

    // Returns true if the prefix was new. An existing value is replaced only when `overwrite`.
    bool put(const Prefix& p, V&& value, bool overwrite)
    {
        Slot s = slot(p);
        if (s.found) {
            if (overwrite) s.it->value = std::move(value);
            return false;
        }
        s.vec->insert(s.it, Entry{s.key, std::move(value)});
        m_in_use[p.len / 64] |= uint64_t(1) << (p.len % 64);
        ++m_size;
        return true;
    }

    bool remove(const Prefix& p)
    {
        Slot s = slot(p);
        if (!s.found) return false;
        s.vec->erase(s.it);
        if (s.vec->empty()) m_in_use[p.len / 64] &= ~(uint64_t(1) << (p.len % 64));
        --m_size;
        return true;
    }

    const V* find(const Prefix& p) const
    {
        Slot s = const_cast<LpmFamily*>(this)->slot(p);
        return s.found ? &s.it->value : nullptr;
    }

    const V* lookup(const Addr& a, Prefix* matched) const
    {
        const Key k = Traits::key(a);
        for (size_t w = kWords; w-- > 0;) {
            uint64_t bits = m_in_use[w];
            while (bits != 0) {
                unsigned b = 63u - unsigned(std::countl_zero(bits));
                bits &= ~(uint64_t(1) << b);
                unsigned len = unsigned(w) * 64 + b;
                const Key want = Traits::masked(k, len);
                const std::vector<Entry>& vec = m_by_len[len];
                auto it = std::lower_bound(vec.begin(), vec.end(), want, key_less);
                if (it == vec.end() || !(it->key == want)) continue;
                if (matched) *matched = Traits::prefix(want, len);
                return &it->value;
            }
        }
        return nullptr;
    }

    // f(const Prefix&, const V&), longest prefixes first, then by network address.
    template <class F>
    void for_each(F&& f) const
    {
        for (unsigned len = Traits::kBits + 1; len-- > 0;)
            for (const Entry& e : m_by_len[len]) f(Traits::prefix(e.key, len), e.value);
    }

    size_t size() const { return m_size; }

    void clear()
    {
        for (auto& v : m_by_len) v.clear();
        m_in_use = {};
        m_size = 0;
    }

private:
    struct Entry {
        Key key;
        V value;
    };
    struct Slot {
        std::vector<Entry>* vec;
        typename std::vector<Entry>::iterator it;
        Key key;
        bool found;
    };
    static constexpr size_t kWords = (Traits::kBits + 1 + 63) / 64;

    static bool key_less(const Entry& e, const Key& k) { return e.key < k; }

    Slot slot(const Prefix& p)
    {
        WIRELAB_ASSERT(p.len <= Traits::kBits && "prefix length out of range");
        std::vector<Entry>& vec = m_by_len[p.len];
        Key k = Traits::masked(Traits::key(p.addr), p.len);
        auto it = std::lower_bound(vec.begin(), vec.end(), k, key_less);
        return {&vec, it, k, it != vec.end() && it->key == k};
    }

    std::array<std::vector<Entry>, Traits::kBits + 1> m_by_len;
    std::array<uint64_t, kWords> m_in_use{};
    size_t m_size = 0;
};

} // namespace detail

// Maps prefixes of both families to values and finds the longest prefix holding an address.
// Prefixes are stored by network: host bits in an inserted prefix are ignored, so 10.1.2.3/8 and
// 10.0.0.0/8 are the same key. Guarantees: lookup() never allocates and never scans all entries;
// iteration order is deterministic (IPv4 then IPv6; each longest first, then by address).
template <class V>
class PrefixTable {
public:
    // Adds the prefix if absent and returns true; returns false and keeps the old value if present.
    bool insert(const Ipv4Prefix& p, V value) { return m_v4.put(p, std::move(value), false); }
    bool insert(const Ipv6Prefix& p, V value) { return m_v6.put(p, std::move(value), false); }
    bool insert(const IpPrefix& p, V value)
    {
        return p.is_v4() ? insert(p.v4(), std::move(value)) : insert(p.v6(), std::move(value));
    }

    // Adds or replaces; returns true if the prefix was new.
    bool insert_or_assign(const Ipv4Prefix& p, V value)
    {
        return m_v4.put(p, std::move(value), true);
    }
    bool insert_or_assign(const Ipv6Prefix& p, V value)
    {
        return m_v6.put(p, std::move(value), true);
    }
    bool insert_or_assign(const IpPrefix& p, V value)
    {
        return p.is_v4() ? insert_or_assign(p.v4(), std::move(value))
                         : insert_or_assign(p.v6(), std::move(value));
    }

    // Returns true if the prefix was present.
    bool remove(const Ipv4Prefix& p) { return m_v4.remove(p); }
    bool remove(const Ipv6Prefix& p) { return m_v6.remove(p); }
    bool remove(const IpPrefix& p) { return p.is_v4() ? remove(p.v4()) : remove(p.v6()); }

    // Exact match on (network, length); nullptr if absent.
    const V* find(const Ipv4Prefix& p) const { return m_v4.find(p); }
    const V* find(const Ipv6Prefix& p) const { return m_v6.find(p); }
    const V* find(const IpPrefix& p) const { return p.is_v4() ? find(p.v4()) : find(p.v6()); }
    V* find(const Ipv4Prefix& p) { return const_cast<V*>(std::as_const(*this).find(p)); }
    V* find(const Ipv6Prefix& p) { return const_cast<V*>(std::as_const(*this).find(p)); }
    V* find(const IpPrefix& p) { return const_cast<V*>(std::as_const(*this).find(p)); }

    // Longest-prefix match: the value of the longest prefix holding `a`, or nullptr. If `matched`
    // is given and a prefix matched, it receives that prefix (network form).
    const V* lookup(Ipv4Addr a, Ipv4Prefix* matched = nullptr) const
    {
        return m_v4.lookup(a, matched);
    }
    const V* lookup(const Ipv6Addr& a, Ipv6Prefix* matched = nullptr) const
    {
        return m_v6.lookup(a, matched);
    }
    const V* lookup(const IpAddr& a, IpPrefix* matched = nullptr) const
    {
        if (a.is_v4()) {
            Ipv4Prefix m;
            const V* v = lookup(a.v4(), matched ? &m : nullptr);
            if (v && matched) *matched = m;
            return v;
        }
        Ipv6Prefix m;
        const V* v = lookup(a.v6(), matched ? &m : nullptr);
        if (v && matched) *matched = m;
        return v;
    }
    V* lookup(Ipv4Addr a, Ipv4Prefix* matched = nullptr)
    {
        return const_cast<V*>(std::as_const(*this).lookup(a, matched));
    }
    V* lookup(const Ipv6Addr& a, Ipv6Prefix* matched = nullptr)
    {
        return const_cast<V*>(std::as_const(*this).lookup(a, matched));
    }
    V* lookup(const IpAddr& a, IpPrefix* matched = nullptr)
    {
        return const_cast<V*>(std::as_const(*this).lookup(a, matched));
    }

    // f(const IpPrefix&, const V&) over every entry: IPv4 first, then IPv6; within a family the
    // longest prefixes first, then by network address.
    template <class F>
    void for_each(F&& f) const
    {
        m_v4.for_each([&](const Ipv4Prefix& p, const V& v) { f(IpPrefix(p), v); });
        m_v6.for_each([&](const Ipv6Prefix& p, const V& v) { f(IpPrefix(p), v); });
    }
    // Family-typed iteration, same order: f(const Ipv4Prefix&, const V&).
    template <class F>
    void for_each_v4(F&& f) const
    {
        m_v4.for_each(f);
    }
    template <class F>
    void for_each_v6(F&& f) const
    {
        m_v6.for_each(f);
    }

    size_t size() const { return m_v4.size() + m_v6.size(); }
    size_t size_v4() const { return m_v4.size(); }
    size_t size_v6() const { return m_v6.size(); }
    bool empty() const { return size() == 0; }
    void clear()
    {
        m_v4.clear();
        m_v6.clear();
    }

private:
    detail::LpmFamily<detail::LpmV4, V> m_v4;
    detail::LpmFamily<detail::LpmV6, V> m_v6;
};

} // namespace wirelab::wire
