#!/bin/sh
# --debug-on-fault: the guest runs without stopping until it writes through a null pointer; the
# debugger stops before the kernel sends SIGSEGV (nothing is mapped at address 0: the lowest
# VMA of an i386 ELF process starts at its load address), the registers are shown, and after
# `continue` the guest dies of SIGSEGV: exit status 128 + 11 (include/asm-i386/signal.h).
# Usage: fault_test.sh PSE386 GUEST
set -u
PSE386=$1
GUEST=$2
out=$(printf 'regs\ncontinue\n' | timeout 60 "$PSE386" --debug-on-fault "$GUEST" 2>&1)
status=$?
fail=0
for want in "before" "stopped: segmentation fault: write at 0x00000000 (no mapping)" "eip=0x"; do
	case "$out" in
	*"$want"*) ;;
	*) echo "FAIL: '$want' missing"; fail=1 ;;
	esac
done
case "$out" in
*"program start"*) echo "FAIL: --debug-on-fault stopped at the start"; fail=1 ;;
esac
[ "$status" -eq 139 ] || { echo "FAIL: exit status $status, expected 139"; fail=1; }
[ "$fail" -eq 0 ] || echo "$out"
exit $fail
