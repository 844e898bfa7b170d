// A read-only window into the running app for the browser tests (tests/browser/*.mjs), so they
// assert on state rather than on pixels. Exported to JavaScript as C functions; each returns a
// pointer to a NUL-terminated UTF-8 string valid until the next call of the same function:
//   wirelab_test_frames()            -> number of frames rendered so far
//   wirelab_test_state()             -> JSON: frames, scales, theme, problems, the canvas view,
//                                       devices with their page positions, selection, the
//                                       simulation clock, the error dialog's text, terminals,
//                                       the lab in progress (id, student, checks with points
//                                       and hints shown, score, locked inspector fields), and
//                                       widget rectangles in page (CSS) pixels {x, y, w, h}
//   wirelab_test_scenario()          -> the document as scenario JSON (sim::save_scenario)
//   wirelab_test_terminal(host)      -> that host's terminal text ("" when it has none)
//   wirelab_test_packets(limit)      -> JSON: the packet list's displayed rows (at most limit)
//                                       with their columns, the filter, and the selected
//                                       packet's decode tree
// site/js/boot.js wraps them as window.wirelabTest. Nothing here changes the app.
#pragma once

namespace wirelab::web {

class App;

// Called once by main() with the app that lives for the rest of the program.
void attach_test_hook(App* app);

} // namespace wirelab::web

extern "C" {
unsigned wirelab_test_frames();
const char* wirelab_test_state();
const char* wirelab_test_scenario();
const char* wirelab_test_terminal(const char* host);
const char* wirelab_test_packets(unsigned limit);
}
