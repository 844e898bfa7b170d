// cat, ls and rm on the host's in-memory files (core/host/host_files.h), worded as GNU coreutils
// words its errors: "cat: x: No such file or directory", "ls: cannot access 'x': ...".
#include "core/host/host_files.h"
#include "core/host/ntp_clock.h"
#include "core/shell/commands.h"
#include "core/shell/options.h"
#include "core/wire/http.h"

#include <cstdio>

namespace wirelab::app {
namespace {

// "-rw-r--r-- 1 root root   27 Jan  1 00:00 readme.txt": the host's files carry no times, so
// every entry shows the host's clock at the start of the simulation.
std::string long_line(const DirEntry& e)
{
    std::string d = wire::http::http_date(kSimEpochUnixSeconds);
    std::string when = d.substr(8, 3) + " " +
                       (d[5] == '0' ? " " + d.substr(6, 1) : d.substr(5, 2)) + " " +
                       d.substr(17, 5);
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s %d root root %6zu %s %s\n",
                  e.is_dir ? "drwxr-xr-x" : "-rw-r--r--", e.is_dir ? 2 : 1,
                  e.is_dir ? 4096 : e.size, when.c_str(), e.name.c_str());
    return buf;
}

int run_cat(const net::IpNode& node, const std::vector<std::string>& argv, std::string& s)
{
    if (argv.size() < 2) {
        s += "cat: no file given (hosts have no keyboard input here: cat FILE...)\n";
        return 1;
    }
    const HostFiles* files = HostFiles::find(node);
    int code = 0;
    for (size_t i = 1; i < argv.size(); ++i) {
        auto r = files ? files->read(argv[i])
                       : Result<std::string, FileError>(fail(FileError::NotFound));
        if (r) {
            s += *r;
            continue;
        }
        s += "cat: " + argv[i] + ": " + to_string(r.error()) + "\n";
        code = 1;
    }
    return code;
}

int run_ls(const net::IpNode& node, const std::vector<std::string>& argv, std::string& s)
{
    bool long_form = false;
    std::vector<std::string> paths;
    static constexpr OptionSpec kOptions[] = {{'l'}, {'a'}}; // -a: no hidden files here
    OptionParser p(kOptions, argv);
    for (OptionItem o = p.next(); !o.is_end(); o = p.next()) {
        if (o.is_error()) {
            s += "ls: invalid option -- '" + (o.is_long ? o.word.substr(1) : o.name) +
                 "' (ls here knows -l)\n";
            return 2;
        }
        if (o.is_operand())
            paths.push_back(o.value);
        else if (o.key == 'l')
            long_form = true;
    }
    if (paths.empty()) paths.push_back("/");
    const HostFiles* files = HostFiles::find(node);
    int code = 0;
    for (const std::string& p : paths) {
        // A host with no files at all still has its root directory.
        auto entries = files ? files->list(p)
                       : HostFiles::normalize(p) == "/"
                           ? Result<std::vector<DirEntry>, FileError>(std::vector<DirEntry>{})
                           : fail(FileError::NotFound);
        if (!entries) {
            s += "ls: cannot access '" + p + "': " + to_string(entries.error()) + "\n";
            code = 2;
            continue;
        }
        if (paths.size() > 1 && files && files->is_dir(p)) s += p + ":\n";
        std::string line;
        for (const DirEntry& e : *entries) {
            if (long_form)
                s += long_line(e);
            else
                line += (line.empty() ? "" : "  ") + e.name;
        }
        if (!line.empty()) s += line + "\n";
    }
    return code;
}

int run_rm(net::IpNode& node, const std::vector<std::string>& argv, std::string& s)
{
    if (argv.size() < 2) {
        s += "rm: missing operand\n";
        return 1;
    }
    int code = 0;
    for (size_t i = 1; i < argv.size(); ++i) {
        auto r = HostFiles::of(node).remove(argv[i]);
        if (r) continue;
        s += "rm: cannot remove '" + argv[i] + "': " + to_string(r.error()) + "\n";
        code = 1;
    }
    return code;
}

} // namespace

WIRELAB_COMMAND(make_cat)
{
    return instant(net, node, std::move(out), std::move(on_exit),
                   [argv, &node](std::string& s) { return run_cat(node, argv, s); });
}

WIRELAB_COMMAND(make_ls)
{
    return instant(net, node, std::move(out), std::move(on_exit),
                   [argv, &node](std::string& s) { return run_ls(node, argv, s); });
}

WIRELAB_COMMAND(make_rm)
{
    return instant(net, node, std::move(out), std::move(on_exit),
                   [argv, &node](std::string& s) { return run_rm(node, argv, s); });
}

} // namespace wirelab::app
