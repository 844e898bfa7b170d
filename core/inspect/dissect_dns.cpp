// Dissector for DNS over UDP port 53 (RFC 1035 §4.1), on top of the parser of core/wire/dns.h.
// The header fields are read straight from the bytes so a message cut short still shows them;
// questions and records come from dns::parse, their byte ranges from walking the wire names.
#include "core/inspect/dissector.h"
#include "core/wire/dns.h"

namespace wirelab::wire::dissector {

namespace {

constexpr FieldSpec kDns = protocol_field("dns", "Domain Name System");
constexpr FieldSpec kId = uint_field("dns.id", "Transaction ID", 16, Display::Hex);
constexpr FieldSpec kFlags = uint_field("dns.flags", "Flags", 16, Display::Hex);
constexpr FieldSpec kResponse = bool_field("dns.flags.response", "Response");
constexpr FieldSpec kOpcode = uint_field("dns.flags.opcode", "Opcode", 4);
constexpr FieldSpec kAuthoritative = bool_field("dns.flags.authoritative", "Authoritative");
constexpr FieldSpec kTruncated = bool_field("dns.flags.truncated", "Truncated");
constexpr FieldSpec kRecDesired = bool_field("dns.flags.recdesired", "Recursion desired");
constexpr FieldSpec kRecAvail = bool_field("dns.flags.recavail", "Recursion available");
constexpr FieldSpec kRcode = uint_field("dns.flags.rcode", "Reply code", 4);
constexpr FieldSpec kQdCount = uint_field("dns.count.queries", "Questions", 16);
constexpr FieldSpec kAnCount = uint_field("dns.count.answers", "Answer RRs", 16);
constexpr FieldSpec kNsCount = uint_field("dns.count.auth_rr", "Authority RRs", 16);
constexpr FieldSpec kArCount = uint_field("dns.count.add_rr", "Additional RRs", 16);
constexpr FieldSpec kQryName = text_field("dns.qry.name", "Name");
constexpr FieldSpec kQryType = uint_field("dns.qry.type", "Type", 16);
constexpr FieldSpec kQryClass = uint_field("dns.qry.class", "Class", 16, Display::Hex);
constexpr FieldSpec kRespName = text_field("dns.resp.name", "Name");
constexpr FieldSpec kRespType = uint_field("dns.resp.type", "Type", 16);
constexpr FieldSpec kRespTtl = uint_field("dns.resp.ttl", "Time to live", 32);
constexpr FieldSpec kA = ipv4_field("dns.a", "Address");
constexpr FieldSpec kAaaa = ipv6_field("dns.aaaa", "AAAA Address");
constexpr FieldSpec kCname = text_field("dns.cname", "CNAME");
constexpr FieldSpec kNs = text_field("dns.ns", "Name Server");

constexpr const FieldSpec* kDnsFields[] = {
    &kDns,       &kId,         &kFlags,    &kResponse, &kOpcode,   &kAuthoritative,
    &kTruncated, &kRecDesired, &kRecAvail, &kRcode,    &kQdCount,  &kAnCount,
    &kNsCount,   &kArCount,    &kQryName,  &kQryType,  &kQryClass, &kRespName,
    &kRespType,  &kRespTtl,    &kA,        &kAaaa,     &kCname,    &kNs,
};

// Wireshark shows names without the trailing dot, the root as "<Root>".
std::string name_text(const dns::Name& n)
{
    if (n.is_root()) return "<Root>";
    std::string s = n.to_text();
    s.pop_back();
    return s;
}

// Bytes the (possibly compressed) name at `rel` takes in the message; 0 if it does not end in
// the message. A pointer ends the name (RFC 1035 §4.1.4).
size_t name_len(const View& v, size_t rel)
{
    for (size_t n = 0; v.has(rel + n, 1) && n <= dns::kMaxNameLen;) {
        uint8_t len = v.u8(rel + n);
        if ((len & 0xc0) == 0xc0) return v.has(rel + n, 2) ? n + 2 : 0;
        if (len == 0) return n + 1;
        n += 1 + size_t(len);
    }
    return 0;
}

std::string opcode_text(uint8_t opcode)
{
    switch (opcode) {
    case 0: return "Standard query";
    case 1: return "Inverse query";
    case 2: return "Server status request";
    case 4: return "Zone change notification";
    case 5: return "Dynamic update";
    default: return strf("Unknown operation (%u)", unsigned(opcode));
    }
}

// Wireshark's names for the reply codes.
std::string rcode_text(uint8_t rcode)
{
    static const char* const kNames[] = {
        "No error",          "Format error",    "Server failure",
        "No such name",      "Not implemented", "Refused",
        "Name exists",       "RRset exists",    "RRset does not exist",
        "Not authoritative", "Name out of zone"};
    return rcode < std::size(kNames) ? kNames[rcode] : strf("Unknown (%u)", unsigned(rcode));
}

// " A 10.0.0.80", " CNAME web.lab", " SOA ns1.lab": a record as Wireshark's Info shows it.
std::string record_info(const dns::Record& r)
{
    std::string s = " " + dns::to_string(r.type());
    if (auto* a = std::get_if<dns::A>(&r.data)) return s + " " + a->addr.to_string();
    if (auto* a = std::get_if<dns::Aaaa>(&r.data)) return s + " " + a->addr.to_string();
    if (auto* c = std::get_if<dns::Cname>(&r.data)) return s + " " + name_text(c->target);
    if (auto* n = std::get_if<dns::Ns>(&r.data)) return s + " " + name_text(n->host);
    if (auto* p = std::get_if<dns::Ptr>(&r.data)) return s + " " + name_text(p->target);
    if (auto* m = std::get_if<dns::Mx>(&r.data))
        return s + strf(" %u ", unsigned(m->preference)) + name_text(m->exchange);
    if (auto* soa = std::get_if<dns::Soa>(&r.data)) return s + " " + name_text(soa->mname);
    return s;
}

std::string info_text(const dns::Repr& m)
{
    std::string s = opcode_text(uint8_t(m.opcode)) + (m.response ? " response" : "");
    s += strf(" 0x%04x", unsigned(m.id));
    if (m.rcode != dns::Rcode::NoError) s += " " + rcode_text(uint8_t(m.rcode));
    for (const dns::Question& q : m.questions)
        s += " " + dns::to_string(q.type) + " " + name_text(q.name);
    for (const auto* section : {&m.answers, &m.authorities, &m.additionals})
        for (const dns::Record& r : *section) s += record_info(r);
    return s;
}

void add_header(Builder& b, const View& v)
{
    uint16_t flags = v.be16(dns::kFlags);
    b.add_uint(kId, v, dns::kId, 2, v.be16(dns::kId));
    Field* f = b.add_uint(kFlags, v, dns::kFlags, 2, flags);
    b.open(f);
    b.add_bits(kResponse, v, dns::kFlags, 2, dns::kFlagQr,
               (flags & dns::kFlagQr) ? "Message is a response" : "Message is a query");
    b.add_bits(kOpcode, v, dns::kFlags, 2, 0x7800);
    b.add_bits(kAuthoritative, v, dns::kFlags, 2, dns::kFlagAa);
    b.add_bits(kTruncated, v, dns::kFlags, 2, dns::kFlagTc);
    b.add_bits(kRecDesired, v, dns::kFlags, 2, dns::kFlagRd);
    b.add_bits(kRecAvail, v, dns::kFlags, 2, dns::kFlagRa);
    b.add_bits(kRcode, v, dns::kFlags, 2, 0x000f, b.text() ? rcode_text(flags & 0x0f) : "");
    b.close();
    b.add_uint(kQdCount, v, dns::kQdCount, 2, v.be16(dns::kQdCount));
    b.add_uint(kAnCount, v, dns::kAnCount, 2, v.be16(dns::kAnCount));
    b.add_uint(kNsCount, v, dns::kNsCount, 2, v.be16(dns::kNsCount));
    b.add_uint(kArCount, v, dns::kArCount, 2, v.be16(dns::kArCount));
}

void add_text(Builder& b, const FieldSpec& spec, const View& v, size_t rel, size_t len,
              const dns::Name& name)
{
    if (b.wants(spec)) b.add(spec, v, rel, len, FieldValue::str(name_text(name)));
}

// Returns the offset after the question.
size_t add_question(Builder& b, const View& v, size_t rel, const dns::Question& q)
{
    size_t n = name_len(v, rel);
    add_text(b, kQryName, v, rel, n, q.name);
    b.add_uint(kQryType, v, rel + n, 2, uint16_t(q.type), dns::to_string(q.type));
    b.add_uint(kQryClass, v, rel + n + 2, 2, uint16_t(q.qclass), dns::to_string(q.qclass));
    return rel + n + 4;
}

// Returns the offset after the record: name, type, class, TTL, rdlength, rdata.
size_t add_record(Builder& b, const View& v, size_t rel, const dns::Record& r)
{
    size_t n = name_len(v, rel);
    size_t data = rel + n + 10;
    size_t rdlen = v.be16(rel + n + 8);
    add_text(b, kRespName, v, rel, n, r.name);
    b.add_uint(kRespType, v, rel + n, 2, uint16_t(r.type()), dns::to_string(r.type()));
    b.add_uint(kRespTtl, v, rel + n + 4, 4, r.ttl);
    if (auto* a = std::get_if<dns::A>(&r.data)) b.add(kA, v, data, 4, FieldValue::ipv4(a->addr));
    if (auto* a = std::get_if<dns::Aaaa>(&r.data))
        b.add(kAaaa, v, data, 16, FieldValue::ipv6(a->addr));
    if (auto* c = std::get_if<dns::Cname>(&r.data)) add_text(b, kCname, v, data, rdlen, c->target);
    if (auto* ns = std::get_if<dns::Ns>(&r.data)) add_text(b, kNs, v, data, rdlen, ns->host);
    return data + rdlen;
}

void add_sections(Builder& b, const View& v, const dns::Repr& m)
{
    size_t rel = dns::kHeaderLen;
    for (const dns::Question& q : m.questions) rel = add_question(b, v, rel, q);
    for (const auto* section : {&m.answers, &m.authorities, &m.additionals})
        for (const dns::Record& r : *section) rel = add_record(b, v, rel, r);
}

} // namespace

FieldList dns_fields()
{
    return kDnsFields;
}

size_t dissect_dns(Builder& b, View v)
{
    auto parsed = dns::parse(v.bytes);
    Field* layer = b.begin_layer(kDns, v, v.size());
    if (layer && parsed) layer->value = parsed.value().response ? "Response" : "Query";
    add_header(b, v);
    if (parsed) add_sections(b, v, parsed.value());
    b.end_layer();
    if (b.text()) {
        b.set_protocol("DNS");
        if (parsed)
            b.set_info(info_text(parsed.value()));
        else if (v.has(0, dns::kHeaderLen))
            b.set_info(strf("DNS message 0x%04x, malformed", unsigned(v.be16(dns::kId))));
        else
            b.set_info(strf("DNS message of %zu bytes, cut short", v.size()));
    }
    if (!parsed) b.malformed("DNS", parsed.error().message(), v.base);
    return v.size();
}

} // namespace wirelab::wire::dissector
