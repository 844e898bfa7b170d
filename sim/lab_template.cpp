// Lab variables: drawing per-student values, and filling {{placeholders}} into text and JSON.
// [SECTION] index: drawing · attributes · filling
#include "sim/lab_template.h"

#include "core/base/hash.h"
#include "core/base/rng.h"
#include "core/base/text.h"
#include "sim/scenario_json.h"

#include <array>

namespace wirelab::sim {

const char* to_string(VariableKind k)
{
    switch (k) {
    case VariableKind::Ipv4Subnet: return "ipv4-subnet";
    case VariableKind::Ipv6Subnet: return "ipv6-subnet";
    case VariableKind::Integer: return "integer";
    case VariableKind::Choice: return "choice";
    }
    return "?";
}

} // namespace wirelab::sim

namespace wirelab::sim::detail {
namespace {

// ===================================================================================== [SECTION]
// Drawing

// A prefix as big-endian bytes (4 or 16 used), so both families share the bit arithmetic.
struct Bits {
    std::array<uint8_t, 16> b{};
    size_t width = 4; // bytes
};

Bits bits_of(const wire::IpPrefix& p)
{
    Bits out;
    if (p.is_v4()) {
        auto a = p.v4().network().bytes;
        std::copy(a.begin(), a.end(), out.b.begin());
        out.width = 4;
    } else {
        out.b = p.v6().network().bytes;
        out.width = 16;
    }
    return out;
}

wire::IpPrefix prefix_of(const Bits& bits, uint8_t len)
{
    if (bits.width == 4) {
        wire::Ipv4Addr a;
        std::copy_n(bits.b.begin(), 4, a.bytes.begin());
        return wire::Ipv4Prefix{a, len};
    }
    wire::Ipv6Addr a;
    a.bytes = bits.b;
    return wire::Ipv6Prefix{a, len};
}

bool overlaps(const wire::IpPrefix& a, const wire::IpPrefix& b)
{
    if (a.is_v4() != b.is_v4()) return false;
    return a.contains(b.network()) || b.contains(a.network());
}

// A subnet of `within` with the spec's length: the bits between the two lengths are random.
wire::IpPrefix draw_subnet(const VariableSpec& spec, Rng& rng)
{
    Bits bits = bits_of(spec.within);
    uint64_t pool = 0;
    unsigned left = 0;
    for (unsigned i = spec.within.len(); i < spec.length; ++i) {
        if (left == 0) {
            pool = rng.next_u64();
            left = 64;
        }
        if (pool & 1) bits.b[i / 8] |= uint8_t(0x80 >> (i % 8));
        pool >>= 1;
        --left;
    }
    return prefix_of(bits, spec.length);
}

constexpr int kMaxRedraws = 1000;

Result<VariableValue, std::string> draw_one(const VariableSpec& spec, Rng rng,
                                            const std::vector<VariableValue>& earlier)
{
    VariableValue v;
    v.name = spec.name;
    v.kind = spec.kind;
    switch (spec.kind) {
    case VariableKind::Integer:
        v.number = rng.uniform_int(spec.min, spec.max);
        v.text = std::to_string(v.number);
        return v;
    case VariableKind::Choice:
        v.text = spec.choices[rng.below(uint32_t(spec.choices.size()))];
        return v;
    case VariableKind::Ipv4Subnet:
    case VariableKind::Ipv6Subnet: break;
    }
    for (int attempt = 0; attempt < kMaxRedraws; ++attempt) {
        wire::IpPrefix p = draw_subnet(spec, rng);
        bool clash = false;
        for (const wire::IpPrefix& x : spec.exclude) clash = clash || overlaps(p, x);
        for (const VariableValue& e : earlier)
            if (e.kind == VariableKind::Ipv4Subnet || e.kind == VariableKind::Ipv6Subnet)
                clash = clash || overlaps(p, e.subnet);
        if (clash) continue;
        v.subnet = p;
        v.text = p.to_string();
        return v;
    }
    return fail("could not draw a /" + std::to_string(spec.length) + " inside " +
                spec.within.to_string() +
                " that avoids the other subnets and the excluded ones; make \"within\" larger");
}

} // namespace

Result<std::vector<VariableValue>, Diagnostic> draw_values(const Lab& lab, std::string_view student)
{
    Rng root(fnv1a64(lab.id + "/" + std::string(student)));
    std::vector<VariableValue> out;
    for (const VariableSpec& spec : lab.variables) {
        auto v = draw_one(spec, root.stream(spec.name), out);
        if (!v)
            return fail(
                Diagnostic{Diagnostic::Severity::Error, "variables." + spec.name, v.error()});
        out.push_back(std::move(*v));
    }
    return out;
}

namespace {

// ===================================================================================== [SECTION]
// Attributes: {{lan.mask}}, {{lan.host(10)}}

// network + n, or an error when that leaves the subnet.
Result<std::string, std::string> host_of(const wire::IpPrefix& p, uint64_t n, std::string_view expr)
{
    Bits bits = bits_of(p);
    unsigned host_bits = unsigned(bits.width * 8) - p.len();
    if (host_bits < 64 && n >> host_bits)
        return fail(std::string(expr) + " is outside " + p.to_string() + ", which has " +
                    std::to_string(uint64_t(1) << host_bits) + " addresses (0 to " +
                    std::to_string((uint64_t(1) << host_bits) - 1) + ")");
    uint64_t carry = n;
    for (size_t i = bits.width; i-- > 0 && carry;) {
        uint64_t sum = bits.b[i] + (carry & 0xff);
        bits.b[i] = uint8_t(sum);
        carry = (carry >> 8) + (sum >> 8);
    }
    wire::IpPrefix h = prefix_of(bits, uint8_t(bits.width * 8));
    return h.addr().to_string();
}

Result<std::string, std::string> subnet_attribute(const VariableValue& v, std::string_view attr,
                                                  std::string_view expr)
{
    if (attr == "network") return v.subnet.network().to_string();
    if (attr == "len") return std::to_string(v.subnet.len());
    if (attr.substr(0, 5) == "host(" && attr.back() == ')') {
        std::string_view digits = attr.substr(5, attr.size() - 6);
        uint64_t n = 0;
        bool ok = !digits.empty() && digits.size() <= 19;
        for (char c : digits) {
            ok = ok && c >= '0' && c <= '9';
            n = n * 10 + uint64_t(c - '0');
        }
        if (!ok) return fail(std::string(expr) + ": host(N) needs a whole number N, like host(10)");
        return host_of(v.subnet, n, expr);
    }
    if (v.subnet.is_v4()) {
        const wire::Ipv4Prefix& p = v.subnet.v4();
        if (attr == "mask") return p.netmask().to_string();
        if (attr == "wildcard") return p.wildcard().to_string();
        if (attr == "broadcast") return p.broadcast().to_string();
        if (attr == "first") return p.first_host().to_string();
        if (attr == "last") return p.last_host().to_string();
        if (attr == "hosts") return std::to_string(p.host_count());
    } else {
        const wire::Ipv6Prefix& p = v.subnet.v6();
        if (attr == "first") return host_of(v.subnet, 1, expr);
        if (attr == "last") return p.last().to_string();
    }
    std::string allowed =
        v.subnet.is_v4() ? "network, len, mask, wildcard, broadcast, first, last, hosts, host(N)"
                         : "network, len, first, last, host(N)";
    return fail(std::string(expr) + ": " + quote(attr) + " is not an attribute of " + v.name +
                " (an " + to_string(v.kind) + "; attributes: " + allowed + ")");
}

const VariableValue* find_value(const FillContext& ctx, std::string_view name)
{
    for (const VariableValue& v : *ctx.values)
        if (v.name == name) return &v;
    return nullptr;
}

Result<std::string, std::string> evaluate(std::string_view inner, const FillContext& ctx)
{
    std::string expr = "{{" + std::string(inner) + "}}";
    std::string body(trim(inner));
    size_t dot = body.find('.');
    std::string name = body.substr(0, dot);
    if (name == "student" && dot == std::string::npos) return ctx.student;
    const VariableValue* v = find_value(ctx, name);
    if (!v) {
        std::vector<std::string_view> names = placeholder_names(ctx);
        std::string msg = expr + ": no variable " + quote(name);
        std::string_view guess = closest(name, names);
        if (!guess.empty()) return fail(msg + "; did you mean {{" + std::string(guess) + "}}?");
        msg += " (placeholders here: ";
        for (size_t i = 0; i < names.size(); ++i) msg += (i ? ", " : "") + std::string(names[i]);
        return fail(msg + ")");
    }
    if (dot == std::string::npos) return v->text;
    std::string attr = body.substr(dot + 1);
    if (v->kind != VariableKind::Ipv4Subnet && v->kind != VariableKind::Ipv6Subnet)
        return fail(expr + ": " + v->name + " is an " + to_string(v->kind) +
                    " and has no attributes");
    return subnet_attribute(*v, attr, expr);
}

} // namespace

std::vector<std::string_view> placeholder_names(const FillContext& ctx)
{
    std::vector<std::string_view> names;
    for (const VariableValue& v : *ctx.values) names.push_back(v.name);
    names.push_back("student");
    return names;
}

// ===================================================================================== [SECTION]
// Filling

Result<std::string, std::string> fill_text(std::string_view text, const FillContext& ctx)
{
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t open = text.find("{{", pos);
        if (open == std::string_view::npos) break;
        // "{{{{" is a literal "{{": a lab can carry the web server's own templates
        // ("{{{{query.name}}" fills to "{{query.name}}"), which use the same braces.
        if (text.substr(open, 4) == "{{{{") {
            out.append(text.substr(pos, open - pos + 2));
            pos = open + 4;
            continue;
        }
        size_t close = text.find("}}", open + 2);
        if (close == std::string_view::npos)
            return fail("\"{{\" at character " + std::to_string(open + 1) +
                        " is never closed with \"}}\"");
        out.append(text.substr(pos, open - pos));
        auto value = evaluate(text.substr(open + 2, close - open - 2), ctx);
        if (!value) return fail(value.error());
        out += *value;
        pos = close + 2;
    }
    out.append(text.substr(pos));
    return out;
}

void fill_json(RawJson& v, const std::string& path, const FillContext& ctx,
               std::vector<Diagnostic>& errors)
{
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it)
            fill_json(it.value(), join_path(path, it.key()), ctx, errors);
        return;
    }
    if (v.is_array()) {
        for (size_t i = 0; i < v.size(); ++i) fill_json(v[i], index_path(path, i), ctx, errors);
        return;
    }
    const std::string* s = v.get_ptr<const std::string*>();
    if (!s || s->find("{{") == std::string::npos) return;
    if (s->size() > 4 && s->rfind("{{", 0) == 0 && s->find("{{", 2) == std::string::npos &&
        s->compare(s->size() - 2, 2, "}}") == 0) {
        const VariableValue* var =
            find_value(ctx, trim(std::string_view(*s).substr(2, s->size() - 4)));
        if (var && var->kind == VariableKind::Integer) {
            // Unsigned, as the JSON parser stores non-negative numbers (readers ask for uint64_t).
            v = var->number >= 0 ? RawJson(uint64_t(var->number)) : RawJson(var->number);
            return;
        }
    }
    auto filled = fill_text(*s, ctx);
    if (!filled) {
        errors.push_back({Diagnostic::Severity::Error, path, filled.error()});
        return;
    }
    v = RawJson(std::move(*filled));
}

} // namespace wirelab::sim::detail
