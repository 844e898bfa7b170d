// Shell: runs command lines on one host inside the event loop (no threads). The same commands
// serve `wirelab run`, the scenario script, lab checks and the browser terminal.
#pragma once

#include "core/base/text.h"
#include "core/host/login_shell.h"
#include "core/kernel/scheduler.h"
#include "core/kernel/timers.h"
#include "core/net/ip_node.h"
#include "core/net/network.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::app {

// What a running command can reach. Commands print through out() and end with exit().
class Process {
public:
    Process(net::Network& net, net::IpNode& node, OutputFn out, ExitFn on_exit)
        : m_net(net), m_node(node), m_out(std::move(out)), m_on_exit(std::move(on_exit)),
          m_timers(net.scheduler())
    {}
    virtual ~Process();
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    virtual void start() = 0;
    // Ctrl+C: stop early, print what a real tool prints on SIGINT, and exit.
    virtual void interrupt() { exit(130); }
    bool has_exited() const { return m_exited; }

protected:
    void out(std::string_view text) { m_out(text); }
    void exit(int code);
    // Timers owned by the process: cancelled when it exits and when it is destroyed, so no event
    // outlives it and a callback may capture `this` (kernel::Timers). Sockets and listeners
    // whose callbacks capture `this` are closed or removed by each program's destructor.
    kernel::EventId after(SimTime delay, std::function<void()> fn);
    void cancel_timers();

    net::Network& m_net;
    net::IpNode& m_node;

private:
    OutputFn m_out;
    ExitFn m_on_exit;
    bool m_exited = false;
    kernel::Timers m_timers; // cancels its pending events when the process is destroyed
};

struct CommandSpec {
    std::string_view name;
    std::string_view summary;
    // Creates the process for argv (argv[0] is the command name as typed).
    std::unique_ptr<Process> (*make)(net::Network&, net::IpNode&, std::vector<std::string> argv,
                                     OutputFn, ExitFn);
};

// Every command a shell knows, sorted by name (for `help` and tab completion).
const std::vector<CommandSpec>& commands();

class Shell final : public LoginShell {
public:
    Shell(net::Network& net, net::IpNode& node);
    ~Shell() override;
    // The LoginShellFactory a remote-login daemon is given.
    static std::unique_ptr<LoginShell> login(net::IpNode& node);

    // Starts a command line; output arrives through `out` as the simulation runs; `on_exit` is
    // called exactly once when the command ends (possibly before run() returns).
    void run(std::string_view line, OutputFn out, ExitFn on_exit) override;
    bool is_busy() const override;
    void interrupt() override;
    net::IpNode& node() { return m_node; }

    // Splits a command line like a POSIX shell: whitespace, 'single' and "double" quotes, \.
    static std::vector<std::string> split(std::string_view line);

private:
    net::Network& m_net;
    net::IpNode& m_node;
    std::unique_ptr<Process> m_proc;
    std::vector<std::unique_ptr<Process>> m_finished; // freed on the next run, never mid-call
};

// [SECTION] helpers shared by commands
// Parses "-c 3"-style numeric option values; message names the option on failure.
// parse_uint: core/base/text.h
bool parse_seconds(std::string_view text, SimTime& out);
// Linux ping/traceroute millisecond format: 3 significant digits ("0.045", "2.05", "12.3", "123").
std::string format_ms(SimTime t);

} // namespace wirelab::app
