#!/usr/bin/env bash
# Same scenario + seed => byte-identical capture natively and in WebAssembly.
# usage: determinism.sh NATIVE_WIRELAB WASM_WIRELAB_JS NODE SCENARIO...
set -euo pipefail
native=$(readlink -f "$1") wasm=$(readlink -f "$2") node=$3
shift 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for scenario in "$@"; do
    name=$(basename "$scenario" .json)
    scenario=$(readlink -f "$scenario")
    mkdir -p "$tmp/native" "$tmp/wasm"
    # Same relative capture path in both runs, so the transcripts can be compared verbatim.
    (cd "$tmp/native" && "$native" run "$scenario" --pcap "$name.pcap" > "$tmp/$name-native.txt")
    (cd "$tmp/wasm" && "$node" "$wasm" run "$scenario" --pcap "$name.pcap" > "$tmp/$name-wasm.txt")
    mv "$tmp/native/$name.pcap" "$tmp/$name-native.pcap"
    mv "$tmp/wasm/$name.pcap" "$tmp/$name-wasm.pcap"
    a=$(sha256sum < "$tmp/$name-native.pcap" | cut -d' ' -f1)
    b=$(sha256sum < "$tmp/$name-wasm.pcap" | cut -d' ' -f1)
    frames=$(( ($(stat -c %s "$tmp/$name-native.pcap") - 24) ))
    if [ "$a" != "$b" ]; then
        echo "FAIL $name: native pcap $a differs from WebAssembly pcap $b"
        status=1
    elif [ "$frames" -le 0 ]; then
        echo "FAIL $name: the capture is empty"
        status=1
    elif ! diff -q "$tmp/$name-native.txt" "$tmp/$name-wasm.txt" >/dev/null; then
        echo "FAIL $name: transcripts differ"
        diff "$tmp/$name-native.txt" "$tmp/$name-wasm.txt" | head -20
        status=1
    else
        echo "ok   $name: pcap sha256 $a identical natively and in WebAssembly"
    fi
done
exit $status
