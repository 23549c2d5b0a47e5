/*
 * huge.c - a huge-page guest for the debugger tests: it maps 4 MiB with alloc_hugepages (i386
 * system call 250, private key 0; linux-2.5-syscalls.md 2.4), writes to it, and calls ready()
 * where the tests stop it to walk the tables.  Exit status 1 when the kernel refuses.
 */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

volatile char *huge_area;

void __attribute__((noinline)) ready(void)
{
	__asm__ volatile("" ::: "memory");
}

int main(void)
{
	long r = syscall(250, 0, 0L, 4L << 20, PROT_READ | PROT_WRITE, 0);
	if (r < 0 && r > -4096) {
		printf("alloc_hugepages failed: %ld\n", r);
		return 1;
	}
	huge_area = (volatile char *)r;
	huge_area[0] = 1;
	huge_area[(4 << 20) - 1] = 2;
	ready();
	printf("huge area at %p\n", (void *)huge_area);
	return 0;
}
