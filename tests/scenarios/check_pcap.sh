#!/usr/bin/env bash
# Reads a scenario's captures back with tshark, as a Wireshark user would (issue 3, item 7).
#
# usage: check_pcap.sh WIRELAB SCENARIO [CHECK]...
#
# Runs SCENARIO with --pcap (the whole network) and --pcap-dir (one file per interface), then:
#   - every capture: zero malformed frames, zero expert errors and zero bad IPv4/UDP/TCP/ICMP/
#     ICMPv6 checksums (tshark verifies them all with the -o options below);
#   - each CHECK is a display filter that must match at least one frame of the whole-network
#     capture, "!FILTER" must match none, and "@FILE FILTER" looks in the per-interface FILE.
# Scenarios that corrupt frames on purpose do not belong here: their receive-side captures hold
# the damaged frames, as a real capture would.
set -uo pipefail
wirelab=$1
scenario=$2
shift 2
command -v tshark >/dev/null || { echo "tshark not found"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! "$wirelab" run "$scenario" --pcap "$tmp/all.pcap" --pcap-dir "$tmp/if" >"$tmp/run.txt" 2>&1; then
    echo "FAIL: wirelab run $scenario"
    cat "$tmp/run.txt"
    exit 1
fi

tshark_opts=(-o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE)
bad='_ws.malformed || _ws.expert.severity == error || ip.checksum.status == "Bad"'
bad+=' || udp.checksum.status == "Bad" || tcp.checksum.status == "Bad"'
bad+=' || icmp.checksum.status == "Bad" || icmpv6.checksum.status == "Bad"'

count() { # FILE FILTER -> number of matching frames
    tshark -r "$1" "${tshark_opts[@]}" -Y "$2" -T fields -e frame.number 2>"$tmp/tshark.err" | wc -l
}

failed=0
frames=$(count "$tmp/all.pcap" "frame")
[ "$frames" -gt 0 ] || { echo "FAIL: the capture of $scenario is empty"; failed=1; }
for f in "$tmp/all.pcap" "$tmp"/if/*.pcap; do
    n=$(count "$f" "$bad")
    if [ "$n" -ne 0 ]; then
        echo "FAIL: $(basename "$f"): $n malformed frames or bad checksums:"
        tshark -r "$f" "${tshark_opts[@]}" -Y "$bad" 2>/dev/null | head -5
        tshark -r "$f" "${tshark_opts[@]}" -q -z expert,warn 2>/dev/null
        failed=1
    fi
    if [ -s "$tmp/tshark.err" ] && grep -qv 'Running as user' "$tmp/tshark.err"; then
        echo "FAIL: tshark complained about $(basename "$f"):"; cat "$tmp/tshark.err"; failed=1
    fi
done

for check in "$@"; do
    file="$tmp/all.pcap"
    filter=$check
    if [[ $check == @* ]]; then
        name=${check%% *}
        file="$tmp/if/${name#@}"
        filter=${check#* }
    fi
    if [[ $filter == !* ]]; then
        n=$(count "$file" "${filter#!}")
        [ "$n" -eq 0 ] || { echo "FAIL: $n frames match '${filter#!}' in $(basename "$file"), expected none"; failed=1; }
    else
        n=$(count "$file" "$filter")
        [ "$n" -gt 0 ] || { echo "FAIL: no frame matches '$filter' in $(basename "$file")"; failed=1; }
    fi
done

echo "protocols in $(basename "$scenario") ($frames frames):"
tshark -r "$tmp/all.pcap" -T fields -e frame.protocols 2>/dev/null | sort | uniq -c
[ $failed -eq 0 ] && echo "ok: $(basename "$scenario")"
exit $failed
