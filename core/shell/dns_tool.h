// DnsTool: what dig, nslookup and host share — the server to ask (the host's resolv.conf unless
// named with @server / as an argument), one DNS query at a time, the search list, and the
// presentation of answers.
#pragma once

#include "core/host/dns_query.h"
#include "core/host/dns_stub.h"
#include "core/shell/commands.h"

#include <memory>
#include <string>
#include <vector>

namespace wirelab::app {

class DnsTool : public Process {
public:
    using Process::Process;
    std::vector<std::string> argv;

protected:
    using Done = std::function<void(Result<DnsAnswer, DnsQueryError>)>;
    // Sends one question to `servers` with m_opt; `then` runs with the answer or the failure.
    // Each failed attempt is reported to on_attempt_failed (dig prints them).
    void ask(const wire::dns::Question& q, std::vector<wire::IpAddr> servers, bool recursion,
             Done then);
    virtual void on_attempt_failed(const wire::IpAddr&, DnsQueryError) {}
    // Resolves a server given by name (dig @ns.lab, nslookup name ns.lab) through the stub, then
    // continues with `then`; prints `tool: couldn't get address for 'x': not found` on failure.
    void server_by_name(const std::string& text, std::function<void(wire::IpAddr)> then);
    // The configured servers, or a message naming the fix when there are none.
    bool default_servers();
    // Candidate names for a lookup, with the host's search list (resolv.conf ndots rule).
    std::vector<wire::dns::Name> candidates(const std::string& name) const;
    // Ends the command: no query or lookup outlives it.
    void finish(int code);
    void interrupt() override { finish(130); }

    std::vector<wire::IpAddr> m_servers;
    std::string m_server_label; // how the server was named, for "from 10.0.0.2#53(a.root.lab)"
    DnsQueryOptions m_opt;
    std::unique_ptr<DnsQuery> m_query;
    DnsStub::Lookup m_lookup;
};

// "10.0.0.53#53".
std::string server_text(const wire::IpAddr& a, uint16_t port);

} // namespace wirelab::app
