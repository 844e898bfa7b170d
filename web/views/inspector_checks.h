// Parsers behind the inspector's fields. Each returns the error text the scenario loader would
// print for the same value (they call the same parsers), or "" when the text is fine.
#pragma once

#include "core/wire/ip_prefix.h"

#include <optional>
#include <string>
#include <vector>

namespace wirelab::web {

// Words of a list separated by commas and/or spaces.
std::vector<std::string> split_list(const std::string& text);

std::string check_ipv4_list(const std::string& text);
std::string check_ipv6_list(const std::string& text);
std::vector<wire::Ipv4Prefix> parse_ipv4_list(const std::string& text); // after a passing check
std::vector<wire::Ipv6Prefix> parse_ipv6_list(const std::string& text);
std::string join_prefixes(const std::vector<wire::Ipv4Prefix>& list);
std::string join_prefixes(const std::vector<wire::Ipv6Prefix>& list);

// An optional address: empty text is "none".
std::string check_optional_ipv4(const std::string& text);
std::string check_optional_ipv6(const std::string& text);
std::string check_optional_ip(const std::string& text);
std::string check_prefix(const std::string& text); // route destination, v4 or v6

std::string check_duration(const std::string& text);  // "20ms"
std::string check_bandwidth(const std::string& text); // "10Mbit"
std::string check_percent(const std::string& text);   // "5" or "5%": 0-100
double parse_percent_value(const std::string& text);  // after a passing check: 0..1
std::string format_percent(double p);                 // 0.05 -> "5"
std::string check_uint(const std::string& text, uint64_t min, uint64_t max, const char* what);

} // namespace wirelab::web
