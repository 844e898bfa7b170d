// DnsZone: the data of one authoritative zone (RFC 1034 §4.2, RFC 1035 §5 master files) and the
// lookup an authoritative server makes in it (RFC 1034 §4.3.2): answers, CNAMEs, referrals at
// delegations with their glue, NXDOMAIN and NODATA with the SOA for negative caching (RFC 2308).
// Records are written one per line as in a master file: "www 300 IN A 10.0.0.80".
#pragma once

#include "core/base/result.h"
#include "core/wire/dns.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::app {

// Parses one master-file line: `<name> [<ttl>] [IN] <type> <data>`. "@" is the origin; a name
// without a final dot is relative to it. Types A, AAAA, NS, CNAME, PTR, MX, TXT and SOA. Errors
// say what is wrong with which word: "\"10.0.0.300\" is not an IPv4 address: ...".
Result<wire::dns::Record, std::string> parse_zone_record(std::string_view line,
                                                         const wire::dns::Name& origin,
                                                         uint32_t default_ttl);

class DnsZone {
public:
    // An SOA is made up when `records` has none at the origin (primary = the first NS there, or
    // ns.<origin>; mailbox hostmaster.<origin>; serial 1; refresh 3600, retry 600, expire 86400,
    // negative TTL `negative_ttl`). Fails on a record outside the zone, a second SOA, or a CNAME
    // sharing its name with other data (RFC 1034 §3.6.2).
    static Result<DnsZone, std::string> make(const wire::dns::Name& origin,
                                             std::vector<wire::dns::Record> records,
                                             uint32_t negative_ttl = 60);

    const wire::dns::Name& origin() const { return m_origin; }
    const wire::dns::Record& soa_record() const { return m_soa; }
    // Every record, SOA first, then in canonical name order.
    std::vector<wire::dns::Record> records() const;

    // Fills the response to `q` (answer, authority, additional, rcode, AA) as this zone's
    // authoritative server. `q.name` must be in the zone.
    void answer(const wire::dns::Question& q, wire::dns::Repr& response) const;

private:
    using RRset = std::vector<wire::dns::Record>;
    const std::vector<wire::dns::Record>* at(const wire::dns::Name& name) const;
    bool has_descendants(const wire::dns::Name& name) const;
    // The delegation (NS records below the origin) on the way from the origin to `name`.
    const std::vector<wire::dns::Record>* cut_above(const wire::dns::Name& name,
                                                    wire::dns::Name& cut) const;
    void add_glue(const std::vector<wire::dns::Record>& rrs, wire::dns::Repr& response) const;
    void add_negative(wire::dns::Repr& response) const;

    wire::dns::Name m_origin;
    wire::dns::Record m_soa;
    std::map<wire::dns::Name, std::vector<wire::dns::Record>> m_names; // SOA excluded
};

} // namespace wirelab::app
