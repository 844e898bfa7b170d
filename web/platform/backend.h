// The one platform interface the app is written against, after Tracy's Backend: a window with a
// GL ES 3.0-class context, Dear ImGui wired to its input, and a frame loop. CMake picks one
// implementation: emscripten_main.cpp (the page's canvas) or glfw_main.cpp (a native window).
// Views never ask which one runs; everything that differs lives behind these calls.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

struct GLFWwindow;

namespace wirelab::web {

using FrameFn = void (*)(void* user);

class Backend {
public:
    // Creates the window and GL context, the ImGui context and its GLFW + OpenGL3 backends.
    // Returns false with error() naming what is missing (e.g. "WebGL 2 context").
    bool init(const char* title);
    // Calls frame(user) once per display refresh until the window closes. In the browser it
    // returns at once and the page drives the loop (a blocking loop would freeze the page).
    void run(FrameFn frame, void* user);

    // Inside frame(): follows the window/canvas size and starts an ImGui frame. w, h receive
    // the framebuffer size in pixels.
    void new_frame(int& w, int& h);
    // Inside frame(): renders ImGui's draw data over a clear colour and presents the frame.
    void end_frame(float r, float g, float b);

    // How many framebuffer pixels one logical UI pixel takes: devicePixelRatio in the browser,
    // the monitor's content scale natively. Fonts and style sizes are multiplied by it.
    float ui_scale() const;
    // ImGui units per input-event unit (CSS pixel in the browser), for the test hook's rects.
    float event_scale() const;
    // Text prepended to every shader body in shaders/: a #version line (+ precision for ES).
    const char* glsl_prelude() const;
    // Where a bundled asset (a font file name) is read from on this platform.
    std::string asset_path(std::string_view name) const;
    // Re-uploads ImGui's font atlas after the app rebuilt it (e.g. when ui_scale() changed).
    void rebuild_font_texture();

    // [SECTION] Files, storage and the page (the browser's; natively, files and a folder)
    // Offers bytes as a file to save (a browser download; natively written to the working
    // directory). Returns false with error() set when that failed.
    bool download(std::string_view filename, std::string_view mime, const void* data, size_t size);
    // Asks the user for a file to open (the browser's file chooser). The text arrives later
    // through poll_incoming(); natively this is not available and returns false.
    bool request_open_file();
    // Fetches a file that is served next to the app ("examples/two-lans.json"); the text or the
    // error arrives through poll_incoming().
    void fetch_text(std::string_view url);
    struct Incoming {
        enum class Kind { Upload, Fetch };
        Kind kind = Kind::Upload;
        std::string name;  // file name, or the URL fetched
        std::string text;  // its contents
        std::string error; // why it could not be read (text is then empty)
    };
    // The next opened or fetched file, if one arrived since the last call.
    std::optional<Incoming> poll_incoming();
    // Small persistent storage (the browser's localStorage; natively a folder under $HOME).
    std::optional<std::string> storage_get(std::string_view key) const;
    bool storage_set(std::string_view key, std::string_view value);
    // The page address's #fragment without the '#' (empty natively), and setting it without
    // reloading; page_address() is the address without the fragment.
    std::string url_fragment() const;
    void set_url_fragment(std::string_view fragment);
    std::string page_address() const;
    // Puts text on the system clipboard (best effort).
    void copy_to_clipboard(std::string_view text);
    // Monotonic wall clock in seconds, for time budgets only (never the simulation's clock).
    double wall_seconds() const;

    const std::string& error() const { return m_error; }

private:
    GLFWwindow* m_window = nullptr;
    mutable std::string m_error;
};

} // namespace wirelab::web
