/* Integer arithmetic at 8/16/32/64-bit widths: wraparound, signed/unsigned division, shifts. */
#include <stdio.h>
#include <stdint.h>
#include "guest_util.h"

static volatile int32_t vs[] = {
    0,     1,      -1,    7,      -7,  100, -100, 2147483647, -2147483647 - 1,
    12345, -98765, 65535, -65536, 255, -128};
#define NV (int)(sizeof(vs) / sizeof(vs[0]))

static void widths(void)
{
	uint32_t h = FNV_INIT;
	for (int i = 0; i < NV; i++) {
		for (int j = 0; j < NV; j++) {
			int32_t a = vs[i], b = vs[j];
			int8_t a8 = (int8_t)a, b8 = (int8_t)b;
			int16_t a16 = (int16_t)a, b16 = (int16_t)b;
			uint8_t s8 = (uint8_t)(a8 + b8), m8 = (uint8_t)(a8 * b8);
			uint16_t s16 = (uint16_t)(a16 - b16), m16 = (uint16_t)(a16 * b16);
			uint32_t s32 = (uint32_t)a + (uint32_t)b, m32 = (uint32_t)a * (uint32_t)b;
			int64_t m64 = (int64_t)a * b;
			uint32_t r[] = {s8,  m8,  s16,           m16,
			                s32, m32, (uint32_t)m64, (uint32_t)(m64 >> 32)};
			h = fnv1a(h, r, sizeof(r));
			if (b != 0 && !(a == INT32_MIN && b == -1)) {
				int32_t q = a / b, m = a % b;
				uint32_t uq = (uint32_t)a / (uint32_t)b,
					 um = (uint32_t)a % (uint32_t)b;
				uint32_t d[] = {(uint32_t)q, (uint32_t)m, uq, um};
				h = fnv1a(h, d, sizeof(d));
			}
			if (b8 != 0) {
				int q8 = a8 / b8, r8 = a8 % b8;
				unsigned uq8 = (uint8_t)a8 / (uint8_t)b8;
				uint32_t d[] = {(uint32_t)q8, (uint32_t)r8, uq8};
				h = fnv1a(h, d, sizeof(d));
			}
			if (b16 != 0) {
				int q16 = a16 / b16, r16 = a16 % b16;
				unsigned uq16 = (uint16_t)a16 / (uint16_t)b16;
				uint32_t d[] = {(uint32_t)q16, (uint32_t)r16, uq16};
				h = fnv1a(h, d, sizeof(d));
			}
		}
	}
	printf("widths hash %08x\n", h);
}

static void shifts(void)
{
	for (int i = 0; i < NV; i += 3) {
		int32_t a = vs[i];
		for (int s = 0; s < 32; s += 5) {
			printf("%d<<%d=%d >>%d=%d u>>%d=%u\n", a, s, (int32_t)((uint32_t)a << s), s,
			       a >> s, s, (uint32_t)a >> s);
		}
	}
}

static void samples(void)
{
	volatile int8_t c = 127;
	volatile uint8_t uc = 255;
	volatile int16_t w = 32767;
	volatile uint32_t u = 0xffffffffu;
	c++;
	uc++;
	w++;
	u++;
	printf("wrap: %d %u %d %u\n", c, uc, w, u);
	volatile int32_t a = -7, b = 2;
	printf("div: %d %d %u %u\n", a / b, a % b, (uint32_t)a / 2u, (uint32_t)a % 2u);
	volatile int64_t big = 0x7fffffffffffffffLL;
	big++;
	printf("i64 wrap: %lld\n", (long long)big);
}

int main(void)
{
	widths();
	shifts();
	samples();
	return 0;
}
