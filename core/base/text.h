// Text helpers shared by every layer: ASCII-only, locale-free, the same natively and in wasm.
//
// None of these call <cctype>: std::tolower(char) is undefined behaviour for bytes >= 0x80 where
// char is signed, and follows the C locale where it is not. Here case is ASCII 'A'..'Z' <->
// 'a'..'z' and nothing else; every other byte (UTF-8 included) is left as it is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab {

// Parses a decimal number of at most 19 digits that is <= max; nothing else (no sign, no
// spaces). False leaves `out` unchanged.
bool parse_uint(std::string_view text, uint64_t max, uint64_t& out);
// A TCP/UDP port as a user types one: a decimal 1..65535 (0 is no port to connect to). False
// leaves `out` unchanged.
bool parse_port(std::string_view text, uint16_t& out);

// [SECTION] case

// 'A'..'Z' become 'a'..'z'; every other byte, including those >= 0x80, is returned unchanged.
constexpr char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}
// 'a'..'z' become 'A'..'Z'; every other byte, including those >= 0x80, is returned unchanged.
constexpr char ascii_upper(char c)
{
    return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
}
// A copy of `s` with ascii_lower applied to each byte; same length.
std::string ascii_lower(std::string_view s);
// A copy of `s` with ascii_upper applied to each byte; same length.
std::string ascii_upper(std::string_view s);
// Same length and equal byte by byte after ascii_lower (bytes >= 0x80 must match exactly).
bool iequals(std::string_view a, std::string_view b);

// [SECTION] trimming
// Character sets to trim, named after the POSIX classes they match.
inline constexpr std::string_view kBlank = " \t";              // [:blank:]; HTTP's OWS
inline constexpr std::string_view kBlankOrNewline = " \t\r\n"; // [:blank:] plus CR and LF
inline constexpr std::string_view kSpace = " \t\n\v\f\r";      // [:space:] (std::isspace in "C")

// `s` without leading bytes found in `chars`; a view into `s`.
std::string_view ltrim(std::string_view s, std::string_view chars = kBlank);
// `s` without trailing bytes found in `chars`; a view into `s`.
std::string_view rtrim(std::string_view s, std::string_view chars = kBlank);
// `s` without leading or trailing bytes found in `chars` (empty if it holds only those).
std::string_view trim(std::string_view s, std::string_view chars = kBlank);

// [SECTION] splitting

// Pieces of `text` between each `sep`, keeping empty ones: "1..2" gives "1", "", "2"; "" gives
// one empty piece. Views into `text`.
std::vector<std::string_view> split(std::string_view text, char sep);
// Runs of bytes not in `seps`, dropping empty ones: "a, b;;c" on ", ;" gives "a", "b", "c".
std::vector<std::string_view> split_any(std::string_view text, std::string_view seps);

// [SECTION] "did you mean"

// Optimal string alignment distance: Levenshtein (insert, delete, substitute) plus transposition
// of two adjacent characters, so "titel" is 1 from "title". Bytes compare exactly.
// O(|a|*|b|) time, O(|b|) memory.
size_t edit_distance(std::string_view a, std::string_view b);
// edit_distance with bytes compared after ascii_lower ("Titel" is 1 from "title").
size_t iedit_distance(std::string_view a, std::string_view b);

// [SECTION] UTF-8
// Appends code point `cp` as UTF-8; a NUL, a surrogate or anything past U+10FFFF becomes U+FFFD
// (the replacement character), as HTML and CommonMark decode them.
void append_utf8(std::string& out, uint32_t cp);

} // namespace wirelab
