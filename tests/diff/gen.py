#!/usr/bin/env python3
"""Generator of the differential CPU tester: random straight-line i386 code from a fixed seed.

Writes a GNU assembler file (AT&T syntax) that includes runtime.S and a JSON listing of every
block's instructions.  The program loads random values into the registers, EFLAGS and a 1 KiB
data area (512 bytes of scratch, 512 bytes of private stack), runs BLOCKS blocks of INSNS random
instructions and records all registers, EFLAGS and a checksum of the data area after each block.

Rules that keep the output a pure function of the seed (so two CPUs can be compared):
- Memory operands always point into the data area: the generator loads the base and index
  registers with known values just before the instruction (or uses absolute or ESP-relative
  addresses; ESP is constant between instructions).
- ESP changes only in balanced sequences (push/pop, pushal/popal, enter/leave, call/ret).
- Code addresses never stay in a register or in the data area (they differ between variants of
  a program, see --perturb); the data area sits at a fixed address chosen by run_diff.py.
- No instruction faults: divisors are non-zero and the dividend's high part is smaller than the
  divisor (DIV) or a sign extension (IDIV); BSF/BSR sources are made non-zero; bit offsets of
  BT* on memory are small.
- After every instruction that leaves flags undefined, `pushfl; andl $~U,(%esp); popfl' clears
  exactly the undefined ones (U per instruction, from the SDM vol. 2 "Flags Affected" sections).
"""
import argparse
import json
import random
import sys

CF, PF, AF, ZF, SF, OF = 0x1, 0x4, 0x10, 0x40, 0x80, 0x800
ARITH = CF | PF | AF | ZF | SF | OF
DF = 0x400

R32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"]
R16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"]
R8 = ["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"]
SUFFIX = {8: "b", 16: "w", 32: "l"}
CONDS = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"]

SCRATCH = 512  # bytes of scratch at data_area
STACK = 512  # private stack after the scratch
STACK_TOP_OFF = SCRATCH + 384  # ESP (relative to data_area) between instructions
DATA_SIZE = SCRATCH + STACK


def family(size, idx):
    """32-bit register number that an operand-size register name belongs to."""
    return idx & 3 if size == 8 else idx


class Gen:
    def __init__(self, seed, perturb=False, skip=()):
        self.r = random.Random(seed)
        self.skip = set(skip)
        self.perturb = perturb
        self.prng = random.Random(seed ^ 0x5A5A)  # separate, so the code is otherwise the same
        self.lines = []  # current block's lines
        self.count = 0  # instructions in the current block

    # -- helpers ---------------------------------------------------------------------------
    def emit(self, text, count=True):
        self.lines.append(text)
        if count and not text.endswith(":"):
            self.count += 1

    def normalise(self, undefined, force=False):
        """Clear the flags the last instruction left undefined; keep every defined flag.
        The mask also clears TF, NT, AC and ID, so a reference that computes garbage flags (see
        g_cmpxchg8b) cannot make the program trap."""
        if undefined or force:
            self.emit("pushfl")
            if undefined and self.perturb:
                # Self-check mode: scramble the undefined flags first; the output must not
                # change.  Not counted, so the program is otherwise the same.
                self.emit("xorl $0x%x, (%%esp)" % (undefined & self.prng.getrandbits(12)),
                          False)
            self.emit("andl $0x%x, (%%esp)" % (~undefined & (ARITH | DF | 0x202)))
            self.emit("popfl")

    def pick(self, mnemonics):
        """A random mnemonic among those not excluded with --skip (to look past a known bug)."""
        return self.r.choice([m for m in mnemonics if m not in self.skip] or mnemonics)

    def imm(self, size):
        r = self.r
        edges = [0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000,
                 0xFFFFFFFF, 0xFFFFFFFE]
        k = r.random()
        if k < 0.25:
            v = r.choice(edges)
        elif k < 0.5:
            v = r.randrange(-128, 128)
        else:
            v = r.getrandbits(32)
        v &= (1 << size) - 1
        return v

    def reg(self, size, dest=True, avoid=()):
        """A register name of SIZE bits; destinations never name ESP/SP; AVOID holds 32-bit
        register numbers the operand must not touch."""
        while True:
            i = self.r.randrange(8)
            if size != 8 and i == 4 and (dest or self.r.random() < 0.7):
                continue
            if family(size, i) in avoid:
                continue
            return {8: R8, 16: R16, 32: R32}[size][i], family(size, i)

    def set_reg(self, num, value):
        self.emit("movl $0x%x, %%%s" % (value & 0xFFFFFFFF, R32[num]))

    def mem(self, size, avoid=(), margin=0, region=None):
        """A memory operand of SIZE bytes inside the data area, sometimes with a DS/ES/SS
        segment override (all flat in Linux user mode).  Emits the base/index set-up.
        MARGIN bytes around the operand stay inside the area too (for BT bit offsets).
        Returns the operand text."""
        text = self.mem_flat(size, avoid, margin, region)
        if self.r.random() < 0.1:
            text = self.r.choice(["%ds:", "%es:", "%ss:"]) + text
        return text

    def lock(self, is_mem):
        """A LOCK prefix, sometimes, for a read-modify-write of memory (SDM vol. 2 LOCK: only
        these forms may take it; a register destination raises #UD)."""
        return "lock " if is_mem and self.r.random() < 0.3 else ""

    def mem_flat(self, size, avoid=(), margin=0, region=None):
        r = self.r
        nbytes = max(size // 8, 1)
        mode = r.choice(["abs", "base", "base", "sib", "sib", "index", "esp"])
        if region == "scratch" and mode == "esp":
            mode = "sib"
        if mode == "esp":
            # ESP is STACK_TOP_OFF; reach 128 bytes below and 96 above it.
            lo = STACK_TOP_OFF - 128 + margin
            hi = STACK_TOP_OFF + 96 - nbytes - margin
            off = r.randrange(lo, hi)
            d = off - STACK_TOP_OFF
            if r.random() < 0.5:
                return "%d(%%esp)" % d if d or r.random() < 0.5 else "(%esp)"
            idx = r.choice([n for n in (0, 1, 2, 3, 5, 6, 7) if n not in avoid])
            scale = r.choice([1, 2, 4, 8])
            k = r.randrange(-4, 5)
            self.set_reg(idx, k)
            return "%d(%%esp,%%%s,%d)" % (d - k * scale, R32[idx], scale)
        off = r.randrange(margin, SCRATCH - nbytes - margin)
        if mode == "abs":
            return "data_area+%d" % off
        usable = [n for n in (0, 1, 2, 3, 5, 6, 7) if n not in avoid]
        if mode == "index":
            idx = r.choice(usable)
            scale = r.choice([1, 2, 4, 8])
            k = r.randrange(-8, 16)
            self.set_reg(idx, k)
            return "data_area+%d(,%%%s,%d)" % (off - k * scale, R32[idx], scale)
        base = r.choice(usable)
        if mode == "base":
            form = r.choice(["none", "d8", "d32"])
            if form == "none":
                self.emit("movl $data_area+%d, %%%s" % (off, R32[base]))
                return "(%%%s)" % R32[base]
            if form == "d8":
                d = r.randrange(-128, 128)
                self.emit("movl $data_area+%d, %%%s" % (off - d, R32[base]))
                return "%d(%%%s)" % (d, R32[base])
            v = r.randrange(0, 0x10000)
            self.set_reg(base, v)
            return "data_area+%d(%%%s)" % (off - v, R32[base])
        idx = r.choice([n for n in usable if n != base] or [base])
        if idx == base:
            self.emit("movl $data_area+%d, %%%s" % (off, R32[base]))
            return "(%%%s)" % R32[base]
        scale = r.choice([1, 2, 4, 8])
        k = r.randrange(-8, 16)
        d = r.choice([0, r.randrange(-128, 128), r.randrange(-3000, 3000)])
        self.emit("movl $data_area+%d, %%%s" % (off - k * scale - d, R32[base]))
        self.set_reg(idx, k)
        if d == 0 and r.random() < 0.5:
            return "(%%%s,%%%s,%d)" % (R32[base], R32[idx], scale)
        return "%d(%%%s,%%%s,%d)" % (d, R32[base], R32[idx], scale)

    def rm(self, size, dest=True, avoid=(), pmem=0.5):
        """A register or memory operand; returns (text, is_memory, register family or None)."""
        if self.r.random() < pmem:
            return self.mem(size, avoid), True, None
        name, fam = self.reg(size, dest, avoid)
        return "%" + name, False, fam

    def size(self, sizes=(8, 16, 32)):
        return self.r.choice(sizes)

    # -- instruction families ------------------------------------------------------------
    def g_alu(self):
        r = self.r
        op = self.pick(["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp", "test"])
        s = self.size()
        sfx = SUFFIX[s]
        form = r.choice(["rm_r", "r_rm", "rm_imm"] if op != "test" else ["rm_r", "rm_imm"])
        lockable = op not in ("cmp", "test")
        if form == "rm_r":
            src, _ = self.reg(s, dest=False)
            dst, is_mem, _ = self.rm(s)
            self.emit("%s%s%s %%%s, %s" % (self.lock(is_mem and lockable), op, sfx, src, dst))
        elif form == "r_rm":
            dst, _ = self.reg(s)
            src, _, _ = self.rm(s, dest=False)
            self.emit("%s%s %s, %%%s" % (op, sfx, src, dst))
        else:
            dst, is_mem, _ = self.rm(s)
            self.emit("%s%s%s $0x%x, %s" % (self.lock(is_mem and lockable), op, sfx,
                                             self.imm(s), dst))
        # Logical ops leave AF undefined (SDM vol. 2: AND, OR, XOR, TEST "Flags Affected").
        self.normalise(AF if op in ("and", "or", "xor", "test") else 0)

    def g_incdec(self):
        s = self.size()
        op = self.pick(["inc", "dec", "neg", "not"])
        dst, is_mem, _ = self.rm(s)
        self.emit("%s%s%s %s" % (self.lock(is_mem), op, SUFFIX[s], dst))

    def g_shift(self):
        r = self.r
        op = self.pick(["rol", "ror", "rcl", "rcr", "shl", "shr", "sar", "sal"])
        s = self.size()
        kind = r.choice(["one", "cl", "imm", "imm1raw"])
        if kind == "cl":
            c = r.choice([0, 1, 2, s - 1, s, s + 1, 31, 32, 33, r.randrange(256)])
            self.emit("movb $%d, %%cl" % c)
            dst, _, _ = self.rm(s, avoid=(1,))
            self.emit("%s%s %%cl, %s" % (op, SUFFIX[s], dst))
        elif kind == "one":
            c = 1
            dst, _, _ = self.rm(s)
            self.emit("%s%s %s" % (op, SUFFIX[s], dst))
        elif kind == "imm":
            c = r.choice([0, 1, 2, s - 1, s, s + 1, 31, 32, 33, r.randrange(256)])
            dst, _, _ = self.rm(s)
            self.emit("%s%s $%d, %s" % (op, SUFFIX[s], c, dst))
        else:
            # The C0/C1 /r ib encoding with count 1 (gas would pick D0/D1 for "$1").
            c = 1
            name, fam = self.reg(s)
            idx = {8: R8, 16: R16, 32: R32}[s].index(name)
            sub = {"rol": 0, "ror": 1, "rcl": 2, "rcr": 3, "shl": 4, "sal": 4, "shr": 5,
                   "sar": 7}[op]
            prefix = ".byte 0x66, " if s == 16 else ".byte "
            self.emit("%s0x%x, 0x%x, 0x01 /* %s%s $1, %%%s */" % (
                prefix, 0xC0 if s == 8 else 0xC1, 0xC0 | sub << 3 | idx, op, SUFFIX[s], name))
        mc = c & 31
        undefined = 0
        if mc:
            # SDM vol. 2 SAL/SAR/SHL/SHR and RCL/RCR/ROL/ROR: OF is defined only for 1-bit
            # shifts; AF is undefined after SHL/SHR/SAR; CF is undefined when a SHL/SHR count
            # reaches the operand size (masked for SAR too, to be safe).
            if mc != 1:
                undefined |= OF
            if op in ("shl", "sal", "shr", "sar"):
                undefined |= AF
                if mc >= s:
                    undefined |= CF
        self.normalise(undefined)

    def g_shld(self):
        r = self.r
        op = self.pick(["shld", "shrd"])
        s = self.size((16, 32))
        # A count above the operand size leaves the result undefined (SDM vol. 2 SHLD).
        c = r.randrange(0, 16) if s == 16 else r.randrange(0, 32)
        if r.random() < 0.5:
            # The count is masked to 5 bits (SDM vol. 2 SHLD): CL may hold c + 32, c + 64...
            self.emit("movb $%d, %%cl" % (c + 32 * r.randrange(8)))
            src, sfam = self.reg(s, dest=False, avoid=(1,))
            dst, _, _ = self.rm(s, avoid=(1,))
            self.emit("%s%s %%cl, %%%s, %s" % (op, SUFFIX[s], src, dst))
        else:
            src, sfam = self.reg(s, dest=False)
            dst, _, _ = self.rm(s)
            self.emit("%s%s $%d, %%%s, %s" % (op, SUFFIX[s], c, src, dst))
        self.normalise((AF | (OF if c != 1 else 0)) if c else 0)

    def g_mul(self):
        r = self.r
        form = r.choice(["one", "one", "two", "three"])
        # MUL/IMUL leave SF ZF AF PF undefined (SDM vol. 2 MUL, IMUL).
        if form == "one":
            s = self.size()
            op = self.pick(["mul", "imul"])
            src, _, _ = self.rm(s, dest=False)
            self.emit("%s%s %s" % (op, SUFFIX[s], src))
        elif form == "two":
            s = self.size((16, 32))
            dst, _ = self.reg(s)
            src, _, _ = self.rm(s, dest=False)
            self.emit("imul%s %s, %%%s" % (SUFFIX[s], src, dst))
        else:
            s = self.size((16, 32))
            dst, _ = self.reg(s)
            src, _, _ = self.rm(s, dest=False)
            v = self.imm(s) if r.random() < 0.5 else r.randrange(-128, 128) & ((1 << s) - 1)
            self.emit("imul%s $0x%x, %s, %%%s" % (SUFFIX[s], v, src, dst))
        self.normalise(SF | ZF | AF | PF)

    def g_div(self):
        r = self.r
        s = self.size()
        signed = r.random() < 0.5
        op = "idiv" if signed else "div"
        if signed:
            d = r.choice([r.randrange(2, 16), r.randrange(2, 1 << (s - 1))])
            if r.random() < 0.5:
                d = -d
        else:
            d = r.choice([r.randrange(1, 16), r.randrange(1, 1 << s)])
        d &= (1 << s) - 1
        # The dividend lives in AX (8-bit), DX:AX or EDX:EAX: keep those out of the divisor.
        avoid = (0,) if s == 8 else (0, 2)
        if r.random() < 0.5:
            src = self.mem(s, avoid)
            self.emit("mov%s $0x%x, %s" % (SUFFIX[s], d, src))
        else:
            name, _ = self.reg(s, avoid=avoid)
            src = "%" + name
            self.emit("mov%s $0x%x, %s" % (SUFFIX[s], d, src))
        if signed:
            self.emit({8: "cbtw", 16: "cwtd", 32: "cltd"}[s])
        else:
            hi = r.randrange(0, d)
            if s == 8:
                self.emit("movb $0x%x, %%ah" % hi)
            else:
                self.emit("mov%s $0x%x, %%%s" % (SUFFIX[s], hi, "dx" if s == 16 else "edx"))
        self.emit("%s%s %s" % (op, SUFFIX[s], src))
        self.normalise(ARITH)  # DIV/IDIV: all six undefined (SDM vol. 2 DIV, IDIV)

    def g_bt(self):
        r = self.r
        op = self.pick(["bt", "bts", "btr", "btc"])
        s = self.size((16, 32))
        if r.random() < 0.5:
            dst, _, _ = self.rm(s)
            self.emit("%s%s $%d, %s" % (op, SUFFIX[s], r.randrange(256), dst))
        elif r.random() < 0.5:
            off, ofam = self.reg(s, dest=False)
            dst, _ = self.reg(s, avoid=(ofam,))
            self.emit("%s%s %%%s, %%%s" % (op, SUFFIX[s], off, dst))
        else:
            # A register bit offset on memory addresses bytes around the operand: keep it small.
            ofam = r.choice([0, 1, 2, 3, 5, 6, 7])
            k = r.randrange(-64, 128)
            self.set_reg(ofam, k)
            dst = self.mem(s, avoid=(ofam,), margin=24, region="scratch")
            self.emit("%s%s%s %%%s, %s" % (self.lock(op != "bt"), op, SUFFIX[s],
                                           (R16 if s == 16 else R32)[ofam], dst))
        self.normalise(OF | SF | AF | PF)  # SDM vol. 2 BT: CF = bit, ZF unaffected

    def g_bsf(self):
        r = self.r
        op = self.pick(["bsf", "bsr"])
        s = self.size((16, 32))
        src, _, _ = self.rm(s, dest=False)
        if src == "%esp" or src == "%sp":
            src = "%ebx" if s == 32 else "%bx"
        # A zero source leaves the destination undefined (SDM vol. 2 BSF): set one bit.
        self.emit("or%s $0x%x, %s" % (SUFFIX[s], 1 << r.randrange(s), src))
        dst, _ = self.reg(s)
        self.emit("%s%s %s, %%%s" % (op, SUFFIX[s], src, dst))
        self.normalise(CF | OF | SF | AF | PF)

    def g_bswap(self):
        dst, _ = self.reg(32)
        self.emit("bswap %%%s" % dst)

    def g_cmpxchg(self):
        r = self.r
        s = self.size()
        acc = {8: "al", 16: "ax", 32: "eax"}[s]
        src, sfam = self.reg(s, dest=False)
        if r.random() < 0.5:
            dst = self.mem(s, avoid=(0,))
            if r.random() < 0.5:  # make the comparison succeed sometimes
                self.emit("mov%s %s, %%%s" % (SUFFIX[s], dst, acc))
        else:
            name, _ = self.reg(s)
            dst = "%" + name
            if r.random() < 0.3:
                self.emit("mov%s %s, %%%s" % (SUFFIX[s], dst, acc))
        self.emit("%scmpxchg%s %%%s, %s" % (self.lock(not dst.startswith("%") or ":" in dst),
                                             SUFFIX[s], src, dst))

    def g_cmpxchg8b(self):
        off = self.r.randrange(0, SCRATCH - 8)
        if self.r.random() < 0.5:
            self.emit("movl data_area+%d, %%eax" % off)
            self.emit("movl data_area+%d, %%edx" % (off + 4))
        self.emit("cmpxchg8b data_area+%d" % off)
        # Only ZF changes (SDM vol. 2 CMPXCHG8B), but qemu-i386 7.2 computes the other flags
        # from a stale lazy-flags state there (seen as garbage, even DF/TF/AC, after the
        # instruction), so with qemu as the reference they cannot be compared; DF is cleared
        # too (in both runs alike).
        self.normalise(CF | PF | AF | SF | OF | DF, force=True)

    def g_xadd_xchg(self):
        s = self.size()
        op = self.pick(["xadd", "xchg"])
        src, sfam = self.reg(s)
        dst, is_mem, _ = self.rm(s)
        self.emit("%s%s%s %%%s, %s" % (self.lock(is_mem and op == "xadd"), op, SUFFIX[s], src,
                                       dst))

    def g_cmov_set(self):
        r = self.r
        cc = r.choice(CONDS)
        if r.random() < 0.5:
            s = self.size((16, 32))
            dst, _ = self.reg(s)
            src, _, _ = self.rm(s, dest=False)
            self.emit("cmov%s%s %s, %%%s" % (cc, SUFFIX[s], src, dst))
        else:
            dst, _, _ = self.rm(8)
            self.emit("set%s %s" % (cc, dst))

    def g_branch(self):
        """A forward conditional branch over one instruction (so the path depends on flags)."""
        r = self.r
        kind = r.random()
        if kind < 0.7:
            br = "j" + r.choice(CONDS)
        elif kind < 0.8:
            br = "jecxz"
        else:
            br = r.choice(["loop", "loope", "loopne"])
            self.emit("movl $%d, %%ecx" % r.randrange(0, 4))
        self.emit("%s 1f" % br)
        dst, _ = self.reg(32)
        self.emit("%s %%%s" % (r.choice(["notl", "bswap"]), dst))
        self.emit("1:")

    def g_lea(self):
        r = self.r
        s = self.size((16, 32))
        dst, _ = self.reg(s)
        base = r.choice(R32 + [None])
        idx = r.choice([n for n in R32 if n != "esp"] + [None])
        disp = r.choice(["", "%d" % r.randrange(-128, 128), "0x%x" % r.getrandbits(32)])
        if base is None and idx is None:
            addr = "0x%x" % r.getrandbits(32)
        elif idx is None:
            addr = "%s(%%%s)" % (disp, base)
        else:
            addr = "%s(%s,%%%s,%d)" % (disp if base or disp else "0", "%" + base if base else "",
                                       idx, r.choice([1, 2, 4, 8]))
        self.emit("lea%s %s, %%%s" % (SUFFIX[s], addr, dst))

    def g_mov(self):
        r = self.r
        s = self.size()
        form = r.choice(["rm_r", "r_rm", "imm", "moffs", "movx"])
        if form == "rm_r":
            src, _ = self.reg(s, dest=False)
            dst, _, _ = self.rm(s)
            self.emit("mov%s %%%s, %s" % (SUFFIX[s], src, dst))
        elif form == "r_rm":
            dst, _ = self.reg(s)
            src, _, _ = self.rm(s, dest=False)
            self.emit("mov%s %s, %%%s" % (SUFFIX[s], src, dst))
        elif form == "imm":
            dst, _, _ = self.rm(s)
            self.emit("mov%s $0x%x, %s" % (SUFFIX[s], self.imm(s), dst))
        elif form == "moffs":
            acc = {8: "al", 16: "ax", 32: "eax"}[s]
            off = r.randrange(0, SCRATCH - 4)
            if r.random() < 0.5:
                self.emit("mov%s data_area+%d, %%%s" % (SUFFIX[s], off, acc))
            else:
                self.emit("mov%s %%%s, data_area+%d" % (SUFFIX[s], acc, off))
        else:
            op = r.choice(["movzbl", "movzbw", "movzwl", "movsbl", "movsbw", "movswl"])
            ss = 16 if op[4] == "w" else 8
            ds = 16 if op[5] == "w" else 32
            dst, _ = self.reg(ds)
            src, _, _ = self.rm(ss, dest=False)
            self.emit("%s %s, %%%s" % (op, src, dst))

    def g_convert(self):
        self.emit(self.pick(["cbtw", "cwtl", "cwtd", "cltd"]))

    def g_string(self):
        r = self.r
        op = self.pick(["movs", "stos", "lods", "cmps", "scas"])
        s = self.size()
        n = r.randrange(0, 9)
        down = r.random() < 0.3
        room = n * (s // 8) + 8
        self.emit("movl $data_area+%d, %%esi" % r.randrange(room, SCRATCH - room))
        self.emit("movl $data_area+%d, %%edi" % r.randrange(room, SCRATCH - room))
        self.emit("movl $%d, %%ecx" % n)
        self.emit("std" if down else "cld")
        if op in ("cmps", "scas"):
            prefix = r.choice(["", "repe ", "repne "])
        else:
            prefix = r.choice(["", "rep "])
        self.emit("%s%s%s" % (prefix, op, SUFFIX[s]))

    def g_stack(self):
        r = self.r
        kind = r.random()
        if kind < 0.55:
            s = 32 if r.random() < 0.8 else 16
            sfx = SUFFIX[s]
            k = r.random()
            if k < 0.4:
                name, _ = self.reg(s, dest=False)
                self.emit("push%s %%%s" % (sfx, name))
            elif k < 0.7:
                self.emit("push%s $0x%x" % (sfx, self.imm(s) if s == 16 or r.random() < 0.5
                                           else r.randrange(-128, 128) & 0xFFFFFFFF))
            else:
                self.emit("push%s %s" % (sfx, self.mem(s)))
            if r.random() < 0.5:
                name, _ = self.reg(s)
                self.emit("pop%s %%%s" % (sfx, name))
            else:
                # POP to an ESP-based operand computes the address after the increment (SDM
                # vol. 2 POP); mem() addresses relative to the ESP of the next instruction.
                self.emit("pop%s %s" % (sfx, self.mem(s)))
        elif kind < 0.7:
            self.emit("pushal")
            slot = r.randrange(8)
            if slot != 3 and r.random() < 0.7:  # slot 3 is the ignored ESP image
                self.emit("movl $0x%x, %d(%%esp)" % (self.imm(32), 4 * slot))
            self.emit("popal")
        elif kind < 0.85:
            self.emit("pushfl")
            dst, _ = self.reg(32)
            self.emit("popl %%%s" % dst)
            # POPF with arithmetic flags only: TF/AC/DF would change later behaviour.
            self.emit("pushl $0x%x" % (r.getrandbits(12) & (ARITH) | 0x2))
            self.emit("popfl")
        elif kind < 0.92:
            n = r.randrange(0, 17) * 4
            level = 0
            if r.random() < 0.4:
                # ENTER with a nesting level copies level-1 frame pointers from below the old
                # EBP (SDM vol. 2 ENTER): point EBP into the scratch area first.
                level = r.randrange(1, 4)
                self.emit("movl $data_area+%d, %%ebp" % r.randrange(16, SCRATCH - 4))
            self.emit("enter $%d, $%d" % (n, level))
            if n:
                self.emit("movl %%%s, -%d(%%ebp)" % (r.choice(R32), r.randrange(1, n // 4 + 1) * 4))
            self.emit("leave")
        else:
            # POP ESP loads the value read from the stack (SDM vol. 2 POP): balanced here.
            self.emit("pushl %esp")
            self.emit("popl %esp")

    def g_flags(self):
        r = self.r
        k = r.random()
        if k < 0.3:
            if r.random() < 0.5:
                self.emit("movb $0x%x, %%ah" % r.getrandbits(8))
            self.emit("sahf")
        elif k < 0.5:
            self.emit("lahf")
        else:
            self.emit(self.pick(["clc", "stc", "cmc"]))

    def g_bcd(self):
        r = self.r
        op = self.pick(["daa", "das", "aaa", "aas", "aam", "aad"])
        if r.random() < 0.5:
            self.emit("movb $0x%x, %%al" % r.getrandbits(8))
        if op in ("daa", "das"):
            self.emit(op)
            self.normalise(OF)  # SDM vol. 2 DAA/DAS: OF undefined
        elif op in ("aaa", "aas"):
            # Processor generations differ when AL +/- 6 carries or borrows: the 80386 manual
            # (AAA/AAS, "Operation") adjusts AL alone, the current SDM vol. 2 all of AX.  Keep AL
            # where both agree: AL <= 0xf9 for AAA, AL >= 6 for AAS.
            lo, hi = (0, 0xFA) if op == "aaa" else (6, 0x100)
            self.emit("movb $0x%x, %%al" % r.randrange(lo, hi))
            self.emit(op)
            self.normalise(OF | SF | ZF | PF)  # SDM vol. 2 AAA/AAS
        else:
            base = 10 if r.random() < 0.5 else r.randrange(1 if op == "aam" else 0, 256)
            self.emit("%s $%d" % (op, base))  # AAM 0 would raise #DE
            self.normalise(OF | AF | CF)  # SDM vol. 2 AAM/AAD

    def g_misc(self):
        """NOP forms and near control transfers whose targets are the next instruction.  Code
        addresses never stay in a register or in the data area: they differ between variants of
        a program (--perturb)."""
        r = self.r
        k = r.randrange(7)
        if k == 0:
            self.emit(r.choice(["nop", "nopl 0x0(%eax,%eax,1)", "nopw 0x0(%eax,%eax,1)",
                                "nopl 0x12345678(%ebx)", "xchgl %eax, %eax", "pause"]))
        elif k == 1:
            self.emit("call 2f")
            self.emit("2:")
            self.emit("leal 4(%esp), %esp")  # LEA: drop the return address, flags intact
            self.emit("movl $0, -4(%esp)")
        elif k == 2:
            self.emit("pushl $2f")
            self.emit("ret")
            self.emit("2:")
            self.emit("movl $0, -4(%esp)")
        elif k == 3:
            self.emit("pushl $0x%x" % r.getrandbits(32))
            self.emit("pushl $2f")
            self.emit("ret $4")  # RET imm16 pops the return address, then imm16 bytes
            self.emit("2:")
            self.emit("movl $0, -4(%esp)")
            self.emit("movl $0, -8(%esp)")
        else:
            num = r.choice([0, 1, 2, 3, 5, 6, 7])
            via_mem = k >= 5
            if via_mem:
                off = r.randrange(0, SCRATCH - 4)
                self.emit("movl $2f, data_area+%d" % off)
                target = "*data_area+%d" % off
            else:
                self.emit("movl $2f, %%%s" % R32[num])
                target = "*%" + R32[num]
            if k in (4, 5):
                self.emit("jmp %s" % target)
                self.emit("2:")
            else:
                self.emit("call %s" % target)
                self.emit("2:")
                self.emit("leal 4(%esp), %esp")
                self.emit("movl $0, -4(%esp)")
            if via_mem:
                self.emit("movl $0x%x, data_area+%d" % (r.getrandbits(32), off))
            else:
                self.set_reg(num, r.getrandbits(32))

    def g_xlat(self):
        self.emit("movl $data_area+%d, %%ebx" % self.r.randrange(0, SCRATCH - 256))
        self.emit("xlat")

    FAMILIES = [
        ("g_alu", 14), ("g_incdec", 5), ("g_shift", 9), ("g_shld", 3), ("g_mul", 5),
        ("g_div", 4), ("g_bt", 4), ("g_bsf", 2), ("g_bswap", 1), ("g_cmpxchg", 3),
        ("g_cmpxchg8b", 1), ("g_xadd_xchg", 3), ("g_cmov_set", 5), ("g_branch", 3),
        ("g_lea", 4), ("g_mov", 8), ("g_convert", 1), ("g_string", 3), ("g_stack", 4),
        ("g_flags", 2), ("g_bcd", 3), ("g_xlat", 1), ("g_misc", 2),
    ]

    def block(self, insns):
        """Generate one block of about INSNS instructions; returns its lines."""
        self.lines = []
        self.count = 0
        names = [f for f, _ in self.FAMILIES]
        weights = [w for _, w in self.FAMILIES]
        while self.count < insns:
            getattr(self, self.r.choices(names, weights)[0])()
        return self.lines


def generate(seed, blocks, insns, perturb=False, skip=()):
    g = Gen(seed, perturb, skip)
    r = g.r
    data = bytes(r.getrandbits(8) for _ in range(DATA_SIZE))
    out = ["/* Generated by tests/diff/gen.py --seed %d --blocks %d --insns %d: do not edit. */"
           % (seed, blocks, insns),
           "#define DIFF_BLOCKS %d" % blocks, '#include "runtime.S"', "", "\t.data",
           "\t.balign 16", "data_area:"]
    for i in range(0, DATA_SIZE, 16):
        out.append("\t.byte " + ", ".join("0x%02x" % b for b in data[i:i + 16]))
    out += ["data_area_end:", "\t.set stack_top, data_area + %d" % STACK_TOP_OFF, "",
            "\t.text", "blocks:"]
    listing = []
    total = 0
    init = ["movl $0x%x, %%%s" % (r.getrandbits(32), n) for n in R32 if n != "esp"]
    init += ["pushl $0x%x" % (r.getrandbits(12) & ARITH | 0x2), "popfl"]
    out += ["\t" + x for x in init]
    for b in range(blocks):
        lines = g.block(insns)
        total += g.count
        listing.append(lines)
        out.append("/* block %d */" % b)
        out += [x if x.endswith(":") else "\t" + x for x in lines]
        out.append("\tpushl $rec+%d" % (b * 40))
        out.append("\tcall record")
    out.append("\tjmp blocks_done")
    return "\n".join(out) + "\n", {"seed": seed, "blocks": blocks, "init": init,
                                   "listing": listing, "instructions": total}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--blocks", type=int, default=1000)
    ap.add_argument("--insns", type=int, default=24, help="instructions per block (about)")
    ap.add_argument("-o", "--output", required=True, help="the .S file to write")
    ap.add_argument("--listing", help="JSON listing of each block's instructions")
    ap.add_argument("--perturb", action="store_true",
                    help="scramble undefined flags before masking them (checks the masking)")
    ap.add_argument("--skip", default="", help="comma-separated mnemonics not to generate")
    a = ap.parse_args()
    text, listing = generate(a.seed, a.blocks, a.insns, a.perturb,
                             [m for m in a.skip.split(",") if m])
    with open(a.output, "w") as f:
        f.write(text)
    if a.listing:
        with open(a.listing, "w") as f:
            json.dump(listing, f)
    print("%s: %d blocks, %d instructions" % (a.output, a.blocks, listing["instructions"]),
          file=sys.stderr)


if __name__ == "__main__":
    main()
