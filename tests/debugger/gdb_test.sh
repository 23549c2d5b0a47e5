#!/bin/sh
# Real gdb in batch mode against pse386's remote stub (--gdb PORT): break at a function,
# continue, read registers and variables, step, `monitor page`, a watchpoint, detach.  Every expectation is a
# fact of target.c's source: compute() is called with x = 0, 1, 2; counter starts at 7;
# y = 3 * x; the program prints "total 12 counter 16" (1 + 4 + 7 and 7 + 0 + 3 + 6).
# Usage: gdb_test.sh PSE386 GUEST
set -u
PSE386=$1
GUEST=$2
command -v gdb >/dev/null || { echo "gdb not installed"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
check() { # check FILE PATTERN WHAT
	if ! grep -qF -- "$2" "$1"; then
		echo "FAIL: $3: '$2' not in $1:"; cat "$1"; fail=1
	fi
}

# A free port: bind port 0 and read what the kernel chose; retry if pse386 loses a race for it.
for attempt in 1 2 3; do
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	timeout 60 "$PSE386" --gdb "$port" "$GUEST" >"$dir/guest" 2>"$dir/stub" &
	pid=$!
	for i in $(seq 100); do
		grep -q "waiting for gdb" "$dir/stub" && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.05
	done
	grep -q "waiting for gdb" "$dir/stub" && break
	wait $pid
done

counter=$(nm "$GUEST" | awk '$3 == "counter" { print $1 }')
page=$(printf '0x%08x' $((0x$counter & ~0xfff)))
timeout 60 gdb -batch -nx \
	-ex "target remote 127.0.0.1:$port" \
	-ex 'break compute' -ex 'continue' \
	-ex 'print counter' -ex 'continue' \
	-ex 'info registers eip' -ex 'print x' -ex 'step' -ex 'print y' \
	-ex "monitor page 0x$counter" -ex 'monitor stats' \
	-ex 'delete' -ex 'watch counter' -ex 'continue' \
	-ex 'detach' "$GUEST" >"$dir/gdb" 2>&1
wait $pid
status=$?

check "$dir/gdb" "Breakpoint 1, compute (x=0)" "first hit of the breakpoint"
check "$dir/gdb" '$1 = 7' "counter's initial value"
check "$dir/gdb" "Breakpoint 1, compute (x=1)" "second hit"
check "$dir/gdb" "<compute" "eip inside compute"
check "$dir/gdb" '$2 = 1' "argument x"
check "$dir/gdb" "int y = x * 3;" "the breakpoint after compute's prologue"
check "$dir/gdb" "counter += y;" "step to the next source line"
check "$dir/gdb" '$3 = 3' "y = 3 * x"
check "$dir/gdb" "PTE: " "monitor page prints the PTE level"
check "$dir/gdb" "linear page $page maps to physical page" "monitor page translation"
check "$dir/gdb" "dTLB-loads" "monitor stats"
check "$dir/gdb" "Hardware watchpoint 2: counter" "watch uses the stub's write watchpoints"
check "$dir/gdb" "Old value = 7" "the watchpoint sees counter before compute(1) adds 3"
check "$dir/gdb" "New value = 10" "and after"
check "$dir/gdb" "[Inferior 1 (Remote target) detached]" "detach"
check "$dir/guest" "total 12 counter 16" "the guest runs to its end after detach"
if [ "$status" -ne 0 ]; then
	echo "FAIL: pse386 exited with $status"; cat "$dir/stub"; fail=1
fi
exit $fail
