// LoginShell: what a remote-login daemon (telnetd now, sshd later) runs for a user who has
// logged in. The daemons live below the shell in the layering, so they see only this interface;
// whoever installs a daemon (the scenario builder, a test) hands it the shell's factory.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

namespace wirelab::net {
class IpNode;
}

namespace wirelab::app {

using OutputFn = std::function<void(std::string_view text)>;
using ExitFn = std::function<void(int exit_code)>;

class LoginShell {
public:
    virtual ~LoginShell() = default;
    // Starts a command line; output arrives through `out` as the simulation runs; `on_exit` is
    // called exactly once when the command ends (possibly before run() returns).
    virtual void run(std::string_view line, OutputFn out, ExitFn on_exit) = 0;
    virtual bool is_busy() const = 0;
    virtual void interrupt() = 0;
};

// Makes a fresh shell on `node`, as login(1) starts the user's shell.
using LoginShellFactory = std::unique_ptr<LoginShell> (*)(net::IpNode& node);

} // namespace wirelab::app
