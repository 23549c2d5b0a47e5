#!/usr/bin/env python3
"""reach_knee.py PSE386 REACH_GUEST: the DTLB miss knee sits where the hardware has it.

A guest touches N distinct 4 KiB pages round robin.  Once N exceeds the number of DTLB entries
every touch misses (LRU-like replacement on a round-robin sweep evicts each page before its
reuse); below it, after the first round, no touch misses.  Entries: P6 data TLB 64 entries for
4 KiB pages (CPUID leaf 2 descriptor 03h), i486 unified TLB 32 entries (Embedded Intel486
manual, fig. 3-7), per ../shared/reference/tlb-and-debugger.md sections 2 and 5.
The same holds for huge pages in the P6's separate large-page data TLB, 8 entries for 4 MiB
pages (CPUID leaf 2 descriptor 04h; Intel AP-485), which the model also uses for PAE 2 MiB
pages: a guest touching N huge pages of one alloc_hugepages segment misses near 0 per touch up
to 8 pages and near 1 beyond.
Misses per touch are measured as the difference between a long and a one-round run, which
cancels start-up and exit."""
import json
import os
import subprocess
import sys
import tempfile

EMU, GUEST = sys.argv[1], sys.argv[2]
ROUNDS = 20


def misses(preset, pages, rounds, huge=()):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "s.json")
        opts = list(huge[:-1]) + ["--mem", "160M" if huge else "32M"]
        extra = ["huge"] if huge else []
        subprocess.run([EMU] + opts + ["--cpu", preset, "--stats=json", "--stats-file",
                        out, GUEST, str(pages), str(rounds)] + extra, check=True,
                       stdout=subprocess.DEVNULL)
        with open(out) as f:
            s = json.load(f)
    return s["dTLB-load-misses"] + s["dTLB-store-misses"]


def per_touch(preset, pages, huge=()):
    return ((misses(preset, pages, ROUNDS + 1, huge) - misses(preset, pages, 1, huge))
            / (pages * ROUNDS))


failed = 0


def expect(preset, pages, low, high, huge=()):
    global failed
    v = per_touch(preset, pages, huge)
    ok = low <= v <= high
    failed += not ok
    print("%s %-5s %4d %s pages: %.3f misses per touch (want %.2f..%.2f)"
          % ("ok:  " if ok else "FAIL:", preset, pages, huge[-1] if huge else "4K", v, low,
             high))


# P6: near 0 up to 64 pages, near 1 from 128 pages on (the acceptance figures).
expect("p6", 32, 0.0, 0.1)
expect("p6", 64, 0.0, 0.1)
expect("p6", 128, 0.9, 1.1)
expect("p6", 256, 0.9, 1.1)
# i486: the knee at 32 pages (its unified TLB also holds the loop's code page).
expect("i486", 16, 0.0, 0.1)
expect("i486", 48, 0.9, 1.1)
# P6 huge pages (alloc_hugepages, 4 MiB; and 2 MiB under --pae): the knee at 8 pages.
HUGE = ("--hugepages", "32", "4M")
HUGE_PAE = ("--pae", "--hugepages", "32", "2M")
expect("p6", 4, 0.0, 0.1, HUGE)
expect("p6", 8, 0.0, 0.1, HUGE)
expect("p6", 12, 0.9, 1.1, HUGE)
expect("p6", 16, 0.9, 1.1, HUGE)
expect("p6", 8, 0.0, 0.1, HUGE_PAE)
expect("p6", 16, 0.9, 1.1, HUGE_PAE)
sys.exit(1 if failed else 0)
