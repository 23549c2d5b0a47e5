/*
 * traps.c - exceptions from user mode (Linux 2.5 arch/i386/kernel/traps.c and mm/fault.c):
 * a page fault is resolved (demand paging, stack growth, copy-on-write) or becomes SIGSEGV;
 * the other vectors map to the signals do_divide_error(), do_int3()... send.
 */
#include <stdio.h>

#include "internal.h"

/* Exception vectors (SDM vol. 3, table 6-1). */
enum {
	VEC_DE = 0,
	VEC_DB = 1,
	VEC_BP = 3,
	VEC_OF = 4,
	VEC_BR = 5,
	VEC_UD = 6,
	VEC_NM = 7,
	VEC_TS = 10,
	VEC_NP = 11,
	VEC_SS = 12,
	VEC_GP = 13,
	VEC_PF = 14,
	VEC_MF = 16,
	VEC_AC = 17,
	VEC_XM = 19,
};

/* si_code values (include/asm-generic/siginfo.h). */
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define ILL_ILLOPN  2
#define FPE_INTDIV  1
#define TRAP_BRKPT  1
#define BUS_ADRALN  1

static int vector_signal(unsigned vector, int *code)
{
	*code = 0x80; /* SI_KERNEL */
	switch (vector) {
	case VEC_DE: *code = FPE_INTDIV; return SIGFPE;
	case VEC_DB:
	case VEC_BP: *code = TRAP_BRKPT; return SIGTRAP;
	case VEC_UD: *code = ILL_ILLOPN; return SIGILL;
	case VEC_MF:
	case VEC_XM: return SIGFPE;
	case VEC_NP:
	case VEC_SS: return SIGBUS;
	case VEC_AC: *code = BUS_ADRALN; return SIGBUS;
	case VEC_OF:
	case VEC_BR:
	case VEC_TS:
	case VEC_GP:
	default: return SIGSEGV;
	}
}

static void page_fault(struct kernel *k, struct task *t, uint32_t err, uint32_t cr2)
{
	k->st.page_faults++;
	enum fault_result r = handle_mm_fault(k, t, cr2, (err & PF_W) != 0);
	if (r == FAULT_OK)
		return;
	if (r == FAULT_OOM) {
		/* No swap to page out to: the OOM killer's choice is the faulting process. */
		fprintf(stderr, "pse386: out of memory: killed process %d\n", t->pid);
		force_sig(k, t, SIGKILL);
		return;
	}
	k->st.segv_faults++;
	force_sig_fault(k, t, SIGSEGV, r == FAULT_ACCESS ? SEGV_ACCERR : SEGV_MAPERR, cr2);
}

enum kern_action kern_exception(struct kernel *k, unsigned vector, uint32_t error_code,
                                uint32_t cr2)
{
	struct task *t = current_task(k);
	if (!t)
		return KERN_EXIT;
	if (vector == VEC_PF) {
		page_fault(k, t, error_code, cr2);
	} else {
		int code;
		int sig = vector_signal(vector, &code);
		force_sig_fault(k, t, sig, code, t->tf.eip);
	}
	return kern_return(k);
}
