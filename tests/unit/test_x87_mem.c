/*
 * test_x87_mem.c - x87 memory forms and the environment/state images, through x87_exec on a
 * CPU whose memory is an identity-mapped 4 MiB of paged RAM (user, writable).
 * Facts: SDM vol. 1 chapter 4 (data formats), 8.1.10 (state images); vol. 2 per instruction.
 */
#include <check.h>
#include <math.h>
#include <string.h>

#include "test_x87_common.h"

#define BUF 0x10000u /* operand scratch area */

static struct mmu *m;
static struct cpu c;

static void setup(void)
{
	m = x87t_identity_mmu();
	ck_assert_int_eq(cpu_init(&c, m, NULL), 0);
}

static void teardown(void)
{
	cpu_destroy(&c);
	mmu_free(m);
}

static uint8_t *mem(uint32_t a)
{
	return mmu_phys(m, a, 128);
}

static void x(uint8_t op, uint8_t modrm, uint32_t ea)
{
	ck_assert_int_eq(x87_exec(&c, op, modrm, ea, 0), 0);
}

/* ModR/M with mod = 00 and the given reg field; the address is passed as `ea`. */
#define M(reg) ((uint8_t)((reg) << 3))

static long double st(int i)
{
	return x87t_st(&c, i);
}

#define same x87t_same

#define SW_IE 0x0001
#define SW_DE 0x0002

/* FLD m32/m64/m80 convert exactly; FST m32/m64 round to the destination format per RC
 * (SDM vol. 2, FLD, FST/FSTP). */
START_TEST(real_loads_and_stores)
{
	float f = 0.1f;
	double d = 0.1;
	long double e = 0.1L;
	memcpy(mem(BUF), &f, 4);
	memcpy(mem(BUF + 16), &d, 8);
	memcpy(mem(BUF + 32), &e, 10);
	x(0xD9, M(0), BUF);
	ck_assert(same(st(0), (long double)f));
	x(0xDD, M(0), BUF + 16);
	ck_assert(same(st(0), (long double)d));
	x(0xDB, M(5), BUF + 32);
	ck_assert(same(st(0), e));
	x(0xD9, M(3), BUF + 48); /* FSTP m32 of 0.1L */
	float f2;
	memcpy(&f2, mem(BUF + 48), 4);
	ck_assert(f2 == (float)e);
	x(0xDD, M(2), BUF + 64); /* FST m64 of 0.1 (double) */
	double d2;
	memcpy(&d2, mem(BUF + 64), 8);
	ck_assert(d2 == d);
	x(0xDB, M(7), BUF + 80); /* FSTP m80 */
	long double e2 = 0;
	memcpy(&e2, mem(BUF + 80), 10);
	ck_assert(same(e2, (long double)d));
	ck_assert_uint_eq(c.fpu.top, 7); /* three pushes, two pops: one left, TOP = 7 */
}
END_TEST

/* A single-precision SNaN loads as the QNaN with IE set; an m80 SNaN loads unchanged without IE;
 * a double denormal sets DE (SDM vol. 2, FLD "#IA", "#D"). */
START_TEST(load_snan_and_denormal)
{
	uint32_t snan = 0x7F800001u;
	memcpy(mem(BUF), &snan, 4);
	x(0xD9, M(0), BUF);
	uint32_t q;
	x(0xD9, M(3), BUF + 4);
	memcpy(&q, mem(BUF + 4), 4);
	ck_assert_uint_eq(q, 0x7FC00001u); /* quieted: bit 22 set */
	ck_assert(c.fpu.sw & SW_IE);
	c.fpu.sw = 0;
	uint8_t snan80[10] = {1, 0, 0, 0, 0, 0, 0, 0x80, 0xFF, 0x7F};
	memcpy(mem(BUF + 16), snan80, 10);
	x(0xDB, M(5), BUF + 16);
	ck_assert_uint_eq(c.fpu.sw & SW_IE, 0);
	ck_assert_mem_eq(&c.fpu.st[c.fpu.top], snan80, 10);
	double den = 0x1p-1070;
	memcpy(mem(BUF + 32), &den, 8);
	x(0xDD, M(0), BUF + 32);
	ck_assert(c.fpu.sw & SW_DE);
	ck_assert(same(st(0), 0x1p-1070L));
}
END_TEST

/* FILD m16/m32/m64 are exact; FIST rounds per RC (nearest-even: 2.5 -> 2, 3.5 -> 4); an
 * out-of-range value stores the integer indefinite 8000H.. with IE (SDM vol. 2, FILD, FIST). */
START_TEST(integer_loads_and_stores)
{
	int16_t w = -12345;
	int32_t d = 2000000000;
	int64_t q = -9000000000000000001ll;
	memcpy(mem(BUF), &w, 2);
	memcpy(mem(BUF + 8), &d, 4);
	memcpy(mem(BUF + 16), &q, 8);
	x(0xDF, M(0), BUF);
	ck_assert(same(st(0), -12345));
	x(0xDB, M(0), BUF + 8);
	ck_assert(same(st(0), 2000000000));
	x(0xDF, M(5), BUF + 16);
	ck_assert(same(st(0), (long double)q));
	x(0xDF, M(7), BUF + 24); /* FISTP m64 round trip */
	ck_assert_mem_eq(mem(BUF + 24), &q, 8);

	static const struct {
		long double v;
		int32_t r;
	} k[] = {{2.5L, 2}, {3.5L, 4}, {-2.5L, -2}, {-0.4L, 0}, {1e9L + 0.5L, 1000000000}};
	for (unsigned i = 0; i < sizeof k / sizeof k[0]; i++) {
		memcpy(mem(BUF + 32), &k[i].v, 10);
		x(0xDB, M(5), BUF + 32);
		x(0xDB, M(3), BUF + 48); /* FISTP m32 */
		int32_t r;
		memcpy(&r, mem(BUF + 48), 4);
		ck_assert_int_eq(r, k[i].r);
	}
	ck_assert_uint_eq(c.fpu.sw & SW_IE, 0);
	int32_t big = 40000;
	memcpy(mem(BUF + 64), &big, 4);
	x(0xDB, M(0), BUF + 64);
	x(0xDF, M(3), BUF + 72); /* FISTP m16 of 40000: out of range */
	uint16_t ind;
	memcpy(&ind, mem(BUF + 72), 2);
	ck_assert_uint_eq(ind, 0x8000);
	ck_assert(c.fpu.sw & SW_IE);
}
END_TEST

/* Packed BCD: 9 bytes of two digits each, low digits first, sign in bit 7 of byte 9
 * (SDM vol. 1, 4.7, figure 4-9); too large for 18 digits -> BCD indefinite FFFF C000..0H
 * with IE (SDM vol. 1, 4.7 table 4-4; vol. 2, FBSTP). */
START_TEST(packed_bcd)
{
	static const uint8_t pos[10] = {0x45, 0x23, 0x01, 0, 0, 0, 0, 0, 0, 0};
	static const uint8_t neg[10] = {0x21, 0x43, 0x65, 0x87, 0x09, 0, 0, 0, 0, 0x80};
	memcpy(mem(BUF), pos, 10);
	x(0xDF, M(4), BUF); /* FBLD */
	ck_assert(same(st(0), 12345));
	int32_t n = -987654321;
	memcpy(mem(BUF + 16), &n, 4);
	x(0xDB, M(0), BUF + 16);
	x(0xDF, M(6), BUF + 32); /* FBSTP */
	ck_assert_mem_eq(mem(BUF + 32), neg, 10);
	long double huge = 1e18L;
	memcpy(mem(BUF + 48), &huge, 10);
	x(0xDB, M(5), BUF + 48);
	x(0xDF, M(6), BUF + 64);
	static const uint8_t indef[10] = {0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0xFF};
	ck_assert_mem_eq(mem(BUF + 64), indef, 10);
	ck_assert(c.fpu.sw & SW_IE);
}
END_TEST

/* Arithmetic with memory operands: FADD m64, FIADD m16, FIDIVR m32 (m32int / ST(0)),
 * FCOMP m32 (SDM vol. 2, FADD, FDIVR, FCOM). */
START_TEST(memory_arithmetic)
{
	double d = 1.5;
	int16_t w = 10;
	int32_t n = 3;
	float f = 100.0f;
	memcpy(mem(BUF), &d, 8);
	memcpy(mem(BUF + 8), &w, 2);
	memcpy(mem(BUF + 16), &n, 4);
	memcpy(mem(BUF + 24), &f, 4);
	x(0xD9, 0xE8, 0);       /* FLD1 */
	x(0xDC, M(0), BUF);     /* + 1.5 */
	x(0xDE, M(0), BUF + 8); /* + 10 */
	ck_assert(same(st(0), 12.5L));
	x(0xDA, M(7), BUF + 16); /* 3 / 12.5 */
	ck_assert(same(st(0), 3 / 12.5L));
	x(0xD8, M(3), BUF + 24); /* FCOMP m32: 0.24 < 100 -> C0 */
	ck_assert_uint_eq(c.fpu.sw & 0x4500, 0x0100);
	ck_assert_uint_eq(c.fpu.tw, 0xFFFF);
	ck_assert_uint_eq(c.fpu.fdp, BUF + 24); /* data pointer of the last operand (8.1.8) */
}
END_TEST

static uint16_t rd16(uint32_t a)
{
	uint16_t v;
	memcpy(&v, mem(a), 2);
	return v;
}

static uint32_t rd32(uint32_t a)
{
	uint32_t v;
	memcpy(&v, mem(a), 4);
	return v;
}

/* FNSTENV 32-bit format: CW, SW, TW, FIP, FCS | FOP << 16, FDP, FDS at 4-byte steps
 * (SDM vol. 1, figure 8-9); then all exceptions are masked (vol. 2, FSTENV). */
START_TEST(fnstenv_layout)
{
	c.fpu.cw = 0x0360;
	c.eip = 0x0804800A;
	x(0xD9, 0xEE, 0);   /* FLDZ: TOP 7, tag 01 in R7 */
	x(0xD9, M(6), BUF); /* FNSTENV */
	ck_assert_uint_eq(rd16(BUF), 0x0360);
	ck_assert_uint_eq(rd16(BUF + 4) & 0x3800, 7 << 11);
	ck_assert_uint_eq(rd16(BUF + 8), 0x7FFF);
	ck_assert_uint_eq(rd32(BUF + 12), 0x0804800A);
	ck_assert_uint_eq(rd32(BUF + 16) >> 16, 0x1EE);
	ck_assert_uint_eq(c.fpu.cw, 0x037F);
	/* FLDENV brings the stored environment back. */
	x(0xD9, M(4), BUF);
	ck_assert_uint_eq(c.fpu.cw, 0x0360);
	ck_assert_uint_eq(c.fpu.tw, 0x7FFF);
	/* 16-bit format: 14 bytes, CW SW TW IP CS DP DS as words (figure 8-11). */
	memset(mem(BUF + 64), 0xAA, 32);
	ck_assert_int_eq(x87_exec(&c, 0xD9, M(6), BUF + 64, 1), 0);
	ck_assert_uint_eq(rd16(BUF + 64), 0x0360);
	ck_assert_uint_eq(rd16(BUF + 68), 0x7FFF);
	ck_assert_uint_eq(rd16(BUF + 70), 0x800A);
	ck_assert_uint_eq(mem(BUF + 78)[0], 0xAA);
}
END_TEST

/* FNSAVE: environment then ST(0)..ST(7), 10 bytes each; the FPU is then initialised; FRSTOR
 * restores it (SDM vol. 1, figure 8-10; vol. 2, FSAVE, FRSTOR).  cpu_fpu_save writes the
 * same image without reinitialising. */
START_TEST(fnsave_frstor)
{
	long double a = 2.75L, b = -1e100L;
	memcpy(mem(BUF), &a, 10);
	memcpy(mem(BUF + 16), &b, 10);
	x(0xDB, M(5), BUF);
	x(0xDB, M(5), BUF + 16);
	c.fpu.cw = 0x0F7F;
	uint8_t img[CPU_FPU_STATE_SIZE];
	cpu_fpu_save(&c, img);
	struct x87 before = c.fpu;
	x(0xDD, M(6), BUF + 256); /* FNSAVE */
	ck_assert_mem_eq(mem(BUF + 256), img, CPU_FPU_STATE_SIZE);
	ck_assert_mem_eq(mem(BUF + 256 + 28), &b, 10);
	ck_assert_mem_eq(mem(BUF + 256 + 38), &a, 10);
	ck_assert_uint_eq(c.fpu.cw, 0x037F);
	ck_assert_uint_eq(c.fpu.tw, 0xFFFF);
	x(0xDD, M(4), BUF + 256); /* FRSTOR */
	ck_assert_uint_eq(c.fpu.cw, before.cw);
	ck_assert_uint_eq(c.fpu.sw, before.sw);
	ck_assert_uint_eq(c.fpu.tw, before.tw);
	ck_assert_uint_eq(c.fpu.top, before.top);
	ck_assert(same(st(0), b));
	ck_assert(same(st(1), a));
	/* cpu_fpu_restore is exact too. */
	x(0xDB, 0xE3, 0);
	cpu_fpu_restore(&c, img);
	ck_assert_uint_eq(c.fpu.tw, before.tw);
	ck_assert(same(st(1), a));
}
END_TEST

/* With a 16-bit operand size FNSAVE writes the 14-byte environment and the registers: 94 bytes
 * (SDM vol. 1, figures 8-11 and 8-12); FRSTOR reads the same layout back. */
START_TEST(fnsave_frstor_16bit)
{
	long double a = -7.25L;
	memcpy(mem(BUF), &a, 10);
	x(0xDB, M(5), BUF);
	memset(mem(BUF + 256), 0xAA, 128);
	ck_assert_int_eq(x87_exec(&c, 0xDD, M(6), BUF + 256, 1), 0);
	ck_assert_uint_eq(rd16(BUF + 256), 0x037F);
	ck_assert_uint_eq(rd16(BUF + 258) & 0x3800, 7 << 11);
	ck_assert_uint_eq(rd16(BUF + 260), 0x3FFF);
	ck_assert_mem_eq(mem(BUF + 256 + 14), &a, 10);
	ck_assert_uint_eq(mem(BUF + 256 + 94)[0], 0xAA);
	ck_assert_uint_eq(c.fpu.tw, 0xFFFF);
	ck_assert_int_eq(x87_exec(&c, 0xDD, M(4), BUF + 256, 1), 0);
	ck_assert_uint_eq(c.fpu.top, 7);
	ck_assert(same(st(0), a));
}
END_TEST

/* Every escape encoding runs (from a state with values and empties) without crashing and
 * returns 0 or #UD; #UD exactly for the 92 undefined register forms (D9 D1-D7 E2 E3 E6 E7 EF,
 * DA E0-E8 EA-FF, DB E5-E7 F8-FF, DD F0-FF, DE D8 DA-DF, DF E1-E7 F8-FF) and the 7 undefined
 * memory reg fields x 24 ModR/M bytes each (D9 /1, DB /1 /4 /6, DD /1 /5, DF /1, FISTTP among
 * them) (SDM vol. 2, tables A-7 ... A-22). */
START_TEST(all_encodings)
{
	unsigned ud = 0;
	for (unsigned op = 0xD8; op <= 0xDF; op++)
		for (unsigned modrm = 0; modrm < 256; modrm++) {
			x87_init(&c.fpu);
			x(0xD9, 0xE8, 0);
			x(0xD9, 0xEB, 0);
			memset(mem(BUF), 0x3F, 128);
			int v = x87_exec(&c, (uint8_t)op, (uint8_t)modrm, BUF, 0);
			ck_assert_msg(v == 0 || v == EXC_UD, "%02X %02X -> %d", op, modrm, v);
			ud += v == EXC_UD;
		}
	ck_assert_uint_eq(ud, 92 + 7 * 24);
}
END_TEST

/* FNSTSW m16 / FNSTCW / FLDCW (SDM vol. 2). */
START_TEST(control_and_status_words)
{
	x(0xD9, 0xE8, 0);
	x(0xDD, M(7), BUF);
	ck_assert_uint_eq(rd16(BUF), 7 << 11);
	uint16_t cw = 0x0C7F;
	memcpy(mem(BUF + 8), &cw, 2);
	x(0xD9, M(5), BUF + 8);
	ck_assert_uint_eq(c.fpu.cw, 0x0C7F);
	x(0xD9, M(7), BUF + 16);
	ck_assert_uint_eq(rd16(BUF + 16), 0x0C7F);
	/* Reserved CW bits: 6 reads as 1, 13-15 as 0 (figure 8-6; FLDCW 0 / FFFFH then FNSTCW
	 * give 0040H / 1F7FH on the host x87). */
	memset(mem(BUF + 8), 0, 2);
	x(0xD9, M(5), BUF + 8);
	ck_assert_uint_eq(c.fpu.cw, 0x0040);
	memset(mem(BUF + 8), 0xFF, 2);
	x(0xD9, M(5), BUF + 8);
	ck_assert_uint_eq(c.fpu.cw, 0x1F7F);
}
END_TEST

/* FLDENV of `env`, then FNSTSW m16. */
static uint16_t fldenv_fnstsw(const uint8_t env[28])
{
	memcpy(mem(BUF), env, 28);
	x(0xD9, M(4), BUF);
	x(0xDD, M(7), BUF + 64);
	return rd16(BUF + 64);
}

/* FLDENV recomputes ES and B from the flags and masks (SDM vol. 1, 8.1.3.4): SW FFFFH loaded with
 * every exception masked reads back as 7F7FH; flag IE with IM clear gives ES and B. */
START_TEST(fldenv_summary_bits)
{
	uint8_t env[28];
	memset(env, 0xFF, sizeof env);
	env[0] = 0x7F;
	env[1] = 0x03;
	ck_assert_uint_eq(fldenv_fnstsw(env), 0x7F7F);
	env[0] = 0x7E; /* IM clear */
	env[4] = 0x01;
	env[5] = 0x00;
	ck_assert_uint_eq(fldenv_fnstsw(env), 0x8081);
	ck_assert_int_eq(x87_wait(&c), EXC_MF);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("x87 memory forms");
	TCase *t = tcase_create("mem");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, real_loads_and_stores);
	tcase_add_test(t, load_snan_and_denormal);
	tcase_add_test(t, integer_loads_and_stores);
	tcase_add_test(t, packed_bcd);
	tcase_add_test(t, memory_arithmetic);
	tcase_add_test(t, fnstenv_layout);
	tcase_add_test(t, fnsave_frstor);
	tcase_add_test(t, fnsave_frstor_16bit);
	tcase_add_test(t, all_encodings);
	tcase_add_test(t, control_and_status_words);
	tcase_add_test(t, fldenv_summary_bits);
	suite_add_tcase(s, t);
	return check_run(s);
}
