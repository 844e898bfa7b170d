// A read-only window into the running app for the browser test (tests/browser/smoke.mjs), so it
// asserts on state rather than on pixels. Exported to JavaScript as C functions:
//   wirelab_test_frames()  -> number of frames rendered so far
//   wirelab_test_state()   -> a JSON document (pointer to a NUL-terminated UTF-8 string, valid
//                             until the next call): frames, ui/event scale, theme, the CIDR
//                             calculator's input, rows and error, the canvas view, and widget
//                             rectangles in page (CSS) pixels: {"x","y","w","h"}.
// site/index.html wraps them as window.wirelabTest.
#pragma once

namespace wirelab::web {

class App;

// Called once by main() with the app that lives for the rest of the program.
void attach_test_hook(const App* app);

} // namespace wirelab::web

extern "C" {
unsigned wirelab_test_frames();
const char* wirelab_test_state();
}
