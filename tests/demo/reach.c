/* reach.c PAGES ROUNDS [huge]: touch one word in each of PAGES distinct 4 KiB pages, round robin,
 * ROUNDS times; the TLB-reach sweep of the demo (tlb-and-debugger.md, section 5).  With "huge"
 * the pages are huge pages of one alloc_hugepages(2) segment (4 MiB stride; 2 MiB under PAE),
 * which needs Linux 2.5.36-2.5.53 and a pool (--hugepages). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux25.h"

/* Hugepagesize: from /proc/meminfo (4096 kB, or 2048 kB under PAE), in bytes; 0 if absent. */
static long hugepagesize(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long kb = 0;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "Hugepagesize: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb * 1024;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: reach PAGES ROUNDS [huge]\n");
		return 2;
	}
	long pages = atol(argv[1]), rounds = atol(argv[2]);
	if (pages <= 0 || rounds <= 0)
		return 2;
	int huge = argc > 3 && strcmp(argv[3], "huge") == 0;
	long stride = 4096;
	volatile int *mem;
	if (huge) {
		stride = hugepagesize();
		mem = alloc_hugepages(0, NULL, (size_t)pages * stride, PROT_READ | PROT_WRITE, 0);
		if (stride <= 0 || mem == (void *)-1) {
			perror("alloc_hugepages");
			return 1;
		}
	} else {
		mem = malloc((size_t)pages * 4096 + 4096);
	}
	if (!mem)
		return 1;
	long step = stride / (long)sizeof(int);
	unsigned long sum = 0;
	for (long r = 0; r < rounds; r++)
		for (long p = 0; p < pages; p++)
			sum += (unsigned long)(mem[p * step] += 1);
	printf("touched %ld %s pages %ld times, checksum %lu\n", pages, huge ? "huge" : "4 KiB",
	       rounds, sum);
	return 0;
}
