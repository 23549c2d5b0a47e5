/* Division and modulo by constants (compiled to multiply-high magic numbers) checked against
 * DIV/IDIV. */
#include <stdio.h>
#include <stdint.h>
#include "guest_util.h"

static volatile uint32_t vd[] = {3, 5, 7, 10, 13, 100, 641, 1000, 65537, 1000000007u, 0x80000001u};

#define CHECK_U(c)                                                                                 \
	do {                                                                                       \
		bad += (x / (c) != x / vd_##c) + (x % (c) != x % vd_##c);                          \
		h = h * 31u + x / (c) + x % (c);                                                   \
	} while (0)

int main(void)
{
	uint32_t vd_3 = vd[0], vd_5 = vd[1], vd_7 = vd[2], vd_10 = vd[3], vd_13 = vd[4];
	uint32_t vd_100 = vd[5], vd_641 = vd[6], vd_1000 = vd[7];
	int bad = 0;
	uint32_t h = 0;
	lcg_seed(10);
	for (int i = 0; i < 40000; i++) {
		uint32_t x = lcg_next() >> lcg_below(32);
		CHECK_U(3);
		CHECK_U(5);
		CHECK_U(7);
		CHECK_U(10);
		CHECK_U(13);
		CHECK_U(100);
		CHECK_U(641);
		CHECK_U(1000);
		int32_t s = (int32_t)lcg_next();
		int32_t sd = (int32_t)vd[i % 8];
		bad += (s / 7 != s / (int32_t)vd_7) + (s % 10 != s % (int32_t)vd_10);
		bad += (s / -3 != s / -(int32_t)vd_3);
		h = h * 31u + (uint32_t)(s / sd) + (uint32_t)(s % sd);
	}
	printf("mismatches %d hash %08x\n", bad, h);
	printf("samples %u %u %d %d %u\n", 1000000u / vd[2], 0xffffffffu / vd[9], -1000000 / 7,
	       -1000000 % 7, 0xffffffffu % vd[10]);
	return bad;
}
