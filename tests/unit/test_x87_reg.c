/*
 * test_x87_reg.c - register forms of the x87 (no memory operand), driven through x87_exec.
 * Expected values come from the SDM (cited per test) or from host `long double` arithmetic
 * written here, which on the x86-64 host is the x87 itself with CW 0x037F.
 */
#include <check.h>
#include <fenv.h>
#include <math.h>
#include <string.h>

#include "test_x87_common.h"

static struct cpu c;

static void setup(void)
{
	ck_assert_int_eq(cpu_init(&c, NULL, NULL), 0);
}

static void teardown(void)
{
	cpu_destroy(&c);
}

static void x(uint8_t op, uint8_t modrm)
{
	ck_assert_int_eq(x87_exec(&c, op, modrm, 0, 0), 0);
}

/* ST(i) as a value; registers are compared bit for bit (10 bytes). */
static long double st(int i)
{
	return x87t_st(&c, i);
}

#define same x87t_same

/* Test set-up of a stack entry without going through the code under test. */
static void push(long double v)
{
	c.fpu.top = (c.fpu.top - 1) & 7;
	memset(&c.fpu.st[c.fpu.top], 0, sizeof(long double));
	memcpy(&c.fpu.st[c.fpu.top], &v, 10);
	c.fpu.tw &= (uint16_t) ~(3u << (2 * c.fpu.top));
}

static unsigned tag(int i)
{
	return (c.fpu.tw >> (2 * ((c.fpu.top + i) & 7))) & 3u;
}

static long double make(uint16_t se, uint64_t sig)
{
	long double v = 0;
	memcpy(&v, &sig, 8);
	memcpy((uint8_t *)&v + 8, &se, 2);
	return v;
}

#define SW_IE 0x0001
#define SW_ZE 0x0004
#define SW_PE 0x0020
#define SW_SF 0x0040
#define SW_ES 0x0080
#define SW_C0 0x0100
#define SW_C1 0x0200
#define SW_C2 0x0400
#define SW_C3 0x4000

/* QNaN floating-point indefinite: sign 1, exponent all ones, significand C000..0
 * (SDM vol. 1, 4.8.3.7, table 4-3). */
static long double indefinite(void)
{
	return make(0xFFFF, 0xC000000000000000ull);
}

/* SDM vol. 2, FINIT/FNINIT: CW 037FH, SW 0, TW FFFFH. */
START_TEST(fninit_state)
{
	c.fpu.cw = 0;
	c.fpu.sw = 0xFFFF;
	c.fpu.tw = 0;
	x(0xDB, 0xE3);
	ck_assert_uint_eq(c.fpu.cw, 0x037F);
	ck_assert_uint_eq(c.fpu.sw, 0);
	ck_assert_uint_eq(c.fpu.tw, 0xFFFF);
	ck_assert_uint_eq(c.fpu.top, 0);
}
END_TEST

/* SDM vol. 2, FLD1/FLDL2T/FLDL2E/FLDPI/FLDLG2/FLDLN2/FLDZ (D9 E8..EE): the constants rounded to
 * nearest under the default CW; compared with the decimal values rounded by the compiler. */
START_TEST(constants)
{
	static const struct {
		uint8_t modrm;
		long double v;
	} k[] = {
	    {0xE8, 1.0L},
	    {0xE9, 3.32192809488736234787031942948939017586483139302458L}, /* log2(10) */
	    {0xEA, 1.44269504088896340735992468100189213742664595415299L}, /* log2(e) */
	    {0xEB, 3.14159265358979323846264338327950288419716939937511L}, /* pi */
	    {0xEC, 0.30102999566398119521373889472449302676818988146211L}, /* log10(2) */
	    {0xED, 0.69314718055994530941723212145817656807550013436026L}, /* ln(2) */
	    {0xEE, 0.0L},
	};
	for (unsigned i = 0; i < sizeof k / sizeof k[0]; i++) {
		x(0xD9, k[i].modrm);
		ck_assert_msg(same(st(0), k[i].v), "constant D9 %02X", k[i].modrm);
	}
	ck_assert_uint_eq(c.fpu.top, 1); /* seven pushes from 0 */
	ck_assert_uint_eq(tag(0), 1);    /* zero (SDM vol. 1, 8.1.7) */
	ck_assert_uint_eq(tag(1), 0);    /* valid */
}
END_TEST

/* Since the Pentium the constants honour RC (SDM vol. 1, 8.3.8 "Load Constant Instructions"):
 * pi rounded down is one ulp below pi rounded to nearest (the next bit of pi is 1 0...). */
START_TEST(constant_rounding)
{
	c.fpu.cw = 0x077F; /* RC = 01, round down */
	x(0xD9, 0xEB);
	ck_assert(same(st(0), make(0x4000, 0xC90FDAA22168C234ull)));
	c.fpu.cw = 0x037F;
	x(0xD9, 0xEB);
	ck_assert(same(st(0), make(0x4000, 0xC90FDAA22168C235ull)));
}
END_TEST

/* FSUBP ST(i),ST(0) = DE E8+i: ST(i) - ST(0); FSUBRP = DE E0+i: ST(0) - ST(i); FDIVP/FDIVRP
 * likewise (SDM vol. 2, FSUB/FSUBP/FISUB and FSUBR, FDIV, FDIVR opcode tables). */
START_TEST(arith_operand_order)
{
	push(5);
	push(2);
	x(0xDE, 0xE9);
	ck_assert(same(st(0), 3));
	push(2);
	x(0xDE, 0xE1);
	ck_assert(same(st(0), -1));
	push(4);
	x(0xDE, 0xF9); /* FDIVP: ST(1) / ST(0) = -1 / 4 */
	ck_assert(same(st(0), -0.25L));
	push(8);
	x(0xDE, 0xF1); /* FDIVRP: ST(0) / ST(1) = 8 / -0.25 */
	ck_assert(same(st(0), -32));
	push(3);
	x(0xD8, 0xC1); /* FADD ST(0), ST(1) */
	ck_assert(same(st(0), -29));
	x(0xDC, 0xC9); /* FMUL ST(1), ST(0) */
	ck_assert(same(st(1), (long double)-29 * -32));
	x(0xD8, 0xE1); /* FSUB ST(0), ST(1) */
	ck_assert(same(st(0), -29 - (long double)928));
}
END_TEST

/* 1/3 is inexact: PE set (SDM vol. 1, 4.9.1.6); result as host long double division. */
START_TEST(divide_third_precision_and_rounding)
{
	volatile long double one = 1, three = 3;
	push(3);
	push(1);
	x(0xD8, 0xF1); /* FDIV ST(0), ST(1) */
	ck_assert(same(st(0), one / three));
	ck_assert(c.fpu.sw & SW_PE);
	/* PC = 00: significand rounded to 24 bits (SDM vol. 1, 8.1.5.2), i.e. the float quotient.
	 */
	c.fpu.cw = 0x007F;
	push(1);
	x(0xD8, 0xF2);
	ck_assert(same(st(0), (long double)(1.0f / 3.0f)));
	/* RC = down and up give neighbouring values (SDM vol. 1, 4.8.4). */
	long double down, up;
	fesetround(FE_DOWNWARD);
	down = one / three;
	fesetround(FE_UPWARD);
	up = one / three;
	fesetround(FE_TONEAREST);
	c.fpu.cw = 0x077F;
	push(1);
	x(0xD8, 0xF3);
	ck_assert(same(st(0), down));
	c.fpu.cw = 0x0B7F;
	push(1);
	x(0xD8, 0xF4);
	ck_assert(same(st(0), up));
	ck_assert(same(nextafterl(down, 1), up));
	/* Rounding up sets C1 (SDM vol. 1, 8.1.3.1 table 8-? "C1 ... round up"). */
	ck_assert(c.fpu.sw & SW_C1);
}
END_TEST

/* Stack overflow with IE masked: ST(0) becomes the QNaN indefinite, IE SF and C1 = 1
 * (SDM vol. 1, 8.5.1.1). */
START_TEST(stack_overflow)
{
	for (int i = 0; i < 8; i++)
		x(0xD9, 0xE8);
	ck_assert_uint_eq(c.fpu.tw, 0);
	x(0xD9, 0xE8);
	ck_assert(same(st(0), indefinite()));
	ck_assert_uint_eq(c.fpu.sw & (SW_IE | SW_SF | SW_C1), SW_IE | SW_SF | SW_C1);
}
END_TEST

/* Underflow: reading an empty register, IE SF set, C1 = 0 (SDM vol. 1, 8.5.1.1). */
START_TEST(stack_underflow)
{
	push(1);
	x(0xD8, 0xC1); /* FADD ST(0), ST(1) with ST(1) empty */
	ck_assert(same(st(0), indefinite()));
	ck_assert_uint_eq(c.fpu.sw & (SW_IE | SW_SF | SW_C1), SW_IE | SW_SF);
}
END_TEST

/* FXAM: C3 C2 C0 = 000 unsupported, 001 NaN, 010 normal, 011 infinity, 100 zero, 101 empty,
 * 110 denormal; C1 = sign (SDM vol. 2, FXAM). */
START_TEST(fxam_classes)
{
	static const struct {
		long double v;
		uint16_t cc;
	} k[] = {
	    {1.5L, SW_C2},
	    {-2.0L, SW_C2 | SW_C1},
	    {0.0L, SW_C3},
	    {-0.0L, SW_C3 | SW_C1},
	    {INFINITY, SW_C2 | SW_C0},
	    {NAN, SW_C0},
	    {0x1p-16440L, SW_C3 | SW_C2}, /* denormal: below 2^-16382 */
	};
	for (unsigned i = 0; i < sizeof k / sizeof k[0]; i++) {
		push(k[i].v);
		x(0xD9, 0xE5);
		ck_assert_msg((c.fpu.sw & (SW_C0 | SW_C1 | SW_C2 | SW_C3)) == k[i].cc, "case %u",
		              i);
		x(0xDD, 0xD8); /* FSTP ST(0): pop */
	}
	x(0xD9, 0xE5); /* empty ST(0) */
	ck_assert_uint_eq(c.fpu.sw & (SW_C0 | SW_C2 | SW_C3), SW_C3 | SW_C0);
	push(make(0x4000, 0x4000000000000000ull)); /* unnormal: unsupported */
	x(0xD9, 0xE5);
	ck_assert_uint_eq(c.fpu.sw & (SW_C0 | SW_C2 | SW_C3), 0);
}
END_TEST

/* Tags: 00 valid, 01 zero, 10 special (NaN, infinity, denormal), 11 empty (SDM vol. 1, 8.1.7). */
START_TEST(tags_after_loads)
{
	push(1);
	x(0xD9, 0xC0); /* FLD ST(0) */
	ck_assert_uint_eq(tag(0), 0);
	x(0xD9, 0xEE); /* FLDZ */
	ck_assert_uint_eq(tag(0), 1);
	push(INFINITY);
	x(0xD9, 0xC0);
	ck_assert_uint_eq(tag(0), 2);
	x(0xDD, 0xC0); /* FFREE ST(0) */
	ck_assert_uint_eq(tag(0), 3);
	x(0xD9, 0xF7); /* FINCSTP leaves the tags alone */
	ck_assert_uint_eq(tag(0), 2);
	x(0xD9, 0xF6); /* FDECSTP */
	ck_assert_uint_eq(tag(0), 3);
}
END_TEST

/* FCOMI: ZF PF CF = 000 greater, 001 less, 100 equal, 111 unordered; OF SF AF cleared
 * (SDM vol. 2, FCOMI/FCOMIP/FUCOMI/FUCOMIP). */
START_TEST(fcomi_flags)
{
	static const struct {
		long double a, b;
		uint32_t fl;
	} k[] = {
	    {2, 1, 0},
	    {1, 2, FL_CF},
	    {1, 1, FL_ZF},
	    {NAN, 1, FL_ZF | FL_PF | FL_CF},
	};
	for (unsigned i = 0; i < sizeof k / sizeof k[0]; i++) {
		push(k[i].b);
		push(k[i].a);
		cpu_set_eflags(&c, FL_OF | FL_SF | FL_AF | 0x2);
		x(0xDB, 0xF1); /* FCOMI ST(0), ST(1) */
		uint32_t fl = cpu_get_eflags(&c);
		ck_assert_uint_eq(fl & (FL_ZF | FL_PF | FL_CF | FL_OF | FL_SF | FL_AF), k[i].fl);
		x(0xDF, 0xE9); /* FUCOMIP: pops once */
		x(0xDD, 0xD8);
	}
	ck_assert_uint_eq(c.fpu.tw, 0xFFFF);
	/* FCOMI with a NaN raises IE; FUCOMI with a QNaN does not (same section). */
	ck_assert(c.fpu.sw & SW_IE);
}
END_TEST

/* FCOM: C3 C2 C0 = 000 greater, 001 less, 100 equal, 111 unordered (SDM vol. 2, FCOM). */
START_TEST(fcom_condition_codes)
{
	push(1);
	push(2);
	x(0xD8, 0xD1);
	ck_assert_uint_eq(c.fpu.sw & (SW_C0 | SW_C2 | SW_C3), 0);
	x(0xD8, 0xD9); /* FCOMP */
	ck_assert_uint_eq(c.fpu.sw & (SW_C0 | SW_C2 | SW_C3), 0);
	push(0.5);
	x(0xDE, 0xD9); /* FCOMPP: 0.5 < 1, pops both */
	ck_assert_uint_eq(c.fpu.sw & (SW_C0 | SW_C2 | SW_C3), SW_C0);
	ck_assert_uint_eq(c.fpu.tw, 0xFFFF);
	push(NAN);
	push(1);
	x(0xDA, 0xE9); /* FUCOMPP */
	ck_assert_uint_eq(c.fpu.sw & (SW_C0 | SW_C2 | SW_C3), SW_C0 | SW_C2 | SW_C3);
	ck_assert_uint_eq(c.fpu.sw & SW_IE, 0); /* QNaN: FUCOM raises no IE */
	/* FTST compares with 0.0 */
	push(-3);
	x(0xD9, 0xE4);
	ck_assert_uint_eq(c.fpu.sw & (SW_C0 | SW_C2 | SW_C3), SW_C0);
}
END_TEST

/* FCMOVB (DA C0+i) moves when CF = 1, FCMOVNB (DB C0+i) when CF = 0 (SDM vol. 2, FCMOVcc). */
START_TEST(fcmov)
{
	push(7);
	push(1);
	cpu_set_eflags(&c, 0x2 | FL_CF);
	x(0xDA, 0xC1);
	ck_assert(same(st(0), 7));
	push(9);
	push(1);
	x(0xDB, 0xC1); /* CF still 1: no move */
	ck_assert(same(st(0), 1));
	cpu_set_eflags(&c, 0x2 | FL_ZF);
	x(0xDA, 0xC9); /* FCMOVE */
	ck_assert(same(st(0), 9));
	cpu_set_eflags(&c, 0x2 | FL_PF);
	push(4);
	x(0xDA, 0xD9); /* FCMOVU from ST(1) = 9 */
	ck_assert(same(st(0), 9));
}
END_TEST

/* Exact results of the transcendental and other computing instructions (SDM vol. 2): each
 * chosen where the mathematical result is representable. */
START_TEST(exact_transcendentals)
{
	push(2);
	x(0xD9, 0xFA);                    /* FSQRT */
	ck_assert(same(st(0), sqrtl(2))); /* IEEE 754 requires the correctly rounded root */
	push(1);
	x(0xD9, 0xF0); /* F2XM1(1) = 1 */
	ck_assert(same(st(0), 1));
	push(1);
	push(8);
	x(0xD9, 0xF1); /* FYL2X: 1 * log2(8) = 3, pops */
	ck_assert(same(st(0), 3));
	push(10);
	push(1);
	x(0xD9, 0xFD); /* FSCALE: 1 * 2^trunc(10) */
	ck_assert(same(st(0), 1024));
	push(10);
	x(0xD9, 0xF4); /* FXTRACT: ST(0) = significand 1.25, ST(1) = exponent 3 */
	ck_assert(same(st(0), 1.25L));
	ck_assert(same(st(1), 3));
	x(0xDB, 0xE3); /* FNINIT: the stack has room again */
	push(2.5L);
	x(0xD9, 0xFC); /* FRNDINT, round to nearest even */
	ck_assert(same(st(0), 2));
	push(0);
	x(0xD9, 0xFE); /* FSIN(0) = 0, C2 = 0 (in range) */
	ck_assert(same(st(0), 0));
	ck_assert_uint_eq(c.fpu.sw & SW_C2, 0);
	push(0);
	x(0xD9, 0xFB); /* FSINCOS(0): ST(0) = cos = 1, ST(1) = sin = 0 */
	ck_assert(same(st(0), 1));
	ck_assert(same(st(1), 0));
	push(0);
	x(0xD9, 0xF2); /* FPTAN pushes 1.0 after tan(0) = 0 */
	ck_assert(same(st(0), 1));
	ck_assert(same(st(1), 0));
	x(0xDB, 0xE3);
	push(1);
	push(1);
	x(0xD9, 0xF3); /* FPATAN(ST(1)=1 / ST(0)=1) = pi/4 */
	ck_assert(same(st(0), 0.78539816339744830961566084581987572104929234984378L));
	push(1e300L);
	x(0xD9, 0xFE); /* FSIN out of range |x| >= 2^63: C2 = 1, operand unchanged */
	ck_assert(c.fpu.sw & SW_C2);
	ck_assert(same(st(0), 1e300L));
}
END_TEST

/* FPREM 7 mod 3 = 1, quotient 2: C0 = Q2 = 0, C3 = Q1 = 1, C1 = Q0 = 0, C2 = 0 complete;
 * FPREM1 rounds the quotient to nearest: 7 rem 3 = 1 too, 8 rem 3 = -1 (quotient 3)
 * (SDM vol. 2, FPREM, FPREM1). */
START_TEST(partial_remainder)
{
	push(3);
	push(7);
	x(0xD9, 0xF8);
	ck_assert(same(st(0), 1));
	ck_assert_uint_eq(c.fpu.sw & (SW_C0 | SW_C1 | SW_C2 | SW_C3), SW_C3);
	push(3);
	push(8);
	x(0xD9, 0xF5);
	ck_assert(same(st(0), -1));
	ck_assert_uint_eq(c.fpu.sw & (SW_C0 | SW_C1 | SW_C2 | SW_C3), SW_C3 | SW_C1); /* q = 3 */
}
END_TEST

/* FCHS, FABS, FXCH, FST ST(i) (SDM vol. 2). */
START_TEST(moves_and_signs)
{
	push(-1);
	push(5);
	x(0xD9, 0xC9); /* FXCH ST(1) */
	ck_assert(same(st(0), -1));
	ck_assert(same(st(1), 5));
	x(0xD9, 0xE1); /* FABS */
	ck_assert(same(st(0), 1));
	x(0xD9, 0xE0); /* FCHS */
	ck_assert(same(st(0), -1));
	x(0xDD, 0xD1); /* FST ST(1) */
	ck_assert(same(st(1), -1));
	x(0xDD, 0xDA); /* FSTP ST(2): ST(2) empty before, now -1, stack pops */
	ck_assert(same(st(1), -1));
	ck_assert_uint_eq(tag(1), 0);
}
END_TEST

/* Unmasked ZE: 1/0 leaves the destination unchanged, sets ZE, ES and B; the next waiting
 * instruction raises #MF, the non-waiting FNSTSW/FNCLEX do not (SDM vol. 1, 8.5.3, 8.6;
 * vol. 2, FDIV "#Z ... if unmasked, destination unchanged"). */
START_TEST(unmasked_zero_divide)
{
	c.fpu.cw = 0x037B; /* ZM clear */
	push(0);
	push(1);
	x(0xD8, 0xF1);
	ck_assert(same(st(0), 1));
	ck_assert_uint_eq(c.fpu.sw & (SW_ZE | SW_ES | 0x8000), SW_ZE | SW_ES | 0x8000);
	ck_assert_int_eq(x87_exec(&c, 0xD9, 0xE8, 0, 0), EXC_MF);
	ck_assert_int_eq(x87_wait(&c), EXC_MF);
	c.r[EAX] = 0x12340000;
	x(0xDF, 0xE0); /* FNSTSW AX */
	ck_assert_uint_eq(c.r[EAX] >> 16, 0x1234);
	ck_assert(c.r[EAX] & SW_ES);
	ck_assert_uint_eq((c.r[EAX] >> 11) & 7, 6);
	x(0xDB, 0xE2); /* FNCLEX */
	ck_assert_int_eq(x87_wait(&c), 0);
	x(0xD9, 0xE8);
	ck_assert_uint_eq(c.fpu.top, 5);
}
END_TEST

/* Undefined encodings (SDM vol. 2, tables A-8 ... A-22) and FISTTP, an SSE3 instruction a P6
 * lacks, raise #UD without changing the state. */
START_TEST(undefined_encodings)
{
	static const uint8_t k[][2] = {{0xD9, 0xD1}, {0xD9, 0xE2}, {0xD9, 0xEF}, {0xDA, 0xE8},
	                               {0xDB, 0xE5}, {0xDB, 0xF8}, {0xDD, 0xF0}, {0xDE, 0xD8},
	                               {0xDF, 0xE1}, {0xDF, 0xF8}, {0xDB, 0x08}, {0xDD, 0x08},
	                               {0xDF, 0x08}, {0xD9, 0x08}, {0xDB, 0x20}, {0xDD, 0x28}};
	push(1);
	struct x87 before = c.fpu;
	for (unsigned i = 0; i < sizeof k / sizeof k[0]; i++)
		ck_assert_int_eq(x87_exec(&c, k[i][0], k[i][1], 0x1000, 0), EXC_UD);
	ck_assert_mem_eq(&before, &c.fpu, sizeof before);
}
END_TEST

/* FOP keeps the low 3 bits of the escape byte and the ModR/M byte (SDM vol. 1, 8.1.9). */
START_TEST(last_opcode)
{
	c.eip = 0x08048123;
	x(0xD9, 0xE8);
	ck_assert_uint_eq(c.fpu.fop, 0x1E8);
	ck_assert_uint_eq(c.fpu.fip, 0x08048123);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("x87 register forms");
	TCase *t = tcase_create("reg");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, fninit_state);
	tcase_add_test(t, constants);
	tcase_add_test(t, constant_rounding);
	tcase_add_test(t, arith_operand_order);
	tcase_add_test(t, divide_third_precision_and_rounding);
	tcase_add_test(t, stack_overflow);
	tcase_add_test(t, stack_underflow);
	tcase_add_test(t, fxam_classes);
	tcase_add_test(t, tags_after_loads);
	tcase_add_test(t, fcomi_flags);
	tcase_add_test(t, fcom_condition_codes);
	tcase_add_test(t, fcmov);
	tcase_add_test(t, exact_transcendentals);
	tcase_add_test(t, partial_remainder);
	tcase_add_test(t, moves_and_signs);
	tcase_add_test(t, unmasked_zero_divide);
	tcase_add_test(t, undefined_encodings);
	tcase_add_test(t, last_opcode);
	suite_add_tcase(s, t);
	return check_run(s);
}
