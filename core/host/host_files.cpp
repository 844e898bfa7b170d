#include "core/host/host_files.h"

namespace wirelab::app {

const char* to_string(FileError e)
{
    switch (e) {
    case FileError::NotFound: return "No such file or directory";
    case FileError::IsDirectory: return "Is a directory";
    case FileError::NotDirectory: return "Not a directory";
    case FileError::BadName: return "No such file or directory";
    }
    return "error";
}

HostFiles& HostFiles::of(net::IpNode& node)
{
    ServiceSet& set = ServiceSet::of(node);
    if (HostFiles* f = set.find_service<HostFiles>()) return *f;
    return set.add<HostFiles>();
}

const HostFiles* HostFiles::find(const net::IpNode& node)
{
    const ServiceSet* set = ServiceSet::find(node);
    if (!set) return nullptr;
    for (const auto& s : set->all())
        if (auto* f = dynamic_cast<const HostFiles*>(s.get())) return f;
    return nullptr;
}

std::string HostFiles::status() const
{
    size_t bytes = 0;
    for (const auto& [path, content] : m_files) bytes += content.size();
    return "files: " + std::to_string(m_files.size()) +
           (m_files.size() == 1 ? " file, " : " files, ") + std::to_string(bytes) + " bytes";
}

std::string HostFiles::normalize(std::string_view path)
{
    if (path.empty()) return "";
    std::vector<std::string> parts;
    size_t pos = 0;
    while (pos <= path.size()) {
        size_t slash = path.find('/', pos);
        if (slash == std::string_view::npos) slash = path.size();
        std::string_view part = path.substr(pos, slash - pos);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back(); // "/.." is "/", as in POSIX
        } else if (!part.empty() && part != ".") {
            parts.emplace_back(part);
        }
        pos = slash + 1;
    }
    std::string out;
    for (const std::string& p : parts) out += "/" + p;
    return out.empty() ? "/" : out;
}

bool HostFiles::is_file(std::string_view path) const
{
    return m_files.count(normalize(path)) != 0;
}

bool HostFiles::is_dir(std::string_view path) const
{
    std::string p = normalize(path);
    if (p == "/") return true;
    auto it = m_files.lower_bound(p + "/");
    return it != m_files.end() && it->first.rfind(p + "/", 0) == 0;
}

Result<std::string, FileError> HostFiles::read(std::string_view path) const
{
    std::string p = normalize(path);
    if (p.empty()) return fail(FileError::BadName);
    if (auto it = m_files.find(p); it != m_files.end()) return it->second;
    if (is_dir(p)) return fail(FileError::IsDirectory);
    // "/a.txt/b" where /a.txt is a file: ENOTDIR, as open(2) says.
    for (size_t s = p.rfind('/'); s != 0 && s != std::string::npos; s = p.rfind('/', s - 1))
        if (m_files.count(p.substr(0, s))) return fail(FileError::NotDirectory);
    return fail(FileError::NotFound);
}

Result<std::string, FileError> HostFiles::writable(std::string_view path) const
{
    std::string p = normalize(path);
    if (p.empty()) return fail(FileError::BadName);
    if (is_dir(p)) return fail(FileError::IsDirectory);
    for (size_t s = p.rfind('/'); s != 0 && s != std::string::npos; s = p.rfind('/', s - 1))
        if (m_files.count(p.substr(0, s))) return fail(FileError::NotDirectory);
    return p;
}

Result<Ok, FileError> HostFiles::write(std::string_view path, std::string content)
{
    auto p = writable(path);
    if (!p) return fail(p.error());
    m_files[*p] = std::move(content);
    return Ok{};
}

Result<Ok, FileError> HostFiles::append(std::string_view path, std::string_view text)
{
    auto p = writable(path);
    if (!p) return fail(p.error());
    m_files[*p].append(text);
    return Ok{};
}

Result<Ok, FileError> HostFiles::remove(std::string_view path)
{
    std::string p = normalize(path);
    if (m_files.erase(p)) return Ok{};
    return fail(is_dir(p) ? FileError::IsDirectory : FileError::NotFound);
}

Result<std::vector<DirEntry>, FileError> HostFiles::list(std::string_view path) const
{
    std::string p = normalize(path);
    if (p.empty()) return fail(FileError::BadName);
    if (auto it = m_files.find(p); it != m_files.end())
        return std::vector<DirEntry>{{p.substr(p.rfind('/') + 1), false, it->second.size()}};
    if (!is_dir(p)) return fail(FileError::NotFound);
    std::string prefix = p == "/" ? "/" : p + "/";
    std::vector<DirEntry> out;
    for (auto it = m_files.lower_bound(prefix); it != m_files.end(); ++it) {
        if (it->first.rfind(prefix, 0) != 0) break;
        std::string rest = it->first.substr(prefix.size());
        size_t slash = rest.find('/');
        std::string name = rest.substr(0, slash);
        if (!out.empty() && out.back().name == name) continue; // more files in that directory
        out.push_back(
            {name, slash != std::string::npos, slash == std::string::npos ? it->second.size() : 0});
    }
    return out;
}

} // namespace wirelab::app
