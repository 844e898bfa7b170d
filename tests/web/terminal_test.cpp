// The terminal's own logic: tab completion of commands and device names, history, device names
// resolved like /etc/hosts, and base64url for share links.
#include "web/model/base64url.h"
#include "web/model/terminal.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::web;

TEST_CASE("complete_line completes the command, then device names")
{
    std::vector<std::string> choices;
    const std::vector<std::string> names = {"pc1", "pc2", "router"};
    CHECK(complete_line("pin", names, choices) == "ping ");
    CHECK(choices.empty());
    CHECK(complete_line("traceroute ro", names, choices) == "traceroute router ");
    // Ambiguous: the common prefix, then the choices are listed.
    CHECK(complete_line("ping p", names, choices) == "ping pc");
    CHECK(choices.empty());
    CHECK(complete_line("ping pc", names, choices) == "ping pc");
    CHECK(choices == std::vector<std::string>{"pc1", "pc2"});
    CHECK(complete_line("h", names, choices) == "h");
    CHECK(choices == std::vector<std::string>{"help", "host", "hostname"});
    CHECK(complete_line("zz", names, choices) == "zz");
    CHECK(choices.empty());
}

TEST_CASE("Terminal keeps a history browsed with Up and Down, and echoes lines after the prompt")
{
    Terminal t("pc1");
    CHECK(t.prompt() == "user@pc1:~$ ");
    CHECK(t.submit("ping -c 1 10.0.0.2"));
    CHECK(t.submit("arp -a"));
    CHECK_FALSE(t.submit("   "));
    CHECK(t.history_prev("draft") == "arp -a");
    CHECK(t.history_prev("arp -a") == "ping -c 1 10.0.0.2");
    CHECK(t.history_prev("x") == "ping -c 1 10.0.0.2"); // stays at the oldest
    CHECK(t.history_next() == "arp -a");
    CHECK(t.history_next() == "draft"); // back to what was being typed
    CHECK(t.text() == "user@pc1:~$ ping -c 1 10.0.0.2\nuser@pc1:~$ arp -a\nuser@pc1:~$    \n");

    t.started("ping 10.0.0.2", false);
    CHECK(t.is_busy());
    t.output("PING 10.0.0.2");
    t.restarted("the network changed");
    CHECK_FALSE(t.is_busy());
    CHECK(t.text().find("PING 10.0.0.2\n[command ended: the network changed]\n") !=
          std::string::npos);
}

TEST_CASE("Terminal keeps its last kMaxText bytes, cut at a line start")
{
    Terminal t("pc1");
    const std::string line(99, 'x');
    for (size_t i = 0; i < Terminal::kMaxText / 100 + 50; ++i) t.output(line + "\n");
    CHECK(t.text().size() <= Terminal::kMaxText);
    CHECK(t.text().front() == 'x');
    CHECK(t.text().size() % 100 == 0);
}

TEST_CASE("resolve_device_names maps device names to their first address, like /etc/hosts")
{
    sim::Scenario s;
    sim::DeviceSpec pc2;
    pc2.name = "pc2";
    sim::InterfaceSpec eth0;
    eth0.name = "eth0";
    eth0.ipv4.push_back(wire::Ipv4Prefix::parse("10.0.0.2/24").value());
    pc2.interfaces.push_back(eth0);
    s.devices.push_back(pc2);
    sim::DeviceSpec sw;
    sw.name = "sw1";
    sw.type = sim::DeviceType::Switch;
    sw.ports = 4;
    s.devices.push_back(sw);
    std::vector<std::string> notes;
    CHECK(resolve_device_names("ping -c 2 pc2", s, notes) == "ping -c 2 10.0.0.2");
    CHECK(notes == std::vector<std::string>{"pc2 = 10.0.0.2"});
    notes.clear();
    CHECK(resolve_device_names("ping sw1", s, notes) == "ping sw1"); // a switch has no address
    CHECK(resolve_device_names("pc2", s, notes) == "pc2");           // the command itself
    CHECK(notes.empty());
}

TEST_CASE("base64url round-trips every byte and rejects what no encoder writes")
{
    std::string all;
    for (int i = 0; i < 256; ++i) all += char(i);
    for (size_t n : {size_t(0), size_t(1), size_t(2), size_t(3), size_t(255), size_t(256)}) {
        const std::string part = all.substr(0, n);
        const std::string enc = base64url_encode(part);
        CHECK(enc.find_first_of("+/=") == std::string::npos);
        CHECK(base64url_decode(enc) == part);
    }
    CHECK(base64url_encode("Man") == "TWFu"); // RFC 4648 §4 example, no padding
    CHECK(base64url_encode("Ma") == "TWE");
    CHECK_FALSE(base64url_decode("TW=u"));
    CHECK_FALSE(base64url_decode("TWFuT")); // a lone final character
}
