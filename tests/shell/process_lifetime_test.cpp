// A shell Process destroyed (or interrupted, then destroyed) with timers and socket callbacks
// pending: Process::after's kernel::Timers cancels the timers, and each program's destructor
// closes its sockets and removes its listeners. Under ASan any callback that outlived the
// process would be a heap-use-after-free.
#include "tests/services/service_harness.h"

#include <memory>

using namespace wirelab;
using namespace wirelab::test;

namespace {

struct Output {
    std::string text;
    int exits = 0;
    int code = -1;
};

std::unique_ptr<app::Shell> start(TwoHosts& h, Output& o, const std::string& line)
{
    auto sh = std::make_unique<app::Shell>(h.net, h.a);
    sh->run(
        line, [&o](std::string_view t) { o.text += t; },
        [&o](int c) {
            ++o.exits;
            o.code = c;
        });
    return sh;
}

} // namespace

TEST_CASE("process: destroyed with its timers pending", "[shell][asan]")
{
    // ping's next echo (1 s interval), nc's -w deadline, iperf's end-of-test and UDP pacing
    // timers, traceroute's probe wait: each program destroyed in the middle of its run.
    const char* lines[] = {"ping -c 10 10.0.0.2", "ping -c 3 -i 0.2 fd00::2",
                           "nc -w 5 10.0.0.2 9",  "iperf -c 10.0.0.2 -u -t 3",
                           "traceroute 10.0.0.2", "ntpdate 10.0.0.2"};
    for (const char* line : lines) {
        INFO(line);
        TwoHosts h(7);
        Output o;
        auto sh = start(h, o, line);
        h.net.run_until(SimTime::from_ms(1500));
        sh.reset(); // the process goes with it, timers queued
        size_t printed = o.text.size();
        h.net.run_until(SimTime::from_s(60));
        CHECK(o.text.size() == printed); // nothing ran against the dead process
        CHECK(o.exits <= 1);
    }
}

TEST_CASE("process: interrupted, then destroyed before the next timer", "[shell][asan]")
{
    TwoHosts h(8);
    Output o;
    auto sh = start(h, o, "ping -c 100 10.0.0.2");
    h.net.run_until(SimTime::from_ms(2500));
    REQUIRE(sh->is_busy());
    sh->interrupt(); // Ctrl+C: statistics, exit 130, timers cancelled
    CHECK(o.exits == 1);
    CHECK(has(o.text, "packets transmitted"));
    sh.reset();
    size_t printed = o.text.size();
    h.net.run_until(SimTime::from_s(200));
    CHECK(o.text.size() == printed);
    CHECK(o.exits == 1);
}

TEST_CASE("process: a finished process's shell runs the next line as before", "[shell]")
{
    TwoHosts h(9);
    Term t(h.net, h.a);
    run_cmd(h, t, "ping -c 2 10.0.0.2");
    CHECK(t.code == 0);
    CHECK(has(t.text, "2 packets transmitted, 2 received"));
    run_cmd(h, t, "ping -c 1 10.0.0.2");
    CHECK(has(t.text, "1 packets transmitted, 1 received"));
}
