#!/bin/sh
# The debugger in script mode (--debug-script): breakpoints, a write watchpoint, stepping,
# `next`, a system-call catch and the views.  Facts from target.c: compute() adds 3 * x to
# counter (7 at start), so the first change is 7 -> 10 when x = 1; printf ends in write(2),
# i386 system call 4 (linux-2.5-syscalls.md 1.2); then it forks: the first process is pid 1 and
# its child pid 2 (kernel pids count from 1), which the scheduler switches to.
# Usage: script_test.sh PSE386 GUEST
set -u
PSE386=$1
GUEST=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
check() {
	if ! grep -qF -- "$1" "$dir/out"; then
		echo "FAIL: $2: '$1' not in the output"; fail=1
	fi
}
sym() { nm "$GUEST" | awk -v n="$1" '$3 == n { print "0x" $1 }'; }
compute=$(sym compute)
counter=$(sym counter)
cat >"$dir/script" <<END
x/1dw $counter
help
break $compute
continue
regs
step 2
info
delete 1
watch $counter
continue
delete
rwatch $counter
continue
delete
catch syscall write
continue
regs
uncatch syscall write
catch switch
continue
regs
info
uncatch switch
sreg
gdt
tlb
ptdump user
maps
stats
hugepages
detach
END
timeout 60 "$PSE386" --debug-script "$dir/script" "$GUEST" >"$dir/out" 2>&1
status=$?
check "$counter: 7" "counter's initial value, read before the guest touched its page"
check "stopped: breakpoint 1 at $compute" "breakpoint at compute"
check "stopped: step" "step"
check "watchpoint 2: $counter changed 0x7 -> 0xa" "write watchpoint sees 7 -> 10"
check "stopped: read watchpoint 3: $counter read" "counter += y reads counter"
check "stopped: system call 4 (write)" "catch syscall write"
check "eax=0x00000004" "EAX holds the system call number"
check "stopped: context switch to pid 2" "catch switch: the child runs"
check "pid=2" "the child's registers"
check "cs=0x0073" "user code segment __USER_CS (kernel.h)"
check "array 0 " "tlb lists the arrays"
check "ranges" "ptdump"
check "[stack]" "maps shows the stack VMA"
check "huge page pool:" "hugepages"
check "total 12 counter 16" "the guest finishes after detach"
[ "$status" -eq 0 ] || { echo "FAIL: exit status $status"; fail=1; }
[ "$fail" -eq 0 ] || cat "$dir/out"
exit $fail
