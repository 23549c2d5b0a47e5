/* reach.c PAGES ROUNDS: touch one word in each of PAGES distinct 4 KiB pages, round robin,
 * ROUNDS times; the TLB-reach sweep of the demo (tlb-and-debugger.md, section 5). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: reach PAGES ROUNDS\n");
		return 2;
	}
	long pages = atol(argv[1]), rounds = atol(argv[2]);
	if (pages <= 0 || rounds <= 0)
		return 2;
	volatile int *mem = malloc((size_t)pages * 4096 + 4096);
	if (!mem)
		return 1;
	unsigned long sum = 0;
	for (long r = 0; r < rounds; r++)
		for (long p = 0; p < pages; p++)
			sum += (unsigned long)(mem[p * 1024] += 1);
	printf("touched %ld pages %ld times, checksum %lu\n", pages, rounds, sum);
	return 0;
}
