/*
 * test_cpu_mem.c - facts about instructions that move through memory and the stack: string
 * instructions with REP prefixes, the bit-test family, CMPXCHG/CMPXCHG8B/XADD, PUSH/POP forms,
 * PUSHF/POPF, CALL/RET, ENTER/LEAVE, LOOP.  Sources: SDM vol. 2, each instruction's page.
 */
#include "test_cpu_harness.h"

static uint32_t rd32(uint32_t pa)
{
	uint32_t v;
	memcpy(&v, mem_at(pa, 4), 4);
	return v;
}
static void wr32(uint32_t pa, uint32_t v)
{
	memcpy(mem_at(pa, 4), &v, 4);
}

/* SDM vol. 2, MOVS/REP: ECX elements copied, ESI/EDI advanced (DF = 0), ECX = 0 after. */
START_TEST(rep_movsb)
{
	memcpy(mem_at(DATA, 6), "hello", 6);
	t_cpu.r[ESI] = DATA;
	t_cpu.r[EDI] = DATA + 0x100;
	t_cpu.r[ECX] = 6;
	ck_assert_int_eq(RUN(0xf3, 0xa4, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_str_eq((char *)mem_at(DATA + 0x100, 6), "hello");
	ck_assert_uint_eq(t_cpu.r[ECX], 0);
	ck_assert_uint_eq(t_cpu.r[ESI], DATA + 6);
	ck_assert_uint_eq(t_cpu.r[EDI], DATA + 0x106);
}
END_TEST

/* SDM vol. 2, REPNE SCAS: stops when the byte is found (ZF = 1); the strlen idiom. */
START_TEST(repne_scasb)
{
	memcpy(mem_at(DATA, 6), "hello", 6);
	t_cpu.r[EDI] = DATA;
	t_cpu.r[ECX] = 0xffffffffu;
	t_cpu.r[EAX] = 0;
	ck_assert_int_eq(RUN(0xf2, 0xae, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EDI], DATA + 6);
	ck_assert_uint_eq(t_cpu.r[ECX], 0xffffffffu - 6);
	ck_assert_uint_eq(flags() & FL_ZF, FL_ZF);
}
END_TEST

/* SDM vol. 2, REPE CMPS: stops at the first difference, flags of that comparison. */
START_TEST(repe_cmpsb)
{
	memcpy(mem_at(DATA, 5), "abcXe", 5);
	memcpy(mem_at(DATA + 0x100, 5), "abcde", 5);
	t_cpu.r[ESI] = DATA;
	t_cpu.r[EDI] = DATA + 0x100;
	t_cpu.r[ECX] = 5;
	ck_assert_int_eq(RUN(0xf3, 0xa6, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[ECX], 1);
	ck_assert_uint_eq(t_cpu.r[ESI], DATA + 4);
	/* 'X' (0x58) < 'd' (0x64): borrow */
	ck_assert_uint_eq(flags() & (FL_ZF | FL_CF), FL_CF);
}
END_TEST

/* SDM vol. 2, STOS with DF = 1 (STD): EDI decreases by the element size. */
START_TEST(std_stosd)
{
	t_cpu.r[EDI] = DATA + 8;
	t_cpu.r[ECX] = 3;
	t_cpu.r[EAX] = 0x11223344;
	/* std; rep stosd; cld */
	ck_assert_int_eq(RUN(0xfd, 0xf3, 0xab, 0xfc, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(rd32(DATA), 0x11223344);
	ck_assert_uint_eq(rd32(DATA + 8), 0x11223344);
	ck_assert_uint_eq(t_cpu.r[EDI], DATA - 4);
}
END_TEST

/* SDM vol. 2, REP with ECX = 0: no iteration, nothing changes. */
START_TEST(rep_zero_count)
{
	t_cpu.r[ESI] = HOLE; /* would fault if touched */
	t_cpu.r[EDI] = HOLE;
	t_cpu.r[ECX] = 0;
	ck_assert_int_eq(RUN(0xf3, 0xa5, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[ESI], HOLE);
}
END_TEST

/* SDM vol. 2, LODS: loads the accumulator from DS:ESI; a segment override applies to it. */
START_TEST(lodsd)
{
	wr32(DATA, 0xcafef00d);
	t_cpu.r[ESI] = DATA;
	ck_assert_int_eq(RUN(0xad, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0xcafef00d);
	ck_assert_uint_eq(t_cpu.r[ESI], DATA + 4);
}
END_TEST

/* SDM vol. 2, BT: with a register bit offset and a memory operand the offset is a signed index
 * into a bit string: -1 selects bit 7 of the byte before. */
START_TEST(bts_bit_string_negative)
{
	wr32(DATA, 0);
	t_cpu.r[ESI] = DATA + 4;
	t_cpu.r[EAX] = 0xffffffffu;
	ck_assert_int_eq(RUN(0x0f, 0xab, 0x06, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(rd32(DATA), 0x80000000u);
	ck_assert_uint_eq(flags() & FL_CF, 0);
}
END_TEST

/* SDM vol. 2, BT (imm8 form): the offset is taken modulo the operand size. */
START_TEST(bt_imm_modulo)
{
	/* mov eax,2; bt eax,33 (0f ba e0 21) -> bit 1 -> CF = 1 */
	ck_assert_int_eq(RUN(0xb8, 2, 0, 0, 0, 0x0f, 0xba, 0xe0, 33, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(flags() & FL_CF, FL_CF);
}
END_TEST

/* SDM vol. 2, BSF/BSR: index of the lowest/highest set bit, ZF = 0; a zero source sets ZF. */
START_TEST(bsf_bsr)
{
	/* mov ebx,0x00f0; bsf eax,ebx; bsr ecx,ebx */
	ck_assert_int_eq(RUN(0xbb, 0xf0, 0, 0, 0, 0x0f, 0xbc, 0xc3, 0x0f, 0xbd, 0xcb, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 4);
	ck_assert_uint_eq(t_cpu.r[ECX], 7);
	ck_assert_uint_eq(flags() & FL_ZF, 0);
	/* xor ebx,ebx; bsf eax,ebx */
	ck_assert_int_eq(RUN(0x31, 0xdb, 0x0f, 0xbc, 0xc3, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(flags() & FL_ZF, FL_ZF);
}
END_TEST

/* SDM vol. 2, CMPXCHG8B: equal -> ECX:EBX stored, ZF = 1; else EDX:EAX loaded, ZF = 0. */
START_TEST(cmpxchg8b_both_ways)
{
	wr32(DATA, 1);
	wr32(DATA + 4, 2);
	t_cpu.r[ESI] = DATA;
	t_cpu.r[EAX] = 1;
	t_cpu.r[EDX] = 2;
	t_cpu.r[EBX] = 0x33;
	t_cpu.r[ECX] = 0x44;
	ck_assert_int_eq(RUN(0x0f, 0xc7, 0x0e, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(rd32(DATA), 0x33);
	ck_assert_uint_eq(rd32(DATA + 4), 0x44);
	ck_assert_uint_eq(flags() & FL_ZF, FL_ZF);
	ck_assert_int_eq(RUN(0x0f, 0xc7, 0x0e, EXIT_INT80), CPU_EXIT_SYSCALL); /* EDX:EAX = 2:1 */
	ck_assert_uint_eq(t_cpu.r[EAX], 0x33);
	ck_assert_uint_eq(t_cpu.r[EDX], 0x44);
	ck_assert_uint_eq(flags() & FL_ZF, 0);
}
END_TEST

/* SDM vol. 2, CMPXCHG8B: a register operand is #UD. */
START_TEST(cmpxchg8b_reg_ud)
{
	ck_assert_int_eq(RUN(0x0f, 0xc7, 0xc8), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_UD);
}
END_TEST

/* SDM vol. 2, CMPXCHG: unequal -> the accumulator receives the destination, ZF = 0. */
START_TEST(cmpxchg_fail)
{
	wr32(DATA, 9);
	t_cpu.r[ESI] = DATA;
	t_cpu.r[EAX] = 8;
	t_cpu.r[EBX] = 100;
	ck_assert_int_eq(RUN(0x0f, 0xb1, 0x1e, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 9);
	ck_assert_uint_eq(rd32(DATA), 9);
	ck_assert_uint_eq(flags() & FL_ZF, 0);
}
END_TEST

/* SDM vol. 2, XADD: the destination gets the sum, the source the old destination. */
START_TEST(xadd_mem)
{
	wr32(DATA, 40);
	t_cpu.r[ESI] = DATA;
	t_cpu.r[EAX] = 2;
	ck_assert_int_eq(RUN(0x0f, 0xc1, 0x06, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(rd32(DATA), 42);
	ck_assert_uint_eq(t_cpu.r[EAX], 40);
}
END_TEST

/* SDM vol. 2, PUSH: PUSH ESP pushes the value ESP had before the instruction. */
START_TEST(push_esp)
{
	ck_assert_int_eq(RUN(0x54, 0x58, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], STACK_TOP);
	ck_assert_uint_eq(t_cpu.r[ESP], STACK_TOP);
}
END_TEST

/* SDM vol. 2, POP: with ESP as base of the destination address, the address is computed after
 * the increment: pop [esp] stores the value where it was read from + 4. */
START_TEST(pop_esp_based)
{
	/* push 0x11; push 0x22; pop dword [esp] (8f 04 24) */
	ck_assert_int_eq(RUN(0x6a, 0x11, 0x6a, 0x22, 0x8f, 0x04, 0x24, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[ESP], STACK_TOP - 4);
	ck_assert_uint_eq(rd32(STACK_TOP - 4), 0x22);
}
END_TEST

/* SDM vol. 2, PUSHA/POPA: order EAX ECX EDX EBX ESP(original) EBP ESI EDI; POPA skips ESP. */
START_TEST(pusha_popa)
{
	t_cpu.r[EAX] = 1;
	t_cpu.r[EDI] = 8;
	ck_assert_int_eq(RUN(0x60, 0x31, 0xc0, 0x31, 0xff, 0x61, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(rd32(STACK_TOP - 4), 1);
	ck_assert_uint_eq(rd32(STACK_TOP - 20), STACK_TOP);
	ck_assert_uint_eq(rd32(STACK_TOP - 32), 8);
	ck_assert_uint_eq(t_cpu.r[EAX], 1);
	ck_assert_uint_eq(t_cpu.r[EDI], 8);
	ck_assert_uint_eq(t_cpu.r[ESP], STACK_TOP);
}
END_TEST

/* SDM vol. 2, POPF: at CPL 3 with IOPL 0 IF and IOPL are not changed; ID (bit 21) is. */
START_TEST(popf_user_bits)
{
	/* push 0x00200001 (ID|CF); popf; pushf; pop eax */
	ck_assert_int_eq(RUN(0x68, 0x01, 0x00, 0x20, 0x00, 0x9d, 0x9c, 0x58, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX] & (FL_ID | FL_IF | FL_CF | 0x3000u), FL_ID | FL_IF | FL_CF);
	ck_assert_uint_eq(t_cpu.r[EAX] & 2u, 2u); /* bit 1 reads 1 */
}
END_TEST

/* SDM vol. 2, CALL/RET: CALL pushes the next EIP; RET imm16 pops it and releases bytes. */
START_TEST(call_ret_imm)
{
	/* call +6; int 0x80 ... target: mov eax,5; ret 8 */
	ck_assert_int_eq(RUN(0xe8, 0x02, 0, 0, 0, EXIT_INT80, 0xb8, 5, 0, 0, 0, 0xc2, 8, 0),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 5);
	ck_assert_uint_eq(t_cpu.r[ESP], STACK_TOP + 8);
	ck_assert_uint_eq(t_cpu.eip, CODE + 7);
}
END_TEST

/* SDM vol. 2, ENTER imm16, 0 and LEAVE: push EBP, EBP = ESP, ESP -= size; LEAVE undoes it. */
START_TEST(enter_leave)
{
	t_cpu.r[EBP] = 0x1234;
	ck_assert_int_eq(RUN(0xc8, 0x10, 0, 0, 0x89, 0xe0, 0xc9, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], STACK_TOP - 4 - 0x10); /* mov eax,esp inside the frame */
	ck_assert_uint_eq(t_cpu.r[EBP], 0x1234);
	ck_assert_uint_eq(t_cpu.r[ESP], STACK_TOP);
}
END_TEST

/* SDM vol. 2, LOOP: decrement ECX, jump while nonzero; flags unchanged. */
START_TEST(loop_counts)
{
	/* mov ecx,5; xor eax,eax; L: inc eax; loop L */
	ck_assert_int_eq(RUN(0xb9, 5, 0, 0, 0, 0x31, 0xc0, 0x40, 0xe2, 0xfd, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 5);
	ck_assert_uint_eq(t_cpu.r[ECX], 0);
}
END_TEST

/* SDM vol. 2, JMP r/m32 and the 16-bit-addressing form (0x67): [si] addresses DS:SI. */
START_TEST(jmp_indirect_and_addr16)
{
	wr32(DATA, CODE + 0x20);
	static const uint8_t tail[] = {0x67, 0x8b, 0x1c, EXIT_INT80}; /* mov ebx,[si] */
	memcpy(mem_at(CODE + 0x20, sizeof tail), tail, sizeof tail);
	wr32(0x10, 0xabcd1234);
	t_cpu.r[ESI] = 0xffff0010u; /* the high half is ignored by [si] */
	t_cpu.r[ECX] = DATA;
	ck_assert_int_eq(RUN(0xff, 0x21), CPU_EXIT_SYSCALL); /* jmp [ecx] */
	ck_assert_uint_eq(t_cpu.r[EBX], 0xabcd1234);
}
END_TEST

/* SDM vol. 2, XLAT: AL = [EBX + AL]. */
START_TEST(xlat_table)
{
	memcpy(mem_at(DATA, 4), "wxyz", 4);
	t_cpu.r[EBX] = DATA;
	t_cpu.r[EAX] = 2;
	ck_assert_int_eq(RUN(0xd7, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX] & 0xff, 'y');
}
END_TEST

/* SDM vol. 2, 2.1.1: the LOCK prefix on a read-modify-write of memory (here XADD, as glibc's
 * atomics use it) executes the instruction. */
START_TEST(lock_prefix_accepted)
{
	wr32(DATA, 1);
	t_cpu.r[ESI] = DATA;
	t_cpu.r[EAX] = 1;
	ck_assert_int_eq(RUN(0xf0, 0x0f, 0xc1, 0x06, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(rd32(DATA), 2);
}
END_TEST

/* SDM vol. 2, MOV (A1): the moffs form honours a segment override: fs:[8] reads base + 8. */
START_TEST(moffs_fs_override)
{
	t_cpu.gdt[6] = 0x00cff2200100ffffull; /* base 0x200100 */
	ck_assert_int_eq(cpu_load_seg(&t_cpu, SEG_FS, 0x33), 0);
	wr32(0x200108, 0x5a5a1234);
	ck_assert_int_eq(RUN(0x64, 0xa1, 8, 0, 0, 0, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0x5a5a1234);
}
END_TEST

/* SDM vol. 2, PUSH/POP with 0x66: a word is pushed and ESP moves by 2. */
START_TEST(push_pop_16)
{
	t_cpu.r[EAX] = 0x11112222;
	t_cpu.r[EBX] = 0x33334444;
	ck_assert_int_eq(RUN(0x66, 0x50, 0x66, 0x5b, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EBX], 0x33332222);
	ck_assert_uint_eq(t_cpu.r[ESP], STACK_TOP);
}
END_TEST

/* SDM vol. 2, MOVS with 0x66: word elements, ESI/EDI advance by 2. */
START_TEST(movsw_16)
{
	wr32(DATA, 0xaabbccdd);
	t_cpu.r[ESI] = DATA;
	t_cpu.r[EDI] = DATA + 0x40;
	t_cpu.r[ECX] = 2;
	ck_assert_int_eq(RUN(0xf3, 0x66, 0xa5, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(rd32(DATA + 0x40), 0xaabbccdd);
	ck_assert_uint_eq(t_cpu.r[EDI], DATA + 0x44);
}
END_TEST

/* SDM vol. 2, XCHG: with a memory operand both values are swapped. */
START_TEST(xchg_mem)
{
	wr32(DATA, 7);
	t_cpu.r[ESI] = DATA;
	t_cpu.r[EAX] = 9;
	ck_assert_int_eq(RUN(0x87, 0x06, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(rd32(DATA), 9);
	ck_assert_uint_eq(t_cpu.r[EAX], 7);
}
END_TEST

/* SDM vol. 2, JMP ptr16:32: a far jump to the current code segment (USER_CS 0x73) lands at the
 * offset; RETF to a selector that is not a user code segment is #GP(selector). */
START_TEST(far_jmp_and_bad_retf)
{
	static const uint8_t target[] = {0x6a, 0x08, 0x6a, 0x00, 0xcb}; /* push 8; push 0; retf */
	memcpy(mem_at(CODE + 0x40, sizeof target), target, sizeof target);
	ck_assert_int_eq(RUN(0xea, 0x40, 0x00, 0x10, 0x00, 0x73, 0x00), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_GP);
	ck_assert_uint_eq(t_cpu.exc.error_code, 0x08);
	ck_assert_uint_eq(t_cpu.eip, CODE + 0x44);
	ck_assert_uint_eq(t_cpu.r[ESP], STACK_TOP - 8);
}
END_TEST

/* Escape opcodes go to the x87 with the ModR/M linear address (SDM vol. 2, A.5): FLD1 then
 * FSTP m32 stores 1.0f (0x3F800000, IEEE 754 single). */
START_TEST(x87_escape_address)
{
	t_cpu.r[ESI] = DATA + 4;
	ck_assert_int_eq(RUN(0xd9, 0xe8, 0xd9, 0x5e, 0xfc, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(rd32(DATA), 0x3f800000u);
}
END_TEST

Suite *cpu_mem_suite(void)
{
	Suite *s = suite_create("cpu_mem");
	TCase *tc = tcase_create("mem");
	tcase_add_checked_fixture(tc, harness_setup, harness_teardown);
	tcase_add_test(tc, rep_movsb);
	tcase_add_test(tc, repne_scasb);
	tcase_add_test(tc, repe_cmpsb);
	tcase_add_test(tc, std_stosd);
	tcase_add_test(tc, rep_zero_count);
	tcase_add_test(tc, lodsd);
	tcase_add_test(tc, bts_bit_string_negative);
	tcase_add_test(tc, bt_imm_modulo);
	tcase_add_test(tc, bsf_bsr);
	tcase_add_test(tc, cmpxchg8b_both_ways);
	tcase_add_test(tc, cmpxchg8b_reg_ud);
	tcase_add_test(tc, cmpxchg_fail);
	tcase_add_test(tc, xadd_mem);
	tcase_add_test(tc, push_esp);
	tcase_add_test(tc, pop_esp_based);
	tcase_add_test(tc, pusha_popa);
	tcase_add_test(tc, popf_user_bits);
	tcase_add_test(tc, call_ret_imm);
	tcase_add_test(tc, enter_leave);
	tcase_add_test(tc, loop_counts);
	tcase_add_test(tc, jmp_indirect_and_addr16);
	tcase_add_test(tc, xlat_table);
	tcase_add_test(tc, lock_prefix_accepted);
	tcase_add_test(tc, moffs_fs_override);
	tcase_add_test(tc, push_pop_16);
	tcase_add_test(tc, movsw_16);
	tcase_add_test(tc, xchg_mem);
	tcase_add_test(tc, far_jmp_and_bad_retf);
	tcase_add_test(tc, x87_escape_address);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(cpu_mem_suite());
}
