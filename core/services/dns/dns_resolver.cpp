// [SECTION] index: tasks · iteration · responses · cache
#include "core/services/dns/dns_resolver.h"

#include "core/net/network.h"

#include <algorithm>

namespace wirelab::app {

namespace dns = wire::dns;
using dns::Name;
using dns::Record;

struct DnsResolver::Task {
    dns::Question original;
    Name name; // the name being resolved now (the original, or a CNAME target)
    std::vector<Record> answers;
    std::vector<Record> authorities;
    Callback cb;
    uint32_t queries = 0;
    Name zone; // the zone cut whose servers we are asking
    std::vector<Server> servers;
    std::unique_ptr<DnsQuery> query;
    uint32_t depth = 0; // > 0: looking up a name server's address for another task
    bool forwarded = false;
};

bool DnsResolver::CacheKey::operator<(const CacheKey& o) const
{
    if (name == o.name) return type < o.type;
    return name < o.name;
}

DnsResolver::DnsResolver(net::IpNode& node, ResolverSettings settings)
    : m_node(node), m_settings(std::move(settings))
{}

DnsResolver::~DnsResolver() = default;

// ===================================================================================== [SECTION]
// tasks

uint32_t DnsResolver::resolve(const dns::Question& q, Callback cb)
{
    uint32_t id = m_next_id++;
    auto t = std::make_unique<Task>();
    t->original = q;
    t->name = q.name;
    t->cb = std::move(cb);
    Task& ref = *t;
    m_tasks[id] = std::move(t);
    if (auto rcode = answer_from_cache(ref)) {
        ++m_stats.cache_hits;
        finish(id, *rcode);
        return id;
    }
    ++m_stats.cache_misses;
    step(id);
    return id;
}

std::optional<ResolveOutcome> DnsResolver::from_cache(const dns::Question& q)
{
    Task t;
    t.original = q;
    t.name = q.name;
    auto rcode = answer_from_cache(t);
    if (!rcode) return std::nullopt;
    ResolveOutcome out{*rcode, std::move(t.answers), std::move(t.authorities), {}};
    add_additional(out);
    return out;
}

void DnsResolver::cancel(uint32_t id)
{
    m_tasks.erase(id);
}

void DnsResolver::finish(uint32_t id, dns::Rcode rcode)
{
    auto it = m_tasks.find(id);
    if (it == m_tasks.end()) return;
    std::unique_ptr<Task> t = std::move(it->second);
    m_tasks.erase(it);
    ResolveOutcome out;
    out.rcode = rcode;
    out.answers = std::move(t->answers);
    out.authorities = std::move(t->authorities);
    add_additional(out);
    Callback cb = std::move(t->cb);
    cb(std::move(out)); // last: may start or cancel other tasks
}

// ===================================================================================== [SECTION]
// iteration

std::optional<dns::Rcode> DnsResolver::answer_from_cache(Task& t)
{
    auto soa_of = [this](const CacheEntry& e) {
        return e.soa ? with_ttl_left(CacheEntry{{*e.soa}, e.expires, false, e.rcode, {}})
                     : std::vector<Record>{};
    };
    for (int hops = 0; hops < 8; ++hops) {
        if (const CacheEntry* nx = lookup(t.name, 0)) {
            t.authorities = soa_of(*nx);
            return dns::Rcode::NxDomain;
        }
        if (const CacheEntry* e = lookup(t.name, uint16_t(t.original.type))) {
            if (e->negative) {
                t.authorities = soa_of(*e); // NODATA
            } else {
                std::vector<Record> rrs = with_ttl_left(*e);
                t.answers.insert(t.answers.end(), rrs.begin(), rrs.end());
            }
            return dns::Rcode::NoError;
        }
        if (t.original.type == dns::Type::Cname) return std::nullopt;
        const CacheEntry* c = lookup(t.name, uint16_t(dns::Type::Cname));
        if (!c || c->negative || c->records.empty()) return std::nullopt;
        std::vector<Record> rrs = with_ttl_left(*c);
        t.answers.push_back(rrs.front());
        t.name = std::get<dns::Cname>(rrs.front().data).target;
    }
    return std::nullopt;
}

void DnsResolver::step(uint32_t id)
{
    auto it = m_tasks.find(id);
    if (it == m_tasks.end()) return;
    Task& t = *it->second;
    if (auto rcode = answer_from_cache(t)) {
        finish(id, *rcode);
        return;
    }
    if (t.queries >= m_settings.max_queries) {
        finish(id, dns::Rcode::ServFail);
        return;
    }
    find_servers(t);
    query_next_server(id);
}

void DnsResolver::find_servers(Task& t)
{
    t.servers.clear();
    if (!m_settings.forwarders.empty()) {
        t.forwarded = true;
        t.zone = Name();
        for (const wire::IpAddr& a : m_settings.forwarders) t.servers.push_back({Name(), a});
        return;
    }
    // The closest enclosing zone whose name servers we know (RFC 1034 §5.3.3 step 2).
    for (Name n = t.name;; n = n.parent()) {
        const CacheEntry* ns = lookup(n, uint16_t(dns::Type::Ns));
        if (ns && !ns->negative) {
            std::vector<Server> list;
            bool reachable = false;
            for (const Record& r : ns->records) {
                const Name& host = std::get<dns::Ns>(r.data).host;
                Server s{host, {}};
                for (uint16_t type : {uint16_t(dns::Type::A), uint16_t(dns::Type::Aaaa)}) {
                    const CacheEntry* a = lookup(host, type);
                    if (s.addr || !a || a->negative || a->records.empty()) continue;
                    const Record& rec = a->records.front();
                    if (auto* v4 = std::get_if<dns::A>(&rec.data)) s.addr = wire::IpAddr(v4->addr);
                    if (auto* v6 = std::get_if<dns::Aaaa>(&rec.data))
                        s.addr = wire::IpAddr(v6->addr);
                }
                // A server named inside its own zone can only be found through glue.
                reachable |= s.addr.has_value() || !host.is_subdomain_of(n);
                list.push_back(s);
            }
            if (reachable) {
                t.zone = n;
                t.servers = std::move(list);
                return;
            }
        }
        if (n.is_root()) break;
    }
    t.zone = Name();
    for (const RootHint& h : m_settings.root_hints) t.servers.push_back({h.name, h.addr});
}

void DnsResolver::query_next_server(uint32_t id)
{
    auto it = m_tasks.find(id);
    if (it == m_tasks.end()) return;
    Task& t = *it->second;
    if (t.queries >= m_settings.max_queries) {
        finish(id, dns::Rcode::ServFail);
        return;
    }
    for (Server& s : t.servers) {
        if (s.tried || !s.addr) continue;
        s.tried = true;
        ++t.queries;
        ++m_stats.queries_sent;
        DnsQueryOptions opt;
        opt.timeout = m_settings.server_timeout;
        opt.tries = 1;
        opt.recursion_desired = t.forwarded; // iterative queries ask for no recursion
        dns::Question q{t.name, t.original.type, dns::Class::In};
        t.query = std::make_unique<DnsQuery>(
            m_node, q, std::vector<wire::IpAddr>{*s.addr}, opt,
            [this, id](Result<DnsAnswer, DnsQueryError> r) { on_response(id, std::move(r)); });
        t.query->start();
        return;
    }
    for (Server& s : t.servers) {
        if (s.tried) continue;
        s.tried = true;
        if (t.depth < 3) {
            lookup_server_address(id, s.host);
            return;
        }
    }
    finish(id, dns::Rcode::ServFail); // every server failed or is unreachable
}

void DnsResolver::lookup_server_address(uint32_t id, const Name& host)
{
    uint32_t depth = m_tasks[id]->depth;
    ++m_tasks[id]->queries;
    auto on_done = [this, id, host](const ResolveOutcome& o) {
        auto it = m_tasks.find(id);
        if (it == m_tasks.end()) return;
        for (const Record& r : o.answers) {
            std::optional<wire::IpAddr> a;
            if (auto* v4 = std::get_if<dns::A>(&r.data)) a = wire::IpAddr(v4->addr);
            if (auto* v6 = std::get_if<dns::Aaaa>(&r.data)) a = wire::IpAddr(v6->addr);
            if (!a) continue;
            for (Server& s : it->second->servers)
                if (s.host == host && !s.addr) {
                    s.addr = a;
                    s.tried = false;
                }
            break;
        }
        query_next_server(id);
    };
    uint32_t child = m_next_id++;
    auto t = std::make_unique<Task>();
    t->original = dns::Question{host, dns::Type::A, dns::Class::In};
    t->name = host;
    t->cb = std::move(on_done);
    t->depth = depth + 1;
    m_tasks[child] = std::move(t);
    step(child);
}

// ===================================================================================== [SECTION]
// responses

void DnsResolver::on_response(uint32_t id, Result<DnsAnswer, DnsQueryError> r)
{
    auto it = m_tasks.find(id);
    if (it == m_tasks.end()) return;
    Task& t = *it->second;
    if (!r) {
        query_next_server(id); // timed out or unreachable: the next server of the zone
        return;
    }
    const dns::Repr& m = r->response;
    if (m.rcode == dns::Rcode::NxDomain) {
        store_negative(t.name, dns::Type::Any, dns::Rcode::NxDomain, m.authorities);
        for (const Record& a : m.authorities)
            if (a.type() == dns::Type::Soa) t.authorities = {a};
        // A CNAME chain the server gave before the missing name is part of the answer.
        for (const Record& a : m.answers)
            if (a.type() == dns::Type::Cname) t.answers.push_back(a);
        finish(id, dns::Rcode::NxDomain);
        return;
    }
    if (m.rcode != dns::Rcode::NoError) {
        query_next_server(id); // SERVFAIL, REFUSED, ...: a lame or broken server
        return;
    }
    if (take_answer(id, t, *r)) return;
    if (take_referral(t, *r)) {
        query_next_server(id);
        return;
    }
    bool has_soa = std::any_of(m.authorities.begin(), m.authorities.end(),
                               [](const Record& a) { return a.type() == dns::Type::Soa; });
    if (m.authoritative || has_soa || t.forwarded) {
        // NODATA: the name exists without records of this type (RFC 2308 §2.2).
        store_negative(t.name, t.original.type, dns::Rcode::NoError, m.authorities);
        for (const Record& a : m.authorities)
            if (a.type() == dns::Type::Soa) t.authorities = {a};
        finish(id, dns::Rcode::NoError);
        return;
    }
    query_next_server(id); // neither an answer nor a referral: lame delegation
}

bool DnsResolver::take_answer(uint32_t id, Task& t, const DnsAnswer& a)
{
    const dns::Repr& m = a.response;
    if (m.answers.empty()) return false;
    // Believe only records inside the zone we asked (RFC 2181 §5.4.1 credibility, roughly).
    std::vector<Record> trusted;
    for (const Record& r : m.answers)
        if (t.forwarded || r.name.is_subdomain_of(t.zone)) trusted.push_back(r);
    store(trusted);
    // Addresses of the name servers and mail exchangers just learnt (RFC 1034 §4.3.2 step 6),
    // from inside the zone asked: ". NS" from a root server carries the root servers' addresses.
    std::vector<Record> extra;
    for (const Record& r : m.additionals) {
        if ((r.type() != dns::Type::A && r.type() != dns::Type::Aaaa) ||
            !(t.forwarded || r.name.is_subdomain_of(t.zone)))
            continue;
        bool named = std::any_of(trusted.begin(), trusted.end(), [&](const Record& x) {
            auto* ns = std::get_if<dns::Ns>(&x.data);
            auto* mx = std::get_if<dns::Mx>(&x.data);
            return (ns && ns->host == r.name) || (mx && mx->exchange == r.name);
        });
        if (named && !lookup(r.name, uint16_t(r.type()))) extra.push_back(r);
    }
    store(extra);
    bool moved = false;
    for (int hops = 0; hops < 8; ++hops) {
        std::vector<Record> match;
        const Record* cname = nullptr;
        for (const Record& r : trusted) {
            if (!(r.name == t.name)) continue;
            if (r.type() == t.original.type || t.original.type == dns::Type::Any)
                match.push_back(r);
            if (r.type() == dns::Type::Cname) cname = &r;
        }
        if (!match.empty()) {
            t.answers.insert(t.answers.end(), match.begin(), match.end());
            finish(id, dns::Rcode::NoError);
            return true;
        }
        if (!cname) break;
        t.answers.push_back(*cname);
        t.name = std::get<dns::Cname>(cname->data).target;
        moved = true;
    }
    if (!moved) return false;
    // RFC 1034 §5.3.3 step 3: the CNAME leads elsewhere; start over for its target.
    t.query.reset();
    step(id);
    return true;
}

bool DnsResolver::take_referral(Task& t, const DnsAnswer& a)
{
    const dns::Repr& m = a.response;
    std::vector<Record> ns;
    for (const Record& r : m.authorities)
        if (r.type() == dns::Type::Ns) ns.push_back(r);
    if (ns.empty() || t.forwarded) return false;
    const Name cut = ns.front().name;
    // A referral must lead closer to the name (RFC 1034 §5.3.3 step 4: "if the response shows
    // a delegation ... cache the delegation information, and go to step 2").
    if (!cut.is_subdomain_of(t.zone) || cut == t.zone || !t.name.is_subdomain_of(cut)) return false;
    std::vector<Record> nsset;
    for (const Record& r : ns)
        if (r.name == cut) nsset.push_back(r);
    store(nsset);
    std::vector<Record> glue;
    for (const Record& r : m.additionals) {
        if (r.type() != dns::Type::A && r.type() != dns::Type::Aaaa) continue;
        bool named = std::any_of(nsset.begin(), nsset.end(), [&](const Record& n) {
            return std::get<dns::Ns>(n.data).host == r.name;
        });
        if (named && r.name.is_subdomain_of(t.zone)) glue.push_back(r);
    }
    store(glue);
    t.zone = cut;
    t.servers.clear();
    for (const Record& r : nsset) {
        Server s{std::get<dns::Ns>(r.data).host, {}};
        for (const Record& g : glue) {
            if (!(g.name == s.host) || s.addr) continue;
            if (auto* v4 = std::get_if<dns::A>(&g.data)) s.addr = wire::IpAddr(v4->addr);
            if (auto* v6 = std::get_if<dns::Aaaa>(&g.data)) s.addr = wire::IpAddr(v6->addr);
        }
        t.servers.push_back(s);
    }
    return true;
}

// ===================================================================================== [SECTION]
// cache

namespace {

// The cache keeps time in whole seconds, as BIND does: a record cached at 1.08 s with TTL 30
// expires at 31 s and shows TTL 20 at 11.0 s — what a student counting seconds expects.
SimTime whole_seconds(SimTime t)
{
    return SimTime::from_s(t.ns() / 1000000000);
}

uint32_t effective_ttl(uint32_t ttl)
{
    return ttl & 0x80000000u ? 0 : ttl; // RFC 2181 §8: the top bit set means zero
}

} // namespace

void DnsResolver::store(const std::vector<Record>& records)
{
    std::map<CacheKey, CacheEntry> sets;
    SimTime now = whole_seconds(m_node.network().now());
    for (const Record& r : records) {
        if (r.type() == dns::Type::Opt) continue;
        CacheEntry& e = sets[CacheKey{r.name, uint16_t(r.type())}];
        uint32_t ttl = std::min(effective_ttl(r.ttl), m_settings.max_ttl);
        SimTime exp = now + SimTime::from_s(ttl);
        if (e.records.empty() || exp < e.expires)
            e.expires = exp; // an RRset lives as its shortest TTL
        e.records.push_back(r);
    }
    for (auto& [key, e] : sets) {
        if (e.expires <= now) continue; // TTL 0: use once, never cache (RFC 1035 §3.2.1)
        m_cache[key] = std::move(e);
    }
}

void DnsResolver::store_negative(const Name& name, dns::Type type, dns::Rcode rcode,
                                 const std::vector<Record>& authority)
{
    for (const Record& r : authority) {
        if (r.type() != dns::Type::Soa) continue;
        // RFC 2308 §5: the negative TTL is the SOA's minimum field, bounded by the SOA's TTL.
        uint32_t ttl = std::min({effective_ttl(r.ttl), std::get<dns::Soa>(r.data).minimum,
                                 m_settings.max_negative_ttl});
        if (ttl == 0) return;
        CacheEntry e;
        e.negative = true;
        e.rcode = rcode;
        e.soa = r;
        e.expires = whole_seconds(m_node.network().now()) + SimTime::from_s(ttl);
        uint16_t key = rcode == dns::Rcode::NxDomain ? 0 : uint16_t(type);
        m_cache[CacheKey{name, key}] = std::move(e);
        return;
    }
    // Without an SOA there is no negative TTL: nothing is cached (RFC 2308 §5).
}

const DnsResolver::CacheEntry* DnsResolver::lookup(const Name& name, uint16_t type) const
{
    auto it = m_cache.find(CacheKey{name, type});
    if (it == m_cache.end() || it->second.expires <= whole_seconds(m_node.network().now()))
        return nullptr;
    return &it->second;
}

std::vector<Record> DnsResolver::with_ttl_left(const CacheEntry& e) const
{
    // The TTL counts down while the record sits in the cache (RFC 1035 §3.2.1).
    int64_t left_ns = (e.expires - whole_seconds(m_node.network().now())).ns();
    uint32_t left = uint32_t(std::max<int64_t>(left_ns / 1000000000, 0));
    std::vector<Record> out = e.records;
    for (Record& r : out) r.ttl = std::min(r.ttl, left);
    return out;
}

void DnsResolver::add_additional(ResolveOutcome& out) const
{
    for (const Record& r : out.answers) {
        const Name* target = nullptr;
        if (auto* ns = std::get_if<dns::Ns>(&r.data)) target = &ns->host;
        if (auto* mx = std::get_if<dns::Mx>(&r.data)) target = &mx->exchange;
        if (!target) continue;
        for (uint16_t type : {uint16_t(dns::Type::A), uint16_t(dns::Type::Aaaa)}) {
            const CacheEntry* e = lookup(*target, type);
            if (!e || e->negative) continue;
            for (const Record& a : with_ttl_left(*e)) out.additionals.push_back(a);
        }
    }
}

std::vector<CacheView> DnsResolver::cache() const
{
    std::vector<CacheView> out;
    for (const auto& [key, e] : m_cache) {
        if (e.expires <= whole_seconds(m_node.network().now())) continue;
        CacheView v;
        v.name = key.name;
        v.type = key.type == 0 ? dns::Type::Any : dns::Type(key.type);
        v.negative = e.negative;
        v.rcode = e.rcode;
        v.ttl_left =
            uint32_t((e.expires - whole_seconds(m_node.network().now())).ns() / 1000000000);
        if (!e.negative) v.records = with_ttl_left(e);
        out.push_back(std::move(v));
    }
    return out;
}

} // namespace wirelab::app
