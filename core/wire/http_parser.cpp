// Incremental HTTP/1.1 request and response parsers.
//
// [SECTION] index: faults · start lines · header fields · framing · bodies · public parsers
#include "core/wire/http_parser.h"

#include "core/base/text.h"

#include <algorithm>
#include <cstdio>

namespace wirelab::wire::http {

namespace {

// [SECTION] faults

constexpr size_t kMaxChunkLine = 1024;
constexpr size_t kCompactAfter = 65536;
constexpr size_t kQuoteLen = 60;

// The offending text in quotes, printable, cut to kQuoteLen bytes.
std::string quote(std::string_view s)
{
    std::string out = "\"";
    for (size_t i = 0; i < s.size() && i < kQuoteLen; ++i) {
        auto c = uint8_t(s[i]);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            out += char(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    out += s.size() > kQuoteLen ? "...\"" : "\"";
    return out;
}

Unexpected<Fault> http_fault(Error kind, std::string message)
{
    return fail(Fault{kind, "http: " + std::move(message)});
}

// One line of a head without its LF and optional CR.
std::string_view strip_cr(std::string_view line)
{
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

// [SECTION] start lines

// "HTTP/1.1" -> 1; BadVersion for another major version, BadStartLine (nullopt) if not a version.
std::optional<Result<uint8_t, Fault>> parse_version(std::string_view v)
{
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (v.size() != 8 || v.substr(0, 5) != "HTTP/" || !digit(v[5]) || v[6] != '.' || !digit(v[7]))
        return std::nullopt;
    if (v[5] != '1')
        return Result<uint8_t, Fault>(
            http_fault(Error::BadVersion,
                       quote(v) + " is not supported (only HTTP/1.0 and HTTP/1.1): answer 505"));
    return Result<uint8_t, Fault>(uint8_t(v[7] - '0'));
}

bool is_target(std::string_view t)
{
    return !t.empty() && std::all_of(t.begin(), t.end(),
                                     [](char c) { return uint8_t(c) > 0x20 && uint8_t(c) < 0x7f; });
}

Result<Ok, Fault> parse_request_line(std::string_view line, Request& r)
{
    auto bad = [&] {
        return http_fault(Error::BadStartLine, "bad request line " + quote(line) +
                                                   ": expected METHOD SP TARGET SP HTTP/1.x");
    };
    size_t sp1 = line.find(' ');
    size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
        return bad();
    std::string_view method = line.substr(0, sp1);
    std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (!is_token(method) || !is_target(target)) return bad();
    auto version = parse_version(line.substr(sp2 + 1));
    if (!version) return bad();
    if (!*version) return fail(version->error());
    r.method = std::string(method);
    r.target = std::string(target);
    r.minor_version = version->value();
    return Ok{};
}

Result<Ok, Fault> parse_status_line(std::string_view line, Response& r)
{
    auto bad = [&] {
        return http_fault(Error::BadStartLine,
                          "bad status line " + quote(line) +
                              ": expected HTTP/1.x SP 3-digit status SP reason");
    };
    auto version = parse_version(line.substr(0, 8));
    if (!version) return bad();
    if (!*version) return fail(version->error());
    std::string_view rest = line.substr(8);
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (rest.size() < 4 || rest[0] != ' ' || !digit(rest[1]) || !digit(rest[2]) ||
        !digit(rest[3]) || rest[1] == '0')
        return bad();
    // RFC 9112 §4: the SP before an empty reason phrase is required; accept it missing too.
    if (rest.size() > 4 && rest[4] != ' ') return bad();
    std::string_view reason = rest.size() > 4 ? rest.substr(5) : std::string_view();
    if (!is_field_value(reason)) return bad();
    r.minor_version = version->value();
    r.status = uint16_t((rest[1] - '0') * 100 + (rest[2] - '0') * 10 + (rest[3] - '0'));
    r.reason = std::string(reason);
    return Ok{};
}

// [SECTION] framing helpers

// Content-Length from every such field (RFC 9110 §8.6: a list of identical values is one
// value). nullopt when absent.
Result<std::optional<uint64_t>, Fault> content_length(const Headers& h, size_t max_body)
{
    std::optional<uint64_t> found;
    for (const auto& f : h) {
        if (!iequals(f.name, "Content-Length")) continue;
        std::string_view v = f.value;
        for (;;) {
            size_t comma = v.find(',');
            std::string_view item = trim(v.substr(0, comma));
            if (item.empty() ||
                !std::all_of(item.begin(), item.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return http_fault(Error::BadContentLength,
                                  "Content-Length " + quote(f.value) + " is not a decimal number");
            uint64_t n = 0;
            bool huge = false;
            for (char c : item) {
                huge |= n > (UINT64_MAX - 9) / 10;
                n = huge ? n : n * 10 + uint64_t(c - '0');
            }
            if (huge || n > max_body)
                return http_fault(Error::BodyTooLarge,
                                  "Content-Length " + quote(item) + " exceeds the body limit of " +
                                      std::to_string(max_body) + " bytes: answer 413");
            if (found && *found != n)
                return http_fault(Error::BadContentLength, "Content-Length values " +
                                                               std::to_string(*found) + " and " +
                                                               std::to_string(n) + " differ");
            found = n;
            if (comma == std::string_view::npos) break;
            v = v.substr(comma + 1);
        }
    }
    return found;
}

// A chunk-size line: hex digits, optional BWS and ";extensions" (ignored, RFC 9112 §7.1.1).
std::optional<uint64_t> parse_chunk_size(std::string_view line)
{
    size_t i = 0;
    uint64_t n = 0;
    for (; i < line.size(); ++i) {
        char c = ascii_lower(line[i]);
        int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        if (d < 0) break;
        if (i >= 15) return std::nullopt; // 15 hex digits are far beyond any body limit
        n = n * 16 + uint64_t(d);
    }
    if (i == 0) return std::nullopt;
    std::string_view rest = trim(line.substr(i));
    if (!rest.empty() && rest[0] != ';') return std::nullopt;
    return n;
}

} // namespace

const char* to_string(Error e)
{
    switch (e) {
    case Error::BadStartLine: return "bad start line";
    case Error::BadVersion: return "bad version";
    case Error::BadHeader: return "bad header";
    case Error::HeaderTooLarge: return "header too large";
    case Error::TooManyHeaders: return "too many headers";
    case Error::BadContentLength: return "bad content length";
    case Error::BodyTooLarge: return "body too large";
    case Error::BadChunk: return "bad chunk";
    case Error::UnsupportedTransferCoding: return "unsupported transfer coding";
    case Error::UnexpectedEof: return "unexpected end of connection";
    }
    return "unknown http error";
}

uint16_t Fault::status() const
{
    switch (kind) {
    case Error::BadVersion: return 505;
    case Error::HeaderTooLarge:
    case Error::TooManyHeaders: return 431;
    case Error::BodyTooLarge: return 413;
    case Error::UnsupportedTransferCoding: return 501;
    default: return 400;
    }
}

namespace detail {

// [SECTION] header fields

void MessageParser::feed(ByteSpan bytes)
{
    m_buf.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Result<Ok, Fault> MessageParser::parse_fields(std::string_view lines)
{
    size_t count = 0;
    while (!lines.empty()) {
        size_t nl = lines.find('\n');
        std::string_view line = strip_cr(lines.substr(0, nl));
        lines = nl == std::string_view::npos ? std::string_view() : lines.substr(nl + 1);
        if (line.empty()) break; // the blank line ending the head
        if (++count > m_limits.max_header_count)
            return http_fault(Error::TooManyHeaders, "more than " +
                                                         std::to_string(m_limits.max_header_count) +
                                                         " header fields: answer 431");
        if (line[0] == ' ' || line[0] == '\t')
            return http_fault(Error::BadHeader, "header line " + quote(line) +
                                                    " starts with whitespace (obsolete line "
                                                    "folding is not accepted, RFC 9112 §5.2)");
        size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            return http_fault(Error::BadHeader, "header line " + quote(line) + " has no colon");
        std::string_view name = line.substr(0, colon);
        if (!is_token(name))
            return http_fault(Error::BadHeader,
                              "header name " + quote(name) +
                                  " is not a token (no spaces before the colon, RFC 9112 §5.1)");
        std::string_view value = trim(line.substr(colon + 1));
        if (!is_field_value(value))
            return http_fault(Error::BadHeader,
                              "value of header " + quote(name) + " holds a control character");
        headers().add(std::string(name), std::string(value));
    }
    return Ok{};
}

Result<Ok, Fault> MessageParser::parse_head(std::string_view head)
{
    size_t nl = head.find('\n');
    std::string_view start = strip_cr(head.substr(0, nl));
    if (start.find('\r') != std::string_view::npos)
        return http_fault(Error::BadStartLine, "start line " + quote(start) + " holds a bare CR");
    auto ok =
        m_is_request ? parse_request_line(start, m_request) : parse_status_line(start, m_response);
    if (!ok) return ok;
    return parse_fields(head.substr(nl + 1));
}

// [SECTION] framing

Result<MessageParser::Progress, Fault> MessageParser::read_head(const std::deque<bool>& head_queue)
{
    // RFC 9112 §2.2: "a server ... SHOULD ignore at least one empty line (CRLF) received prior
    // to the request-line" (clients send one after a POST body now and then).
    while (m_pos < m_buf.size() && (m_buf[m_pos] == '\n' || m_buf[m_pos] == '\r')) {
        if (m_buf[m_pos] == '\r' && m_pos + 1 >= m_buf.size()) return Progress::NeedMore;
        if (m_buf[m_pos] == '\r' && m_buf[m_pos + 1] != '\n') break;
        m_pos += m_buf[m_pos] == '\r' ? 2 : 1;
    }
    size_t from = std::max(m_scanned, m_pos);
    size_t end = std::string::npos;
    for (size_t i = m_buf.find('\n', from); i != std::string::npos; i = m_buf.find('\n', i + 1)) {
        if (i >= m_pos + 1 && m_buf[i - 1] == '\n') end = i + 1;
        if (i >= m_pos + 2 && m_buf[i - 1] == '\r' && m_buf[i - 2] == '\n') end = i + 1;
        if (end != std::string::npos) break;
    }
    size_t have = m_buf.size() - m_pos;
    if ((end == std::string::npos && have > m_limits.max_header_bytes) ||
        (end != std::string::npos && end - m_pos > m_limits.max_header_bytes))
        return http_fault(Error::HeaderTooLarge, "header section over " +
                                                     std::to_string(m_limits.max_header_bytes) +
                                                     " bytes: answer 431");
    if (end == std::string::npos) {
        m_scanned = std::max(m_pos, m_buf.size() >= 2 ? m_buf.size() - 2 : 0);
        if (m_eof && have > 0)
            return http_fault(Error::UnexpectedEof, "connection closed after " +
                                                        std::to_string(have) +
                                                        " bytes of an unfinished header");
        return Progress::NeedMore;
    }
    auto ok = parse_head(std::string_view(m_buf).substr(m_pos, end - m_pos));
    if (!ok) return fail(ok.error());
    m_pos = end;
    bool no_body = false;
    if (!m_is_request) {
        bool final = m_response.status >= 200;
        no_body = is_bodiless_status(m_response.status) ||
                  (final && !head_queue.empty() && head_queue.front());
    }
    return choose_framing(no_body);
}

Result<MessageParser::Progress, Fault> MessageParser::choose_framing(bool no_body)
{
    const Headers& h = headers();
    size_t te_count = size_t(std::count_if(h.begin(), h.end(), [](const Headers::Field& f) {
        return iequals(f.name, "Transfer-Encoding");
    }));
    auto cl = content_length(h, m_limits.max_body_bytes);
    if (!cl) return fail(cl.error());
    if (te_count > 0) {
        if (cl.value())
            return http_fault(Error::BadContentLength,
                              "both Transfer-Encoding and Content-Length (RFC 9112 §6.3: a "
                              "request smuggling risk)");
        if (te_count > 1 || !is_chunked(h))
            return http_fault(Error::UnsupportedTransferCoding,
                              "Transfer-Encoding " + quote(*h.find("Transfer-Encoding")) +
                                  " is not supported (only chunked): answer 501");
        m_stage = no_body ? Stage::Head : Stage::ChunkSize;
        return no_body ? Progress::Complete : Progress::Continue;
    }
    if (cl.value()) {
        m_remaining = size_t(*cl.value());
        bool empty = no_body || m_remaining == 0;
        m_stage = empty ? Stage::Head : Stage::Body;
        return empty ? Progress::Complete : Progress::Continue;
    }
    // RFC 9112 §6.3: a request without either has no body; a response's body runs to the close.
    if (m_is_request || no_body) return Progress::Complete;
    m_stage = Stage::UntilClose;
    return Progress::Continue;
}

// [SECTION] bodies

Result<Ok, Fault> MessageParser::append_body(std::string_view bytes)
{
    if (body().size() + bytes.size() > m_limits.max_body_bytes)
        return http_fault(Error::BodyTooLarge, "body exceeds the limit of " +
                                                   std::to_string(m_limits.max_body_bytes) +
                                                   " bytes: answer 413");
    body().append(bytes);
    return Ok{};
}

// Moves what has arrived into the body, so a large body is not held twice.
Result<MessageParser::Progress, Fault> MessageParser::read_body()
{
    size_t take = std::min(m_buf.size() - m_pos, m_remaining);
    body().append(m_buf, m_pos, take);
    m_pos += take;
    m_remaining -= take;
    if (m_remaining == 0) return Progress::Complete;
    if (m_eof)
        return http_fault(Error::UnexpectedEof,
                          "connection closed with " + std::to_string(m_remaining) +
                              " body bytes of " + std::to_string(body().size() + m_remaining) +
                              " still to come");
    return Progress::NeedMore;
}

Result<MessageParser::Progress, Fault> MessageParser::read_chunk_size()
{
    size_t nl = m_buf.find('\n', m_pos);
    if (nl == std::string::npos) {
        if (m_buf.size() - m_pos > kMaxChunkLine)
            return http_fault(Error::BadChunk,
                              "chunk size line over " + std::to_string(kMaxChunkLine) + " bytes");
        if (m_eof)
            return http_fault(Error::UnexpectedEof, "connection closed inside a chunked body");
        return Progress::NeedMore;
    }
    std::string_view line = strip_cr(std::string_view(m_buf).substr(m_pos, nl - m_pos));
    auto size = parse_chunk_size(line);
    if (!size)
        return http_fault(Error::BadChunk,
                          "chunk size line " + quote(line) + " is not a hexadecimal size");
    if (body().size() + *size > m_limits.max_body_bytes)
        return http_fault(Error::BodyTooLarge, "chunked body exceeds the limit of " +
                                                   std::to_string(m_limits.max_body_bytes) +
                                                   " bytes: answer 413");
    m_pos = nl + 1;
    m_remaining = size_t(*size);
    m_stage = m_remaining == 0 ? Stage::Trailers : Stage::ChunkData;
    return Progress::Continue;
}

Result<MessageParser::Progress, Fault> MessageParser::read_chunk_data()
{
    size_t have = m_buf.size() - m_pos;
    // The data, then CRLF (a bare LF accepted, RFC 9112 §2.2).
    size_t need = m_remaining + 1;
    if (have >= need && m_buf[m_pos + m_remaining] == '\r') need += 1;
    if (have < need) {
        if (m_eof)
            return http_fault(Error::UnexpectedEof, "connection closed inside a chunked body");
        return Progress::NeedMore;
    }
    if (m_buf[m_pos + need - 1] != '\n')
        return http_fault(Error::BadChunk,
                          "chunk of " + std::to_string(m_remaining) +
                              " bytes is not followed by CRLF (its size line is wrong?)");
    auto ok = append_body(std::string_view(m_buf).substr(m_pos, m_remaining));
    if (!ok) return fail(ok.error());
    m_pos += need;
    m_stage = Stage::ChunkSize;
    return Progress::Continue;
}

// Trailer fields are read and dropped: nothing in the simulator sends or needs them.
Result<MessageParser::Progress, Fault> MessageParser::read_trailers()
{
    for (;;) {
        size_t nl = m_buf.find('\n', m_pos);
        if (nl == std::string::npos) {
            if (m_eof)
                return http_fault(Error::UnexpectedEof,
                                  "connection closed before the end of the chunked body");
            return Progress::NeedMore;
        }
        std::string_view line = strip_cr(std::string_view(m_buf).substr(m_pos, nl - m_pos));
        m_trailer_bytes += nl + 1 - m_pos;
        if (m_trailer_bytes > m_limits.max_header_bytes)
            return http_fault(Error::HeaderTooLarge, "trailer section over " +
                                                         std::to_string(m_limits.max_header_bytes) +
                                                         " bytes");
        m_pos = nl + 1;
        if (line.empty()) return Progress::Complete;
    }
}

Result<MessageParser::Progress, Fault> MessageParser::read_until_close()
{
    auto ok = append_body(std::string_view(m_buf).substr(m_pos));
    if (!ok) return fail(ok.error());
    m_pos = m_buf.size();
    return m_eof ? Progress::Complete : Progress::NeedMore;
}

Result<MessageParser::Progress, Fault> MessageParser::step(const std::deque<bool>& head_queue)
{
    switch (m_stage) {
    case Stage::Head: return read_head(head_queue);
    case Stage::Body: return read_body();
    case Stage::ChunkSize: return read_chunk_size();
    case Stage::ChunkData: return read_chunk_data();
    case Stage::Trailers: return read_trailers();
    case Stage::UntilClose: return read_until_close();
    }
    return Progress::NeedMore;
}

Result<bool, Fault> MessageParser::advance(const std::deque<bool>& head_queue)
{
    if (m_failed) return fail(*m_failed);
    if (m_pos >= kCompactAfter) { // drop consumed bytes of a long message
        m_buf.erase(0, m_pos);
        m_scanned -= std::min(m_scanned, m_pos);
        m_pos = 0;
    }
    for (;;) {
        auto p = step(head_queue);
        if (!p) {
            m_failed = p.error();
            return fail(p.error());
        }
        if (p.value() == Progress::NeedMore) return false;
        if (p.value() == Progress::Complete) {
            finish_message();
            return true;
        }
    }
}

void MessageParser::finish_message()
{
    m_buf.erase(0, m_pos);
    m_pos = 0;
    m_scanned = 0;
    m_remaining = 0;
    m_trailer_bytes = 0;
    m_stage = Stage::Head;
}

Request MessageParser::take_request()
{
    return std::exchange(m_request, Request{});
}

Response MessageParser::take_response()
{
    return std::exchange(m_response, Response{});
}

} // namespace detail

// [SECTION] public parsers

Result<std::optional<Request>, Fault> RequestParser::next()
{
    auto done = m_core.advance(m_no_head);
    if (!done) return fail(done.error());
    if (!done.value()) return std::optional<Request>();
    return std::optional<Request>(m_core.take_request());
}

Result<std::optional<Response>, Fault> ResponseParser::next()
{
    auto done = m_core.advance(m_head_queue);
    if (!done) return fail(done.error());
    if (!done.value()) return std::optional<Response>();
    Response r = m_core.take_response();
    if (r.status >= 200 && !m_head_queue.empty()) m_head_queue.pop_front();
    return std::optional<Response>(std::move(r));
}

} // namespace wirelab::wire::http
