#!/usr/bin/env python3
"""reach_knee.py PSE386 REACH_GUEST: the DTLB miss knee sits where the hardware has it.

A guest touches N distinct 4 KiB pages round robin.  Once N exceeds the number of DTLB entries
every touch misses (LRU-like replacement on a round-robin sweep evicts each page before its
reuse); below it, after the first round, no touch misses.  Entries: P6 data TLB 64 entries for
4 KiB pages (CPUID leaf 2 descriptor 03h), i486 unified TLB 32 entries (Embedded Intel486
manual, fig. 3-7), per ../shared/reference/tlb-and-debugger.md sections 2 and 5.
Misses per touch are measured as the difference between a long and a one-round run, which
cancels start-up and exit."""
import json
import os
import subprocess
import sys
import tempfile

EMU, GUEST = sys.argv[1], sys.argv[2]
ROUNDS = 20


def misses(preset, pages, rounds):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "s.json")
        subprocess.run([EMU, "--mem", "32M", "--cpu", preset, "--stats=json", "--stats-file",
                        out, GUEST, str(pages), str(rounds)], check=True,
                       stdout=subprocess.DEVNULL)
        with open(out) as f:
            s = json.load(f)
    return s["dTLB-load-misses"] + s["dTLB-store-misses"]


def per_touch(preset, pages):
    return (misses(preset, pages, ROUNDS + 1) - misses(preset, pages, 1)) / (pages * ROUNDS)


failed = 0


def expect(preset, pages, low, high):
    global failed
    v = per_touch(preset, pages)
    ok = low <= v <= high
    failed += not ok
    print("%s %-5s %4d pages: %.3f misses per touch (want %.2f..%.2f)"
          % ("ok:  " if ok else "FAIL:", preset, pages, v, low, high))


# P6: near 0 up to 64 pages, near 1 from 128 pages on (the acceptance figures).
expect("p6", 32, 0.0, 0.1)
expect("p6", 64, 0.0, 0.1)
expect("p6", 128, 0.9, 1.1)
expect("p6", 256, 0.9, 1.1)
# i486: the knee at 32 pages (its unified TLB also holds the loop's code page).
expect("i486", 16, 0.0, 0.1)
expect("i486", 48, 0.9, 1.1)
sys.exit(1 if failed else 0)
