// `ip link set [dev] IFACE up|down`: the administrative state of an interface (iproute2). A down
// interface neither sends nor receives, which is how a lab takes a server off the network (and
// watches DHCP leases expire or DNS fail over) without editing the scenario.
#include "core/shell/commands.h"

namespace wirelab::app {

WIRELAB_COMMAND(make_ip_link_set)
{
    return instant(net, node, std::move(out), std::move(on_exit), [&node, argv](std::string& s) {
        // argv: ip link set [dev] NAME up|down
        std::vector<std::string> rest(argv.begin() + 3, argv.end());
        if (!rest.empty() && rest[0] == "dev") rest.erase(rest.begin());
        if (rest.size() != 2 || (rest[1] != "up" && rest[1] != "down")) {
            s += "Usage: ip link set [dev] IFACE { up | down }\n";
            return 1;
        }
        int p = node.find_port(rest[0]);
        if (p < 0) {
            s += "Cannot find device \"" + rest[0] + "\"\n";
            return 1;
        }
        bool up = rest[1] == "up";
        if (node.port(uint32_t(p)).up != up) {
            node.port(uint32_t(p)).up = up;
            node.on_link_change(uint32_t(p));
        }
        return 0;
    });
}

} // namespace wirelab::app
