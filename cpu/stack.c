/*
 * stack.c - PUSH/POP in their forms, PUSHA/POPA, PUSHF/POPF, ENTER/LEAVE.  The stack is SS:ESP
 * (a 32-bit stack: the B bit of Linux's user data segment is set).  A push writes first and
 * moves ESP after, a pop reads first, and instructions that push or pop several values move ESP
 * once at the end, so a faulting one leaves ESP as it was (exec.c relies on it).
 * Facts: SDM vol. 2, PUSH, POP.
 */
#include "ops.h"

void push(struct cpu *c, unsigned sz, uint32_t v)
{
	uint32_t esp = c->r[ESP] - (1u << sz);
	mem_write(c, c->seg[SEG_SS].base + esp, sz, v);
	c->r[ESP] = esp;
}

uint32_t pop(struct cpu *c, unsigned sz)
{
	uint32_t v = mem_read(c, c->seg[SEG_SS].base + c->r[ESP], sz);
	c->r[ESP] += 1u << sz;
	return v;
}

/* Push v[0], v[1], ... in that order; one access (lookup) each; ESP moves after the last. */
void push_many(struct cpu *c, unsigned sz, const uint32_t *v, unsigned n)
{
	uint32_t esp = c->r[ESP], step = 1u << sz;
	for (unsigned i = 0; i < n; i++) {
		esp -= step;
		mem_write(c, c->seg[SEG_SS].base + esp, sz, v[i]);
	}
	c->r[ESP] = esp;
}

/* Pop n values into out[0], out[1], ...; ESP moves after the last. */
void pop_many(struct cpu *c, unsigned sz, uint32_t *out, unsigned n)
{
	uint32_t esp = c->r[ESP], step = 1u << sz;
	for (unsigned i = 0; i < n; i++) {
		out[i] = mem_read(c, c->seg[SEG_SS].base + esp, sz);
		esp += step;
	}
	c->r[ESP] = esp;
}

/* 50-57 PUSH r: PUSH ESP pushes the value before the push. */
void op_push_reg(struct cpu *c, struct insn *d)
{
	push(c, d->sz, reg_get(c, d->op & 7u, d->sz));
}

/* 58-5F POP r: POP ESP loads ESP with the popped value. */
void op_pop_reg(struct cpu *c, struct insn *d)
{
	uint32_t v = pop(c, d->sz);
	reg_set(c, d->op & 7u, d->sz, v);
}

/* 32-bit PUSH r and POP r, chosen at decode time (stack_special). */
static void push_r32(struct cpu *c, struct insn *d)
{
	push(c, SZ32, c->r[d->op & 7u]);
}
static void pop_r32(struct cpu *c, struct insn *d)
{
	uint32_t v = pop(c, SZ32);
	c->r[d->op & 7u] = v;
}

op_fn stack_special(const struct insn *d)
{
	if (d->sz != SZ32)
		return NULL;
	return d->op < 0x58 ? push_r32 : pop_r32;
}

/* 68 PUSH imm16/32, 6A PUSH imm8 (sign-extended to the operand size). */
void op_push_imm(struct cpu *c, struct insn *d)
{
	push(c, d->sz, d->imm);
}

/* 8F /0 POP Ev: an address based on ESP is computed after ESP is incremented (SDM vol. 2, POP). */
void op_pop_rm(struct cpu *c, struct insn *d)
{
	if (d->reg != 0)
		raise_ud(c);
	uint32_t v = mem_read(c, c->seg[SEG_SS].base + c->r[ESP], d->sz);
	if (d->mod != 3 && d->esp_base)
		d->ea += 1u << d->sz;
	rm_write(c, d, v);
	if (!(d->mod == 3 && d->rm == ESP)) /* pop esp: the popped value wins */
		c->r[ESP] += 1u << d->sz;
}

/* 60 PUSHA: EAX ECX EDX EBX, the original ESP, EBP ESI EDI. */
void op_pusha(struct cpu *c, struct insn *d)
{
	uint32_t v[8];
	for (unsigned r = EAX; r <= EDI; r++)
		v[r] = c->r[r];
	push_many(c, d->sz, v, 8);
}

/* 61 POPA: the reverse, the saved ESP discarded. */
void op_popa(struct cpu *c, struct insn *d)
{
	uint32_t v[8];
	pop_many(c, d->sz, v, 8);
	for (unsigned i = 0; i < 8; i++)
		if (7 - i != ESP)
			reg_set(c, 7 - i, d->sz, v[i]);
}

/* 9C PUSHF: the image has VM and RF clear (SDM vol. 2, PUSHF). */
void op_pushf(struct cpu *c, struct insn *d)
{
	push(c, d->sz, flags_compute(c) & ~0x30000u);
}

/* 9D POPF: at CPL 3, IOPL 0 only the user bits change (cpu_set_eflags); 0x66 pops the low word. */
void op_popf(struct cpu *c, struct insn *d)
{
	uint32_t v = pop(c, d->sz);
	if (d->sz == SZ16)
		v = (flags_compute(c) & 0xffff0000u) | v;
	cpu_set_eflags(c, v);
}

/* C8 ENTER imm16, imm8 (SDM vol. 2, ENTER "Operation"; the level is taken modulo 32). */
void op_enter(struct cpu *c, struct insn *d)
{
	unsigned sz = stack_sz(d), n = 1u << sz, level = d->imm2 & 31u, k = 0;
	uint32_t v[33], ebp = c->r[EBP], frame = c->r[ESP] - n;
	v[k++] = reg_get(c, EBP, sz);
	if (level > 0) {
		for (unsigned i = 1; i < level; i++) {
			ebp -= n;
			v[k++] = mem_read(c, c->seg[SEG_SS].base + ebp, sz);
		}
		v[k++] = frame;
	}
	push_many(c, sz, v, k);
	reg_set(c, EBP, sz, frame);
	c->r[ESP] -= d->imm & 0xffffu;
}

/* C9 LEAVE: ESP = EBP, then pop EBP. */
void op_leave(struct cpu *c, struct insn *d)
{
	unsigned sz = stack_sz(d);
	uint32_t v = mem_read(c, c->seg[SEG_SS].base + c->r[EBP], sz);
	c->r[ESP] = c->r[EBP] + (1u << sz);
	reg_set(c, EBP, sz, v);
}
