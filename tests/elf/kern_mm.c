/* kern_mm.c - mmap, munmap, mprotect, mremap, brk, mincore and stack growth (kernel core).
 * Facts from mmap(2), munmap(2), mprotect(2), mremap(2), brk(2), mincore(2) and
 * linux-2.5-syscalls.md 1.2. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kern_check.h"

#define PG 4096

static int recurse(int n)
{
	volatile char buf[1024];
	buf[0] = (char)n;
	return n == 0 ? buf[0] : recurse(n - 1) + buf[0];
}

int main(void)
{
	/* mmap(2): anonymous memory reads as zero. */
	char *a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(a != MAP_FAILED && ((uintptr_t)a & (PG - 1)) == 0);
	CHECK(a[0] == 0 && a[4 * PG - 1] == 0);
	a[0] = 1;
	/* mmap(2): EINVAL when neither MAP_PRIVATE nor MAP_SHARED, or length 0; MAP_FIXED with an
	 * unaligned address. */
	CHECK(mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	      errno == EINVAL);
	CHECK(mmap(a + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
	          MAP_FAILED &&
	      errno == EINVAL);
	/* EBADF for a bad descriptor without MAP_ANONYMOUS. */
	CHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 999, 0) == MAP_FAILED && errno == EBADF);
	/* mmap2's offset is in pages; old mmap (90) with an unaligned offset is EINVAL
	 * (linux-2.5-syscalls.md 1.2, number 90). */
	uint32_t args[6] = {0, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, (uint32_t)-1, 1};
	CHECK(syscall(90, args) == -1 && errno == EINVAL);

	/* MAP_FIXED replaces what was there. */
	char *f = mmap(a + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
	               -1, 0);
	CHECK(f == a + PG);

	/* munmap(2): EINVAL for an unaligned address; unmapping a hole is not an error. */
	CHECK(munmap(a + 1, PG) == -1 && errno == EINVAL);
	CHECK(munmap(a + PG, PG) == 0);
	CHECK(munmap(a + PG, PG) == 0);

	/* mincore(2): ENOMEM for a range containing unmapped pages; resident page flagged. */
	unsigned char vec[4];
	CHECK(mincore(a, 4 * PG, vec) == -1 && errno == ENOMEM);
	CHECK(mincore(a, PG, vec) == 0 && (vec[0] & 1));

	/* mprotect(2): EINVAL for an unaligned start, ENOMEM for unmapped pages. */
	CHECK(mprotect(a + 1, PG, PROT_READ) == -1 && errno == EINVAL);
	CHECK(mprotect(a, 2 * PG, PROT_READ) == -1 && errno == ENOMEM);
	CHECK(mprotect(a, PG, PROT_READ) == 0);
	CHECK(a[0] == 1); /* the page keeps its contents */

	/* mremap(2): grow with MREMAP_MAYMOVE keeps the contents; EINVAL for unknown flags;
	 * EFAULT when the old range is not mapped. */
	char *b = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	b[10] = 'q';
	char *c = mremap(b, PG, 16 * PG, MREMAP_MAYMOVE);
	CHECK(c != MAP_FAILED && c[10] == 'q' && c[16 * PG - 1] == 0);
	CHECK(mremap(c, PG, 2 * PG, 0x80) == MAP_FAILED && errno == EINVAL);
	CHECK(mremap(a + PG, PG, 2 * PG, MREMAP_MAYMOVE) == MAP_FAILED && errno == EFAULT);
	/* Shrinking returns the same address. */
	CHECK(mremap(c, 16 * PG, PG, 0) == c && c[10] == 'q');

	/* brk (45): returns the new break; a request it cannot satisfy returns the old break
	 * (linux-2.5-syscalls.md 1.2). */
	long cur = syscall(SYS_brk, 0);
	CHECK(cur > 0);
	CHECK(syscall(SYS_brk, cur + 3 * PG) == cur + 3 * PG);
	((char *)cur)[3 * PG - 1] = 7;
	CHECK(syscall(SYS_brk, 0xC0001000u) == cur + 3 * PG);
	CHECK(syscall(SYS_brk, cur) == cur);

	/* The stack grows on demand below its VMA (within RLIMIT_STACK, 8 MiB by default). */
	CHECK(recurse(2000) >= 0);
	return kern_failures;
}
