// Backend, browser half two: downloads, the file chooser, fetch, localStorage, the address bar
// and the clipboard. The page side lives in site/js/files.js (window.wirelabFiles); strings cross
// into the module by length + copy, so no allocator has to be exported to JavaScript.
#include "web/platform/backend.h"

#include <emscripten.h>

#include <cstdint>

// clang-format off
EM_JS(int, js_download, (const char* name, const char* mime, const uint8_t* data, int size), {
    try {
        window.wirelabFiles.download(UTF8ToString(name), UTF8ToString(mime),
                                     HEAPU8.slice(data, data + size));
        return 1;
    } catch (e) {
        console.warn('Wirelab: download failed: ' + e);
        return 0;
    }
});
EM_JS(int, js_open_file, (), { return window.wirelabFiles.open() ? 1 : 0; });
EM_JS(void, js_fetch_text, (const char* url), { window.wirelabFiles.fetchText(UTF8ToString(url)); });
EM_JS(int, js_incoming_count, (), { return window.wirelabFiles.incoming.length; });
EM_JS(int, js_incoming_length, (int field), {
    const e = window.wirelabFiles.incoming[0];
    return lengthBytesUTF8(String([e.kind, e.name, e.text, e.error][field] || "")) + 1;
});
EM_JS(void, js_incoming_copy, (int field, char* out, int cap), {
    const e = window.wirelabFiles.incoming[0];
    stringToUTF8(String([e.kind, e.name, e.text, e.error][field] || ""), out, cap);
});
EM_JS(void, js_incoming_pop, (), { window.wirelabFiles.incoming.shift(); });
EM_JS(int, js_storage_length, (const char* key), {
    const v = window.wirelabFiles.storageGet(UTF8ToString(key));
    return v === null ? -1 : lengthBytesUTF8(v) + 1;
});
EM_JS(void, js_storage_copy, (const char* key, char* out, int cap), {
    stringToUTF8(window.wirelabFiles.storageGet(UTF8ToString(key)) || "", out, cap);
});
EM_JS(int, js_storage_set, (const char* key, const char* value), {
    return window.wirelabFiles.storageSet(UTF8ToString(key), UTF8ToString(value)) ? 1 : 0;
});
EM_JS(int, js_location_length, (int which), {
    const s = which === 0 ? location.hash.replace(/^#/, "") : location.href.replace(/#.*$/, "");
    return lengthBytesUTF8(s) + 1;
});
EM_JS(void, js_location_copy, (int which, char* out, int cap), {
    const s = which === 0 ? location.hash.replace(/^#/, "") : location.href.replace(/#.*$/, "");
    stringToUTF8(s, out, cap);
});
EM_JS(void, js_set_fragment, (const char* fragment), {
    const f = UTF8ToString(fragment);
    history.replaceState(null, "", f ? "#" + f : location.pathname + location.search);
});
EM_JS(void, js_copy_text, (const char* text), { window.wirelabFiles.copyText(UTF8ToString(text)); });
// clang-format on

namespace wirelab::web {

namespace {

std::string take_string(int length_with_nul, void (*copy)(int, char*, int), int arg)
{
    std::string s(size_t(length_with_nul), '\0');
    copy(arg, s.data(), length_with_nul);
    s.resize(size_t(length_with_nul - 1));
    return s;
}

std::string incoming_field(int field)
{
    return take_string(js_incoming_length(field), js_incoming_copy, field);
}

std::string location_part(int which)
{
    return take_string(js_location_length(which), js_location_copy, which);
}

} // namespace

bool Backend::download(std::string_view filename, std::string_view mime, const void* data,
                       size_t size)
{
    const std::string name(filename), type(mime);
    if (js_download(name.c_str(), type.c_str(), static_cast<const uint8_t*>(data), int(size)))
        return true;
    m_error = "the browser refused to save " + name;
    return false;
}

bool Backend::request_open_file()
{
    if (js_open_file()) return true;
    m_error = "the browser did not open its file chooser";
    return false;
}

void Backend::fetch_text(std::string_view url)
{
    js_fetch_text(std::string(url).c_str());
}

std::optional<Backend::Incoming> Backend::poll_incoming()
{
    if (js_incoming_count() == 0) return std::nullopt;
    Incoming in;
    in.kind = incoming_field(0) == "fetch" ? Incoming::Kind::Fetch : Incoming::Kind::Upload;
    in.name = incoming_field(1);
    in.text = incoming_field(2);
    in.error = incoming_field(3);
    js_incoming_pop();
    return in;
}

std::optional<std::string> Backend::storage_get(std::string_view key) const
{
    const std::string k(key);
    const int length = js_storage_length(k.c_str());
    if (length < 0) return std::nullopt;
    std::string s(size_t(length), '\0');
    js_storage_copy(k.c_str(), s.data(), length);
    s.resize(size_t(length - 1));
    return s;
}

bool Backend::storage_set(std::string_view key, std::string_view value)
{
    const std::string k(key), v(value);
    if (js_storage_set(k.c_str(), v.c_str())) return true;
    m_error = "the browser's storage is full or disabled";
    return false;
}

std::string Backend::url_fragment() const
{
    return location_part(0);
}

void Backend::set_url_fragment(std::string_view fragment)
{
    js_set_fragment(std::string(fragment).c_str());
}

std::string Backend::page_address() const
{
    return location_part(1);
}

void Backend::copy_to_clipboard(std::string_view text)
{
    js_copy_text(std::string(text).c_str());
}

double Backend::wall_seconds() const
{
    return emscripten_get_now() / 1000.0;
}

} // namespace wirelab::web
