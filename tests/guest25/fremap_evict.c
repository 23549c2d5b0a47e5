/* fremap_evict.c - run with `pse386 --mem 16M --swap 64M`: a nonlinear window over a file
 * (remap_file_pages) survives page-out.  Under memory pressure from 32 MiB of anonymous data
 * the window's pages are paged out (back to the page cache and the file) and their PTEs become
 * file PTEs holding the page offset (linux-2.5-syscalls.md 3.2, "try_to_unmap_one ...
 * pgoff_to_pte(page->index)"), so each page comes back from the right offset; stores made
 * before the page-out are kept.  One line per check; exit 0 only if all passed. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check25.h"

#define PG     4096
#define NPAGES 64
#define WIN    32

/* The nonlinear layout: window slot i shows file page (i * 7 + 3) % NPAGES. */
static int slot_pgoff(int i)
{
	return (i * 7 + 3) % NPAGES;
}

static int window_ok(int fd, const char *w)
{
	char buf[PG];
	for (int i = 0; i < WIN; i++)
		if (pread(fd, buf, PG, (off_t)slot_pgoff(i) * PG) != PG ||
		    memcmp(buf, w + (long)i * PG, PG) != 0)
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	const char *path = argc > 1 ? argv[1] : "/tmp/fremap_evict";
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char buf[PG];
	for (int i = 0; i < NPAGES; i++) {
		for (int j = 0; j < PG; j++)
			buf[j] = (char)(i * 31 + j);
		write(fd, buf, PG);
	}
	char *w = mmap(NULL, WIN * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check(w != MAP_FAILED, "a 32-page MAP_SHARED window over a 64-page file");
	int ok = 1;
	for (int i = 0; i < WIN; i++)
		ok &= syscall(257, w + i * PG, PG, 0, slot_pgoff(i), 0) == 0;
	check(ok, "remap_file_pages: slot i -> file page (7i+3) mod 64");
	check(window_ok(fd, w), "the window equals pread of those offsets");
	for (int i = 0; i < WIN; i++)
		w[i * PG + 100] = (char)(0xA0 + i); /* dirty every page */
	long rss_before = status_kb("VmRSS:");

	/* Pressure: 32 MiB of anonymous memory in 16 MiB of RAM. */
	uint32_t n = 32u << 20;
	uint32_t *anon = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (uint32_t i = 0; i < n / 4; i++)
		anon[i] = i ^ 0x5a5a5a5a;
	uint32_t bad = 0;
	for (uint32_t i = 0; i < n / 4; i += 1024)
		bad += anon[i] != (i ^ 0x5a5a5a5a);
	check(bad == 0, "32 MiB of anonymous data in 16 MiB of RAM is intact");
	check(status_kb("VmRSS:") < rss_before + 32 * 1024,
	      "pages were paged out (VmRSS < 32 MiB more)");
	char c = 0;
	check(pread(fd, &c, 1, (off_t)slot_pgoff(5) * PG + 100) == 1 && c == (char)(0xA0 + 5),
	      "the store to slot 5 reached file page 38 (written back)");
	ok = 1;
	for (int i = 0; i < WIN; i++)
		ok &= w[i * PG + 100] == (char)(0xA0 + i) &&
		      w[i * PG + 101] == (char)(slot_pgoff(i) * 31 + 101);
	check(ok, "every window page came back from its own file offset with its store");
	check(window_ok(fd, w), "the window still equals pread of the remapped offsets");
	munmap(anon, n);
	munmap(w, WIN * PG);
	close(fd);
	unlink(path);
	return check_done();
}
