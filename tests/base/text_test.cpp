// core/base/text.h: ASCII case that leaves bytes >= 0x80 alone, trim edge cases, split, and the
// "did you mean" edit distance.
#include "core/base/text.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace wirelab;

namespace {

std::vector<std::string> strings(const std::vector<std::string_view>& v)
{
    return {v.begin(), v.end()};
}

// Every byte value, 0x00..0xff, once.
std::string all_bytes()
{
    std::string s;
    for (int i = 0; i < 256; ++i) s += char(i);
    return s;
}

} // namespace

TEST_CASE("ascii_lower and ascii_upper touch only ASCII letters", "[base][text]")
{
    const std::string bytes = all_bytes();
    const std::string lo = ascii_lower(bytes), up = ascii_upper(bytes);
    REQUIRE(lo.size() == 256);
    REQUIRE(up.size() == 256);
    for (int i = 0; i < 256; ++i) {
        INFO("byte " << i);
        char want_lo = (i >= 'A' && i <= 'Z') ? char(i + 32) : char(i);
        char want_up = (i >= 'a' && i <= 'z') ? char(i - 32) : char(i);
        CHECK(lo[size_t(i)] == want_lo);
        CHECK(up[size_t(i)] == want_up);
        CHECK(ascii_lower(char(i)) == want_lo);
        CHECK(ascii_upper(char(i)) == want_up);
    }
    CHECK(ascii_lower("Content-Type: TEXT/html") == "content-type: text/html");
    CHECK(ascii_upper("mail from:<a@b>") == "MAIL FROM:<A@B>");
    // UTF-8 stays byte-identical: "ÄÖ" is not folded to "äö".
    CHECK(ascii_lower("\xc3\x84\xc3\x96") == "\xc3\x84\xc3\x96");
    CHECK(ascii_lower("") == "");
}

TEST_CASE("iequals folds ASCII case only", "[base][text]")
{
    CHECK(iequals("Content-Length", "content-LENGTH"));
    CHECK(iequals("", ""));
    CHECK_FALSE(iequals("abc", "abcd"));
    CHECK_FALSE(iequals("abc", "abd"));
    // Not letters: '@' (0x40) and '`' (0x60) differ by 0x20 like 'A' and 'a' but are not a case.
    CHECK_FALSE(iequals("@", "`"));
    CHECK_FALSE(iequals("[", "{"));
    // Bytes >= 0x80 compare exactly (UTF-8 "Ä" = C3 84, "ä" = C3 A4).
    CHECK(iequals("\xc3\x84", "\xc3\x84"));
    CHECK_FALSE(iequals("\xc3\x84", "\xc3\xa4"));
    CHECK_FALSE(iequals("\xc0", "\xe0"));
    const std::string bytes = all_bytes();
    CHECK(iequals(bytes, ascii_lower(bytes)));
    CHECK(iequals(ascii_upper(bytes), bytes));
}

TEST_CASE("trim strips only the chosen set, at both ends", "[base][text]")
{
    CHECK(trim("  a b\t") == "a b");
    CHECK(trim("") == "");
    CHECK(trim(" \t \t") == "");
    CHECK(trim("x") == "x");
    CHECK(trim(" x ") == "x");
    // The default set is [:blank:]: CR and LF stay.
    CHECK(trim(" v\r\n") == "v\r\n");
    CHECK(trim("\r\n v \r\n", kBlankOrNewline) == "v");
    CHECK(trim("\v\f v\f\v", kSpace) == "v");
    CHECK(trim("\v v", kBlankOrNewline) == "\v v");
    CHECK(ltrim("  a  ") == "a  ");
    CHECK(rtrim("  a  ") == "  a");
    CHECK(ltrim("   ") == "");
    CHECK(rtrim("   ") == "");
    CHECK(rtrim("") == "");
    // A view into the argument, not a copy.
    std::string_view s = "  mid  ";
    CHECK(trim(s).data() == s.data() + 2);
}

TEST_CASE("split keeps empty pieces; split_any drops them", "[base][text]")
{
    using V = std::vector<std::string>;
    CHECK(strings(split("1.2.3.4", '.')) == V{"1", "2", "3", "4"});
    CHECK(strings(split("1..2", '.')) == V{"1", "", "2"});
    CHECK(strings(split("", '.')) == V{""});
    CHECK(strings(split(".", '.')) == V{"", ""});
    CHECK(strings(split("abc", '.')) == V{"abc"});
    CHECK(strings(split_any("a, b;;c", ", ;")) == V{"a", "b", "c"});
    CHECK(strings(split_any("  ", " ")) == V{});
    CHECK(strings(split_any("", " ")) == V{});
    CHECK(strings(split_any(" x ", " ")) == V{"x"});
}

TEST_CASE("edit_distance is optimal string alignment", "[base][text]")
{
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("flaw", "lawn") == 2);
    CHECK(edit_distance("ip.adr", "ip.addr") == 1);
    // Adjacent transposition is one edit ...
    CHECK(edit_distance("titel", "title") == 1);
    CHECK(edit_distance("ab", "ba") == 1);
    // ... but OSA edits no substring twice: "ca" -> "abc" is 3 (true Damerau gives 2).
    CHECK(edit_distance("ca", "abc") == 3);
    CHECK(edit_distance("abc", "ca") == 3);
    // Case matters to edit_distance, not to iedit_distance.
    CHECK(edit_distance("Title", "title") == 1);
    CHECK(iedit_distance("Title", "title") == 0);
    CHECK(iedit_distance("TITEL", "title") == 1);
    CHECK(iedit_distance("kitten", "SITTING") == 3);
    CHECK(iedit_distance("\xc3\x84", "\xc3\xa4") == 1);
}

TEST_CASE("append_utf8 encodes code points and replaces the invalid ones")
{
    std::string s;
    for (uint32_t cp : {0x41u, 0xE9u, 0x2192u, 0x1F600u}) wirelab::append_utf8(s, cp);
    CHECK(s == "A\xC3\xA9\xE2\x86\x92\xF0\x9F\x98\x80");
    for (uint32_t cp : {0x0u, 0xD800u, 0xDFFFu, 0x110000u}) {
        std::string r;
        wirelab::append_utf8(r, cp);
        CHECK(r == "\xEF\xBF\xBD"); // U+FFFD
    }
}

TEST_CASE("parse_port takes 1..65535 and leaves the port alone otherwise")
{
    uint16_t port = 7;
    CHECK(wirelab::parse_port("65535", port));
    CHECK(port == 65535);
    for (const char* bad : {"0", "65536", "", "80x", "-1", " 80"}) {
        port = 7;
        CHECK_FALSE(wirelab::parse_port(bad, port));
        CHECK(port == 7);
    }
}
