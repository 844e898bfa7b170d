// dissect(), collect_fields() and the Builder that dissectors record fields through.
//
// [SECTION] Built-in fields (frame, data, malformed)
// [SECTION] Field values and text
// [SECTION] Builder
// [SECTION] Public entry points
#include "core/inspect/dissect.h"

#include "core/base/assert.h"
#include "core/inspect/dissector.h"

#include <algorithm>
#include <bit>
#include <cinttypes>
#include <utility>

namespace wirelab::wire {

using namespace dissector;

// [SECTION] Built-in fields (frame, data, malformed)
namespace {

constexpr FieldSpec kFrame = protocol_field("frame", "Frame");
constexpr FieldSpec kFrameLen = uint_field("frame.len", "Frame Length", 32);
constexpr FieldSpec kFrameProtocols = text_field("frame.protocols", "Protocols in frame");
constexpr FieldSpec kData = protocol_field("data", "Data");
constexpr FieldSpec kDataData = bytes_field("data.data", "Data");
constexpr FieldSpec kDataLen = uint_field("data.len", "Length", 32);
constexpr FieldSpec kMalformed = none_field("_ws.malformed", "Malformed Packet");

constexpr const FieldSpec* kBuiltinFields[] = {&kFrame,    &kFrameLen, &kFrameProtocols, &kData,
                                               &kDataData, &kDataLen,  &kMalformed};

} // namespace

namespace dissector {
FieldList builtin_fields()
{
    return kBuiltinFields;
}
} // namespace dissector

// [SECTION] Field values and text

FieldValue FieldValue::uint(uint64_t v)
{
    FieldValue f;
    f.type = FieldType::Uint;
    f.number = v;
    return f;
}

FieldValue FieldValue::boolean(bool v)
{
    FieldValue f;
    f.type = FieldType::Bool;
    f.number = v ? 1 : 0;
    return f;
}

FieldValue FieldValue::mac(const MacAddr& a)
{
    FieldValue f;
    f.type = FieldType::Mac;
    std::copy(a.bytes.begin(), a.bytes.end(), f.addr.begin());
    return f;
}

FieldValue FieldValue::ipv4(const Ipv4Addr& a)
{
    FieldValue f;
    f.type = FieldType::Ipv4;
    std::copy(a.bytes.begin(), a.bytes.end(), f.addr.begin());
    return f;
}

FieldValue FieldValue::ipv6(const Ipv6Addr& a)
{
    FieldValue f;
    f.type = FieldType::Ipv6;
    f.addr = a.bytes;
    return f;
}

FieldValue FieldValue::raw(ByteSpan b)
{
    FieldValue f;
    f.type = FieldType::Bytes;
    f.bytes = b;
    return f;
}

FieldValue FieldValue::protocol(ByteSpan b)
{
    FieldValue f;
    f.type = FieldType::Protocol;
    f.bytes = b;
    return f;
}

FieldValue FieldValue::str(std::string s)
{
    FieldValue f;
    f.type = FieldType::Text;
    f.text = std::move(s);
    return f;
}

namespace {

// Hex digits for a field `width_bits` wide.
int hex_digits(unsigned width_bits)
{
    return int((width_bits + 3) / 4);
}

unsigned mask_width(uint32_t mask, size_t len)
{
    if (mask == 0) return unsigned(len * 8);
    return unsigned(32 - std::countl_zero(mask) - std::countr_zero(mask));
}

std::string format_uint(const FieldSpec& spec, uint64_t v, unsigned width)
{
    int d = hex_digits(width);
    unsigned long long n = v;
    switch (spec.display) {
    case Display::Dec: return std::to_string(v);
    case Display::Hex: return strf("0x%0*llx", d, n);
    case Display::DecHex: return strf("%llu (0x%0*llx)", n, d, n);
    case Display::HexDec: return strf("0x%0*llx (%llu)", d, n, n);
    }
    return std::to_string(v);
}

std::string format_value(const FieldSpec& spec, const FieldValue& v, size_t len, uint32_t mask)
{
    switch (v.type) {
    case FieldType::Uint: return format_uint(spec, v.number, mask_width(mask, len));
    case FieldType::Bool:
        if (mask != 0) return v.number ? "Set" : "Not set";
        return v.number ? "True" : "False";
    case FieldType::Mac: {
        MacAddr a;
        std::copy_n(v.addr.begin(), 6, a.bytes.begin());
        return a.to_string();
    }
    case FieldType::Ipv4: {
        Ipv4Addr a;
        std::copy_n(v.addr.begin(), 4, a.bytes.begin());
        return a.to_string();
    }
    case FieldType::Ipv6: return Ipv6Addr{v.addr}.to_string();
    case FieldType::Bytes: return hex_preview(v.bytes);
    case FieldType::Text: return v.text;
    case FieldType::Protocol:
    case FieldType::None: return {};
    }
    return {};
}

const Field* find_in(const std::vector<Field>& fields, std::string_view name)
{
    for (const Field& f : fields)
        if (const Field* hit = f.find(name)) return hit;
    return nullptr;
}

} // namespace

const Field* Field::find(std::string_view field_name) const
{
    if (name == field_name) return this;
    return find_in(children, field_name);
}

const Field* Dissection::find(std::string_view field_name) const
{
    return find_in(layers, field_name);
}

std::string describe(const Field& f)
{
    std::string line = f.label;
    if (f.type == FieldType::Protocol) {
        if (!f.value.empty()) line += ", " + f.value;
    } else if (!f.value.empty()) {
        line += ": " + f.value;
    }
    if (!f.meaning.empty())
        line += f.meaning.front() == '[' ? " " + f.meaning : " (" + f.meaning + ")";
    return f.generated ? "[" + line + "]" : line;
}

std::string bit_pattern(const Field& f, ByteSpan frame)
{
    if (f.bitmask == 0 || f.length == 0 || f.length > 4 || f.offset > frame.size() ||
        f.length > frame.size() - f.offset)
        return {};
    uint32_t word = 0;
    for (uint32_t i = 0; i < f.length; ++i) word = (word << 8) | frame[f.offset + i];
    std::string out;
    unsigned bits = f.length * 8;
    for (unsigned i = 0; i < bits; ++i) {
        unsigned bit = bits - 1 - i;
        if (i != 0 && i % 4 == 0) out += ' ';
        out += (f.bitmask >> bit & 1) ? ((word >> bit & 1) ? '1' : '0') : '.';
    }
    return out;
}

// [SECTION] Builder
namespace dissector {

Builder::Builder(ByteSpan frame, Mode mode, Dissection* out, FrameFields* hits,
                 std::span<const FieldSpec* const> only)
    : m_frame(frame), m_mode(mode), m_out(out), m_hits(hits), m_only(only)
{
    WIRELAB_ASSERT((mode == Mode::Fields ? hits != nullptr : out != nullptr) &&
                   "Builder: Tree/Columns need a Dissection, Fields a FrameFields");
    m_stack.push_back(mode == Mode::Tree ? &out->layers : nullptr);
}

bool Builder::wants(const FieldSpec& spec) const
{
    if (m_mode != Mode::Fields || m_only.empty()) return true;
    return std::find(m_only.begin(), m_only.end(), &spec) != m_only.end();
}

bool Builder::is_used(const FieldSpec& spec) const
{
    return container() != nullptr || (m_hits && wants(spec));
}

void Builder::record(const FieldSpec& spec, FieldValue&& value)
{
    if (m_hits && wants(spec)) m_hits->hits.push_back(FieldHit{&spec, std::move(value)});
}

Field* Builder::begin_layer(const FieldSpec& proto, const View& v, size_t len)
{
    if (len > v.size()) len = v.size();
    record(proto, FieldValue::protocol(v.bytes));
    if (&proto != &kFrame && wants(kFrameProtocols)) {
        if (!m_protocols.empty()) m_protocols += ':';
        m_protocols += proto.name;
    }
    Field* f = nullptr;
    if (std::vector<Field>* c = container()) {
        Field layer;
        layer.name = proto.name;
        layer.label = proto.label;
        layer.type = FieldType::Protocol;
        layer.offset = v.base;
        layer.length = uint32_t(len);
        c->push_back(std::move(layer));
        f = &c->back();
    }
    open(f);
    return f;
}

size_t Builder::last_layer_index() const
{
    return m_out && tree() && !m_out->layers.empty() ? m_out->layers.size() - 1 : 0;
}

void Builder::reopen_layer(size_t index)
{
    WIRELAB_ASSERT(m_stack.size() == 1 && "reopen_layer: only top-level layers");
    bool shown = tree() && index < m_out->layers.size();
    m_stack.push_back(shown ? &m_out->layers[index].children : nullptr);
}

Field* Builder::add(const FieldSpec& spec, const View& v, size_t rel, size_t len, FieldValue value,
                    std::string_view meaning)
{
    if (!v.has(rel, len) || !is_used(spec)) return nullptr;
    WIRELAB_ASSERT(value.type == spec.type && "Builder::add: value type differs from its spec");
    Field* f = nullptr;
    if (std::vector<Field>* c = container()) {
        Field field;
        field.name = spec.name;
        field.label = spec.label;
        field.type = spec.type;
        field.value = format_value(spec, value, len, 0);
        field.meaning = meaning;
        field.offset = uint32_t(v.base + rel);
        field.length = uint32_t(len);
        c->push_back(std::move(field));
        f = &c->back();
    }
    record(spec, std::move(value));
    return f;
}

Field* Builder::add_uint(const FieldSpec& spec, const View& v, size_t rel, size_t len,
                         uint64_t value, std::string_view meaning)
{
    if (!is_used(spec)) return nullptr;
    return add(spec, v, rel, len, FieldValue::uint(value), meaning);
}

Field* Builder::add_bits(const FieldSpec& spec, const View& v, size_t rel, size_t len,
                         uint32_t mask, std::string_view meaning)
{
    WIRELAB_ASSERT(len >= 1 && len <= 4 && mask != 0 && "add_bits: 1-4 bytes, non-zero mask");
    if (!is_used(spec)) return nullptr;
    uint32_t word = 0;
    for (size_t i = 0; i < len; ++i) word = (word << 8) | v.u8(rel + i);
    uint32_t bits = (word & mask) >> std::countr_zero(mask);
    FieldValue value =
        spec.type == FieldType::Bool ? FieldValue::boolean(bits != 0) : FieldValue::uint(bits);
    Field* f = add(spec, v, rel, len, value, meaning);
    if (f) {
        f->bitmask = mask;
        f->value = format_value(spec, value, len, mask);
    }
    return f;
}

void Builder::add_hidden(const FieldSpec& spec, const View& v, size_t rel, size_t len,
                         FieldValue value)
{
    if (v.has(rel, len)) record(spec, std::move(value));
}

Field* Builder::add_generated(const FieldSpec& spec, const View& v, FieldValue value,
                              std::string_view meaning)
{
    Field* f = add(spec, View{v.bytes.first(0), v.base}, 0, 0, std::move(value), meaning);
    if (f) f->generated = true;
    return f;
}

void Builder::open(Field* f)
{
    m_stack.push_back(f ? &f->children : nullptr);
}

void Builder::close()
{
    WIRELAB_ASSERT(m_stack.size() > 1 && "Builder::close without open");
    m_stack.pop_back();
}

void Builder::set_protocol(std::string_view name)
{
    if (m_out && !quoted()) m_out->protocol = name;
}

void Builder::set_addresses(std::string src, std::string dst)
{
    if (!m_out || quoted()) return;
    m_out->source = std::move(src);
    m_out->destination = std::move(dst);
}

void Builder::set_info(std::string info)
{
    if (m_out && !quoted()) m_out->info = std::move(info);
}

void Builder::append_info(std::string_view more)
{
    if (m_out && !quoted()) m_out->info += more;
}

void Builder::malformed(std::string_view layer, const std::string& why, size_t frame_offset)
{
    if (quoted()) return;
    if (!m_is_malformed) {
        m_is_malformed = true;
        m_malformed_layer = layer;
        m_malformed_at = frame_offset;
        m_malformed_why = why;
    }
    if (m_hits) m_hits->malformed = true;
    if (m_out) m_out->malformed = true;
    problem(why);
}

void Builder::problem(const std::string& why)
{
    if (!m_out || quoted()) return;
    if (!m_out->problem.empty()) m_out->problem += "; ";
    m_out->problem += why;
}

size_t Builder::dispatch(Carrier carrier, uint32_t number, const View& payload)
{
    for (const Protocol& p : protocols())
        if (p.carrier == carrier && p.number == number && p.dissect)
            return p.dissect(*this, payload);
    return dissect_data(payload);
}

size_t Builder::dispatch_ports(Carrier carrier, uint16_t src, uint16_t dst, const View& payload)
{
    uint16_t low = src < dst ? src : dst;
    uint16_t high = src < dst ? dst : src;
    for (uint16_t port : {low, high})
        for (const Protocol& p : protocols())
            if (p.carrier == carrier && p.number == port && p.dissect)
                return p.dissect(*this, payload);
    return dissect_data(payload);
}

void Builder::dispatch_quoted(Carrier carrier, uint32_t number, const View& quoted)
{
    NetContext saved = m_net;
    ++m_quote_depth;
    dispatch(carrier, number, quoted);
    --m_quote_depth;
    m_net = saved;
}

size_t Builder::dissect_data(const View& payload)
{
    if (payload.size() == 0) return 0;
    Field* layer = begin_layer(kData, payload, payload.size());
    if (layer) layer->label = strf("Data (%zu bytes)", payload.size());
    Field* f = add(kDataData, payload, 0, payload.size(), FieldValue::raw(payload.bytes));
    if (f) f->meaning = text_preview(payload.bytes);
    add_generated(kDataLen, payload, FieldValue::uint(payload.size()));
    end_layer();
    return payload.size();
}

void Builder::finish()
{
    WIRELAB_ASSERT(m_stack.size() == 1 && "Builder::finish: a layer was left open");
    View all{m_frame, 0};
    reopen_layer(0);
    add_generated(kFrameProtocols, all, FieldValue::str(m_protocols));
    close();
    if (!m_is_malformed) return;
    size_t at = m_malformed_at <= m_frame.size() ? m_malformed_at : m_frame.size();
    Field* f = add(kMalformed, all, at, m_frame.size() - at, FieldValue::none());
    if (f) {
        f->label = "[Malformed Packet: " + m_malformed_layer + "]";
        f->meaning = m_malformed_why;
    }
}

} // namespace dissector

// [SECTION] Public entry points
namespace {

void run(Builder& b, ByteSpan frame)
{
    View all{frame, 0};
    Field* f = b.begin_layer(kFrame, all, frame.size());
    if (f) {
        f->label = strf("Frame: %zu bytes on wire (%zu bits)", frame.size(), frame.size() * 8);
    }
    b.add_generated(kFrameLen, all, FieldValue::uint(frame.size()));
    b.end_layer();
    b.dispatch(Carrier::Link, 0, all);
    b.finish();
}

} // namespace

Dissection dissect(ByteSpan frame, DissectDetail detail)
{
    Dissection d;
    Builder b(frame, detail == DissectDetail::Tree ? Builder::Mode::Tree : Builder::Mode::Columns,
              &d, nullptr);
    run(b, frame);
    return d;
}

void collect_fields(ByteSpan frame, FrameFields& out, std::span<const FieldSpec* const> only)
{
    out.hits.clear();
    out.malformed = false;
    Builder b(frame, Builder::Mode::Fields, nullptr, &out, only);
    run(b, frame);
}

const FieldSpec* find_field_spec(std::string_view name)
{
    for (const Protocol& p : protocols())
        for (const FieldSpec* spec : p.fields())
            if (spec->name == name) return spec;
    return nullptr;
}

std::vector<const FieldSpec*> all_field_specs()
{
    std::vector<const FieldSpec*> out;
    for (const Protocol& p : protocols())
        for (const FieldSpec* spec : p.fields()) out.push_back(spec);
    return out;
}

} // namespace wirelab::wire
