/* transpose.c MODE N: dst = transpose(src) for two N x N matrices of 32-bit words, the naive
 * loop: src is read along rows, dst written down columns, so each write lands N*4 bytes after
 * the previous one (a new 4 KiB page when N >= 1024).  MODE "small": matrices from mmap (4 KiB
 * pages); "huge": from alloc_hugepages(2) (Linux 2.5.36-2.5.53 only). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "linux25.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: transpose small|huge N\n");
		return 2;
	}
	int huge = strcmp(argv[1], "huge") == 0;
	size_t n = (size_t)atol(argv[2]);
	if (n == 0 || n > 8192)
		return 2;
	size_t one = n * n * 4;
	size_t bytes = (2 * one + HPAGE_SIZE_NOPAE - 1) & ~(HPAGE_SIZE_NOPAE - 1);
	void *p =
	    huge ? alloc_hugepages(0, NULL, bytes, PROT_READ | PROT_WRITE, 0)
		 : mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == (void *)-1) {
		perror(huge ? "alloc_hugepages" : "mmap");
		return 1;
	}
	uint32_t *src = p, *dst = (uint32_t *)((char *)p + one);
	for (size_t i = 0; i < n * n; i++)
		src[i] = (uint32_t)i;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			dst[j * n + i] = src[i * n + j];
	uint32_t bad = 0;
	for (size_t i = 0; i < n; i += 7)
		for (size_t j = 0; j < n; j += 5)
			bad += dst[j * n + i] != (uint32_t)(i * n + j);
	printf("%s pages: transposed %zu x %zu, %u wrong\n", huge ? "huge" : "4 KiB", n, n, bad);
	return bad != 0;
}
