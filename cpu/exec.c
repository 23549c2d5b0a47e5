/*
 * exec.c - the interpreter loop: decode, dispatch through the opcode table, and the way out.
 * Faults unwind here with longjmp (one setjmp per cpu_run call) and EIP is put back to the start
 * of the instruction.  Exceptions are precise (SDM vol. 3, 6.5) because every handler changes
 * registers and flags only after its last possible fault (memory is translated before anything
 * is written; multi-push instructions write memory first and move ESP last).  Copying the
 * registers per instruction instead costs a store-forwarding stall each time.
 */
#include <stdlib.h>

#include "core.h"

/* Linux 2.5's flat user segments: GDT entries 14 and 15, RPL 3
 * (include/asm-i386/segment.h: __USER_CS 0x73, __USER_DS 0x7b). */
#define GDT_USER_CS   14
#define GDT_USER_DS   15
#define SEL_USER_CS   ((GDT_USER_CS << 3) | 3)
#define SEL_USER_DS   ((GDT_USER_DS << 3) | 3)
#define DESC_FLAT_UCS 0x00cffa000000ffffull /* base 0, limit 4 GiB, G, D, P, DPL 3, code r/x */
#define DESC_FLAT_UDS 0x00cff2000000ffffull /* base 0, limit 4 GiB, G, B, P, DPL 3, data r/w */
#define EFLAGS_INIT   0x202u                /* IF set, bit 1 reads 1 */

int cpu_init(struct cpu *c, struct mmu *m, const struct cpu_config *cfg)
{
	memset(c, 0, sizeof *c);
	c->priv = calloc(1, sizeof(struct core));
	if (!c->priv)
		return -1;
	c->mmu = m;
	if (cfg)
		c->cfg = *cfg;
	c->gdt[GDT_USER_CS] = DESC_FLAT_UCS;
	c->gdt[GDT_USER_DS] = DESC_FLAT_UDS;
	for (int s = 0; s < SEG_COUNT; s++) {
		c->seg[s].sel = s == SEG_CS ? SEL_USER_CS : SEL_USER_DS;
		c->seg[s].limit = 0xffffffffu;
	}
	c->seg[SEG_FS].sel = c->seg[SEG_GS].sel = 0;
	c->eflags = EFLAGS_INIT;
	CORE(c)->lf.op = LF_NONE;
	for (unsigned i = 0; i < DCACHE_SIZE; i++)
		CORE(c)->dcache[i].lin = DCACHE_INVALID;
	x87_init(&c->fpu);
	return 0;
}

void cpu_destroy(struct cpu *c)
{
	free(c->priv);
	c->priv = NULL;
}

_Noreturn void cpu_exit_after(struct cpu *c, enum cpu_exit why)
{
	c->icount++;
	CORE(c)->exit = why;
	longjmp(CORE(c)->unwind, UNWIND_COMMIT);
}

/* Execute the instruction at eip (c->eip); returns the address after it, where EIP goes unless
 * the handler jumps. */
static inline __attribute__((always_inline)) uint32_t step(struct cpu *c, struct core *k,
                                                           uint32_t eip, struct dcache_entry **prev)
{
	struct insn *d;
	k->insn_eip = eip;
	op_fn fn = decode(c, k, eip, &d, prev);
	uint32_t next = eip + d->len;
	c->eip = next;
	fn(c, d);
	c->icount++;
	return next;
}

/* A stop request, or TF set: single-step traps with #DB after an instruction that began with
 * TF = 1 (SDM vol. 3, 17.3.1.4), EIP past it. */
static enum cpu_exit run_slow(struct cpu *c, struct core *k)
{
	if (c->stop_request) {
		c->stop_request = 0;
		return CPU_EXIT_STOP;
	}
	struct dcache_entry *prev = NULL;
	step(c, k, c->eip, &prev);
	exc_record(c, EXC_DB, 0, 0);
	return CPU_EXIT_EXCEPTION;
}

/*
 * Not inlined into cpu_run: outside the function that calls setjmp the compiler keeps the loop's
 * values in registers.  EIP lives in a register too: the next instruction's address comes from
 * the decoding's length, and is read back from c->eip only when the handler changed it (a jump),
 * so that consecutive instructions do not wait on a store and reload of c->eip.  The empty asm
 * keeps the compiler from folding the two arms into that reload.
 */
static __attribute__((noinline)) enum cpu_exit run_loop(struct cpu *c, struct core *k, uint64_t end)
{
	uint32_t eip = c->eip;
	struct dcache_entry *prev = NULL;
	while (c->icount < end) {
		if (UNLIKELY(c->stop_request | (c->eflags & FL_TF)))
			return run_slow(c, k);
		uint32_t next = step(c, k, eip, &prev), now = c->eip;
		if (UNLIKELY(now != next)) {
			eip = now;
		} else {
			__asm__("" : "+r"(next));
			eip = next;
		}
	}
	return CPU_EXIT_LIMIT;
}

/* The caller may have written c->eflags (sigreturn, debugger): it is the truth on entry.
 * A stop request is consumed when it is reported. */
enum cpu_exit cpu_run(struct cpu *c, uint64_t max_insns)
{
	struct core *k = CORE(c);
	uint64_t end = c->icount + max_insns;
	enum cpu_exit why;
	k->lf.op = LF_NONE;
	c->eflags |= 0x2u;
	switch (setjmp(k->unwind)) {
	case 0: why = run_loop(c, k, end); break;
	case UNWIND_FAULT:
		c->eip = k->insn_eip;
		why = k->exit;
		break;
	default: why = k->exit; break;
	}
	flags_materialize(c);
	return why;
}
