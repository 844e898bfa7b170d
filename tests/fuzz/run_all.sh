#!/bin/sh
# Runs every libFuzzer target for SECONDS (default 5) from its seed corpus and says which ran
# clean. Build first: cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_all
#   tests/fuzz/run_all.sh [SECONDS] [BUILD_DIR]
# New corpus entries and crash artefacts go to a scratch directory, not the committed seeds.
set -u
seconds=${1:-5}
here=$(cd "$(dirname "$0")" && pwd)
build=${2:-$here/../../build/fuzz}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/wirelab-fuzz.XXXXXX")
failed=0
repo=$here/../..
for target in ethernet arp ipv4 ipv6 icmpv4 icmpv6 udp tcp pcap dhcp dns http ntp display_filter \
              scenario lab command html markdown; do
    bin=$build/tests/fuzz/fuzz_$target
    if [ ! -x "$bin" ]; then
        echo "fuzz_$target: not built ($bin); run: cmake --preset fuzz && cmake --build --preset fuzz"
        failed=1
        continue
    fi
    # Seeds: the committed corpus, plus the example scenarios and catalog labs for the file loaders.
    seeds="$here/corpus/$target"
    case $target in
        scenario) seeds="$repo/site/examples $repo/tests/scenarios" ;;
        lab) seeds="$repo/site/labs" ;;
    esac
    mkdir -p "$scratch/$target"
    log=$scratch/$target.log
    if "$bin" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$scratch/$target/" \
        -rss_limit_mb=2048 -timeout=20 "$scratch/$target" $seeds >"$log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
        echo "fuzz_$target: clean, ${runs:-?} runs in ${seconds}s"
    else
        echo "fuzz_$target: FAILED, see $log"
        grep -E 'ERROR|wirelab fuzz|SUMMARY' "$log" | head -5
        failed=1
    fi
done
echo "logs and new corpus entries: $scratch"
exit $failed
