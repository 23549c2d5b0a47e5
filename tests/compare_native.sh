#!/bin/sh
# compare_native.sh PSE386 GUEST_BINARY SOURCE_STEM
# Runs a guest program natively (the host runs `gcc -m32` binaries) and under pse386, each in a
# fresh scratch directory (pse386 sees it as its writable root), with the same arguments
# (SOURCE_STEM.args) and standard input (SOURCE_STEM.stdin); stdout and exit status must match.
set -u
emu=$1 bin=$2 stem=$3
args=""
[ -f "$stem.args" ] && args=$(cat "$stem.args")
stdin=/dev/null
[ -f "$stem.stdin" ] && stdin=$stem.stdin
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/native" "$tmp/emu"
cp "$bin" "$tmp/native/prog"
cp "$bin" "$tmp/emu/prog"
# shellcheck disable=SC2086
(cd "$tmp/native" && ./prog $args <"$stdin" >"$tmp/native.out" 2>"$tmp/native.err")
nst=$?
# shellcheck disable=SC2086
(cd "$tmp/emu" && "$emu" --root "$tmp/emu" --rw ./prog $args <"$stdin" >"$tmp/emu.out" 2>"$tmp/emu.err")
est=$?
fail=0
if ! cmp -s "$tmp/native.out" "$tmp/emu.out"; then
	echo "FAIL: stdout differs (native vs pse386):"
	diff "$tmp/native.out" "$tmp/emu.out" | head -20
	fail=1
fi
if [ "$nst" != "$est" ]; then
	echo "FAIL: exit status native=$nst pse386=$est"
	fail=1
fi
if [ $fail -ne 0 ]; then
	echo "--- pse386 stderr:"
	head -20 "$tmp/emu.err"
	exit 1
fi
echo "ok: $(basename "$stem"): $(wc -c <"$tmp/native.out") bytes of identical output, status $nst"
