#!/bin/sh
# errors.sh PSE386: bad command lines and unusable program files give exactly one line on
# stderr, nothing on stdout, a non-zero exit status, and never a crash (a signal).
set -u
emu=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
printf 'hello\n' >"$tmp/text"
: >"$tmp/empty"
mkdir "$tmp/dir"
fail=0
check() { # check WANT_STATUS ARGS...
	want=$1
	shift
	"$emu" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	st=$?
	lines=$(wc -l <"$tmp/err")
	if [ "$st" -ne "$want" ] || [ "$lines" -ne 1 ] || [ -s "$tmp/out" ]; then
		echo "FAIL: pse386 $*: status $st (want $want), $lines stderr lines:"
		cat "$tmp/err"
		fail=1
	else
		echo "ok: pse386 $*: $(cat "$tmp/err")"
	fi
}
check 2
check 2 --no-such-option prog
check 2 --cpu z80 prog
check 2 --mem 12Q prog
check 2 --stats=xml prog
check 2 --mem
check 1 "$tmp/does-not-exist"
check 1 "$tmp/text"
check 1 "$tmp/empty"
check 1 "$tmp/dir"
exit $fail
