#include "core/shell/dns_tool.h"

#include <algorithm>

namespace wirelab::app {

namespace dns = wire::dns;

std::string server_text(const wire::IpAddr& a, uint16_t port)
{
    return a.to_string() + "#" + std::to_string(port);
}

void DnsTool::ask(const dns::Question& q, std::vector<wire::IpAddr> servers, bool recursion,
                  Done then)
{
    DnsQueryOptions opt = m_opt;
    opt.recursion_desired = recursion;
    m_query = std::make_unique<DnsQuery>(m_node, q, std::move(servers), opt, std::move(then));
    m_query->set_on_attempt_failed(
        [this](const wire::IpAddr& s, DnsQueryError e) { on_attempt_failed(s, e); });
    m_query->start();
}

void DnsTool::server_by_name(const std::string& text, std::function<void(wire::IpAddr)> then)
{
    m_lookup = DnsStub::of(m_node).resolve(
        text, AddressFamily::Any,
        [this, text, then = std::move(then)](Result<Resolved, ResolveError> r) {
            if (!r) {
                out(argv[0] + ": couldn't get address for '" + text + "': " +
                    (r.error().kind == ResolveError::Kind::TryAgain ? "failure" : "not found") +
                    "\n");
                finish(argv[0] == "dig" ? 10 : 1);
                return;
            }
            then(r->addr);
        });
}

bool DnsTool::default_servers()
{
    m_servers = DnsStub::of(m_node).servers();
    if (!m_servers.empty()) return true;
    out(argv[0] + ": " + m_node.name() +
        " has no DNS server configured (set \"dns\" on the device, get one "
        "from DHCP, or name one: " +
        argv[0] + (argv[0] == "dig" ? " @10.0.0.53 www.lab" : " www.lab 10.0.0.53") + ")\n");
    finish(argv[0] == "dig" ? 9 : 1);
    return false;
}

std::vector<dns::Name> DnsTool::candidates(const std::string& name) const
{
    std::vector<dns::Name> out;
    auto given = dns::Name::from_text(name);
    if (!given) return out;
    if (!name.empty() && name.back() == '.') return {*given};
    const DnsStub& stub = DnsStub::of(m_node);
    size_t dots = size_t(std::count(name.begin(), name.end(), '.'));
    bool first = dots >= std::max<uint32_t>(stub.config().ndots, 1);
    if (first) out.push_back(*given);
    for (const std::string& d : stub.search())
        if (auto suffix = dns::Name::from_text(d))
            if (auto full = given->concat(*suffix)) out.push_back(*full);
    if (!first) out.push_back(*given);
    return out;
}

void DnsTool::finish(int code)
{
    m_query.reset();
    m_lookup.cancel();
    exit(code);
}

} // namespace wirelab::app
