#!/usr/bin/env python3
"""Differential CPU tester: runs generated programs on a reference CPU and under pse386.

For each program (seeds SEED, SEED+1, ...) it generates a .S with gen.py, builds it with
`gcc -m32 -static -nostdlib`, runs it on the reference and under pse386 and compares the
outputs line by line.  The reference is the host CPU when it can execute i386 binaries, else
`qemu-i386 -cpu pentium2` (undefined flags are masked, so qemu's choices for them do not
matter).  On a difference it prints the first differing block: the registers that differ and
the block's instructions (and the previous block's, since a value may come from there).
Exit status: 0 all identical, 1 a difference, 2 a setup problem.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eflags", "memsum"]


SKIP = []  # mnemonics excluded with --skip


def build(seed, blocks, insns, work, perturb=False):
    stem = os.path.join(work, "diff%d%s" % (seed, "p" if perturb else ""))
    src, lst, exe = stem + ".S", stem + ".json", stem
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--seed", str(seed),
                    "--blocks", str(blocks), "--insns", str(insns), "-o", src, "--listing", lst]
                   + (["--perturb"] if perturb else [])
                   + (["--skip", ",".join(SKIP)] if SKIP else []), check=True, stderr=subprocess.DEVNULL)
    # Data at a fixed address, so the register values that are data addresses do not depend on
    # the code size (the --perturb variant of a program has more code); 256 bytes into the
    # scratch area a page ends, so accesses there straddle two pages.
    subprocess.run(["gcc", "-m32", "-static", "-nostdlib", "-no-pie", "-I", HERE,
                    "-Wl,--section-start=.data=0x09000f00", "-o", exe, src], check=True)
    with open(lst) as f:
        return exe, json.load(f)


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    return p.returncode, p.stdout.decode("latin-1"), p.stderr.decode("latin-1")


def reference_cmd(kind, exe):
    if kind == "native":
        return [exe]
    return ["qemu-i386", "-cpu", "pentium2", exe]


def pick_reference(kind, exe):
    """'auto': the host CPU if it runs i386 binaries (not every x86-64 kernel does), else qemu."""
    if kind != "auto":
        return kind
    try:
        rc, out, _ = run([exe])
        if rc == 0 and out:
            return "native"
    except OSError:
        pass
    if shutil.which("qemu-i386"):
        return "qemu"
    sys.exit("run_diff: the host cannot run i386 binaries and qemu-i386 is missing")


def explain(listing, ref_line, emu_line):
    block = int(ref_line.split(":")[0], 16) if ":" in ref_line else -1
    print("first difference in block %d" % block)
    ref = ref_line.split()[1:]
    emu = emu_line.split()[1:] if ":" in emu_line else []
    for i, name in enumerate(NAMES):
        a = ref[i] if i < len(ref) else "-"
        b = emu[i] if i < len(emu) else "-"
        print("  %-7s reference %s  pse386 %s%s" % (name, a, b, "   <-- differs" if a != b else ""))
    if 0 <= block < len(listing["listing"]):
        if block > 0:
            print("previous block %d:" % (block - 1))
            for line in listing["listing"][block - 1]:
                print("    " + line)
        print("block %d:" % block)
        for line in listing["listing"][block]:
            print("    " + line)


def compare(seed, ref_out, emu_out, listing):
    a = ref_out.splitlines()
    b = emu_out.splitlines()
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else "<missing>"
        y = b[i] if i < len(b) else "<missing>"
        if x != y:
            print("seed %d: output line %d differs" % (seed, i + 1))
            print("  reference: " + x)
            print("  pse386:    " + y)
            if x.startswith("m ") or x == "<missing>":
                print("  (data area dump; every block matched)")
            else:
                explain(listing, x, y)
            return False
    return True


def selfcheck(a, work):
    """Checks the generator against the reference alone: the same seed gives the same program
    and output, and scrambling the flags declared undefined changes nothing (the masking
    really hides them).  It cannot prove that no undefined flag was forgotten: only a
    comparison of two different CPUs shows that."""
    bad = 0
    for seed in range(a.seed, a.seed + a.programs):
        exe, listing = build(seed, a.blocks, a.insns, work)
        with open(exe + ".S") as f:
            text1 = f.read()
        exe_again, _ = build(seed, a.blocks, a.insns, os.path.join(work, "again"))
        with open(exe_again + ".S") as f:
            same_text = f.read() == text1
        kind = pick_reference(a.reference, exe)
        out1 = run(reference_cmd(kind, exe))
        out2 = run(reference_cmd(kind, exe))
        pexe, plisting = build(seed, a.blocks, a.insns, work, perturb=True)
        out3 = run(reference_cmd(kind, pexe))
        ok = same_text and out1 == out2 and out1[0] == 0 and out1[1] == out3[1] and \
            plisting["listing"] != listing["listing"]
        print("seed %d: generator %s, reference %s runs %s, perturbed undefined flags %s" % (
            seed, "deterministic" if same_text else "NOT DETERMINISTIC", kind,
            "identical" if out1 == out2 else "DIFFER",
            "invisible" if out1[1] == out3[1] else "VISIBLE"))
        if not ok:
            bad += 1
            if out1[1] != out3[1]:
                compare(seed, out1[1], out3[1], plisting)
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description="differential CPU test of pse386")
    ap.add_argument("--emu", help="path to pse386")
    ap.add_argument("--emu-arg", action="append", default=[],
                    help="an option for pse386 before the program (repeatable)")
    ap.add_argument("--selfcheck", action="store_true",
                    help="check the generator and masking on the reference only")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--programs", type=int, default=1)
    ap.add_argument("--blocks", type=int, default=1000)
    ap.add_argument("--insns", type=int, default=24)
    ap.add_argument("--reference", choices=["auto", "native", "qemu"], default="auto")
    ap.add_argument("--keep", help="directory to keep the generated files in")
    ap.add_argument("--all", action="store_true", help="go on after a failing program")
    ap.add_argument("--skip", default="",
                    help="comma-separated mnemonics not to generate (to look past a known bug)")
    a = ap.parse_args()
    SKIP.extend(m for m in a.skip.split(",") if m)
    work = a.keep or tempfile.mkdtemp(prefix="pse386-diff-")
    os.makedirs(work, exist_ok=True)
    if a.selfcheck:
        os.makedirs(os.path.join(work, "again"), exist_ok=True)
        try:
            return selfcheck(a, work)
        finally:
            if not a.keep:
                shutil.rmtree(work, ignore_errors=True)
    if not a.emu:
        ap.error("--emu is required unless --selfcheck")
    total = 0
    failed = 0
    kind = None
    try:
        for seed in range(a.seed, a.seed + a.programs):
            exe, listing = build(seed, a.blocks, a.insns, work)
            kind = kind or pick_reference(a.reference, exe)
            rc1, ref_out, ref_err = run(reference_cmd(kind, exe))
            if rc1 != 0:
                print("seed %d: the reference (%s) failed, status %d: %s" % (seed, kind, rc1,
                                                                           ref_err[:300]))
                return 2
            rc2, emu_out, emu_err = run([a.emu] + a.emu_arg + [exe])
            ok = compare(seed, ref_out, emu_out, listing)
            if ok and rc2 != 0:
                print("seed %d: pse386 exit status %d" % (seed, rc2))
                ok = False
            total += listing["instructions"]
            if not ok:
                print("pse386 stderr: " + emu_err[:500])
                print("reproduce: %s --emu %s%s --seed %d --blocks %d --insns %d%s --keep DIR" % (
                    os.path.join(HERE, "run_diff.py"), a.emu,
                    "".join(" --emu-arg=" + x for x in a.emu_arg), seed, a.blocks, a.insns,
                    " --skip " + a.skip if a.skip else ""))
                failed += 1
                if not a.all:
                    break
            print("seed %d: %s, %d blocks, %d instructions (reference: %s)" % (
                seed, "identical" if ok else "DIFFERENT", a.blocks, listing["instructions"],
                kind))
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("%d program(s) failed; %d generated instructions run" % (failed, total))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
