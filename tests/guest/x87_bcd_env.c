/* x87_bcd_env.c - FBLD/FBSTP packed BCD, FXAM through fpclassify, and the x87 environment
 * (control, status and tag words from FNSTENV/FNSAVE; pointers are left out because the
 * selectors differ between a 32-bit process on a 64-bit kernel and Linux 2.5). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void bcd_roundtrip(long double v)
{
	unsigned char b[10];
	long double back;
	__asm__ volatile("fbstp %0" : "=m"(b) : "t"(v) : "st");
	__asm__ volatile("fbld %1" : "=t"(back) : "m"(b));
	unsigned short sw;
	__asm__ volatile("fnstsw %0" : "=am"(sw));
	printf("%La ->", v);
	for (int i = 9; i >= 0; i--)
		printf(" %02x", b[i]);
	printf(" -> %La sw-ie %d\n", back, sw & 1);
	__asm__ volatile("fnclex");
}

/* fpclassify and friends are type-generic: FXAM on long double, bit tests on float and
 * double in glibc. */
#define PRINT_CLASS(n, x)                                                                          \
	printf("%s: %s signbit %d isnan %d isinf %d finite %d\n", n, class_name(fpclassify(x)),    \
	       signbit(x) != 0, isnan(x) != 0, isinf(x) != 0, isfinite(x) != 0)

static const char *class_name(int c)
{
	switch (c) {
	case FP_NAN: return "nan";
	case FP_INFINITE: return "inf";
	case FP_ZERO: return "zero";
	case FP_SUBNORMAL: return "subnormal";
	case FP_NORMAL: return "normal";
	}
	return "?";
}

int main(void)
{
	static const long double v[] = {0,    1,    -1,    12345, -987654321, 999999999999999999.0L,
	                                2.5L, 3.5L, -0.0L, 1e18L, NAN};
	for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++)
		bcd_roundtrip(v[i]);

	volatile long double z = 0, one = 1;
	PRINT_CLASS("zero", z);
	PRINT_CLASS("-zero", -z);
	PRINT_CLASS("one", one);
	PRINT_CLASS("inf", one / z);
	PRINT_CLASS("nan", z / z);
	PRINT_CLASS("ldbl-denormal", 0x1p-16400L * one);
	volatile double dd = 0x1p-1070;
	volatile float ff = 0x1p-140f;
	PRINT_CLASS("dbl-denormal", dd);
	PRINT_CLASS("flt-denormal", ff);
	PRINT_CLASS("ldbl-pseudo", (long double)dd * one);

	/* The environment after three pushes: CW, SW (TOP 5), tags valid/zero/special. */
	unsigned char env[28];
	long double a = 1, b = 0, c = INFINITY;
	__asm__ volatile("fninit\n\tfldt %1\n\tfldt %2\n\tfldt %3\n\tfnstenv %0\n\tfninit"
	                 : "=m"(env)
	                 : "m"(a), "m"(b), "m"(c));
	uint16_t cw, sw, tw;
	memcpy(&cw, env, 2);
	memcpy(&sw, env + 4, 2);
	memcpy(&tw, env + 8, 2);
	printf("fnstenv cw %04x sw %04x tw %04x\n", cw, sw, tw);
	unsigned char save[108];
	__asm__ volatile("fninit\n\tfld1\n\tfldpi\n\tfnsave %0" : "=m"(save));
	memcpy(&cw, save, 2);
	memcpy(&sw, save + 4, 2);
	memcpy(&tw, save + 8, 2);
	printf("fnsave cw %04x sw %04x tw %04x st0", cw, sw, tw);
	for (int i = 9; i >= 0; i--)
		printf(" %02x", save[28 + i]);
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	printf(" after-cw %04x\n", cw);
	__asm__ volatile("frstor %0\n\tfstpt %1\n\tfstpt %2" : : "m"(save), "m"(a), "m"(b));
	printf("frstor %La %La\n", a, b);
	return 0;
}
