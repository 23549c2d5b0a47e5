/* random_access.c MODE MB STEPS SPAN_KB: random reads and writes over an MB MiB buffer, the
 * demo's TLB workload.  MODE "small" takes the buffer from mmap (4 KiB pages), "huge" from
 * alloc_hugepages(2) (4 MiB pages, 2 MiB under PAE; Linux 2.5.36-2.5.53 only).  Each of STEPS
 * steps picks a random place and updates one word in each 4 KiB page of the SPAN_KB that follows
 * (SPAN_KB 4: one word per step, uniform random access; 64: a 64 KiB block, 16 pages). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "linux25.h"

static uint32_t rnd_state = 2463534242u;

static uint32_t rnd(void) /* xorshift32 (Marsaglia 2003): the same sequence everywhere */
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: random_access small|huge MB STEPS SPAN_KB\n");
		return 2;
	}
	int huge = strcmp(argv[1], "huge") == 0;
	size_t bytes = (size_t)atol(argv[2]) << 20;
	long steps = atol(argv[3]);
	size_t span = (size_t)atol(argv[4]) << 10;
	if (bytes == 0 || steps <= 0 || span == 0 || span > bytes)
		return 2;
	void *p =
	    huge ? alloc_hugepages(0, NULL, bytes, PROT_READ | PROT_WRITE, 0)
		 : mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == (void *)-1) {
		perror(huge ? "alloc_hugepages" : "mmap");
		return 1;
	}
	volatile uint32_t *mem = p;
	for (size_t off = 0; off < bytes; off += 4096)
		mem[off / 4] = (uint32_t)off; /* every page present before the measured part */
	uint32_t sum = 0;
	size_t blocks = (bytes - span) / 4096 + 1;
	for (long s = 0; s < steps; s++) {
		size_t base = (rnd() % blocks) * 4096 + (rnd() & 4095 & ~3u);
		for (size_t off = 0; off < span && base + off < bytes; off += 4096)
			sum += mem[(base + off) / 4] += 1;
	}
	printf("%s pages: %ld steps of %zu KiB over %zu MiB, checksum %u\n",
	       huge ? "huge" : "4 KiB", steps, span >> 10, bytes >> 20, sum);
	return 0;
}
