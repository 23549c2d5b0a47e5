/* Stack growth: a 3 MiB variable-length array touched from its lowest address up, then alloca in a
 * loop. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <alloca.h>

static uint32_t big_frame(size_t n)
{
	volatile unsigned char vla[n];
	/* The lowest address is touched first: the stack grows by 3 MiB in one step. */
	for (size_t i = 0; i < n; i += 4096)
		vla[i] = (unsigned char)(i >> 12);
	uint32_t sum = 0;
	for (size_t i = n; i-- > 0;)
		if (i % 4096 == 0)
			sum = sum * 31u + vla[i];
	return sum;
}

static uint32_t allocas(int rounds)
{
	uint32_t sum = 0;
	for (int r = 0; r < rounds; r++) {
		char *p = alloca(8192);
		memset(p, r, 8192);
		sum += (unsigned char)p[r * 13 % 8192];
	}
	return sum;
}

int main(void)
{
	printf("big frame sum %08x\n", big_frame(3u << 20));
	printf("again (stack already grown) %08x\n", big_frame(3u << 20));
	printf("alloca sum %u\n", allocas(100));
	return 0;
}
