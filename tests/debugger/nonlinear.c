/*
 * nonlinear.c - a guest with not-present PTEs that still mean something, for the debugger's
 * `page` tests: the first page of a shared file window is remapped with remap_file_pages(2)
 * (i386 system call 257) to file page 13 with MAP_NONBLOCK, which leaves a file PTE because the
 * page is not cached (linux-2.5-syscalls.md 3.5); and the first page of a 24 MiB buffer, touched
 * on a 16 MiB machine with swap, has been paged out to a swap PTE by the time ready() runs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PG              4096
#define MAP_NONBLOCK_25 0x10000 /* include/asm-i386/mman.h */

volatile char *window, *swapped;

void __attribute__((noinline)) ready(void)
{
	__asm__ volatile("" ::: "memory");
}

int main(void)
{
	int fd = open("/tmp/db", O_RDWR | O_CREAT | O_TRUNC, 0600);
	static char page[PG];
	for (int i = 0; i < 16; i++) {
		memset(page, 'a' + i, PG);
		if (fd < 0 || write(fd, page, PG) != PG)
			return 1;
	}
	window = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (window == MAP_FAILED || syscall(257, window, PG, 0, 13, MAP_NONBLOCK_25) != 0)
		return 1;
	size_t big = 24u << 20;
	char *b = malloc(big);
	if (!b)
		return 1;
	for (size_t i = 0; i < big; i += PG)
		b[i] = (char)(i / PG);
	swapped = b;
	ready();
	/* Both come back on the next touch: file page 13, and the swapped-out byte. */
	printf("window[0]=%c swapped[0]=%d\n", window[0], swapped[0]);
	return window[0] == 'a' + 13 && swapped[0] == 0 ? 0 : 1;
}
