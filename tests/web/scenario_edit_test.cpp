// Canvas edits of a scenario: devices from the palette, cabling with port picking, delete,
// rename (with the loader's own words for a bad name), copy and paste.
#include "web/model/scenario_edit.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::web;

namespace {

sim::Scenario placed(std::initializer_list<PaletteItem> items)
{
    sim::Scenario s;
    double x = 0;
    for (PaletteItem item : items) {
        s.devices.push_back(make_device(s, item, {x, 7}));
        x += 100;
    }
    return s;
}

std::string cables(const sim::Scenario& s)
{
    std::string out;
    for (const sim::LinkSpec& l : s.links) out += l.a.to_string() + "-" + l.b.to_string() + " ";
    return out;
}

} // namespace

TEST_CASE("make_device names devices by kind, snaps them to the grid and gives hosts eth0")
{
    const sim::Scenario s = placed({PaletteItem::Host, PaletteItem::Host, PaletteItem::Switch,
                                    PaletteItem::Router, PaletteItem::Server, PaletteItem::Hub});
    REQUIRE(s.devices.size() == 6);
    CHECK(s.devices[0].name == "pc1");
    CHECK(s.devices[1].name == "pc2");
    CHECK(s.devices[2].name == "sw1");
    CHECK(s.devices[2].ports == 8);
    CHECK(s.devices[3].name == "r1");
    CHECK(s.devices[3].interfaces.empty());
    CHECK(s.devices[4].name == "srv1");
    CHECK(s.devices[4].type == sim::DeviceType::Host);
    CHECK(palette_item_of(s.devices[4]) == PaletteItem::Server);
    CHECK(s.devices[5].ports == 4);
    CHECK(s.devices[0].interfaces.size() == 1);
    CHECK(s.devices[0].interfaces[0].name == "eth0");
    CHECK(s.devices[0].position == sim::Position{0, 0}); // y = 7 snapped to the 20-unit grid
    CHECK(s.devices[1].position == sim::Position{100, 0});
    CHECK(sim::validate_scenario(s).empty());
}

TEST_CASE("connect_devices picks free ports and adds interfaces and switch ports as needed")
{
    sim::Scenario s =
        placed({PaletteItem::Host, PaletteItem::Host, PaletteItem::Switch, PaletteItem::Router});
    CHECK_FALSE(connect_devices(s, 0, 2));
    CHECK_FALSE(connect_devices(s, 1, 2));
    CHECK_FALSE(connect_devices(s, 3, 2));
    CHECK_FALSE(connect_devices(s, 0, 3)); // pc1's eth0 is taken: eth1 is added; r1 gets eth1
    CHECK(cables(s) == "pc1:eth0-sw1:port1 pc2:eth0-sw1:port2 r1:eth0-sw1:port3 pc1:eth1-r1:eth1 ");
    CHECK(s.devices[0].interfaces.size() == 2);
    CHECK(s.devices[3].interfaces.size() == 2);
    CHECK(sim::validate_scenario(s).empty());

    const auto same = connect_devices(s, 1, 1);
    REQUIRE(same);
    CHECK(*same == "a cable needs two different devices");
}

TEST_CASE("connect_devices grows a full switch up to 64 ports, then says why it cannot")
{
    sim::Scenario s = placed({PaletteItem::Switch});
    for (int i = 0; i < 64; ++i) {
        s.devices.push_back(make_device(s, PaletteItem::Host, {0, 0}));
        REQUIRE_FALSE(connect_devices(s, s.devices.size() - 1, 0));
    }
    CHECK(s.devices[0].ports == 64);
    CHECK(s.links.back().b.port == "port64");
    s.devices.push_back(make_device(s, PaletteItem::Host, {0, 0}));
    const auto full = connect_devices(s, s.devices.size() - 1, 0);
    REQUIRE(full);
    CHECK(*full == "sw1 has all 64 ports in use");
    CHECK(s.links.size() == 64); // unchanged
}

TEST_CASE("delete_items removes devices with their cables and script lines")
{
    sim::Scenario s = placed({PaletteItem::Host, PaletteItem::Host, PaletteItem::Switch});
    connect_devices(s, 0, 2);
    connect_devices(s, 1, 2);
    s.script.push_back(sim::ScriptEntry{SimTime::from_s(1), "pc1", "ping -c 1 10.0.0.2"});
    CHECK(delete_items(s, {"pc1"}, {}));
    CHECK(s.devices.size() == 2);
    CHECK(cables(s) == "pc2:eth0-sw1:port2 ");
    CHECK(s.script.empty());
    CHECK(delete_items(s, {}, {0}));
    CHECK(s.links.empty());
    CHECK_FALSE(delete_items(s, {"nobody"}, {7}));
}

TEST_CASE("rename_device renames every reference, or refuses with the loader's message")
{
    sim::Scenario s = placed({PaletteItem::Host, PaletteItem::Host, PaletteItem::Switch});
    connect_devices(s, 0, 2);
    s.script.push_back(sim::ScriptEntry{SimTime::from_s(1), "pc1", "hostname"});
    CHECK_FALSE(rename_device(s, "pc1", "alice"));
    CHECK(s.devices[0].name == "alice");
    CHECK(s.links[0].a.device == "alice");
    CHECK(s.script[0].on == "alice");

    const auto taken = rename_device(s, "alice", "pc2");
    REQUIRE(taken);
    CHECK(*taken == "\"pc2\" is already the name of devices[1]");
    const auto bad = rename_device(s, "alice", "-x");
    REQUIRE(bad);
    CHECK(bad->find("is not a usable name") != std::string::npos);
    CHECK(s.devices[0].name == "alice"); // unchanged after a refusal
}

TEST_CASE("extract and paste copy devices with the cables between them, renaming clashes")
{
    sim::Scenario s = placed({PaletteItem::Host, PaletteItem::Host, PaletteItem::Switch});
    connect_devices(s, 0, 2);
    connect_devices(s, 1, 2);
    const sim::Scenario part = extract(s, {"pc1", "sw1"});
    CHECK(part.devices.size() == 2);
    CHECK(cables(part) == "pc1:eth0-sw1:port1 ");
    const std::vector<std::string> added = paste(s, part, {40, 40});
    CHECK(added == std::vector<std::string>{"pc3", "sw2"});
    CHECK(s.devices[3].position == sim::Position{40, 40});
    CHECK(cables(s) == "pc1:eth0-sw1:port1 pc2:eth0-sw1:port2 pc3:eth0-sw2:port1 ");
    CHECK(sim::validate_scenario(s).empty());
}

TEST_CASE("is_impaired: loss, burst loss, duplication, reordering and corruption, not delay")
{
    sim::LinkSpec l;
    CHECK_FALSE(is_impaired(l));
    l.both.delay = SimTime::from_ms(20);
    l.both.bandwidth_bps = 10'000'000;
    CHECK_FALSE(is_impaired(l));
    l.b_to_a.corrupt = 0.01;
    CHECK(is_impaired(l));
}
