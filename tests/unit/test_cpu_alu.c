/*
 * test_cpu_alu.c - facts about the integer ALU: status flags of ADD/SUB/ADC/SBB/INC, partial
 * registers, operand-size prefix, shifts and rotates, multiply and divide, decimal adjust.
 * Sources: SDM vol. 1, 3.4.3.1 (status flags); SDM vol. 2, each instruction's "Flags Affected".
 */
#include "test_cpu_harness.h"

#define ST (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

/* SDM vol. 1, 3.4.3.1: OF on signed overflow, SF = MSB, CF clear without unsigned carry. */
START_TEST(add_signed_overflow)
{
	/* mov eax,0x7fffffff; mov ebx,1; add eax,ebx */
	ck_assert_int_eq(
	    RUN(0xb8, 0xff, 0xff, 0xff, 0x7f, 0xbb, 1, 0, 0, 0, 0x01, 0xd8, EXIT_INT80),
	    CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0x80000000u);
	/* 0x80: low byte 0x00 has even parity; AF from the carry out of bit 3 */
	ck_assert_uint_eq(flags() & ST, FL_OF | FL_SF | FL_PF | FL_AF);
}
END_TEST

/* SDM vol. 2, ADD: 0xffffffff + 1 = 0 with CF, ZF, AF, PF set and OF clear. */
START_TEST(add_unsigned_carry)
{
	ck_assert_int_eq(RUN(0xb8, 0xff, 0xff, 0xff, 0xff, 0x05, 1, 0, 0, 0, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0);
	ck_assert_uint_eq(flags() & ST, FL_CF | FL_ZF | FL_AF | FL_PF);
}
END_TEST

/* SDM vol. 2, SUB: 0 - 1 borrows: CF, SF, AF set; result 0xffffffff (PF: 0xff even). */
START_TEST(sub_borrow)
{
	ck_assert_int_eq(RUN(0x31, 0xc0, 0xbb, 1, 0, 0, 0, 0x29, 0xd8, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0xffffffffu);
	ck_assert_uint_eq(flags() & ST, FL_CF | FL_SF | FL_AF | FL_PF);
}
END_TEST

/* SDM vol. 2, ADC: DEST + SRC + CF; 0xffffffff + 0 + 1 carries out. */
START_TEST(adc_carry_in)
{
	/* mov eax,-1; xor ebx,ebx (clears CF); stc; adc eax,ebx */
	ck_assert_int_eq(
	    RUN(0xb8, 0xff, 0xff, 0xff, 0xff, 0x31, 0xdb, 0xf9, 0x11, 0xd8, EXIT_INT80),
	    CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0);
	ck_assert_uint_eq(flags() & (FL_CF | FL_ZF | FL_OF), FL_CF | FL_ZF);
}
END_TEST

/* SDM vol. 2, SBB: DEST - (SRC + CF); 5 - 5 - 1 borrows (CF set), result -1. */
START_TEST(sbb_equal_with_borrow)
{
	ck_assert_int_eq(RUN(0xb8, 5, 0, 0, 0, 0xbb, 5, 0, 0, 0, 0xf9, 0x19, 0xd8, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0xffffffffu);
	ck_assert_uint_eq(flags() & (FL_CF | FL_ZF | FL_SF | FL_OF), FL_CF | FL_SF);
}
END_TEST

/* SDM vol. 2, INC: "The CF flag is not affected". */
START_TEST(inc_keeps_cf)
{
	/* stc; mov eax,0x7fffffff; inc eax */
	ck_assert_int_eq(RUN(0xf9, 0xb8, 0xff, 0xff, 0xff, 0x7f, 0x40, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0x80000000u);
	ck_assert_uint_eq(flags() & (FL_CF | FL_OF | FL_SF), FL_CF | FL_OF | FL_SF);
}
END_TEST

/* SDM vol. 2, table 2-2: byte register 4 is AH; only that byte changes. */
START_TEST(byte_registers)
{
	/* mov eax,0x11223344; add ah,al  -> AH = 0x33 + 0x44 */
	ck_assert_int_eq(RUN(0xb8, 0x44, 0x33, 0x22, 0x11, 0x00, 0xc4, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0x11227744u);
}
END_TEST

/* SDM vol. 1, 3.6: 0x66 makes the operand 16 bits; the upper half is preserved, CF from bit 15. */
START_TEST(operand_size_prefix)
{
	/* mov eax,0xabcdffff; add ax,1 (66 05 01 00) */
	ck_assert_int_eq(RUN(0xb8, 0xff, 0xff, 0xcd, 0xab, 0x66, 0x05, 1, 0, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0xabcd0000u);
	ck_assert_uint_eq(flags() & (FL_CF | FL_ZF), FL_CF | FL_ZF);
}
END_TEST

/* SDM vol. 2, Jcc: JL tests SF != OF (signed less); -1 < 1 signed, not unsigned (JB not taken). */
START_TEST(signed_compare_branch)
{
	/* mov eax,-1; cmp eax,1 (83 f8 01); jl +5; mov ecx,1; ... ; jb +5; mov edx,1 */
	ck_assert_int_eq(RUN(0xb8, 0xff, 0xff, 0xff, 0xff, 0x83, 0xf8, 0x01, 0x7c, 0x05, 0xb9, 1, 0,
	                     0, 0, 0x72, 0x05, 0xba, 1, 0, 0, 0, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[ECX], 0); /* skipped: JL taken */
	ck_assert_uint_eq(t_cpu.r[EDX], 1); /* executed: JB not taken */
}
END_TEST

/* SDM vol. 2, SAL/SHL: CF = last bit shifted out; OF (1-bit) = MSB(result) XOR CF. */
START_TEST(shl_by_one)
{
	/* mov eax,0xc0000001; shl eax,1 */
	ck_assert_int_eq(RUN(0xb8, 1, 0, 0, 0xc0, 0xd1, 0xe0, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0x80000002u);
	ck_assert_uint_eq(flags() & (FL_CF | FL_OF | FL_SF | FL_ZF), FL_CF | FL_SF);
}
END_TEST

/* SDM vol. 2, SAR: signed shift; CF = last bit out. -7 >> 1 = -4, CF = 1. */
START_TEST(sar_by_cl)
{
	ck_assert_int_eq(RUN(0xb8, 0xf9, 0xff, 0xff, 0xff, 0xb1, 1, 0xd3, 0xf8, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0xfffffffcu);
	ck_assert_uint_eq(flags() & (FL_CF | FL_SF | FL_OF), FL_CF | FL_SF);
}
END_TEST

/* SDM vol. 2, SAL/SAR/SHL/SHR: the count is masked to 5 bits; a count of 0 changes no flag. */
START_TEST(shift_count_masked)
{
	/* stc; mov eax,5; mov cl,32; shl eax,cl -> unchanged, CF still set */
	ck_assert_int_eq(RUN(0xf9, 0xb8, 5, 0, 0, 0, 0xb1, 32, 0xd3, 0xe0, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 5);
	ck_assert_uint_eq(flags() & FL_CF, FL_CF);
}
END_TEST

/* SDM vol. 2, RCL/RCR/ROL/ROR: ROL affects only CF (= LSB of the result) and OF. */
START_TEST(rol_flags)
{
	/* xor eax,eax (ZF=1); mov eax,0x80000000 (mov keeps flags); rol eax,4 */
	ck_assert_int_eq(RUN(0x31, 0xc0, 0xb8, 0, 0, 0, 0x80, 0xc1, 0xc0, 4, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 8);
	ck_assert_uint_eq(flags() & (FL_CF | FL_ZF), FL_ZF);
}
END_TEST

/* SDM vol. 2, RCR: rotates through CF: CF goes into the MSB, the LSB into CF. */
START_TEST(rcr_through_carry)
{
	/* stc; mov eax,1 ; rcr eax,1 */
	ck_assert_int_eq(RUN(0xf9, 0xb8, 1, 0, 0, 0, 0xd1, 0xd8, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0x80000000u);
	ck_assert_uint_eq(flags() & FL_CF, FL_CF);
}
END_TEST

/* SDM vol. 2, RCL: for 8-bit operands the count is taken modulo 9. */
START_TEST(rcl8_mod9)
{
	/* clc; mov al,0x81; mov cl,9; rcl al,cl -> unchanged */
	ck_assert_int_eq(RUN(0xf8, 0xb0, 0x81, 0xb1, 9, 0xd2, 0xd0, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX] & 0xff, 0x81);
}
END_TEST

/* SDM vol. 2, SHLD: bits from the source fill in from the right; CF = last bit out of dest. */
START_TEST(shld_imm)
{
	/* mov eax,0x80000001; mov ebx,0xf0000000; shld eax,ebx,4 */
	ck_assert_int_eq(
	    RUN(0xb8, 1, 0, 0, 0x80, 0xbb, 0, 0, 0, 0xf0, 0x0f, 0xa4, 0xd8, 4, EXIT_INT80),
	    CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0x0000001fu);
	ck_assert_uint_eq(flags() & FL_CF, 0);
}
END_TEST

/* SDM vol. 2, SHRD: bits from the source fill in from the left; CF = last bit out. */
START_TEST(shrd_cl)
{
	/* mov eax,0x00000003; mov ebx,0x5; mov cl,2; shrd eax,ebx,cl */
	ck_assert_int_eq(
	    RUN(0xb8, 3, 0, 0, 0, 0xbb, 5, 0, 0, 0, 0xb1, 2, 0x0f, 0xad, 0xd8, EXIT_INT80),
	    CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0x40000000u);
	ck_assert_uint_eq(flags() & FL_CF, FL_CF);
}
END_TEST

/* SDM vol. 2, MUL: EDX:EAX = EAX * r/m32; CF = OF = (EDX != 0). */
START_TEST(mul_wide)
{
	/* mov eax,0x80000000; mov ebx,4; mul ebx */
	ck_assert_int_eq(RUN(0xb8, 0, 0, 0, 0x80, 0xbb, 4, 0, 0, 0, 0xf7, 0xe3, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0);
	ck_assert_uint_eq(t_cpu.r[EDX], 2);
	ck_assert_uint_eq(flags() & (FL_CF | FL_OF), FL_CF | FL_OF);
}
END_TEST

/* SDM vol. 2, IMUL (three operands): truncated product; CF = OF = the product did not fit. */
START_TEST(imul3_overflow)
{
	/* mov ebx,0x10000; imul eax,ebx,0x10000 (69 c3 imm32) */
	ck_assert_int_eq(RUN(0xbb, 0, 0, 1, 0, 0x69, 0xc3, 0, 0, 1, 0, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0);
	ck_assert_uint_eq(flags() & (FL_CF | FL_OF), FL_CF | FL_OF);
}
END_TEST

/* SDM vol. 2, IMUL (two operands): -3 * 7 = -21 fits: CF = OF = 0. */
START_TEST(imul2_signed)
{
	/* mov eax,-3; mov ebx,7; imul eax,ebx (0f af c3) */
	ck_assert_int_eq(
	    RUN(0xb8, 0xfd, 0xff, 0xff, 0xff, 0xbb, 7, 0, 0, 0, 0x0f, 0xaf, 0xc3, EXIT_INT80),
	    CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], (uint32_t)-21);
	ck_assert_uint_eq(flags() & (FL_CF | FL_OF), 0);
}
END_TEST

/* SDM vol. 2, DIV: EDX:EAX / r/m32 -> EAX quotient, EDX remainder. */
START_TEST(div_64_by_32)
{
	/* mov edx,1; mov eax,0; mov ebx,3; div ebx : 0x100000000 / 3 */
	ck_assert_int_eq(
	    RUN(0xba, 1, 0, 0, 0, 0xb8, 0, 0, 0, 0, 0xbb, 3, 0, 0, 0, 0xf7, 0xf3, EXIT_INT80),
	    CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0x55555555u);
	ck_assert_uint_eq(t_cpu.r[EDX], 1);
}
END_TEST

/* SDM vol. 2, DIV: a zero divisor is #DE, a fault: EIP at the DIV, registers unchanged. */
START_TEST(div_by_zero)
{
	/* mov eax,7; xor ebx,ebx; div ebx */
	ck_assert_int_eq(RUN(0xb8, 7, 0, 0, 0, 0x31, 0xdb, 0xf7, 0xf3, EXIT_INT80),
	                 CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_DE);
	ck_assert_uint_eq(t_cpu.eip, CODE + 7);
	ck_assert_uint_eq(t_cpu.r[EAX], 7);
}
END_TEST

/* SDM vol. 2, IDIV: a quotient out of range (INT_MIN / -1) is #DE. */
START_TEST(idiv_overflow)
{
	/* mov eax,0x80000000; cdq; mov ebx,-1; idiv ebx */
	ck_assert_int_eq(
	    RUN(0xb8, 0, 0, 0, 0x80, 0x99, 0xbb, 0xff, 0xff, 0xff, 0xff, 0xf7, 0xfb, EXIT_INT80),
	    CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_DE);
	ck_assert_uint_eq(t_cpu.eip, CODE + 11);
	ck_assert_uint_eq(t_cpu.r[EDX], 0xffffffffu);
}
END_TEST

/* SDM vol. 2, IDIV: the remainder has the dividend's sign: -7 / 2 = -3 rem -1. */
START_TEST(idiv_signs)
{
	ck_assert_int_eq(
	    RUN(0xb8, 0xf9, 0xff, 0xff, 0xff, 0x99, 0xbb, 2, 0, 0, 0, 0xf7, 0xfb, EXIT_INT80),
	    CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], (uint32_t)-3);
	ck_assert_uint_eq(t_cpu.r[EDX], (uint32_t)-1);
}
END_TEST

/* SDM vol. 2, DIV (8-bit): AX / r/m8 quotient too big for AL is #DE. */
START_TEST(div8_overflow)
{
	/* mov ax,0x1000 (66 b8); mov bl,2; div bl (f6 f3) */
	ck_assert_int_eq(RUN(0x66, 0xb8, 0, 0x10, 0xb3, 2, 0xf6, 0xf3, EXIT_INT80),
	                 CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(t_cpu.exc.vector, EXC_DE);
}
END_TEST

/* SDM vol. 2, DAA, example: AL = 0x79 + 0x35 = 0xAE -> DAA -> 0x14 with CF = 1. */
START_TEST(daa_example)
{
	/* mov al,0x79; add al,0x35; daa */
	ck_assert_int_eq(RUN(0xb0, 0x79, 0x04, 0x35, 0x27, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX] & 0xff, 0x14);
	ck_assert_uint_eq(flags() & FL_CF, FL_CF);
}
END_TEST

/* SDM vol. 2, AAM: AH = AL / 10, AL = AL % 10. */
START_TEST(aam_base10)
{
	ck_assert_int_eq(RUN(0xb0, 79, 0xd4, 0x0a, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX] & 0xffff, 0x0709);
}
END_TEST

/* SDM vol. 2, AAS "Operation": AX = AX - 6 (the borrow reaches AH), AH = AH - 1, AL &= 0x0F. */
START_TEST(aas_borrow_into_ah)
{
	/* mov ah,0x10; sahf (AF=1); mov ax,0x0103; aas */
	ck_assert_int_eq(RUN(0xb4, 0x10, 0x9e, 0x66, 0xb8, 0x03, 0x01, 0x3f, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX] & 0xffff, 0xff0d);
	ck_assert_uint_eq(flags() & (FL_AF | FL_CF), FL_AF | FL_CF);
}
END_TEST

/* SDM vol. 2, NEG: CF = 0 only for a zero operand. */
START_TEST(neg_flags)
{
	/* mov eax,5; neg eax */
	ck_assert_int_eq(RUN(0xb8, 5, 0, 0, 0, 0xf7, 0xd8, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], (uint32_t)-5);
	ck_assert_uint_eq(flags() & (FL_CF | FL_SF), FL_CF | FL_SF);
}
END_TEST

/* SDM vol. 2, MOVSX/MOVZX. */
START_TEST(movsx_movzx)
{
	/* mov bl,0x80; movsx eax,bl (0f be c3); movzx ecx,bl (0f b6 cb) */
	ck_assert_int_eq(RUN(0xb3, 0x80, 0x0f, 0xbe, 0xc3, 0x0f, 0xb6, 0xcb, EXIT_INT80),
	                 CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0xffffff80u);
	ck_assert_uint_eq(t_cpu.r[ECX], 0x80u);
}
END_TEST

/* SDM vol. 2, CMOVcc and SETcc: CMOVE moves when ZF = 1; SETNE stores 0 then. */
START_TEST(cmov_setcc)
{
	/* mov ebx,42; xor eax,eax; cmove ecx,ebx (0f 44 cb); setne dl (0f 95 c2) */
	t_cpu.r[EDX] = 0xff;
	ck_assert_int_eq(
	    RUN(0xbb, 42, 0, 0, 0, 0x31, 0xc0, 0x0f, 0x44, 0xcb, 0x0f, 0x95, 0xc2, EXIT_INT80),
	    CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[ECX], 42);
	ck_assert_uint_eq(t_cpu.r[EDX], 0);
}
END_TEST

/* SDM vol. 2, LEA: the effective address base + index*scale + disp, no memory access. */
START_TEST(lea_sib)
{
	/* mov ebx,0x1000; mov esi,3; lea eax,[ebx+esi*4+0x10] (8d 44 b3 10) */
	ck_assert_int_eq(
	    RUN(0xbb, 0, 0x10, 0, 0, 0xbe, 3, 0, 0, 0, 0x8d, 0x44, 0xb3, 0x10, EXIT_INT80),
	    CPU_EXIT_SYSCALL);
	ck_assert_uint_eq(t_cpu.r[EAX], 0x101cu);
}
END_TEST

/* SDM vol. 2, LAHF: AH = SF:ZF:0:AF:0:PF:1:CF. */
START_TEST(lahf_layout)
{
	/* xor eax,eax (ZF PF); stc; lahf */
	ck_assert_int_eq(RUN(0x31, 0xc0, 0xf9, 0x9f, EXIT_INT80), CPU_EXIT_SYSCALL);
	ck_assert_uint_eq((t_cpu.r[EAX] >> 8) & 0xff, 0x47u);
}
END_TEST

Suite *cpu_alu_suite(void)
{
	Suite *s = suite_create("cpu_alu");
	TCase *tc = tcase_create("alu");
	tcase_add_checked_fixture(tc, harness_setup, harness_teardown);
	tcase_add_test(tc, add_signed_overflow);
	tcase_add_test(tc, add_unsigned_carry);
	tcase_add_test(tc, sub_borrow);
	tcase_add_test(tc, adc_carry_in);
	tcase_add_test(tc, sbb_equal_with_borrow);
	tcase_add_test(tc, inc_keeps_cf);
	tcase_add_test(tc, byte_registers);
	tcase_add_test(tc, operand_size_prefix);
	tcase_add_test(tc, signed_compare_branch);
	tcase_add_test(tc, shl_by_one);
	tcase_add_test(tc, sar_by_cl);
	tcase_add_test(tc, shift_count_masked);
	tcase_add_test(tc, rol_flags);
	tcase_add_test(tc, rcr_through_carry);
	tcase_add_test(tc, rcl8_mod9);
	tcase_add_test(tc, shld_imm);
	tcase_add_test(tc, shrd_cl);
	tcase_add_test(tc, mul_wide);
	tcase_add_test(tc, imul3_overflow);
	tcase_add_test(tc, imul2_signed);
	tcase_add_test(tc, div_64_by_32);
	tcase_add_test(tc, div_by_zero);
	tcase_add_test(tc, idiv_overflow);
	tcase_add_test(tc, idiv_signs);
	tcase_add_test(tc, div8_overflow);
	tcase_add_test(tc, daa_example);
	tcase_add_test(tc, aam_base10);
	tcase_add_test(tc, aas_borrow_into_ah);
	tcase_add_test(tc, neg_flags);
	tcase_add_test(tc, movsx_movzx);
	tcase_add_test(tc, cmov_setcc);
	tcase_add_test(tc, lea_sib);
	tcase_add_test(tc, lahf_layout);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(cpu_alu_suite());
}
