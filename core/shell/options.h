// The one option parser every program of the shell uses: getopt_long's rules over a table of
// options per program, reading argv one item at a time so each program checks values and prints
// its errors in its own tool's words, in the order the real tool would meet them.
//
// Rules (as glibc getopt_long, POSIX.1-2017 XBD 12.2 "Utility Syntax Guidelines"):
// - short options group ("-4n"); a short value is attached or the next word ("-c3", "-c 3");
// - a long value follows "=" or is the next word ("--count=3", "--count 3"); an optional value
//   only ever follows "=" or is attached ("--color=auto", "-c3");
// - "--" ends the options; "-" alone is an operand;
// - options may follow operands (GNU's permuting) unless OptionRules::permute is off, when the
//   first operand ends the options (POSIX; nc's text after the target).
// The parser never prints: an Error item says what went wrong and the program words it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::app {

enum class OptArg : uint8_t { None, Required, Optional };

struct OptionSpec {
    // A constructor rather than an aggregate, so short tables ({'v'}, {'c', "count",
    // OptArg::Required}) leave the rest to its defaults without missing-initializer warnings.
    constexpr OptionSpec(char short_name_, std::string_view long_name_ = {},
                         OptArg arg_ = OptArg::None, std::string_view value_name_ = {},
                         std::string_view help_ = {}, int key_ = 0)
        : short_name(short_name_), long_name(long_name_), arg(arg_), value_name(value_name_),
          help(help_), key(key_)
    {}

    char short_name = 0;        // 'c' for -c; 0 for a long-only option
    std::string_view long_name; // "count" for --count; empty for a short-only option
    OptArg arg = OptArg::None;
    std::string_view value_name; // "<count>" in the usage text
    std::string_view help;       // its line in the usage text; empty: not listed
    int key = 0;                 // what OptionItem::key reports; 0 means short_name

    int id() const { return key ? key : short_name; }
};

struct OptionRules {
    bool permute = true;        // false: the first operand ends the options
    bool long_prefixes = false; // an unambiguous prefix names a long option ("--verb")
    // getopt_long_only: "-timeout" is a long option when it names one, else short flags.
    bool single_dash_long = false;
};

enum class OptionError : uint8_t {
    None,
    Unknown,         // no such option
    MissingValue,    // it needs a value and argv ended
    UnexpectedValue, // "--flag=x" for an option that takes none
    Ambiguous,       // a prefix of several long options
};

struct OptionItem {
    enum class Kind : uint8_t { Option, Operand, Error, End };
    Kind kind = Kind::End;
    const OptionSpec* spec = nullptr; // Option; Error except Unknown and Ambiguous
    int key = 0;                      // spec->id(), or 0
    std::string value;                // Option: its value; Operand: the word
    bool has_value = false;
    bool is_long = false;        // named as --name (or -name under single_dash_long)
    std::string name;            // as typed, without dashes and value: "c", "count", "cou"
    std::string word;            // the whole argv word it came from
    bool after_dashdash = false; // Operand: came after "--"
    OptionError error = OptionError::None;

    bool is_option() const { return kind == Kind::Option; }
    bool is_operand() const { return kind == Kind::Operand; }
    bool is_error() const { return kind == Kind::Error; }
    bool is_end() const { return kind == Kind::End; }
};

class OptionParser {
public:
    // argv[0] is the program name and is skipped. table and argv must outlive the parser.
    OptionParser(std::span<const OptionSpec> table, const std::vector<std::string>& argv,
                 OptionRules rules = {});

    // The next option, operand or error in argv order; End once argv is used up (and again
    // after). After an Error the parser carries on past the bad item, as getopt does.
    OptionItem next();
    // The argv index of the next word not yet read (a program may take the rest verbatim).
    size_t index() const { return m_index; }

private:
    OptionItem short_option();
    OptionItem long_option(std::string_view body); // body: the word after its dashes
    const OptionSpec* find_short(char c) const;
    // Exact match, else (with long_prefixes) the one spec it is a prefix of; ambiguous is set
    // when several are.
    const OptionSpec* find_long(std::string_view name, bool& ambiguous) const;

    std::span<const OptionSpec> m_table;
    const std::vector<std::string>& m_argv;
    OptionRules m_rules;
    size_t m_index = 1;
    size_t m_group = 0; // inside a short group: the offset of the next flag in argv[m_index]
    bool m_only_operands = false;
    bool m_after_dashdash = false;
};

// The usage lines of a table, one per option with help text: "  -c <count>" padded to
// help_column (at least two spaces), then the help. Options sharing one help text, listed
// next to each other, share a line: "  -4 / -6        use IPv4 / IPv6".
std::string option_usage(std::span<const OptionSpec> table, size_t help_column);

} // namespace wirelab::app
