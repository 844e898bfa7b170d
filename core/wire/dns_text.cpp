// DNS presentation format (RFC 1035 §5.1, RFC 3597 §5 for unknown types), as dig prints it.
#include "core/wire/dns.h"

#include "core/base/text.h"

#include <string>
#include <type_traits>

namespace wirelab::wire::dns {

namespace {

struct TypeName {
    Type type;
    const char* name;
};

constexpr TypeName kTypeNames[] = {
    {Type::A, "A"},     {Type::Ns, "NS"},     {Type::Cname, "CNAME"}, {Type::Soa, "SOA"},
    {Type::Ptr, "PTR"}, {Type::Mx, "MX"},     {Type::Txt, "TXT"},     {Type::Aaaa, "AAAA"},
    {Type::Opt, "OPT"}, {Type::Axfr, "AXFR"}, {Type::Any, "ANY"},
};

std::optional<uint16_t> parse_u16(std::string_view s)
{
    if (s.empty() || s.size() > 5) return std::nullopt;
    uint32_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + uint32_t(c - '0');
    }
    return v <= 0xffff ? std::optional<uint16_t>(uint16_t(v)) : std::nullopt;
}

// A <character-string> in quotes: " and \ escaped, bytes outside printable ASCII as \DDD.
void append_quoted(std::string& out, const std::string& s)
{
    out += '"';
    for (char ch : s) {
        auto c = uint8_t(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20 || c > 0x7e) {
            out += '\\';
            out += char('0' + c / 100);
            out += char('0' + c / 10 % 10);
            out += char('0' + c % 10);
        } else {
            out += ch;
        }
    }
    out += '"';
}

std::string raw_to_text(const Bytes& data)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\\# " + std::to_string(data.size());
    if (!data.empty()) out += ' ';
    for (uint8_t b : data) {
        out += kHex[b >> 4];
        out += kHex[b & 0xf];
    }
    return out;
}

} // namespace

std::string to_string(Rcode rcode)
{
    static constexpr const char* kNames[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
                                             "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
                                             "NXRRSET", "NOTAUTH", "NOTZONE"};
    auto v = uint8_t(rcode);
    if (v < std::size(kNames)) return kNames[v];
    return "RESERVED" + std::to_string(v);
}

std::string to_string(Type type)
{
    for (const TypeName& t : kTypeNames)
        if (t.type == type) return t.name;
    return "TYPE" + std::to_string(uint16_t(type));
}

std::string to_string(Class cls)
{
    switch (cls) {
    case Class::In: return "IN";
    case Class::Ch: return "CH";
    case Class::Hs: return "HS";
    case Class::None: return "NONE";
    case Class::Any: return "ANY";
    }
    return "CLASS" + std::to_string(uint16_t(cls));
}

std::optional<Type> type_from_text(std::string_view text)
{
    for (const TypeName& t : kTypeNames)
        if (iequals(text, t.name)) return t.type;
    if (text.size() > 4 && iequals(text.substr(0, 4), "TYPE"))
        if (auto v = parse_u16(text.substr(4))) return Type(*v);
    return std::nullopt;
}

std::string rdata_to_text(const RData& data)
{
    return std::visit(
        [](const auto& d) -> std::string {
            using T = std::decay_t<decltype(d)>;
            if constexpr (std::is_same_v<T, A> || std::is_same_v<T, Aaaa>) {
                return d.addr.to_string();
            } else if constexpr (std::is_same_v<T, Ns>) {
                return d.host.to_text();
            } else if constexpr (std::is_same_v<T, Cname> || std::is_same_v<T, Ptr>) {
                return d.target.to_text();
            } else if constexpr (std::is_same_v<T, Mx>) {
                return std::to_string(d.preference) + " " + d.exchange.to_text();
            } else if constexpr (std::is_same_v<T, Txt>) {
                std::string out;
                for (const std::string& s : d.strings) {
                    if (!out.empty()) out += ' ';
                    append_quoted(out, s);
                }
                return out;
            } else if constexpr (std::is_same_v<T, Soa>) {
                std::string out = d.mname.to_text() + " " + d.rname.to_text();
                for (uint32_t v : {d.serial, d.refresh, d.retry, d.expire, d.minimum})
                    out += " " + std::to_string(v);
                return out;
            } else {
                return raw_to_text(d.data);
            }
        },
        data);
}

std::string to_text(const Record& r)
{
    return r.name.to_text() + "\t" + std::to_string(r.ttl) + "\t" + to_string(r.rclass) + "\t" +
           to_string(r.type()) + "\t" + rdata_to_text(r.data);
}

} // namespace wirelab::wire::dns
