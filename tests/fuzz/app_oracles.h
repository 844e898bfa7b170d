// Round-trip oracles for the application-layer wire formats (DHCP, DNS, HTTP, NTP), shared by
// the property tests and the libFuzzer targets, like tests/fuzz/oracles.h for the lower layers:
// parse arbitrary bytes; whenever the parser accepts, emit the result and require that it
// parses back to the same value. Each returns nullptr when consistent, else what broke.
#pragma once

#include "core/wire/dhcp.h"
#include "core/wire/dns.h"
#include "core/wire/http.h"
#include "core/wire/http_parser.h"
#include "core/wire/ntp.h"

#include <algorithm>
#include <optional>
#include <vector>

namespace wirelab::oracle {

inline const char* dhcp(ByteSpan in)
{
    auto p = wire::dhcp::parse(in);
    if (!p) return nullptr;
    Bytes out(wire::dhcp::buffer_len(p.value()));
    wire::dhcp::emit(p.value(), out);
    auto q = wire::dhcp::parse(out);
    if (!q || !(q.value() == p.value())) return "dhcp: emit(parse(x)) does not parse back the same";
    return nullptr;
}

inline const char* dns(ByteSpan in)
{
    auto p = wire::dns::parse(in);
    if (!p) return nullptr;
    Bytes out(wire::dns::buffer_len(p.value()));
    wire::dns::emit(p.value(), out);
    auto q = wire::dns::parse(out);
    if (!q || !(q.value() == p.value())) return "dns: emit(parse(x)) does not parse back the same";
    // Names compare without case; the bytes show that case survived too.
    Bytes again(wire::dns::buffer_len(q.value()));
    wire::dns::emit(q.value(), again);
    if (again != out) return "dns: emitting a parsed message again gives other bytes";
    // Every name's text form reads back as the same name.
    for (const auto& question : p->questions) {
        auto n = wire::dns::Name::from_text(question.name.to_text());
        if (!n || n->wire_labels() != question.name.wire_labels())
            return "dns: Name::from_text(to_text()) differs";
    }
    return nullptr;
}

inline const char* ntp(ByteSpan in)
{
    auto p = wire::ntp::parse(in);
    if (!p) return nullptr;
    Bytes out(wire::ntp::kPacketLen);
    wire::ntp::emit(p.value(), out);
    // Every bit of the 48-byte header is kept, so emit gives the input back.
    if (!std::equal(out.begin(), out.end(), in.begin())) return "ntp: emit(parse(x)) != x";
    return nullptr;
}

// Feeds `in` to a parser in pieces of `step` bytes (then EOF) and collects what it returns
// until it needs more or fails.
template <class Parser, class Msg>
std::vector<Msg> parse_all(Parser& parser, ByteSpan in, size_t step)
{
    std::vector<Msg> msgs;
    for (size_t off = 0; off <= in.size(); off += step) {
        if (off < in.size())
            parser.feed(in.subspan(off, std::min(step, in.size() - off)));
        else
            parser.feed_eof();
        for (;;) {
            auto r = parser.next();
            if (!r || !r.value()) break;
            msgs.push_back(std::move(*r.value()));
        }
        if (off == in.size()) break;
    }
    return msgs;
}

template <class Parser, class Msg>
bool reparses_same(const Msg& m)
{
    Bytes out = wire::http::serialize(m);
    Parser again;
    again.feed(out);
    again.feed_eof(); // ends a close-delimited response body
    auto r = again.next();
    return r && r.value() && *r.value() == m;
}

// The first byte picks requests or responses (bit 0) and the feeding step (the rest, 1..128),
// so the fuzzer also explores where chunks split a message.
inline const char* http(ByteSpan in)
{
    if (in.empty()) return nullptr;
    bool requests = (in[0] & 1) == 0;
    size_t step = (in[0] >> 1) + 1;
    in = in.subspan(1);
    if (requests) {
        wire::http::RequestParser p;
        for (const auto& m : parse_all<wire::http::RequestParser, wire::http::Request>(p, in, step))
            if (!reparses_same<wire::http::RequestParser>(m))
                return "http: a parsed request does not serialize and parse back the same";
    } else {
        wire::http::ResponseParser p;
        for (const auto& m :
             parse_all<wire::http::ResponseParser, wire::http::Response>(p, in, step))
            if (!reparses_same<wire::http::ResponseParser>(m))
                return "http: a parsed response does not serialize and parse back the same";
    }
    return nullptr;
}

} // namespace wirelab::oracle
