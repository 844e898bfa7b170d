// `wirelab ports [PORT|SERVICE] [--json]`: the course notes' well-known port table.
#include "core/inspect/well_known_ports.h"
#include "sim/cli.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>

namespace wirelab::sim {
namespace {

using wire::WellKnownPort;

constexpr std::string_view kUsage = "usage: wirelab ports [PORT|SERVICE] [--json]\n";

constexpr std::string_view kHelp =
    "usage: wirelab ports [PORT|SERVICE] [--json]\n"
    "\n"
    "Without an argument, lists the well-known service ports from the course notes (port,\n"
    "transport, service, description). With a port number or a service name (any case),\n"
    "shows that one entry. A port that is not in the table is placed in its IANA range:\n"
    "well-known 0-1023, registered 1024-49151, dynamic/ephemeral 49152-65535 (the range a\n"
    "client's own side of a connection comes from).\n"
    "\n"
    "options:\n"
    "  --json       print JSON: an array of entries, or one object\n"
    "  -h, --help   show this help\n"
    "\n"
    "examples:\n"
    "  wirelab ports\n"
    "  wirelab ports 443\n"
    "  wirelab ports https\n"
    "  wirelab ports 54711\n"
    "\n"
    "exit status: 0 success, 1 not a port number or no such service, 2 usage error\n";

using Json = nlohmann::ordered_json;

std::string dump(const Json& j)
{
    return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string table(const std::vector<const WellKnownPort*>& rows)
{
    std::vector<std::array<std::string, 4>> cells{{"Port", "Transport", "Service", "Description"}};
    for (const WellKnownPort* p : rows)
        cells.push_back({std::to_string(p->port), std::string(p->transport),
                         std::string(p->service), std::string(p->description)});
    std::array<size_t, 3> width{};
    for (const auto& c : cells)
        for (size_t i = 0; i < 3; ++i) width[i] = std::max(width[i], c[i].size());
    std::string out;
    for (const auto& c : cells) {
        for (size_t i = 0; i < 3; ++i) out += c[i] + std::string(width[i] - c[i].size() + 2, ' ');
        out += c[3] + "\n";
    }
    return out;
}

Json entry_json(const WellKnownPort& p)
{
    Json j;
    j["port"] = p.port;
    j["service"] = std::string(p.service);
    j["transport"] = std::string(p.transport);
    j["tcp"] = p.tcp;
    j["udp"] = p.udp;
    j["description"] = std::string(p.description);
    j["range"] = std::string(wire::port_range_label(wire::classify_port(p.port)));
    return j;
}

int list_all(bool json, CliOutput& io)
{
    std::vector<const WellKnownPort*> rows;
    for (const WellKnownPort& p : wire::well_known_ports()) rows.push_back(&p);
    if (!json) {
        io.out += table(rows);
        return ExitOk;
    }
    Json j = Json::array();
    for (const WellKnownPort* p : rows) j.push_back(entry_json(*p));
    io.out += dump(j);
    return ExitOk;
}

// A port with no table entry: say which range it is in and what that range is for.
void show_unlisted(uint16_t port, bool json, CliOutput& io)
{
    wire::PortRange range = wire::classify_port(port);
    std::string_view label = wire::port_range_label(range);
    std::string_view why = wire::port_range_explanation(range);
    if (json) {
        Json j;
        j["port"] = port;
        j["service"] = nullptr;
        j["range"] = std::string(label);
        j["explanation"] = std::string(why);
        io.out += dump(j);
        return;
    }
    std::string what = range == wire::PortRange::WellKnown ? "not in the course notes' port table"
                                                           : "not a well-known service port";
    io.out += std::to_string(port) + ": " + what + "; " + std::string(label) + ": " +
              std::string(why) + "\n";
}

// Digits only: the number (saturated above 65535 so it can be reported); otherwise nullopt.
std::optional<uint32_t> as_number(const std::string& s)
{
    if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    uint32_t v = 0;
    for (char c : s) v = std::min<uint32_t>(v * 10 + uint32_t(c - '0'), 1000000u);
    return v;
}

int show_one(const std::string& query, bool json, CliOutput& io)
{
    const WellKnownPort* p = nullptr;
    if (std::optional<uint32_t> n = as_number(query)) {
        if (*n > 65535) {
            io.err += "wirelab ports: " + query + " is not a port number (ports are 0-65535)\n";
            return ExitFailure;
        }
        p = wire::find_port(uint16_t(*n));
        if (!p) {
            show_unlisted(uint16_t(*n), json, io);
            return ExitOk;
        }
    } else {
        p = wire::find_port(std::string_view(query));
        if (!p) {
            io.err += "wirelab ports: no service named \"" + query +
                      "\" in the table (run 'wirelab ports' to list it)\n";
            return ExitFailure;
        }
    }
    if (json) {
        io.out += dump(entry_json(*p));
    } else {
        io.out += table({p});
        io.out +=
            "Range: " + std::string(wire::port_range_label(wire::classify_port(p->port))) + "\n";
    }
    return ExitOk;
}

int run_ports(const std::vector<std::string>& args, CliOutput& io)
{
    bool json = false;
    std::optional<std::string> query;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json") {
            json = true;
        } else if (a.size() > 1 && a[0] == '-') {
            io.err += "wirelab ports: unknown option '" + a + "'\n" + std::string(kUsage);
            return ExitUsage;
        } else if (query) {
            io.err += "wirelab ports: unexpected argument '" + a +
                      "' (one PORT or SERVICE at a time)\n" + std::string(kUsage);
            return ExitUsage;
        } else {
            query = a;
        }
    }
    return query ? show_one(*query, json, io) : list_all(json, io);
}

} // namespace

const CliCommand& ports_command()
{
    static const CliCommand cmd{"ports", "well-known service ports and port ranges", kHelp,
                                run_ports};
    return cmd;
}

} // namespace wirelab::sim
