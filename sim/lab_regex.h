// LabRegex: the regular expressions of lab checks ("the output of ping matches `0% packet loss`").
// Our own small engine rather than std::regex, for three reasons: std::regex differs between
// libstdc++ (native) and libc++ (WebAssembly), it reports bad patterns by throwing (we build
// without exceptions), and its backtracking can take exponential time or overflow the stack on
// a student's long output. This one compiles to a Thompson NFA and simulates it (Pike's VM), so
// a search takes time proportional to pattern size x text size, whatever the pattern.
//
// Syntax (a subset of ECMAScript / POSIX ERE that every grep user knows):
//   abc        literal characters;  \. \* \\ ... escape a special character
//   .          any character but a newline
//   [a-z0-9_]  a class; [^...] its complement; \d \w \s (and \D \W \S) also inside classes
//   \d \w \s   digit, word character [A-Za-z0-9_], white space; \D \W \S their complements
//   \n \t \r   newline, tab, carriage return
//   ^  $       start and end of a LINE (outputs have many lines: "^64 bytes" finds any such line)
//   x* x+ x?   repetition;  x{n}  x{n,}  x{n,m}  counted repetition (n, m <= 100)
//   a|b  (ab)  alternation and grouping; (?:ab) is the same group
//   (?i)       at the very start: ignore case (ASCII letters)
// search() answers whether the pattern matches anywhere in the text; there are no captures.
#pragma once

#include "core/base/result.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::sim {

class LabRegex {
public:
    // Never aborts on any input. Errors read "column 4: unmatched ')'" (1-based byte column).
    static Result<LabRegex, std::string> parse(std::string_view pattern);

    // True when the pattern matches some part of `text`.
    bool search(std::string_view text) const;
    const std::string& pattern() const { return m_pattern; }

    // Program size limit: a pattern compiling to more instructions is refused ("too complex").
    static constexpr size_t kMaxProgram = 20000;

    enum class Op : uint8_t { Byte, Any, Class, Split, Jump, LineStart, LineEnd, Match };
    struct Inst {
        Op op = Op::Match;
        uint8_t byte = 0;
        uint32_t x = 0; // Class: class index; Split, Jump: target
        uint32_t y = 0; // Split: second target
    };
    using ByteSet = std::array<uint64_t, 4>;

private:
    friend class RegexCompiler;
    std::string m_pattern;
    std::vector<Inst> m_prog;
    std::vector<ByteSet> m_classes;
};

} // namespace wirelab::sim
