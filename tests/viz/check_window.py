#!/usr/bin/env python3
"""check_window.py PSE386 GUEST: under Xvfb, --viz opens a real X11 window, runs the guest, and
the picture read back from the window surface at exit is not blank.

Facts checked: SDL reports the "x11" video driver (so the X server was used, not an offscreen
driver); the screenshot has the window's size (the visualizer's frame, 1040 x 620 as layout.json
says) and shows a drawing (many pixels away from the background, several colours).
Skipped (exit 77) when xvfb-run is not installed (tools/setup installs it)."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vizcheck  # noqa: E402


def main():
    pse, guest = sys.argv[1], sys.argv[2]
    if not shutil.which("xvfb-run"):
        print("xvfb-run missing: skipped")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        shot, d = os.path.join(tmp, "shot.png"), os.path.join(tmp, "png")
        env = dict(os.environ)
        env.pop("SDL_VIDEODRIVER", None)
        r = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", pse, "--viz",
                            "--viz-nohold", "--viz-shot", shot, "--viz-png", d, "--viz-every",
                            "50000", guest, "96", "300"],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=300)
        print(r.stderr.strip())
        if r.returncode != 0 or "video driver x11" not in r.stderr:
            print("FAIL: window run status %d, driver line missing" % r.returncode)
            return 1
        layout = vizcheck.load_layout(d)
        w, h, rows = vizcheck.read_png(shot)
        if (w, h) != (layout["width"], layout["height"]):
            print("FAIL: screenshot %dx%d" % (w, h))
            return 1
        bg = rows[h - 1][w - 1]
        drawn, colours = 0, set()
        for y in range(0, h, 2):
            for x in range(0, w, 2):
                p = rows[y][x]
                colours.add(p)
                drawn += p != bg
        print("screenshot %dx%d: %d sampled pixels drawn, %d colours" % (w, h, drawn,
                                                                        len(colours)))
        if drawn < 5000 or len(colours) < 8:
            print("FAIL: the window is blank")
            return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
