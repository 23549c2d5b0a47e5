/*
 * bitops.c - BT BTS BTR BTC, BSF BSR, BSWAP, and the atomic-style exchanges CMPXCHG,
 * CMPXCHG8B, XADD (single-threaded, so LOCK changes nothing).  Facts: each instruction's page in
 * SDM vol. 2.
 */
#include "ops.h"

enum { BIT_BT, BIT_BTS, BIT_BTR, BIT_BTC };

/* CF = the selected bit; ZF unchanged; OF SF AF PF undefined (left unchanged, as Intel hosts
 * do).  Returns the operand with the bit set/cleared/complemented. */
static uint32_t bit_apply(struct cpu *c, unsigned kind, uint32_t v, unsigned bit)
{
	uint32_t mask = 1u << bit;
	flags_set(c, FL_CF, (v & mask) ? FL_CF : 0);
	switch (kind) {
	case BIT_BTS: return v | mask;
	case BIT_BTR: return v & ~mask;
	case BIT_BTC: return v ^ mask;
	default: return v;
	}
}

/* `offset` selects a bit; with a register offset and a memory operand it is a signed bit-string
 * index that may address outside the operand (SDM vol. 2, BT, "bit base / bit offset"). */
static void bit_op(struct cpu *c, struct insn *d, unsigned kind, uint32_t offset, int bitstring)
{
	unsigned bits = 8u << d->sz;
	unsigned bit = offset & (bits - 1u);
	if (d->mod == 3) {
		uint32_t v = reg_get(c, d->rm, d->sz);
		uint32_t r = bit_apply(c, kind, v, bit);
		if (kind != BIT_BT)
			reg_set(c, d->rm, d->sz, r);
		return;
	}
	uint32_t ea = d->ea;
	if (bitstring) {
		int32_t s = (int32_t)sext(offset, d->sz);
		ea += (uint32_t)((s >> (d->sz == SZ16 ? 4 : 5)) * (int32_t)(bits / 8u));
	}
	if (kind == BIT_BT) {
		bit_apply(c, kind, mem_read(c, ea, d->sz), bit);
		return;
	}
	struct mref m;
	uint32_t v = mem_rmw_read(c, ea, d->sz, &m);
	mem_rmw_write(&m, bit_apply(c, kind, v, bit));
}

/* 0F A3 BT, AB BTS, B3 BTR, BB BTC: Ev, Gv. */
void op_bt_reg(struct cpu *c, struct insn *d)
{
	bit_op(c, d, (d->op >> 3) & 3u, reg_get(c, d->reg, d->sz), 1);
}

/* 0F BA /4../7: Ev, imm8 (offset taken modulo the operand size). */
void op_grp8(struct cpu *c, struct insn *d)
{
	if (d->reg < 4)
		raise_ud(c);
	bit_op(c, d, d->reg - 4u, d->imm, 0);
}

/* 0F BC BSF / 0F BD BSR: a zero source sets ZF and leaves the destination unchanged (what P6
 * and later do; the SDM says undefined).  The other flags are left unchanged. */
void op_bsf_bsr(struct cpu *c, struct insn *d)
{
	uint32_t v = rm_read(c, d);
	if (v == 0) {
		flags_set(c, FL_ZF, FL_ZF);
		return;
	}
	unsigned idx =
	    d->op == 0x1bc ? (unsigned)__builtin_ctz(v) : 31u - (unsigned)__builtin_clz(v);
	flags_set(c, FL_ZF, 0);
	reg_set(c, d->reg, d->sz, idx);
}

/* 0F C8+r BSWAP r32 (with 0x66 the result is undefined; we clear the low word as Intel does). */
void op_bswap(struct cpu *c, struct insn *d)
{
	unsigned r = d->op & 7u;
	if (d->opsize16)
		reg_set(c, r, SZ16, 0);
	else
		c->r[r] = __builtin_bswap32(c->r[r]);
}

/* 0F B0/B1 CMPXCHG Ev, Gv: flags of CMP acc, dest; the destination is written either way
 * (with its old value on failure), so memory is one write lookup. */
void op_cmpxchg(struct cpu *c, struct insn *d)
{
	struct mref m;
	uint32_t dst = rm_rmw_read(c, d, &m), acc = reg_get(c, EAX, d->sz);
	alu_op(c, 7 /* CMP */, d->sz, acc, dst);
	if (acc == dst) {
		rm_rmw_write(c, d, &m, reg_get(c, d->reg, d->sz));
	} else {
		rm_rmw_write(c, d, &m, dst);
		reg_set(c, EAX, d->sz, dst);
	}
}

/* 0F C7 /1 CMPXCHG8B m64: only ZF changes; a register operand is #UD. */
void op_grp9(struct cpu *c, struct insn *d)
{
	if (d->reg != 1 || d->mod == 3)
		raise_ud(c);
	uint8_t *p[2];
	unsigned n1 = 8;
	p[0] = mem_xlate(c, d->ea, MMU_WRITE);
	p[1] = NULL;
	if (crosses_page(d->ea, 8)) {
		n1 = PAGE_SIZE - (d->ea & (PAGE_SIZE - 1u));
		p[1] = mem_xlate(c, d->ea + n1, MMU_WRITE);
	}
	uint64_t v, cmp = (uint64_t)c->r[EDX] << 32 | c->r[EAX];
	memcpy(&v, p[0], n1);
	if (p[1])
		memcpy((uint8_t *)&v + n1, p[1], 8 - n1);
	uint64_t out = v == cmp ? (uint64_t)c->r[ECX] << 32 | c->r[EBX] : v;
	memcpy(p[0], &out, n1);
	if (p[1])
		memcpy(p[1], (uint8_t *)&out + n1, 8 - n1);
	if (v != cmp) {
		c->r[EAX] = (uint32_t)v;
		c->r[EDX] = (uint32_t)(v >> 32);
	}
	flags_set(c, FL_ZF, v == cmp ? FL_ZF : 0);
}

/* 0F C0/C1 XADD Ev, Gv: TEMP = SRC + DEST; SRC = DEST; DEST = TEMP (the destination last, so
 * XADD r, r with one register keeps the sum). */
void op_xadd(struct cpu *c, struct insn *d)
{
	struct mref m;
	uint32_t dst = rm_rmw_read(c, d, &m);
	uint32_t sum = alu_op(c, 0 /* ADD */, d->sz, dst, reg_get(c, d->reg, d->sz));
	reg_set(c, d->reg, d->sz, dst);
	rm_rmw_write(c, d, &m, sum);
}
