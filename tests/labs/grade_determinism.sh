#!/usr/bin/env bash
# Grading is deterministic natively and in WebAssembly: every catalog lab's fixtures (reference
# solution, wrong answers, forged hand-ins), filled for two students, graded by the native CLI and
# by the WebAssembly CLI under node, give the same JSON report byte for byte.
# usage: grade_determinism.sh NATIVE_WIRELAB WASM_WIRELAB_JS NODE SOURCE_DIR
set -euo pipefail
native=$(readlink -f "$1") wasm=$(readlink -f "$2") node=$3 src=$(readlink -f "$4")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for lab in "$src"/site/labs/*.lab.json; do
    id=$(basename "$lab" .lab.json)
    mkdir -p "$tmp/$id"
    for fixture in "$src/tests/labs/$id"/*.json; do
        name=$(basename "$fixture" .json)
        [ "$name" = expected ] && continue
        for student in alice bob; do
            "$native" lab "$lab" --student "$student" --fill "$fixture" --out "$tmp/$id/$student-$name.json" > /dev/null
        done
    done
    # Same relative paths in both runs: the report names each submission by the path it was given.
    (cd "$tmp" && "$native" grade "$lab" "$id" --json > "$tmp/$id-native.json")
    (cd "$tmp" && "$node" "$wasm" grade "$lab" "$id" --json > "$tmp/$id-wasm.json")
    count=$(grep -c '"submission":' "$tmp/$id-native.json" || true)
    if [ "$count" -lt 4 ]; then
        echo "FAIL $id: only $count submissions graded"
        status=1
    elif ! cmp -s "$tmp/$id-native.json" "$tmp/$id-wasm.json"; then
        echo "FAIL $id: the native and WebAssembly reports differ"
        diff "$tmp/$id-native.json" "$tmp/$id-wasm.json" | head -20
        status=1
    else
        echo "ok   $id: $count submissions, reports identical ($(sha256sum < "$tmp/$id-native.json" | cut -c1-16))"
    fi
done
exit $status
