// HostFiles: the small in-memory file system of one simulated host — what `curl -o`, `ftp get`
// and `ftp put`, `cat` and `ls` work on, filled from the scenario's "files" and written by the
// services (the mail server's /var/log/mail.log). Paths are absolute after normalisation;
// hosts have no `cd`, so a relative name is taken from "/" (the shell's working directory).
// Directories are implied by the files under them, and writing a file creates its parents.
#pragma once

#include "core/base/result.h"
#include "core/host/service.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wirelab::app {

enum class FileError : uint8_t {
    NotFound,     // ENOENT: "No such file or directory"
    IsDirectory,  // EISDIR: "Is a directory"
    NotDirectory, // ENOTDIR: a parent on the path is a file: "Not a directory"
    BadName,      // an empty name
};
// strerror's words: "No such file or directory", "Is a directory", "Not a directory".
const char* to_string(FileError e);

struct DirEntry {
    std::string name; // "readme.txt", "pub"
    bool is_dir = false;
    size_t size = 0;
};

class HostFiles final : public Service {
public:
    explicit HostFiles(net::IpNode& node) : Service(node) {}

    // The node's files, created (empty) on first use.
    static HostFiles& of(net::IpNode& node);
    // The node's files if it has any (read-only views).
    static const HostFiles* find(const net::IpNode& node);

    std::string_view name() const override { return "files"; }
    void start() override {}
    // "files: 3 files, 1204 bytes"
    std::string status() const override;

    // "/a/./b/../c", "c" -> "/a/c", "/c": absolute, no ".", "..", "//" or trailing "/". Empty
    // for an empty name.
    static std::string normalize(std::string_view path);

    bool is_file(std::string_view path) const;
    bool is_dir(std::string_view path) const; // "/" always is
    Result<std::string, FileError> read(std::string_view path) const;
    Result<Ok, FileError> write(std::string_view path, std::string content);
    Result<Ok, FileError> append(std::string_view path, std::string_view text);
    Result<Ok, FileError> remove(std::string_view path);
    // A directory's entries in name order (a file path lists itself, as ls does).
    Result<std::vector<DirEntry>, FileError> list(std::string_view path) const;
    // Every file, by absolute path.
    const std::map<std::string, std::string>& all() const { return m_files; }

private:
    Result<std::string, FileError> writable(std::string_view path) const;

    std::map<std::string, std::string> m_files;
};

} // namespace wirelab::app
