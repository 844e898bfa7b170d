// Helpers for the service tests: a terminal that runs one command line on a host and keeps what
// it printed, on top of the transport tests' two hosts joined by one cable.
#pragma once

#include "core/shell/shell.h"
#include "tests/transport/harness.h"

#include <string>

namespace wirelab::test {

struct Term {
    app::Shell sh;
    std::string text;
    bool done = false;
    int code = -1;
    Term(net::Network& net, net::IpNode& node) : sh(net, node) {}
    void run(const std::string& line)
    {
        text.clear();
        done = false;
        code = -1;
        sh.run(
            line, [this](std::string_view t) { text += t; },
            [this](int c) {
                done = true;
                code = c;
            });
    }
};

// Runs `line` on `node` to completion (at most `limit` of simulated time).
inline Term& run_cmd(TwoHosts& h, Term& t, const std::string& line,
                     SimTime limit = SimTime::from_s(30))
{
    t.run(line);
    REQUIRE(h.run_until([&] { return t.done; }, limit));
    return t;
}

inline bool has(const std::string& text, const std::string& what)
{
    return text.find(what) != std::string::npos;
}

} // namespace wirelab::test
