/*
 * string.c - MOVS CMPS STOS LODS SCAS with REP/REPE/REPNE, and INS/OUTS (#GP at CPL 3).
 * Facts: SDM vol. 2, "REP/REPE/REPZ/REPNE/REPNZ": the count is tested before each iteration,
 * ZF after it for CMPS/SCAS; a fault in iteration k leaves ECX/ESI/EDI as after iteration k-1
 * with EIP at the instruction, so it resumes.  The source segment may be overridden, ES:EDI
 * never (SDM vol. 2, MOVS).
 */
#include "ops.h"

/* One element's worth of work; returns nothing, flags lazily for CMPS/SCAS. */
typedef void (*string_step)(struct cpu *c, const struct insn *d, uint32_t src, uint32_t dst);

static void step_movs(struct cpu *c, const struct insn *d, uint32_t src, uint32_t dst)
{
	mem_write(c, dst, d->sz, mem_read(c, src, d->sz));
}
static void step_cmps(struct cpu *c, const struct insn *d, uint32_t src, uint32_t dst)
{
	uint32_t a = mem_read(c, src, d->sz);
	alu_op(c, 7 /* CMP */, d->sz, a, mem_read(c, dst, d->sz));
}
static void step_stos(struct cpu *c, const struct insn *d, uint32_t src, uint32_t dst)
{
	(void)src;
	mem_write(c, dst, d->sz, reg_get(c, EAX, d->sz));
}
static void step_lods(struct cpu *c, const struct insn *d, uint32_t src, uint32_t dst)
{
	(void)dst;
	reg_set(c, EAX, d->sz, mem_read(c, src, d->sz));
}
static void step_scas(struct cpu *c, const struct insn *d, uint32_t src, uint32_t dst)
{
	(void)src;
	alu_op(c, 7 /* CMP */, d->sz, reg_get(c, EAX, d->sz), mem_read(c, dst, d->sz));
}

enum { USES_SRC = 1, USES_DST = 2, TESTS_ZF = 4 };

static void run_string(struct cpu *c, const struct insn *d, string_step step, unsigned uses)
{
	unsigned asz = d->adsize16 ? SZ16 : SZ32; /* 0x67: SI, DI and CX */
	uint32_t delta = (c->eflags & FL_DF) ? (uint32_t) - (1 << d->sz) : 1u << d->sz;
	uint32_t sbase = seg_base(c, d, SEG_DS), dbase = c->seg[SEG_ES].base;
	if (d->rep == REP_NONE) {
		step(c, d, sbase + reg_get(c, ESI, asz), dbase + reg_get(c, EDI, asz));
		if (uses & USES_SRC)
			reg_set(c, ESI, asz, c->r[ESI] + delta);
		if (uses & USES_DST)
			reg_set(c, EDI, asz, c->r[EDI] + delta);
		return;
	}
	while (reg_get(c, ECX, asz) != 0) {
		if (UNLIKELY(c->stop_request)) { /* like an interrupt between iterations */
			CORE(c)->exit = CPU_EXIT_STOP;
			c->stop_request = 0;
			longjmp(CORE(c)->unwind, UNWIND_FAULT);
		}
		step(c, d, sbase + reg_get(c, ESI, asz), dbase + reg_get(c, EDI, asz));
		if (uses & USES_SRC)
			reg_set(c, ESI, asz, c->r[ESI] + delta);
		if (uses & USES_DST)
			reg_set(c, EDI, asz, c->r[EDI] + delta);
		reg_set(c, ECX, asz, c->r[ECX] - 1u);
		if ((uses & TESTS_ZF) && cond_true(c, 4 /* E */) != (d->rep == REP_Z))
			break;
	}
}

void op_movs(struct cpu *c, struct insn *d)
{
	run_string(c, d, step_movs, USES_SRC | USES_DST);
}
void op_cmps(struct cpu *c, struct insn *d)
{
	run_string(c, d, step_cmps, USES_SRC | USES_DST | TESTS_ZF);
}
void op_stos(struct cpu *c, struct insn *d)
{
	run_string(c, d, step_stos, USES_DST);
}
void op_lods(struct cpu *c, struct insn *d)
{
	run_string(c, d, step_lods, USES_SRC);
}
void op_scas(struct cpu *c, struct insn *d)
{
	run_string(c, d, step_scas, USES_DST | TESTS_ZF);
}
