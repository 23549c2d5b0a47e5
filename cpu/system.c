/*
 * system.c - what a user program meets of the system: CPUID, RDTSC, INT n / INT3 / INTO /
 * BOUND, the privileged and I/O instructions (#GP at CPL 3), UD2, and the x87 escapes handed to
 * x87_exec().  Facts: SDM vol. 2 (CPUID, RDTSC, INT n, BOUND), vol. 3, 6.12.1.1 (gate DPL
 * check for INT n) and 5.9 (privileged instructions).
 */
#include "ops.h"

/* CPUID leaf 1 EDX (SDM vol. 2, CPUID, table 3-11). */
#define CPUID_FPU  (1u << 0)
#define CPUID_DE   (1u << 2)
#define CPUID_PSE  (1u << 3)
#define CPUID_TSC  (1u << 4)
#define CPUID_MSR  (1u << 5)
#define CPUID_PAE  (1u << 6)
#define CPUID_CX8  (1u << 8)
#define CPUID_PGE  (1u << 13)
#define CPUID_CMOV (1u << 15)

#define CPUID_MAX_BASIC 2
/* Family 6, model 5, stepping 2: a Pentium II (Deschutes). */
#define CPUID_SIGNATURE 0x652u
/* Leaf 2 descriptors of a Pentium II with 512 KiB L2 (SDM vol. 2, CPUID, table 3-12):
 * 01 ITLB 4K 32, 02 ITLB 4M 2, 03 DTLB 4K 64, 43 L2 512K, 08 L1I 16K, 04 DTLB 4M 8,
 * 0C L1D 16K; AL = 1 (execute CPUID(2) once). */
#define CPUID2_EAX 0x03020101u
#define CPUID2_EDX 0x0c040843u

static void cpuid_leaf(const struct cpu *c, uint32_t leaf, uint32_t out[4])
{
	/* Above the maximum, Intel processors return the highest basic leaf (SDM vol. 2, CPUID
	 * "INPUT EAX = 0"); a Pentium II has no extended leaves. */
	if (leaf > CPUID_MAX_BASIC)
		leaf = CPUID_MAX_BASIC;
	out[0] = out[1] = out[2] = out[3] = 0;
	if (leaf == 0) {
		out[0] = CPUID_MAX_BASIC;
		memcpy(&out[1], "Genu", 4); /* EBX EDX ECX spell GenuineIntel */
		memcpy(&out[3], "ineI", 4);
		memcpy(&out[2], "ntel", 4);
	} else if (leaf == 1) {
		uint32_t edx = CPUID_FPU | CPUID_DE | CPUID_TSC | CPUID_MSR | CPUID_CX8;
		if (c->cfg.has_cmov)
			edx |= CPUID_CMOV;
		if (c->cfg.paging.pse)
			edx |= CPUID_PSE;
		if (c->cfg.paging.pae)
			edx |= CPUID_PAE;
		if (c->cfg.paging.pge)
			edx |= CPUID_PGE;
		out[0] = CPUID_SIGNATURE;
		out[3] = edx;
	} else {
		out[0] = CPUID2_EAX;
		out[3] = CPUID2_EDX;
	}
}

/* 0F A2 CPUID: EAX EBX ECX EDX = leaf data. */
void op_cpuid(struct cpu *c, struct insn *d)
{
	(void)d;
	uint32_t out[4];
	cpuid_leaf(c, c->r[EAX], out);
	c->r[EAX] = out[0];
	c->r[EBX] = out[1];
	c->r[ECX] = out[2];
	c->r[EDX] = out[3];
}

/* 0F 31 RDTSC: deterministic, one tick per retired instruction (never host time). */
void op_rdtsc(struct cpu *c, struct insn *d)
{
	(void)d;
	uint64_t t = c->tsc_base + c->icount;
	c->r[EAX] = (uint32_t)t;
	c->r[EDX] = (uint32_t)(t >> 32);
}

/* A trap: the exception is reported with EIP after the instruction. */
static _Noreturn void trap(struct cpu *c, uint8_t vector)
{
	exc_record(c, vector, 0, 0);
	cpu_exit_after(c, CPU_EXIT_EXCEPTION);
}

#define INT_SYSCALL 0x80
/* CD ib INT n.  Linux 2.5's IDT lets CPL 3 through the gates of 3 (int3), 4 (into) and 0x80
 * only; other vectors fail the DPL check: #GP with error code (n << 3) | 2 (IDT bit) (SDM vol.
 * 3, 6.12.1.1 and 6.13). */
void op_int(struct cpu *c, struct insn *d)
{
	uint8_t n = (uint8_t)d->imm;
	if (n == INT_SYSCALL)
		cpu_exit_after(c, CPU_EXIT_SYSCALL);
	if (n == EXC_BP || n == EXC_OF)
		trap(c, n);
	cpu_raise(c, EXC_GP, (uint32_t)n << 3 | 2u, 1);
}

/* CC INT3. */
void op_int3(struct cpu *c, struct insn *d)
{
	(void)d;
	trap(c, EXC_BP);
}

/* CE INTO: #OF trap when OF is set. */
void op_into(struct cpu *c, struct insn *d)
{
	(void)d;
	if (cond_true(c, 0 /* O */))
		trap(c, EXC_OF);
}

/* F1 INT1 (ICEBP): a #DB trap. */
void op_int1(struct cpu *c, struct insn *d)
{
	(void)d;
	trap(c, EXC_DB);
}

/* 62 BOUND Gv, Ma: #BR (a fault) when the signed index is outside [lower, upper]. */
void op_bound(struct cpu *c, struct insn *d)
{
	if (d->mod == 3)
		raise_ud(c);
	int32_t idx = (int32_t)sext(reg_get(c, d->reg, d->sz), d->sz);
	int32_t lo = (int32_t)sext(mem_read(c, d->ea, d->sz), d->sz);
	int32_t hi = (int32_t)sext(mem_read(c, d->ea + (1u << d->sz), d->sz), d->sz);
	if (idx < lo || idx > hi)
		cpu_raise(c, EXC_BR, 0, 0);
}

/* HLT CLI STI IN OUT INS OUTS IRET CLTS INVD WBINVD MOV CR/DR RDMSR WRMSR RDPMC SYSENTER
 * SYSEXIT LLDT LTR LGDT LIDT LMSW INVLPG: #GP(0) at CPL 3 with IOPL 0.  (IRET to the same
 * privilege level is legal on hardware but no Linux user program issues it.) */
void op_privileged(struct cpu *c, struct insn *d)
{
	(void)d;
	raise_gp0(c);
}

/* 0F 0B UD2 (and 0F B9 UD1), D6 SALC, 0F AA RSM outside SMM: #UD. */
void op_ud(struct cpu *c, struct insn *d)
{
	(void)d;
	raise_ud(c);
}

/* 0F 00: /0 SLDT /1 STR /4 VERR /5 VERW are legal at CPL 3 but unused by Linux programs; we
 * report them #UD.  /2 LLDT /3 LTR are privileged. */
void op_grp6(struct cpu *c, struct insn *d)
{
	if (d->reg == 2 || d->reg == 3)
		raise_gp0(c);
	raise_ud(c);
}

/* 0F 01: /2 LGDT /3 LIDT /6 LMSW /7 INVLPG privileged; SGDT SIDT SMSW #UD here (see grp6). */
void op_grp7(struct cpu *c, struct insn *d)
{
	if (d->reg == 2 || d->reg == 3 || d->reg >= 6)
		raise_gp0(c);
	raise_ud(c);
}

/* 9B WAIT/FWAIT: takes a pending unmasked x87 exception as #MF, with EIP at the WAIT
 * (SDM vol. 1, 8.6 "x87 FPU exception synchronization"; vol. 2, WAIT/FWAIT). */
void op_wait(struct cpu *c, struct insn *d)
{
	(void)d;
	int v = x87_wait(c);
	if (v)
		cpu_raise(c, (uint8_t)v, 0, 0);
}

/* D8-DF: x87 escapes.  During x87_exec c->eip is the escape instruction's own address (for
 * FIP); it returns an exception vector or 0. */
void op_esc(struct cpu *c, struct insn *d)
{
	uint32_t next = c->eip;
	c->eip = CORE(c)->insn_eip;
	int v = x87_exec(c, (uint8_t)d->op, d->modrm, d->mod == 3 ? 0 : d->ea, d->opsize16);
	c->eip = next;
	if (v)
		cpu_raise(c, (uint8_t)v, 0, 0);
}
