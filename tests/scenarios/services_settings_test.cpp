// The settings of the web server and the port services in scenario files: every mistake is
// reported at its JSON path with the fix, and good settings load and run.
#include "sim/scenario.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace wirelab;
using namespace wirelab::sim;

namespace {

// One host "srv" with the given services object.
std::string doc(const std::string& services)
{
    return R"({"format": "wirelab/1", "devices": [
        {"name": "srv", "type": "host", "interfaces": [{"name": "eth0", "ipv4": ["10.0.0.5/24"]}],
         "services": )" +
           services + "}]}";
}

std::vector<std::string> errors(const std::string& services)
{
    auto r = load_scenario(doc(services));
    std::vector<std::string> out;
    if (r) return out;
    for (const Diagnostic& d : r.error()) out.push_back(d.to_string());
    return out;
}

} // namespace

TEST_CASE("services: good settings of every kind load", "[sim][services]")
{
    auto r = load_scenario(doc(R"({
        "http": {"routes": {"/": "<p>Hello, World!</p>", "/u/<name>": {"body": "{{param.name}}", "methods": ["GET", "POST"]}},
                 "files": {"/a.png": {"base64": "iVBORw==", "type": "image/png"}}, "vhosts": {"blog.lab": {"files": {"/index.html": "b"}}},
                 "kv": {"n": 0}, "keep_alive": "2s"},
        "echo": true, "telnet": {"users": {"alice": "secret"}}, "ftp": {"anonymous": true, "files": {"/pub/x.txt": "x"}},
        "mail": {"domain": "lab", "users": {"bob": "pw"}, "imap": false}, "ntp": {"stratum": 2}, "rdp": true,
        "ssh": {"port": 2222}, "https": false, "clock": {"offset": "-120s"}})"));
    for (const Diagnostic& d : r ? std::vector<Diagnostic>{} : r.error()) FAIL_CHECK(d.to_string());
    REQUIRE(r.ok());
    auto built = build_scenario(*r);
    REQUIRE(built.ok());
}

TEST_CASE("services: http mistakes are located and explained", "[sim][services]")
{
    CHECK(errors(R"({"http": {"routes": {"/": "Hi {{qeury.name}}"}}})") ==
          std::vector<std::string>{"devices[0].services.http.routes[\"/\"]: at character 6: "
                                   "unknown variable \"qeury.name\" (known: "
                                   "method, path, query, body, host, time, date, query.NAME, "
                                   "form.NAME, header.NAME, param.NAME, "
                                   "kv.NAME, client.ip, client.port, server.ip, server.port)"});
    CHECK(errors(R"({"http": {"rootes": {}}})") ==
          std::vector<std::string>{"devices[0].services.http.rootes: unknown setting \"rootes\" "
                                   "(did you mean \"routes\"?)"});
    CHECK(errors(R"({"http": {"port": 70000}})") ==
          std::vector<std::string>{"devices[0].services.http.port: must be a port number from 1 to "
                                   "65535, not the number 70000"});
    CHECK(errors(R"({"http": {"routes": {"hello": "x"}}})") ==
          std::vector<std::string>{"devices[0].services.http.routes[\"hello\"]: a route must be a "
                                   "path starting with \"/\", "
                                   "e.g. \"/\" or \"/hello/<name>\""});
    CHECK(
        errors(
            R"({"http": {"routes": {"/a": {"status": 700, "headers": {"Content-Length": "1"}}}}})") ==
        std::vector<std::string>{"devices[0].services.http.routes[\"/a\"].status: must be a whole "
                                 "number from 100 to 599, not the number 700",
                                 "devices[0].services.http.routes[\"/a\"].headers.Content-Length: "
                                 "the server sets Content-Length itself; use "
                                 "\"type\" for Content-Type"});
    CHECK(
        errors(R"({"http": {"files": {"/a.png": {"base64": "**"}}}})") ==
        std::vector<std::string>{
            "devices[0].services.http.files[\"/a.png\"].base64: is not valid base64 (RFC 4648: A-Z "
            "a-z 0-9 + / and = padding)"});
}

TEST_CASE("services: port services say what they need", "[sim][services]")
{
    CHECK(errors(R"({"telnet": true})") ==
          std::vector<std::string>{
              "devices[0].services.telnet: a telnet server needs users to log in: \"telnet\": "
              "{\"users\": {\"alice\": \"secret\"}}"});
    CHECK(
        errors(R"({"ftp": {"files": {"/a": "x"}}})") ==
        std::vector<std::string>{
            "devices[0].services.ftp: nobody could log in: add \"users\": {\"alice\": \"secret\"} "
            "or \"anonymous\": true"});
    CHECK(errors(R"({"mail": {"domain": "lab"}})") ==
          std::vector<std::string>{
              "devices[0].services.mail: a mail server needs mailboxes: \"users\": {\"alice\": "
              "\"secret\", \"bob\": \"hunter2\"}"});
    CHECK(errors(R"({"ntp": {"stratum": 16}})") ==
          std::vector<std::string>{"devices[0].services.ntp.stratum: must be a whole number from 1 "
                                   "to 15, not the number 16"});
    CHECK(errors(R"({"clock": {"offset": "soon"}})") ==
          std::vector<std::string>{"devices[0].services.clock.offset: must be seconds (93, -0.5) "
                                   "or a duration (\"-120s\", "
                                   "\"500ms\"), not the string \"soon\""});
    CHECK(errors(R"({"echo": "yes"})") ==
          std::vector<std::string>{
              "devices[0].services.echo: must be true, false or an object of settings such as "
              "{\"port\": 7}, not the string \"yes\""});
    CHECK(errors(R"({"telnet": {"users": {"al ice": "x"}}})") ==
          std::vector<std::string>{
              "devices[0].services.telnet.users[\"al ice\"]: a user name is letters, digits, '.', "
              "'_' or '-' (at most 32)"});
}

TEST_CASE("services: mail mynetworks and host files are checked", "[sim][services]")
{
    CHECK(
        errors(
            R"({"mail": {"users": {"bob": "pw"}, "mynetworks": ["10.1.0.0/24", "fd00::/64", "10.9.9.9"]},
                     "files": {"/home/alice/a.txt": "a", "/srv/b": ""}})")
            .empty());
    CHECK(errors(R"({"mail": {"users": {"bob": "pw"}, "mynetworks": ["10.1.0.0/24", 7]}})") ==
          std::vector<std::string>{
              "devices[0].services.mail.mynetworks[1]: must be a network such as "
              "\"10.1.0.0/24\" (clients allowed to relay), not the number 7"});
    auto bad = errors(R"({"mail": {"users": {"bob": "pw"}, "mynetworks": "10.1.0.300/24"}})");
    REQUIRE(bad.size() == 1);
    CHECK(bad[0].rfind("devices[0].services.mail.mynetworks: ", 0) == 0);
    CHECK(
        errors(R"({"files": {"notes.txt": "x", "/a/../b": "y", "/ok": 3}})") ==
        std::vector<std::string>{
            "devices[0].services.files[\"notes.txt\"]: a file name must be an absolute path such "
            "as "
            "\"/home/alice/notes.txt\" (no \".\", \"..\", \"//\" or final \"/\")",
            "devices[0].services.files[\"/a/../b\"]: a file name must be an absolute path such as "
            "\"/home/alice/notes.txt\" (no \".\", \"..\", \"//\" or final \"/\")",
            "devices[0].services.files[\"/ok\"]: must be the file's text, not the number 3"});
    CHECK(errors(R"({"files": {"/a": "x", "/a/b": "y"}})") ==
          std::vector<std::string>{
              "devices[0].services.files[\"/a\"]: /a is a file, but /a/b makes it a directory"});
    CHECK(errors(R"({"http": {"root": "/srv/www", "vhosts": {"b.lab": {"root": "/"}}}})").empty());
    CHECK(errors(R"({"http": {"root": "srv/www"}})") ==
          std::vector<std::string>{"devices[0].services.http.root: must be a directory of the "
                                   "host's files such as \"/srv/www\""});
    CHECK(errors(R"({"files": ["/a"]})") ==
          std::vector<std::string>{
              "devices[0].services.files: must be an object of file paths to contents, e.g. "
              "{\"/home/alice/notes.txt\": \"buy milk\\n\"}, not a list"});
}
