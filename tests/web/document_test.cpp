// The browser app's document: what kind of change an edit is (layout, live link settings, or a
// rebuild), undo/redo by snapshots, merged undo steps, and replacing the whole scenario.
#include "web/model/document.h"

#include <catch2/catch.hpp>

using namespace wirelab;
using namespace wirelab::web;

namespace {

sim::Scenario two_hosts()
{
    sim::Scenario s;
    for (const char* name : {"pc1", "pc2"}) {
        sim::DeviceSpec d;
        d.name = name;
        sim::InterfaceSpec eth0;
        eth0.name = "eth0";
        d.interfaces.push_back(eth0);
        d.position = sim::Position{0, 0};
        s.devices.push_back(d);
    }
    sim::LinkSpec l;
    l.a = {"pc1", "eth0"};
    l.b = {"pc2", "eth0"};
    s.links.push_back(l);
    return s;
}

Command move_pc1(double x, std::string merge = {})
{
    return Command(
        "Move pc1",
        [x](sim::Scenario& s) {
            if (s.devices[0].position->x == x) return false;
            s.devices[0].position = sim::Position{x, 0};
            return true;
        },
        std::move(merge));
}

} // namespace

TEST_CASE("classify_change: positions are layout, link settings are live, the rest rebuilds")
{
    const sim::Scenario a = two_hosts();
    sim::Scenario b = a;
    CHECK(classify_change(a, b) == ChangeKind::None);
    b.devices[0].position = sim::Position{40, 20};
    b.title = "moved";
    CHECK(classify_change(a, b) == ChangeKind::Layout);
    b.links[0].both.loss = 0.05;
    b.links[0].up = false;
    CHECK(classify_change(a, b) == ChangeKind::LiveLinks);
    b.devices[1].gateway = wire::Ipv4Addr::parse("10.0.0.1").value();
    CHECK(classify_change(a, b) == ChangeKind::Structure);

    sim::Scenario c = a;
    c.links[0].b.port = "eth1";
    CHECK(classify_change(a, c) == ChangeKind::Structure);
    sim::Scenario d = a;
    d.seed = 2;
    CHECK(classify_change(a, d) == ChangeKind::Structure);
}

TEST_CASE("Document applies queued commands between frames and undoes them by snapshot")
{
    Document doc;
    doc.replace(two_hosts(), "Open", false);
    CHECK(doc.take_changes() == ChangeKind::Structure); // a new document is a new network
    CHECK_FALSE(doc.can_undo());

    doc.queue(move_pc1(40));
    CHECK(doc.scenario().devices[0].position->x == 0); // nothing happens until applied
    CHECK(doc.apply_queued() == 1);
    CHECK(doc.scenario().devices[0].position->x == 40);
    CHECK(doc.take_changes() == ChangeKind::Layout);
    CHECK(doc.take_changes() == ChangeKind::None);
    CHECK(doc.undo_label() == "Move pc1");

    // A command that changes nothing leaves no undo step.
    doc.queue(move_pc1(40));
    CHECK(doc.apply_queued() == 0);

    doc.undo();
    CHECK(doc.scenario().devices[0].position->x == 0);
    CHECK(doc.last_label() == "Undo Move pc1");
    CHECK(doc.can_redo());
    doc.redo();
    CHECK(doc.scenario().devices[0].position->x == 40);
    CHECK_FALSE(doc.can_redo());
}

TEST_CASE("Document merges commands with the same merge key into one undo step")
{
    Document doc;
    doc.replace(two_hosts(), "Open", false);
    for (double x : {10.0, 20.0, 30.0}) doc.queue(move_pc1(x, "drag"));
    doc.apply_queued();
    doc.break_merge();
    doc.queue(move_pc1(50, "drag"));
    doc.apply_queued();
    doc.undo();
    CHECK(doc.scenario().devices[0].position->x == 30);
    doc.undo();
    CHECK(doc.scenario().devices[0].position->x == 0);
    CHECK_FALSE(doc.can_undo());
}

TEST_CASE("Document::replace is one undo step, and undo brings the old network back")
{
    Document doc;
    doc.replace(two_hosts(), "Open", false);
    doc.take_changes();
    doc.replace(sim::Scenario{}, "New network");
    CHECK(doc.scenario().devices.empty());
    CHECK(doc.take_changes() == ChangeKind::Structure);
    doc.undo();
    CHECK(doc.scenario() == two_hosts());
    CHECK(doc.take_changes() == ChangeKind::Structure);
}

TEST_CASE("Document keeps at most kMaxUndo steps")
{
    Document doc;
    doc.replace(two_hosts(), "Open", false);
    for (size_t i = 1; i <= Document::kMaxUndo + 10; ++i) {
        doc.queue(move_pc1(double(i)));
        doc.apply_queued();
    }
    size_t steps = 0;
    while (doc.can_undo()) {
        doc.undo();
        ++steps;
    }
    CHECK(steps == Document::kMaxUndo);
    CHECK(doc.scenario().devices[0].position->x == 10.0); // the oldest steps were forgotten
}
