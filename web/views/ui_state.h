// What the menus and views ask of each other: which panels are open, the theme, the canvas tool,
// and one-shot requests that the app carries out between frames.
#pragma once

#include "web/views/theme.h"

#include <string>

namespace wirelab::web {

enum class CanvasTool { Select, Cable };

// The bottom panel's tabs besides the terminals.
enum class BottomTab { None, Packets, Events, Problems };

struct UiState {
    bool show_palette = true;
    bool show_inspector = true;
    bool show_bottom = true;
    bool show_legend = true;
    bool show_cidr = false;
    bool show_controls = false;
    bool show_about = false;
    Theme theme = Theme::Dark;
    CanvasTool tool = CanvasTool::Select;

    // One-shot requests, cleared by whoever carries them out.
    bool reset_view_requested = false;
    bool fit_view_requested = false;
    std::string open_terminal; // host name: open (or focus) its terminal tab
    std::string open_browser;  // host name: open the web browser window on it
    BottomTab show_tab = BottomTab::None;
    bool focus_name_field = false; // inspector: put the cursor in the device name
};

} // namespace wirelab::web
