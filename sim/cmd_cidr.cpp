// `wirelab cidr PREFIX [--json] [--split N]`: an ipcalc-style calculator over describe_cidr().
#include "core/inspect/cidr_report.h"
#include "sim/cli.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace wirelab::sim {
namespace {

constexpr std::string_view kUsage = "usage: wirelab cidr PREFIX [--json] [--split N]\n";

constexpr std::string_view kHelp =
    "usage: wirelab cidr PREFIX [--json] [--split N]\n"
    "\n"
    "Describes an IPv4 or IPv6 prefix like ipcalc: network, netmask, wildcard, broadcast,\n"
    "first and last usable host, number of hosts, and the kind of address space it is in\n"
    "(private, loopback, documentation, ...).\n"
    "\n"
    "PREFIX is a.b.c.d/len (the abbreviated 192.168.5/24 means 192.168.5.0/24), an IPv6\n"
    "prefix such as 2001:db8::/32, or a bare address, which is described as a single host.\n"
    "An address with host bits set (10.1.2.3/8) is shown inside its network (10.0.0.0/8).\n"
    "/31 links have two hosts and no broadcast (RFC 3021); /32 is one host.\n"
    "\n"
    "options:\n"
    "  --json       print one JSON object keyed by row: address, network, netmask, wildcard,\n"
    "               broadcast, first_host, last_host, hosts, address_space, note (IPv6:\n"
    "               address, expanded, network, prefix_length, first_address, last_address,\n"
    "               addresses, address_space, note)\n"
    "  --split N    also list the N equal subnets of the network (N a power of two)\n"
    "  -h, --help   show this help\n"
    "\n"
    "examples:\n"
    "  wirelab cidr 192.168.5/24\n"
    "  wirelab cidr 10.1.2.3/8\n"
    "  wirelab cidr 192.168.0.0/24 --split 4\n"
    "  wirelab cidr 2001:db8:85a3::8a2e:370:f928/64 --json\n"
    "\n"
    "exit status: 0 success, 1 PREFIX is not a valid prefix (or cannot be split), 2 usage error\n";

struct CidrArgs {
    std::string prefix;
    bool json = false;
    unsigned split = 0; // 0: no --split
};

int usage_error(CliOutput& io, const std::string& why)
{
    io.err += "wirelab cidr: " + why + "\n" + std::string(kUsage);
    return ExitUsage;
}

// Returns ExitOk, or the usage exit code after writing the complaint.
int parse_args(const std::vector<std::string>& args, CidrArgs& out, CliOutput& io)
{
    bool have_prefix = false;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json") {
            out.json = true;
        } else if (a == "--split" || a.rfind("--split=", 0) == 0) {
            std::string n = a == "--split" ? (i + 1 < args.size() ? args[++i] : "") : a.substr(8);
            bool digits =
                !n.empty() && n.size() <= 9 &&
                std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!digits) return usage_error(io, "--split needs a subnet count, e.g. --split 4");
            out.split = 0;
            for (char c : n) out.split = out.split * 10 + unsigned(c - '0');
            if (out.split == 0) return usage_error(io, "--split needs a count of at least 1");
        } else if (a.size() > 1 && a[0] == '-') {
            return usage_error(io, "unknown option '" + a + "'");
        } else if (have_prefix) {
            return usage_error(io, "unexpected argument '" + a + "' (one PREFIX at a time)");
        } else {
            out.prefix = a;
            have_prefix = true;
        }
    }
    if (!have_prefix) return usage_error(io, "missing PREFIX, e.g. 192.168.5.0/24");
    return ExitOk;
}

// The N equal subnets, as text; an error message instead when they cannot be made.
Result<std::vector<std::string>, wire::AddrError> split_text(const std::string& text, unsigned n)
{
    auto p = wire::IpPrefix::parse_or_host(text);
    if (!p) return fail(p.error());
    std::vector<std::string> out;
    if (p->is_v4()) {
        auto subs = p->v4().subnets(n);
        if (!subs) return fail(subs.error());
        for (const wire::Ipv4Prefix& s : *subs) out.push_back(s.to_string());
    } else {
        auto subs = p->v6().subnets(n);
        if (!subs) return fail(subs.error());
        for (const wire::Ipv6Prefix& s : *subs) out.push_back(s.to_string());
    }
    return out;
}

std::string as_text(const wire::CidrReport& report, const std::vector<std::string>& subnets)
{
    size_t width = 0;
    for (const wire::CidrRow& row : report.rows) width = std::max(width, row.label.size());
    std::string out;
    for (const wire::CidrRow& row : report.rows)
        out += row.label + ":" + std::string(width - row.label.size() + 2, ' ') + row.value + "\n";
    if (!subnets.empty()) {
        out += "Subnets (" + std::to_string(subnets.size()) + "):\n";
        for (const std::string& s : subnets) out += "  " + s + "\n";
    }
    return out;
}

std::string as_json(const wire::CidrReport& report, const std::vector<std::string>& subnets)
{
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const wire::CidrRow& row : report.rows) j[row.key] = row.value;
    if (!subnets.empty()) j["subnets"] = subnets;
    return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

int run_cidr(const std::vector<std::string>& args, CliOutput& io)
{
    CidrArgs a;
    if (int rc = parse_args(args, a, io); rc != ExitOk) return rc;
    auto report = wire::describe_cidr(a.prefix);
    if (!report) {
        io.err += "wirelab cidr: " + report.error().message + "\n";
        return ExitFailure;
    }
    std::vector<std::string> subnets;
    if (a.split != 0) {
        auto s = split_text(a.prefix, a.split);
        if (!s) {
            io.err += "wirelab cidr: " + s.error().message + "\n";
            return ExitFailure;
        }
        subnets = std::move(*s);
    }
    io.out += a.json ? as_json(*report, subnets) : as_text(*report, subnets);
    return ExitOk;
}

} // namespace

const CliCommand& cidr_command()
{
    static const CliCommand cmd{"cidr", "CIDR calculator: network, netmask, broadcast, hosts",
                                kHelp, run_cidr};
    return cmd;
}

} // namespace wirelab::sim
