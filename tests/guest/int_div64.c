/* 64-bit arithmetic: multiply, divide and modulo (__divdi3, __udivdi3, __moddi3, __umoddi3). */
#include <stdio.h>
#include <stdint.h>
#include "guest_util.h"

static uint64_t rnd64(void)
{
	uint64_t hi = lcg_next(), lo = lcg_next();
	int shift = (int)lcg_below(64);
	return ((hi << 32) | lo) >> shift;
}

int main(void)
{
	uint32_t h = FNV_INIT;
	lcg_seed(2);
	for (int i = 0; i < 20000; i++) {
		uint64_t a = rnd64(), b = rnd64();
		if (b == 0)
			b = 3;
		int64_t sa = (int64_t)a, sb = (int64_t)b;
		if (lcg_next() & 1)
			sa = -sa;
		if (lcg_next() & 1)
			sb = -sb;
		uint64_t r[6] = {a / b, a % b, a * b, a + b, a - b, 0};
		if (!(sa == INT64_MIN && sb == -1)) {
			r[5] = (uint64_t)(sa / sb) ^ (uint64_t)(sa % sb);
		}
		h = fnv1a(h, r, sizeof(r));
		if (i < 8)
			printf("%llu / %llu = %llu r %llu; %lld / %lld = %lld r %lld\n",
			       (unsigned long long)a, (unsigned long long)b,
			       (unsigned long long)(a / b), (unsigned long long)(a % b),
			       (long long)sa, (long long)sb, (long long)(sa / sb),
			       (long long)(sa % sb));
	}
	printf("hash %08x\n", h);
	volatile int64_t x = -1234567890123LL;
	printf("shifts %lld %lld %llx %llx\n", (long long)(x >> 7), (long long)(x << 9),
	       (unsigned long long)((uint64_t)x >> 13), (unsigned long long)((uint64_t)x << 40));
	volatile uint64_t m = 0xffffffffffffffffULL;
	printf("max %llu %llu\n", (unsigned long long)(m / 10), (unsigned long long)(m % 10));
	return 0;
}
