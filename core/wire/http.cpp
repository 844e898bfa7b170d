// HTTP/1.1 message values, helpers and serializer.
//
// [SECTION] index: Headers · Helpers · Serializer
#include "core/wire/http.h"

#include "core/base/assert.h"
#include "core/base/text.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace wirelab::wire::http {

namespace {

bool is_tchar(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = ascii_lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Counts bytes, or writes them too when given a buffer: buffer_len and emit share one path.
class Writer {
public:
    explicit Writer(uint8_t* out) : m_out(out) {}
    void put(std::string_view s)
    {
        if (m_out && !s.empty()) std::memcpy(m_out + m_pos, s.data(), s.size());
        m_pos += s.size();
    }
    void put_hex(size_t v)
    {
        char buf[20];
        size_t n = 0;
        do {
            buf[n++] = "0123456789abcdef"[v & 0xf];
            v >>= 4;
        } while (v);
        std::reverse(buf, buf + n);
        put(std::string_view(buf, n));
    }
    size_t pos() const { return m_pos; }

private:
    uint8_t* m_out;
    size_t m_pos = 0;
};

// Whether a Content-Length value ("5", "005", "5, 5") announces exactly n bytes.
bool content_length_matches(std::string_view v, size_t n)
{
    while (true) {
        size_t comma = v.find(',');
        std::string_view item = trim(v.substr(0, comma));
        uint64_t x = 0;
        if (item.empty()) return false;
        for (char c : item) {
            if (c < '0' || c > '9' || x > (UINT64_MAX - 9) / 10) return false;
            x = x * 10 + uint64_t(c - '0');
        }
        if (x != n) return false;
        if (comma == std::string_view::npos) return true;
        v = v.substr(comma + 1);
    }
}

void check_fields(const Headers& h, size_t body_len, bool head_only)
{
    for (const auto& f : h)
        WIRELAB_ASSERT(is_token(f.name) && is_field_value(f.value) &&
                       "http::emit: header name is not a token or value holds CR/LF/NUL");
    const std::string* cl = h.find("Content-Length");
    WIRELAB_ASSERT(!(cl && is_chunked(h)) &&
                   "http::emit: both Content-Length and Transfer-Encoding: chunked");
    WIRELAB_ASSERT((!cl || head_only || body_len == 0 || content_length_matches(*cl, body_len)) &&
                   "http::emit: Content-Length differs from the body size");
}

void write_fields_and_body(Writer& w, const Headers& h, const std::string& body,
                           const EmitOptions& opts, bool body_allowed)
{
    for (const auto& f : h) {
        w.put(f.name);
        w.put(": ");
        w.put(f.value);
        w.put("\r\n");
    }
    w.put("\r\n");
    if (opts.head_only || !body_allowed) return;
    if (!is_chunked(h)) {
        w.put(body);
        return;
    }
    WIRELAB_ASSERT(opts.chunk_size > 0 && "http::emit: chunk size 0");
    for (size_t off = 0; off < body.size(); off += opts.chunk_size) {
        size_t n = std::min(opts.chunk_size, body.size() - off);
        w.put_hex(n);
        w.put("\r\n");
        w.put(std::string_view(body).substr(off, n));
        w.put("\r\n");
    }
    w.put("0\r\n\r\n"); // last-chunk, no trailer fields
}

void write_request(Writer& w, const Request& r, const EmitOptions& opts)
{
    bool target_ok = !r.target.empty() && std::all_of(r.target.begin(), r.target.end(), [](char c) {
        return uint8_t(c) > 0x20 && uint8_t(c) < 0x7f;
    });
    WIRELAB_ASSERT(is_token(r.method) && target_ok && r.minor_version <= 9 &&
                   "http::emit: method not a token, target empty or with spaces/controls");
    check_fields(r.headers, r.body.size(), false);
    WIRELAB_ASSERT((r.body.empty() || r.headers.has("Content-Length") || is_chunked(r.headers)) &&
                   "http::emit: a request body needs Content-Length or chunked (set_body)");
    w.put(r.method);
    w.put(" ");
    w.put(r.target);
    w.put(" HTTP/1.");
    w.put(std::string(1, char('0' + r.minor_version)));
    w.put("\r\n");
    write_fields_and_body(w, r.headers, r.body, opts, true);
}

void write_response(Writer& w, const Response& r, const EmitOptions& opts)
{
    WIRELAB_ASSERT(r.status >= 100 && r.status <= 999 && r.minor_version <= 9 &&
                   is_field_value(r.reason) && "http::emit: bad status, version or reason");
    bool body_allowed = !is_bodiless_status(r.status);
    WIRELAB_ASSERT((body_allowed || opts.head_only || r.body.empty()) &&
                   "http::emit: a 1xx, 204 or 304 response has no body");
    check_fields(r.headers, r.body.size(), opts.head_only);
    w.put("HTTP/1.");
    w.put(std::string(1, char('0' + r.minor_version)));
    w.put(" ");
    w.put(std::to_string(r.status));
    w.put(" ");
    w.put(r.reason);
    w.put("\r\n");
    write_fields_and_body(w, r.headers, r.body, opts, body_allowed);
}

} // namespace

// [SECTION] Headers

void Headers::add(std::string name, std::string value)
{
    m_fields.push_back({std::move(name), std::move(value)});
}

void Headers::set(std::string_view name, std::string value)
{
    auto it = std::find_if(m_fields.begin(), m_fields.end(),
                           [&](const Field& f) { return iequals(f.name, name); });
    if (it == m_fields.end()) {
        add(std::string(name), std::move(value));
        return;
    }
    it->value = std::move(value);
    auto rest = std::remove_if(it + 1, m_fields.end(),
                               [&](const Field& f) { return iequals(f.name, name); });
    m_fields.erase(rest, m_fields.end());
}

size_t Headers::remove(std::string_view name)
{
    size_t before = m_fields.size();
    std::erase_if(m_fields, [&](const Field& f) { return iequals(f.name, name); });
    return before - m_fields.size();
}

const std::string* Headers::find(std::string_view name) const
{
    for (const Field& f : m_fields)
        if (iequals(f.name, name)) return &f.value;
    return nullptr;
}

bool Headers::has_token(std::string_view name, std::string_view token) const
{
    for (const Field& f : m_fields) {
        if (!iequals(f.name, name)) continue;
        std::string_view v = f.value;
        while (!v.empty()) {
            size_t comma = v.find(',');
            if (iequals(trim(v.substr(0, comma)), token)) return true;
            v = comma == std::string_view::npos ? std::string_view() : v.substr(comma + 1);
        }
    }
    return false;
}

// [SECTION] Helpers

std::string_view reason_phrase(uint16_t status)
{
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "";
    }
}

Response make_response(uint16_t status, std::string body, std::string_view content_type)
{
    Response r;
    r.status = status;
    r.reason = std::string(reason_phrase(status));
    if (!body.empty() || !content_type.empty()) set_body(r, std::move(body), content_type);
    return r;
}

namespace {
template <class Msg>
// NOLINTNEXTLINE(performance-unnecessary-value-param): false positive, body is moved into m.body
void set_body_of(Msg& m, std::string body, std::string_view content_type)
{
    m.headers.remove("Transfer-Encoding");
    if (!content_type.empty()) m.headers.set("Content-Type", std::string(content_type));
    m.headers.set("Content-Length", std::to_string(body.size()));
    m.body = std::move(body);
}
} // namespace

void set_body(Request& req, std::string body, std::string_view content_type)
{
    set_body_of(req, std::move(body), content_type);
}

void set_body(Response& resp, std::string body, std::string_view content_type)
{
    set_body_of(resp, std::move(body), content_type);
}

bool is_bodiless_status(uint16_t status)
{
    return (status >= 100 && status < 200) || status == 204 || status == 304;
}

bool is_chunked(const Headers& headers)
{
    const std::string* te = headers.find("Transfer-Encoding");
    return te && iequals(trim(*te), "chunked");
}

bool is_persistent(const Request& req)
{
    if (req.headers.has_token("Connection", "close")) return false;
    return req.minor_version >= 1 || req.headers.has_token("Connection", "keep-alive");
}

bool is_persistent(const Response& resp, bool to_head_request)
{
    if (resp.headers.has_token("Connection", "close")) return false;
    if (resp.minor_version == 0 && !resp.headers.has_token("Connection", "keep-alive"))
        return false;
    bool framed = to_head_request || is_bodiless_status(resp.status) ||
                  resp.headers.has("Content-Length") || is_chunked(resp.headers);
    return framed;
}

std::string_view target_path(std::string_view t)
{
    if (size_t scheme = t.find("://"); scheme != std::string_view::npos && t.front() != '/') {
        size_t slash = t.find_first_of("/?#", scheme + 3);
        if (slash == std::string_view::npos || t[slash] != '/') return "/";
        t = t.substr(slash);
    }
    return t.substr(0, t.find_first_of("?#"));
}

std::string_view target_query(std::string_view t)
{
    size_t q = t.find('?');
    if (q == std::string_view::npos) return {};
    std::string_view rest = t.substr(q + 1);
    return rest.substr(0, rest.find('#'));
}

std::string percent_decode(std::string_view s, bool plus_is_space)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
            hex_value(s[i + 2]) >= 0) {
            out += char(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += (plus_is_space && s[i] == '+') ? ' ' : s[i];
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view q)
{
    std::vector<std::pair<std::string, std::string>> out;
    while (!q.empty()) {
        size_t amp = q.find('&');
        std::string_view pair = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
        if (pair.empty()) continue;
        size_t eq = pair.find('=');
        std::string_view key = pair.substr(0, eq);
        std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
        out.emplace_back(percent_decode(key, true), percent_decode(value, true));
    }
    return out;
}

std::string http_date(int64_t unix_seconds)
{
    static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int64_t days = unix_seconds / 86400, secs = unix_seconds % 86400;
    if (secs < 0) secs += 86400, days -= 1;
    // Civil date from a day count: years of 400-year eras starting on March 1st, so the leap
    // day falls at the end of each year (the "days_from_civil" inverse, H. Hinnant's write-up).
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t day = doy - (153 * mp + 2) / 5 + 1;
    int64_t month = mp < 10 ? mp + 3 : mp - 9;
    int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    int64_t wday = ((days % 7) + 7) % 7;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04lld %02d:%02d:%02d GMT", kDays[wday], int(day),
                  kMonths[month - 1], static_cast<long long>(year), int(secs / 3600),
                  int(secs / 60 % 60), int(secs % 60));
    return buf;
}

bool is_token(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar);
}

bool is_field_value(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char ch) {
        auto c = uint8_t(ch);
        return c == '\t' || (c >= 0x20 && c != 0x7f);
    });
}

// [SECTION] Serializer

size_t buffer_len(const Request& req, const EmitOptions& opts)
{
    Writer w(nullptr);
    write_request(w, req, opts);
    return w.pos();
}

void emit(const Request& req, MutByteSpan out, const EmitOptions& opts)
{
    WIRELAB_ASSERT(out.size() == buffer_len(req, opts) && "http::emit: out must be buffer_len");
    Writer w(out.data());
    write_request(w, req, opts);
}

size_t buffer_len(const Response& resp, const EmitOptions& opts)
{
    Writer w(nullptr);
    write_response(w, resp, opts);
    return w.pos();
}

void emit(const Response& resp, MutByteSpan out, const EmitOptions& opts)
{
    WIRELAB_ASSERT(out.size() == buffer_len(resp, opts) && "http::emit: out must be buffer_len");
    Writer w(out.data());
    write_response(w, resp, opts);
}

Bytes serialize(const Request& req, const EmitOptions& opts)
{
    Bytes out(buffer_len(req, opts));
    emit(req, out, opts);
    return out;
}

Bytes serialize(const Response& resp, const EmitOptions& opts)
{
    Bytes out(buffer_len(resp, opts));
    emit(resp, out, opts);
    return out;
}

} // namespace wirelab::wire::http
