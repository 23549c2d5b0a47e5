/*
 * x87.h - state of the x87 floating-point unit (SDM vol. 1, chapter 8).
 * The registers are held as host `long double`, which on x86 hosts is the same 80-bit
 * extended format, so values round-trip bit-exactly.
 */
#ifndef PSE386_X87_H
#define PSE386_X87_H

#include <stdint.h>

struct cpu;

struct x87 {
	long double st[8]; /* physical registers R0..R7; ST(i) = st[(top + i) & 7] */
	uint16_t cw;       /* control word, 0x037F after FNINIT */
	uint16_t sw;       /* status word without TOP */
	uint16_t tw;       /* tag word, 2 bits per physical register, 11 = empty */
	uint8_t top;
	uint32_t fip, fdp; /* last instruction / data pointer (for FNSTENV/FNSAVE) */
	uint16_t fop;
	uint16_t fcs, fds; /* selectors of the last instruction / operand (SDM vol. 1, 8.1.8) */
};

/* The FNINIT state: CW 037FH, SW 0, TW FFFFH, TOP 0, pointers 0; registers untouched. */
void x87_init(struct x87 *f);

/*
 * Execute one x87 instruction: `op` is the escape opcode byte D8..DF, `modrm` its ModR/M byte,
 * `ea` the linear address of the memory operand when modrm.mod != 3.  Memory is accessed with
 * cpu_load()/cpu_store() (cpu_internal.h), which do not return on a fault; x87 code reads memory
 * before changing any state and stores before popping, so a faulting instruction leaves the FPU
 * unchanged.  Returns 0, or an exception vector: EXC_UD for an undefined encoding (FISTTP
 * included: SSE3), EXC_MF for a waiting instruction while an unmasked exception is pending (the
 * instruction is then not executed, SDM vol. 1, 8.6).  Results are computed by the host's own
 * x87 (see x87_host.c), so they are bit-identical to a native run.
 */
int x87_exec(struct cpu *c, uint8_t op, uint8_t modrm, uint32_t ea, int opsize16);

/*
 * WAIT/FWAIT (opcode 9B): returns EXC_MF if an unmasked x87 exception is pending (status word
 * ES set), else 0 (SDM vol. 2, WAIT/FWAIT; vol. 1, 8.6).  x87_exec performs the same check
 * itself before every waiting x87 instruction.
 */
int x87_wait(struct cpu *c);

#endif
