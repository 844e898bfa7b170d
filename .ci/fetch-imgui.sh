#!/usr/bin/env bash
# Fetch Dear ImGui's source from Debian's source package into DEST/imgui (TOOLCHAIN.md).
#   .ci/fetch-imgui.sh DEST        e.g. build/_deps
#
# Debian's libimgui-dev ships only a native static library, so the WebAssembly build compiles
# ImGui from Debian's *source* package. The system's apt configuration is never changed: apt runs
# with a private source list and lists folder inside DEST. The mirror is read from the machine's
# own apt sources, so no registry host is written into this repository. The tarball is checked by
# apt against the signed .dsc and, below, against a pinned sha256.
#
# Idempotent: returns at once when DEST/imgui already holds the pinned version.
set -euo pipefail

VERSION=1.90.1+ds-1
SUITE=trixie
ORIG=imgui_1.90.1+ds.orig.tar.xz
ORIG_SHA256=ecce377df0f90b292f15dcbd83d438bddc162b2388c881132bde18c787572a1c
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

die() { printf 'fetch-imgui: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

[ $# -eq 1 ] || die "usage: .ci/fetch-imgui.sh DEST   (e.g. build/_deps)"
mkdir -p "$1"
DEST=$(cd "$1" && pwd)
OUT=$DEST/imgui
STAMP=$OUT/.wirelab-version

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$VERSION" ]; then
    exit 0
fi

# First Debian archive mirror the machine already uses (deb822 .sources first, then the
# one-line format). "Debian" means the archive path ends in /debian (not debian-security).
find_mirror() {
    local f uri
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        for uri in $(awk -F: 'tolower($1) == "uris" { sub(/^[^:]*:[ \t]*/, ""); print }' "$f"); do
            if [[ "$uri" =~ ^https?://[^[:space:]]+/debian/?$ ]]; then echo "${uri%/}"; return 0; fi
        done
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; break } }' "$f" |
              grep -E '^https?://[^[:space:]]+/debian/?$' | head -n1 || true)
        if [ -n "$uri" ]; then echo "${uri%/}"; return 0; fi
    done
    return 1
}

MIRROR=$(find_mirror) ||
    die "no Debian mirror found in /etc/apt/sources.list{,.d}; add the machine's Debian archive to apt's sources"
[ -f "$KEYRING" ] || die "$KEYRING is missing; install it with: apt-get install debian-archive-keyring"

APT_DIR=$DEST/apt
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/download"
printf 'deb-src [signed-by=%s] %s %s main\n' "$KEYRING" "$MIRROR" "$SUITE" > "$APT_DIR/sources.list"
APT_OPTS=(-o "Dir::Etc::SourceList=$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$APT_DIR/lists" -o Debug::NoLocking=1 -q
          # The private folders belong to the build user, which apt's _apt sandbox user cannot
          # write; the tarball's integrity comes from the signed .dsc and the sha256 below.
          -o APT::Sandbox::User=root)

printf 'fetch-imgui: Debian source package imgui=%s (%s) from %s\n' "$VERSION" "$SUITE" "$MIRROR" >&2
as_root apt-get "${APT_OPTS[@]}" update >&2 ||
    die "apt-get update of the private $SUITE source list failed (see above); is $MIRROR reachable?"
(cd "$APT_DIR/download" &&
    as_root apt-get "${APT_OPTS[@]}" source --download-only "imgui=$VERSION" >&2) ||
    die "apt-get source imgui=$VERSION failed (see above)"

TARBALL=$APT_DIR/download/$ORIG
[ -f "$TARBALL" ] || die "$ORIG not found in $APT_DIR/download after apt-get source"
GOT=$(sha256sum "$TARBALL" | cut -d' ' -f1)
[ "$GOT" = "$ORIG_SHA256" ] ||
    die "$ORIG has sha256 $GOT, expected $ORIG_SHA256; delete $APT_DIR and retry, or re-pin deliberately"

rm -rf "$OUT.tmp" "$OUT"
mkdir -p "$OUT.tmp"
tar -xJf "$TARBALL" -C "$OUT.tmp" --strip-components=1
for f in imgui.cpp imgui_tables.cpp imgui_widgets.cpp imgui_draw.cpp imgui_demo.cpp \
         backends/imgui_impl_glfw.cpp backends/imgui_impl_opengl3.cpp; do
    [ -f "$OUT.tmp/$f" ] || die "$ORIG lacks $f (the +ds repack may have dropped it)"
done
# Under sudo, hand the private apt folder back to the build user so `rm -rf build` works.
if [ "$(id -u)" -ne 0 ]; then as_root chown -R "$(id -u):$(id -g)" "$APT_DIR"; fi
echo "$VERSION" > "$OUT.tmp/.wirelab-version"
mv "$OUT.tmp" "$OUT"
printf 'fetch-imgui: ImGui %s unpacked to %s\n' "$VERSION" "$OUT" >&2
