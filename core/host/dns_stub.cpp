#include "core/host/dns_stub.h"

#include "core/base/text.h"
#include "core/net/network.h"

#include <algorithm>

namespace wirelab::app {

namespace dns = wire::dns;
using wire::IpAddr;

// [SECTION] errors

const char* ResolveError::text() const
{
    switch (kind) {
    case Kind::NoName: return "Name or service not known";
    case Kind::NoData: return "No address associated with hostname";
    case Kind::TryAgain: return "Temporary failure in name resolution";
    }
    return "?";
}

std::string ResolveError::describe() const
{
    return hint.empty() ? std::string(text()) : std::string(text()) + " (" + hint + ")";
}

// [SECTION] lookups in flight

struct DnsStub::Pending {
    std::string name;
    AddressFamily family = AddressFamily::Any;
    Callback cb;
    std::vector<dns::Name> candidates; // the name with the search list applied, in order
    size_t candidate = 0;
    dns::Type type = dns::Type::A; // the type asked for the current candidate
    std::unique_ptr<DnsQuery> query;
    bool got_nodata = false, got_servfail = false;
    std::string servfail_hint;
    std::optional<Result<Resolved, ResolveError>> ready; // known at once, delivered in an event
};

DnsStub::Lookup& DnsStub::Lookup::operator=(Lookup&& o) noexcept
{
    if (this != &o) {
        cancel();
        m_stub = o.m_stub;
        m_id = o.m_id;
        o.m_stub = nullptr;
    }
    return *this;
}

void DnsStub::Lookup::cancel()
{
    if (m_stub) m_stub->cancel(m_id);
    m_stub = nullptr;
}

bool DnsStub::Lookup::is_pending() const
{
    return m_stub && m_stub->m_pending.count(m_id) != 0;
}

DnsStub& DnsStub::of(net::IpNode& node)
{
    ServiceSet& set = ServiceSet::of(node);
    if (DnsStub* s = set.find_service<DnsStub>()) return *s;
    return set.add<DnsStub>();
}

const DnsStub* DnsStub::find(const net::IpNode& node)
{
    const ServiceSet* set = ServiceSet::find(node);
    if (!set) return nullptr;
    for (const auto& s : set->all())
        if (auto* stub = dynamic_cast<const DnsStub*>(s.get())) return stub;
    return nullptr;
}

DnsStub::Lookup DnsStub::resolve(net::IpNode& node, const std::string& name, Callback cb)
{
    return of(node).resolve(name, AddressFamily::Any, std::move(cb));
}

DnsStub::DnsStub(net::IpNode& node)
    : Service(node), m_rng(node.network().rng_stream("node:" + node.name() + ":dns-id"))
{}

DnsStub::~DnsStub() = default;

namespace {

std::string without_dot(std::string_view s)
{
    if (!s.empty() && s.back() == '.' && s.size() > 1) s.remove_suffix(1);
    return std::string(s);
}

bool same_name(std::string_view a, std::string_view b)
{
    std::string x = without_dot(a), y = without_dot(b);
    return iequals(x, y);
}

bool family_ok(const IpAddr& a, AddressFamily f)
{
    return f == AddressFamily::Any || (f == AddressFamily::V4) == a.is_v4();
}

// RFC 1535 / resolv.conf(5): a name with at least `ndots` dots is tried as given first, then
// with each search domain; a shorter one the other way round. A trailing dot means "as given".
std::vector<dns::Name> candidates_for(const std::string& name,
                                      const std::vector<std::string>& search, uint32_t ndots)
{
    std::vector<dns::Name> out;
    auto as_given = dns::Name::from_text(name);
    if (!as_given) return out;
    if (name.back() == '.') return {*as_given};
    size_t dots = size_t(std::count(name.begin(), name.end(), '.'));
    std::vector<dns::Name> searched;
    for (const std::string& domain : search) {
        auto suffix = dns::Name::from_text(domain);
        if (!suffix) continue;
        auto full = as_given->concat(*suffix);
        if (full) searched.push_back(*full);
    }
    if (dots >= ndots) out.push_back(*as_given);
    out.insert(out.end(), searched.begin(), searched.end());
    if (dots < ndots) out.push_back(*as_given);
    return out;
}

} // namespace

// [SECTION] configuration

void DnsStub::set_dhcp(uint32_t port, std::vector<IpAddr> servers, std::string domain)
{
    m_dhcp[port] = DhcpPart{std::move(servers), std::move(domain)};
}

void DnsStub::clear_dhcp(uint32_t port)
{
    m_dhcp.erase(port);
}

std::vector<IpAddr> DnsStub::servers() const
{
    std::vector<IpAddr> out = m_config.servers;
    for (const auto& [port, part] : m_dhcp)
        for (const IpAddr& a : part.servers)
            if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    return out;
}

std::vector<std::string> DnsStub::search() const
{
    std::vector<std::string> out = m_config.search;
    for (const auto& [port, part] : m_dhcp)
        if (!part.domain.empty() && std::find(out.begin(), out.end(), part.domain) == out.end())
            out.push_back(part.domain);
    return out;
}

std::optional<IpAddr> DnsStub::find_host(std::string_view name, AddressFamily family) const
{
    for (const HostsEntry& e : m_config.hosts)
        if (same_name(e.name, name) && family_ok(e.addr, family)) return e.addr;
    if (same_name(name, "localhost")) {
        // The two lines every /etc/hosts starts with.
        if (family != AddressFamily::V6) return IpAddr(wire::Ipv4Addr{{127, 0, 0, 1}});
        return IpAddr(wire::Ipv6Addr::loopback());
    }
    return std::nullopt;
}

std::string DnsStub::resolv_conf() const
{
    std::string s;
    std::vector<std::string> domains = search();
    if (!domains.empty()) {
        s += "search";
        for (const std::string& d : domains) s += " " + d;
        s += "\n";
    }
    for (const IpAddr& a : servers()) s += "nameserver " + a.to_string() + "\n";
    if (m_config.timeout != SimTime::from_s(5) || m_config.attempts != 2 || m_config.ndots != 1)
        s += "options timeout:" + std::to_string(m_config.timeout.ns() / 1000000000) +
             " attempts:" + std::to_string(m_config.attempts) +
             " ndots:" + std::to_string(m_config.ndots) + "\n";
    return s;
}

std::string DnsStub::status() const
{
    std::vector<IpAddr> list = servers();
    std::string s = "resolver: ";
    if (list.empty()) return s + "no DNS server";
    for (size_t i = 0; i < list.size(); ++i) s += (i ? ", " : "nameserver ") + list[i].to_string();
    std::vector<std::string> domains = search();
    for (size_t i = 0; i < domains.size(); ++i) s += (i ? " " : "; search ") + domains[i];
    return s;
}

// [SECTION] resolving

DnsStub::Lookup DnsStub::resolve(const std::string& name, AddressFamily family, Callback cb)
{
    uint32_t id = m_next_id++;
    auto p = std::make_unique<Pending>();
    p->name = name;
    p->family = family;
    p->cb = std::move(cb);
    m_pending[id] = std::move(p);
    Lookup handle(this, id);

    if (auto literal = IpAddr::parse(name)) {
        if (!family_ok(*literal, family)) {
            complete_later(
                id, fail(ResolveError{ResolveError::Kind::NoData,
                                      "an IPv" + std::string(literal->is_v4() ? "4" : "6") +
                                          " address, but IPv" + (literal->is_v4() ? "6" : "4") +
                                          " was asked for"}));
        } else {
            complete_later(id, Resolved{*literal, {*literal}, name, true});
        }
        return handle;
    }
    if (auto fixed = find_host(name, family)) {
        complete_later(id, Resolved{*fixed, {*fixed}, without_dot(name), true});
        return handle;
    }
    Pending& pend = *m_pending[id];
    pend.candidates = name.empty()
                          ? std::vector<dns::Name>{}
                          : candidates_for(name, search(), std::max<uint32_t>(m_config.ndots, 1));
    if (pend.candidates.empty()) {
        complete_later(id, fail(ResolveError{ResolveError::Kind::NoName,
                                             "\"" + name + "\" is not a valid host name"}));
        return handle;
    }
    if (servers().empty()) {
        complete_later(
            id, fail(ResolveError{ResolveError::Kind::TryAgain,
                                  m_node.name() + " has no DNS server: set \"dns\" on the device, "
                                                  "or get one from DHCP"}));
        return handle;
    }
    pend.type = family == AddressFamily::V6 ? dns::Type::Aaaa : dns::Type::A;
    // Start in an event of its own, so the callback never runs inside resolve(). The lookup is
    // found by id (a cancelled one is skipped); the stub is a Service, alive until ~Network.
    DnsStub* self = this;
    m_node.network().scheduler().schedule_in(SimTime::zero(), [self, id] { self->query_next(id); });
    return handle;
}

void DnsStub::cancel(uint32_t id)
{
    m_pending.erase(id); // destroys its query: no callback afterwards
}

void DnsStub::complete(uint32_t id, Result<Resolved, ResolveError> r)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end()) return;
    std::unique_ptr<Pending> p = std::move(it->second);
    m_pending.erase(it);
    Callback cb = std::move(p->cb);
    cb(std::move(r)); // last: the callback may start new lookups or cancel others
}

void DnsStub::complete_later(uint32_t id, Result<Resolved, ResolveError> r)
{
    // The result waits in the lookup (the event holds ids only), so cancel() still works.
    auto it = m_pending.find(id);
    if (it == m_pending.end()) return;
    it->second->ready.emplace(std::move(r));
    DnsStub* self = this;
    m_node.network().scheduler().schedule_in(SimTime::zero(), [self, id] {
        auto p = self->m_pending.find(id);
        if (p == self->m_pending.end() || !p->second->ready) return;
        Result<Resolved, ResolveError> result = std::move(*p->second->ready);
        self->complete(id, std::move(result));
    });
}

void DnsStub::query_next(uint32_t id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end()) return;
    Pending& p = *it->second;
    DnsQueryOptions opt;
    opt.timeout = m_config.timeout;
    opt.tries = std::max<uint32_t>(m_config.attempts, 1);
    opt.next_server_on_failure = true;
    dns::Question q{p.candidates[p.candidate], p.type, dns::Class::In};
    p.query = std::make_unique<DnsQuery>(
        m_node, q, servers(), opt,
        [this, id](Result<DnsAnswer, DnsQueryError> r) { on_answer(id, std::move(r)); });
    p.query->start();
}

namespace {

// Follows the CNAME chain from `name` through the answer section (RFC 1034 §5.2.2) and collects
// the addresses of `type` at its end.
std::vector<IpAddr> addresses_in(const dns::Repr& m, dns::Name name, dns::Type type,
                                 dns::Name& canonical)
{
    for (int hops = 0; hops < 16; ++hops) {
        bool moved = false;
        for (const dns::Record& r : m.answers)
            if (r.name == name && r.type() == dns::Type::Cname) {
                name = std::get<dns::Cname>(r.data).target;
                moved = true;
                break;
            }
        if (!moved) break;
    }
    canonical = name;
    std::vector<IpAddr> out;
    for (const dns::Record& r : m.answers) {
        if (!(r.name == name) || r.type() != type) continue;
        if (auto* a = std::get_if<dns::A>(&r.data)) out.push_back(a->addr);
        if (auto* a = std::get_if<dns::Aaaa>(&r.data)) out.push_back(a->addr);
    }
    return out;
}

} // namespace

void DnsStub::on_answer(uint32_t id, Result<DnsAnswer, DnsQueryError> r)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end()) return;
    Pending& p = *it->second;
    if (!r) {
        // glibc stops the search at a timeout: another name would time out as well.
        std::vector<IpAddr> list = servers();
        std::string where;
        for (size_t i = 0; i < list.size(); ++i) where += (i ? ", " : "") + list[i].to_string();
        std::string hint;
        if (r.error() == DnsQueryError::TimedOut)
            hint = "no answer from " + where + " (" +
                   std::to_string(std::max<uint32_t>(m_config.attempts, 1)) + " tries of " +
                   std::to_string(m_config.timeout.ns() / 1000000000) + " s)";
        else if (r.error() == DnsQueryError::Refused)
            hint = "nothing listens on UDP port 53 at " + where;
        else
            hint = m_node.name() + " has no route to " + where;
        complete(id, fail(ResolveError{ResolveError::Kind::TryAgain, hint}));
        return;
    }
    const dns::Repr& m = r->response;
    if (m.rcode == dns::Rcode::NoError) {
        dns::Name canonical;
        std::vector<IpAddr> addrs = addresses_in(m, p.candidates[p.candidate], p.type, canonical);
        if (!addrs.empty()) {
            complete(id, Resolved{addrs.front(), addrs, without_dot(canonical.to_text()), false});
            return;
        }
        if (p.family == AddressFamily::Any && p.type == dns::Type::A) {
            p.type = dns::Type::Aaaa; // no IPv4 address: try IPv6 for the same name
            query_next(id);
            return;
        }
        p.got_nodata = true;
    } else if (m.rcode != dns::Rcode::NxDomain) {
        p.got_servfail = true;
        p.servfail_hint = r->server.to_string() + " answered " + dns::to_string(m.rcode) + " for " +
                          p.candidates[p.candidate].to_text();
    }
    next_candidate(id);
}

void DnsStub::next_candidate(uint32_t id)
{
    Pending& p = *m_pending[id];
    if (++p.candidate < p.candidates.size()) {
        p.type = p.family == AddressFamily::V6 ? dns::Type::Aaaa : dns::Type::A;
        query_next(id);
        return;
    }
    if (p.got_nodata) {
        complete(id, fail(ResolveError{ResolveError::Kind::NoData, ""}));
    } else if (p.got_servfail) {
        complete(id, fail(ResolveError{ResolveError::Kind::TryAgain, p.servfail_hint}));
    } else {
        complete(id, fail(ResolveError{ResolveError::Kind::NoName, ""}));
    }
}

} // namespace wirelab::app
