// [SECTION] index: master-file lines · zone building · authoritative lookup
#include "core/services/dns/dns_zone.h"

#include "core/wire/ip_prefix.h"

#include <algorithm>
#include <cctype>

namespace wirelab::app {

namespace dns = wire::dns;
using dns::Name;
using dns::Record;

// ===================================================================================== [SECTION]
// master-file lines

namespace {

struct Word {
    std::string text;
    bool quoted = false;
};

Result<std::vector<Word>, std::string> split_words(std::string_view line)
{
    std::vector<Word> out;
    size_t i = 0;
    while (i < line.size()) {
        if (std::isspace(static_cast<unsigned char>(line[i]))) {
            ++i;
            continue;
        }
        Word w;
        if (line[i] == '"') {
            w.quoted = true;
            ++i;
            while (i < line.size() && line[i] != '"') {
                if (line[i] == '\\' && i + 1 < line.size()) ++i;
                w.text += line[i++];
            }
            if (i >= line.size())
                return fail(std::string("a quoted string is not closed (missing '\"')"));
            ++i;
        } else {
            while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])))
                w.text += line[i++];
        }
        out.push_back(std::move(w));
    }
    return out;
}

bool is_number(const std::string& s)
{
    return !s.empty() && s.size() <= 10 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<uint32_t, std::string> number(const std::string& s, const char* what)
{
    if (!is_number(s) || std::stoull(s) > 0xffffffffull)
        return fail("\"" + s + "\" is not a valid " + std::string(what) +
                    " (a whole number of seconds or a count)");
    return uint32_t(std::stoull(s));
}

// "@" is the origin; "www" is www.<origin>; "www.lab." is absolute.
Result<Name, std::string> name_in(const std::string& text, const Name& origin)
{
    if (text == "@") return origin;
    auto n = Name::from_text(text);
    if (!n) return fail("\"" + text + "\" is not a domain name: " + n.error().message());
    if (!text.empty() && text.back() == '.') return *n;
    auto full = n->concat(origin);
    if (!full)
        return fail("\"" + text + "\" + \"" + origin.to_text() +
                    "\" is too long for a domain name");
    return *full;
}

Result<dns::RData, std::string> parse_rdata(dns::Type type, const std::vector<Word>& w, size_t i,
                                            const Name& origin)
{
    size_t n = w.size() - i;
    auto want = [&](size_t count, const char* form) -> Result<Ok, std::string> {
        if (n == count) return Ok{};
        return fail(dns::to_string(type) + " data is " + form + " (" + std::to_string(count) +
                    " word" + (count == 1 ? "" : "s") + "), got " + std::to_string(n));
    };
    switch (type) {
    case dns::Type::A:
    case dns::Type::Aaaa: {
        if (auto ok = want(1, "an address"); !ok) return fail(ok.error());
        auto a = wire::IpAddr::parse(w[i].text);
        if (!a) return fail(a.error().message);
        if (a->is_v4() != (type == dns::Type::A))
            return fail("\"" + w[i].text + "\" is an IPv" + (a->is_v4() ? "4" : "6") +
                        " address; use " + (a->is_v4() ? "A" : "AAAA") + " for it");
        if (a->is_v4()) return dns::RData(dns::A{a->v4()});
        return dns::RData(dns::Aaaa{a->v6()});
    }
    case dns::Type::Ns:
    case dns::Type::Cname:
    case dns::Type::Ptr: {
        if (auto ok = want(1, "a domain name"); !ok) return fail(ok.error());
        auto target = name_in(w[i].text, origin);
        if (!target) return fail(target.error());
        if (type == dns::Type::Ns) return dns::RData(dns::Ns{*target});
        if (type == dns::Type::Cname) return dns::RData(dns::Cname{*target});
        return dns::RData(dns::Ptr{*target});
    }
    case dns::Type::Mx: {
        if (auto ok = want(2, "a preference and a mail server name"); !ok) return fail(ok.error());
        auto pref = number(w[i].text, "MX preference");
        if (!pref || *pref > 65535)
            return fail("\"" + w[i].text + "\" is not an MX preference (0 to 65535)");
        auto target = name_in(w[i + 1].text, origin);
        if (!target) return fail(target.error());
        return dns::RData(dns::Mx{uint16_t(*pref), *target});
    }
    case dns::Type::Txt: {
        if (n == 0)
            return fail(std::string("TXT data is one or more strings, e.g. \"hello world\""));
        dns::Txt t;
        for (size_t k = i; k < w.size(); ++k) {
            if (w[k].text.size() > 255)
                return fail(std::string("a TXT string is longer than 255 bytes"));
            t.strings.push_back(w[k].text);
        }
        return dns::RData(std::move(t));
    }
    case dns::Type::Soa: {
        if (auto ok = want(7, "primary server, mailbox, serial, refresh, retry, expire, minimum");
            !ok)
            return fail(ok.error());
        dns::Soa soa;
        auto m = name_in(w[i].text, origin);
        if (!m) return fail(m.error());
        auto r = name_in(w[i + 1].text, origin);
        if (!r) return fail(r.error());
        soa.mname = *m;
        soa.rname = *r;
        uint32_t* fields[] = {&soa.serial, &soa.refresh, &soa.retry, &soa.expire, &soa.minimum};
        const char* names[] = {"SOA serial", "SOA refresh", "SOA retry", "SOA expire",
                               "SOA minimum"};
        for (int k = 0; k < 5; ++k) {
            auto v = number(w[i + 2 + size_t(k)].text, names[k]);
            if (!v) return fail(v.error());
            *fields[k] = *v;
        }
        return dns::RData(soa);
    }
    default:
        return fail("record type " + dns::to_string(type) +
                    " is not supported in zones (A, AAAA, NS, CNAME, "
                    "PTR, MX, TXT, SOA)");
    }
}

} // namespace

Result<Record, std::string> parse_zone_record(std::string_view line, const Name& origin,
                                              uint32_t default_ttl)
{
    auto words = split_words(line);
    if (!words) return fail(words.error());
    const std::vector<Word>& w = *words;
    if (w.size() < 2)
        return fail(
            std::string("expected \"<name> [ttl] <type> <data>\", e.g. \"www A 10.0.0.80\""));
    Record rec;
    auto owner = name_in(w[0].text, origin);
    if (!owner) return fail(owner.error());
    rec.name = *owner;
    rec.ttl = default_ttl;
    size_t i = 1;
    if (i < w.size() && is_number(w[i].text)) {
        auto ttl = number(w[i].text, "TTL");
        if (!ttl || *ttl > 0x7fffffff)
            return fail("\"" + w[i].text + "\" is not a TTL (0 to 2147483647 seconds)");
        rec.ttl = *ttl;
        ++i;
    }
    if (i < w.size() && (w[i].text == "IN" || w[i].text == "in")) ++i;
    if (i >= w.size())
        return fail(
            std::string("the record type is missing (A, AAAA, NS, CNAME, PTR, MX, TXT, SOA)"));
    auto type = dns::type_from_text(w[i].text);
    if (!type)
        return fail("\"" + w[i].text +
                    "\" is not a record type (A, AAAA, NS, CNAME, PTR, MX, TXT, SOA)");
    auto data = parse_rdata(*type, w, i + 1, origin);
    if (!data) return fail(data.error());
    rec.data = std::move(*data);
    return rec;
}

// ===================================================================================== [SECTION]
// zone building

Result<DnsZone, std::string> DnsZone::make(const Name& origin, std::vector<Record> records,
                                           uint32_t negative_ttl)
{
    DnsZone z;
    z.m_origin = origin;
    bool have_soa = false;
    for (Record& r : records) {
        if (!r.name.is_subdomain_of(origin))
            return fail(r.name.to_text() + " is not in the zone " + origin.to_text());
        if (r.type() == dns::Type::Soa) {
            if (have_soa || !(r.name == origin))
                return fail("a zone has exactly one SOA record, at its origin " + origin.to_text());
            have_soa = true;
            z.m_soa = r;
            continue;
        }
        z.m_names[r.name].push_back(std::move(r));
    }
    for (const auto& [name, rrs] : z.m_names) {
        bool cname = std::any_of(rrs.begin(), rrs.end(),
                                 [](const Record& r) { return r.type() == dns::Type::Cname; });
        if (cname && (rrs.size() > 1 || (name == origin)))
            return fail(name.to_text() +
                        " has a CNAME and other data; a CNAME must be alone at its name");
    }
    if (!have_soa) {
        Name primary = origin.child("ns").value_or(origin);
        if (const RRset* apex = z.at(origin))
            for (const Record& r : *apex)
                if (auto* ns = std::get_if<dns::Ns>(&r.data)) {
                    primary = ns->host;
                    break;
                }
        dns::Soa soa{primary,     origin.child("hostmaster").value_or(origin), 1, 3600, 600, 86400,
                     negative_ttl};
        z.m_soa = Record{origin, dns::Class::In, negative_ttl, soa};
    }
    return z;
}

std::vector<Record> DnsZone::records() const
{
    std::vector<Record> out{m_soa};
    for (const auto& [name, rrs] : m_names) out.insert(out.end(), rrs.begin(), rrs.end());
    return out;
}

// ===================================================================================== [SECTION]
// authoritative lookup

const std::vector<Record>* DnsZone::at(const Name& name) const
{
    auto it = m_names.find(name);
    return it == m_names.end() ? nullptr : &it->second;
}

bool DnsZone::has_descendants(const Name& name) const
{
    // Canonical order puts a name's descendants right after it (RFC 4034 §6.1).
    auto it = m_names.upper_bound(name);
    return it != m_names.end() && it->first.is_subdomain_of(name);
}

const std::vector<Record>* DnsZone::cut_above(const Name& name, Name& cut) const
{
    // Walk from just below the origin down to the name: the highest NS set is the cut.
    std::vector<Name> chain; // name, parent, ..., just below origin
    for (Name n = name; !(n == m_origin) && n.label_count() > m_origin.label_count();
         n = n.parent())
        chain.push_back(n);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const RRset* rrs = at(*it);
        if (!rrs) continue;
        bool ns = std::any_of(rrs->begin(), rrs->end(),
                              [](const Record& r) { return r.type() == dns::Type::Ns; });
        if (ns) {
            cut = *it;
            return rrs;
        }
    }
    return nullptr;
}

void DnsZone::add_glue(const std::vector<Record>& rrs, dns::Repr& response) const
{
    // RFC 1034 §4.3.2 step 6: addresses of the servers named in NS and MX data, when we have
    // them (glue below a cut included: that is what glue is for).
    for (const Record& r : rrs) {
        const Name* target = nullptr;
        if (auto* ns = std::get_if<dns::Ns>(&r.data)) target = &ns->host;
        if (auto* mx = std::get_if<dns::Mx>(&r.data)) target = &mx->exchange;
        if (!target) continue;
        const RRset* addrs = at(*target);
        if (!addrs) continue;
        for (const Record& a : *addrs)
            if (a.type() == dns::Type::A || a.type() == dns::Type::Aaaa) {
                bool dup = std::find(response.additionals.begin(), response.additionals.end(), a) !=
                           response.additionals.end();
                if (!dup) response.additionals.push_back(a);
            }
    }
}

void DnsZone::add_negative(dns::Repr& response) const
{
    // RFC 2308 §3: the SOA goes in the authority section, its TTL the smaller of its own TTL and
    // its minimum field, which is how long the negative answer may be cached.
    Record soa = m_soa;
    soa.ttl = std::min(soa.ttl, std::get<dns::Soa>(soa.data).minimum);
    response.authorities.push_back(soa);
}

void DnsZone::answer(const dns::Question& q, dns::Repr& response) const
{
    response.authoritative = true;
    Name name = q.name;
    for (int hops = 0; hops < 8; ++hops) {
        Name cut;
        if (const RRset* ns = cut_above(name, cut)) {
            // A referral (RFC 1034 §4.3.2 step 3b): not authoritative for what lies below.
            if (response.answers.empty()) response.authoritative = false;
            for (const Record& r : *ns)
                if (r.type() == dns::Type::Ns) response.authorities.push_back(r);
            add_glue(*ns, response);
            return;
        }
        std::vector<Record> rrs;
        if (name == m_origin) rrs.push_back(m_soa);
        if (const RRset* here = at(name)) rrs.insert(rrs.end(), here->begin(), here->end());
        if (rrs.empty()) {
            if (has_descendants(name)) { // an empty non-terminal: the name exists, no data
                add_negative(response);
                return;
            }
            response.rcode = dns::Rcode::NxDomain;
            add_negative(response);
            return;
        }
        std::vector<Record> match;
        for (const Record& r : rrs)
            if (r.type() == q.type || q.type == dns::Type::Any) match.push_back(r);
        if (!match.empty()) {
            response.answers.insert(response.answers.end(), match.begin(), match.end());
            add_glue(match, response);
            return;
        }
        auto cname = std::find_if(rrs.begin(), rrs.end(),
                                  [](const Record& r) { return r.type() == dns::Type::Cname; });
        if (cname == rrs.end()) {
            add_negative(response); // NODATA
            return;
        }
        // RFC 1034 §4.3.2 step 3a: the CNAME, then the target if it is ours.
        response.answers.push_back(*cname);
        name = std::get<dns::Cname>(cname->data).target;
        if (!name.is_subdomain_of(m_origin)) return;
    }
}

} // namespace wirelab::app
