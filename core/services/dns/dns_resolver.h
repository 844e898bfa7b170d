// DnsResolver: the recursive (iterative) resolver inside a DNS server (RFC 1034 §5.3.3): starts at
// the closest zone cut it knows (the root hints at first), follows referrals down the hierarchy,
// follows CNAMEs, and caches what it learns — records for their TTL (RFC 1035 §3.2.1, RFC 2181
// §8) and NXDOMAIN/NODATA answers for the SOA's negative TTL (RFC 2308). With forwarders it asks
// them instead (RD set) and caches their answers.
#pragma once

#include "core/host/dns_query.h"
#include "core/net/ip_node.h"
#include "core/wire/dns.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wirelab::app {

struct RootHint {
    wire::dns::Name name; // "a.root.lab."
    wire::IpAddr addr;
    bool operator==(const RootHint&) const = default;
};

struct ResolverSettings {
    std::vector<RootHint> root_hints;
    std::vector<wire::IpAddr> forwarders;        // when set, ask these (RD) instead of iterating
    SimTime server_timeout = SimTime::from_s(2); // per authoritative server before the next
    uint32_t max_queries = 40;                   // per resolution (referrals, CNAMEs, NS lookups)
    uint32_t max_ttl = 7 * 86400;                // BIND max-cache-ttl
    uint32_t max_negative_ttl = 3 * 3600;        // RFC 2308 §5 suggests 1 to 3 hours
};

// The result of one resolution, ready to copy into a response.
struct ResolveOutcome {
    wire::dns::Rcode rcode = wire::dns::Rcode::NoError;
    std::vector<wire::dns::Record> answers;     // the CNAME chain and the final records
    std::vector<wire::dns::Record> authorities; // the SOA of a negative answer
    std::vector<wire::dns::Record> additionals; // addresses of NS/MX targets we have cached
};

// One cache entry as the inspector and tests see it.
struct CacheView {
    wire::dns::Name name;
    wire::dns::Type type = wire::dns::Type::A; // for NXDOMAIN: Type::Any (the whole name)
    bool negative = false;
    wire::dns::Rcode rcode = wire::dns::Rcode::NoError; // NXDOMAIN, or NOERROR for NODATA
    uint32_t ttl_left = 0;
    std::vector<wire::dns::Record> records;
};

class DnsResolver {
public:
    using Callback = std::function<void(ResolveOutcome)>;

    DnsResolver(net::IpNode& node, ResolverSettings settings);
    ~DnsResolver();
    DnsResolver(const DnsResolver&) = delete;
    DnsResolver& operator=(const DnsResolver&) = delete;

    // Resolves `q`; the callback runs later (or at once on a cache hit: callers send the
    // response from it either way). Returns an id for cancel().
    uint32_t resolve(const wire::dns::Question& q, Callback cb);
    void cancel(uint32_t id);
    // What the cache alone says about `q` (the answer to a query without RD, which is how
    // `dig +norecurse` looks into a resolver's cache); nullopt when nothing is cached.
    std::optional<ResolveOutcome> from_cache(const wire::dns::Question& q);

    // [SECTION] cache
    // The live entries, sorted by name and type, TTLs as of now.
    std::vector<CacheView> cache() const;
    void flush() { m_cache.clear(); }
    struct Stats {
        uint64_t cache_hits = 0, cache_misses = 0, queries_sent = 0;
    };
    const Stats& stats() const { return m_stats; }
    const ResolverSettings& settings() const { return m_settings; }

private:
    struct Task;
    struct Server {
        wire::dns::Name host;
        std::optional<wire::IpAddr> addr;
        bool tried = false;
    };
    struct CacheKey {
        wire::dns::Name name;
        uint16_t type = 0; // 0: NXDOMAIN for the whole name
        bool operator<(const CacheKey& o) const;
    };
    struct CacheEntry {
        std::vector<wire::dns::Record> records;
        SimTime expires;
        bool negative = false;
        wire::dns::Rcode rcode = wire::dns::Rcode::NoError;
        std::optional<wire::dns::Record> soa;
    };

    // Steps of a task.
    void step(uint32_t id);
    std::optional<wire::dns::Rcode> answer_from_cache(Task& t); // filled in t; nullopt: a miss
    void find_servers(Task& t);
    void query_next_server(uint32_t id);
    void on_response(uint32_t id, Result<DnsAnswer, DnsQueryError> r);
    bool take_answer(uint32_t id, Task& t, const DnsAnswer& a); // true: finished or restarted
    bool take_referral(Task& t, const DnsAnswer& a);
    void lookup_server_address(uint32_t id, const wire::dns::Name& host);
    void finish(uint32_t id, wire::dns::Rcode rcode);

    // Cache.
    void store(const std::vector<wire::dns::Record>& records);
    void store_negative(const wire::dns::Name& name, wire::dns::Type type, wire::dns::Rcode rcode,
                        const std::vector<wire::dns::Record>& authority);
    const CacheEntry* lookup(const wire::dns::Name& name, uint16_t type) const;
    std::vector<wire::dns::Record> with_ttl_left(const CacheEntry& e) const;
    void add_additional(ResolveOutcome& out) const;

    net::IpNode& m_node;
    ResolverSettings m_settings;
    std::map<CacheKey, CacheEntry> m_cache;
    std::map<uint32_t, std::unique_ptr<Task>> m_tasks;
    uint32_t m_next_id = 1;
    Stats m_stats;
};

} // namespace wirelab::app
