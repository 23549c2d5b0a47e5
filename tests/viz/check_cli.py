#!/usr/bin/env python3
"""check_cli.py PSE386 GUEST: bad visualizer and trace options fail cleanly.

STYLE.md: a host-side failure (bad option, unwritable file) prints one clear line naming the
option and exits non-zero, never a crash and never a hang.  --viz without a display must refuse
(a window nobody sees would wait at exit forever) instead of falling back to SDL's invisible
offscreen driver."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vizcheck  # noqa: E402


def main():
    pse, guest = sys.argv[1], sys.argv[2]
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    cases = [
        (["--viz"], "--viz"),
        (["--viz-png", "/proc/no-such-dir/x"], "--viz-png"),
        (["--trace", "/proc/no-such-dir/x"], "--trace"),
        (["--viz-every", "0"], "--viz-every"),
        (["--viz-every", "many"], "--viz-every"),
    ]
    for opts, name in cases:
        r = subprocess.run([pse] + opts + [guest, "4", "1"], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=60)
        ours = [line for line in r.stderr.splitlines() if line.startswith("pse386:")]
        vizcheck.check(r.returncode not in (0, -6, -11), "%s: status %d" % (opts, r.returncode))
        vizcheck.check(len(ours) == 1 and name in ours[0], "%s: said %s" % (opts, ours))
    print("cli: %d bad invocations" % len(cases))
    return vizcheck.verdict()


if __name__ == "__main__":
    sys.exit(main())
