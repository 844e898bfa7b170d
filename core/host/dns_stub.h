// DnsStub: the stub resolver of one host — what glibc's getaddrinfo() does with /etc/hosts and
// /etc/resolv.conf. Static host entries first, then DNS queries (RFC 1035 §7, RFC 1123 §6.1.3)
// to the configured servers with resolv.conf's search list, ndots, timeout and attempts. Every
// command that takes a host name (ping, traceroute, curl, ...) resolves it here.
//
// Usage from a shell command:
//     m_lookup = DnsStub::of(m_node).resolve(name, AddressFamily::Any,
//                                            [this](Result<Resolved, ResolveError> r) { ... });
// The callback always runs later, in its own event (never inside resolve()), exactly once —
// unless the Lookup handle is destroyed first, which cancels it.
#pragma once

#include "core/base/rng.h"
#include "core/host/dns_query.h"
#include "core/host/service.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wirelab::app {

// One line of /etc/hosts: a name and one of its addresses.
struct HostsEntry {
    std::string name; // "www.lab" (compared without case, trailing dot ignored)
    wire::IpAddr addr;
    bool operator==(const HostsEntry&) const = default;
};

// /etc/resolv.conf plus /etc/hosts, as set by the scenario or the inspector.
struct ResolverConfig {
    std::vector<wire::IpAddr> servers; // "nameserver" lines, tried in order
    std::vector<std::string> search;   // "search lab example.lab"
    std::vector<HostsEntry> hosts;
    SimTime timeout = SimTime::from_s(5); // "options timeout:5"
    uint32_t attempts = 2;                // "options attempts:2"
    uint32_t ndots = 1;                   // "options ndots:1"
};

enum class AddressFamily : uint8_t { Any, V4, V6 };

struct ResolveError {
    enum class Kind : uint8_t {
        NoName,   // EAI_NONAME: NXDOMAIN for every candidate name, or an invalid name
        NoData,   // EAI_NODATA: the name exists but has no address of the family asked for
        TryAgain, // EAI_AGAIN: no server answered, none is configured, or SERVFAIL
    };
    Kind kind = Kind::NoName;
    // Why, naming what to check: "no answer from 10.0.0.53 (2 tries of 5 s)", "pc1 has no DNS
    // server: set \"dns\" on the device or get one from DHCP". May be empty.
    std::string hint;
    // gai_strerror's text: "Name or service not known", "No address associated with hostname",
    // "Temporary failure in name resolution".
    const char* text() const;
    // text() plus " (hint)" when there is a hint.
    std::string describe() const;
};

struct Resolved {
    wire::IpAddr addr;               // the first address: what a client connects to
    std::vector<wire::IpAddr> addrs; // every address of the answer, in answer order
    std::string canonical_name;      // after search domains and CNAMEs, no trailing dot
    bool from_hosts = false;         // answered by a static entry (or localhost)
};

class DnsStub final : public Service {
public:
    using Callback = std::function<void(Result<Resolved, ResolveError>)>;

    // A pending resolution. Destroying it (or calling cancel()) guarantees the callback never
    // runs, so a command can keep one as a member and end at any time.
    class Lookup {
    public:
        Lookup() = default;
        Lookup(DnsStub* stub, uint32_t id) : m_stub(stub), m_id(id) {}
        Lookup(Lookup&& o) noexcept : m_stub(o.m_stub), m_id(o.m_id) { o.m_stub = nullptr; }
        Lookup& operator=(Lookup&& o) noexcept;
        ~Lookup() { cancel(); }
        void cancel();
        bool is_pending() const;

    private:
        DnsStub* m_stub = nullptr;
        uint32_t m_id = 0;
    };

    // The node's stub resolver, created (with an empty configuration) on first use.
    static DnsStub& of(net::IpNode& node);
    // The node's stub resolver if it has one (read-only views).
    static const DnsStub* find(const net::IpNode& node);
    // Shorthand for of(node).resolve(name, AddressFamily::Any, cb).
    [[nodiscard]] static Lookup resolve(net::IpNode& node, const std::string& name, Callback cb);

    explicit DnsStub(net::IpNode& node);
    ~DnsStub() override;

    // Resolves a host name or address literal ("10.0.0.80" and "::1" need no lookup).
    [[nodiscard]] Lookup resolve(const std::string& name, AddressFamily family, Callback cb);

    // [SECTION] configuration
    ResolverConfig& config() { return m_config; }
    const ResolverConfig& config() const { return m_config; }
    // What a DHCP lease on `port` provides (dhclient writes it into resolv.conf); replaces the
    // port's earlier values. clear_dhcp when the lease ends.
    void set_dhcp(uint32_t port, std::vector<wire::IpAddr> servers, std::string domain);
    void clear_dhcp(uint32_t port);
    // The effective lists: static configuration first, then what DHCP leases provided.
    std::vector<wire::IpAddr> servers() const;
    std::vector<std::string> search() const;
    // The static entry (or localhost) for a name, if any.
    std::optional<wire::IpAddr> find_host(std::string_view name, AddressFamily family) const;
    // The resolv.conf this configuration stands for (shown by `cat /etc/resolv.conf`-style views).
    std::string resolv_conf() const;

    // A fresh DNS message ID for this node's queries, from its seeded stream.
    uint16_t draw_query_id() { return uint16_t(m_rng.next_u32()); }

    // [SECTION] Service
    std::string_view name() const override { return "resolver"; }
    void start() override {}
    std::string status() const override;

private:
    struct Pending;
    struct DhcpPart {
        std::vector<wire::IpAddr> servers;
        std::string domain;
    };
    void cancel(uint32_t id);
    void complete(uint32_t id, Result<Resolved, ResolveError> r);
    void complete_later(uint32_t id, Result<Resolved, ResolveError> r);
    void query_next(uint32_t id);
    void on_answer(uint32_t id, Result<DnsAnswer, DnsQueryError> r);
    void next_candidate(uint32_t id);

    ResolverConfig m_config;
    std::map<uint32_t, DhcpPart> m_dhcp; // by port
    std::map<uint32_t, std::unique_ptr<Pending>> m_pending;
    uint32_t m_next_id = 1;
    Rng m_rng;
};

} // namespace wirelab::app
