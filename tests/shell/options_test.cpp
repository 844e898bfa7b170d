// The shell's option parser (core/shell/options.h): getopt_long's rules, one item at a time.
#include "core/shell/options.h"

#include <catch2/catch.hpp>

using namespace wirelab::app;

namespace {

constexpr OptionSpec kTable[] = {
    {'c', "count", OptArg::Required, "<count>", "stop after <count> replies"},
    {'n', "numeric", OptArg::None, "", "no names"},
    {'4', "", OptArg::None, "", "use IPv4 / IPv6"},
    {'6', "", OptArg::None, "", "use IPv4 / IPv6"},
    {'v', "verbose", OptArg::None, "", ""},
    {0, "version", OptArg::None, "", "", 'V'},
    {0, "color", OptArg::Optional, "", "", 'C'},
    {'z', "", OptArg::Optional, "", ""},
};

// "c=3 n op:x": one word per item, for compact checks.
std::string items(const std::vector<std::string>& argv, OptionRules rules = {})
{
    OptionParser p(kTable, argv, rules);
    std::string s;
    for (OptionItem it = p.next(); !it.is_end(); it = p.next()) {
        if (!s.empty()) s += " ";
        if (it.is_operand()) {
            s += (it.after_dashdash ? "op--:" : "op:") + it.value;
        } else if (it.is_error()) {
            const char* what[] = {"none", "unknown", "missing", "unexpected", "ambiguous"};
            s += std::string("err:") + what[int(it.error)] + ":" + it.name;
        } else {
            s += it.key < 256 ? std::string(1, char(it.key)) : "?";
            if (it.has_value) s += "=" + it.value;
        }
    }
    return s;
}

} // namespace

TEST_CASE("options: grouped short flags and values", "[shell][options]")
{
    CHECK(items({"ping", "-4n", "host"}) == "4 n op:host");
    CHECK(items({"ping", "-c3"}) == "c=3");
    CHECK(items({"ping", "-c", "3"}) == "c=3");
    CHECK(items({"ping", "-nc3"}) == "n c=3");
    CHECK(items({"ping", "-nc", "3", "-v"}) == "n c=3 v");
    // A separate value is taken whatever it looks like, as getopt does.
    CHECK(items({"ping", "-c", "-n"}) == "c=-n");
}

TEST_CASE("options: long options with = or the next word", "[shell][options]")
{
    CHECK(items({"ping", "--count=3"}) == "c=3");
    CHECK(items({"ping", "--count", "3"}) == "c=3");
    CHECK(items({"ping", "--count="}) == "c=");
    CHECK(items({"ping", "--version"}) == "V");
    CHECK(items({"ping", "--numeric=yes"}) == "err:unexpected:numeric");
}

TEST_CASE("options: optional values only attached or after =", "[shell][options]")
{
    CHECK(items({"ls", "--color", "x"}) == "C op:x");
    CHECK(items({"ls", "--color=auto"}) == "C=auto");
    CHECK(items({"ls", "-z", "x"}) == "z op:x");
    CHECK(items({"ls", "-z5"}) == "z=5");
}

TEST_CASE("options: -- ends the options, - is an operand", "[shell][options]")
{
    CHECK(items({"mail", "-n", "--", "-v", "--", "x"}) == "n op--:-v op--:-- op--:x");
    CHECK(items({"cat", "-"}) == "op:-");
}

TEST_CASE("options: options may follow operands unless permute is off", "[shell][options]")
{
    CHECK(items({"ping", "host", "-c", "2"}) == "op:host c=2");
    OptionRules posix;
    posix.permute = false;
    CHECK(items({"nc", "-n", "host", "-c", "2"}, posix) == "n op:host op:-c op:2");
}

TEST_CASE("options: errors name what went wrong and the parser carries on", "[shell][options]")
{
    CHECK(items({"ping", "-x"}) == "err:unknown:x");
    CHECK(items({"ping", "-nxv"}) == "n err:unknown:x v");
    CHECK(items({"ping", "--frob", "-n"}) == "err:unknown:frob n");
    CHECK(items({"ping", "-c"}) == "err:missing:c");
    CHECK(items({"ping", "-n", "--count"}) == "n err:missing:count");

    std::vector<std::string> argv = {"ping", "-nx"};
    OptionParser p(kTable, argv);
    p.next();
    OptionItem e = p.next();
    REQUIRE(e.is_error());
    CHECK(e.word == "-nx");
    CHECK_FALSE(e.is_long);
    CHECK(e.spec == nullptr);
    CHECK(p.next().is_end());
    CHECK(p.next().is_end());
}

TEST_CASE("options: long prefixes only when asked, and never ambiguous", "[shell][options]")
{
    CHECK(items({"ping", "--cou=3"}) == "err:unknown:cou");
    OptionRules gnu;
    gnu.long_prefixes = true;
    CHECK(items({"ping", "--cou=3"}, gnu) == "c=3");
    CHECK(items({"ping", "--num"}, gnu) == "n");
    CHECK(items({"ping", "--ver"}, gnu) == "err:ambiguous:ver"); // verbose, version
    CHECK(items({"ping", "--verb"}, gnu) == "v");
    CHECK(items({"ping", "--version"}, gnu) == "V");
    CHECK(items({"ping", "--"}, gnu).empty());
}

TEST_CASE("options: single-dash long options fall back to short flags", "[shell][options]")
{
    OptionRules only;
    only.single_dash_long = true;
    CHECK(items({"dhclient", "-count", "3"}, only) == "c=3");
    CHECK(items({"dhclient", "-count=3"}, only) == "c=3");
    CHECK(items({"dhclient", "-nc3"}, only) == "n c=3");
    CHECK(items({"dhclient", "-c3"}, only) == "c=3");
}

TEST_CASE("options: index() tells where the unread words begin", "[shell][options]")
{
    std::vector<std::string> argv = {"mail", "-c", "3", "to", "--", "body", "text"};
    OptionParser p(kTable, argv);
    CHECK(p.next().key == 'c');
    CHECK(p.index() == 3);
    CHECK(p.next().is_operand());
    CHECK(p.next().after_dashdash);
    CHECK(p.index() == 6);
}

TEST_CASE("options: usage text comes from the table", "[shell][options]")
{
    CHECK(option_usage(kTable, 17) == "  -c, --count <count>  stop after <count> replies\n"
                                      "  -n, --numeric  no names\n"
                                      "  -4 / -6        use IPv4 / IPv6\n");
}
