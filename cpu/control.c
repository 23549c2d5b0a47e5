/*
 * control.c - control transfer: Jcc, JMP, CALL, RET (near, and far within the one user code
 * segment), LOOP/LOOPE/LOOPNE/JECXZ, and group 5 (INC DEC CALL JMP PUSH on Ev).
 * On entry to a handler c->eip already holds the next instruction's address.  With 0x66 the
 * new EIP is truncated to 16 bits (SDM vol. 2, JMP "Operation").  Facts: SDM vol. 2.
 */
#include "ops.h"

static void jump_to(struct cpu *c, const struct insn *d, uint32_t target)
{
	c->eip = d->opsize16 ? target & 0xffffu : target;
}

/* 70-7F Jcc rel8, 0F 80-8F Jcc rel16/32. */
void op_jcc(struct cpu *c, struct insn *d)
{
	if (cond_true(c, d->op & 0xfu))
		jump_to(c, d, c->eip + d->imm);
}

/* One handler per condition, chosen at decode time (jcc_special): the condition folds to a test
 * of the lazy state. */
#define JCC(cc)                                                                                    \
	static void jcc_##cc(struct cpu *c, struct insn *d)                                        \
	{                                                                                          \
		if (cond_true(c, cc))                                                              \
			jump_to(c, d, c->eip + d->imm);                                            \
	}
JCC(0)
JCC(1)
JCC(2)
JCC(3)
JCC(4)
JCC(5)
JCC(6)
JCC(7)
JCC(8)
JCC(9)
JCC(10)
JCC(11)
JCC(12)
JCC(13)
JCC(14)
JCC(15)

op_fn jcc_special(const struct insn *d)
{
	static const op_fn by_cc[16] = {jcc_0,  jcc_1,  jcc_2,  jcc_3, jcc_4,  jcc_5,
	                                jcc_6,  jcc_7,  jcc_8,  jcc_9, jcc_10, jcc_11,
	                                jcc_12, jcc_13, jcc_14, jcc_15};
	return by_cc[d->op & 0xfu];
}

/* E9 JMP rel16/32, EB JMP rel8. */
void op_jmp_rel(struct cpu *c, struct insn *d)
{
	jump_to(c, d, c->eip + d->imm);
}

/* E8 CALL rel16/32: push the return address, jump. */
void op_call_rel(struct cpu *c, struct insn *d)
{
	push(c, stack_sz(d), c->eip);
	jump_to(c, d, c->eip + d->imm);
}

/* C3 RET, C2 RET imm16 (bytes released after popping EIP). */
void op_ret(struct cpu *c, struct insn *d)
{
	uint32_t target = pop(c, stack_sz(d));
	if (d->op == 0xc2)
		c->r[ESP] += d->imm & 0xffffu;
	jump_to(c, d, target);
}

/* A far transfer at CPL 3 can only target the current code segment here: Linux user programs
 * have one (USER_CS); anything else is refused as a not-loadable CS would be (#GP(sel)).
 * Checked before the stack changes. */
static void far_check(struct cpu *c, uint16_t sel)
{
	if ((sel & ~3u) != (c->seg[SEG_CS].sel & ~3u) || (sel & 3u) != 3u)
		cpu_raise(c, EXC_GP, sel & ~3u, 1);
}

/* A far CALL pushes CS then the return EIP. */
static void far_call(struct cpu *c, const struct insn *d, uint16_t sel, uint32_t off)
{
	far_check(c, sel);
	uint32_t ret[2] = {c->seg[SEG_CS].sel, c->eip};
	push_many(c, stack_sz(d), ret, 2);
	jump_to(c, d, off);
}

/* EA JMP ptr16:32, 9A CALL ptr16:32. */
void op_far_imm(struct cpu *c, struct insn *d)
{
	if (d->op == 0x9a) {
		far_call(c, d, (uint16_t)d->imm2, d->imm);
		return;
	}
	far_check(c, (uint16_t)d->imm2);
	jump_to(c, d, d->imm);
}

/* CB RETF, CA RETF imm16. */
void op_retf(struct cpu *c, struct insn *d)
{
	uint32_t v[2], esp = c->r[ESP];
	pop_many(c, stack_sz(d), v, 2);
	c->r[ESP] = esp;
	far_check(c, (uint16_t)v[1]);
	c->r[ESP] = esp + (2u << stack_sz(d)) + (d->op == 0xca ? d->imm & 0xffffu : 0);
	jump_to(c, d, v[0]);
}

/* E0 LOOPNE, E1 LOOPE, E2 LOOP, E3 JECXZ (CX with 0x67); LOOP changes no flag. */
void op_loop(struct cpu *c, struct insn *d)
{
	unsigned asz = d->adsize16 ? SZ16 : SZ32;
	int taken;
	if (d->op == 0xe3) {
		taken = reg_get(c, ECX, asz) == 0;
	} else {
		reg_set(c, ECX, asz, c->r[ECX] - 1u);
		taken = reg_get(c, ECX, asz) != 0;
		if (d->op == 0xe1)
			taken = taken && cond_true(c, 4 /* E */);
		else if (d->op == 0xe0)
			taken = taken && cond_true(c, 5 /* NE */);
	}
	if (taken)
		jump_to(c, d, c->eip + d->imm);
}

/* FF: /0 INC, /1 DEC, /2 CALL Ev, /3 CALLF Mp, /4 JMP Ev, /5 JMPF Mp, /6 PUSH Ev, /7 #UD. */
void op_grp5(struct cpu *c, struct insn *d)
{
	uint32_t target;
	switch (d->reg) {
	case 0:
	case 1: incdec_rm(c, d); break;
	case 2:
		target = rm_read(c, d);
		push(c, stack_sz(d), c->eip);
		jump_to(c, d, target);
		break;
	case 4: jump_to(c, d, rm_read(c, d)); break;
	case 6: push(c, d->sz, rm_read(c, d)); break;
	case 3:
	case 5: {
		if (d->mod == 3)
			raise_ud(c);
		unsigned n = 1u << d->sz;
		uint32_t off = mem_read(c, d->ea, d->sz);
		uint16_t sel = (uint16_t)mem_read(c, d->ea + n, SZ16);
		if (d->reg == 3) {
			far_call(c, d, sel, off);
		} else {
			far_check(c, sel);
			jump_to(c, d, off);
		}
		break;
	}
	default: raise_ud(c);
	}
}
