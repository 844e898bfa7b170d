#!/bin/sh
# Writes the wire fixtures to a pcap and has tshark judge them: every frame must decode with no
# malformed packet and no bad checksum (IP/TCP/UDP checksum checks switched on; ICMP and ICMPv6
# checksums are always checked).
#   check_pcap.sh WRITE_FIXTURE_PCAP TSHARK OUT.pcap
set -eu
writer=$1
tshark=$2
out=$3

written=$("$writer" "$out")
count=$(printf '%s\n' "$written" | head -n 1)
expected=$(printf '%s\n' "$written" | tail -n +2)
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
# Each application frame must be dissected as its protocol (dhcp, dns, http, ntp).
if [ -n "$expected" ]; then
    # shellcheck disable=SC2086
    protocols=$("$tshark" -r "$out" $prefs -T fields -e frame.number -e frame.protocols 2>/dev/null)
    printf '%s\n' "$expected" | while read -r number protocol; do
        got=$(printf '%s\n' "$protocols" | awk -v n="$number" '$1 == n { print $2 }')
        case ":$got:" in
        *":$protocol:"*) ;;
        *)
            echo "check_pcap: frame $number should be $protocol, tshark decodes $got" >&2
            exit 1
            ;;
        esac
    done || exit 1
fi
echo "check_pcap: $count frames, no malformed packets, all checksums correct"
[ -z "$expected" ] || echo "check_pcap: $(printf '%s\n' "$expected" | wc -l) application frames dissected as dhcp/dns/http/ntp"
