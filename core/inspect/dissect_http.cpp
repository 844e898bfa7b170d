// Dissector for HTTP/1.x over TCP ports 80 and 8080 (RFC 9112 §3, §4): a segment that starts
// with a request line or a status line, and its header lines as far as the segment holds them.
// Segments are not reassembled: the other segments of a stream (a body's continuation) stay TCP.
#include "core/inspect/dissector.h"

#include <algorithm>

namespace wirelab::wire::dissector {

namespace {

constexpr FieldSpec kHttp = protocol_field("http", "Hypertext Transfer Protocol");
constexpr FieldSpec kRequest = none_field("http.request", "Request");
constexpr FieldSpec kResponse = none_field("http.response", "Response");
constexpr FieldSpec kMethod = text_field("http.request.method", "Request Method");
constexpr FieldSpec kUri = text_field("http.request.uri", "Request URI");
constexpr FieldSpec kReqVersion = text_field("http.request.version", "Request Version");
constexpr FieldSpec kRespVersion = text_field("http.response.version", "Response Version");
constexpr FieldSpec kCode = uint_field("http.response.code", "Status Code", 16);
constexpr FieldSpec kPhrase = text_field("http.response.phrase", "Response Phrase");
constexpr FieldSpec kReqLine = text_field("http.request.line", "Header");
constexpr FieldSpec kRespLine = text_field("http.response.line", "Header");

constexpr const FieldSpec* kHttpFields[] = {
    &kHttp,        &kRequest, &kResponse, &kMethod,  &kUri,      &kReqVersion,
    &kRespVersion, &kCode,    &kPhrase,   &kReqLine, &kRespLine,
};

// RFC 9110 §9 methods (plus PATCH): a segment starting with one of these and a space is
// taken for a request.
constexpr std::string_view kMethods[] = {"GET",     "HEAD",    "POST",  "PUT",  "DELETE",
                                         "CONNECT", "OPTIONS", "TRACE", "PATCH"};

std::string_view text_of(const View& v)
{
    return {reinterpret_cast<const char*>(v.bytes.data()), v.bytes.size()};
}

bool starts_http(std::string_view s)
{
    if (s.starts_with("HTTP/1.")) return true;
    return std::any_of(std::begin(kMethods), std::end(kMethods), [&](std::string_view m) {
        return s.size() > m.size() && s.starts_with(m) && s[m.size()] == ' ';
    });
}

// One line ending in CRLF (or a bare LF): its text and the offset after it; npos when the
// segment ends first.
struct Line {
    std::string_view text;
    size_t next = std::string_view::npos;
};

Line line_at(std::string_view s, size_t at)
{
    size_t lf = s.find('\n', at);
    if (lf == std::string_view::npos) return {s.substr(at), lf};
    size_t end = (lf > at && s[lf - 1] == '\r') ? lf - 1 : lf;
    return {s.substr(at, end - at), lf + 1};
}

void add_str(Builder& b, const FieldSpec& spec, const View& v, size_t rel, std::string_view t)
{
    if (b.wants(spec)) b.add(spec, v, rel, t.size(), FieldValue::str(std::string(t)));
}

// "HTTP/1.1 200 OK": version, 3-digit code, phrase (RFC 9112 §4). False if it is not one.
bool add_status_line(Builder& b, const View& v, std::string_view line)
{
    size_t sp = line.find(' ');
    std::string_view code = sp == std::string_view::npos ? "" : line.substr(sp + 1, 3);
    bool ok = code.size() == 3 &&
              std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
              (line.size() == sp + 4 || line[sp + 4] == ' ');
    if (!ok) return false;
    add_str(b, kRespVersion, v, 0, line.substr(0, sp));
    unsigned number = 0;
    for (char c : code) number = number * 10 + unsigned(c - '0');
    b.add_uint(kCode, v, sp + 1, 3, number);
    if (line.size() > sp + 5) add_str(b, kPhrase, v, sp + 5, line.substr(sp + 5));
    return true;
}

// "GET /index.html HTTP/1.1": method, target, version (RFC 9112 §3). False if it is not one.
bool add_request_line(Builder& b, const View& v, std::string_view line)
{
    size_t sp1 = line.find(' ');
    size_t sp2 = line.rfind(' ');
    if (sp1 == sp2 || !line.substr(sp2 + 1).starts_with("HTTP/")) return false;
    add_str(b, kMethod, v, 0, line.substr(0, sp1));
    add_str(b, kUri, v, sp1 + 1, line.substr(sp1 + 1, sp2 - sp1 - 1));
    add_str(b, kReqVersion, v, sp2 + 1, line.substr(sp2 + 1));
    return true;
}

// The header lines after the first, up to the empty line or the end of the segment.
void add_headers(Builder& b, const View& v, std::string_view s, size_t at, bool request)
{
    while (at != std::string_view::npos && at < s.size()) {
        Line l = line_at(s, at);
        if (l.text.empty()) return;
        add_str(b, request ? kReqLine : kRespLine, v, at, l.text);
        at = l.next;
    }
}

} // namespace

FieldList http_fields()
{
    return kHttpFields;
}

size_t dissect_http(Builder& b, View v)
{
    std::string_view s = text_of(v);
    if (!starts_http(s)) return b.dissect_data(v);
    Line first = line_at(s, 0);
    bool request = !s.starts_with("HTTP/1.");
    b.begin_layer(kHttp, v, v.size());
    Field* kind =
        b.add(request ? kRequest : kResponse, v, 0, first.text.size(), FieldValue::none());
    b.open(kind);
    bool ok = first.next != std::string_view::npos &&
              (request ? add_request_line(b, v, first.text) : add_status_line(b, v, first.text));
    b.close();
    if (ok) add_headers(b, v, s, first.next, request);
    b.end_layer();
    if (b.text()) {
        b.set_protocol("HTTP");
        b.set_info(std::string(first.text.substr(0, 200)));
    }
    if (!ok)
        b.malformed("HTTP",
                    first.next == std::string_view::npos
                        ? "the first line does not end in this segment"
                        : (request ? "not a request line (method, target, HTTP version)"
                                   : "not a status line (HTTP version, 3-digit code, phrase)"),
                    v.base);
    return v.size();
}

} // namespace wirelab::wire::dissector
