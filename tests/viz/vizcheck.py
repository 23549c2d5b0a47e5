"""Helpers for the visualizer tests: a small PNG reader (8-bit RGB, no interlace: what
pse386 writes), the layout sidecar, and the event trace (docs/trace.md)."""
import json
import os
import struct
import zlib


def read_png(path):
    """Returns (width, height, rows) with rows[y][x] = (r, g, b).  PNG spec (ISO 15948) 11.2.2
    IHDR, 9.2 filter types 0-4."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s: not a PNG" % path)
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype != 2 or interlace:
                raise ValueError("%s: only 8-bit RGB non-interlaced" % path)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, bpp, stride = zlib.decompress(idat), 3, w * 3
    rows, prev, p = [], bytearray(stride), 0
    for _ in range(h):
        ftype, line = raw[p], bytearray(raw[p + 1:p + 1 + stride])
        p += 1 + stride
        for i in range(stride if ftype else 0):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        rows.append(_Row(line))
        prev = line
    return w, h, rows


class _Row:
    """One row of pixels; row[x] is (r, g, b), decoded only when asked for."""

    def __init__(self, line):
        self.line = bytes(line)

    def __getitem__(self, x):
        return tuple(self.line[3 * x:3 * x + 3])


def rgb(v):
    return ((v >> 16) & 255, (v >> 8) & 255, v & 255)


def load_layout(d):
    with open(os.path.join(d, "layout.json")) as f:
        return json.load(f)


def load_frames(d):
    """[(frame, icount, path)] from frames.txt."""
    out = []
    with open(os.path.join(d, "frames.txt")) as f:
        for line in f:
            if line.startswith("#"):
                continue
            n, icount, name = line.split()
            out.append((int(n), int(icount), os.path.join(d, name)))
    return out


def read_trace(path):
    """Yields (letter, icount, fields) for every record."""
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.split()
            yield parts[0], int(parts[1]), parts[2:]


def count_runs(pixels, colour):
    """Number of maximal runs of `colour` in a sequence of pixels."""
    runs, inside = 0, False
    for p in pixels:
        if p == colour and not inside:
            runs += 1
        inside = p == colour
    return runs


def family(p):
    """Colour family of an entry cell (docs/visualizer.md): 4k blue, 4m orange, 2m green,
    piece magenta; None for anything else."""
    r, g, b = p
    if b > r + 40 and b > g:
        return "4k"
    if r > g > b and r - b > 50:
        return "4m"
    if g > r + 40 and g > b + 40:
        return "2m"
    if r > g + 40 and b > g + 40:
        return "piece"
    return None


failures = []


def check(cond, what):
    """Records a failed fact (and prints it); the test goes on to report every failure."""
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def verdict():
    """Exit status of the test: 0 when every check held."""
    if failures:
        print("%d failures" % len(failures))
        return 1
    print("ok")
    return 0
