// Terminal text, history and completion.
#include "web/model/terminal.h"

#include "core/shell/shell.h"

#include <algorithm>

namespace wirelab::web {

void Terminal::append(std::string_view text)
{
    m_text.append(text);
    if (m_text.size() > kMaxText) {
        // Cut at a line boundary so the first kept line is whole.
        size_t cut = m_text.size() - kMaxText;
        size_t nl = m_text.find('\n', cut);
        m_text.erase(0, nl == std::string::npos ? cut : nl + 1);
    }
    m_scroll = true;
}

void Terminal::started(const std::string& line, bool from_script)
{
    m_busy = true;
    // Lines typed here were echoed by submit(); script lines are shown as if typed.
    if (from_script) append(prompt() + line + "    # from the scenario's script\n");
}

void Terminal::output(std::string_view text)
{
    append(text);
}

void Terminal::exited(int)
{
    m_busy = false;
    if (!m_text.empty() && m_text.back() != '\n') append("\n");
}

void Terminal::restarted(const std::string& why)
{
    if (!m_busy) return;
    m_busy = false;
    if (!m_text.empty() && m_text.back() != '\n') append("\n");
    append("[command ended: " + why + "]\n");
}

void Terminal::note(std::string_view text)
{
    if (!m_text.empty() && m_text.back() != '\n') append("\n");
    append(text);
    append("\n");
}

bool Terminal::submit(const std::string& line)
{
    append(prompt() + line + "\n");
    m_draft.clear();
    if (line.find_first_not_of(" \t") == std::string::npos) {
        m_history_pos = m_history.size();
        return false;
    }
    if (m_history.empty() || m_history.back() != line) m_history.push_back(line);
    if (m_history.size() > kMaxHistory) m_history.erase(m_history.begin());
    m_history_pos = m_history.size();
    return true;
}

std::string Terminal::history_prev(const std::string& current)
{
    if (m_history.empty()) return current;
    if (m_history_pos == m_history.size()) m_draft = current;
    if (m_history_pos > 0) --m_history_pos;
    return m_history[m_history_pos];
}

std::string Terminal::history_next()
{
    if (m_history_pos >= m_history.size()) return m_draft;
    ++m_history_pos;
    return m_history_pos == m_history.size() ? m_draft : m_history[m_history_pos];
}

bool Terminal::take_scroll_request()
{
    bool s = m_scroll;
    m_scroll = false;
    return s;
}

// ===================================================================================== [SECTION]
// Completion and names

std::string complete_line(const std::string& line, const std::vector<std::string>& device_names,
                          std::vector<std::string>& choices)
{
    choices.clear();
    const size_t word_start =
        line.find_last_of(" \t") == std::string::npos ? 0 : line.find_last_of(" \t") + 1;
    const std::string word = line.substr(word_start);
    const bool first_word = line.find_first_not_of(" \t") >= word_start;
    std::vector<std::string> candidates;
    if (first_word) {
        for (const app::CommandSpec& c : app::commands())
            if (c.name.substr(0, word.size()) == word) candidates.emplace_back(c.name);
    } else {
        for (const std::string& n : device_names)
            if (n.compare(0, word.size(), word) == 0) candidates.push_back(n);
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    if (candidates.empty()) return line;
    if (candidates.size() == 1) return line.substr(0, word_start) + candidates[0] + " ";
    // Common prefix of every candidate.
    std::string common = candidates[0];
    for (const std::string& c : candidates) {
        size_t n = 0;
        while (n < common.size() && n < c.size() && common[n] == c[n]) ++n;
        common.resize(n);
    }
    if (common.size() == word.size()) choices = candidates;
    return line.substr(0, word_start) + common;
}

std::string resolve_device_names(const std::string& line, const sim::Scenario& s,
                                 std::vector<std::string>& notes)
{
    std::vector<std::string> words = app::Shell::split(line);
    if (words.size() < 2) return line;
    bool changed = false;
    for (size_t i = 1; i < words.size(); ++i) {
        const sim::DeviceSpec* d = s.find_device(words[i]);
        if (!d || !d->is_ip_node()) continue;
        for (const sim::InterfaceSpec& iface : d->interfaces) {
            std::string addr;
            if (!iface.ipv4.empty())
                addr = iface.ipv4[0].addr.to_string();
            else if (!iface.ipv6.empty())
                addr = iface.ipv6[0].addr.to_string();
            if (addr.empty()) continue;
            notes.push_back(words[i] + " = " + addr);
            words[i] = addr;
            changed = true;
            break;
        }
    }
    if (!changed) return line;
    std::string out;
    for (const std::string& w : words) {
        if (!out.empty()) out += ' ';
        // Keep quoting for words that need it (a filter argument with spaces).
        const bool quote = w.empty() || w.find_first_of(" \t'\"\\") != std::string::npos;
        if (!quote) {
            out += w;
            continue;
        }
        out += '\'';
        for (char c : w) {
            if (c == '\'')
                out += "'\\''";
            else
                out += c;
        }
        out += '\'';
    }
    return out;
}

} // namespace wirelab::web
