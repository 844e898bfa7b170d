// libFuzzer target: one shell command line (core/shell programs) typed on pc1 of a two-host LAN,
// run for up to 3 simulated seconds and then abandoned, as when a student closes the terminal.
// Oracles: no crash, no sanitizer report, and every command that ends says so exactly once.
#include "core/net/ip_node.h"
#include "core/net/network.h"
#include "core/shell/shell.h"
#include "core/transport/socket_table.h"

#include <cstdio>
#include <cstdlib>

using namespace wirelab;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size > 512) return 0;
    std::string_view line(reinterpret_cast<const char*>(data), size);
    net::Network net(7);
    auto& pc1 = net.add_node<net::Host>("pc1");
    auto& pc2 = net.add_node<net::Host>("pc2");
    pc1.add_interface("eth0");
    pc2.add_interface("eth0");
    pc1.add_address(0, wire::Ipv4Prefix::parse("10.0.0.1/24").value());
    pc2.add_address(0, wire::Ipv4Prefix::parse("10.0.0.2/24").value());
    if (!net.connect({pc1.id(), 0}, {pc2.id(), 0}, net::LinkParams{}).ok()) std::abort();
    transport::SocketTable::attach_all(net);
    int exits = 0;
    {
        app::Shell sh(net, pc1);
        sh.run(
            line, [](std::string_view) {}, [&](int) { ++exits; });
        net.run_until(SimTime::from_s(3));
        if (sh.is_busy()) sh.interrupt();
        net.run_until(SimTime::from_s(4));
    }
    if (exits > 1) {
        std::fprintf(stderr, "wirelab fuzz: a command reported its end %d times\n", exits);
        std::abort();
    }
    return 0;
}
