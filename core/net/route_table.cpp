#include "core/net/route_table.h"

#include <algorithm>

namespace wirelab::net {

const char* to_string(RouteOrigin o)
{
    switch (o) {
    case RouteOrigin::Connected: return "kernel";
    case RouteOrigin::Static: return "static";
    case RouteOrigin::Dhcp: return "dhcp";
    case RouteOrigin::RouterAdvert: return "ra";
    }
    return "?";
}

void RouteTable::add(Route r)
{
    r.prefix = r.prefix.canonical();
    std::vector<Route>* v = m_table.find(r.prefix);
    if (!v) {
        m_table.insert(r.prefix, std::vector<Route>{r});
        return;
    }
    std::erase_if(*v, [&](const Route& o) { return o.gateway == r.gateway && o.port == r.port; });
    auto at = std::upper_bound(v->begin(), v->end(), r.metric,
                               [](uint32_t m, const Route& o) { return m < o.metric; });
    v->insert(at, r);
}

size_t RouteTable::remove(const wire::IpPrefix& prefix, std::optional<wire::IpAddr> gateway)
{
    wire::IpPrefix p = prefix.canonical();
    std::vector<Route>* v = m_table.find(p);
    if (!v) return 0;
    size_t n = gateway ? std::erase_if(*v, [&](const Route& o) { return o.gateway == gateway; })
                       : v->size();
    if (!gateway || v->empty()) m_table.remove(p);
    return n;
}

size_t RouteTable::remove_where(RouteOrigin origin, uint32_t port)
{
    size_t n = 0;
    std::vector<std::pair<wire::IpPrefix, std::vector<Route>>> all;
    m_table.for_each([&](const wire::IpPrefix& p, const std::vector<Route>& v) {
        all.push_back({p, v});
    });
    for (auto& [p, v] : all) {
        size_t k =
            std::erase_if(v, [&](const Route& o) { return o.origin == origin && o.port == port; });
        if (k == 0) continue;
        n += k;
        if (v.empty())
            m_table.remove(p);
        else
            m_table.insert_or_assign(p, v);
    }
    return n;
}

const Route* RouteTable::lookup(const wire::IpAddr& dst) const
{
    const std::vector<Route>* v = m_table.lookup(dst);
    return v && !v->empty() ? &v->front() : nullptr;
}

std::vector<Route> RouteTable::routes() const
{
    std::vector<Route> out;
    m_table.for_each([&](const wire::IpPrefix&, const std::vector<Route>& v) {
        out.insert(out.end(), v.begin(), v.end());
    });
    return out;
}

size_t RouteTable::size() const
{
    size_t n = 0;
    m_table.for_each([&](const wire::IpPrefix&, const std::vector<Route>& v) { n += v.size(); });
    return n;
}

} // namespace wirelab::net
