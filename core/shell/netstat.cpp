// netstat (net-tools) and ss (iproute2): the host's sockets with their states, queues and
// addresses, in the layouts those tools print, so what students read here reads the same at home.
#include "core/inspect/well_known_ports.h"
#include "core/shell/commands.h"
#include "core/shell/options.h"
#include "core/transport/socket_table.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace wirelab::app {
namespace {

using transport::Protocol;
using transport::SocketInfo;
using transport::TcpState;

struct Filter {
    bool tcp = false, udp = false;
    bool all = false, listening = false;
    bool numeric = false, processes = false;
};

constexpr OptionSpec kOptions[] = {
    {'t'}, {'u'}, {'a'}, {'l'}, {'n'}, {'p'}, {'4'}, {'6'}, {'e'}, // 4, 6, e: no effect here
};

// Parses the flags, bundled or not ("-tuna"). Returns the unknown flag ('-' for a long option,
// '?' with bad set for an operand), or 0.
char parse_flags(const std::vector<std::string>& argv, Filter& f, std::string& bad)
{
    OptionParser p(kOptions, argv);
    for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
        if (o.is_operand()) {
            bad = o.value;
            return '?';
        }
        if (o.is_error()) return o.is_long ? '-' : o.name[0];
        switch (o.key) {
        case 't': f.tcp = true; break;
        case 'u': f.udp = true; break;
        case 'a': f.all = true; break;
        case 'l': f.listening = true; break;
        case 'n': f.numeric = true; break;
        case 'p': f.processes = true; break;
        }
    }
    if (!f.tcp && !f.udp) f.tcp = f.udp = true;
    return 0;
}

bool is_listening_like(const SocketInfo& s)
{
    // UDP sockets that are not connected count as "servers" for netstat -l / ss -l.
    return s.protocol == Protocol::Udp ? !s.remote : s.state == TcpState::Listen;
}

bool selected(const SocketInfo& s, const Filter& f)
{
    if (s.protocol == Protocol::Tcp ? !f.tcp : !f.udp) return false;
    if (f.all) return true;
    return f.listening ? is_listening_like(s) : !is_listening_like(s);
}

std::string port_text(uint16_t port, bool numeric)
{
    if (!numeric)
        if (const wire::WellKnownPort* w = wire::find_port(port)) {
            return ascii_lower(w->service);
        }
    return std::to_string(port);
}

// [SECTION] netstat

const char* netstat_state(TcpState s)
{
    switch (s) {
    case TcpState::Closed: return "CLOSE";
    case TcpState::Listen: return "LISTEN";
    case TcpState::SynSent: return "SYN_SENT";
    case TcpState::SynReceived: return "SYN_RECV";
    case TcpState::Established: return "ESTABLISHED";
    case TcpState::FinWait1: return "FIN_WAIT1";
    case TcpState::FinWait2: return "FIN_WAIT2";
    case TcpState::CloseWait: return "CLOSE_WAIT";
    case TcpState::Closing: return "CLOSING";
    case TcpState::LastAck: return "LAST_ACK";
    case TcpState::TimeWait: return "TIME_WAIT";
    }
    return "?";
}

std::string netstat_addr(const wire::IpAddr& a, uint16_t port, bool any_port, bool numeric)
{
    // net-tools writes IPv6 addresses without brackets: ":::80", "fd00::1:22".
    return a.to_string() + ":" + (any_port ? "*" : port_text(port, numeric));
}

std::string netstat(const transport::SocketTable* table, const Filter& f)
{
    std::string s = "Active Internet connections ";
    s += f.all         ? "(servers and established)\n"
         : f.listening ? "(only servers)\n"
                       : "(w/o servers)\n";
    char line[256];
    std::snprintf(line, sizeof line, "%-5s %6s %6s %-23s %-23s %-11s%s\n", "Proto", "Recv-Q",
                  "Send-Q", "Local Address", "Foreign Address", "State",
                  f.processes ? " PID/Program name" : "");
    s += line;
    if (!table) return s;
    for (const SocketInfo& i : table->list()) {
        if (!selected(i, f)) continue;
        bool v6 = i.local.addr.is_v6();
        std::string proto =
            std::string(i.protocol == Protocol::Tcp ? "tcp" : "udp") + (v6 ? "6" : "");
        std::string local = netstat_addr(i.local.addr, i.local.port, false, f.numeric);
        std::string foreign =
            i.remote
                ? netstat_addr(i.remote->addr, i.remote->port, false, f.numeric)
                : netstat_addr(v6 ? wire::IpAddr(wire::Ipv6Addr{}) : wire::IpAddr(), 0, true, true);
        std::string state = i.state ? netstat_state(*i.state) : (i.remote ? "ESTABLISHED" : "");
        std::string program = i.owner.empty() ? "-" : i.owner;
        std::snprintf(line, sizeof line, "%-5s %6zu %6zu %-23s %-23s %-11s%s\n", proto.c_str(),
                      i.recv_q, i.send_q, local.c_str(), foreign.c_str(), state.c_str(),
                      f.processes ? (" " + program).c_str() : "");
        s += line;
    }
    return s;
}

// [SECTION] ss

const char* ss_state(const SocketInfo& i)
{
    if (!i.state) return i.remote ? "ESTAB" : "UNCONN";
    switch (*i.state) {
    case TcpState::Closed: return "CLOSE";
    case TcpState::Listen: return "LISTEN";
    case TcpState::SynSent: return "SYN-SENT";
    case TcpState::SynReceived: return "SYN-RECV";
    case TcpState::Established: return "ESTAB";
    case TcpState::FinWait1: return "FIN-WAIT-1";
    case TcpState::FinWait2: return "FIN-WAIT-2";
    case TcpState::CloseWait: return "CLOSE-WAIT";
    case TcpState::Closing: return "CLOSING";
    case TcpState::LastAck: return "LAST-ACK";
    case TcpState::TimeWait: return "TIME-WAIT";
    }
    return "?";
}

// iproute2 brackets IPv6 addresses and writes the IPv6 wildcard as "[::]", the IPv4 one as
// "0.0.0.0", and an unknown peer port as "*".
std::string ss_addr(const wire::IpAddr& a)
{
    return a.is_v6() ? "[" + a.to_string() + "]" : a.to_string();
}

std::string ss(const transport::SocketTable* table, const Filter& f)
{
    struct Row {
        std::string netid, state, recv_q, send_q, laddr, lport, paddr, pport, process;
    };
    std::vector<Row> rows;
    if (table)
        for (const SocketInfo& i : table->list()) {
            if (!selected(i, f)) continue;
            bool v6 = i.local.addr.is_v6();
            Row r;
            r.netid = i.protocol == Protocol::Tcp ? "tcp" : "udp";
            r.state = ss_state(i);
            r.recv_q = std::to_string(i.recv_q);
            r.send_q = std::to_string(i.send_q);
            r.laddr = ss_addr(i.local.addr);
            r.lport = port_text(i.local.port, f.numeric);
            r.paddr = i.remote ? ss_addr(i.remote->addr) : (v6 ? "[::]" : "0.0.0.0");
            r.pport = i.remote ? port_text(i.remote->port, f.numeric) : "*";
            if (f.processes && !i.owner.empty()) r.process = "users:((\"" + i.owner + "\"))";
            rows.push_back(std::move(r));
        }
    bool netid = f.tcp && f.udp; // ss drops the column when one protocol is asked for
    Row head{"Netid", "State",        "Recv-Q", "Send-Q", "Local Address",
             "Port",  "Peer Address", "Port",   "Process"};
    size_t w[9] = {};
    auto widen = [&](const Row& r) {
        const std::string* c[9] = {&r.netid, &r.state, &r.recv_q, &r.send_q, &r.laddr,
                                   &r.lport, &r.paddr, &r.pport,  &r.process};
        for (int k = 0; k < 9; ++k) w[k] = std::max(w[k], c[k]->size());
    };
    widen(head);
    for (const Row& r : rows) widen(r);
    auto pad = [](const std::string& t, size_t n, bool right) {
        std::string sp(n > t.size() ? n - t.size() : 0, ' ');
        return right ? sp + t : t + sp;
    };
    auto emit = [&](const Row& r, bool header) {
        std::string s;
        if (netid) s += pad(r.netid, w[0], false) + " ";
        s += pad(r.state, w[1], false) + " " + pad(r.recv_q, w[2], false) + " " +
             pad(r.send_q, w[3], false) + " ";
        if (header) {
            s += pad("Local Address:Port", w[4] + w[5] + 1, true) + " " +
                 pad("Peer Address:Port", w[6] + w[7] + 1, false);
        } else {
            s += pad(r.laddr, w[4], true) + ":" + pad(r.lport, w[5], false) + " " +
                 pad(r.paddr, w[6], true) + ":" + pad(r.pport, w[7], false);
        }
        s += " " + (header ? std::string("Process") : r.process);
        while (!s.empty() && s.back() == ' ') s.pop_back();
        return s + "\n";
    };
    std::string out = emit(head, true);
    for (const Row& r : rows) out += emit(r, false);
    return out;
}

std::unique_ptr<Process> socket_list(net::Network& net, net::IpNode& node,
                                     const std::vector<std::string>& argv, OutputFn out,
                                     ExitFn on_exit, bool is_ss)
{
    return instant(
        net, node, std::move(out), std::move(on_exit), [argv, is_ss, &node](std::string& s) {
            Filter f;
            std::string bad;
            char c = parse_flags(argv, f, bad);
            const char* tool = is_ss ? "ss" : "netstat";
            if (c) {
                s += std::string(tool) + ": " +
                     (bad.empty() ? std::string("invalid option -- '") + c + "'"
                                  : "unexpected argument '" + bad + "'") +
                     "\nusage: " + tool +
                     " [-tuanlp]  (t TCP, u UDP, a all, l listening only, n numeric, p program)\n";
                return 1;
            }
            const transport::SocketTable* table = transport::SocketTable::find(node);
            s += is_ss ? ss(table, f) : netstat(table, f);
            return 0;
        });
}

} // namespace

WIRELAB_COMMAND(make_netstat)
{
    return socket_list(net, node, argv, std::move(out), std::move(on_exit), false);
}

WIRELAB_COMMAND(make_ss)
{
    return socket_list(net, node, argv, std::move(out), std::move(on_exit), true);
}

} // namespace wirelab::app
