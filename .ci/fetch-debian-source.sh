#!/usr/bin/env bash
# Fetch a Debian (trixie) source package's upstream tarball and unpack it into DEST/NAME
# (TOOLCHAIN.md). Third-party C/C++ sources (ImGui, md4c) are compiled from these trees.
#   .ci/fetch-debian-source.sh NAME VERSION ORIG_TARBALL SHA256 DEST [FILE...]
#   e.g. .ci/fetch-debian-source.sh md4c 0.5.2-2 md4c_0.5.2.orig.tar.gz 1a2b... build/_deps src/md4c.c
# FILE...: paths the unpacked tree must contain (checked after unpacking).
#
# The system's apt configuration is never changed: apt runs with a private source list and lists
# folder inside DEST. The mirror is read from the machine's own apt sources, so no registry host
# is written into this repository. apt checks the tarball against the hashes in the signed Sources
# index, and this script against the pinned sha256 — the check that counts: some source packages'
# other files (md4c 0.5.2-2's .dsc and .debian.tar.xz) answer 404 on mirrors, so `apt-get source`
# may exit non-zero although the upstream tarball arrived.
#
# Idempotent: returns at once when DEST/NAME already holds the pinned version.
set -euo pipefail

SUITE=trixie
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

die() { printf 'fetch-debian-source: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

[ $# -ge 5 ] || die "usage: .ci/fetch-debian-source.sh NAME VERSION ORIG_TARBALL SHA256 DEST [FILE...]"
NAME=$1 VERSION=$2 ORIG=$3 ORIG_SHA256=$4
mkdir -p "$5"
DEST=$(cd "$5" && pwd)
shift 5
OUT=$DEST/$NAME
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

APT_DIR=$DEST/apt
TARBALL=$APT_DIR/download/$ORIG
sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# A tarball already downloaded (by an earlier run, or for another package) is not fetched again.
if [ ! -f "$TARBALL" ] || [ "$(sha_of "$TARBALL")" != "$ORIG_SHA256" ]; then
    MIRROR=$(find_mirror) ||
        die "no Debian mirror found in /etc/apt/sources.list{,.d}; add the machine's Debian archive to apt's sources"
    [ -f "$KEYRING" ] || die "$KEYRING is missing; install it with: apt-get install debian-archive-keyring"
    mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/download"
    printf 'deb-src [signed-by=%s] %s %s main\n' "$KEYRING" "$MIRROR" "$SUITE" > "$APT_DIR/sources.list"
    APT_OPTS=(-o "Dir::Etc::SourceList=$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$APT_DIR/lists" -o Debug::NoLocking=1 -q
              # The private folders belong to the build user, which apt's _apt sandbox user cannot
              # write; the tarball's integrity comes from the signed index and the sha256 below.
              -o APT::Sandbox::User=root)

    printf 'fetch-debian-source: Debian source package %s=%s (%s) from %s\n' \
        "$NAME" "$VERSION" "$SUITE" "$MIRROR" >&2
    as_root apt-get "${APT_OPTS[@]}" update >&2 ||
        die "apt-get update of the private $SUITE source list failed (see above); is $MIRROR reachable?"
    (cd "$APT_DIR/download" &&
        as_root apt-get "${APT_OPTS[@]}" source --download-only "$NAME=$VERSION" >&2) ||
        printf 'fetch-debian-source: apt-get source %s=%s exited non-zero; checking %s anyway\n' \
            "$NAME" "$VERSION" "$ORIG" >&2
    # Under sudo, hand the private apt folder back to the build user so `rm -rf build` works.
    if [ "$(id -u)" -ne 0 ]; then as_root chown -R "$(id -u):$(id -g)" "$APT_DIR"; fi
    [ -f "$TARBALL" ] || die "$ORIG not found in $APT_DIR/download after apt-get source $NAME=$VERSION (see above)"
fi

GOT=$(sha_of "$TARBALL")
[ "$GOT" = "$ORIG_SHA256" ] ||
    die "$ORIG has sha256 $GOT, expected $ORIG_SHA256; delete $TARBALL and retry, or re-pin deliberately"

rm -rf "$OUT.tmp" "$OUT"
mkdir -p "$OUT.tmp"
tar -xf "$TARBALL" -C "$OUT.tmp" --strip-components=1 # tar picks .gz / .xz itself
for f in "$@"; do
    [ -f "$OUT.tmp/$f" ] || die "$ORIG lacks $f (a Debian repack may have dropped it)"
done
echo "$VERSION" > "$OUT.tmp/.wirelab-version"
mv "$OUT.tmp" "$OUT"
printf 'fetch-debian-source: %s %s unpacked to %s\n' "$NAME" "$VERSION" "$OUT" >&2
