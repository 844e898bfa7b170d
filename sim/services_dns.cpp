// DNS in scenario files: the "dns" service (an authoritative and/or recursive name server) and a
// device's stub resolver settings ("dns", "search", "hosts").
//
//   "dns": {"zones": [{"origin": "lab", "ttl": 300, "records": ["@ NS ns.lab.", "ns A 10.0.0.3",
//                                                               "www A 10.0.0.80"]}],
//           "recursion": true, "root_hints": {"a.root.lab": "10.0.0.2"}}
#include "core/host/dns_stub.h"
#include "core/net/ip_node.h"
#include "core/services/dns/dns_server.h"
#include "sim/services.h"
#include "sim/services_check.h"
#include "sim/services_clients.h"

namespace wirelab::sim {
namespace {

using detail::describe_value;
using detail::index_path;
using detail::quote;
using detail::SettingsReader;
namespace dns = wire::dns;

// An address given as a JSON string.
Result<wire::IpAddr, std::string> address_value(const RawJson& v)
{
    const std::string* text = v.get_ptr<const std::string*>();
    if (!text) return fail("expected an address like \"10.0.0.2\", got " + describe_value(v));
    auto a = wire::IpAddr::parse(*text);
    if (!a) return fail(a.error().message);
    return *a;
}

// A TTL: whole seconds as a number (300) or a duration ("300s").
uint32_t read_ttl(const SettingsReader& r, std::string_view key, uint32_t fallback)
{
    const RawJson* v = r.find(key);
    if (!v) return fallback;
    if (v->is_number_unsigned() && v->get<uint64_t>() <= 0x7fffffff)
        return uint32_t(v->get<uint64_t>());
    if (v->is_string())
        if (auto d = parse_duration(v->get<std::string>());
            d && d->ns() % 1000000000 == 0 && d->ns() / 1000000000 <= 0x7fffffff)
            return uint32_t(d->ns() / 1000000000);
    r.error(r.at(key),
            "must be a TTL in whole seconds, e.g. 300 or \"300s\", not " + describe_value(*v));
    return fallback;
}

std::optional<app::DnsZone> read_zone(const RawJson& v, const std::string& path,
                                      std::vector<Diagnostic>& out)
{
    SettingsReader r(v, path, out);
    if (!r.is_settings_object("{\"origin\": \"lab\", \"records\": [\"www A 10.0.0.80\"]}"))
        return std::nullopt;
    r.only_keys({"origin", "ttl", "negative_ttl", "records"});
    size_t mark = r.mark();
    std::string origin_text = r.string("origin");
    auto origin = dns::Name::from_text(origin_text);
    if (origin_text.empty()) {
        r.error(r.at("origin"), "missing; the zone's name, e.g. \"lab\" (\".\" for the root zone)");
    } else if (!origin) {
        r.error(r.at("origin"),
                quote(origin_text) + " is not a domain name: " + origin.error().message());
    }
    uint32_t ttl = read_ttl(r, "ttl", 300);
    uint32_t negative = read_ttl(r, "negative_ttl", 60);
    const RawJson* recs = r.find("records");
    if (!recs || !recs->is_array()) {
        r.error(r.at("records"),
                "must be a list of records, e.g. [\"@ NS ns.lab.\", \"www A 10.0.0.80\"]");
        return std::nullopt;
    }
    if (!origin) return std::nullopt;
    std::vector<dns::Record> records;
    for (size_t i = 0; i < recs->size(); ++i) {
        std::string p = index_path(r.at("records"), i);
        const std::string* line = (*recs)[i].get_ptr<const std::string*>();
        if (!line) {
            r.error(p, "expected a record line like \"www A 10.0.0.80\", got " +
                           describe_value((*recs)[i]));
            continue;
        }
        auto rec = app::parse_zone_record(*line, *origin, ttl);
        if (!rec)
            r.error(p, rec.error());
        else
            records.push_back(std::move(*rec));
    }
    if (r.has_errors_since(mark)) return std::nullopt;
    auto zone = app::DnsZone::make(*origin, std::move(records), negative);
    if (!zone) {
        r.error(r.at("records"), zone.error());
        return std::nullopt;
    }
    return std::move(*zone);
}

app::DnsServerConfig read_dns(const RawJson& config, const std::string& path,
                              std::vector<Diagnostic>& out)
{
    app::DnsServerConfig c;
    SettingsReader r(config, path, out);
    size_t mark = r.mark();
    if (!r.is_settings_object("{\"zones\": [...], \"recursion\": true, \"root_hints\": {...}}"))
        return c;
    r.only_keys({"zones", "recursion", "root_hints", "forwarders"});
    if (const RawJson* zones = r.find("zones")) {
        if (!zones->is_array()) r.error(r.at("zones"), "must be a list of zones");
        for (size_t i = 0; zones->is_array() && i < zones->size(); ++i) {
            std::string p = index_path(r.at("zones"), i);
            auto z = read_zone((*zones)[i], p, out);
            if (!z) continue;
            for (const app::DnsZone& other : c.zones)
                if (other.origin() == z->origin())
                    r.error(p, "the zone " + z->origin().to_text() + " is defined twice");
            c.zones.push_back(std::move(*z));
        }
    }
    c.recursion = r.boolean("recursion", false);
    if (const RawJson* hints = r.find("root_hints")) {
        if (!hints->is_object())
            r.error(r.at("root_hints"), "must map root server names to addresses, e.g. "
                                        "{\"a.root.lab\": \"10.0.0.2\"}");
        for (auto it = hints->begin(); hints->is_object() && it != hints->end(); ++it) {
            std::string p = detail::join_path(r.at("root_hints"), it.key());
            auto name = dns::Name::from_text(it.key());
            auto addr = address_value(*it);
            if (!name)
                r.error(p, quote(it.key()) + " is not a domain name");
            else if (!addr)
                r.error(p, addr.error());
            else
                c.resolver.root_hints.push_back({*name, *addr});
        }
    }
    if (const RawJson* fw = r.find("forwarders")) {
        auto one = [&](const RawJson& v, const std::string& p) {
            auto a = address_value(v);
            if (a)
                c.resolver.forwarders.push_back(*a);
            else
                r.error(p, a.error());
        };
        if (fw->is_array())
            for (size_t i = 0; i < fw->size(); ++i)
                one((*fw)[i], index_path(r.at("forwarders"), i));
        else
            one(*fw, r.at("forwarders"));
    }
    bool upstream = !c.resolver.root_hints.empty() || !c.resolver.forwarders.empty();
    if (c.recursion && !upstream)
        r.error(r.at("recursion"),
                "a recursive server needs somewhere to start: add \"root_hints\" "
                "({\"a.root.lab\": \"10.0.0.2\"}) or \"forwarders\" ([\"10.0.0.53\"])");
    if (!c.recursion && upstream)
        out.push_back({Diagnostic::Severity::Warning, r.path(),
                       "\"root_hints\" and \"forwarders\" are used only with \"recursion\": true"});
    if (!c.recursion && c.zones.empty() && !r.has_errors_since(mark))
        out.push_back(
            {Diagnostic::Severity::Warning, r.path(),
             "this DNS server has no zones and no recursion: it will refuse every query"});
    return c;
}

void validate_dns(const RawJson& config, const std::string& path, const DeviceSpec&,
                  const Scenario&, std::vector<Diagnostic>& out)
{
    read_dns(config, path, out);
}

void install_dns(const RawJson& config, const DeviceSpec&, net::IpNode& node, BuiltScenario&)
{
    std::vector<Diagnostic> ignored; // the scenario validated
    app::ServiceSet::of(node).add<app::DnsServer>(read_dns(config, "", ignored));
}

} // namespace

extern const ServiceKind kDnsService = {
    "dns", "DNS server (UDP 53): authoritative zones, recursive resolver with cache", validate_dns,
    install_dns};

void install_resolver_config(const Scenario& s, BuiltScenario& built)
{
    for (const DeviceSpec& d : s.devices) {
        if (!d.is_ip_node() || (d.dns.empty() && d.search.empty() && d.hosts.empty())) continue;
        auto it = built.nodes.find(d.name);
        if (it == built.nodes.end()) continue;
        auto& node = static_cast<net::IpNode&>(built.network->node(it->second));
        app::ResolverConfig& c = app::DnsStub::of(node).config();
        c.servers = d.dns;
        c.search = d.search;
        for (const HostsSpec& h : d.hosts)
            for (const wire::IpAddr& a : h.addrs) c.hosts.push_back({h.name, a});
    }
}

} // namespace wirelab::sim
