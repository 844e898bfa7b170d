#include "core/host/ntp_clock.h"

#include "core/net/network.h"
#include "core/wire/http.h"

#include <cstdio>

namespace wirelab::app {

namespace {

const HostClock* find_clock(const net::IpNode& node)
{
    const ServiceSet* set = ServiceSet::find(node);
    if (!set) return nullptr;
    for (const auto& s : set->all())
        if (auto* c = dynamic_cast<const HostClock*>(s.get())) return c;
    return nullptr;
}

int64_t true_unix_ns(const net::IpNode& node)
{
    return kSimEpochUnixSeconds * 1000000000 + node.network().now().ns();
}

} // namespace

HostClock& HostClock::of(net::IpNode& node)
{
    ServiceSet& set = ServiceSet::of(node);
    if (HostClock* c = set.find_service<HostClock>()) return *c;
    return set.add<HostClock>();
}

int64_t HostClock::now_unix_ns(const net::IpNode& node)
{
    const HostClock* c = find_clock(node);
    return true_unix_ns(node) + (c ? c->m_offset_ns : 0);
}

int64_t HostClock::now_unix_ns() const
{
    return true_unix_ns(m_node) + m_offset_ns;
}

std::string HostClock::status() const
{
    int64_t ns = now_unix_ns();
    std::string s =
        "clock: " + format_date(ns >= 0 ? ns / 1000000000 : (ns - 999999999) / 1000000000);
    if (m_offset_ns == 0) return s + " (right)";
    std::string off = format_offset(m_offset_ns < 0 ? -m_offset_ns : m_offset_ns);
    return s + " (" + off.substr(1) + " s " + (m_offset_ns > 0 ? "ahead of" : "behind") +
           " true time)";
}

std::string format_date(int64_t unix_seconds)
{
    // From the IMF-fixdate "Mon, 01 Jan 2024 00:00:05 GMT": same calendar, date's layout.
    std::string h = wire::http::http_date(unix_seconds);
    std::string day = h.substr(5, 2);
    if (day[0] == '0') day[0] = ' ';
    return h.substr(0, 3) + " " + h.substr(8, 3) + " " + day + " " + h.substr(17, 8) + " UTC " +
           h.substr(12, 4);
}

std::string format_offset(int64_t ns)
{
    char buf[48];
    uint64_t mag = ns < 0 ? uint64_t(-(ns + 1)) + 1 : uint64_t(ns);
    std::snprintf(buf, sizeof buf, "%c%llu.%06llu", ns < 0 ? '-' : '+',
                  (unsigned long long)(mag / 1000000000),
                  (unsigned long long)(mag % 1000000000 / 1000));
    return buf;
}

} // namespace wirelab::app
