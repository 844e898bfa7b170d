#include "core/shell/shell.h"

#include <algorithm>
#include <cstdio>

namespace wirelab::app {

Process::~Process() = default; // m_timers cancels what is still pending

void Process::exit(int code)
{
    if (m_exited) return;
    m_exited = true;
    cancel_timers();
    if (m_on_exit) m_on_exit(code);
}

kernel::EventId Process::after(SimTime delay, std::function<void()> fn)
{
    // The event holds the callable (a std::function fits an EventFn); it is cancelled when the
    // process ends, so it never runs against a dead process.
    return m_timers.schedule_in(delay, std::move(fn));
}

void Process::cancel_timers()
{
    m_timers.cancel_all();
}

Shell::Shell(net::Network& net, net::IpNode& node) : m_net(net), m_node(node) {}
Shell::~Shell() = default;

std::unique_ptr<LoginShell> Shell::login(net::IpNode& node)
{
    return std::make_unique<Shell>(node.network(), node);
}

bool Shell::is_busy() const
{
    return m_proc && !m_proc->has_exited();
}

void Shell::interrupt()
{
    if (is_busy()) m_proc->interrupt();
}

std::vector<std::string> Shell::split(std::string_view line)
{
    std::vector<std::string> out;
    std::string cur;
    bool in_word = false;
    char quote = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            else if (c == '\\' && quote == '"' && i + 1 < line.size())
                cur += line[++i];
            else
                cur += c;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == '\\' && i + 1 < line.size()) {
            cur += line[++i];
            in_word = true;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word) out.push_back(std::move(cur));
            cur.clear();
            in_word = false;
        } else {
            cur += c;
            in_word = true;
        }
    }
    if (in_word) out.push_back(std::move(cur));
    return out;
}

void Shell::run(std::string_view line, OutputFn out, ExitFn on_exit)
{
    m_finished.clear();
    if (is_busy()) {
        out("wirelab: a command is still running on " + m_node.name() +
            " (press Ctrl+C to stop it)\n");
        on_exit(1);
        return;
    }
    if (m_proc) m_finished.push_back(std::move(m_proc));
    std::vector<std::string> argv = split(line);
    if (argv.empty()) {
        on_exit(0);
        return;
    }
    for (const CommandSpec& c : commands()) {
        if (c.name != argv[0]) continue;
        m_proc = c.make(m_net, m_node, std::move(argv), std::move(out), std::move(on_exit));
        m_proc->start();
        return;
    }
    out(argv[0] + ": command not found (type 'help' for the list of commands)\n");
    on_exit(127);
}

bool parse_seconds(std::string_view text, SimTime& out)
{
    // Decimal seconds like "0.2" or "1", parsed exactly into nanoseconds (no floating point).
    if (text.empty()) return false;
    int64_t whole = 0, frac = 0, scale = 1000000000;
    size_t i = 0;
    for (; i < text.size() && text[i] != '.'; ++i) {
        if (text[i] < '0' || text[i] > '9' || whole > 1000000) return false;
        whole = whole * 10 + (text[i] - '0');
    }
    if (i < text.size()) {
        ++i;
        if (i == text.size()) return false;
        for (; i < text.size(); ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            if (scale > 1) {
                scale /= 10;
                frac += (text[i] - '0') * scale;
            }
        }
    }
    out = SimTime::from_ns(whole * 1000000000 + frac);
    return true;
}

std::string format_ms(SimTime t)
{
    // iputils: >= 100 ms "%ld", >= 10 "%.1f", >= 1 "%.2f", else "%.3f". Integer arithmetic on
    // microseconds keeps native and WebAssembly output identical.
    int64_t us = t.ns() / 1000;
    char buf[32];
    if (us >= 100000)
        std::snprintf(buf, sizeof buf, "%lld", (long long)(us / 1000));
    else if (us >= 10000)
        std::snprintf(buf, sizeof buf, "%lld.%01lld", (long long)(us / 1000),
                      (long long)(us % 1000 / 100));
    else if (us >= 1000)
        std::snprintf(buf, sizeof buf, "%lld.%02lld", (long long)(us / 1000),
                      (long long)(us % 1000 / 10));
    else
        std::snprintf(buf, sizeof buf, "0.%03lld", (long long)us);
    return buf;
}

} // namespace wirelab::app
