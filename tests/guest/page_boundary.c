/* Unaligned 16/32/64-bit loads and stores that straddle 4 KiB page boundaries, and string copies
 * across them. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "guest_util.h"

#define PAGE 4096

/* Through volatile pointers so the compiler emits single unaligned loads and stores. */
static uint32_t load32(const unsigned char *p)
{
	return *(const volatile uint32_t *)p;
}
static uint16_t load16(const unsigned char *p)
{
	return *(const volatile uint16_t *)p;
}
static uint64_t load64(const unsigned char *p)
{
	return *(const volatile uint64_t *)p;
}
static void store32(unsigned char *p, uint32_t v)
{
	*(volatile uint32_t *)p = v;
}

int main(void)
{
	/* Four fresh pages: each first touch is a page fault in the middle of an access. */
	unsigned char *buf = aligned_alloc(PAGE, 4 * PAGE);
	if (!buf)
		return 1;
	for (int i = 0; i < 4 * PAGE; i++)
		buf[i] = (unsigned char)(i * 7 + (i >> 12));
	uint32_t h = FNV_INIT;
	for (int page = 1; page < 4; page++) {
		for (int d = -7; d <= 0; d++) {
			unsigned char *p = buf + page * PAGE + d;
			uint32_t v[4] = {load16(p + 5), load32(p), (uint32_t)load64(p),
			                 (uint32_t)(load64(p) >> 32)};
			h = fnv1a(h, v, sizeof(v));
			if (page == 1)
				printf("offset %d: %04x %08x %016llx\n", d, v[0], v[1],
				       (unsigned long long)load64(p));
		}
	}
	for (int page = 1; page < 4; page++)
		for (int d = -3; d <= 0; d++)
			store32(buf + page * PAGE + d, 0xa1b2c3d4u + (uint32_t)(page * 16 + d));
	h = fnv1a(h, buf, 4 * PAGE);
	printf("after stores hash %08x\n", h);
	/* memmove/memcpy whose source and destination both cross page boundaries. */
	memmove(buf + PAGE - 100, buf + 2 * PAGE - 50, 3000);
	memcpy(buf + 3 * PAGE - 1, buf + 1, 500);
	memset(buf + 2 * PAGE - 3, 0x5c, 7);
	printf("after copies hash %08x\n", fnv1a(FNV_INIT, buf, 4 * PAGE));
	free(buf);
	return 0;
}
