// The service kind "files": a host's own files (core/host/host_files.h), what `cat`, `ls`,
// `curl -o` and `ftp get`/`put` work on. Not a server: like "clock", it sets up the host.
//   "services": {"files": {"/home/alice/notes.txt": "buy milk\n", "/srv/www/index.html": "..."}}
#include "core/host/host_files.h"
#include "sim/services.h"
#include "sim/services_check.h"

namespace wirelab::sim {

using detail::describe_value;
using detail::key_path;

namespace {

// Paths must be absolute and plain ("/a/b.txt"); a file may not also be a directory.
std::map<std::string, std::string> read_files(const RawJson& config, const std::string& path,
                                              std::vector<Diagnostic>& out)
{
    std::map<std::string, std::string> files;
    if (!config.is_object()) {
        out.push_back(
            {Diagnostic::Severity::Error, path,
             "must be an object of file paths to contents, e.g. {\"/home/alice/notes.txt\": "
             "\"buy milk\\n\"}, not " +
                 describe_value(config)});
        return files;
    }
    for (auto it = config.begin(); it != config.end(); ++it) {
        std::string at = key_path(path, it.key());
        const std::string& name = it.key();
        if (name.empty() || name[0] != '/' || name == "/" ||
            app::HostFiles::normalize(name) != name) {
            out.push_back(
                {Diagnostic::Severity::Error, at,
                 "a file name must be an absolute path such as \"/home/alice/notes.txt\" (no "
                 "\".\", \"..\", \"//\" or final \"/\")"});
            continue;
        }
        if (!it->is_string()) {
            out.push_back({Diagnostic::Severity::Error, at,
                           "must be the file's text, not " + describe_value(*it)});
            continue;
        }
        files[name] = it->get<std::string>();
    }
    // "/a" and "/a/b": /a cannot be a file and a directory at once.
    for (auto it = files.begin(); it != files.end(); ++it) {
        auto next = std::next(it);
        if (next != files.end() && next->first.rfind(it->first + "/", 0) == 0)
            out.push_back({Diagnostic::Severity::Error, key_path(path, it->first),
                           it->first + " is a file, but " + next->first + " makes it a directory"});
    }
    return files;
}

void validate_files(const RawJson& config, const std::string& path, const DeviceSpec&,
                    const Scenario&, std::vector<Diagnostic>& out)
{
    if (config.is_boolean()) return; // true: no files yet; false: none
    (void)read_files(config, path, out);
}

void install_files(const RawJson& config, const DeviceSpec&, net::IpNode& node, BuiltScenario&)
{
    if (!config.is_object()) return;
    std::vector<Diagnostic> ignored; // the scenario validated
    app::HostFiles& files = app::HostFiles::of(node);
    for (auto& [name, content] : read_files(config, "", ignored))
        (void)files.write(name, std::move(content));
}

} // namespace

extern const ServiceKind kFilesService = {
    "files", "the host's own files (\"/path\": \"text\"), for cat, ls, curl -o and ftp get/put",
    validate_files, install_files};

} // namespace wirelab::sim
