/* fremap_basic.c - remap_file_pages (257) with the semantics of linux-2.5-syscalls.md 3.5
 * (decision 3): the LTP remap_file_pages01 window (5.1), every EINVAL case of 3.5 and LTP
 * remap_file_pages02 (5.2), rounding down, the remapped contents against pread() of the file
 * offsets, stores both ways through the page cache, MAP_NONBLOCK (file PTEs, nothing
 * populated), a VM_LOCKED vma populated anyway (3.4), SIGBUS past the end of the file (3.2
 * do_file_page), fork.  Argument: a directory for the files (default /tmp, tmpfs; under --root a
 * host directory).  One line per check; exit 0 only if all passed. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check25.h"

#define PG     4096
#define NPAGES 32
#define WIN    16

static long rfp(void *start, long size, long prot, long pgoff, long flags)
{
	long r = syscall(257, start, size, prot, pgoff, flags);
	return r == -1 ? -errno : r;
}

/* A file whose page i holds the byte i + salt everywhere. */
static int make_file(const char *path, int npages, int salt)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char buf[PG];
	for (int i = 0; i < npages; i++) {
		memset(buf, (char)(i + salt), PG);
		if (write(fd, buf, PG) != PG)
			return -1;
	}
	return fd;
}

/* Whether page `slot` of the mapping equals file page pgoff read with pread(). */
static int same_as_file(int fd, char *map, int slot, int pgoff)
{
	char buf[PG];
	if (pread(fd, buf, PG, (off_t)pgoff * PG) != PG)
		return 0;
	return memcmp(buf, map + (long)slot * PG, PG) == 0;
}

static sigjmp_buf jb;
static volatile int got_sig;
static void on_bus(int sig)
{
	got_sig = sig;
	siglongjmp(jb, 1);
}

/* Touches p; returns the signal it raised (0 if none). */
static int touch(volatile char *p)
{
	got_sig = 0;
	if (sigsetjmp(jb, 1) == 0)
		(void)*p;
	return got_sig;
}

static void ltp_window(int fd, const char *what)
{
	/* LTP remap_file_pages01: each 2-page slot to file pages in reverse pair order. */
	char *data = mmap(NULL, WIN * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	int ok = data != MAP_FAILED;
	for (int repeat = 0; repeat < 2 && ok; repeat++) {
		for (int i = 0; i < WIN; i += 2)
			ok &= rfp(data + i * PG, 2 * PG, 0, WIN - i - 2, 0) == 0;
		for (int i = 0; i < WIN; i++) {
			int want = i % 2 ? WIN - i : WIN - i - 2;
			want = i % 2 ? WIN - (i - 1) - 1 : WIN - i - 2;
			ok &= data[i * PG] == (char)want && same_as_file(fd, data, i, want);
		}
	}
	check(ok, what);
	munmap(data, WIN * PG);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	char path[512], path2[512];
	snprintf(path, sizeof path, "%s/fremap_cache", dir);
	snprintf(path2, sizeof path2, "%s/fremap_fresh", dir);
	int fd = make_file(path, NPAGES, 0);
	check(fd >= 0, "a 32-page file, page i filled with byte i");

	ltp_window(fd, "LTP remap_file_pages01 window: reversed pairs, twice, equal to pread");
	int shm = make_file("/dev/shm/fremap_shm", NPAGES, 0);
	ltp_window(shm, "the same window over a /dev/shm (tmpfs) file");
	close(shm);
	unlink("/dev/shm/fremap_shm");

	char *data = mmap(NULL, WIN * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *priv = mmap(NULL, WIN * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *anon = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *panon = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* Every EINVAL case (3.5 items 1-4 and 6, LTP 5.2). */
	check(rfp(data, PG, -1, 2, 0) == -EINVAL, "prot -1: EINVAL (LTP 02 case 4)");
	check(rfp(data, PG, PROT_READ, 2, 0) == -EINVAL, "prot PROT_READ: EINVAL (prot must be 0)");
	check(rfp(priv, PG, 0, 2, 0) == -EINVAL,
	      "a MAP_PRIVATE file mapping: EINVAL (LTP 02 case 1)");
	check(rfp(data + WIN * PG, PG, 0, 2, 0) == -EINVAL || data + WIN * PG == priv,
	      "start just past the mapping: EINVAL (LTP 02 case 2)");
	check(rfp(data, (WIN + 1) * PG, 0, 0, 0) == -EINVAL,
	      "size longer than the vma: EINVAL (LTP 02 case 3)");
	check(rfp(data, 0, 0, 0, 0) == -EINVAL, "size 0: EINVAL");
	check(rfp(data, PG - 1, 0, 0, 0) == -EINVAL, "size rounded down to 0: EINVAL");
	check(rfp(data + PG, -PG, 0, 0, 0) == -EINVAL, "a range that wraps: EINVAL");
	check(rfp(data, 2 * PG, 0, NPAGES - 1, 0) == -EINVAL,
	      "pages past the end of the file: EINVAL");
	check(rfp(data, PG, 0, NPAGES * 2, 0) == -EINVAL, "pgoff past the end (2007 LTP case 5)");
	check(rfp(data, PG, 0, 1L << 29, 0) == -EINVAL,
	      "pgoff >= 2^29 (PTE_FILE_MAX_BITS): EINVAL");
	check(rfp(data, 2 * PG, 0, -1L, 0) == -EINVAL, "pgoff + pages wraps: EINVAL");
	check(rfp(anon, PG, 0, 0, 0) == -EINVAL, "MAP_SHARED|MAP_ANONYMOUS: EINVAL (no file)");
	check(rfp(panon, PG, 0, 0, 0) == -EINVAL, "private anonymous memory: EINVAL");
	check(rfp((char *)0x1000, PG, 0, 0, 0) == -EINVAL, "no mapping at start: EINVAL");

	/* Rounding down: start + 100 and size PG + 50 remap exactly the page at data + PG. */
	check(rfp(data + PG + 100, PG + 50, 0, 7, 0) == 0, "unaligned start and size accepted");
	check(data[PG] == 7 && data[2 * PG] == 2 && data[0] == 0,
	      "rounded down: only the page at data+PG shows file page 7");
	/* Stores both ways: the page cache is the one copy. */
	data[PG + 5] = 'X';
	char c = 0;
	check(pread(fd, &c, 1, 7 * PG + 5) == 1 && c == 'X',
	      "a store through the nonlinear page is seen by pread of offset 7*4096+5");
	check(pwrite(fd, "Y", 1, 7 * PG + 6) == 1 && data[PG + 6] == 'Y',
	      "pwrite at offset 7*4096+6 is seen through the nonlinear page");
	check(priv[7 * PG + 5] == 'X', "a MAP_PRIVATE mapping of the file sees the store too");
	check(msync(data, WIN * PG, MS_SYNC) == 0, "msync of the nonlinear mapping");
	check(same_as_file(fd, data, 1, 7), "after msync the nonlinear page equals file page 7");
	pwrite(fd, "\7\7", 2, 7 * PG + 5);

	/* fork: the child sees the same nonlinear layout. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(!(data[PG] == 7 && data[0] == 0 && same_as_file(fd, data, 1, 7)));
	int st = -1;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fork: the child sees file page 7 at data+PG");
	munmap(data, WIN * PG);

	/* MAP_NONBLOCK on pages not yet in the page cache: file PTEs, nothing populated. */
	int fd2 = make_file(path2, NPAGES, 100);
	char *w = mmap(NULL, WIN * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	status_kb("VmRSS:"); /* the first fopen's buffers are in the heap from now on */
	long rss0 = status_kb("VmRSS:");
	check(rfp(w, WIN * PG, 0, 16, MAP_NONBLOCK) == 0,
	      "MAP_NONBLOCK remap of 16 uncached pages");
	check(status_kb("VmRSS:") == rss0, "MAP_NONBLOCK populated nothing (VmRSS unchanged)");
	int ok = 1;
	for (int i = 0; i < WIN; i++)
		ok &= w[i * PG] == (char)(16 + i + 100) && same_as_file(fd2, w, i, 16 + i);
	check(ok, "touching the file PTEs loads file pages 16..31");
	check(status_kb("VmRSS:") >= rss0 + 64, "the touched pages are resident now");
	check(rfp(w, PG, 0, 3, MAP_NONBLOCK) == 0 && w[0] == (char)(3 + 100),
	      "MAP_NONBLOCK remap of an uncached page, then touch: page 3");

	/* A locked vma is populated even with MAP_NONBLOCK (3.4). */
	char *lk = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	check(mlock(lk, 8 * PG) == 0, "mlock of an 8-page shared file mapping");
	long rss1 = status_kb("VmRSS:");
	check(rfp(lk, 8 * PG, 0, 20, MAP_NONBLOCK) == 0, "MAP_NONBLOCK remap of the locked vma");
	check(status_kb("VmRSS:") == rss1, "the locked vma stays fully resident");
	ok = 1;
	for (int i = 0; i < 8; i++)
		ok &= lk[i * PG] == (char)(20 + i + 100);
	check(ok, "the locked window shows file pages 20..27");
	munmap(lk, 8 * PG);

	/* SIGBUS past the end of the file (do_file_page after a truncate; filemap_nopage). */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_bus;
	sigaction(SIGBUS, &sa, NULL);
	char *t = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	check(rfp(t, PG, 0, 30, MAP_NONBLOCK) == 0, "MAP_NONBLOCK remap of page 30 (not cached)");
	check(ftruncate(fd2, 10 * PG) == 0, "ftruncate the file to 10 pages");
	check(touch(t) == SIGBUS, "touching the file PTE of page 30: SIGBUS");
	check(touch(t + PG) == 0 && t[PG] == (char)(1 + 100), "the linear page 1 is still fine");
	char *past = mmap(NULL, 12 * PG, PROT_READ, MAP_SHARED, fd2, 0);
	check(touch(past + 11 * PG) == SIGBUS, "a linear shared page past the end of file: SIGBUS");
	check(touch(past + 9 * PG) == 0, "the last page inside the file: no signal");

	close(fd);
	close(fd2);
	unlink(path);
	unlink(path2);
	return check_done();
}
