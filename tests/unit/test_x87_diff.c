/*
 * test_x87_diff.c - differential test against the host CPU (DESIGN.md, "Testing"): random
 * register-form x87 instruction sequences from random states, run once natively (the bytes
 * copied into an executable buffer between FRSTOR and FNSAVE) and once through x87_exec; the
 * whole FNSAVE image but the instruction/data pointers, and ZF PF CF, must be identical.
 * The list of instructions is written here from SDM vol. 2, tables A-8 ... A-22, not taken
 * from the code under test.  Exceptions stay masked so the host never traps.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "test_x87_common.h"

/* Documented register forms: escape byte, first ModR/M, count (ModR/M .. ModR/M + count - 1). */
static const struct {
	uint8_t op, modrm, n;
} forms[] = {
    {0xD8, 0xC0, 64},                                     /* FADD FMUL FCOM FCOMP FSUB(R) FDIV(R) */
    {0xD9, 0xC0, 16},                                     /* FLD ST(i), FXCH */
    {0xD9, 0xD0, 1},                                      /* FNOP */
    {0xD9, 0xE0, 2},  {0xD9, 0xE4, 2},  {0xD9, 0xE8, 7},  /* FCHS FABS FTST FXAM consts */
    {0xD9, 0xF0, 16},                                     /* F2XM1 .. FCOS */
    {0xDA, 0xC0, 32}, {0xDA, 0xE9, 1},                    /* FCMOVB/E/BE/U, FUCOMPP */
    {0xDB, 0xC0, 32}, {0xDB, 0xE2, 1},  {0xDB, 0xE8, 16}, /* FCMOVN*, FNCLEX, FUCOMI FCOMI */
    {0xDC, 0xC0, 8},  {0xDC, 0xC8, 8},  {0xDC, 0xE0, 32}, /* FADD FMUL FSUBR FSUB FDIVR FDIV */
    {0xDD, 0xC0, 8},  {0xDD, 0xD0, 32},                   /* FFREE, FST FSTP FUCOM FUCOMP */
    {0xDE, 0xC0, 16}, {0xDE, 0xD9, 1},  {0xDE, 0xE0, 32}, /* FADDP FMULP FCOMPP FSUB(R)P FDIV(R)P */
    {0xDF, 0xE0, 1},  {0xDF, 0xE8, 16},                   /* FNSTSW AX, FUCOMIP FCOMIP */
};

static const long double pool[] = {0.0L,
                                   -0.0L,
                                   1.0L,
                                   -1.0L,
                                   3.0L,
                                   0.1L,
                                   -2.5L,
                                   1e4000L,
                                   1e-4940L,
                                   INFINITY,
                                   -INFINITY,
                                   NAN,
                                   3.14159265358979L,
                                   0x1p63L,
                                   1e-3L,
                                   7.0L,
                                   1e300L,
                                   0.5L,
                                   -1e-20L,
                                   123456.789L};

static uint32_t rng = 1;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* FNSAVE image offsets (SDM vol. 1, figure 8-9): pointers at 12..27 are left out. */
#define PTRS_FROM 12
#define PTRS_TO   28

typedef uint64_t native_fn(uint8_t *img, void *unused, uint64_t eflags);

START_TEST(random_sequences)
{
	uint8_t *buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
	                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(buf, MAP_FAILED);
	static const uint8_t rc[] = {0x00, 0x04, 0x08, 0x0C};
	static const uint8_t pc[] = {0x00, 0x02, 0x03};
	struct cpu c;
	ck_assert_int_eq(cpu_init(&c, NULL, NULL), 0);
	unsigned nforms = sizeof forms / sizeof forms[0];
	for (int iter = 0; iter < 20000; iter++) {
		uint8_t img[108], ours[108];
		memset(img, 0, sizeof img);
		img[0] = 0x7F;
		img[1] = (uint8_t)(rc[next() % 4] | pc[next() % 3]);
		img[5] = (uint8_t)((next() % 8) << 3); /* TOP */
		uint16_t tw = (uint16_t)next();
		for (int r = 0; r < 8; r++)
			if (next() % 3 == 0)
				tw |= (uint16_t)(3u << (2 * r)); /* more empties */
			else if (((tw >> (2 * r)) & 3u) == 3u)
				tw &= (uint16_t) ~(1u << (2 * r));
		memcpy(img + 8, &tw, 2);
		for (int i = 0; i < 8; i++)
			memcpy(img + 28 + 10 * i, &pool[next() % (sizeof pool / sizeof pool[0])],
			       10);
		uint32_t eflags = (next() & (FL_CF | FL_PF | FL_ZF)) | 0x2;

		/* The sequence, and the native buffer around it. */
		uint8_t seq[16][2];
		int n = 1 + (int)(next() % 6);
		uint8_t *p = buf;
		static const uint8_t pro[] = {0xDD, 0x27, 0x52,
		                              0x9D}; /* frstor (%rdi); push; popfq */
		static const uint8_t epi[] = {0x9C, 0x58, 0xDD, 0x37, 0xC3};
		memcpy(p, pro, sizeof pro);
		p += sizeof pro;
		for (int k = 0; k < n; k++) {
			unsigned f = next() % nforms;
			seq[k][0] = forms[f].op;
			seq[k][1] = (uint8_t)(forms[f].modrm + next() % forms[f].n);
			*p++ = seq[k][0];
			*p++ = seq[k][1];
		}
		memcpy(p, epi, sizeof epi);

		cpu_fpu_restore(&c, img);
		cpu_set_eflags(&c, eflags);
		c.r[EAX] = 0;
		for (int k = 0; k < n; k++)
			ck_assert_int_eq(x87_exec(&c, seq[k][0], seq[k][1], 0, 0), 0);
		cpu_fpu_save(&c, ours);
		uint32_t our_flags = cpu_get_eflags(&c);

		uint64_t host_flags = ((native_fn *)(uintptr_t)buf)(img, NULL, eflags);
		int same = memcmp(img, ours, PTRS_FROM) == 0 &&
		           memcmp(img + PTRS_TO, ours + PTRS_TO, 108 - PTRS_TO) == 0;
		if (!same || ((host_flags ^ our_flags) & (FL_CF | FL_PF | FL_ZF))) {
			char msg[256];
			int o = snprintf(msg, sizeof msg, "iter %d:", iter);
			for (int k = 0; k < n; k++)
				o += snprintf(msg + o, sizeof msg - (size_t)o, " %02X %02X",
				              seq[k][0], seq[k][1]);
			ck_abort_msg("%s cw %04x/%04x sw %04x/%04x tw %04x/%04x", msg,
			             img[0] | img[1] << 8, ours[0] | ours[1] << 8,
			             img[4] | img[5] << 8, ours[4] | ours[5] << 8,
			             img[8] | img[9] << 8, ours[8] | ours[9] << 8);
		}
		/* FOP of the last instruction (SDM vol. 1, 8.1.9), low 11 bits at offset 18. */
		ck_assert_uint_eq((img[18] | img[19] << 8) & 0x7FF,
		                  (ours[18] | ours[19] << 8) & 0x7FF);
	}
	cpu_destroy(&c);
	munmap(buf, 4096);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("x87 differential");
	TCase *t = tcase_create("diff");
	tcase_add_test(t, random_sequences);
	suite_add_tcase(s, t);
	return x87t_run(s);
}
