#include "sim/scenario_units.h"

#include <cmath>

namespace wirelab::sim {
namespace {

std::string quote(std::string_view s)
{
    return "\"" + std::string(s) + "\"";
}

// "<digits>[.<digits>]" followed by the rest (the unit). Trailing zeros of the fraction are
// dropped, so frac/10^frac_len is the exact fractional value.
struct Decimal {
    uint64_t whole = 0;
    uint64_t frac = 0;
    int frac_len = 0;
    std::string_view unit;
};

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

Result<Decimal, std::string> split_decimal(std::string_view text)
{
    Decimal d;
    size_t i = 0;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
        if (text[i] == '-') return fail(std::string("must not be negative"));
        ++i;
    }
    size_t start = i;
    for (; i < text.size() && is_digit(text[i]); ++i) {
        if (d.whole > 100'000'000'000'000'000ULL)
            return fail(std::string("the number is too large"));
        d.whole = d.whole * 10 + uint64_t(text[i] - '0');
    }
    bool any = i > start;
    if (i < text.size() && text[i] == '.') {
        ++i;
        std::string digits;
        for (; i < text.size() && is_digit(text[i]); ++i) digits += text[i];
        while (!digits.empty() && digits.back() == '0') digits.pop_back();
        any = any || i > start + 1;
        if (digits.size() > 18) return fail(std::string("too many decimals"));
        for (char c : digits) d.frac = d.frac * 10 + uint64_t(c - '0');
        d.frac_len = int(digits.size());
    }
    if (!any) return fail(std::string("it must start with a number"));
    while (i < text.size() && text[i] == ' ') ++i;
    d.unit = text.substr(i);
    return d;
}

uint64_t pow10(int n)
{
    uint64_t v = 1;
    for (int i = 0; i < n; ++i) v *= 10;
    return v;
}

// whole*unit + frac*unit/10^frac_len, when it is a whole number not above `max`. frac has no
// trailing zero, so the result is only whole when 10^frac_len divides unit (a power of ten, or
// eight times one for bytes), and then frac*(unit/10^frac_len) cannot overflow.
enum class Scale { Ok, Fraction, TooLarge };
Scale scale(const Decimal& d, uint64_t unit, uint64_t max, uint64_t& out)
{
    if (d.frac_len > 18) return Scale::Fraction;
    uint64_t den = pow10(d.frac_len);
    if (unit % den != 0) return Scale::Fraction;
    if (d.whole > max / unit) return Scale::TooLarge;
    uint64_t frac = d.frac * (unit / den);
    out = d.whole * unit + frac;
    return out > max ? Scale::TooLarge : Scale::Ok;
}

// Prints v/unit with as many decimals as needed; unit is a power of ten.
std::string decimal_text(uint64_t v, uint64_t unit)
{
    std::string s = std::to_string(v / unit);
    uint64_t rest = v % unit;
    if (rest == 0) return s;
    std::string frac = std::to_string(rest);
    size_t width = std::to_string(unit).size() - 1;
    frac.insert(0, width - frac.size(), '0');
    while (frac.back() == '0') frac.pop_back();
    return s + "." + frac;
}

UnitError duration_error(std::string_view text, const std::string& why)
{
    return UnitError{quote(text) + " is not a duration: " + why};
}

} // namespace

Result<SimTime, UnitError> parse_duration(std::string_view text)
{
    if (text.empty()) return fail(duration_error(text, "it is empty (write e.g. \"20ms\")"));
    auto d = split_decimal(text);
    if (!d) return fail(duration_error(text, d.error() + ", e.g. \"20ms\""));
    static constexpr struct {
        std::string_view name;
        uint64_t ns;
    } kUnits[] = {
        {"s", 1'000'000'000}, {"ms", 1'000'000}, {"us", 1'000}, {"\xc2\xb5s", 1'000}, {"ns", 1}};
    std::string number(text.substr(0, text.size() - d->unit.size()));
    if (d->unit.empty())
        return fail(duration_error(text, "it needs a unit: \"" + number + "s\", \"" + number +
                                             "ms\", \"" + number + "us\" or \"" + number +
                                             "ns\" (a plain JSON number means seconds)"));
    for (const auto& u : kUnits) {
        if (d->unit != u.name) continue;
        uint64_t ns = 0;
        switch (scale(*d, u.ns, uint64_t(kMaxDurationNs), ns)) {
        case Scale::Fraction: return fail(duration_error(text, "it is finer than 1ns"));
        case Scale::TooLarge:
            return fail(UnitError{quote(text) + " is too long: at most 1000000s"});
        case Scale::Ok: return SimTime::from_ns(int64_t(ns));
        }
    }
    return fail(duration_error(text, "unknown unit " + quote(d->unit) + " (use s, ms, us or ns)"));
}

Result<SimTime, UnitError> duration_from_seconds(double seconds)
{
    if (!std::isfinite(seconds)) return fail(UnitError{"a duration must be a finite number"});
    if (seconds < 0) return fail(UnitError{"a duration must not be negative"});
    if (seconds * 1e9 > double(kMaxDurationNs))
        return fail(UnitError{"a duration is at most 1000000 seconds"});
    return SimTime::from_ns(int64_t(std::llround(seconds * 1e9)));
}

std::string format_duration(SimTime t)
{
    int64_t ns = t.ns();
    if (ns < 0) return "-" + format_duration(SimTime::from_ns(-ns));
    if (ns >= 1'000'000'000) return decimal_text(uint64_t(ns), 1'000'000'000) + "s";
    if (ns >= 1'000'000) return decimal_text(uint64_t(ns), 1'000'000) + "ms";
    if (ns >= 1'000) return decimal_text(uint64_t(ns), 1'000) + "us";
    if (ns == 0) return "0s";
    return std::to_string(ns) + "ns";
}

namespace {

// Bits per second for a bandwidth unit name, 0 if unknown. The prefix letter is accepted in
// either case, like tc(8): "mbit" is a megabit (there are no millibits on a wire).
uint64_t bandwidth_unit(std::string_view u)
{
    if (u.size() >= 2 && u.substr(u.size() - 2) == "/s") u.remove_suffix(2);
    uint64_t mult = 1;
    if (!u.empty() && u != "bit" && u != "bps") {
        switch (u[0]) {
        case 'k':
        case 'K': mult = 1'000; break;
        case 'm':
        case 'M': mult = 1'000'000; break;
        case 'g':
        case 'G': mult = 1'000'000'000; break;
        case 't':
        case 'T': mult = 1'000'000'000'000; break;
        default: return 0;
        }
        u.remove_prefix(1);
    }
    return (u == "bit" || u == "bps") ? mult : 0;
}

bool is_byte_unit(std::string_view u)
{
    return u.find('B') != std::string_view::npos;
}

UnitError bandwidth_error(std::string_view text, const std::string& why)
{
    return UnitError{quote(text) + " is not a bandwidth: " + why};
}

} // namespace

Result<uint64_t, UnitError> parse_bandwidth(std::string_view text)
{
    if (text.empty()) return fail(bandwidth_error(text, "it is empty (write e.g. \"100Mbit\")"));
    auto d = split_decimal(text);
    if (!d) return fail(bandwidth_error(text, d.error() + ", e.g. \"100Mbit\""));
    std::string number(text.substr(0, text.size() - d->unit.size()));
    if (d->unit.empty())
        return fail(bandwidth_error(text, "it needs a unit: \"" + number + "Mbit\", \"" + number +
                                              "kbit\"... (a plain JSON number means bit/s)"));
    if (is_byte_unit(d->unit)) {
        std::string bit_unit(d->unit);
        bit_unit.erase(bit_unit.find('B'), 1);
        uint64_t bits = 0;
        uint64_t mult = bandwidth_unit(bit_unit.empty() || bit_unit == "/s" || bit_unit == "ps"
                                           ? "bit"
                                           : bit_unit.substr(0, 1) + "bit");
        std::string hint;
        if (mult && scale(*d, mult * 8, kMaxBandwidthBps, bits) == Scale::Ok)
            hint = " (" + std::string(text) + " is " + format_bandwidth(bits) + ")";
        return fail(bandwidth_error(text, "that is bytes; write bandwidth in bits per second, like "
                                          "\"100Mbit\"" +
                                              hint));
    }
    uint64_t mult = bandwidth_unit(d->unit);
    if (mult == 0)
        return fail(bandwidth_error(text, "unknown unit " + quote(d->unit) +
                                              " (use bit, kbit, Mbit, Gbit or Tbit)"));
    uint64_t bps = 0;
    switch (scale(*d, mult, kMaxBandwidthBps, bps)) {
    case Scale::Fraction: return fail(bandwidth_error(text, "not a whole number of bit/s"));
    case Scale::TooLarge: return fail(UnitError{quote(text) + " is too fast: at most 1Tbit"});
    case Scale::Ok: break;
    }
    if (bps == 0) return fail(UnitError{quote(text) + " is too slow: a link needs at least 1bit"});
    return bps;
}

Result<uint64_t, UnitError> bandwidth_from_number(double bps)
{
    if (!std::isfinite(bps) || bps != std::floor(bps))
        return fail(UnitError{"a bandwidth number is a whole count of bit/s"});
    if (bps < 1) return fail(UnitError{"a bandwidth must be at least 1 bit/s"});
    if (bps > double(kMaxBandwidthBps)) return fail(UnitError{"a bandwidth is at most 1Tbit"});
    return uint64_t(bps);
}

std::string format_bandwidth(uint64_t bps)
{
    static constexpr struct {
        uint64_t mult;
        const char* name;
    } kUnits[] = {
        {1'000'000'000'000, "Tbit"}, {1'000'000'000, "Gbit"}, {1'000'000, "Mbit"}, {1'000, "kbit"}};
    for (const auto& u : kUnits)
        if (bps != 0 && bps % u.mult == 0) return std::to_string(bps / u.mult) + u.name;
    return std::to_string(bps) + "bit";
}

Result<double, UnitError> parse_percent(std::string_view text)
{
    auto bad = [&](const std::string& why) {
        return UnitError{quote(text) + " is not a percentage: " + why};
    };
    if (text.empty() || text.back() != '%') return fail(bad("it must end with \"%\", like \"5%\""));
    auto d = split_decimal(text.substr(0, text.size() - 1));
    if (!d) return fail(bad(d.error()));
    if (!d->unit.empty()) return fail(bad("unexpected " + quote(d->unit)));
    if (d->whole > 100 || (d->whole == 100 && d->frac != 0)) return fail(bad("it is above 100%"));
    if (d->frac_len > 13) return fail(bad("too many decimals"));
    // Both operands are exact doubles, so one division gives the correctly rounded value:
    // "5%" is exactly the double nearest 0.05, the same one a JSON 0.05 gives.
    double mantissa = double(d->whole * pow10(d->frac_len) + d->frac);
    return mantissa / double(pow10(d->frac_len + 2));
}

} // namespace wirelab::sim
