/*
 * test_cpu_exc.c - facts about exceptions and the system interface at CPL 3: precise page
 * faults, #UD, INT n, privileged instructions, CPUID, RDTSC, segment loads, and the lookup
 * counts of the statistics contract.  Sources cited per test.
 */
#include <stdlib.h>

#include "test_cpu_harness.h"

/* SDM vol. 3, 6.5 and 4.7: a PUSH to a not-present page is a fault; ESP is unchanged, EIP at
 * the PUSH, CR2 the address, error code W|U (not present). */
START_TEST(push_fault_precise)
{
	t_cpu.r[ESP] = HOLE + 0x10;
	/* mov eax,1; push eax */
	ck_assert_int_eq(RUN(0xb8, 1, 0, 0, 0, 0x50, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_PF);
	ck_assert_uint_eq(t_cpu.exc.cr2, HOLE + 0xc);
	ck_assert_uint_eq(t_cpu.exc.error_code, PF_W | PF_U);
	ck_assert_uint_eq(t_cpu.r[ESP], HOLE + 0x10);
	ck_assert_uint_eq(t_cpu.eip, CODE + 5);
	ck_assert_uint_eq(t_cpu.r[EAX], 1);
}
END_TEST

/* SDM vol. 3, 4.7: writing a read-only user page is a protection fault (P|W|U); the ALU
 * instruction that faulted leaves the flags of the previous one. */
START_TEST(rmw_fault_keeps_flags)
{
	t_cpu.r[ESI] = RO_PAGE;
	/* xor eax,eax (ZF=1); add [esi],eax  */
	ck_assert_int_eq(RUN(0x31, 0xc0, 0x01, 0x06, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.error_code, PF_P | PF_W | PF_U);
	ck_assert_uint_eq(t_cpu.eip, CODE + 2);
	ck_assert_uint_eq(flags() & FL_ZF, FL_ZF);
}
END_TEST

/* SDM vol. 2, POP: a faulting POP leaves ESP and the destination unchanged. */
START_TEST(pop_fault_precise)
{
	t_cpu.r[ESP] = HOLE;
	t_cpu.r[EBX] = 77;
	ck_assert_int_eq(RUN(0x5b, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.error_code, PF_U);
	ck_assert_uint_eq(t_cpu.r[ESP], HOLE);
	ck_assert_uint_eq(t_cpu.r[EBX], 77);
}
END_TEST

/* SDM vol. 2, CALL: the return address is pushed first; if that faults, EIP is the CALL's. */
START_TEST(call_fault_precise)
{
	t_cpu.r[ESP] = HOLE + 4;
	ck_assert_int_eq(RUN(0xe8, 0x10, 0, 0, 0, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.eip, CODE);
	ck_assert_uint_eq(t_cpu.r[ESP], HOLE + 4);
}
END_TEST

/* SDM vol. 3, 6.5: PUSHA is one instruction: when a later push faults, ESP is unchanged. */
START_TEST(pusha_fault_precise)
{
	t_cpu.r[ESP] = HOLE + PAGE_SIZE + 8; /* the first two pushes fit, the third faults */
	ck_assert_int_eq(RUN(0x60, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_PF);
	ck_assert_uint_eq(t_cpu.r[ESP], HOLE + PAGE_SIZE + 8);
	ck_assert_uint_eq(t_cpu.eip, CODE);
}
END_TEST

/* SDM vol. 2, POP: if the destination faults, ESP is not incremented. */
START_TEST(pop_rm_fault_precise)
{
	t_cpu.r[EDI] = HOLE;
	ck_assert_int_eq(RUN(0x6a, 0x05, 0x8f, 0x07, EXIT_INT80),
	                 CPU_EXIT_EXCEPTION); /* pop [edi] */
	ck_assert_uint_eq(t_cpu.exc.cr2, HOLE);
	ck_assert_uint_eq(t_cpu.r[ESP], STACK_TOP - 4);
	ck_assert_uint_eq(t_cpu.eip, CODE + 2);
}
END_TEST

/* SDM vol. 2, ENTER: a fault while building the frame leaves ESP and EBP unchanged. */
START_TEST(enter_fault_precise)
{
	t_cpu.r[ESP] = HOLE + PAGE_SIZE + 4;
	t_cpu.r[EBP] = STACK_TOP;
	ck_assert_int_eq(RUN(0xc8, 0x10, 0, 2, EXIT_INT80), CPU_EXIT_EXCEPTION); /* enter 16,2 */
	ck_assert_uint_eq(t_cpu.r[ESP], HOLE + PAGE_SIZE + 4);
	ck_assert_uint_eq(t_cpu.r[EBP], STACK_TOP);
}
END_TEST

/* SDM vol. 3, 11.6 (self-modifying code): a store to an instruction about to execute is seen
 * by it.  The loop below rewrites the immediate of its own MOV on the second pass. */
START_TEST(self_modifying_code)
{
	/* 0: mov eax,1 ; 5: add ebx,eax ; 7: mov byte [CODE+1],7 ; 14: dec ecx ; 15: jnz 0 */
	t_cpu.r[ECX] = 2;
	t_cpu.r[EBX] = 0;
	ck_assert_int_eq(RUN(0xb8, 1, 0, 0, 0, 0x01, 0xc3, 0xc6, 0x05, 0x01, 0x00, 0x10, 0x00, 7,
	                     0x49, 0x75, 0xef, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EBX], 1 + 7);
}
END_TEST

/* SDM vol. 2, REP: a fault in an iteration leaves ECX/ESI/EDI after the completed iterations
 * and EIP at the instruction, so it resumes. */
START_TEST(rep_movsb_fault_midway)
{
	memcpy(mem_at(DATA, 10), "abcdefghij", 10);
	t_cpu.r[ESI] = DATA;
	t_cpu.r[EDI] = HOLE - 4;
	t_cpu.r[ECX] = 10;
	ck_assert_int_eq(RUN(0xf3, 0xa4, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.cr2, HOLE);
	ck_assert_uint_eq(t_cpu.r[ECX], 6);
	ck_assert_uint_eq(t_cpu.r[ESI], DATA + 4);
	ck_assert_uint_eq(t_cpu.r[EDI], HOLE);
	ck_assert_uint_eq(t_cpu.eip, CODE);
	ck_assert_int_eq(memcmp(mem_at(HOLE - 4, 4), "abcd", 4), 0);
}
END_TEST

/* SDM vol. 3, 4.7 and vol. 2, 2.3.11: an instruction whose bytes continue into a not-present
 * page faults with CR2 = the first byte of that page and EIP at the instruction. */
START_TEST(fetch_crosses_into_hole)
{
	static const uint8_t code[] = {0xb8, 1, 2, 3, 4};
	ck_assert_int_eq(run_at(HOLE - 2, code, 2), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_PF);
	ck_assert_uint_eq(t_cpu.exc.cr2, HOLE);
	ck_assert_uint_eq(t_cpu.eip, HOLE - 2);
	ck_assert_uint_eq(t_cpu.exc.error_code & (PF_P | PF_W | PF_U), PF_U);
}
END_TEST

/* SDM vol. 2, appendix A: 0F FF is not an instruction on P6: #UD, EIP at it. */
START_TEST(undefined_opcode)
{
	ck_assert_int_eq(RUN(0x90, 0x0f, 0xff, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_UD);
	ck_assert_uint_eq(t_cpu.eip, CODE + 1);
}
END_TEST

/* SDM vol. 2, "LOCK": the prefix is allowed only on ADD ADC AND BTC BTR BTS CMPXCHG CMPXCHG8B DEC
 * INC NEG NOT OR SBB SUB XOR XADD XCHG with a memory destination; otherwise #UD, EIP at the
 * prefix. */
START_TEST(lock_rules)
{
	/* lock add eax, eax: a register destination */
	ck_assert_int_eq(RUN(0xf0, 0x01, 0xc0, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_UD);
	ck_assert_uint_eq(t_cpu.eip, CODE);
	/* lock mov [DATA], eax: MOV is not lockable */
	ck_assert_int_eq(RUN(0xf0, 0x89, 0x05, 0, 0, 0x20, 0, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_UD);
	/* lock cmp [DATA], eax: CMP writes no destination */
	ck_assert_int_eq(RUN(0xf0, 0x39, 0x05, 0, 0, 0x20, 0, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_UD);
	/* lock nop */
	ck_assert_int_eq(RUN(0xf0, 0x90, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_UD);
	/* lock add [DATA], eax with eax = 5 on 7: allowed, 12 */
	memcpy(mem_at(DATA, 4), &(uint32_t){7}, 4);
	t_cpu.r[EAX] = 5;
	ck_assert_int_eq(RUN(0xf0, 0x01, 0x05, 0, 0, 0x20, 0, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(*(uint32_t *)mem_at(DATA, 4), 12);
	/* lock inc dword [DATA], lock not dword [DATA], lock xadd [DATA], ecx: allowed */
	ck_assert_int_eq(RUN(0xf0, 0xff, 0x05, 0, 0, 0x20, 0, 0xf0, 0xf7, 0x15, 0, 0, 0x20, 0, 0xf0,
	                     0x0f, 0xc1, 0x0d, 0, 0, 0x20, 0, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	/* lock inc eax: FF /0 with a register destination */
	ck_assert_int_eq(RUN(0xf0, 0xff, 0xc0, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_UD);
	/* lock bt [DATA], eax: BT only reads */
	ck_assert_int_eq(RUN(0xf0, 0x0f, 0xa3, 0x05, 0, 0, 0x20, 0, EXIT_INT80),
	                 CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_UD);
	/* lock bts [DATA], eax: allowed */
	t_cpu.r[EAX] = 0;
	ck_assert_int_eq(RUN(0xf0, 0x0f, 0xab, 0x05, 0, 0, 0x20, 0, EXIT_INT80), CPU_EXIT_SYSCALL);
}
END_TEST

/* SDM vol. 2, UD2: always #UD. */
START_TEST(ud2)
{
	ck_assert_int_eq(RUN(0x0f, 0x0b), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_UD);
	ck_assert_uint_eq(t_cpu.eip, CODE);
}
END_TEST

/* SDM vol. 2, 2.3.11: an instruction longer than 15 bytes is #GP(0). */
START_TEST(too_long)
{
	ck_assert_int_eq(RUN(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	                     0x66, 0x66, 0x66, 0x90),
	                 CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_GP);
}
END_TEST

/* cpu.h contract: INT 0x80 stops cpu_run with EIP past the instruction. */
START_TEST(int80_exit)
{
	ck_assert_int_eq(RUN(0x90, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.eip, CODE + 3);
	ck_assert_uint_eq(t_cpu.icount, 2);
}
END_TEST

/* SDM vol. 3, 6.5: INT3 is a trap, reported with EIP after it. */
START_TEST(int3_trap)
{
	ck_assert_int_eq(RUN(0xcc, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_BP);
	ck_assert_uint_eq(t_cpu.eip, CODE + 1);
}
END_TEST

/* SDM vol. 3, 6.12.1.1: INT n through a DPL-0 gate from CPL 3 is #GP with error code
 * (n << 3) | 2 (IDT), EIP at the INT. */
START_TEST(int_n_gp)
{
	ck_assert_int_eq(RUN(0xcd, 0x21), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_GP);
	ck_assert_uint_eq(t_cpu.exc.error_code, (0x21u << 3) | 2u);
	ck_assert_uint_eq(t_cpu.eip, CODE);
}
END_TEST

/* SDM vol. 2, INTO: with OF set, a #OF trap. */
START_TEST(into_trap)
{
	/* mov al,0x7f; add al,1 (OF); into */
	ck_assert_int_eq(RUN(0xb0, 0x7f, 0x04, 0x01, 0xce, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_OF);
	ck_assert_uint_eq(t_cpu.eip, CODE + 5);
}
END_TEST

/* SDM vol. 3, 5.9 and vol. 1, 18.2 (IOPL 0): HLT, CLI, IN, RDMSR at CPL 3 are #GP(0). */
START_TEST(privileged_gp)
{
	static const uint8_t insns[][2] = {{0xf4, 0x90}, {0xfa, 0x90}, {0xec, 0x90}, {0x0f, 0x32}};
	for (unsigned i = 0; i < sizeof insns / sizeof insns[0]; i++) {
		ck_assert_int_eq(run_at(CODE, insns[i], 2), CPU_EXIT_EXCEPTION);
		ck_assert_uint_eq(t_cpu.exc.vector, EXC_GP);
		ck_assert_uint_eq(t_cpu.exc.error_code, 0);
		ck_assert_uint_eq(t_cpu.eip, CODE);
	}
}
END_TEST

/* SDM vol. 3, 17.3.1.4: with TF set at the start of an instruction, a #DB trap follows it.
 * POPF setting TF traps after the next instruction, not after itself. */
START_TEST(single_step_trap)
{
	/* pushf; or dword [esp],0x100; popf; nop; nop */
	ck_assert_int_eq(
	    RUN(0x9c, 0x81, 0x0c, 0x24, 0x00, 0x01, 0x00, 0x00, 0x9d, 0x90, 0x90, EXIT_INT80),
	    CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_DB);
	ck_assert_uint_eq(t_cpu.eip, CODE + 10); /* after the first NOP */
	ck_assert_int_eq(cpu_run(&t_cpu, 100), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.eip, CODE + 11);
}
END_TEST

/* SDM vol. 2, BOUND: an index outside [lower, upper] is #BR, a fault. */
START_TEST(bound_range)
{
	uint32_t b[2] = {10, 20};
	memcpy(mem_at(DATA, 8), b, 8);
	t_cpu.r[ESI] = DATA;
	t_cpu.r[EAX] = 21;
	ck_assert_int_eq(RUN(0x62, 0x06, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_BR);
	ck_assert_uint_eq(t_cpu.eip, CODE);
}
END_TEST

/* SDM vol. 2, CPUID leaf 0: maximum leaf and "GenuineIntel" in EBX EDX ECX. */
START_TEST(cpuid_vendor)
{
	ck_assert_int_eq(RUN(0x31, 0xc0, 0x0f, 0xa2, EXIT_INT80), CPU_EXIT_SYSCALL);
	char v[13] = {0};
	memcpy(v, &t_cpu.r[EBX], 4);
	memcpy(v + 4, &t_cpu.r[EDX], 4);
	memcpy(v + 8, &t_cpu.r[ECX], 4);
	ck_assert_str_eq(v, "GenuineIntel");
	ck_assert_uint_eq(t_cpu.r[EAX], 2);
}
END_TEST

/* SDM vol. 2, CPUID leaf 1, table 3-11: Pentium II signature 0x652; FPU TSC CX8 CMOV present,
 * no MMX (23), FXSR (24), SSE (25), SSE2 (26), SEP (11). */
START_TEST(cpuid_features)
{
	ck_assert_int_eq(RUN(0xb8, 1, 0, 0, 0, 0x0f, 0xa2, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0x652u);
	uint32_t edx = t_cpu.r[EDX];
	ck_assert_uint_eq(edx & ((1u << 0) | (1u << 4) | (1u << 8) | (1u << 15)),
	                  (1u << 0) | (1u << 4) | (1u << 8) | (1u << 15));
	ck_assert_uint_eq(edx & ((1u << 11) | (1u << 23) | (1u << 24) | (1u << 25) | (1u << 26)),
	                  0);
}
END_TEST

/* SDM vol. 2, CPUID: a leaf above the maximum returns the highest basic leaf's data. */
START_TEST(cpuid_high_leaf)
{
	ck_assert_int_eq(RUN(0xb8, 2, 0, 0, 0, 0x0f, 0xa2, 0x89, 0xc6, 0xb8, 0, 0, 0, 0x80, 0x0f,
	                     0xa2, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], t_cpu.r[ESI]);
}
END_TEST

/* Task brief: RDTSC is derived from the instruction count, never host time, so two identical
 * runs read the same value. */
START_TEST(rdtsc_deterministic)
{
	ck_assert_int_eq(RUN(0x90, 0x0f, 0x31, EXIT_INT80), CPU_EXIT_SYSCALL);
	uint32_t first = t_cpu.r[EAX];
	harness_teardown();
	harness_setup();
	ck_assert_int_eq(RUN(0x90, 0x0f, 0x31, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], first);
}
END_TEST

/* A TLS descriptor (SDM vol. 3, 3.4.5: base 0x200100, limit 0xfffff pages, DPL 3 data) loaded
 * into GS makes gs:[4] read linear 0x200104. */
START_TEST(gs_tls_segment)
{
	t_cpu.gdt[6] = 0x00cff2200100ffffull;
	uint32_t v = 0xdeadbeef;
	memcpy(mem_at(0x200104, 4), &v, 4);
	/* mov eax,0x33; mov gs,ax; mov eax,gs:[4] */
	ck_assert_int_eq(RUN(0xb8, 0x33, 0, 0, 0, 0x8e, 0xe8, 0x65, 0xa1, 4, 0, 0, 0, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.seg[SEG_GS].sel, 0x33);
	ck_assert_uint_eq(t_cpu.seg[SEG_GS].base, 0x200100u);
	ck_assert_uint_eq(t_cpu.r[EAX], 0xdeadbeefu);
}
END_TEST

/* SDM vol. 3, 5.5: a DPL-0 data segment is not loadable at CPL 3: #GP(selector). LDT selectors
 * (TI = 1) are refused too (no LDT). */
START_TEST(seg_load_checks)
{
	t_cpu.gdt[7] = 0x00cf92000000ffffull; /* DPL 0 */
	ck_assert_int_eq(cpu_load_seg(&t_cpu, SEG_FS, 0x3b), -1);
	ck_assert_int_eq(cpu_load_seg(&t_cpu, SEG_FS, 0x0f), -1);
	ck_assert_int_eq(cpu_load_seg(&t_cpu, SEG_FS, 0), 0);
	ck_assert_int_eq(RUN(0xb8, 0x3b, 0, 0, 0, 0x8e, 0xe0, EXIT_INT80), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_GP);
	ck_assert_uint_eq(t_cpu.exc.error_code, 0x38);
}
END_TEST

/* DESIGN.md, "Statistics": one ITLB lookup per instruction executed; no data lookups for
 * register-only instructions. */
START_TEST(itlb_one_per_insn)
{
	mmu_stats_reset(t_mmu);
	ck_assert_int_eq(RUN(0x90, 0x90, 0x40, 0x01, 0xd8, 0x90, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(stat("iTLB-loads"), 6);
	ck_assert_uint_eq(stat("dTLB-loads") + stat("dTLB-stores"), 0);
}
END_TEST

/* DESIGN.md, "Statistics": plus one when the instruction's bytes cross into the next page,
 * not when it ends exactly at the page end. */
START_TEST(itlb_page_crossing)
{
	static const uint8_t code[] = {0xb8, 1, 2, 3, 4, EXIT_INT80};
	mmu_stats_reset(t_mmu);
	ck_assert_int_eq(run_at(CODE + PAGE_SIZE - 2, code, sizeof code), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(stat("iTLB-loads"), 3);
	mmu_stats_reset(t_mmu);
	ck_assert_int_eq(run_at(2 * PAGE_SIZE + CODE - 5, code, sizeof code), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(stat("iTLB-loads"), 2);
}
END_TEST

/* DESIGN.md, "Statistics": one DTLB lookup per access, two when it crosses a page; a
 * read-modify-write destination is one (write) lookup. */
START_TEST(dtlb_counts)
{
	t_cpu.r[ESI] = DATA + PAGE_SIZE - 2;
	t_cpu.r[EDI] = DATA + 16;
	mmu_stats_reset(t_mmu);
	/* mov eax,[esi] (crosses); add [edi],eax */
	ck_assert_int_eq(RUN(0x8b, 0x06, 0x01, 0x07, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(stat("dTLB-loads"), 2);
	ck_assert_uint_eq(stat("dTLB-stores"), 1);
}
END_TEST

/* Bad input never crashes the emulator (brief, "Never abort()/crash on garbage"): random bytes
 * either run or stop with a defined exit, and an exception is one of the architectural
 * vectors. */
START_TEST(garbage_is_safe)
{
	srand(12345);
	for (int round = 0; round < 3000; round++) {
		uint8_t *code = mem_at(CODE, 64);
		for (int i = 0; i < 64; i++)
			code[i] = (uint8_t)rand();
		for (int r = 0; r < 8; r++)
			t_cpu.r[r] = DATA + (uint32_t)(rand() % 0x1000);
		t_cpu.r[ECX] &= 0xff;
		t_cpu.eip = CODE;
		enum cpu_exit e = cpu_run(&t_cpu, 20);
		ck_assert(e == CPU_EXIT_LIMIT || e == CPU_EXIT_SYSCALL || e == CPU_EXIT_EXCEPTION);
		if (e == CPU_EXIT_EXCEPTION)
			ck_assert_uint_le(t_cpu.exc.vector, 31);
		for (int s = 0; s < SEG_COUNT; s++) /* keep flat segments for the next round */
			t_cpu.seg[s].base = 0;
	}
}
END_TEST

Suite *cpu_exc_suite(void)
{
	Suite *s = suite_create("cpu_exc");
	TCase *tc = tcase_create("exc");
	tcase_add_checked_fixture(tc, harness_setup, harness_teardown);
	tcase_add_test(tc, push_fault_precise);
	tcase_add_test(tc, rmw_fault_keeps_flags);
	tcase_add_test(tc, pop_fault_precise);
	tcase_add_test(tc, call_fault_precise);
	tcase_add_test(tc, rep_movsb_fault_midway);
	tcase_add_test(tc, pusha_fault_precise);
	tcase_add_test(tc, pop_rm_fault_precise);
	tcase_add_test(tc, enter_fault_precise);
	tcase_add_test(tc, self_modifying_code);
	tcase_add_test(tc, fetch_crosses_into_hole);
	tcase_add_test(tc, undefined_opcode);
	tcase_add_test(tc, ud2);
	tcase_add_test(tc, too_long);
	tcase_add_test(tc, int80_exit);
	tcase_add_test(tc, int3_trap);
	tcase_add_test(tc, int_n_gp);
	tcase_add_test(tc, into_trap);
	tcase_add_test(tc, privileged_gp);
	tcase_add_test(tc, single_step_trap);
	tcase_add_test(tc, bound_range);
	tcase_add_test(tc, cpuid_vendor);
	tcase_add_test(tc, cpuid_features);
	tcase_add_test(tc, cpuid_high_leaf);
	tcase_add_test(tc, rdtsc_deterministic);
	tcase_add_test(tc, gs_tls_segment);
	tcase_add_test(tc, seg_load_checks);
	tcase_add_test(tc, itlb_one_per_insn);
	tcase_add_test(tc, itlb_page_crossing);
	tcase_add_test(tc, dtlb_counts);
	tcase_add_test(tc, garbage_is_safe);
	tcase_add_test(tc, lock_rules);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(cpu_exc_suite());
}
