/*
 * move.c - data movement that changes no status flag: MOV (all forms), MOVZX, MOVSX, XCHG, LEA,
 * CMOVcc, SETcc, CBW/CWDE, CWD/CDQ, XLAT, NOP; and the flag instructions CLC STC CMC CLD STD
 * LAHF SAHF.  Facts: each instruction's page in SDM vol. 2.
 */
#include "ops.h"

/* 88/89 MOV Ev,Gv; 8A/8B MOV Gv,Ev. */
void op_mov_rm(struct cpu *c, struct insn *d)
{
	if (d->op & 2u)
		reg_set(c, d->reg, d->sz, rm_read(c, d));
	else
		rm_write(c, d, reg_get(c, d->reg, d->sz));
}

/* The forms of 88-8B and C6/C7 compiled code uses most, chosen at decode time (mov_special). */
static void mov_r_r32(struct cpu *c, struct insn *d)
{
	c->r[d->op & 2u ? d->reg : d->rm] = c->r[d->op & 2u ? d->rm : d->reg];
}
static void mov_r_m32(struct cpu *c, struct insn *d)
{
	c->r[d->reg] = mem_read(c, d->ea, SZ32);
}
static void mov_m_r32(struct cpu *c, struct insn *d)
{
	mem_write(c, d->ea, SZ32, c->r[d->reg]);
}
static void mov_m_r8(struct cpu *c, struct insn *d)
{
	mem_write(c, d->ea, SZ8, reg_get(c, d->reg, SZ8));
}
static void mov_m_imm32(struct cpu *c, struct insn *d)
{
	mem_write(c, d->ea, SZ32, d->imm);
}
static void mov_m_imm8(struct cpu *c, struct insn *d)
{
	mem_write(c, d->ea, SZ8, d->imm);
}

op_fn mov_special(const struct insn *d)
{
	if (d->sz == SZ8)
		return d->op == 0x88 && d->mod != 3 ? mov_m_r8 : NULL;
	if (d->sz != SZ32)
		return NULL;
	if (d->mod == 3)
		return mov_r_r32;
	return d->op & 2u ? mov_r_m32 : mov_m_r32;
}

op_fn mov_imm_special(const struct insn *d)
{
	if (d->reg != 0 || d->mod == 3)
		return NULL;
	return d->sz == SZ8 ? mov_m_imm8 : d->sz == SZ32 ? mov_m_imm32 : NULL;
}

/* C6/C7 /0 MOV Ev, imm; the other reg values are undefined. */
void op_mov_rm_imm(struct cpu *c, struct insn *d)
{
	if (d->reg != 0)
		raise_ud(c);
	rm_write(c, d, d->imm);
}

/* B0-B7 MOV r8, imm8; B8-BF MOV r, imm. */
void op_mov_reg_imm(struct cpu *c, struct insn *d)
{
	reg_set(c, d->op & 7u, d->sz, d->imm);
}

/* A0-A3: MOV between the accumulator and a direct offset (moffs). */
void op_mov_moffs(struct cpu *c, struct insn *d)
{
	if (d->op & 2u)
		mem_write(c, d->ea, d->sz, reg_get(c, EAX, d->sz));
	else
		reg_set(c, EAX, d->sz, mem_read(c, d->ea, d->sz));
}

/* 0F B6/B7 MOVZX, 0F BE/BF MOVSX: the source is byte (B6/BE) or word (B7/BF). */
void op_movx(struct cpu *c, struct insn *d)
{
	unsigned src_sz = (d->op & 1u) ? SZ16 : SZ8;
	uint32_t v = rm_read_sz(c, d, src_sz);
	if (d->op >= 0x1be)
		v = sext(v, src_sz);
	reg_set(c, d->reg, d->sz, v);
}

/* MOVZX r32 from a byte or a word, in memory or a register: the common forms of op_movx. */
static void movzx_r32_m8(struct cpu *c, struct insn *d)
{
	c->r[d->reg] = mem_read(c, d->ea, SZ8);
}
static void movzx_r32_m16(struct cpu *c, struct insn *d)
{
	c->r[d->reg] = mem_read(c, d->ea, SZ16);
}
static void movzx_r32_r8(struct cpu *c, struct insn *d)
{
	c->r[d->reg] = reg_get(c, d->rm, SZ8);
}

op_fn movx_special(const struct insn *d)
{
	if (d->sz != SZ32 || d->op >= 0x1be)
		return NULL;
	if (d->mod == 3)
		return d->op == 0x1b6 ? movzx_r32_r8 : NULL;
	return d->op == 0x1b6 ? movzx_r32_m8 : movzx_r32_m16;
}

/* 86/87 XCHG Ev, Gv (a memory operand is one locked read-modify-write); 91-97 XCHG eAX, r. */
void op_xchg_rm(struct cpu *c, struct insn *d)
{
	struct mref m;
	uint32_t v = rm_rmw_read(c, d, &m), r = reg_get(c, d->reg, d->sz);
	rm_rmw_write(c, d, &m, r);
	reg_set(c, d->reg, d->sz, v);
}
void op_xchg_acc(struct cpu *c, struct insn *d)
{
	unsigned r = d->op & 7u;
	uint32_t v = reg_get(c, r, d->sz);
	reg_set(c, r, d->sz, reg_get(c, EAX, d->sz));
	reg_set(c, EAX, d->sz, v);
}

/* 8D LEA: the offset, no segment base; a register operand is #UD. */
void op_lea(struct cpu *c, struct insn *d)
{
	if (d->mod == 3)
		raise_ud(c);
	reg_set(c, d->reg, d->sz, d->off);
}

static void lea_r32(struct cpu *c, struct insn *d)
{
	c->r[d->reg] = d->off;
}

op_fn lea_special(const struct insn *d)
{
	return d->mod != 3 && d->sz == SZ32 ? lea_r32 : NULL;
}

/* 0F 40-4F CMOVcc: the source is read whatever the condition (a fault is possible even when
 * no move happens, SDM vol. 2, CMOVcc). */
void op_cmov(struct cpu *c, struct insn *d)
{
	uint32_t v = rm_read(c, d);
	if (cond_true(c, d->op & 0xfu))
		reg_set(c, d->reg, d->sz, v);
}

/* 0F 90-9F SETcc Eb. */
void op_setcc(struct cpu *c, struct insn *d)
{
	rm_write(c, d, (uint32_t)cond_true(c, d->op & 0xfu));
}

/* 98: CBW (0x66) / CWDE. */
void op_cbw(struct cpu *c, struct insn *d)
{
	if (d->opsize16)
		reg_set(c, EAX, SZ16, sext(c->r[EAX] & 0xffu, SZ8));
	else
		c->r[EAX] = sext(c->r[EAX] & 0xffffu, SZ16);
}

/* 99: CWD (0x66) / CDQ. */
void op_cwd(struct cpu *c, struct insn *d)
{
	uint32_t sign = (reg_get(c, EAX, d->sz) & sz_sign(d->sz)) ? 0xffffffffu : 0;
	reg_set(c, EDX, d->sz, sign);
}

/* D7 XLAT: AL = [seg:EBX + AL], DS overridable. */
void op_xlat(struct cpu *c, struct insn *d)
{
	uint32_t off = c->r[EBX] + (c->r[EAX] & 0xffu);
	if (d->adsize16)
		off &= 0xffffu;
	reg_set(c, EAX, SZ8, mem_read(c, seg_base(c, d, SEG_DS) + off, SZ8));
}

/* 90 NOP (F3 90 is PAUSE), 0F 18-1F hint NOPs with a ModR/M (never access memory), 9B WAIT. */
void op_nop(struct cpu *c, struct insn *d)
{
	(void)c;
	(void)d;
}

/* F5 CMC, F8 CLC, F9 STC, FC CLD, FD STD. */
void op_flagop(struct cpu *c, struct insn *d)
{
	switch (d->op) {
	case 0xf5: flags_set(c, FL_CF, flag_cf(c) ? 0 : FL_CF); break;
	case 0xf8: flags_set(c, FL_CF, 0); break;
	case 0xf9: flags_set(c, FL_CF, FL_CF); break;
	case 0xfc: c->eflags &= ~FL_DF; break;
	default: c->eflags |= FL_DF; break;
	}
}

/* 9E SAHF: SF ZF AF PF CF from AH; 9F LAHF: AH = SF:ZF:0:AF:0:PF:1:CF (SDM vol. 2). */
void op_sahf(struct cpu *c, struct insn *d)
{
	(void)d;
	uint32_t ah = (c->r[EAX] >> 8) & 0xffu;
	flags_set(c, FL_SF | FL_ZF | FL_AF | FL_PF | FL_CF, ah);
}
void op_lahf(struct cpu *c, struct insn *d)
{
	(void)d;
	uint32_t f = flags_compute(c) & (FL_SF | FL_ZF | FL_AF | FL_PF | FL_CF);
	reg_set(c, 4 /* AH */, SZ8, f | 0x2u);
}
