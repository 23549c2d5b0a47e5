/* Memory-bound benchmark: random read-modify-write accesses over a 32 MiB array (LCG indices),
 * so nearly every access touches another page.  Argument: accesses in millions (default 4). */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#define WORDS (8u << 20) /* 32 MiB of uint32_t */

int main(int argc, char **argv)
{
	uint32_t millions = argc > 1 ? (uint32_t)atoi(argv[1]) : 4;
	uint32_t *a = malloc(WORDS * sizeof(*a));
	if (!a)
		return 1;
	for (uint32_t i = 0; i < WORDS; i += 1024)
		a[i] = i;
	uint32_t x = 1, sum = 0;
	for (uint32_t n = 0; n < millions * 1000000u; n++) {
		x = x * 1664525u + 1013904223u;
		uint32_t k = x >> 9; /* 23 bits: 0 .. WORDS-1 */
		sum += a[k];
		a[k] = sum;
	}
	printf("sum %08x\n", sum);
	free(a);
	return 0;
}
