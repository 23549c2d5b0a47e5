/*
 * alu.c - the eight ALU operations (ADD OR ADC SBB AND SUB XOR CMP) in all their forms, INC,
 * DEC, NEG, NOT, TEST.  Flags as SDM vol. 2 gives them for each instruction; recorded lazily.
 */
#include "ops.h"

/* The ALU operation of opcode bits 5:3 and of the reg field of 80-83 (SDM vol. 2, B.1). */
enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

/* Inlined where the size is a constant so the masks fold away (the 32-bit register fast
 * paths below); alu_op() is the out-of-line entry for the other families. */
static inline __attribute__((always_inline)) uint32_t alu_do(struct cpu *c, unsigned op,
                                                             unsigned sz, uint32_t a, uint32_t b)
{
	uint32_t m = sz_mask(sz), r, cin;
	a &= m;
	b &= m;
	switch (op) {
	case ALU_ADD:
		r = (a + b) & m;
		lazy_set(c, LF_ADD, sz, r, a, b, 0);
		return r;
	case ALU_OR: r = a | b; break;
	case ALU_ADC:
		cin = (uint32_t)flag_cf(c);
		r = (a + b + cin) & m;
		lazy_set(c, LF_ADC, sz, r, a, b, cin);
		return r;
	case ALU_SBB:
		cin = (uint32_t)flag_cf(c);
		r = (a - b - cin) & m;
		lazy_set(c, LF_SBB, sz, r, a, b, cin);
		return r;
	case ALU_AND: r = a & b; break;
	case ALU_XOR: r = a ^ b; break;
	default: /* SUB, CMP */
		r = (a - b) & m;
		lazy_set(c, LF_SUB, sz, r, a, b, 0);
		return r;
	}
	lazy_set(c, LF_LOGIC, sz, r, a, b, 0);
	return r;
}

uint32_t alu_op(struct cpu *c, unsigned op, unsigned sz, uint32_t a, uint32_t b)
{
	return alu_do(c, op, sz, a, b);
}

/* The common case: 32-bit operands, destination a register. */
static inline void alu_reg32(struct cpu *c, unsigned op, unsigned dst, uint32_t src)
{
	uint32_t r = alu_do(c, op, SZ32, c->r[dst], src);
	if (op != ALU_CMP)
		c->r[dst] = r;
}

/* E op= src, for 80-83 and the E,G forms of 00-3D. */
static void alu_rm(struct cpu *c, struct insn *d, unsigned op, uint32_t src)
{
	if (op == ALU_CMP) { /* CMP only reads its destination */
		alu_op(c, op, d->sz, rm_read(c, d), src);
		return;
	}
	struct mref m;
	uint32_t dst = rm_rmw_read(c, d, &m);
	rm_rmw_write(c, d, &m, alu_op(c, op, d->sz, dst, src));
}

/* 00-3D: bits 2:0 select E,G / G,E / acc,imm; bit 0 byte or full size.  The 32-bit forms with
 * a register destination run the handlers alu_special() picks. */
void op_alu(struct cpu *c, struct insn *d)
{
	unsigned op = (d->op >> 3) & 7u;
	switch (d->op & 7u) {
	case 0:
	case 1: alu_rm(c, d, op, reg_get(c, d->reg, d->sz)); break;
	case 2:
	case 3: {
		uint32_t r = alu_op(c, op, d->sz, reg_get(c, d->reg, d->sz), rm_read(c, d));
		if (op != ALU_CMP)
			reg_set(c, d->reg, d->sz, r);
		break;
	}
	default: {
		uint32_t r = alu_op(c, op, d->sz, reg_get(c, EAX, d->sz), d->imm);
		if (op != ALU_CMP)
			reg_set(c, EAX, d->sz, r);
		break;
	}
	}
}

/* 80-83: immediate group 1, the operation in the reg field (32-bit registers: grp1_special). */
void op_grp1(struct cpu *c, struct insn *d)
{
	alu_rm(c, d, d->reg, d->imm);
}

/* 84/85 TEST E,G; A8/A9 TEST acc,imm.  AND without storing (SDM vol. 2, TEST).  Two 32-bit
 * registers: test_special. */
void op_test(struct cpu *c, struct insn *d)
{
	if (d->op >= 0xa8)
		alu_op(c, ALU_AND, d->sz, reg_get(c, EAX, d->sz), d->imm);
	else
		alu_op(c, ALU_AND, d->sz, rm_read(c, d), reg_get(c, d->reg, d->sz));
}

/*
 * Specialized handlers, chosen at decode time by alu_special() and grp1_special() for the forms
 * compiled code uses most: 32-bit operands with a register destination, and CMP of memory with
 * an immediate.  Each is the general handler's path for that form with the operation constant.
 */
#define ALU_FORMS(op, name)                                                                        \
	static void name##_rm_r32(struct cpu *c, struct insn *d)                                   \
	{                                                                                          \
		alu_reg32(c, op, d->rm, c->r[d->reg]);                                             \
	}                                                                                          \
	static void name##_r_rm32(struct cpu *c, struct insn *d)                                   \
	{                                                                                          \
		alu_reg32(c, op, d->reg, c->r[d->rm]);                                             \
	}                                                                                          \
	static void name##_r_m32(struct cpu *c, struct insn *d)                                    \
	{                                                                                          \
		alu_reg32(c, op, d->reg, mem_read(c, d->ea, SZ32));                                \
	}                                                                                          \
	static void name##_acc_imm32(struct cpu *c, struct insn *d)                                \
	{                                                                                          \
		alu_reg32(c, op, EAX, d->imm);                                                     \
	}                                                                                          \
	static void name##_rm_imm32(struct cpu *c, struct insn *d)                                 \
	{                                                                                          \
		alu_reg32(c, op, d->rm, d->imm);                                                   \
	}
ALU_FORMS(ALU_ADD, add)
ALU_FORMS(ALU_OR, or)
ALU_FORMS(ALU_ADC, adc)
ALU_FORMS(ALU_SBB, sbb)
ALU_FORMS(ALU_AND, and)
ALU_FORMS(ALU_SUB, sub)
ALU_FORMS(ALU_XOR, xor)
ALU_FORMS(ALU_CMP, cmp)

#define ALU_TABLE(form)                                                                            \
	{                                                                                          \
		add_##form, or_##form, adc_##form, sbb_##form, and_##form, sub_##form, xor_##form, \
		    cmp_##form                                                                     \
	}
static const op_fn alu_rm_r32[8] = ALU_TABLE(rm_r32), alu_r_rm32[8] = ALU_TABLE(r_rm32),
		   alu_r_m32[8] = ALU_TABLE(r_m32), alu_acc_imm32[8] = ALU_TABLE(acc_imm32),
		   alu_rm_imm32[8] = ALU_TABLE(rm_imm32);

/* CMP E, imm with a memory operand: a read and the flags. */
static void cmp_m_imm(struct cpu *c, struct insn *d)
{
	alu_op(c, ALU_CMP, d->sz, mem_read(c, d->ea, d->sz), d->imm);
}

static void test_rr32(struct cpu *c, struct insn *d)
{
	uint32_t a = c->r[d->rm], b = c->r[d->reg];
	lazy_set(c, LF_LOGIC, SZ32, a & b, a, b, 0);
}

op_fn test_special(const struct insn *d)
{
	return d->op == 0x85 && d->sz == SZ32 && d->mod == 3 ? test_rr32 : NULL;
}

op_fn alu_special(const struct insn *d)
{
	unsigned op = (d->op >> 3) & 7u;
	if (d->sz != SZ32)
		return NULL;
	switch (d->op & 7u) {
	case 1: return d->mod == 3 ? alu_rm_r32[op] : NULL;
	case 3: return d->mod == 3 ? alu_r_rm32[op] : alu_r_m32[op];
	case 5: return alu_acc_imm32[op];
	default: return NULL;
	}
}

op_fn grp1_special(const struct insn *d)
{
	if (d->mod == 3)
		return d->sz == SZ32 ? alu_rm_imm32[d->reg] : NULL;
	return d->reg == ALU_CMP ? cmp_m_imm : NULL;
}

/* INC/DEC keep CF (SDM vol. 2, INC, DEC): the old CF rides along in the lazy state. */
static uint32_t incdec(struct cpu *c, unsigned sz, uint32_t v, int dec)
{
	uint32_t m = sz_mask(sz), r = (dec ? v - 1u : v + 1u) & m;
	lazy_set(c, dec ? LF_DEC : LF_INC, sz, r, v & m, 1, (unsigned)flag_cf(c));
	return r;
}

void op_incdec_reg(struct cpu *c, struct insn *d)
{
	unsigned r = d->op & 7u;
	reg_set(c, r, d->sz, incdec(c, d->sz, reg_get(c, r, d->sz), d->op >= 0x48));
}

/* INC/DEC E: FE /0 /1 and FF /0 /1. */
void incdec_rm(struct cpu *c, struct insn *d)
{
	struct mref m;
	uint32_t v = rm_rmw_read(c, d, &m);
	rm_rmw_write(c, d, &m, incdec(c, d->sz, v, d->reg == 1));
}

/* FE: /0 INC Eb, /1 DEC Eb, the rest undefined. */
void op_grp4(struct cpu *c, struct insn *d)
{
	if (d->reg > 1)
		raise_ud(c);
	incdec_rm(c, d);
}

/* F6/F7: /0 /1 TEST E,imm; /2 NOT; /3 NEG; /4-/7 MUL IMUL DIV IDIV (muldiv.c). */
void op_grp3(struct cpu *c, struct insn *d)
{
	struct mref m;
	uint32_t v;
	switch (d->reg) {
	case 0:
	case 1: alu_op(c, ALU_AND, d->sz, rm_read(c, d), d->imm); break;
	case 2: /* NOT changes no flag */
		v = rm_rmw_read(c, d, &m);
		rm_rmw_write(c, d, &m, ~v);
		break;
	case 3: /* NEG: flags of 0 - v; CF = (v != 0) */
		v = rm_rmw_read(c, d, &m);
		rm_rmw_write(c, d, &m, alu_op(c, ALU_SUB, d->sz, 0, v));
		break;
	default: muldiv_grp3(c, d); break;
	}
}
