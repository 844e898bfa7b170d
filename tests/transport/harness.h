// Helpers for the transport tests: two hosts on one cable, and a deterministic byte pattern whose
// every byte depends on its position, so a lost, duplicated or misplaced byte changes the check.
#pragma once

#include "core/base/hash.h"
#include "core/net/network.h"
#include "core/transport/socket_table.h"

#include <catch2/catch.hpp>

#include <functional>

namespace wirelab::test {

// Byte i of a stream: an LCG step of i, so repeated or shifted runs never line up.
inline uint8_t pattern_byte(uint64_t i)
{
    uint64_t x = i * 6364136223846793005ULL + 1442695040888963407ULL;
    return uint8_t(x >> 56);
}

// FNV-1a (core/base/hash.h) over a pattern prefix, and over received bytes, computed the same way.
struct StreamCheck {
    uint64_t hash = kFnv1a64Offset;
    uint64_t bytes = 0;
    void add(ByteSpan data)
    {
        hash = fnv1a64(data.data(), data.size(), hash);
        bytes += data.size();
    }
    static StreamCheck of_pattern(uint64_t n)
    {
        StreamCheck c;
        for (uint64_t i = 0; i < n; ++i) c.hash = fnv1a64_step(c.hash, pattern_byte(i));
        c.bytes = n;
        return c;
    }
};

// a (10.0.0.1, fd00::1) --- b (10.0.0.2, fd00::2): one point-to-point cable.
struct TwoHosts {
    net::Network net;
    net::Host& a;
    net::Host& b;
    LinkId link;

    explicit TwoHosts(uint64_t seed, const net::LinkDirParams& ab = {},
                      const net::LinkDirParams& ba = {})
        : net(seed), a(net.add_node<net::Host>("a")), b(net.add_node<net::Host>("b"))
    {
        a.add_interface("eth0");
        b.add_interface("eth0");
        a.add_address(0, wire::Ipv4Prefix::parse("10.0.0.1/24").value());
        b.add_address(0, wire::Ipv4Prefix::parse("10.0.0.2/24").value());
        a.add_address(0, wire::Ipv6Prefix::parse("fd00::1/64").value());
        b.add_address(0, wire::Ipv6Prefix::parse("fd00::2/64").value());
        auto l = net.connect({a.id(), 0}, {b.id(), 0}, net::LinkParams{ab, ba, true});
        REQUIRE(l.ok());
        link = l.value();
        transport::SocketTable::attach_all(net);
    }

    transport::SocketTable& ta() { return transport::SocketTable::of(a); }
    transport::SocketTable& tb() { return transport::SocketTable::of(b); }

    // Runs until `done` or `limit` of simulated time; returns whether `done` became true.
    bool run_until(const std::function<bool()>& done, SimTime limit)
    {
        SimTime end = net.now() + limit;
        while (!done() && net.now() < end) {
            SimTime next = net.scheduler().next_time();
            if (next == SimTime::max()) break;
            net.run_until(std::min(next, end));
        }
        return done();
    }
};

inline wire::IpAddr ip(const char* s)
{
    return wire::IpAddr::parse(s).value();
}

} // namespace wirelab::test
