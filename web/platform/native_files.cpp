// Backend, native half two: "downloads" are written to the working directory, storage is a folder
// under $HOME/.wirelab, examples are read from site/ in the source tree. There is no address bar.
#include "web/platform/backend.h"

#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wirelab::web {

namespace {

// Files "fetched" natively, handed out by poll_incoming() on the next frame like the browser's.
std::deque<Backend::Incoming>& pending()
{
    static std::deque<Backend::Incoming> queue;
    return queue;
}

std::filesystem::path storage_dir()
{
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home ? home : ".") / ".wirelab";
}

std::optional<std::string> read_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

bool Backend::download(std::string_view filename, std::string_view, const void* data, size_t size)
{
    const std::string name(filename);
    std::ofstream out(name, std::ios::binary);
    out.write(static_cast<const char*>(data), std::streamsize(size));
    if (out) {
        std::fprintf(stderr, "wirelab: wrote %s\n", name.c_str());
        return true;
    }
    m_error = "cannot write " + name + " in the working directory";
    return false;
}

bool Backend::request_open_file()
{
    m_error = "opening files is available in the browser; natively, run from the folder and use "
              "File → Examples, or pass the scenario in the page address";
    return false;
}

void Backend::fetch_text(std::string_view url)
{
    Incoming in;
    in.kind = Incoming::Kind::Fetch;
    in.name = std::string(url);
    const std::filesystem::path path = std::filesystem::path(WIRELAB_SOURCE_DIR) / "site" / in.name;
    if (auto text = read_file(path))
        in.text = std::move(*text);
    else
        in.error = "cannot read " + path.string();
    pending().push_back(std::move(in));
}

std::optional<Backend::Incoming> Backend::poll_incoming()
{
    if (pending().empty()) return std::nullopt;
    Incoming in = std::move(pending().front());
    pending().pop_front();
    return in;
}

std::optional<std::string> Backend::storage_get(std::string_view key) const
{
    return read_file(storage_dir() / std::string(key));
}

bool Backend::storage_set(std::string_view key, std::string_view value)
{
    std::error_code ec;
    std::filesystem::create_directories(storage_dir(), ec);
    std::ofstream out(storage_dir() / std::string(key), std::ios::binary);
    out.write(value.data(), std::streamsize(value.size()));
    if (out) return true;
    m_error = "cannot write " + (storage_dir() / std::string(key)).string();
    return false;
}

std::string Backend::url_fragment() const
{
    return {};
}

void Backend::set_url_fragment(std::string_view) {}

std::string Backend::page_address() const
{
    return "wirelab-gui";
}

void Backend::copy_to_clipboard(std::string_view text)
{
    glfwSetClipboardString(m_window, std::string(text).c_str());
}

double Backend::wall_seconds() const
{
    return glfwGetTime();
}

} // namespace wirelab::web
