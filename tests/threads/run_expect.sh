#!/bin/sh
# run_expect.sh PSE386 GUEST EXPECTED STATUS: runs a guest under pse386 in a fresh scratch
# directory (its writable root, the program as ./prog) and checks its stdout against the
# hand-written EXPECTED file and its exit status against STATUS.  For thread tests the
# reference cannot run (qemu-i386 cannot execve an i386 program on a host without i386 support).
set -u
emu=$1 bin=$2 expected=$3 status=$4
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
cp "$bin" "$tmp/prog"
(cd "$tmp" && "$emu" --root "$tmp" --rw ./prog >"$tmp/out" 2>"$tmp/err")
st=$?
fail=0
if ! cmp -s "$expected" "$tmp/out"; then
	echo "FAIL: stdout differs from $expected:"
	diff "$expected" "$tmp/out" | head -20
	fail=1
fi
if [ "$st" != "$status" ]; then
	echo "FAIL: exit status $st, expected $status"
	fail=1
fi
if [ $fail -ne 0 ]; then
	head -20 "$tmp/err"
	exit 1
fi
echo "ok: $(basename "$bin"): output and status $st as expected"
