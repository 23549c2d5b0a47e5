/* sweep.c PAGES ROUNDS: write one word in each of PAGES distinct 4 KiB pages, round robin, ROUNDS
 * times.  With more pages than the DTLB holds, every touch misses (tlb-and-debugger.md, 5), so the
 * visualizer's frames are full of miss flashes at known sets. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	long pages = argc > 1 ? atol(argv[1]) : 128, rounds = argc > 2 ? atol(argv[2]) : 200;
	if (pages <= 0 || rounds <= 0)
		return 2;
	volatile char *mem = malloc((size_t)pages * 4096 + 4096);
	if (!mem)
		return 1;
	for (long r = 0; r < rounds; r++)
		for (long p = 0; p < pages; p++)
			mem[p * 4096] += 1;
	printf("swept %ld pages %ld times\n", pages, rounds);
	return 0;
}
