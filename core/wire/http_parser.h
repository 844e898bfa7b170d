// Incremental HTTP/1.1 parsers (RFC 9112): fed the byte chunks a TCP socket delivers, they
// return each complete request or response in turn (pipelining and keep-alive included). Message
// framing follows RFC 9112 §6.3: Content-Length, chunked transfer coding (§7.1), a response body
// ending at the close, and the messages that never have a body. Limits keep a peer from making
// the parser buffer without bound; each failure says what was wrong and which status a server
// answers with.
#pragma once

#include "core/base/bytes.h"
#include "core/base/result.h"
#include "core/wire/http.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace wirelab::wire::http {

enum class Error : uint8_t {
    BadStartLine,              // 400: request line / status line does not follow the grammar
    BadVersion,                // 505: not HTTP/1.x
    BadHeader,                 // 400: a field line without colon, with a bad name, folding, CTLs
    HeaderTooLarge,            // 431: start line + fields over Limits::max_header_bytes
    TooManyHeaders,            // 431: more than Limits::max_header_count fields
    BadContentLength,          // 400: not a number, differing values, or with chunked
    BodyTooLarge,              // 413: the body would exceed Limits::max_body_bytes
    BadChunk,                  // 400: chunk size line or chunk end malformed
    UnsupportedTransferCoding, // 501: a Transfer-Encoding other than "chunked"
    UnexpectedEof,             // the connection closed in the middle of a message
};

// "bad start line", "header too large", ...: stable lowercase words.
const char* to_string(Error e);

struct Fault {
    Error kind = Error::BadStartLine;
    // The whole story, quoting the offending text (printable, cut to 60 bytes), e.g.
    // `http: bad request line "GET /a b HTTP/1.1": expected METHOD SP TARGET SP HTTP/1.x`.
    std::string message;

    // The status a server answers a request with when parsing it fails (400, 413, 431, 501,
    // 505). For UnexpectedEof there is nobody to answer: 400.
    uint16_t status() const;
    bool operator==(Error e) const { return kind == e; }
};

struct Limits {
    size_t max_header_bytes = 8192; // start line, fields and the blank line
    size_t max_header_count = 100;
    size_t max_body_bytes = size_t(16) << 20;
};

namespace detail {

// The framing state machine both parsers share (see RequestParser and ResponseParser).
class MessageParser {
public:
    MessageParser(Limits limits, bool is_request) : m_limits(limits), m_is_request(is_request) {}

    void feed(ByteSpan bytes);
    void feed_eof() { m_eof = true; }
    // Works through the buffered bytes: true once a message is complete (take it with
    // take_request()/take_response()), false when more bytes are needed. `head_queue.front()`
    // says whether the final response being read answers a HEAD. Errors are sticky.
    Result<bool, Fault> advance(const std::deque<bool>& head_queue);
    Request take_request();
    Response take_response();
    bool is_mid_message() const { return m_stage != Stage::Head || m_pos < m_buf.size(); }

private:
    enum class Stage : uint8_t { Head, Body, ChunkSize, ChunkData, Trailers, UntilClose };
    enum class Progress : uint8_t { NeedMore, Continue, Complete };

    Result<Progress, Fault> step(const std::deque<bool>& head_queue);
    Result<Progress, Fault> read_head(const std::deque<bool>& head_queue);
    Result<Ok, Fault> parse_head(std::string_view head);
    Result<Ok, Fault> parse_fields(std::string_view lines);
    Result<Progress, Fault> choose_framing(bool no_body);
    Result<Progress, Fault> read_body();
    Result<Progress, Fault> read_chunk_size();
    Result<Progress, Fault> read_chunk_data();
    Result<Progress, Fault> read_trailers();
    Result<Progress, Fault> read_until_close();
    Result<Ok, Fault> append_body(std::string_view bytes);
    Headers& headers() { return m_is_request ? m_request.headers : m_response.headers; }
    std::string& body() { return m_is_request ? m_request.body : m_response.body; }
    void finish_message();

    Limits m_limits;
    bool m_is_request;
    std::string m_buf;
    size_t m_pos = 0;     // first unconsumed byte of m_buf
    size_t m_scanned = 0; // the blank-line search resumes here
    bool m_eof = false;
    Stage m_stage = Stage::Head;
    size_t m_remaining = 0; // Body: bytes left; ChunkData: bytes of the chunk left
    size_t m_trailer_bytes = 0;
    Request m_request;
    Response m_response;
    std::optional<Fault> m_failed;
};

} // namespace detail

// Requests as a server reads them from one connection.
class RequestParser {
public:
    explicit RequestParser(Limits limits = {}) : m_core(limits, true) {}

    // Appends received bytes. Cheap; the work happens in next().
    void feed(ByteSpan bytes) { m_core.feed(bytes); }
    // The next complete request, nullopt until enough bytes have arrived. After an error the
    // parser stays failed and returns the same Fault: answer fault.status() and close (after a
    // framing error nothing says where the next message starts).
    Result<std::optional<Request>, Fault> next();
    // The peer closed: a half-received request becomes an UnexpectedEof error in next(); with
    // nothing buffered, next() keeps returning nullopt.
    void feed_eof() { m_core.feed_eof(); }
    // Bytes of an unfinished request are waiting.
    bool is_mid_message() const { return m_core.is_mid_message(); }

private:
    detail::MessageParser m_core;
    std::deque<bool> m_no_head; // requests are never answers to HEAD
};

// Responses as curl reads them from one connection.
class ResponseParser {
public:
    explicit ResponseParser(Limits limits = {}) : m_core(limits, false) {}

    // Call once per request sent, in order: the response to a HEAD has no body (RFC 9110
    // §9.3.2). Without a call the response is read as one to GET.
    void expect_response_to(std::string_view method) { m_head_queue.push_back(method == "HEAD"); }
    void feed(ByteSpan bytes) { m_core.feed(bytes); }
    // The server closed the connection: ends a body delimited by the close (no Content-Length,
    // not chunked); anywhere else in a message it is an UnexpectedEof error.
    void feed_eof() { m_core.feed_eof(); }
    // The next complete response (a 1xx interim response too: curl prints it and reads on).
    Result<std::optional<Response>, Fault> next();
    bool is_mid_message() const { return m_core.is_mid_message(); }

private:
    detail::MessageParser m_core;
    std::deque<bool> m_head_queue;
};

} // namespace wirelab::wire::http
