/*
 * cpu.h - the processor: a P6-class (Pentium Pro/II without MMX/SSE) integer core plus the x87,
 * running 32-bit protected-mode user code at CPL 3.  Knows the MMU only through mmu.h and nothing
 * of the kernel: INT 0x80 and every exception simply stop cpu_run() with a reason.
 *
 * Facts: Intel IA-32 SDM vol. 2 (instruction reference), vol. 3 ch. 3 (segment descriptors),
 * ch. 6 (exceptions).
 */
#ifndef PSE386_CPU_H
#define PSE386_CPU_H

#include <stdint.h>

#include "mmu.h"
#include "x87.h"

/* General registers in the encoding order of the ModR/M reg field (SDM vol. 2, table 2-2). */
enum { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI };
/* Segment registers in the encoding order of the sreg field. */
enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_COUNT };

/* EFLAGS bits (SDM vol. 1, 3.4.3). */
#define FL_CF 0x0001u
#define FL_PF 0x0004u
#define FL_AF 0x0010u
#define FL_ZF 0x0040u
#define FL_SF 0x0080u
#define FL_TF 0x0100u
#define FL_IF 0x0200u
#define FL_DF 0x0400u
#define FL_OF 0x0800u
#define FL_ID 0x00200000u

/* Exception vectors (SDM vol. 3, table 6-1). */
#define EXC_DE 0  /* divide error */
#define EXC_DB 1  /* debug (single step) */
#define EXC_BP 3  /* INT3 */
#define EXC_OF 4  /* INTO */
#define EXC_BR 5  /* BOUND */
#define EXC_UD 6  /* invalid opcode */
#define EXC_NM 7  /* device not available */
#define EXC_GP 13 /* general protection */
#define EXC_PF 14 /* page fault */
#define EXC_MF 16 /* x87 floating-point error */

#define GDT_ENTRIES 32

/* A loaded segment register: the visible selector and the cached base/limit. */
struct cpu_seg {
	uint16_t sel;
	uint32_t base;
	uint32_t limit; /* byte granular, already scaled */
};

/* Why cpu_run() returned. */
enum cpu_exit {
	CPU_EXIT_LIMIT,     /* executed the requested number of instructions */
	CPU_EXIT_SYSCALL,   /* INT 0x80 executed; EIP is past it */
	CPU_EXIT_EXCEPTION, /* an exception; see cpu->exc; EIP is at the faulting instruction
	                       (for traps such as INT3/INTO, after it, as hardware pushes) */
	CPU_EXIT_STOP,      /* cpu->stop_request was set (debugger, signal from the host) */
};

struct cpu_exception {
	uint8_t vector;
	uint8_t has_error_code;
	uint32_t error_code;
	uint32_t cr2; /* for #PF */
};

/* CPU identity/features that depend on the preset (CPUID leaf 1 EDX bits). */
struct cpu_config {
	struct mmu_features paging; /* PSE, PAE, PGE as the TLB preset reports */
	int has_cmov;               /* always 1 for the P6-class ISA; kept for CPUID */
};

struct cpu {
	uint32_t r[8]; /* EAX..EDI */
	uint32_t eip;
	uint32_t eflags; /* materialised flags; the core may keep lazy state beside it */
	struct cpu_seg seg[SEG_COUNT];
	uint64_t gdt[GDT_ENTRIES]; /* raw descriptors; the kernel writes TLS slots 6..8 */
	struct x87 fpu;
	uint64_t icount; /* instructions retired */
	uint64_t tsc_base;
	struct cpu_exception exc;
	volatile int stop_request;
	struct mmu *mmu;
	struct cpu_config cfg;
	void *priv; /* the core's private state (lazy flags, decode scratch), owned by cpu/ */
};

/* Initialise a CPU in flat 32-bit protected mode at CPL 3 (CS/DS/ES/SS flat user segments, the
 * x87 in its FNINIT state).  Returns 0, or -1 if out of host memory. */
int cpu_init(struct cpu *c, struct mmu *m, const struct cpu_config *cfg);
void cpu_destroy(struct cpu *c);

/* Execute up to max_insns instructions.  Returns why it stopped.  The architectural state in
 * `struct cpu` (including eflags) is exact on return. */
enum cpu_exit cpu_run(struct cpu *c, uint64_t max_insns);

/* Load a segment register from a selector through the GDT (TLS after set_thread_area).
 * Returns 0, or -1 if the selector is not loadable (what would be #GP). */
int cpu_load_seg(struct cpu *c, int sreg, uint16_t sel);

/* Read EFLAGS (materialising lazy flags) / write it (only the user-writable bits). */
uint32_t cpu_get_eflags(struct cpu *c);
void cpu_set_eflags(struct cpu *c, uint32_t v);

/* The x87 state as the FXSAVE-free "fnsave" 108-byte image (used for context switches and
 * signal frames).  Restoring is exact. */
#define CPU_FPU_STATE_SIZE 108
void cpu_fpu_save(struct cpu *c, uint8_t out[CPU_FPU_STATE_SIZE]);
void cpu_fpu_restore(struct cpu *c, const uint8_t in[CPU_FPU_STATE_SIZE]);

#endif
