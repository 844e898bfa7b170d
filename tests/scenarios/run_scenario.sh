#!/usr/bin/env bash
# One scenario test through the user-facing CLI (STYLE.md §6, after OMNeT++'s %contains tests):
# runs `wirelab run` as a user would and checks its output against NAME.expected.
#
# usage: run_scenario.sh WIRELAB SOURCE_DIR path/to/NAME.expected
#
# NAME.expected holds one directive per line ('#' lines are comments):
#   %scenario: PATH       the scenario, relative to SOURCE_DIR (default: NAME.json next to the file)
#   %args: ARGS           more arguments for `wirelab run`, quoted as in a shell
#   %exit: N              expected exit status (default 0)
#   %contains: TEXT       TEXT must appear in stdout (a substring of one line)
#   %not-contains: TEXT   TEXT must not appear in stdout
#   %stderr: TEXT         TEXT must appear in stderr
#   %fingerprint: HEX     the run's fingerprint line; set WIRELAB_UPDATE_FINGERPRINTS=1 to rewrite
#                         it after a deliberate change of behaviour (and say so in the commit)
set -uo pipefail
wirelab=$1
src=$2
expected=$3
name=$(basename "$expected" .expected)
scenario="$(dirname "$expected")/$name.json"
args=()
want_exit=0
while IFS= read -r line; do
    case "$line" in
        "%scenario: "*) scenario="$src/${line#%scenario: }" ;;
        "%args: "*) eval "args+=(${line#%args: })" ;;
        "%exit: "*) want_exit=${line#%exit: } ;;
    esac
done <"$expected"

out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$wirelab" run "$scenario" "${args[@]}" >"$out" 2>"$err"
rc=$?
failed=0
fail() { echo "FAIL ($name): $*"; failed=1; }

[ "$rc" -eq "$want_exit" ] || fail "exit status $rc, expected $want_exit"
while IFS= read -r line; do
    case "$line" in
        "%contains: "*) grep -qF -- "${line#%contains: }" "$out" || fail "stdout lacks: ${line#%contains: }" ;;
        "%not-contains: "*) grep -qF -- "${line#%not-contains: }" "$out" && fail "stdout has: ${line#%not-contains: }" ;;
        "%stderr: "*) grep -qF -- "${line#%stderr: }" "$err" || fail "stderr lacks: ${line#%stderr: }" ;;
        "%fingerprint: "*)
            want=${line#%fingerprint: }
            got=$(sed -n 's/^fingerprint: //p' "$out")
            if [ "$got" != "$want" ]; then
                if [ "${WIRELAB_UPDATE_FINGERPRINTS:-}" = 1 ] && [ -n "$got" ]; then
                    sed -i "s/^%fingerprint: .*/%fingerprint: $got/" "$expected"
                    echo "updated fingerprint of $name: $got"
                else
                    fail "fingerprint $got, expected $want"
                fi
            fi
            ;;
    esac
done <"$expected"

if [ $failed -ne 0 ]; then
    echo "--- command: wirelab run $scenario ${args[*]}"
    echo "--- stdout:"; cat "$out"
    echo "--- stderr:"; cat "$err"
    exit 1
fi
echo "ok: $name"
