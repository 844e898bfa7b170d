// HttpTemplate: the small template language of the web server's dynamic routes — text with
// {{ placeholders }} filled from the request, the client, the simulated time and the server's
// key/value table (the course notes: "generated on the fly ... leverage a database").
//
// Placeholders (the whole language):
//   {{ query.name }}            a variable (list below); missing values are ""
//   {{ query.name or "World" }} the first operand that is not empty
//   {{ kv.visits + 1 }}         integer arithmetic with + and -; "" counts as 0, and any other
//                               non-number is an error (the server answers 500, as a crashing
//                               Flask handler does)
//   {{ form.msg | upper }}      filters: upper, lower, length, trim, raw
// Operands are variables, decimal integers and "double-quoted strings" (\" and \\ escape).
// Variables: method, path, query (the raw query string), body, host, time (simulated seconds
// since the start, "12.500"), date (the host's clock as an HTTP date), query.NAME, form.NAME
// (urlencoded body), header.NAME (any case), param.NAME (a <NAME> segment of the route path),
// kv.NAME, client.ip, client.port, server.ip, server.port.
//
// Safety: in an HTML context every placeholder's value is HTML-escaped (& < > " ') unless it ends
// with `| raw`, so a reflected query cannot inject markup (the XSS lesson); in header values CR
// and LF are removed, so no placeholder can add a header (response splitting). There are no
// loops, no calls and no access to anything but the variables above.
#pragma once

#include "core/base/result.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wirelab::app {

// Where a compile error is: a message and the byte offset in the template text.
struct TemplateError {
    size_t offset = 0;
    std::string message; // "unknown variable \"qeury.name\" (known: method, path, ...)"
    // "at character 7: unknown variable ..."
    std::string to_string() const;
};

// What placeholders can see while one request is answered. Lookups of lists return the first
// value of that name.
struct TemplateInput {
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    std::string method, path, query, body, host;
    Pairs query_params, form, params, headers;
    std::string client_ip, server_ip;
    uint16_t client_port = 0, server_port = 0;
    std::string time; // simulated seconds, "12.500"
    std::string date; // IMF-fixdate of the host's clock
    const std::map<std::string, std::string>* kv = nullptr;
};

enum class Escape : uint8_t {
    None,   // plain text, JSON, kv values: as is
    Html,   // text/html bodies: & < > " ' become entities unless `| raw`
    Header, // header values: CR and LF removed (always, `raw` included)
};

class HttpTemplate {
public:
    // A template with no placeholders: renders to itself.
    HttpTemplate() = default;
    static Result<HttpTemplate, TemplateError> compile(std::string_view text);

    // The text with every placeholder replaced; an error names the placeholder that failed
    // ("{{ query.n + 1 }}: \"abc\" is not a number").
    Result<std::string, std::string> render(const TemplateInput& in, Escape escape) const;
    const std::string& source() const { return m_source; }
    bool has_placeholders() const;

    // The known variable roots, for messages and the documentation: "method, path, ...".
    static std::string known_variables();

    // [SECTION] compiled form (public for tests; built only by compile)
    enum class OpKind : uint8_t { Variable, Number, String };
    struct Operand {
        OpKind kind = OpKind::String;
        std::string root; // Variable: "query"; String: the text
        std::string key;  // Variable: "name" of query.name
        int64_t number = 0;
    };
    struct Term {
        std::vector<Operand> operands; // joined by ops
        std::vector<char> ops;         // '+' or '-' between operands
    };
    struct Placeholder {
        std::string text;               // as written, for error messages
        std::vector<Term> alternatives; // a or b or c
        std::vector<std::string> filters;
        bool raw = false;
    };
    struct Piece {
        std::string literal;
        int placeholder = -1; // index into m_placeholders, or -1 for literal text
    };

private:
    std::string m_source;
    std::vector<Piece> m_pieces;
    std::vector<Placeholder> m_placeholders;
};

// HTML-escapes & < > " ' (OWASP's five).
std::string html_escape(std::string_view text);

} // namespace wirelab::app
