#!/usr/bin/env python3
"""Scripted test of the debugger's `page` command on a real guest (docs/debugger.md).

The guest stops at a breakpoint; the test reads CR3 (`creg`) and then the paging entries itself
with `xp` (raw physical memory: no page walk involved), level by level, decodes them per the SDM
and checks that `page ADDR` prints exactly those entries, flags and translation.

Facts: SDM vol. 3, 4.3 (32-bit paging: PDE at CR3[31:12] + lin[31:22]*4, PTE at PDE[31:12] +
lin[21:12]*4, PS with CR4.PSE maps 4 MiB), 4.4 (PAE: PDPTE at CR3[31:5] + lin[31:30]*8, PDE at
PDPTE[35:12] + lin[29:21]*8, PTE at PDE[35:12] + lin[20:12]*8, PS maps 2 MiB); tables 4-4..4-11
for the flag bits (PAT is bit 12 in a large-page PDE, bit 7 in a PTE).
Usage: check_page.py PSE386 GUEST BREAK ADDR... [-- pse386 options...]
  BREAK: the function to stop in.  ADDR: a number, sym:NAME[+N] (a symbol's address),
  ptr:NAME[+N] (the pointer stored at a symbol, read with `x`), each optionally suffixed by
  !large (the address must be mapped by a large page: 4 MiB, or 2 MiB under PAE), !file (its PTE
  must be a file PTE) or !swap (its PTE must be a swap PTE).
Not-present PTEs are decoded by Linux's rules: a file PTE has P clear and bit 6 (_PAGE_FILE) set,
pgoff in bits 1-5 and 8-31, or the high word under PAE (linux-2.5-syscalls.md 3.2); a swap PTE
has P, PROT_NONE (bit 7) and _PAGE_FILE clear, type in bits 1-5 and offset from bit 8
(2.5.66+ include/asm-i386/pgtable-2level.h __swp_type/__swp_offset), under PAE type in the high
word's bits 0-4 and offset above them (docs/swap.md).
"""
import re
import subprocess
import sys

from guestsyms import symbol_of

args = sys.argv[1:]
OPTS = args[args.index("--") + 1:] if "--" in args else []
args = args[:args.index("--")] if "--" in args else args
PSE386, GUEST, BREAK, SPECS = args[0], args[1], args[2], args[3:]


def symbol(name):
    return symbol_of(GUEST, name)


def run(commands):
    """Run the guest to the breakpoint at compute(), then the commands; return the output."""
    script = f"break {symbol(BREAK):#x}\ncontinue\n" + "".join(c + "\n" for c in commands)
    p = subprocess.run([PSE386, *OPTS, "--debug-script", "-", GUEST], input=script,
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        sys.exit(f"pse386 exited with {p.returncode}: {p.stderr}")
    return p.stdout


def read_phys(addrs, width):
    """Read physical entries with `xp` (8-byte entries as /1xg, 4-byte as /1xw)."""
    out = run([f"xp /1x{'g' if width == 8 else 'w'} {a:#x}" for a in addrs])
    vals = {}
    for m in re.finditer(r"phys 0x([0-9a-f]+): 0x([0-9a-f]+)", out):
        vals[int(m.group(1), 16)] = int(m.group(2), 16)
    return [vals[a] for a in addrs]


def letters(bits, v):
    return " ".join(n.upper() if v >> b & 1 else n for n, b in bits)


PDPTE_BITS = [("pcd", 4), ("pwt", 3), ("p", 0)]
TABLE_BITS = [("ps", 7), ("a", 5), ("pcd", 4), ("pwt", 3), ("u", 2), ("w", 1), ("p", 0)]
LARGE_BITS = [("ps", 7), ("g", 8), ("pat", 12), ("d", 6), ("a", 5), ("pcd", 4), ("pwt", 3),
              ("u", 2), ("w", 1), ("p", 0)]
PTE_BITS = [("g", 8), ("pat", 7), ("d", 6), ("a", 5), ("pcd", 4), ("pwt", 3), ("u", 2), ("w", 1),
            ("p", 0)]


kinds = {}  # address -> "file" / "swap" / None, filled by expected()


def absent_kind(v, pae):
    """What a not-present, non-empty PTE holds: ("file", text) or ("swap", text), or None."""
    if v == 0 or v & 1 or v & 0x80:
        return None
    high, low = v >> 32, v & 0xFFFFFFFF
    if v & 0x40:
        pgoff = high if pae else ((low >> 1) & 0x1F) + ((low >> 8) << 5)
        return "file", f"not present: file pte, pgoff {pgoff:#x} (file offset {pgoff * 4096:#x})"
    typ, off = (high & 0x1F, high >> 5) if pae else ((low >> 1) & 0x1F, low >> 8)
    return "swap", f"not present: swap pte, type {typ}, offset {off:#x}"


def expected(addresses, cr3, cr4):
    """The lines `page` must print for each address, computed level by level."""
    pae, pse = cr4 >> 5 & 1, cr4 >> 4 & 1
    width = 8 if pae else 4
    frame = 0xFFFFFF000 if pae else 0xFFFFF000
    # per address: list of (name, entry address), and the result
    state = {}
    for lin in addresses:
        if pae:
            state[lin] = [("PDPTE", (cr3 & ~0x1F) + (lin >> 30) * 8)]
        else:
            state[lin] = [("PDE", (cr3 & ~0xFFF) + (lin >> 22) * 4)]
    values = {lin: [] for lin in addresses}
    done = {}
    kinds.clear()
    while len(done) < len(addresses):
        todo = [lin for lin in addresses if lin not in done]
        got = read_phys([state[lin][len(values[lin])][1] for lin in todo], width)
        for lin, v in zip(todo, got):
            values[lin].append(v)
            name = state[lin][-1][0]
            if not v & 1:
                done[lin] = None
            elif name == "PDPTE":
                state[lin].append(("PDE", (v & frame) + (lin >> 21 & 0x1FF) * 8))
            elif name == "PDE" and v & 0x80 and (pae or pse):
                size = 2 << 20 if pae else 4 << 20
                base = v & frame & ~(size - 1)
                done[lin] = (base, size)
            elif name == "PDE":
                idx = (lin >> 12 & 0x1FF) * 8 if pae else (lin >> 12 & 0x3FF) * 4
                state[lin].append(("PTE", (v & frame) + idx))
            else:
                done[lin] = (v & frame, 4096)
    lines = {}
    for lin in addresses:
        kinds.setdefault(lin, None)
        out = []
        for (name, ea), v in zip(state[lin], values[lin]):
            if not v & 1:
                kind = absent_kind(v, pae) if name == "PTE" else None
                flags = kind[1] if kind else ("not present" if name != "PTE" else None)
                kinds[lin] = kind[0] if kind else None
            elif name == "PDPTE":
                flags = letters(PDPTE_BITS, v)
            elif name == "PDE" and done[lin] and (name, ea) == state[lin][-1]:
                flags = letters(LARGE_BITS, v)
            elif name == "PDE":
                flags = letters(TABLE_BITS, v)
            else:
                flags = letters(PTE_BITS, v)
            head = (f"{name}: 0x{ea:09x} : 0x{v:016x}" if pae else f"{name}: 0x{ea:08x} : 0x{v:08x}")
            out.append(head + ("  " + flags if flags else ""))
        if done[lin]:
            base, size = done[lin]
            off = lin & (size - 1)
            out.append(f"linear page 0x{lin - off:08x} maps to physical page 0x{base:09x} "
                       f"({ {4096: '4K', 2 << 20: '2M', 4 << 20: '4M'}[size]} page); "
                       f"0x{lin:08x} -> 0x{base + off:09x}")
        else:
            out.append(f"linear page 0x{lin & ~0xFFF:08x} is not mapped")
        lines[lin] = out
    return lines


def resolve(spec):
    """The linear address of one ADDR argument."""
    kind, _, rest = spec.partition(":")
    if not rest:
        return int(spec, 0)
    name, _, off = rest.partition("+")
    base = symbol(name)
    if kind == "ptr":
        out = run([f"x /1xw {base:#x}"])
        base = int(re.search(rf"0x{base:08x}: 0x([0-9a-f]+)", out).group(1), 16)
    return base + (int(off, 0) if off else 0)


def main():
    creg = run(["creg"])
    cr3 = int(re.search(r"CR3=0x([0-9a-f]+)", creg).group(1), 16)
    cr4 = int(re.search(r"CR4=0x([0-9a-f]+)", creg).group(1), 16)
    addresses, large, want_kind = [], [], {}
    for spec in SPECS:
        base, _, suffix = spec.partition("!")
        a = resolve(base)
        addresses.append(a)
        if suffix == "large":
            large.append(a)
        elif suffix:
            want_kind[a] = suffix
    want = expected(addresses, cr3, cr4)
    out = run([f"page {a:#x}" for a in addresses])
    failures = 0
    for lin in addresses:
        m = re.search(rf"\(pse386\) page {lin:#x}\n((?:(?!\(pse386\)).*\n)*)", out)
        got = m.group(1) if m else ""
        for line in want[lin]:
            if line not in got:
                print(f"page {lin:#x}: expected line\n  {line}\nin\n{got}")
                failures += 1
    size = "(2M page)" if cr4 >> 5 & 1 else "(4M page)"
    for lin in large:
        if size not in want[lin][-1]:
            print(f"{lin:#x} is not mapped by a large page: {want[lin][-1]}")
            failures += 1
    for lin, kind in want_kind.items():
        if kinds.get(lin) != kind:
            print(f"{lin:#x}: the PTE is not a {kind} PTE ({kinds.get(lin)})")
            failures += 1
    print("\n".join(l for lin in addresses for l in want[lin]))
    sys.exit(1 if failures else 0)


main()
