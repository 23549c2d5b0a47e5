/*
 * test_x87_run.c - x87 instructions executed by cpu_run() from guest code: a page fault on a
 * memory operand leaves the FPU exactly as before the instruction (precise exceptions, SDM
 * vol. 3, 6.5), and an unmasked x87 exception is reported as #MF at the next waiting x87
 * instruction, with EIP at that instruction (SDM vol. 1, 8.6; vol. 3, 6.15 "Interrupt 16").
 */
#include <check.h>
#include <string.h>

#include "test_x87_common.h"

#define CODE     0x100000u
#define DATA     0x180000u
#define UNMAPPED 0x200000u

static struct mmu *m;
static struct cpu c;

static void setup(void)
{
	m = x87t_identity_mmu();
	uint32_t *pt = (uint32_t *)mmu_phys(m, X87T_PT_ADDR, PAGE_SIZE);
	pt[PTX(UNMAPPED)] = 0;
	ck_assert_int_eq(cpu_init(&c, m, NULL), 0);
	c.eip = CODE;
}

static void teardown(void)
{
	cpu_destroy(&c);
	mmu_free(m);
}

static void code(const uint8_t *bytes, size_t n)
{
	memcpy(mmu_phys(m, CODE, n), bytes, n);
}

static long double st0(void)
{
	return x87t_st(&c, 0);
}

START_TEST(store_fault_is_precise)
{
	static const uint8_t prog[] = {
	    0xD9, 0xE8,                         /* fld1 */
	    0xD9, 0x1D, 0x00, 0x00, 0x20, 0x00, /* fstp dword [0x200000]: not present */
	};
	code(prog, sizeof prog);
	ck_assert_int_eq(cpu_run(&c, 10), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(c.exc.vector, EXC_PF);
	ck_assert_uint_eq(c.eip, CODE + 2);
	ck_assert_uint_eq(c.fpu.top, 7); /* not popped */
	ck_assert(st0() == 1.0L);
	ck_assert_uint_eq(c.fpu.tw, 0x3FFF);
	ck_assert_uint_eq(c.fpu.fip, CODE); /* still the FLD1's (SDM vol. 1, 8.1.8) */
}
END_TEST

START_TEST(load_fault_is_precise)
{
	static const uint8_t prog[] = {
	    0xD9, 0xEE,                         /* fldz */
	    0xDD, 0x05, 0x00, 0x00, 0x20, 0x00, /* fld qword [0x200000] */
	};
	code(prog, sizeof prog);
	ck_assert_int_eq(cpu_run(&c, 10), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(c.exc.vector, EXC_PF);
	ck_assert_uint_eq(c.exc.cr2, UNMAPPED);
	ck_assert_uint_eq(c.fpu.top, 7);
	ck_assert_uint_eq(c.fpu.tw, 0x7FFF);
}
END_TEST

START_TEST(unmasked_exception_is_deferred)
{
	static const uint8_t prog[] = {
	    0xD9, 0x2D, 0x00, 0x00, 0x18, 0x00, /* fldcw [0x180000] = 037BH: ZE unmasked */
	    0xD9, 0xE8,                         /* fld1 */
	    0xD9, 0xEE,                         /* fldz */
	    0xDE, 0xF9,                         /* fdivp st(1), st(0): 1 / 0 */
	    0x90,                               /* nop: not an x87 instruction */
	    0xD9, 0xE8,                         /* fld1: waiting, takes the #MF */
	};
	code(prog, sizeof prog);
	uint8_t cw[2] = {0x7B, 0x03};
	memcpy(mmu_phys(m, DATA, 2), cw, 2);
	ck_assert_int_eq(cpu_run(&c, 10), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(c.exc.vector, EXC_MF);
	ck_assert_uint_eq(c.eip, CODE + 13);
	ck_assert_uint_eq(c.fpu.sw & 0x0084, 0x0084); /* ZE and ES */
	ck_assert_uint_eq(c.fpu.top, 6);              /* the FDIVP did not pop */
	ck_assert_uint_eq(c.fpu.fip, CODE + 10);      /* the instruction that caused it */
}
END_TEST

/* WAIT is a waiting instruction: a pending unmasked exception is taken there (SDM vol. 1, 8.6),
 * EIP at the WAIT; with nothing pending it does nothing. */
START_TEST(wait_takes_pending_exception)
{
	static const uint8_t prog[] = {
	    0x9B,                               /* wait: nothing pending */
	    0xD9, 0x2D, 0x00, 0x00, 0x18, 0x00, /* fldcw [0x180000] = 037BH: ZE unmasked */
	    0xD9, 0xE8,                         /* fld1 */
	    0xD9, 0xEE,                         /* fldz */
	    0xDE, 0xF9,                         /* fdivp st(1), st(0): 1 / 0 */
	    0x9B,                               /* wait: takes the #MF */
	};
	code(prog, sizeof prog);
	uint8_t cw[2] = {0x7B, 0x03};
	memcpy(mmu_phys(m, DATA, 2), cw, 2);
	ck_assert_int_eq(cpu_run(&c, 10), CPU_EXIT_EXCEPTION);
	ck_assert_uint_eq(c.exc.vector, EXC_MF);
	ck_assert_uint_eq(c.eip, CODE + 13);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("x87 under cpu_run");
	TCase *t = tcase_create("run");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, store_fault_is_precise);
	tcase_add_test(t, load_fault_is_precise);
	tcase_add_test(t, unmasked_exception_is_deferred);
	tcase_add_test(t, wait_takes_pending_exception);
	suite_add_tcase(s, t);
	return check_run(s);
}
