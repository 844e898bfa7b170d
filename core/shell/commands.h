// The command table of the shell: one make_* per command, each in its own cmd_*.cpp.
#pragma once

#include "core/shell/shell.h"

namespace wirelab::app {

// Every command has the table's one signature. argv is by value because the commands that keep it
// move it into their Process; the ones that only read it are not a needless copy to fix.
// NOLINTBEGIN(performance-unnecessary-value-param): argv by value is the table's signature
#define WIRELAB_COMMAND(fn)                                                                        \
    std::unique_ptr<Process> fn(net::Network& net, net::IpNode& node,                              \
                                std::vector<std::string> argv, OutputFn out, ExitFn on_exit)
// NOLINTEND(performance-unnecessary-value-param)

WIRELAB_COMMAND(make_ping);
WIRELAB_COMMAND(make_traceroute);
WIRELAB_COMMAND(make_ip);
WIRELAB_COMMAND(make_ifconfig);
WIRELAB_COMMAND(make_ipconfig);
WIRELAB_COMMAND(make_route);
WIRELAB_COMMAND(make_arp);
WIRELAB_COMMAND(make_help);
WIRELAB_COMMAND(make_hostname);
WIRELAB_COMMAND(make_nc);
WIRELAB_COMMAND(make_netstat);
WIRELAB_COMMAND(make_ss);
WIRELAB_COMMAND(make_iperf);
WIRELAB_COMMAND(make_dig);
WIRELAB_COMMAND(make_nslookup);
WIRELAB_COMMAND(make_host);
WIRELAB_COMMAND(make_dhclient);
WIRELAB_COMMAND(make_dhcp_lease_list);
// ipconfig /renew and /release (cmd_dhclient.cpp), reached through make_ipconfig.
WIRELAB_COMMAND(make_ipconfig_dhcp);
// ip link set IFACE up|down (cmd_iplink.cpp), reached through make_ip.
WIRELAB_COMMAND(make_ip_link_set);
WIRELAB_COMMAND(make_curl);
WIRELAB_COMMAND(make_telnet);
WIRELAB_COMMAND(make_ftp);
WIRELAB_COMMAND(make_mail);
WIRELAB_COMMAND(make_ntpdate);
WIRELAB_COMMAND(make_date);
WIRELAB_COMMAND(make_rdesktop);
// cat, ls, rm on the host's files (cmd_files.cpp).
WIRELAB_COMMAND(make_cat);
WIRELAB_COMMAND(make_ls);
WIRELAB_COMMAND(make_rm);

// A command that does its work at once and exits: fn writes the output and returns the code.
std::unique_ptr<Process> instant(net::Network& net, net::IpNode& node, OutputFn out, ExitFn on_exit,
                                 std::function<int(std::string&)> fn);

} // namespace wirelab::app
