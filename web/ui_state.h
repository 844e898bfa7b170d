// What the menus toggle: which panels are open, the theme, one-shot requests to the views.
#pragma once

#include "web/theme.h"

namespace wirelab::web {

struct UiState {
    bool show_palette = true;
    bool show_cidr = true;
    bool show_controls = false;
    bool show_about = false;
    Theme theme = Theme::Dark;
    bool reset_view_requested = false;
};

} // namespace wirelab::web
