/* huge_touch.c ROUNDS: maps one 4 MiB huge page with alloc_hugepages (i386 system call 250,
 * private key 0; linux-2.5-syscalls.md 2.4) and touches it ROUNDS times all over, so the huge
 * page's translation sits in the large-page DTLB while the visualizer draws frames.  Exit status 1
 * when the kernel refuses. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define HUGE_SIZE (4L << 20)

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 2000;
	long r = syscall(250, 0, 0L, HUGE_SIZE, PROT_READ | PROT_WRITE, 0);
	if (r < 0 && r > -4096) {
		printf("alloc_hugepages failed: %ld\n", r);
		return 1;
	}
	volatile char *huge = (volatile char *)r;
	unsigned long sum = 0;
	for (long i = 0; i < rounds; i++)
		for (long off = 0; off < HUGE_SIZE; off += 64 * 4096)
			sum += (unsigned long)(huge[off + (i & 4095)] += 1);
	printf("huge page at %p, sum %lu\n", (void *)huge, sum);
	return 0;
}
