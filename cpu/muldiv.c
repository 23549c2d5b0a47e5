/*
 * muldiv.c - MUL, IMUL (one, two and three operands), DIV, IDIV and the ASCII/decimal adjusts
 * (DAA DAS AAA AAS AAM AAD).  Facts: each instruction's page in SDM vol. 2; #DE on a zero
 * divisor or a quotient that does not fit (SDM vol. 3, 6.15 "Interrupt 0").
 */
#include "ops.h"

/* CF = OF = `wide` (upper half significant); SF ZF PF from the low result as Intel hosts do
 * (the SDM leaves them undefined), AF 0. */
static void mul_flags(struct cpu *c, unsigned sz, uint32_t low, int wide)
{
	flags_set(c, FL_STATUS, flags_szp(low, sz) | (wide ? FL_CF | FL_OF : 0));
}

/* Accumulator halves per size: AL/AH, AX/DX, EAX/EDX (SDM vol. 2, MUL table 4-9). */
static void acc_set(struct cpu *c, unsigned sz, uint64_t v)
{
	if (sz == SZ8)
		reg_set(c, EAX, SZ16, (uint32_t)v);
	else {
		unsigned bits = 8u << sz;
		reg_set(c, EAX, sz, (uint32_t)v);
		reg_set(c, EDX, sz, (uint32_t)(v >> bits));
	}
}
static uint64_t acc_get_wide(const struct cpu *c, unsigned sz)
{
	if (sz == SZ8)
		return reg_get(c, EAX, SZ16);
	return (uint64_t)reg_get(c, EDX, sz) << (8u << sz) | reg_get(c, EAX, sz);
}

static void do_mul(struct cpu *c, unsigned sz, uint32_t src)
{
	uint64_t p = (uint64_t)reg_get(c, EAX, sz) * src;
	acc_set(c, sz, p);
	mul_flags(c, sz, (uint32_t)p, (p >> (8u << sz)) != 0);
}

static void do_imul1(struct cpu *c, unsigned sz, uint32_t src)
{
	int64_t p = (int64_t)(int32_t)sext(reg_get(c, EAX, sz), sz) * (int32_t)sext(src, sz);
	acc_set(c, sz, (uint64_t)p);
	mul_flags(c, sz, (uint32_t)p, (int64_t)(int32_t)sext((uint32_t)p, sz) != p);
}

static void do_div(struct cpu *c, unsigned sz, uint32_t src)
{
	if (src == 0)
		cpu_raise(c, EXC_DE, 0, 0);
	uint64_t n = acc_get_wide(c, sz), q = n / src, r = n % src;
	if (q > sz_mask(sz))
		cpu_raise(c, EXC_DE, 0, 0);
	if (sz == SZ8)
		reg_set(c, EAX, SZ16, (uint32_t)(q | r << 8));
	else {
		reg_set(c, EAX, sz, (uint32_t)q);
		reg_set(c, EDX, sz, (uint32_t)r);
	}
}

static void do_idiv(struct cpu *c, unsigned sz, uint32_t src)
{
	int64_t dv = (int32_t)sext(src, sz);
	if (dv == 0)
		cpu_raise(c, EXC_DE, 0, 0);
	uint64_t raw = acc_get_wide(c, sz);
	unsigned bits = 16u << sz; /* dividend width */
	int64_t n = bits == 64 ? (int64_t)raw : (int64_t)(raw << (64 - bits)) >> (64 - bits);
	if (n == INT64_MIN && dv == -1)
		cpu_raise(c, EXC_DE, 0, 0);
	int64_t q = n / dv, r = n % dv;
	int64_t lim = (int64_t)sz_sign(sz);
	if (q >= lim || q < -lim) /* quotient must fit the signed destination */
		cpu_raise(c, EXC_DE, 0, 0);
	if (sz == SZ8)
		reg_set(c, EAX, SZ16, ((uint32_t)q & 0xffu) | ((uint32_t)r & 0xffu) << 8);
	else {
		reg_set(c, EAX, sz, (uint32_t)q);
		reg_set(c, EDX, sz, (uint32_t)r);
	}
}

/* F6/F7 /4../7, called from op_grp3. */
void muldiv_grp3(struct cpu *c, struct insn *d)
{
	uint32_t src = rm_read(c, d);
	switch (d->reg) {
	case 4: do_mul(c, d->sz, src); break;
	case 5: do_imul1(c, d->sz, src); break;
	case 6: do_div(c, d->sz, src); break;
	default: do_idiv(c, d->sz, src); break;
	}
}

static uint32_t imul_trunc(struct cpu *c, unsigned sz, uint32_t a, uint32_t b)
{
	int64_t p = (int64_t)(int32_t)sext(a, sz) * (int32_t)sext(b, sz);
	mul_flags(c, sz, (uint32_t)p, (int64_t)(int32_t)sext((uint32_t)p, sz) != p);
	return (uint32_t)p;
}

/* 0F AF: IMUL Gv, Ev. */
void op_imul2(struct cpu *c, struct insn *d)
{
	reg_set(c, d->reg, d->sz, imul_trunc(c, d->sz, reg_get(c, d->reg, d->sz), rm_read(c, d)));
}

/* 69/6B: IMUL Gv, Ev, imm. */
void op_imul3(struct cpu *c, struct insn *d)
{
	reg_set(c, d->reg, d->sz, imul_trunc(c, d->sz, rm_read(c, d), d->imm));
}

/* D4 ib: AAM.  Base 0 is #DE (SDM vol. 2, AAM). OF AF CF undefined: 0. */
void op_aam(struct cpu *c, struct insn *d)
{
	uint32_t base = d->imm & 0xffu, al = reg_get(c, EAX, SZ8);
	if (base == 0)
		cpu_raise(c, EXC_DE, 0, 0);
	reg_set(c, EAX, SZ16, (al / base) << 8 | (al % base));
	flags_set(c, FL_STATUS, flags_szp(al % base, SZ8));
}

/* D5 ib: AAD. */
void op_aad(struct cpu *c, struct insn *d)
{
	uint32_t al =
	    (reg_get(c, EAX, SZ8) + reg_get(c, 4 /* AH */, SZ8) * (d->imm & 0xffu)) & 0xffu;
	reg_set(c, EAX, SZ16, al);
	flags_set(c, FL_STATUS, flags_szp(al, SZ8));
}

/* 27 DAA and 2F DAS (SDM vol. 2, DAA/DAS "Operation"); OF undefined: 0. */
static void decimal_adjust(struct cpu *c, int sub)
{
	uint32_t f = flags_compute(c), al = reg_get(c, EAX, SZ8), old_al = al;
	int old_cf = (f & FL_CF) != 0, cf = 0, af = 0;
	if ((al & 0xfu) > 9 || (f & FL_AF)) {
		cf = old_cf || (sub ? al < 6 : al + 6 > 0xff);
		al = (sub ? al - 6 : al + 6) & 0xffu;
		af = 1;
	}
	if (old_al > 0x99 || old_cf) {
		al = (sub ? al - 0x60 : al + 0x60) & 0xffu;
		cf = 1;
	} else if (!sub) {
		cf = 0;
	}
	reg_set(c, EAX, SZ8, al);
	flags_set(c, FL_STATUS, flags_szp(al, SZ8) | (cf ? FL_CF : 0) | (af ? FL_AF : 0));
}
void op_daa(struct cpu *c, struct insn *d)
{
	(void)d;
	decimal_adjust(c, 0);
}
void op_das(struct cpu *c, struct insn *d)
{
	(void)d;
	decimal_adjust(c, 1);
}

/* 37 AAA: AX += 0x106; 3F AAS: AX -= 6 (a borrow reaches AH), then AH -= 1 (SDM vol. 2, AAA and
 * AAS "Operation").  Only AF and CF are defined. */
static void ascii_adjust(struct cpu *c, int sub)
{
	uint32_t ax = reg_get(c, EAX, SZ16);
	int adj = (ax & 0xfu) > 9 || (flags_compute(c) & FL_AF);
	if (adj)
		ax = sub ? ax - 6u - 0x100u : ax + 0x106u;
	reg_set(c, EAX, SZ16, ax & 0xff0fu);
	flags_set(c, FL_AF | FL_CF, adj ? FL_AF | FL_CF : 0);
}
void op_aaa(struct cpu *c, struct insn *d)
{
	(void)d;
	ascii_adjust(c, 0);
}
void op_aas(struct cpu *c, struct insn *d)
{
	(void)d;
	ascii_adjust(c, 1);
}
