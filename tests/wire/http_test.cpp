// HTTP/1.1 (RFC 9112): a GET, a 200 with Content-Length and a chunked 200 byte for byte, fed
// whole and byte by byte; pipelining, HEAD, close-delimited and interim responses; malformed
// messages and limits with their exact errors; the helpers a server and curl use.
#include "core/wire/http.h"
#include "core/wire/http_parser.h"

#include "tests/wire/app_fixtures.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::wire;
using namespace wirelab::fixtures;

namespace {

ByteSpan span(std::string_view s)
{
    return ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

http::Request get_index()
{
    http::Request r;
    r.method = "GET";
    r.target = "/index.html";
    r.headers.add("Host", "www.lab");
    r.headers.add("User-Agent", "curl/7.88.1");
    r.headers.add("Accept", "*/*");
    return r;
}

http::Response hello()
{
    return http::make_response(200, "<p>Hello, World!</p>", "text/html; charset=utf-8");
}

http::Response alphabet()
{
    http::Response r;
    r.headers.add("Content-Type", "text/plain");
    r.headers.add("Transfer-Encoding", "chunked");
    r.body = "abcdefghijklmnopqrstuvwxyz";
    return r;
}

// Parses exactly one request from `text`; fails the test if none is complete.
http::Request one_request(std::string_view text)
{
    http::RequestParser p;
    p.feed(span(text));
    auto r = p.next();
    REQUIRE(r.ok());
    REQUIRE(r.value().has_value());
    return *r.value();
}

http::Fault request_fault(std::string_view text, http::Limits limits = {})
{
    http::RequestParser p(limits);
    p.feed(span(text));
    auto r = p.next();
    REQUIRE_FALSE(r.ok());
    return r.error();
}

http::Fault response_fault(std::string_view text, bool eof = false)
{
    http::ResponseParser p;
    p.feed(span(text));
    if (eof) p.feed_eof();
    auto r = p.next();
    REQUIRE_FALSE(r.ok());
    return r.error();
}

std::string str(const Bytes& b)
{
    return std::string(b.begin(), b.end());
}

} // namespace

TEST_CASE("http: deconstruct a GET, a 200 with Content-Length and a chunked 200", "[wire][http]")
{
    CHECK(one_request(kHttpGet) == get_index());
    http::ResponseParser p;
    p.feed(span(kHttpOk));
    p.feed(span(kHttpChunked));
    auto ok = p.next();
    REQUIRE(ok.ok());
    REQUIRE(ok.value());
    CHECK(*ok.value() == hello());
    CHECK(ok.value()->body == "<p>Hello, World!</p>");
    auto chunked = p.next();
    REQUIRE(chunked.ok());
    REQUIRE(chunked.value());
    CHECK(*chunked.value() == alphabet());
    CHECK_FALSE(p.next().value().has_value());
    CHECK_FALSE(p.is_mid_message());
}

TEST_CASE("http: construct byte for byte", "[wire][http]")
{
    CHECK(str(http::serialize(get_index())) == kHttpGet);
    CHECK(str(http::serialize(hello())) == kHttpOk);
    http::EmitOptions sixteen;
    sixteen.chunk_size = 16;
    CHECK(str(http::serialize(alphabet(), sixteen)) == kHttpChunked);
    CHECK(http::buffer_len(alphabet(), sixteen) == kHttpChunked.size());
    // Into a poisoned buffer.
    Bytes out(http::buffer_len(hello()), 0xA5);
    http::emit(hello(), out);
    CHECK(str(out) == kHttpOk);
    // HEAD: the GET's headers, no body.
    http::EmitOptions head;
    head.head_only = true;
    CHECK(str(http::serialize(hello(), head)) == kHttpOk.substr(0, kHttpOk.size() - 20));
}

TEST_CASE("http: fed one byte at a time, each message completes on its last byte", "[wire][http]")
{
    for (std::string_view text : {kHttpGet, kHttpGetChunked}) {
        http::RequestParser p;
        for (size_t i = 0; i < text.size(); ++i) {
            p.feed(span(text.substr(i, 1)));
            auto r = p.next();
            REQUIRE(r.ok());
            CHECK(r.value().has_value() == (i + 1 == text.size()));
        }
    }
    for (std::string_view text : {kHttpOk, kHttpChunked}) {
        http::ResponseParser p;
        std::optional<http::Response> got;
        for (size_t i = 0; i < text.size(); ++i) {
            p.feed(span(text.substr(i, 1)));
            auto r = p.next();
            REQUIRE(r.ok());
            CHECK(r.value().has_value() == (i + 1 == text.size()));
            if (r.value()) got = r.value();
        }
        REQUIRE(got);
        CHECK(*got == (text == kHttpOk ? hello() : alphabet()));
    }
}

TEST_CASE("http: pipelined requests and keep-alive", "[wire][http]")
{
    http::RequestParser p;
    std::string two = std::string(kHttpGet) + std::string(kHttpGetChunked);
    p.feed(span(two));
    auto first = p.next();
    auto second = p.next();
    REQUIRE((first.ok() && first.value() && second.ok() && second.value()));
    CHECK(second.value()->target == "/alphabet");
    CHECK(http::is_persistent(*first.value()));
    CHECK_FALSE(p.next().value().has_value());
    CHECK_FALSE(p.is_mid_message());

    http::Request old = one_request("GET / HTTP/1.0\r\n\r\n");
    CHECK(old.minor_version == 0);
    CHECK_FALSE(http::is_persistent(old));
    CHECK(http::is_persistent(one_request("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")));
    CHECK_FALSE(http::is_persistent(one_request("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")));
    // An empty line before a request line is skipped (RFC 9112 §2.2).
    CHECK(one_request("\r\n" + std::string(kHttpGet)) == get_index());
}

TEST_CASE("http: a POST body by Content-Length and by chunks", "[wire][http]")
{
    http::Request post = one_request("POST /form HTTP/1.1\r\nHost: www.lab\r\n"
                                     "Content-Type: application/x-www-form-urlencoded\r\n"
                                     "Content-Length: 13\r\n\r\nname=Ada+L%21");
    CHECK(post.body == "name=Ada+L%21");
    auto form = http::parse_query(post.body);
    REQUIRE(form.size() == 1);
    CHECK(form[0] == std::pair<std::string, std::string>("name", "Ada L!"));
    http::Request chunked = one_request("PUT /f HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                        "3;ext=1\r\nabc\r\n0\r\nX-Trailer: dropped\r\n\r\n");
    CHECK(chunked.body == "abc");
    CHECK(chunked.headers.size() == 1);
}

TEST_CASE("http: large bodies fed in pieces, by length, chunks and close", "[wire][http]")
{
    std::string big(300000, 'x');
    for (size_t i = 0; i < big.size(); ++i) big[i] = char('a' + i % 26);
    for (int framing = 0; framing < 3; ++framing) {
        http::Response r;
        if (framing == 0) http::set_body(r, big);
        if (framing == 1) r.headers.add("Transfer-Encoding", "chunked"), r.body = big;
        if (framing == 2) r.body = big;
        http::EmitOptions opts;
        opts.chunk_size = 7000;
        Bytes bytes = http::serialize(r, opts);
        http::ResponseParser p;
        std::optional<http::Response> got;
        for (size_t off = 0; off < bytes.size(); off += 1460) {
            p.feed(ByteSpan(bytes).subspan(off, std::min<size_t>(1460, bytes.size() - off)));
            auto n = p.next();
            REQUIRE(n.ok());
            if (n.value()) got = n.value();
        }
        if (framing == 2) {
            CHECK_FALSE(got);
            p.feed_eof();
            got = p.next().value();
        }
        REQUIRE(got);
        CHECK(got->body == big);
        CHECK(*got == r);
    }
}

TEST_CASE("http: responses without a body: HEAD, 1xx, 204, 304", "[wire][http]")
{
    http::ResponseParser p;
    p.expect_response_to("HEAD");
    p.expect_response_to("GET");
    p.feed(span("HTTP/1.1 100 Continue\r\n\r\n"));
    p.feed(span(kHttpOk.substr(0, kHttpOk.size() - 20))); // HEAD: headers only
    p.feed(span("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"));
    auto interim = p.next();
    REQUIRE((interim.ok() && interim.value()));
    CHECK(interim.value()->status == 100);
    auto head = p.next();
    REQUIRE((head.ok() && head.value()));
    CHECK(head.value()->body.empty());
    CHECK(*head.value()->headers.find("content-length") == "20");
    CHECK(http::is_persistent(*head.value(), true));
    auto none = p.next();
    REQUIRE((none.ok() && none.value()));
    CHECK(none.value()->status == 204);
    p.feed(span("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\nHTTP/1.1 200 OK\r\n"));
    auto cached = p.next();
    REQUIRE((cached.ok() && cached.value()));
    CHECK(cached.value()->status == 304);
    CHECK(p.next().value() == std::nullopt);
    CHECK(p.is_mid_message());
}

TEST_CASE("http: a response body delimited by the close", "[wire][http]")
{
    http::ResponseParser p;
    p.feed(span("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of "));
    CHECK(p.next().value() == std::nullopt);
    p.feed(span("this"));
    CHECK(p.next().value() == std::nullopt);
    p.feed_eof();
    auto r = p.next();
    REQUIRE((r.ok() && r.value()));
    CHECK(r.value()->body == "all of this");
    CHECK_FALSE(http::is_persistent(*r.value()));
    CHECK(p.next().value() == std::nullopt);
}

TEST_CASE("http: bad request and status lines", "[wire][http]")
{
    struct Case {
        const char* text;
        const char* message;
    };
    const Case bad[] = {
        {"GET /index.html\r\n\r\n",
         "http: bad request line \"GET /index.html\": expected METHOD SP TARGET SP HTTP/1.x"},
        {"GET  / HTTP/1.1\r\n\r\n",
         "http: bad request line \"GET  / HTTP/1.1\": expected METHOD SP TARGET SP HTTP/1.x"},
        {"GET / HTTP/1.1 extra\r\n\r\n",
         "http: bad request line \"GET / HTTP/1.1 extra\": expected METHOD SP TARGET SP HTTP/1.x"},
        {"G(T / HTTP/1.1\r\n\r\n",
         "http: bad request line \"G(T / HTTP/1.1\": expected METHOD SP TARGET SP HTTP/1.x"},
        {"GET / HTTP/1\r\n\r\n",
         "http: bad request line \"GET / HTTP/1\": expected METHOD SP TARGET SP HTTP/1.x"},
        {"GET / http/1.1\r\n\r\n",
         "http: bad request line \"GET / http/1.1\": expected METHOD SP TARGET SP HTTP/1.x"},
        {"\x16\x03\x01\x02\x00\x01\r\n\r\n",
         "http: bad request line \"\\x16\\x03\\x01\\x02\\x00\\x01\": expected METHOD SP TARGET SP "
         "HTTP/1.x"},
        {"GET /\r HTTP/1.1\r\n\r\n", "http: start line \"GET /\\x0d HTTP/1.1\" holds a bare CR"},
    };
    for (const Case& c : bad) {
        // The TLS-looking case holds a NUL: pass its real length.
        std::string_view text = c.text[0] == '\x16' ? std::string_view(c.text, 10) : c.text;
        http::Fault f = request_fault(text);
        CHECK(f == http::Error::BadStartLine);
        CHECK(f.message == c.message);
        CHECK(f.status() == 400);
    }
    http::Fault v2 = request_fault("GET / HTTP/2.0\r\n\r\n");
    CHECK(v2 == http::Error::BadVersion);
    CHECK(v2.message == "http: \"HTTP/2.0\" is not supported (only HTTP/1.0 and HTTP/1.1): "
                        "answer 505");
    CHECK(v2.status() == 505);
    CHECK(response_fault("HTTP/1.1 OK\r\n\r\n").message ==
          "http: bad status line \"HTTP/1.1 OK\": expected HTTP/1.x SP 3-digit status SP reason");
    CHECK(response_fault("HTTP/1.1 099 Odd\r\n\r\n") == http::Error::BadStartLine);
    CHECK(response_fault("ICY 200 OK\r\n\r\n") == http::Error::BadStartLine);
    // A status line without a reason phrase is accepted.
    http::ResponseParser p;
    p.feed(span("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n"));
    auto r = p.next();
    REQUIRE((r.ok() && r.value()));
    CHECK(r.value()->status == 404);
    CHECK(r.value()->reason.empty());
}

TEST_CASE("http: bad header fields", "[wire][http]")
{
    CHECK(request_fault("GET / HTTP/1.1\r\nHost www.lab\r\n\r\n").message ==
          "http: header line \"Host www.lab\" has no colon");
    http::Fault space = request_fault("GET / HTTP/1.1\r\nHost : www.lab\r\n\r\n");
    CHECK(space == http::Error::BadHeader);
    CHECK(space.message ==
          "http: header name \"Host \" is not a token (no spaces before the colon, RFC 9112 §5.1)");
    CHECK(request_fault("GET / HTTP/1.1\r\nX-A: 1\r\n  folded\r\n\r\n").message ==
          "http: header line \"  folded\" starts with whitespace (obsolete line folding is not "
          "accepted, RFC 9112 §5.2)");
    CHECK(request_fault(std::string_view("GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n", 28)).message ==
          "http: value of header \"X-A\" holds a control character");
}

TEST_CASE("http: header limits", "[wire][http]")
{
    http::Limits small;
    small.max_header_bytes = 64;
    small.max_header_count = 3;
    std::string big = "GET / HTTP/1.1\r\nX-Big: " + std::string(100, 'x') + "\r\n\r\n";
    http::Fault f = request_fault(big, small);
    CHECK(f == http::Error::HeaderTooLarge);
    CHECK(f.message == "http: header section over 64 bytes: answer 431");
    CHECK(f.status() == 431);
    // Also before the end of the head arrives: a peer cannot make the parser buffer forever.
    http::RequestParser p(small);
    p.feed(span("GET / HTTP/1.1\r\nX-Big: " + std::string(100, 'x')));
    CHECK(p.next().error() == http::Error::HeaderTooLarge);
    http::Fault many =
        request_fault("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", small);
    CHECK(many == http::Error::TooManyHeaders);
    CHECK(many.message == "http: more than 3 header fields: answer 431");
}

TEST_CASE("http: Content-Length and Transfer-Encoding errors", "[wire][http]")
{
    auto with = [](const std::string& fields) {
        return request_fault("POST / HTTP/1.1\r\n" + fields + "\r\n");
    };
    http::Fault nan = with("Content-Length: 12a\r\n");
    CHECK(nan == http::Error::BadContentLength);
    CHECK(nan.message == "http: Content-Length \"12a\" is not a decimal number");
    CHECK(with("Content-Length: -1\r\n") == http::Error::BadContentLength);
    CHECK(with("Content-Length: 5\r\nContent-Length: 6\r\n").message ==
          "http: Content-Length values 5 and 6 differ");
    http::Fault huge = with("Content-Length: 99999999999999999999999999\r\n");
    CHECK(huge == http::Error::BodyTooLarge);
    CHECK(huge.message == "http: Content-Length \"99999999999999999999999999\" exceeds the body "
                          "limit of 16777216 bytes: answer 413");
    CHECK(huge.status() == 413);
    CHECK(with("Content-Length: 10000000000\r\n") == http::Error::BodyTooLarge);
    http::Fault both = with("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n");
    CHECK(both == http::Error::BadContentLength);
    CHECK(both.message == "http: both Transfer-Encoding and Content-Length (RFC 9112 §6.3: a "
                          "request smuggling risk)");
    http::Fault gzip = with("Transfer-Encoding: gzip, chunked\r\n");
    CHECK(gzip == http::Error::UnsupportedTransferCoding);
    CHECK(gzip.message ==
          "http: Transfer-Encoding \"gzip, chunked\" is not supported (only chunked): answer 501");
    CHECK(gzip.status() == 501);
    // Identical values are one value (RFC 9110 §8.6).
    CHECK(one_request("POST / HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\nhi").body == "hi");
}

TEST_CASE("http: bad chunks and a body limit on chunked bodies", "[wire][http]")
{
    std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    http::Fault zz = response_fault(head + "zz\r\n");
    CHECK(zz == http::Error::BadChunk);
    CHECK(zz.message == "http: chunk size line \"zz\" is not a hexadecimal size");
    CHECK(response_fault(head + "3\r\nabcd\r\n").message ==
          "http: chunk of 3 bytes is not followed by CRLF (its size line is wrong?)");
    CHECK(response_fault(head + "ffffffffffffffff\r\n") == http::Error::BadChunk);
    CHECK(response_fault(head + "1000001\r\n") == http::Error::BodyTooLarge);
    CHECK(response_fault(head + std::string(2000, '1')) == http::Error::BadChunk);
}

TEST_CASE("http: the connection closing mid-message", "[wire][http]")
{
    http::Fault body =
        response_fault("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n<p>Hello", true);
    CHECK(body == http::Error::UnexpectedEof);
    CHECK(body.message == "http: connection closed with 12 body bytes of 20 still to come");
    CHECK(response_fault("HTTP/1.1 200 OK\r\nContent-Le", true).message ==
          "http: connection closed after 27 bytes of an unfinished header");
    CHECK(response_fault("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", true)
              .message == "http: connection closed inside a chunked body");
    // A clean close between messages is no error.
    http::RequestParser p;
    p.feed(span(kHttpGet));
    p.feed_eof();
    CHECK(p.next().value().has_value());
    CHECK(p.next().ok());
    CHECK_FALSE(p.next().value().has_value());
}

TEST_CASE("http: errors are sticky", "[wire][http]")
{
    http::RequestParser p;
    p.feed(span("BAD\r\n\r\n"));
    CHECK(p.next().error() == http::Error::BadStartLine);
    p.feed(span(kHttpGet));
    CHECK(p.next().error() == http::Error::BadStartLine);
}

TEST_CASE("http: headers, targets, queries, dates, reasons", "[wire][http]")
{
    http::Headers h;
    h.add("Accept", "a");
    h.add("ACCEPT", "b");
    h.add("Connection", "keep-alive, Upgrade");
    CHECK(*h.find("accept") == "a");
    CHECK(h.has_token("connection", "upgrade"));
    CHECK_FALSE(h.has_token("connection", "close"));
    h.set("accept", "c");
    CHECK(h.size() == 2);
    CHECK(h.fields()[0].name == "Accept");
    CHECK(h.fields()[0].value == "c");
    CHECK(h.remove("Connection") == 1);

    CHECK(http::target_path("/a/b?x=1#f") == "/a/b");
    CHECK(http::target_query("/a/b?x=1#f") == "x=1");
    CHECK(http::target_query("/a") == "");
    CHECK(http::target_path("http://www.lab:80/p?q") == "/p");
    CHECK(http::target_path("http://www.lab") == "/");
    CHECK(http::target_path("*") == "*");
    CHECK(http::percent_decode("a%20b%zz%4") == "a b%zz%4");
    CHECK(http::percent_decode("a+b", true) == "a b");
    auto q = http::parse_query("name=Ada&empty=&flag&x=%3D");
    REQUIRE(q.size() == 4);
    CHECK(q[2] == std::pair<std::string, std::string>("flag", ""));
    CHECK(q[3].second == "=");

    CHECK(http::http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT"); // RFC 9110 §5.6.7
    CHECK(http::http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(http::http_date(951782400) == "Tue, 29 Feb 2000 00:00:00 GMT");
    CHECK(http::http_date(-1) == "Wed, 31 Dec 1969 23:59:59 GMT");

    CHECK(http::reason_phrase(404) == "Not Found");
    CHECK(http::reason_phrase(405) == "Method Not Allowed");
    CHECK(http::reason_phrase(799) == "");
    http::Response moved = http::make_response(301);
    moved.headers.add("Location", "http://www.lab/");
    CHECK(str(http::serialize(moved)) ==
          "HTTP/1.1 301 Moved Permanently\r\nLocation: http://www.lab/\r\n\r\n");
}
