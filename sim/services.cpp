#include "sim/services.h"

#include "core/net/ip_node.h"

namespace wirelab::sim {

// Each kind is defined in its services_<kind>.cpp.
extern const ServiceKind kClockService;
extern const ServiceKind kDhcpService;
extern const ServiceKind kDhcpRelayService;
extern const ServiceKind kDnsService;
extern const ServiceKind kEchoService;
extern const ServiceKind kFilesService;
extern const ServiceKind kFtpService;
extern const ServiceKind kHttpService;
extern const ServiceKind kHttpsService;
extern const ServiceKind kMailService;
extern const ServiceKind kNtpService;
extern const ServiceKind kRdpService;
extern const ServiceKind kSshService;
extern const ServiceKind kTelnetService;

const std::vector<ServiceKind>& service_kinds()
{
    // One line per kind of service, sorted by key.
    static const std::vector<ServiceKind> kinds = {
        kClockService, kDhcpService, kDhcpRelayService, kDnsService,    kEchoService,
        kFilesService, kFtpService,  kHttpService,      kHttpsService,  kMailService,
        kNtpService,   kRdpService,  kSshService,       kTelnetService,
    };
    return kinds;
}

namespace {

const ServiceKind* find_kind(std::string_view key)
{
    for (const ServiceKind& k : service_kinds())
        if (k.key == key) return &k;
    return nullptr;
}

std::string known_list()
{
    std::string s;
    for (const ServiceKind& k : service_kinds()) s += (s.empty() ? "" : ", ") + std::string(k.key);
    return s.empty() ? "none yet" : s;
}

} // namespace

void validate_services(const Scenario& s, std::vector<Diagnostic>& out)
{
    for (size_t i = 0; i < s.devices.size(); ++i) {
        const DeviceSpec& d = s.devices[i];
        if (d.services.is_null()) continue;
        std::string base = "devices[" + std::to_string(i) + "].services";
        if (!d.services.is_object()) {
            out.push_back({Diagnostic::Severity::Error, base,
                           "must be an object mapping a service name to its settings"});
            continue;
        }
        if (!d.is_ip_node() && !d.services.empty()) {
            out.push_back(
                {Diagnostic::Severity::Error, base,
                 d.name + " is a " + to_string(d.type) + "; only hosts and routers run services"});
            continue;
        }
        for (auto it = d.services.begin(); it != d.services.end(); ++it) {
            std::string path = base + "." + it.key();
            const ServiceKind* k = find_kind(it.key());
            if (!k) {
                out.push_back(
                    {Diagnostic::Severity::Error, path,
                     "unknown service \"" + it.key() + "\" (known: " + known_list() + ")"});
                continue;
            }
            k->validate(it.value(), path, d, s, out);
        }
    }
}

void install_services(const Scenario& s, BuiltScenario& built)
{
    for (const DeviceSpec& d : s.devices) {
        if (d.services.is_null() || !d.services.is_object() || !d.is_ip_node()) continue;
        auto node_it = built.nodes.find(d.name);
        if (node_it == built.nodes.end()) continue;
        auto& node = static_cast<net::IpNode&>(built.network->node(node_it->second));
        for (auto it = d.services.begin(); it != d.services.end(); ++it)
            if (const ServiceKind* k = find_kind(it.key())) k->install(it.value(), d, node, built);
    }
}

} // namespace wirelab::sim
