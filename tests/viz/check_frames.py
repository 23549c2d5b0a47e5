#!/usr/bin/env python3
"""check_frames.py PSE386 SWEEP_GUEST: renders frames of a known guest headlessly and checks them.

- The layout and the picture have each preset's TLB geometry, taken from the preset table of
  ../shared/reference/tlb-and-debugger.md section 2 (not from the code under test): p6 ITLB 32
  entries 4-way (8 sets x 4 ways), ITLB large 2 fully associative (1 x 2), DTLB 64 4-way (16 x 4),
  DTLB large 8 4-way (2 x 4); i486 one unified 32-entry 4-way TLB (8 x 4); athlon L1 ITLB 16 and
  DTLB 32 fully associative, 8 + 8 large, L2 256 4-way each.
- Miss flashes appear where the trace says misses happened: in every frame, the miss marker of a
  4 KiB array's set is lit exactly when the trace has a miss in that set since the previous frame.
  The set of a 4 KiB page is its page number modulo the number of sets (the low bits of the
  linear page number: Embedded Intel486 manual fig. 3-7, set = LA[14:12] for 8 sets).
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vizcheck  # noqa: E402

GEOMETRY = {
    "p6": sorted([(8, 4), (1, 2), (16, 4), (2, 4)]),
    "i486": [(8, 4)],
    "athlon": sorted([(1, 16), (1, 8), (1, 32), (2, 4), (64, 4), (64, 4)]),
}
check = vizcheck.check


def run(pse, guest, preset, d, trace, every, args):
    cmd = [pse, "--cpu", preset, "--viz-png", d, "--viz-every", str(every)]
    if trace:
        cmd += ["--trace", trace]
    subprocess.run(cmd + [guest] + args, check=True, stdout=subprocess.DEVNULL)


def grid_in_picture(rows, a, colour):
    """Counts the grid lines of array a in the picture: ways+1 across, sets+1 down."""
    x, y, w, h = a["grid"]
    cw, ch = a["cell"]
    across = [rows[y + ch // 2][i] for i in range(x, x + w)]
    down = [rows[j][x + cw // 2] for j in range(y, y + h)]
    return vizcheck.count_runs(across, colour) - 1, vizcheck.count_runs(down, colour) - 1


def check_geometry(pse, guest, tmp):
    for preset, want in GEOMETRY.items():
        d = os.path.join(tmp, "geo-" + preset)
        run(pse, guest, preset, d, None, 10 ** 9, ["16", "1"])
        layout = vizcheck.load_layout(d)
        got = sorted((a["sets"], a["ways"]) for a in layout["arrays"])
        check(got == want, "%s: arrays %s, preset table says %s" % (preset, got, want))
        _, _, rows = vizcheck.read_png(os.path.join(d, "summary.png"))
        line = vizcheck.rgb(layout["colours"]["gridline"])
        for a in layout["arrays"]:
            if not a["lines"]:
                continue  # too many cells for grid lines: the layout numbers were checked
            ways, sets = grid_in_picture(rows, a, line)
            check((sets, ways) == (a["sets"], a["ways"]),
                  "%s %s: picture shows %d x %d cells" % (preset, a["name"], sets, ways))
    print("geometry: checked", ", ".join(GEOMETRY))


def misses_by_set(trace, layout):
    """[(icount, array index, set)] of the misses in 4 KiB arrays."""
    arrays = layout["arrays"]
    out = []
    for letter, icount, f in vizcheck.read_trace(trace):
        if letter != "M":
            continue
        i = int(f[2])
        if 0 <= i < len(arrays) and arrays[i]["holds"].startswith("4k"):
            out.append((icount, i, (int(f[1], 16) >> 12) % arrays[i]["sets"]))
    return out


def marker_pixel(rows, a, s):
    x, y, _, _ = a["marker"]
    ch, lines = a["cell"][1], a["lines"]
    return rows[y + s * ch + lines + (ch - lines) // 2][x + 2]


def check_flashes(pse, guest, tmp):
    d, trace = os.path.join(tmp, "flash"), os.path.join(tmp, "flash.trace")
    run(pse, guest, "p6", d, trace, 5000, ["96", "40"])
    layout = vizcheck.load_layout(d)
    misses = misses_by_set(trace, layout)
    frames = vizcheck.load_frames(d)
    lit_colour = vizcheck.rgb(layout["colours"]["miss_now"])
    check(len(frames) >= 8, "only %d frames" % len(frames))
    prev, checked, lit_total = 0, 0, 0
    for n, icount, path in frames[:12]:
        _, _, rows = vizcheck.read_png(path)
        strictly = {(i, s) for c, i, s in misses if prev < c < icount}
        maybe = {(i, s) for c, i, s in misses if prev <= c <= icount}
        for i, a in enumerate(layout["arrays"]):
            if not a["holds"].startswith("4k"):
                continue
            for s in range(a["sets"]):
                lit = marker_pixel(rows, a, s) == lit_colour
                lit_total += lit
                if (i, s) in strictly:
                    check(lit, "frame %d: miss in %s set %d not flashed" % (n, a["name"], s))
                if lit:
                    check((i, s) in maybe,
                          "frame %d: %s set %d flashed without a miss" % (n, a["name"], s))
                checked += 1
        prev = icount
    check(lit_total > 0, "no miss flash in any frame")
    print("flashes: %d markers in %d frames checked against %d misses, %d lit"
          % (checked, min(12, len(frames)), len(misses), lit_total))


def main():
    pse, guest = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        check_geometry(pse, guest, tmp)
        check_flashes(pse, guest, tmp)
    return vizcheck.verdict()


if __name__ == "__main__":
    sys.exit(main())
