// A terminal on one host: its scrollback, the command history and tab completion. The shell that
// runs the commands belongs to the running network (web/model/session.h); output reaches the
// terminal by host name, so a terminal outlives network rebuilds and keeps its text.
#pragma once

#include "sim/scenario.h"

#include <string>
#include <string_view>
#include <vector>

namespace wirelab::web {

class Terminal {
public:
    static constexpr size_t kMaxText = 256 * 1024; // scrollback kept, in bytes
    static constexpr size_t kMaxHistory = 200;

    explicit Terminal(std::string host) : m_host(std::move(host)) {}

    const std::string& host() const { return m_host; }
    std::string prompt() const { return "user@" + m_host + ":~$ "; }
    const std::string& text() const { return m_text; }
    bool is_busy() const { return m_busy; }

    // [SECTION] What the session reports
    void started(const std::string& line, bool from_script);
    void output(std::string_view text);
    void exited(int code);
    // The network was rebuilt: a running command is gone.
    void restarted(const std::string& why);
    void note(std::string_view text); // a line from the app itself, e.g. "[pc1 was deleted]"
    void clear_text() { m_text.clear(); }

    // [SECTION] Input
    // The user pressed Enter on `line`: echoes it after the prompt and records it in the
    // history. Returns false for an empty line (a fresh prompt is shown).
    bool submit(const std::string& line);
    // Up/Down: the previous/next history entry, given what is being edited now.
    std::string history_prev(const std::string& current);
    std::string history_next();

    // Scroll to the end on the next draw (new output arrived).
    bool take_scroll_request();

    bool open = true;          // shown as a tab
    bool focus_request = true; // put the keyboard in the input line on the next draw

private:
    void append(std::string_view text);

    std::string m_host;
    std::string m_text;
    std::vector<std::string> m_history;
    size_t m_history_pos = 0; // == size(): editing a new line
    std::string m_draft;      // the new line being edited while browsing the history
    bool m_busy = false;
    bool m_scroll = true;
};

// Tab completion of `line` with the cursor at its end: the first word from the shell's commands,
// later words from device names. Returns the completed line; when several candidates remain it
// completes their common prefix and lists them in `choices`.
std::string complete_line(const std::string& line, const std::vector<std::string>& device_names,
                          std::vector<std::string>& choices);

// Replaces arguments that name a device with its first address, as /etc/hosts would: "ping pc2"
// runs "ping 10.0.0.2". Words starting with '-' and the command itself are left alone. Each
// substitution is described in `notes` ("pc2 = 10.0.0.2").
std::string resolve_device_names(const std::string& line, const sim::Scenario& s,
                                 std::vector<std::string>& notes);

} // namespace wirelab::web
