#!/usr/bin/env bash
# Fetch Dear ImGui's source from Debian's source package into DEST/imgui (TOOLCHAIN.md).
#   .ci/fetch-imgui.sh DEST        e.g. build/_deps
#
# Debian's libimgui-dev ships only a native static library, so the WebAssembly build compiles
# ImGui from Debian's *source* package (.ci/fetch-debian-source.sh does the fetching; this file
# only pins the version). Idempotent.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: .ci/fetch-imgui.sh DEST   (e.g. build/_deps)" >&2; exit 1; }
exec bash "$(dirname "$0")/fetch-debian-source.sh" imgui 1.90.1+ds-1 imgui_1.90.1+ds.orig.tar.xz \
    ecce377df0f90b292f15dcbd83d438bddc162b2388c881132bde18c787572a1c "$1" \
    imgui.cpp imgui_tables.cpp imgui_widgets.cpp imgui_draw.cpp imgui_demo.cpp \
    backends/imgui_impl_glfw.cpp backends/imgui_impl_opengl3.cpp
