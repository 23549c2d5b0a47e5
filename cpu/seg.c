/*
 * seg.c - segment registers: loading a selector through the GDT (TLS segments after
 * set_thread_area), MOV to/from Sreg, PUSH/POP Sreg, LDS/LES/LSS/LFS/LGS, ARPL.
 * Facts: SDM vol. 3, 3.4.2 (selectors), 3.4.5 (descriptor layout), 5.5-5.7 (privilege checks
 * when loading a data segment register or SS).
 */
#include "ops.h"

#define SEL_TI    0x4u /* table indicator: 1 = LDT (Linux user programs have none here) */
#define SEL_RPL   0x3u
#define DESC_S    (1ull << 44) /* code/data (not system) */
#define DESC_P    (1ull << 47)
#define DESC_G    (1ull << 55)
#define DESC_CODE (1ull << 43)
#define DESC_RW   (1ull << 41) /* readable (code) or writable (data) */

static uint32_t desc_base(uint64_t d)
{
	return (uint32_t)((d >> 16) & 0xffffffu) | (uint32_t)((d >> 56) & 0xffu) << 24;
}
static uint32_t desc_limit(uint64_t d)
{
	uint32_t lim = (uint32_t)(d & 0xffffu) | (uint32_t)((d >> 48) & 0xfu) << 16;
	return (d & DESC_G) ? lim << 12 | 0xfffu : lim;
}
static unsigned desc_dpl(uint64_t d)
{
	return (unsigned)(d >> 45) & 3u;
}

int cpu_load_seg(struct cpu *c, int sreg, uint16_t sel)
{
	unsigned idx = sel >> 3;
	if (sreg < 0 || sreg >= SEG_COUNT)
		return -1;
	if (idx == 0 && !(sel & SEL_TI)) { /* null selector: fine except for CS and SS */
		if (sreg == SEG_CS || sreg == SEG_SS)
			return -1;
		c->seg[sreg].sel = sel;
		c->seg[sreg].base = 0;
		c->seg[sreg].limit = 0xffffffffu;
		return 0;
	}
	if ((sel & SEL_TI) || idx >= GDT_ENTRIES)
		return -1;
	uint64_t d = c->gdt[idx];
	/* CPL is 3: DPL must be 3 (>= max(CPL, RPL)); SS also needs RPL 3 and a writable data
	 * segment; CS a code segment; the others data or readable code. */
	if (!(d & DESC_S) || !(d & DESC_P) || desc_dpl(d) != 3)
		return -1;
	int code = (d & DESC_CODE) != 0;
	if (sreg == SEG_CS   ? !code
	    : sreg == SEG_SS ? (code || !(d & DESC_RW) || (sel & SEL_RPL) != 3)
	                     : (code && !(d & DESC_RW)))
		return -1;
	c->seg[sreg].sel = sel;
	c->seg[sreg].base = desc_base(d);
	c->seg[sreg].limit = desc_limit(d);
	return 0;
}

/* Load or #GP(selector) (#GP(0) for a null SS). */
static void load_or_fault(struct cpu *c, int sreg, uint16_t sel)
{
	if (cpu_load_seg(c, sreg, sel) != 0)
		cpu_raise(c, EXC_GP, sel & ~SEL_RPL, 1);
}

/* 8C MOV Ev, Sreg: a register destination is zero-extended to 32 bits on P6 and later, a memory
 * destination is always a word (SDM vol. 2, MOV, notes). */
void op_mov_from_seg(struct cpu *c, struct insn *d)
{
	if (d->reg >= SEG_COUNT)
		raise_ud(c);
	uint32_t v = c->seg[d->reg].sel;
	if (d->mod == 3)
		reg_set(c, d->rm, d->sz, v);
	else
		mem_write(c, d->ea, SZ16, v);
}

/* 8E MOV Sreg, Ew: CS is not loadable this way (#UD). */
void op_mov_to_seg(struct cpu *c, struct insn *d)
{
	if (d->reg >= SEG_COUNT || d->reg == SEG_CS)
		raise_ud(c);
	load_or_fault(c, d->reg, (uint16_t)rm_read_sz(c, d, SZ16));
}

/* The segment register of 06/07 0E 16/17 1E/1F 0F A0/A1 0F A8/A9. */
static int push_pop_sreg(uint16_t op)
{
	if (op >= 0x100)
		return op >= 0x1a8 ? SEG_GS : SEG_FS;
	return (op >> 3) & 3;
}

/* PUSH Sreg with a 32-bit operand: ESP moves by 4 but only the low word is written, as recent
 * Intel processors do (SDM vol. 2, PUSH, notes). */
void op_push_seg(struct cpu *c, struct insn *d)
{
	uint32_t esp = c->r[ESP] - (1u << d->sz);
	mem_write(c, c->seg[SEG_SS].base + esp, SZ16, c->seg[push_pop_sreg(d->op)].sel);
	c->r[ESP] = esp;
}

void op_pop_seg(struct cpu *c, struct insn *d)
{
	uint16_t sel = (uint16_t)mem_read(c, c->seg[SEG_SS].base + c->r[ESP], SZ16);
	load_or_fault(c, push_pop_sreg(d->op), sel);
	c->r[ESP] += 1u << d->sz;
}

/* C4 LES, C5 LDS, 0F B2 LSS, 0F B4 LFS, 0F B5 LGS: Gv, Mp (offset then selector). */
void op_load_far(struct cpu *c, struct insn *d)
{
	if (d->mod == 3)
		raise_ud(c);
	int sreg = d->op == 0xc4    ? SEG_ES
	           : d->op == 0xc5  ? SEG_DS
	           : d->op == 0x1b2 ? SEG_SS
	           : d->op == 0x1b4 ? SEG_FS
	                            : SEG_GS;
	uint32_t off = mem_read(c, d->ea, d->sz);
	uint16_t sel = (uint16_t)mem_read(c, d->ea + (1u << d->sz), SZ16);
	load_or_fault(c, sreg, sel);
	reg_set(c, d->reg, d->sz, off);
}

/* 63 ARPL Ew, Gw: raise the destination's RPL to the source's, ZF says whether it changed. */
void op_arpl(struct cpu *c, struct insn *d)
{
	struct mref m;
	struct insn w = *d; /* the operands are words whatever the operand size */
	w.sz = SZ16;
	d = &w;
	uint32_t dst = rm_rmw_read(c, d, &m), src = reg_get(c, d->reg, SZ16);
	if ((dst & 3u) < (src & 3u)) {
		rm_rmw_write(c, d, &m, (dst & ~3u) | (src & 3u));
		flags_set(c, FL_ZF, FL_ZF);
	} else {
		rm_rmw_write(c, d, &m, dst);
		flags_set(c, FL_ZF, 0);
	}
}
