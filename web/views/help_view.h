// Help windows: mouse and keyboard controls, and About (versions).
#pragma once

#include "web/views/ui_state.h"

namespace wirelab::web {

void draw_help_windows(UiState& ui, float scale);

} // namespace wirelab::web
