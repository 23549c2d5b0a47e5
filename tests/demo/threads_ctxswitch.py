#!/usr/bin/env python3
"""threads_ctxswitch.py PSE386 THREADS_PINGPONG PROCESS_PINGPONG: a switch between two threads
of one process keeps the TLB, a switch between two processes flushes it.  Facts: Linux's
switch_mm() (include/asm-i386/mmu_context.h, 2.4 and 2.5) reloads CR3 only `if (prev != next)`,
i.e. when the next task has another mm, and threads made with CLONE_VM share their mm
(clone(2)); a CR3 load drops every non-global TLB entry (SDM vol. 3, 4.10.4.1).

The threads' guest hands a turn back and forth through a futex, so every round blocks each
thread once.  Run with ROUNDS and with 4 x ROUNDS, the context switches grow with the rounds
while flush.cr3 and the ITLB misses stay exactly the same (nothing in a round flushes); the
two-process pipe ping-pong, for contrast, loads CR3 at every switch."""
import json
import os
import subprocess
import sys
import tempfile

EMU, THREADS, PROCS = sys.argv[1], sys.argv[2], sys.argv[3]
ROUNDS = 100


def run(guest, rounds, preset, expect):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "s.json")
        p = subprocess.run([EMU, "--cpu", preset, "--stats=json", "--stats-file", out, guest,
                            str(rounds)], stdout=subprocess.PIPE, check=True, text=True)
        assert p.stdout == expect, p.stdout
        with open(out) as f:
            return json.load(f)


def run_threads(rounds, preset):
    return run(THREADS, rounds, preset,
               "%d and %d passes, %d round trips\n" % (rounds, rounds, rounds))


failed = 0


def check(what, ok, detail):
    global failed
    failed += not ok
    print("%s %s (%s)" % ("ok:  " if ok else "FAIL:", what, detail))


for preset in ("p6", "i486"):
    a = run_threads(ROUNDS, preset)
    b = run_threads(4 * ROUNDS, preset)
    sa, sb = a["context-switches"], b["context-switches"]
    detail = "%s: context-switches %d -> %d, flush.cr3 %d -> %d, iTLB-load-misses %d -> %d" % (
        preset, sa, sb, a["flush.cr3"], b["flush.cr3"], a["iTLB-load-misses"],
        b["iTLB-load-misses"])
    check("threads: at least 2 switches per round trip", sa >= 2 * ROUNDS and
          sb >= 8 * ROUNDS, detail)
    check("threads: no CR3 load per switch (flush.cr3 does not grow with the switches)",
          a["flush.cr3"] == b["flush.cr3"] and a["flush.cr3"] < sa, detail)
    check("threads: the TLB survives the switches (iTLB misses do not grow)",
          a["iTLB-load-misses"] == b["iTLB-load-misses"], detail)
    p = run(PROCS, 4 * ROUNDS, preset, "%d round trips\n" % (4 * ROUNDS))
    check("processes: every switch loads CR3 (flush.cr3 >= context-switches)",
          p["flush.cr3"] >= p["context-switches"] >= 8 * ROUNDS,
          "%s: context-switches %d, flush.cr3 %d" % (preset, p["context-switches"],
                                                    p["flush.cr3"]))
sys.exit(1 if failed else 0)
