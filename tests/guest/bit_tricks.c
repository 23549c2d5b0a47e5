/* Bit manipulation: popcount, clz/ctz (BSR/BSF), byte swap, rotates, parity, power-of-two tricks.
 */
#include <stdio.h>
#include <stdint.h>
#include "guest_util.h"

static int pop_naive(uint32_t x)
{
	int n = 0;
	while (x) {
		x &= x - 1;
		n++;
	}
	return n;
}

static uint32_t rotl(uint32_t x, unsigned r)
{
	return (x << (r & 31)) | (x >> ((32 - r) & 31));
}

static uint32_t rev_bits(uint32_t x)
{
	x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
	x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
	x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
	return __builtin_bswap32(x);
}

int main(void)
{
	uint32_t h = FNV_INIT;
	lcg_seed(77);
	for (int i = 0; i < 5000; i++) {
		uint32_t x = lcg_next() >> lcg_below(32);
		uint32_t r[10];
		r[0] = (uint32_t)__builtin_popcount(x);
		r[1] = (uint32_t)pop_naive(x);
		r[2] = x ? (uint32_t)__builtin_clz(x) : 99;
		r[3] = x ? (uint32_t)__builtin_ctz(x) : 99;
		r[4] = __builtin_bswap32(x);
		r[5] = rotl(x, (unsigned)i);
		r[6] = (uint32_t)__builtin_parity(x);
		r[7] = x & (uint32_t)-x;
		r[8] = rev_bits(x);
		r[9] = (uint16_t)__builtin_bswap16((uint16_t)x);
		if (r[0] != r[1])
			printf("popcount mismatch %08x\n", x);
		h = fnv1a(h, r, sizeof(r));
		if (i < 6)
			printf("%08x pop=%u clz=%u ctz=%u bswap=%08x rot=%08x par=%u low=%08x "
			       "rev=%08x\n",
			       x, r[0], r[2], r[3], r[4], r[5], r[6], r[7], r[8]);
	}
	uint64_t v = 0x0123456789abcdefULL;
	printf("bswap64 %016llx clzll %d ctzll %d popll %d\n",
	       (unsigned long long)__builtin_bswap64(v), __builtin_clzll(v >> 3),
	       __builtin_ctzll(v << 5), __builtin_popcountll(v));
	printf("hash %08x\n", h);
	return 0;
}
