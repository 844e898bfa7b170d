#include "core/shell/options.h"

namespace wirelab::app {

OptionParser::OptionParser(std::span<const OptionSpec> table, const std::vector<std::string>& argv,
                           OptionRules rules)
    : m_table(table), m_argv(argv), m_rules(rules)
{}

OptionItem OptionParser::next()
{
    if (m_group) return short_option();
    if (m_index >= m_argv.size()) return {};
    const std::string& w = m_argv[m_index];
    if (!m_only_operands && w == "--") {
        m_only_operands = m_after_dashdash = true;
        ++m_index;
        return next();
    }
    if (m_only_operands || w.size() < 2 || w[0] != '-') {
        if (!m_rules.permute) m_only_operands = true;
        OptionItem it;
        it.kind = OptionItem::Kind::Operand;
        it.value = it.word = w;
        it.after_dashdash = m_after_dashdash;
        ++m_index;
        return it;
    }
    if (w[1] == '-') return long_option(std::string_view(w).substr(2));
    if (m_rules.single_dash_long && w.size() > 2) {
        std::string_view body = std::string_view(w).substr(1);
        bool ambiguous = false;
        if (find_long(body.substr(0, body.find('=')), ambiguous) || ambiguous)
            return long_option(body);
    }
    m_group = 1;
    return short_option();
}

OptionItem OptionParser::short_option()
{
    const std::string& w = m_argv[m_index];
    char c = w[m_group++];
    bool last = m_group >= w.size();
    OptionItem it;
    it.kind = OptionItem::Kind::Option;
    it.name = std::string(1, c);
    it.word = w;
    it.spec = find_short(c);
    auto end_word = [&] {
        m_group = 0;
        ++m_index;
    };
    if (!it.spec) {
        it.kind = OptionItem::Kind::Error;
        it.error = OptionError::Unknown;
        if (last) end_word();
        return it;
    }
    it.key = it.spec->id();
    if (it.spec->arg == OptArg::None) {
        if (last) end_word();
        return it;
    }
    // A value: the rest of this word, else (if required) the next word.
    if (!last) {
        it.value = w.substr(m_group);
        it.has_value = true;
    } else if (it.spec->arg == OptArg::Required) {
        if (m_index + 1 < m_argv.size()) {
            it.value = m_argv[++m_index];
            it.has_value = true;
        } else {
            it.kind = OptionItem::Kind::Error;
            it.error = OptionError::MissingValue;
        }
    }
    end_word();
    return it;
}

OptionItem OptionParser::long_option(std::string_view body)
{
    OptionItem it;
    it.kind = OptionItem::Kind::Error;
    it.is_long = true;
    it.word = m_argv[m_index++];
    size_t eq = body.find('=');
    it.name = std::string(body.substr(0, eq));
    bool ambiguous = false;
    it.spec = find_long(it.name, ambiguous);
    if (!it.spec) {
        it.error = ambiguous ? OptionError::Ambiguous : OptionError::Unknown;
        return it;
    }
    it.key = it.spec->id();
    if (eq != std::string_view::npos) {
        if (it.spec->arg == OptArg::None) {
            it.error = OptionError::UnexpectedValue;
            return it;
        }
        it.value = std::string(body.substr(eq + 1));
        it.has_value = true;
    } else if (it.spec->arg == OptArg::Required) {
        if (m_index >= m_argv.size()) {
            it.error = OptionError::MissingValue;
            return it;
        }
        it.value = m_argv[m_index++];
        it.has_value = true;
    }
    it.kind = OptionItem::Kind::Option;
    return it;
}

const OptionSpec* OptionParser::find_short(char c) const
{
    for (const OptionSpec& s : m_table)
        if (s.short_name == c) return &s;
    return nullptr;
}

const OptionSpec* OptionParser::find_long(std::string_view name, bool& ambiguous) const
{
    ambiguous = false;
    if (name.empty()) return nullptr;
    for (const OptionSpec& s : m_table)
        if (!s.long_name.empty() && s.long_name == name) return &s;
    if (!m_rules.long_prefixes) return nullptr;
    const OptionSpec* found = nullptr;
    for (const OptionSpec& s : m_table) {
        if (s.long_name.substr(0, name.size()) != name) continue;
        // Several names of one option (same key) are not ambiguous, as in glibc.
        if (found && found->id() != s.id()) {
            ambiguous = true;
            return nullptr;
        }
        if (!found) found = &s;
    }
    return found;
}

std::string option_usage(std::span<const OptionSpec> table, size_t help_column)
{
    auto label = [](const OptionSpec& s) {
        std::string l;
        if (s.short_name) l = std::string("-") + s.short_name;
        if (!s.long_name.empty()) l += (l.empty() ? "--" : ", --") + std::string(s.long_name);
        if (!s.value_name.empty()) l += " " + std::string(s.value_name);
        return l;
    };
    std::string out;
    for (size_t i = 0; i < table.size(); ++i) {
        if (table[i].help.empty()) continue;
        std::string line = "  " + label(table[i]);
        while (i + 1 < table.size() && table[i + 1].help == table[i].help)
            line += " / " + label(table[++i]);
        line.append(line.size() + 2 <= help_column ? help_column - line.size() : 2, ' ');
        out += line + std::string(table[i].help) + "\n";
    }
    return out;
}

} // namespace wirelab::app
