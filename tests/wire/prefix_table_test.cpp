// PrefixTable: longest-prefix match by hand-picked cases (default routes, /32, /128, removal,
// host bits), deterministic iteration, and agreement with a brute-force scan on random tables.
#include "core/base/rng.h"
#include "core/wire/prefix_table.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace wirelab::wire;
using wirelab::Rng;

namespace {

Ipv4Prefix p4(const char* s)
{
    return Ipv4Prefix::parse(s).value();
}
Ipv6Prefix p6(const char* s)
{
    return Ipv6Prefix::parse(s).value();
}
Ipv4Addr a4(const char* s)
{
    return Ipv4Addr::parse(s).value();
}
Ipv6Addr a6(const char* s)
{
    return Ipv6Addr::parse(s).value();
}

template <class Table, class Addr>
std::string hit(const Table& t, const Addr& a)
{
    const std::string* v = t.lookup(a);
    return v ? *v : "(none)";
}

} // namespace

TEST_CASE("IPv4 longest-prefix match with a default route", "[wire][prefix_table]")
{
    PrefixTable<std::string> t;
    CHECK(t.lookup(a4("10.1.2.3")) == nullptr); // empty table
    CHECK(t.insert(p4("0.0.0.0/0"), "default"));
    CHECK(t.insert(p4("10.0.0.0/8"), "ten"));
    CHECK(t.insert(p4("10.1.0.0/16"), "ten-one"));
    CHECK(t.insert(p4("10.1.2.0/24"), "ten-one-two"));
    CHECK(t.insert(p4("10.1.2.3/32"), "host"));
    CHECK(t.size() == 5);

    CHECK(hit(t, a4("10.1.2.3")) == "host");
    CHECK(hit(t, a4("10.1.2.4")) == "ten-one-two");
    CHECK(hit(t, a4("10.1.3.1")) == "ten-one");
    CHECK(hit(t, a4("10.2.0.0")) == "ten");
    CHECK(hit(t, a4("11.0.0.0")) == "default");
    CHECK(hit(t, a4("255.255.255.255")) == "default");

    Ipv4Prefix matched;
    REQUIRE(t.lookup(a4("10.1.9.9"), &matched) != nullptr);
    CHECK(matched.to_string() == "10.1.0.0/16");

    // Removing a prefix falls back to the next longest.
    CHECK(t.remove(p4("10.1.2.0/24")));
    CHECK_FALSE(t.remove(p4("10.1.2.0/24")));
    CHECK(hit(t, a4("10.1.2.4")) == "ten-one");
    CHECK(t.remove(p4("0.0.0.0/0")));
    CHECK(hit(t, a4("11.0.0.0")) == "(none)");
    CHECK(t.size() == 3);
}

TEST_CASE("prefixes are keyed by network; insert keeps, insert_or_assign replaces",
          "[wire][prefix_table]")
{
    PrefixTable<int> t;
    CHECK(t.insert(p4("10.1.2.3/8"), 1)); // stored as 10.0.0.0/8
    CHECK_FALSE(t.insert(p4("10.0.0.0/8"), 2));
    REQUIRE(t.find(p4("10.0.0.0/8")) != nullptr);
    CHECK(*t.find(p4("10.0.0.0/8")) == 1);
    CHECK_FALSE(t.insert_or_assign(p4("10.9.9.9/8"), 3));
    CHECK(*t.find(p4("10.0.0.0/8")) == 3);
    CHECK(t.find(p4("10.0.0.0/9")) == nullptr); // exact match only
    *t.find(p4("10.0.0.0/8")) = 4;              // mutable access
    CHECK(*t.lookup(a4("10.0.0.1")) == 4);
    CHECK(t.insert_or_assign(IpPrefix(p4("10.0.0.0/16")), 5));
    CHECK(t.size() == 2);
    t.clear();
    CHECK(t.empty());
    CHECK(t.lookup(a4("10.0.0.1")) == nullptr);
}

TEST_CASE("IPv6 longest-prefix match with ::/0 and /128", "[wire][prefix_table]")
{
    PrefixTable<std::string> t;
    t.insert(p6("::/0"), "default");
    t.insert(p6("2001:db8::/32"), "doc");
    t.insert(p6("2001:db8:1::/48"), "site");
    t.insert(p6("2001:db8:1:2::/64"), "lan");
    t.insert(p6("2001:db8:1:2::1/128"), "host");
    t.insert(p6("2001:db8:1:2:8000::/65"), "upper-half");
    t.insert(p6("::1/128"), "loopback");

    CHECK(hit(t, a6("2001:db8:1:2::1")) == "host");
    CHECK(hit(t, a6("2001:db8:1:2::2")) == "lan");
    CHECK(hit(t, a6("2001:db8:1:2:8000::1")) == "upper-half");
    CHECK(hit(t, a6("2001:db8:1:3::")) == "site");
    CHECK(hit(t, a6("2001:db8:ffff::")) == "doc");
    CHECK(hit(t, a6("2001:db9::")) == "default");
    CHECK(hit(t, a6("::1")) == "loopback");
    CHECK(hit(t, a6("::2")) == "default");
    Ipv6Prefix m;
    t.lookup(a6("2001:db8:1:2:ffff::"), &m);
    CHECK(m.to_string() == "2001:db8:1:2:8000::/65");
    CHECK(t.remove(p6("::/0")));
    CHECK(hit(t, a6("2001:db9::")) == "(none)");
}

TEST_CASE("families never match each other", "[wire][prefix_table]")
{
    PrefixTable<std::string> t;
    t.insert(p6("::/0"), "v6 default");
    t.insert(IpPrefix::parse("10.0.0.0/8").value(), "ten");
    CHECK(hit(t, a4("192.168.0.1")) == "(none)");
    CHECK(hit(t, a6("::ffff:10.0.0.1")) == "v6 default"); // v4-mapped is an IPv6 address here
    IpPrefix m;
    const std::string* v = t.lookup(IpAddr::parse("10.2.3.4").value(), &m);
    REQUIRE(v != nullptr);
    CHECK(*v == "ten");
    CHECK(m.to_string() == "10.0.0.0/8");
    CHECK(t.size_v4() == 1);
    CHECK(t.size_v6() == 1);
}

TEST_CASE("iteration is IPv4 then IPv6, longest prefix first, then by address",
          "[wire][prefix_table]")
{
    PrefixTable<int> t;
    const char* inserted[] = {"10.0.0.0/8",     "2001:db8::/32",   "0.0.0.0/0",
                              "192.168.1.0/24", "10.1.0.0/16",     "10.0.0.0/24",
                              "::/0",           "2001:db8::1/128", "9.0.0.0/8"};
    int n = 0;
    for (const char* s : inserted) t.insert(IpPrefix::parse(s).value(), n++);
    std::vector<std::string> order;
    t.for_each([&](const IpPrefix& p, const int&) { order.push_back(p.to_string()); });
    const std::vector<std::string> expected{"10.0.0.0/24",     "192.168.1.0/24", "10.1.0.0/16",
                                            "9.0.0.0/8",       "10.0.0.0/8",     "0.0.0.0/0",
                                            "2001:db8::1/128", "2001:db8::/32",  "::/0"};
    CHECK(order == expected);
    std::vector<std::string> v6;
    t.for_each_v6([&](const Ipv6Prefix& p, const int&) { v6.push_back(p.to_string()); });
    CHECK(v6 == std::vector<std::string>{"2001:db8::1/128", "2001:db8::/32", "::/0"});
}

namespace {

// Reference: scan every entry, keep the longest that contains the address.
template <class Prefix, class Addr>
const int* brute_force(const std::vector<std::pair<Prefix, int>>& all, const Addr& a)
{
    const std::pair<Prefix, int>* best = nullptr;
    for (const auto& e : all)
        if (e.first.contains(a) && (!best || e.first.len > best->first.len)) best = &e;
    return best ? &best->second : nullptr;
}

Ipv4Addr random_v4(Rng& r)
{
    return Ipv4Addr::from_u32(r.next_u32());
}

Ipv6Addr random_v6(Rng& r)
{
    return detail::from_u128({r.next_u64(), r.next_u64()});
}

// An address inside p (random host bits), so lookups exercise deep matches and not only misses.
Ipv4Addr inside(const Ipv4Prefix& p, Rng& r)
{
    uint32_t host = r.next_u32() & ~detail::mask32(p.len);
    return Ipv4Addr::from_u32(p.network().to_u32() | host);
}

Ipv6Addr inside(const Ipv6Prefix& p, Rng& r)
{
    detail::U128 m = detail::mask128(p.len), n = detail::to_u128(p.network());
    return detail::from_u128({n.hi | (r.next_u64() & ~m.hi), n.lo | (r.next_u64() & ~m.lo)});
}

// Random prefixes clustered under a few parents, so nesting (and therefore LPM) is common.
template <class Prefix, class RandomAddr>
std::vector<std::pair<Prefix, int>> random_entries(Rng& r, unsigned bits, size_t count,
                                                   RandomAddr rnd)
{
    std::vector<Prefix> parents;
    for (int i = 0; i < 8; ++i)
        parents.push_back(Prefix{rnd(r), uint8_t(r.uniform_int(0, bits / 4))});
    std::vector<std::pair<Prefix, int>> out;
    for (size_t i = 0; i < count; ++i) {
        const Prefix& parent = parents[r.below(uint32_t(parents.size()))];
        Prefix p{inside(parent, r), uint8_t(r.uniform_int(parent.len, bits))};
        out.push_back({p.canonical(), int(i)});
    }
    return out;
}

template <class Prefix, class Addr, class RandomAddr>
void check_against_brute_force(Rng& r, unsigned bits, RandomAddr rnd)
{
    PrefixTable<int> table;
    std::vector<std::pair<Prefix, int>> ref;
    for (auto& [p, v] : random_entries<Prefix>(r, bits, 1500, rnd))
        if (table.insert(p, v)) ref.push_back({p, v}); // duplicates keep the first value
    REQUIRE(table.size() == ref.size());

    auto compare = [&](int rounds) {
        for (int i = 0; i < rounds; ++i) {
            Addr a = i % 2 ? rnd(r) : inside(ref[r.below(uint32_t(ref.size()))].first, r);
            const int* want = brute_force(ref, a);
            const int* got = table.lookup(a);
            CAPTURE(a.to_string());
            REQUIRE((want == nullptr) == (got == nullptr));
            if (want) REQUIRE(*want == *got);
        }
    };
    compare(4000);

    // Remove a third of the entries (and with them, perhaps, whole prefix lengths) and recheck.
    for (size_t i = 0; i < ref.size();) {
        if (r.below(3) == 0) {
            REQUIRE(table.remove(ref[i].first));
            ref.erase(ref.begin() + std::ptrdiff_t(i));
        } else {
            ++i;
        }
    }
    REQUIRE(table.size() == ref.size());
    compare(4000);

    // Add default routes: every lookup now hits.
    table.insert(Prefix{}, -1);
    ref.push_back({Prefix{}, -1});
    compare(2000);
}

} // namespace

TEST_CASE("IPv4 LPM agrees with a brute-force scan on random tables", "[wire][prefix_table]")
{
    Rng r = Rng(2024).stream("lpm-v4");
    for (int round = 0; round < 3; ++round)
        check_against_brute_force<Ipv4Prefix, Ipv4Addr>(r, 32, random_v4);
}

TEST_CASE("IPv6 LPM agrees with a brute-force scan on random tables", "[wire][prefix_table]")
{
    Rng r = Rng(2024).stream("lpm-v6");
    for (int round = 0; round < 3; ++round)
        check_against_brute_force<Ipv6Prefix, Ipv6Addr>(r, 128, random_v6);
}
