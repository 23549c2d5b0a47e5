#!/usr/bin/env python3
"""Walk-step mode and TLB-miss breaks (docs/debugger.md) on a real guest.

walkstep: the guest stops after its first page walk following a breakpoint; the test checks
that the printed levels are the ones the SDM's walk reads for that address, starting at CR3
(read with `creg`): each entry's physical address is computed from the level above, and its
value is what `xp` reads there (ignoring A and D, which the walk itself may have set: SDM vol. 3,
4.8).  Facts: SDM vol. 3, 4.3 and 4.4 (entry addresses), 4.8 (A/D).
catch tlbmiss: the stop names an address inside the requested range, and once the instruction
has run the TLB holds a translation for it (`tlb ADDR` reports a hit: a successful walk's result
is cached, SDM vol. 3, 4.10.2).
Usage: check_walk.py PSE386 GUEST [-- pse386 options]
"""
import re
import subprocess
import sys

from guestsyms import symbol_of

args = sys.argv[1:]
OPTS = args[args.index("--") + 1:] if "--" in args else []
args = args[:args.index("--")] if "--" in args else args
PSE386, GUEST = args[0], args[1]
failures = 0


def check(cond, what):
    global failures
    if not cond:
        print("FAIL:", what)
        failures += 1


def symbol(name):
    return symbol_of(GUEST, name)


def run(commands):
    script = "".join(c + "\n" for c in commands)
    p = subprocess.run([PSE386, *OPTS, "--debug-script", "-", GUEST], input=script,
                       capture_output=True, text=True, timeout=60)
    return p.stdout


def main():
    stop = [f"break {symbol('compute'):#x}", "continue", "delete", "walkstep on", "continue"]
    out = run(stop + ["creg"])
    m = re.search(r"walk: \w+ \w+ (0x[0-9a-f]+), \d+ reads?\n((?:  .*\n)*)stopped: page walk", out)
    check(m is not None, f"a walk was printed and the guest stopped after it:\n{out[-2000:]}")
    if not m:
        return
    lin = int(m.group(1), 16)
    levels = re.findall(r"  (PDPTE|PDE|PTE): 0x([0-9a-f]+) : 0x([0-9a-f]+)", m.group(2))
    cr3 = int(re.search(r"CR3=0x([0-9a-f]+)", out).group(1), 16)
    cr4 = int(re.search(r"CR4=0x([0-9a-f]+)", out).group(1), 16)
    pae = cr4 >> 5 & 1
    frame = 0xFFFFFF000 if pae else 0xFFFFF000
    unit = "g" if pae else "w"
    xp = run(stop + [f"xp /1x{unit} {int(pa, 16):#x}" for _, pa, _ in levels])
    expect_pa = (cr3 & ~0x1F) + (lin >> 30) * 8 if pae else (cr3 & ~0xFFF) + (lin >> 22) * 4
    names = ["PDPTE", "PDE", "PTE"] if pae else ["PDE", "PTE"]
    for i, (name, pa, val) in enumerate(levels):
        pa, val = int(pa, 16), int(val, 16)
        check(name == names[i], f"level {i} is {name}, expected {names[i]}")
        check(pa == expect_pa, f"{name} of {lin:#x} at {pa:#x}, expected {expect_pa:#x}")
        mem = re.search(rf"phys 0x{pa:08x}: 0x([0-9a-f]+)", xp)
        check(mem is not None and (int(mem.group(1), 16) | 0x60) == (val | 0x60),
              f"{name} value {val:#x} is what xp reads at {pa:#x}")
        if name == "PDPTE":
            expect_pa = (val & frame) + (lin >> 21 & 0x1FF) * 8
        elif pae:
            expect_pa = (val & frame) + (lin >> 12 & 0x1FF) * 8
        else:
            expect_pa = (val & frame) + (lin >> 12 & 0x3FF) * 4

    counter = symbol("counter") & ~0xFFF
    lo, hi = counter, counter + 0xFFF
    out = run([f"catch tlbmiss {lo:#x} {hi:#x}", "continue"])
    m = re.search(r"stopped: TLB miss: \w+ \w+ (0x[0-9a-f]+)", out)
    check(m is not None, f"a TLB miss in {lo:#x}-{hi:#x} stopped the guest:\n{out[-1500:]}")
    if m:
        a = int(m.group(1), 16)
        check(lo <= a <= hi, f"the miss at {a:#x} is inside the range")
        # The access may have faulted (a page not yet present): once the instruction has run
        # (`step`, after the kernel's fix if needed), the translation is in the TLB.
        out = run([f"catch tlbmiss {lo:#x} {hi:#x}", "continue", "uncatch tlbmiss", "step",
                   f"tlb {a:#x}"])
        check(re.search(rf"{a:#010x} would use set \d+: hit", out) is not None,
              f"after the access the TLB holds {a:#x}:\n{out[-1500:]}")


main()
sys.exit(1 if failures else 0)
