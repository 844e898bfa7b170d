// Temporary: replaced by the addressing work.
#include "sim/cli.h"
namespace wirelab::sim {
static int run_cidr(const std::vector<std::string>&, CliOutput& io) { io.err += "cidr: not implemented yet\n"; return ExitFailure; }
const CliCommand& cidr_command() { static const CliCommand c{"cidr", "CIDR calculator", "usage: wirelab cidr PREFIX\n", run_cidr}; return c; }
const CliCommand& ports_command() { static const CliCommand c{"ports", "well-known ports", "usage: wirelab ports\n", run_cidr}; return c; }
}
