#!/usr/bin/env python3
"""ctxswitch.py PSE386 PINGPONG: context switches show in the statistics with the TLB flushes
they cause.  Two processes pass a byte through pipes ROUNDS times; each read blocks, so the
kernel switches at least twice per round.  Facts: switching to another mm loads CR3
(Linux 2.5 switch_mm(), include/asm-i386/mmu_context.h), and a CR3 load drops every non-global
TLB entry (SDM vol. 3, 4.10.4.1), so the first fetch after a switch misses the ITLB."""
import json
import os
import subprocess
import sys
import tempfile

EMU, GUEST = sys.argv[1], sys.argv[2]
ROUNDS = 200


def run(preset):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "s.json")
        p = subprocess.run([EMU, "--cpu", preset, "--stats=json", "--stats-file", out, GUEST,
                            str(ROUNDS)], stdout=subprocess.PIPE, check=True, text=True)
        assert p.stdout == "%d round trips\n" % ROUNDS, p.stdout
        with open(out) as f:
            return json.load(f)


failed = 0
for preset in ("p6", "i486"):
    s = run(preset)
    sw, cr3 = s["context-switches"], s["flush.cr3"]
    facts = [
        ("at least 2 switches per round trip", sw >= 2 * ROUNDS),
        ("every switch loads CR3 (flush.cr3 >= context-switches)", cr3 >= sw),
        ("an ITLB miss follows every switch", s["iTLB-load-misses"] >= sw),
        ("the flushes drop TLB entries", s["flush.entries"] >= sw),
    ]
    for what, ok in facts:
        failed += not ok
        print("%s %s: %s (context-switches %d, flush.cr3 %d, iTLB-load-misses %d, "
              "flush.entries %d)" % ("ok:  " if ok else "FAIL:", preset, what, sw, cr3,
                                     s["iTLB-load-misses"], s["flush.entries"]))
sys.exit(1 if failed else 0)
