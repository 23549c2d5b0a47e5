/* x87_convert.c - conversions between float/double/long double and int, unsigned, int64
 * (FILD, FISTP with the truncating control word gcc sets, FST to narrower formats). */
#include <stdint.h>
#include <stdio.h>

static volatile long double vals[] = {
    0.0L,           -0.0L, 0.5L,   -0.5L,         1.5L,    -1.5L,    2.5L,   2147483647.5L,
    -2147483648.9L, 1e10L, -1e10L, 4294967295.0L, 9.2e18L, -9.2e18L, 1e-30L, 123456789.987654321L,
    3e38L,          1e300L};
static volatile int64_t ints[] = {
    0, 1, -1, 16777217, -16777217, 9007199254740993ll, INT64_MAX, INT64_MIN, 123456789012345678ll};

int main(void)
{
	for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		long double l = vals[i];
		double d = (double)l;
		float f = (float)l;
		int32_t i32 = (l > -2147483649.0L && l < 2147483648.0L) ? (int32_t)l : 0;
		int64_t i64 = (l > -9.3e18L && l < 9.3e18L) ? (int64_t)l : 0;
		uint32_t u32 = (l >= 0 && l < 4294967296.0L) ? (uint32_t)l : 0;
		printf("%La -> d %a f %a i32 %d i64 %lld u32 %u\n", l, d, (double)f, i32,
		       (long long)i64, u32);
	}
	for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		int64_t v = ints[i];
		printf("%lld -> f %a d %a l %La back %lld\n", (long long)v, (double)(float)v,
		       (double)v, (long double)v, (long long)(long double)v);
	}
	volatile short s = -32768;
	volatile unsigned short us = 65535;
	printf("short %a ushort %a\n", (double)s, (double)us);
	volatile float big = 3.4e38f;
	printf("float->double->float %a %a\n", (double)big * 2, (double)(float)((double)big * 2));
	return 0;
}
