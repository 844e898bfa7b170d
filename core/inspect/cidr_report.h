// describe_cidr(): the rows of an ipcalc-style CIDR calculator for an IPv4 or IPv6 prefix. UI-free:
// the `wirelab cidr` command prints the rows as text or JSON, and the browser's CIDR calculator
// window shows them in a table. RFC 4632 (CIDR), RFC 3021 (/31), RFC 6164 (/127).
#pragma once

#include "core/wire/ip_prefix.h"

#include <string>
#include <string_view>
#include <vector>

namespace wirelab::wire {

struct CidrRow {
    std::string key;   // stable snake_case JSON key: "network", "netmask", "hosts", ...
    std::string label; // for people: "Network", "Netmask", "Hosts", ...
    std::string value; // "192.168.5.0/24", "255.255.255.0 = 24", "254", ...
};

struct CidrReport {
    std::vector<CidrRow> rows;
    // The row with this key, or nullptr.
    const CidrRow* find(std::string_view key) const;
};

// Accepts "a.b.c.d/len" (also the abbreviated "192.168.5/24"), an IPv6 prefix, or a bare address
// of either family, which is described as a single host (/32 or /128) with a note saying so.
//
// IPv4 rows, in order: address, network, netmask, wildcard, broadcast, first_host, last_host,
// hosts, address_space, then note (only when there is something to point out, such as host bits
// set in "10.1.2.3/8").
// IPv6 rows: address, expanded, network, prefix_length, first_address, last_address, addresses
// ("256", or "2^64" once the count is large), address_space, then note when needed.
// Errors are those of IpPrefix::parse, naming the text and the fault.
Result<CidrReport, AddrError> describe_cidr(std::string_view text);

} // namespace wirelab::wire
