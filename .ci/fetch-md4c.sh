#!/usr/bin/env bash
# Fetch md4c (the Markdown parser behind the lab panel's instructions) from Debian's source
# package into DEST/md4c (TOOLCHAIN.md).
#   .ci/fetch-md4c.sh DEST         e.g. build/_deps
#
# Pins the version only; .ci/fetch-debian-source.sh does the fetching. md4c 0.5.2-2's .dsc and
# .debian.tar.xz answer 404 on the mirrors, so apt-get source exits non-zero although the upstream
# tarball arrives: the sha256 pin below (checked by fetch-debian-source.sh) is what vouches for it.
# Idempotent.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: .ci/fetch-md4c.sh DEST   (e.g. build/_deps)" >&2; exit 1; }
exec bash "$(dirname "$0")/fetch-debian-source.sh" md4c 0.5.2-2 md4c_0.5.2.orig.tar.gz \
    55d0111d48fb11883aaee91465e642b8b640775a4d6993c2d0e7a8092758ef21 "$1" \
    src/md4c.c src/md4c.h
