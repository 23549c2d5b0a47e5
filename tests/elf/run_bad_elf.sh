#!/bin/sh
# run_bad_elf.sh PSE386 FILE EXPECTED
# A malformed executable must be refused before it runs: pse386 exits with a status in 1..127
# (an error, not a signal: no crash), prints nothing on stdout and exactly one line on stderr,
# which names the defect (EXPECTED is a fixed substring of that line).
set -u
emu=$1 file=$2 expected=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
"$emu" "$file" >"$tmp/out" 2>"$tmp/err" </dev/null
st=$?
fail=0
if [ "$st" -eq 0 ] || [ "$st" -ge 128 ]; then
	echo "FAIL: exit status $st (want 1..127)"
	fail=1
fi
if [ -s "$tmp/out" ]; then
	echo "FAIL: unexpected output on stdout"
	fail=1
fi
lines=$(wc -l <"$tmp/err")
if [ "$lines" -ne 1 ]; then
	echo "FAIL: $lines lines on stderr (want 1)"
	fail=1
fi
if ! grep -qF -- "$expected" "$tmp/err"; then
	echo "FAIL: stderr does not mention '$expected'"
	fail=1
fi
echo "--- stderr:"
cat "$tmp/err"
exit $fail
