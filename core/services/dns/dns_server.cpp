#include "core/services/dns/dns_server.h"

#include "core/net/network.h"
#include "core/transport/socket_table.h"

namespace wirelab::app {

namespace dns = wire::dns;
using transport::Endpoint;
using transport::SocketTable;

DnsServer::DnsServer(net::IpNode& node, DnsServerConfig config)
    : Service(node), m_config(std::move(config))
{
    if (m_config.recursion) m_resolver = std::make_unique<DnsResolver>(node, m_config.resolver);
}

DnsServer::~DnsServer()
{
    m_resolver.reset(); // its queries close their sockets first
    if (m_socket.is_valid()) SocketTable::of(m_node).close(m_socket);
}

void DnsServer::start()
{
    // [::]:53 takes IPv4 and IPv6 queries.
    m_socket = open_udp_server(m_node, "named", Endpoint::any_v6(dns::kPort),
                               [this](transport::SocketEvents) { on_readable(); });
}

std::string DnsServer::status() const
{
    std::string s = "named: listening on UDP 53";
    if (!m_config.zones.empty()) {
        s += ", authoritative for";
        for (const DnsZone& z : m_config.zones) s += " " + z.origin().to_text();
    }
    if (m_config.recursion)
        s += m_config.resolver.forwarders.empty() ? ", recursive" : ", forwarding";
    return s;
}

const DnsZone* DnsServer::zone_for(const dns::Name& name) const
{
    // The most specific zone holding the name (a server may hold a zone and its parent).
    const DnsZone* best = nullptr;
    for (const DnsZone& z : m_config.zones)
        if (name.is_subdomain_of(z.origin()) &&
            (!best || z.origin().label_count() > best->origin().label_count()))
            best = &z;
    return best;
}

void DnsServer::on_readable()
{
    transport::UdpSocket* s = SocketTable::of(m_node).udp(m_socket);
    if (!s) return;
    while (true) {
        auto d = s->recv();
        if (!d) return;
        auto q = dns::parse(d->data);
        // A message we cannot parse gets no answer: we could not even echo its ID reliably.
        if (q) {
            if (auto r = handle(*q, d->from)) reply(*r, d->from);
        }
        s->recycle(std::move(*d));
    }
}

std::optional<dns::Repr> DnsServer::handle(const dns::Repr& query, const Endpoint& from)
{
    if (query.response) return std::nullopt; // never answer an answer
    dns::Repr r;
    r.id = query.id;
    r.response = true;
    r.opcode = query.opcode;
    r.recursion_desired = query.recursion_desired;
    r.recursion_available = m_config.recursion;
    r.checking_disabled = query.checking_disabled;
    r.questions = query.questions;
    if (query.opcode != dns::Opcode::Query) {
        r.rcode = dns::Rcode::NotImp;
        return r;
    }
    if (query.questions.size() != 1) {
        r.rcode = dns::Rcode::FormErr;
        return r;
    }
    const dns::Question& q = query.questions[0];
    if (q.qclass != dns::Class::In && q.qclass != dns::Class::Any) {
        r.rcode = dns::Rcode::Refused;
        return r;
    }
    if (const DnsZone* z = zone_for(q.name)) {
        z->answer(q, r);
        return r;
    }
    if (m_resolver && !query.recursion_desired) {
        // No recursion asked for: only what the cache holds (BIND's allow-query-cache).
        if (auto o = m_resolver->from_cache(q)) {
            r.rcode = o->rcode;
            r.answers = std::move(o->answers);
            r.authorities = std::move(o->authorities);
            r.additionals = std::move(o->additionals);
            return r;
        }
    }
    if (!m_resolver || !query.recursion_desired) {
        // BIND's "recursion not available" (or not asked for, and nothing cached).
        r.rcode = dns::Rcode::Refused;
        return r;
    }
    m_resolver->resolve(q, [this, r, from](ResolveOutcome o) mutable {
        r.rcode = o.rcode;
        r.answers = std::move(o.answers);
        r.authorities = std::move(o.authorities);
        r.additionals = std::move(o.additionals);
        reply(r, from);
    });
    return std::nullopt;
}

void DnsServer::reply(const dns::Repr& response, const Endpoint& to)
{
    transport::UdpSocket* s = SocketTable::of(m_node).udp(m_socket);
    if (!s) return;
    dns::Repr r = response;
    dns::truncate_to(r, dns::kMaxUdpLen); // no EDNS: 512 bytes over UDP
    Bytes bytes(dns::buffer_len(r));
    dns::emit(r, MutByteSpan(bytes));
    ++m_answered;
    (void)s->send_to(bytes, to);
}

} // namespace wirelab::app
