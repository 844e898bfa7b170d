// DNS message parse (with decompression) and emit (with compression).
//
// [SECTION] index: parse: names · questions and records · record data · message
//                  emit: writer with the compression dictionary · record data · message
#include "core/wire/dns.h"

#include "core/base/assert.h"

#include <cstring>
#include <type_traits>

namespace wirelab::wire::dns {

namespace {

// [SECTION] parse: names

// Reads a possibly compressed name at `pos` and moves `pos` past its bytes in place (the first
// pointer included). Each pointer must point before the data it continues: the first before
// itself, the next before the previous target. That is how every compressor writes them (to
// names already written), and it makes a loop impossible: targets strictly decrease.
Result<Name, WireFault> read_name(ByteSpan m, size_t& pos)
{
    std::string wire;
    size_t p = pos;
    size_t limit = SIZE_MAX; // a pointer's target must be below this
    bool jumped = false;
    for (;;) {
        if (p >= m.size())
            return fault(WireError::Truncated,
                         "dns: name at offset %u runs past the end of the message (%u bytes)",
                         uint32_t(pos), uint32_t(m.size()));
        uint8_t len = m[p];
        if ((len & 0xc0) == 0xc0) {
            if (p + 1 >= m.size())
                return fault(WireError::Truncated,
                             "dns: compression pointer at offset %u is cut off", uint32_t(p));
            size_t target = size_t(len & 0x3f) << 8 | m[p + 1];
            if (target >= m.size())
                return fault(WireError::Malformed,
                             "dns: compression pointer at offset %u points to %u, past the end "
                             "of the message",
                             uint32_t(p), uint32_t(target));
            if (target >= std::min(limit, p))
                return fault(WireError::Malformed,
                             "dns: compression pointer at offset %u points to %u, not before "
                             "the data it continues (a loop)",
                             uint32_t(p), uint32_t(target));
            if (!jumped) pos = p + 2;
            jumped = true;
            limit = target;
            p = target;
            continue;
        }
        if (len & 0xc0)
            return fault(WireError::Malformed,
                         "dns: label type 0x%02x at offset %u is not defined (only labels and "
                         "compression pointers)",
                         len & 0xc0u, uint32_t(p));
        if (len == 0) break;
        if (p + 1 + len > m.size())
            return fault(WireError::Truncated,
                         "dns: label at offset %u runs past the end of the message", uint32_t(p));
        if (wire.size() + 1 + len + 1 > kMaxNameLen)
            return fault(WireError::BadLength, "dns: name at offset %u is longer than %u bytes",
                         uint32_t(pos), uint32_t(kMaxNameLen));
        wire.append(reinterpret_cast<const char*>(&m[p]), 1 + len);
        p += 1 + len;
    }
    if (!jumped) pos = p + 1;
    return Name::from_wire_labels(std::move(wire));
}

// [SECTION] parse: record data

Unexpected<WireFault> bad_rdata_len(uint16_t type, size_t len)
{
    return fault(WireError::Malformed,
                 "dns: record of type %u has data length %u, which does not match its fields", type,
                 uint32_t(len));
}

Result<Ok, WireFault> check_consumed(size_t p, size_t end, uint16_t type, size_t len)
{
    if (p != end) return bad_rdata_len(type, len);
    return Ok{};
}

// Record data is present in full (read_record checked), so a name in it that runs out of bytes
// runs past the data's length.
Unexpected<WireFault> name_error(const WireFault& f, size_t start, size_t len)
{
    if (f.kind != WireError::Truncated) return fail(f);
    return fault(WireError::Malformed,
                 "dns: a name in the record data at offset %u runs past its length %u",
                 uint32_t(start), uint32_t(len));
}

Result<RData, WireFault> read_txt(ByteSpan d, size_t start)
{
    Txt t;
    size_t i = 0;
    while (i < d.size()) {
        size_t n = d[i];
        if (i + 1 + n > d.size())
            return fault(WireError::Malformed,
                         "dns: TXT string at offset %u runs past the record data",
                         uint32_t(start + i));
        t.strings.emplace_back(reinterpret_cast<const char*>(&d[i + 1]), n);
        i += 1 + n;
    }
    return RData(std::move(t));
}

// Reads a name that must lie inside the record data (`upto` ends with it).
template <class T>
Result<RData, WireFault> read_name_rdata(ByteSpan upto, size_t start, uint16_t type, size_t len)
{
    size_t p = start;
    auto n = read_name(upto, p);
    if (!n) return name_error(n.error(), start, len);
    if (auto ok = check_consumed(p, start + len, type, len); !ok) return fail(ok.error());
    return RData(T{std::move(n.value())});
}

Result<RData, WireFault> read_mx(ByteSpan upto, size_t start, size_t len)
{
    if (len < 3) // preference + at least the root name
        return bad_rdata_len(uint16_t(Type::Mx), len);
    size_t p = start + 2;
    auto n = read_name(upto, p);
    if (!n) return name_error(n.error(), start, len);
    if (auto ok = check_consumed(p, start + len, uint16_t(Type::Mx), len); !ok)
        return fail(ok.error());
    return RData(Mx{load_be16(&upto[start]), std::move(n.value())});
}

Result<RData, WireFault> read_soa(ByteSpan upto, size_t start, size_t len)
{
    size_t p = start;
    auto mname = read_name(upto, p);
    if (!mname) return name_error(mname.error(), start, len);
    auto rname = read_name(upto, p);
    if (!rname) return name_error(rname.error(), start, len);
    size_t end = start + len;
    if (end - p != 20)
        return fault(WireError::Malformed,
                     "dns: SOA record data has %u bytes after its two names, needs exactly 20",
                     uint32_t(end - p));
    const uint8_t* f = &upto[p];
    return RData(Soa{std::move(mname.value()), std::move(rname.value()), load_be32(f),
                     load_be32(f + 4), load_be32(f + 8), load_be32(f + 12), load_be32(f + 16)});
}

Result<RData, WireFault> read_rdata(ByteSpan m, uint16_t type, size_t start, size_t len)
{
    ByteSpan upto = m.first(start + len); // names may point anywhere before, not after
    ByteSpan d = m.subspan(start, len);
    switch (Type(type)) {
    case Type::A:
        if (len != 4)
            return fault(WireError::Malformed, "dns: A record data has length %u, must be 4",
                         uint32_t(len));
        return RData(A{Ipv4Addr{{d[0], d[1], d[2], d[3]}}});
    case Type::Aaaa: {
        if (len != 16)
            return fault(WireError::Malformed, "dns: AAAA record data has length %u, must be 16",
                         uint32_t(len));
        Aaaa a;
        std::memcpy(a.addr.bytes.data(), d.data(), 16);
        return RData(a);
    }
    case Type::Ns: return read_name_rdata<Ns>(upto, start, type, len);
    case Type::Cname: return read_name_rdata<Cname>(upto, start, type, len);
    case Type::Ptr: return read_name_rdata<Ptr>(upto, start, type, len);
    case Type::Mx: return read_mx(upto, start, len);
    case Type::Soa: return read_soa(upto, start, len);
    case Type::Txt: return read_txt(d, start);
    default: return RData(RawRdata{type, Bytes(d.begin(), d.end())});
    }
}

// [SECTION] parse: questions and records

Result<Question, WireFault> read_question(ByteSpan m, size_t& pos)
{
    size_t at = pos;
    auto name = read_name(m, pos);
    if (!name) return fail(name.error());
    if (pos + 4 > m.size())
        return fault(WireError::Truncated,
                     "dns: question at offset %u is cut off after its name (needs 4 more bytes)",
                     uint32_t(at));
    Question q{std::move(name.value()), Type(load_be16(&m[pos])), Class(load_be16(&m[pos + 2]))};
    pos += 4;
    return q;
}

Result<Record, WireFault> read_record(ByteSpan m, size_t& pos)
{
    size_t at = pos;
    auto name = read_name(m, pos);
    if (!name) return fail(name.error());
    if (pos + 10 > m.size())
        return fault(WireError::Truncated,
                     "dns: record at offset %u is cut off after its name (needs 10 more bytes)",
                     uint32_t(at));
    uint16_t type = load_be16(&m[pos]);
    Record r;
    r.name = std::move(name.value());
    r.rclass = Class(load_be16(&m[pos + 2]));
    r.ttl = load_be32(&m[pos + 4]);
    size_t len = load_be16(&m[pos + 8]);
    size_t start = pos + 10;
    if (start + len > m.size())
        return fault(WireError::Truncated,
                     "dns: record data at offset %u is %u bytes long, past the end of the message",
                     uint32_t(start), uint32_t(len));
    auto data = read_rdata(m, type, start, len);
    if (!data) return fail(data.error());
    r.data = std::move(data.value());
    pos = start + len;
    return r;
}

// `cut` says which section ran out: "dns: header announces %u answer records, ...".
Result<Ok, WireFault> read_records(ByteSpan m, size_t& pos, size_t count, const char* cut,
                                   std::vector<Record>& out)
{
    for (size_t k = 0; k < count; ++k) {
        if (pos >= m.size()) return fault(WireError::Truncated, cut, uint32_t(count), uint32_t(k));
        auto r = read_record(m, pos);
        if (!r) return fail(r.error());
        out.push_back(std::move(r.value()));
    }
    return Ok{};
}

Repr decode_header(ByteSpan m)
{
    uint16_t f = load_be16(&m[kFlags]);
    Repr r;
    r.id = load_be16(&m[kId]);
    r.response = f & kFlagQr;
    r.opcode = Opcode((f >> 11) & 0xf);
    r.authoritative = f & kFlagAa;
    r.truncated = f & kFlagTc;
    r.recursion_desired = f & kFlagRd;
    r.recursion_available = f & kFlagRa;
    r.authentic_data = f & kFlagAd;
    r.checking_disabled = f & kFlagCd;
    r.rcode = Rcode(f & 0xf);
    return r;
}

// [SECTION] emit: writer with the compression dictionary

// Writes into `out`, or only counts when `out` is null, so buffer_len and emit share one path.
class Writer {
public:
    explicit Writer(uint8_t* out) : m_out(out) {}

    size_t pos() const { return m_pos; }
    void u8(uint8_t v)
    {
        if (m_out) m_out[m_pos] = v;
        m_pos += 1;
    }
    void u16(uint16_t v)
    {
        if (m_out) store_be16(m_out + m_pos, v);
        m_pos += 2;
    }
    void u32(uint32_t v)
    {
        if (m_out) store_be32(m_out + m_pos, v);
        m_pos += 4;
    }
    void bytes(const void* data, size_t n)
    {
        if (m_out && n) std::memcpy(m_out + m_pos, data, n);
        m_pos += n;
    }
    void patch_u16(size_t at, uint16_t v)
    {
        if (m_out) store_be16(m_out + at, v);
    }

    // Writes labels until the rest of the name was written before, then a pointer to it.
    void name(const Name& n)
    {
        std::string_view w = n.wire_labels();
        size_t first_new = m_dict.size();
        for (size_t i = 0; i < w.size(); i += 1 + uint8_t(w[i])) {
            std::string_view rest = w.substr(i);
            if (const Suffix* s = find(rest, first_new)) {
                u16(uint16_t(0xc000 | s->offset));
                return;
            }
            if (m_pos <= kMaxPointerOffset) m_dict.push_back({rest, uint16_t(m_pos)});
            bytes(rest.data(), 1 + uint8_t(w[i]));
        }
        u8(0);
    }

private:
    struct Suffix {
        std::string_view labels; // borrows from the Repr being emitted
        uint16_t offset;
    };

    // Exact bytes, so the case the caller chose survives; names added by the name being
    // written (entries from `first_new` on) are not candidates.
    const Suffix* find(std::string_view rest, size_t first_new) const
    {
        for (size_t k = 0; k < first_new; ++k)
            if (m_dict[k].labels == rest) return &m_dict[k];
        return nullptr;
    }

    uint8_t* m_out;
    size_t m_pos = 0;
    std::vector<Suffix> m_dict;
};

// [SECTION] emit: record data

void write_rdata(Writer& w, const RData& data)
{
    std::visit(
        [&](const auto& d) {
            using T = std::decay_t<decltype(d)>;
            if constexpr (std::is_same_v<T, A> || std::is_same_v<T, Aaaa>) {
                w.bytes(d.addr.bytes.data(), d.addr.bytes.size());
            } else if constexpr (std::is_same_v<T, Ns>) {
                w.name(d.host);
            } else if constexpr (std::is_same_v<T, Cname> || std::is_same_v<T, Ptr>) {
                w.name(d.target);
            } else if constexpr (std::is_same_v<T, Mx>) {
                w.u16(d.preference);
                w.name(d.exchange);
            } else if constexpr (std::is_same_v<T, Txt>) {
                for (const std::string& s : d.strings) {
                    WIRELAB_ASSERT(s.size() <= 255 && "dns::emit: TXT string over 255 bytes");
                    w.u8(uint8_t(s.size()));
                    w.bytes(s.data(), s.size());
                }
            } else if constexpr (std::is_same_v<T, Soa>) {
                w.name(d.mname);
                w.name(d.rname);
                for (uint32_t v : {d.serial, d.refresh, d.retry, d.expire, d.minimum}) w.u32(v);
            } else {
                static_assert(std::is_same_v<T, RawRdata>);
                w.bytes(d.data.data(), d.data.size());
            }
        },
        data);
}

void write_record(Writer& w, const Record& r)
{
    if (auto* raw = std::get_if<RawRdata>(&r.data)) {
        bool interpreted = raw->type == uint16_t(Type::A) || raw->type == uint16_t(Type::Aaaa) ||
                           raw->type == uint16_t(Type::Ns) || raw->type == uint16_t(Type::Cname) ||
                           raw->type == uint16_t(Type::Ptr) || raw->type == uint16_t(Type::Mx) ||
                           raw->type == uint16_t(Type::Txt) || raw->type == uint16_t(Type::Soa);
        WIRELAB_ASSERT(!interpreted && "dns::emit: RawRdata holds a type that has its own struct");
    }
    w.name(r.name);
    w.u16(uint16_t(r.type()));
    w.u16(uint16_t(r.rclass));
    w.u32(r.ttl);
    size_t len_at = w.pos();
    w.u16(0);
    write_rdata(w, r.data);
    size_t len = w.pos() - len_at - 2;
    WIRELAB_ASSERT(len <= 0xffff && "dns::emit: record data over 65535 bytes");
    w.patch_u16(len_at, uint16_t(len));
}

// [SECTION] emit: message

void write_message(Writer& w, const Repr& r)
{
    WIRELAB_ASSERT(uint8_t(r.rcode) <= 0xf && uint8_t(r.opcode) <= 0xf &&
                   "dns::emit: rcode and opcode are 4-bit fields");
    WIRELAB_ASSERT(r.questions.size() <= 0xffff && r.answers.size() <= 0xffff &&
                   r.authorities.size() <= 0xffff && r.additionals.size() <= 0xffff &&
                   "dns::emit: more than 65535 entries in a section");
    uint16_t f = uint16_t(uint8_t(r.opcode) << 11) | uint8_t(r.rcode);
    if (r.response) f |= kFlagQr;
    if (r.authoritative) f |= kFlagAa;
    if (r.truncated) f |= kFlagTc;
    if (r.recursion_desired) f |= kFlagRd;
    if (r.recursion_available) f |= kFlagRa;
    if (r.authentic_data) f |= kFlagAd;
    if (r.checking_disabled) f |= kFlagCd;
    w.u16(r.id);
    w.u16(f);
    w.u16(uint16_t(r.questions.size()));
    w.u16(uint16_t(r.answers.size()));
    w.u16(uint16_t(r.authorities.size()));
    w.u16(uint16_t(r.additionals.size()));
    for (const Question& q : r.questions) {
        w.name(q.name);
        w.u16(uint16_t(q.type));
        w.u16(uint16_t(q.qclass));
    }
    for (const auto* section : {&r.answers, &r.authorities, &r.additionals})
        for (const Record& rec : *section) write_record(w, rec);
}

} // namespace

Type type_of(const RData& data)
{
    static constexpr Type kTypes[] = {Type::A,   Type::Aaaa, Type::Ns,  Type::Cname,
                                      Type::Ptr, Type::Mx,   Type::Txt, Type::Soa};
    if (auto* raw = std::get_if<RawRdata>(&data)) return Type(raw->type);
    return kTypes[data.index()];
}

Result<Repr, WireFault> parse(ByteSpan m)
{
    if (m.size() < kHeaderLen)
        return fault(WireError::Truncated, "dns: message of %u bytes, the header needs %u",
                     uint32_t(m.size()), uint32_t(kHeaderLen));
    Repr r = decode_header(m);
    size_t pos = kHeaderLen;
    size_t qd = load_be16(&m[kQdCount]);
    for (size_t k = 0; k < qd; ++k) {
        if (pos >= m.size())
            return fault(WireError::Truncated,
                         "dns: header announces %u questions, the message ends after %u",
                         uint32_t(qd), uint32_t(k));
        auto q = read_question(m, pos);
        if (!q) return fail(q.error());
        r.questions.push_back(std::move(q.value()));
    }
    struct Section {
        size_t count_at;
        const char* cut;
        std::vector<Record>* out;
    };
    const Section sections[] = {
        {kAnCount, "dns: header announces %u answer records, the message ends after %u",
         &r.answers},
        {kNsCount, "dns: header announces %u authority records, the message ends after %u",
         &r.authorities},
        {kArCount, "dns: header announces %u additional records, the message ends after %u",
         &r.additionals},
    };
    for (const Section& s : sections) {
        auto ok = read_records(m, pos, load_be16(&m[s.count_at]), s.cut, *s.out);
        if (!ok) return fail(ok.error());
    }
    return r;
}

size_t buffer_len(const Repr& r)
{
    Writer counter(nullptr);
    write_message(counter, r);
    return counter.pos();
}

void emit(const Repr& r, MutByteSpan out)
{
    WIRELAB_ASSERT(out.size() == buffer_len(r) && "dns::emit: out must be buffer_len(repr)");
    Writer w(out.data());
    write_message(w, r);
}

bool truncate_to(Repr& r, size_t max_len)
{
    bool dropped = false;
    while (buffer_len(r) > max_len) {
        if (!r.additionals.empty()) {
            r.additionals.pop_back();
        } else if (!r.authorities.empty()) {
            r.authorities.pop_back();
            r.truncated = true;
        } else if (!r.answers.empty()) {
            r.answers.pop_back();
            r.truncated = true;
        } else {
            break;
        }
        dropped = true;
    }
    return dropped;
}

} // namespace wirelab::wire::dns
