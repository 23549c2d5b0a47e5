#!/bin/sh
# swap_oom.sh PSE386 GUEST: without --swap, a guest that needs more than --mem is killed by the
# kernel's OOM path with SIGKILL (docs/swap.md): pse386 itself exits with 128+9 like a shell
# reporting the signal, prints one clear line on stderr, and never crashes.
pse386=$1
guest=$2
err=$(mktemp)
"$pse386" --mem 16M "$guest" >/dev/null 2>"$err"
status=$?
fails=0
if [ "$status" -eq 137 ]; then echo "ok - exit status 137 (128+SIGKILL)"; else echo "FAIL - exit status $status, expected 137"; fails=1; fi
if grep -q "^pse386: out of memory: killed process 1$" "$err"; then
	echo "ok - stderr says: pse386: out of memory: killed process 1"
else
	echo "FAIL - stderr: $(cat "$err")"; fails=1
fi
rm -f "$err"
exit $fails
