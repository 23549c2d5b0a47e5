#!/bin/sh
# Debugging does not change the statistics (docs/debugger.md, "How it works"): the same guest run
# without a debugger and with a breakpoint set (so that the machine single-steps every
# instruction) reports identical counters.  Both runs write the guest's stdout to a file, so the
# C library sees the same kind of stdout.
# Usage: stats_test.sh PSE386 GUEST
set -u
PSE386=$1
GUEST=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'break 0x1000\ncontinue\n' >"$dir/script"
timeout 60 "$PSE386" --stats --stats-file "$dir/plain" "$GUEST" >"$dir/out1" </dev/null || exit 1
timeout 120 "$PSE386" --stats --stats-file "$dir/stepped" --debug-script "$dir/script" "$GUEST" \
	>"$dir/out2" </dev/null || exit 1
grep -q "instructions" "$dir/plain" || { echo "FAIL: no statistics"; exit 1; }
if ! cmp -s "$dir/plain" "$dir/stepped"; then
	echo "FAIL: statistics differ when single-stepping:"
	diff "$dir/plain" "$dir/stepped"
	exit 1
fi
