#!/usr/bin/env python3
"""check_huge.py PSE386 HUGE_GUEST: huge-page entries appear in the large-page array after
alloc_hugepages.

The guest maps a 4 MiB page with alloc_hugepages (system call 250) and keeps touching it.  On
the p6 preset a 4 MiB translation lives in the large-page DTLB, 8 entries 4-way = 2 sets x 4 ways
(../shared/reference/tlb-and-debugger.md section 2, CPUID descriptor 03h), never in the 4 KiB
arrays.  Checked on the rendered frames:
- no frame before the alloc_hugepages call shows a 4 MiB entry in any array;
- a frame after the trace's first 4 MiB fill shows one in the 2 x 4 large-page array;
- no frame ever shows a 4 MiB entry in a 4 KiB array.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vizcheck  # noqa: E402

HUGE = 4 << 20
check = vizcheck.check


def cell_families(rows, a):
    """Colour families of the centres of every cell of array a."""
    x, y, _, _ = a["grid"]
    cw, ch = a["cell"]
    lw = a["lines"]
    out = []
    for s in range(a["sets"]):
        for w in range(a["ways"]):
            out.append(vizcheck.family(rows[y + s * ch + lw + (ch - lw) // 2]
                                       [x + w * cw + lw + (cw - lw) // 2]))
    return out


def main():
    pse, guest = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        d, trace = os.path.join(tmp, "png"), os.path.join(tmp, "trace")
        subprocess.run([pse, "--cpu", "p6", "--hugepages", "2", "--viz-png", d, "--viz-every",
                        "20000", "--trace", trace, guest, "3000"], check=True,
                       stdout=subprocess.DEVNULL)
        layout = vizcheck.load_layout(d)
        large = [i for i, a in enumerate(layout["arrays"])
                 if (a["sets"], a["ways"]) == (2, 4)]
        check(len(large) == 1, "no 2 x 4 large-page DTLB in the layout")
        alloc = [c for k, c, f in vizcheck.read_trace(trace) if k == "S" and f[1] == "250"]
        fills = [c for k, c, f in vizcheck.read_trace(trace)
                 if k == "F" and int(f[3]) == HUGE and large and int(f[4]) == large[0]]
        check(len(alloc) == 1, "trace: no alloc_hugepages call")
        check(len(fills) >= 1, "trace: no 4 MiB fill of the large-page DTLB")
        seen_after = before = 0
        for n, icount, path in vizcheck.load_frames(d):
            _, _, rows = vizcheck.read_png(path)
            before += bool(alloc) and icount < alloc[0]
            for i, a in enumerate(layout["arrays"]):
                fam = cell_families(rows, a)
                if alloc and icount < alloc[0]:
                    check("4m" not in fam, "frame %d: 4 MiB entry before the call" % n)
                if a["holds"].startswith("4k") and "large" not in a["holds"]:
                    check("4m" not in fam, "frame %d: 4 MiB entry in %s" % (n, a["name"]))
                if large and i == large[0] and fills and icount > fills[0] and "4m" in fam:
                    seen_after += 1
        check(before > 0, "no frame before the alloc_hugepages call")
        check(seen_after > 0, "no frame shows the 4 MiB entry in the large-page DTLB")
        print("huge: alloc at %s, first 4 MiB fill at %s, %d frames before, %d show it after"
              % (alloc[:1], fills[:1], before, seen_after))
    return vizcheck.verdict()


if __name__ == "__main__":
    sys.exit(main())
