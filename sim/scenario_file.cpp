#include "sim/scenario_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace wirelab::sim {
namespace {

// Scenario files are small; a bigger file is almost certainly the wrong one (a pcap?).
constexpr size_t kMaxScenarioBytes = 16u << 20;

} // namespace

Result<std::string, std::string> read_text_file(const std::string& path)
{
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return fail(path + ": cannot open: " + std::strerror(errno));
    std::string text;
    char buf[65536];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        text.append(buf, n);
        if (text.size() > kMaxScenarioBytes) {
            std::fclose(f);
            return fail(path + ": larger than 16 MiB; is it really a scenario file?");
        }
    }
    bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) return fail(path + ": cannot read: " + std::strerror(errno));
    return text;
}

Result<Ok, std::string> write_file(const std::string& path, const Bytes& bytes)
{
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return fail(path + ": cannot create: " + std::strerror(errno));
    bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    ok = (std::fclose(f) == 0) && ok;
    if (!ok) return fail(path + ": cannot write: " + std::strerror(errno));
    return Ok{};
}

Result<Ok, std::string> make_directory(const std::string& path)
{
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return fail(path + ": cannot create directory: " + ec.message());
    if (!std::filesystem::is_directory(path, ec)) return fail(path + ": is not a directory");
    return Ok{};
}

std::optional<Scenario> load_scenario_file(const std::string& file, std::string_view cmd,
                                           CliOutput& io)
{
    auto text = read_text_file(file);
    if (!text) {
        io.err += std::string(cmd) + ": " + text.error() + "\n";
        return std::nullopt;
    }
    std::vector<Diagnostic> warnings;
    auto s = load_scenario(*text, &warnings);
    for (const Diagnostic& w : warnings) io.err += file + ": " + w.to_string() + "\n";
    if (!s) {
        for (const Diagnostic& e : s.error()) io.err += file + ": " + e.to_string() + "\n";
        size_t n = s.error().size();
        io.err += file + ": " + std::to_string(n) + (n == 1 ? " error" : " errors") +
                  ", nothing was run\n";
        return std::nullopt;
    }
    return std::move(*s);
}

} // namespace wirelab::sim
