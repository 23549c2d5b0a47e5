/* Large allocations above glibc's 128 KiB mmap threshold: malloc, touch, realloc, calloc, free. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

int main(void)
{
	size_t sizes[] = {130 << 10, 256 << 10, 1 << 20, 3 << 20, 8 << 20};
	for (int i = 0; i < 5; i++) {
		size_t n = sizes[i];
		uint32_t *p = malloc(n);
		if (!p) {
			printf("malloc %zu failed\n", n);
			return 1;
		}
		size_t words = n / 4;
		/* Touch one word per page and the last word so every page is demand-faulted. */
		for (size_t k = 0; k < words; k += 1024)
			p[k] = (uint32_t)(k * 2654435761u);
		p[words - 1] = 0xabcdef01u;
		uint32_t sum = 0;
		for (size_t k = 0; k < words; k += 1024)
			sum += p[k];
		printf("size %zu sum %08x last %08x\n", n, sum, p[words - 1]);
		uint32_t *q = realloc(p, n * 2);
		if (!q) {
			printf("realloc failed\n");
			return 1;
		}
		uint32_t sum2 = 0;
		for (size_t k = 0; k < words; k += 1024)
			sum2 += q[k];
		printf("  realloc x2 keeps data %d last %08x\n", sum2 == sum, q[words - 1]);
		free(q);
	}
	unsigned char *z = calloc(1 << 20, 4);
	size_t nonzero = 0;
	for (size_t k = 0; k < (4u << 20); k += 4096)
		nonzero += z[k] != 0;
	printf("calloc 4 MiB nonzero pages %zu\n", nonzero);
	memset(z, 0x77, 4u << 20);
	printf("after memset %02x %02x\n", z[0], z[(4u << 20) - 1]);
	free(z);
	/* Several live large blocks at once. */
	char *blk[6];
	for (int i = 0; i < 6; i++) {
		blk[i] = malloc(200000 + (size_t)i * 50000);
		memset(blk[i], 'a' + i, 200000 + (size_t)i * 50000);
	}
	for (int i = 0; i < 6; i++) {
		printf("%c%c ", blk[i][0], blk[i][199999 + i * 50000]);
		free(blk[i]);
	}
	printf("\n");
	return 0;
}
