#!/bin/sh
# Writes the wire fixtures to a pcap and has tshark judge them: every frame must decode with no
# malformed packet and no bad checksum (IP/TCP/UDP checksum checks switched on; ICMP and ICMPv6
# checksums are always checked).
#   check_pcap.sh WRITE_FIXTURE_PCAP TSHARK OUT.pcap
set -eu
writer=$1
tshark=$2
out=$3

count=$("$writer" "$out")
prefs="-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE"
# shellcheck disable=SC2086
decoded=$("$tshark" -r "$out" $prefs -V 2>/dev/null)
# shellcheck disable=SC2086
expert=$("$tshark" -r "$out" $prefs -q -z expert 2>/dev/null)

frames=$(printf '%s\n' "$decoded" | grep -c '^Frame [0-9]*:' || true)
if [ "$frames" != "$count" ]; then
    echo "check_pcap: tshark decoded $frames frames, expected $count" >&2
    exit 1
fi
bad=$(printf '%s\n' "$decoded" | grep -nE 'Malformed|\[incorrect|Checksum Status: Bad|status: Bad' || true)
if [ -n "$bad" ]; then
    echo "check_pcap: tshark found problems in $out:" >&2
    printf '%s\n' "$bad" >&2
    exit 1
fi
if printf '%s\n' "$expert" | grep -qE '^(Errors|Warns) \('; then
    echo "check_pcap: tshark expert info has errors or warnings:" >&2
    printf '%s\n' "$expert" >&2
    exit 1
fi
echo "check_pcap: $count frames, no malformed packets, all checksums correct"
