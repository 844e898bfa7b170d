// Inspector field parsers (the loader's messages come from the same parsers).
#include "web/views/inspector_checks.h"

#include "core/base/text.h"
#include "sim/scenario_units.h"

#include <charconv>
#include <cstdio>

namespace wirelab::web {

std::vector<std::string> split_list(const std::string& text)
{
    std::vector<std::string> out;
    for (std::string_view w : split_any(text, ", \t;")) out.emplace_back(w);
    return out;
}

std::string check_ipv4_list(const std::string& text)
{
    for (const std::string& w : split_list(text)) {
        auto p = wire::Ipv4Prefix::parse(w);
        if (!p) return p.error().message;
    }
    return {};
}

std::string check_ipv6_list(const std::string& text)
{
    for (const std::string& w : split_list(text)) {
        auto p = wire::Ipv6Prefix::parse(w);
        if (!p) return p.error().message;
    }
    return {};
}

std::vector<wire::Ipv4Prefix> parse_ipv4_list(const std::string& text)
{
    std::vector<wire::Ipv4Prefix> out;
    for (const std::string& w : split_list(text))
        if (auto p = wire::Ipv4Prefix::parse(w)) out.push_back(*p);
    return out;
}

std::vector<wire::Ipv6Prefix> parse_ipv6_list(const std::string& text)
{
    std::vector<wire::Ipv6Prefix> out;
    for (const std::string& w : split_list(text))
        if (auto p = wire::Ipv6Prefix::parse(w)) out.push_back(*p);
    return out;
}

std::string join_prefixes(const std::vector<wire::Ipv4Prefix>& list)
{
    std::string s;
    for (const auto& p : list) s += (s.empty() ? "" : ", ") + p.to_string();
    return s;
}

std::string join_prefixes(const std::vector<wire::Ipv6Prefix>& list)
{
    std::string s;
    for (const auto& p : list) s += (s.empty() ? "" : ", ") + p.to_string();
    return s;
}

std::string check_optional_ipv4(const std::string& text)
{
    if (split_list(text).empty()) return {};
    auto a = wire::Ipv4Addr::parse(split_list(text)[0]);
    return a ? std::string() : a.error().message;
}

std::string check_optional_ipv6(const std::string& text)
{
    if (split_list(text).empty()) return {};
    auto a = wire::Ipv6Addr::parse(split_list(text)[0]);
    return a ? std::string() : a.error().message;
}

std::string check_optional_ip(const std::string& text)
{
    if (split_list(text).empty()) return {};
    auto a = wire::IpAddr::parse(split_list(text)[0]);
    return a ? std::string() : a.error().message;
}

std::string check_prefix(const std::string& text)
{
    const auto words = split_list(text);
    if (words.empty()) return "the destination network is missing (e.g. 10.9.0.0/16, or 0.0.0.0/0)";
    auto p = wire::IpPrefix::parse(words[0]);
    return p ? std::string() : p.error().message;
}

std::string check_duration(const std::string& text)
{
    auto d = sim::parse_duration(text);
    return d ? std::string() : d.error().message;
}

std::string check_bandwidth(const std::string& text)
{
    auto b = sim::parse_bandwidth(text);
    return b ? std::string() : b.error().message;
}

std::string check_percent(const std::string& text)
{
    std::string t = text;
    while (!t.empty() && (t.back() == ' ' || t.back() == '%')) t.pop_back();
    auto p = sim::parse_percent(t + "%");
    return p ? std::string() : p.error().message;
}

double parse_percent_value(const std::string& text)
{
    std::string t = text;
    while (!t.empty() && (t.back() == ' ' || t.back() == '%')) t.pop_back();
    auto p = sim::parse_percent(t + "%");
    return p ? *p : 0.0;
}

std::string format_percent(double p)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", p * 100.0);
    return buf;
}

std::string check_uint(const std::string& text, uint64_t min, uint64_t max, const char* what)
{
    uint64_t v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc() || ptr != end)
        return "\"" + text + "\" is not a number: " + what + " is a whole number " +
               std::to_string(min) + "-" + std::to_string(max);
    if (v < min || v > max)
        return std::to_string(v) + " is out of range: " + what + " must be " + std::to_string(min) +
               "-" + std::to_string(max);
    return {};
}

} // namespace wirelab::web
