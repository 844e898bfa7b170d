// HTTP/1.1 messages (RFC 9112 syntax, RFC 9110 semantics): requests and responses as values,
// their serializer (start line, header fields, Content-Length or chunked body), and the helpers
// a server and curl need around them: persistence (RFC 9112 §9.3), reason phrases, request
// targets and form/query decoding (RFC 3986 §2.1, WHATWG urlencoded), the IMF-fixdate of Date
// headers. The incremental parsers are in http_parser.h.
#pragma once

#include "core/base/bytes.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wirelab::wire::http {

constexpr uint16_t kPort = 80;
constexpr size_t kDefaultChunkSize = 16384;

// Header fields in the order given, names with the case given; lookups ignore case (RFC 9110
// §5.1). Values are kept without surrounding whitespace.
class Headers {
public:
    struct Field {
        std::string name;
        std::string value;
        bool operator==(const Field&) const = default;
    };

    // Appends a field (a repeated name is a second field, as on the wire).
    void add(std::string name, std::string value);
    // Replaces the first field of that name (removing the others) or appends one.
    void set(std::string_view name, std::string value);
    // Removes every field of that name; returns how many.
    size_t remove(std::string_view name);
    // The first value of that name, or nullptr.
    const std::string* find(std::string_view name) const;
    bool has(std::string_view name) const { return find(name) != nullptr; }
    // Whether any field of that name lists `token` in its comma-separated value, ignoring case
    // ("Connection: keep-alive, Upgrade" has "upgrade").
    bool has_token(std::string_view name, std::string_view token) const;

    const std::vector<Field>& fields() const { return m_fields; }
    size_t size() const { return m_fields.size(); }
    bool empty() const { return m_fields.empty(); }
    auto begin() const { return m_fields.begin(); }
    auto end() const { return m_fields.end(); }
    bool operator==(const Headers&) const = default;

private:
    std::vector<Field> m_fields;
};

struct Request {
    std::string method = "GET"; // a token, case-sensitive (RFC 9110 §9.1)
    std::string target = "/";   // origin-form "/path?query", or absolute-form, "*", authority
    uint8_t minor_version = 1;  // HTTP/1.<minor>
    Headers headers;
    std::string body; // bytes; may hold binary data
    bool operator==(const Request&) const = default;
};

struct Response {
    uint8_t minor_version = 1;
    uint16_t status = 200; // 100..999
    std::string reason = "OK";
    Headers headers;
    std::string body;
    bool operator==(const Response&) const = default;
};

// "OK", "Moved Permanently", "Not Found", ... (RFC 9110 §15); "" for codes it does not list.
std::string_view reason_phrase(uint16_t status);

// A response with the standard reason phrase, and when a body or a content type is given,
// Content-Type and Content-Length set for it.
Response make_response(uint16_t status, std::string body = {}, std::string_view content_type = {});
// Sets the body with its Content-Length (and Content-Type unless empty), dropping any
// Transfer-Encoding.
void set_body(Request& req, std::string body, std::string_view content_type = {});
void set_body(Response& resp, std::string body, std::string_view content_type = {});

// Whether a response with this status carries no body whatever its headers say: 1xx, 204 and
// 304 (RFC 9112 §6.3 rule 1). A response to HEAD has none either.
bool is_bodiless_status(uint16_t status);
// Whether Transfer-Encoding says chunked (the only transfer coding supported).
bool is_chunked(const Headers& headers);

// RFC 9112 §9.3: HTTP/1.1 stays open unless "Connection: close"; HTTP/1.0 only with
// "Connection: keep-alive". A response whose body ends at the close (no Content-Length, not
// chunked, a status with a body, not to HEAD) cannot stay open either.
bool is_persistent(const Request& req);
bool is_persistent(const Response& resp, bool to_head_request = false);

// The path and query of a request target: "/a/b?x=1#f" gives "/a/b" and "x=1"; absolute-form
// "http://host:80/p?q" gives "/p" and "q"; an empty path is "/". The query is "" when absent.
std::string_view target_path(std::string_view target);
std::string_view target_query(std::string_view target);
// "%41" -> "A" (RFC 3986 §2.1); with `plus_is_space` "+" -> " " as in forms. An invalid escape
// is kept literally, as browsers do.
std::string percent_decode(std::string_view text, bool plus_is_space = false);
// "a=1&b=x+y&c" -> {("a","1"), ("b","x y"), ("c","")}, decoded (application/x-www-form-urlencoded:
// queries and form bodies alike).
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

// IMF-fixdate (RFC 9110 §5.6.7): 784111777 -> "Sun, 06 Nov 1994 08:49:37 GMT". The simulator
// passes its simulated wall time; there is no clock here.
std::string http_date(int64_t unix_seconds);

// [SECTION] Serializer

struct EmitOptions {
    // Chunked bodies are cut into chunks of this many bytes (the last one shorter).
    size_t chunk_size = kDefaultChunkSize;
    // Responses to HEAD: start line and headers only, the body is not written (RFC 9110 §9.3.2:
    // the headers are those a GET would get, Content-Length included).
    bool head_only = false;
};

// Start line, fields as given, blank line, then the body: chunked when is_chunked(headers)
// (ending with the zero-size chunk), else as is. No field is added. Asserts what a caller must
// get right: token method and names, no CR/LF in values, the target, reason and status
// well-formed, a Content-Length equal to the body size when both are present, a request body
// announced by Content-Length or chunked, no body on a 1xx/204/304 response.
size_t buffer_len(const Request& req, const EmitOptions& opts = {});
void emit(const Request& req, MutByteSpan out, const EmitOptions& opts = {});
size_t buffer_len(const Response& resp, const EmitOptions& opts = {});
void emit(const Response& resp, MutByteSpan out, const EmitOptions& opts = {});
Bytes serialize(const Request& req, const EmitOptions& opts = {});
Bytes serialize(const Response& resp, const EmitOptions& opts = {});

// Character classes of RFC 9110 §5.6.2 (token) and §5.5 (field values without CR/LF/NUL).
bool is_token(std::string_view s);
bool is_field_value(std::string_view s);

} // namespace wirelab::wire::http
