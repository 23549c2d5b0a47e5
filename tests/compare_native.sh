#!/bin/sh
# compare_native.sh PSE386 GUEST_BINARY SOURCE_STEM
# Runs a guest program on a reference i386 and under pse386, each in a fresh scratch directory
# (pse386 sees it as its writable root), with the same arguments (SOURCE_STEM.args) and
# standard input (SOURCE_STEM.stdin); stdout and exit status must match.
# The reference is the host CPU itself when the host kernel runs i386 binaries; hosts without
# IA32 emulation (some VMs) cannot, and then the reference is `qemu-i386 -cpu pentium2`
# (DESIGN.md, "Dependencies": test oracles).  PSE386_REFERENCE=native|qemu forces one.
# A program neither can run (an execve of an i386 program under qemu-user on a host without
# i386 support) has a hand-written SOURCE_STEM.expected and SOURCE_STEM.status instead.
set -u
emu=$1 bin=$2 stem=$3
ref=${PSE386_REFERENCE:-}
if [ -f "$stem.expected" ]; then
	ref=expected
elif [ -z "$ref" ]; then
	if "$(dirname "$bin")/probe_true" </dev/null >/dev/null 2>&1; then
		ref=native
	else
		ref=qemu
	fi
fi
case $ref in
native) run_ref="" ;;
qemu) run_ref="qemu-i386 -cpu pentium2" ;;
expected) ;;
*) echo "PSE386_REFERENCE must be native or qemu"; exit 2 ;;
esac
args=""
[ -f "$stem.args" ] && args=$(cat "$stem.args")
stdin=/dev/null
[ -f "$stem.stdin" ] && stdin=$stem.stdin
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/native" "$tmp/emu"
cp "$bin" "$tmp/native/prog"
cp "$bin" "$tmp/emu/prog"
if [ "$ref" = expected ]; then
	cp "$stem.expected" "$tmp/native.out"
	nst=$(cat "$stem.status")
else
	# shellcheck disable=SC2086
	(cd "$tmp/native" && $run_ref ./prog $args <"$stdin" >"$tmp/native.out" 2>"$tmp/native.err")
	nst=$?
fi
# shellcheck disable=SC2086
(cd "$tmp/emu" && "$emu" --root "$tmp/emu" --rw ./prog $args <"$stdin" >"$tmp/emu.out" 2>"$tmp/emu.err")
est=$?
fail=0
if ! cmp -s "$tmp/native.out" "$tmp/emu.out"; then
	echo "FAIL: stdout differs ($ref vs pse386):"
	diff "$tmp/native.out" "$tmp/emu.out" | head -20
	fail=1
fi
if [ "$nst" != "$est" ]; then
	echo "FAIL: exit status $ref=$nst pse386=$est"
	fail=1
fi
if [ $fail -ne 0 ]; then
	echo "--- pse386 stderr:"
	head -20 "$tmp/emu.err"
	exit 1
fi
echo "ok: $(basename "$stem"): $(wc -c <"$tmp/native.out") bytes of output identical to $ref, status $nst"
