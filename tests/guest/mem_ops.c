/* memcpy, memmove (both overlap directions), memset, memcmp, memchr at many sizes and alignments.
 */
#include <stdio.h>
#include <string.h>
#include "guest_util.h"

static unsigned char a[4096], b[4096];

static void fill(unsigned char *p, size_t n, uint32_t seed)
{
	lcg_seed(seed);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(lcg_next() >> 24);
}

int main(void)
{
	uint32_t h = FNV_INIT;
	static const size_t sizes[] = {0,  1,  2,  3,  4,   5,   7,   8,   15,  16,   17,   31,
	                               32, 33, 63, 64, 100, 127, 128, 255, 256, 1000, 1023, 2048};
	for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		size_t n = sizes[si] & 4095;
		for (size_t so = 0; so < 8; so++) {
			for (size_t d = 0; d < 8; d += 3) {
				fill(a, sizeof(a), (uint32_t)(n * 131 + so));
				memset(b, 0x5a, sizeof(b));
				memcpy(b + d, a + so, n);
				h = fnv1a(h, b, n + 16);
				fill(a, sizeof(a), (uint32_t)n);
				memmove(a + so + d, a + so, n);   /* forward overlap */
				memmove(a + 100, a + 100 + d, n); /* backward overlap */
				h = fnv1a(h, a, n + 120);
				memset(a + so, (int)(n & 0xff), n);
				h = fnv1a(h, a, n + 16);
			}
		}
	}
	printf("copy hash %08x\n", h);
	fill(a, 512, 9);
	memcpy(b, a, 512);
	printf("memcmp equal %d\n", memcmp(a, b, 512));
	b[300] ^= 1;
	int c = memcmp(a, b, 512);
	printf("memcmp diff %d\n", (c > 0) - (c < 0));
	a[400] = 0xee;
	unsigned char *p = memchr(a + 1, 0xee, 511);
	printf("memchr offset %d\n", p ? (int)(p - a) : -1);
	char s[] = "0123456789";
	memmove(s + 2, s, 5);
	printf("%s\n", s);
	memmove(s, s + 3, 6);
	printf("%s\n", s);
	return 0;
}
