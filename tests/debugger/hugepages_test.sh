#!/bin/sh
# `hugepages` and `maps` on huge.c stopped after its alloc_hugepages of 4 MiB: with a boot pool of
# 2 pages (--hugepages 2) one 4 MiB page is taken (free 1); under PAE pages are 2 MiB and the
# segment takes both (free 0) (linux-2.5-syscalls.md 2.4: len is a multiple of HPAGE_SIZE, the
# segment is populated at once).  The segment starts at TASK_UNMAPPED_BASE 0x40000000, where
# get_addr() begins its search (linux-2.5-syscalls.md 2.4).
# Usage: hugepages_test.sh PSE386 GUEST
set -u
PSE386=$1
GUEST=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
ready=$(nm "$GUEST" | awk '$3 == "ready" { print "0x" $1 }')
printf 'break %s\ncontinue\nhugepages\nmaps\n' "$ready" >"$dir/script"
run() { # run NAME OPTIONS... ; then the expected lines
	name=$1
	shift
	timeout 60 "$PSE386" "$@" --hugepages 2 --debug-script "$dir/script" "$GUEST" >"$dir/$name" 2>&1
}
expect() {
	grep -qF -- "$2" "$dir/$1" || { echo "FAIL: $1: '$2' missing"; cat "$dir/$1"; fail=1; }
}
run plain
expect plain "huge page pool: total 2, free 1, page size 4096 kB"
expect plain "segment 0x40000000-0x40400000 rwp"
expect plain "0x40000000-0x40400000 rw-p 00000000 [huge]         pages 0/1/0/0/0"
run pae --pae
expect pae "huge page pool: total 2, free 0, page size 2048 kB"
expect pae "0x40000000-0x40400000 rw-p 00000000 [huge]         pages 0/2/0/0/0"
exit $fail
