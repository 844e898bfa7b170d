// The main menu bar: File, Edit, View, Simulation, Labs, Help. Items whose feature does not exist
// yet are shown disabled with "coming soon" instead of pretending to work.
#pragma once

#include "web/ui_state.h"

namespace wirelab::web {

void draw_menu_bar(UiState& ui);

} // namespace wirelab::web
