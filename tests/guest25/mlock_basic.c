/* mlock_basic.c - mlock/munlock/mlockall/munlockall as root: each errno case in the order of
 * linux-2.5-syscalls.md 4.3, VmLck of /proc/self/status (4.2: locked_vm << (PAGE_SHIFT-10)),
 * MCL_FUTURE (4.2: later mappings locked and prefaulted, EAGAIN past RLIMIT_MEMLOCK), locks not
 * inherited by fork (4.2), the EPERM cases after seteuid(nobody) (4.3, LTP mlock02/mlockall02/
 * munlockall02, section 5).  One line per check; exit 0 only if all passed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check25.h"

/* The raw calls, so that glibc adds nothing: -errno in the result. */
static long sc(long nr, long a, long b, long c)
{
	long r = syscall(nr, a, b, c);
	return r == -1 ? -errno : r;
}

static void set_memlock(rlim_t cur, rlim_t max)
{
	struct rlimit r = {cur, max};
	setrlimit(RLIMIT_MEMLOCK, &r);
}

int main(void)
{
	long pg = 4096;
	check(status_kb("VmLck:") == 0, "VmLck is 0 at start");

	/* LTP mlock01/munlock01: lengths 1, 1024, 1 MiB. */
	size_t lens[3] = {1, 1024, 1 << 20};
	for (int i = 0; i < 3; i++) {
		char *p = malloc(lens[i]);
		char msg[80];
		snprintf(msg, sizeof msg, "mlock of malloc(%zu) succeeds", lens[i]);
		check(sc(SYS_mlock, (long)p, (long)lens[i], 0) == 0, msg);
		snprintf(msg, sizeof msg, "munlock of malloc(%zu) succeeds", lens[i]);
		check(sc(SYS_munlock, (long)p, (long)lens[i], 0) == 0, msg);
		free(p);
	}

	/* VmLck accounting: locking 16 pages shows 64 kB, munlock gives it back. */
	char *m = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long rss0 = status_kb("VmRSS:");
	check(sc(SYS_mlock, (long)m, 16 * pg, 0) == 0, "mlock of 16 mapped pages");
	check(status_kb("VmLck:") == 64, "VmLck is 64 kB after locking 16 pages");
	check(status_kb("VmRSS:") - rss0 >= 64, "mlock prefaulted the 16 pages (VmRSS grew 64 kB)");
	check(sc(SYS_mlock, (long)m + 100, 10, 0) == 0, "mlock of a locked range again succeeds");
	check(status_kb("VmLck:") == 64, "locks do not stack (VmLck still 64 kB)");
	check(sc(SYS_munlock, (long)m + 4 * pg, 4 * pg, 0) == 0,
	      "munlock of 4 pages in the middle");
	check(status_kb("VmLck:") == 48, "VmLck is 48 kB after unlocking 4 of 16 pages");
	check(sc(SYS_munlock, (long)m, 16 * pg, 0) == 0, "munlock of the whole range");
	check(status_kb("VmLck:") == 0, "VmLck is 0 after munlock");

	/* ENOMEM for an unmapped range (LTP mlock02 test_enomem1). */
	char *u = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(u, pg);
	check(sc(SYS_mlock, (long)u, pg, 0) == -ENOMEM, "mlock of an unmapped page: ENOMEM");
	check(sc(SYS_munlock, (long)u, pg, 0) == -ENOMEM, "munlock of an unmapped page: ENOMEM");
	/* LTP munlock02: a range starting in a hole. */
	char *h = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(h, 1, 8 * pg);
	check(sc(SYS_mlock, (long)h, 8 * pg, 0) == 0, "mlock of 8 pages");
	munmap(h + 2 * pg, 4 * pg);
	check(sc(SYS_munlock, (long)h + 2 * pg, 8 * pg, 0) == -ENOMEM,
	      "munlock of a range starting in a hole: ENOMEM");
	check(sc(SYS_mlock, (long)h, 8 * pg, 0) == -ENOMEM,
	      "mlock of a range with a hole in the middle: ENOMEM");
	check(status_kb("VmLck:") == 16, "the 4 pages left are still locked (16 kB)");
	munmap(h, 8 * pg);
	check(status_kb("VmLck:") == 0, "munmap of locked pages gives VmLck 0");
	/* The 2002 munlock02: a negative length wraps: EINVAL. */
	check(sc(SYS_munlock, (long)m + pg, -99999, 0) == -EINVAL, "munlock(addr, -99999): EINVAL");
	check(sc(SYS_mlock, (long)m, 0, 0) == 0, "mlock with len 0 succeeds");

	/* mlockall flags (LTP mlockall02 case 2, mlockall03). */
	check(sc(SYS_mlockall, 0, 0, 0) == -EINVAL, "mlockall(0): EINVAL");
	check(sc(SYS_mlockall, ~3L, 0, 0) == -EINVAL,
	      "mlockall(~(MCL_CURRENT|MCL_FUTURE)): EINVAL");
	/* LTP munlockall01: VmLck > 0 after mlockall, 0 after munlockall. */
	check(sc(SYS_mlockall, MCL_CURRENT | MCL_FUTURE, 0, 0) == 0,
	      "mlockall(MCL_CURRENT|MCL_FUTURE)");
	long all = status_kb("VmLck:");
	check(all > 0, "VmLck > 0 after mlockall");
	char *f = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(f != MAP_FAILED && status_kb("VmLck:") == all + 32,
	      "MCL_FUTURE: a later 8-page mmap is locked (VmLck +32 kB)");
	/* fork: the child's mappings are not locked, nor are its new ones (def_flags = 0). */
	pid_t pid = fork();
	if (pid == 0) {
		int bad = status_kb("VmLck:") != 0;
		char *c = mmap(NULL, 4 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		bad |= c == MAP_FAILED || status_kb("VmLck:") != 0;
		_exit(bad);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fork: the child has VmLck 0, also after a mmap");
	check(status_kb("VmLck:") == all + 32, "the parent keeps its locks after fork");
	check(sc(SYS_munlockall, 0, 0, 0) == 0, "munlockall as root");
	check(status_kb("VmLck:") == 0, "VmLck is 0 after munlockall");
	char *g = mmap(NULL, 4 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(g != MAP_FAILED && status_kb("VmLck:") == 0,
	      "after munlockall new mappings are not locked");
	check(sc(SYS_mlockall, MCL_FUTURE, 0, 0) == 0, "mlockall(MCL_FUTURE)");
	check(status_kb("VmLck:") == 0, "mlockall(MCL_FUTURE) alone locks nothing now");
	set_memlock(64 * 1024, RLIM_INFINITY);
	char *e = mmap(NULL, 32 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(e == MAP_FAILED && errno == EAGAIN,
	      "MCL_FUTURE: a mmap past RLIMIT_MEMLOCK fails with EAGAIN");
	char *ok = mmap(NULL, 8 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(ok != MAP_FAILED && status_kb("VmLck:") == 32,
	      "MCL_FUTURE: a mmap within the limit is locked");
	/* do_brk() under MCL_FUTURE: the new heap is locked; past the limit brk fails (4.2). */
	char *brk0 = sbrk(0);
	check(sbrk(4 * pg) == brk0 && status_kb("VmLck:") == 48,
	      "MCL_FUTURE: brk grows a locked heap");
	check(sbrk(16 * pg) == (void *)-1 && sbrk(0) == brk0 + 4 * pg,
	      "MCL_FUTURE: brk past RLIMIT_MEMLOCK fails, the break stays");
	check(sc(SYS_munlockall, 0, 0, 0) == 0, "munlockall clears MCL_FUTURE");

	/* MAP_LOCKED as root: locked and prefaulted. */
	set_memlock(RLIM_INFINITY, RLIM_INFINITY);
	char *l = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	check(l != MAP_FAILED && status_kb("VmLck:") == 16, "MAP_LOCKED as root: 4 pages locked");
	munmap(l, 4 * pg);

	/* RLIMIT_MEMLOCK applies to root in 2.5 (4.1): ENOMEM. */
	set_memlock(8 * pg, RLIM_INFINITY);
	check(sc(SYS_mlock, (long)m, 16 * pg, 0) == -ENOMEM,
	      "root, mlock past RLIMIT_MEMLOCK: ENOMEM");
	check(sc(SYS_mlock, (long)m, 8 * pg, 0) == 0, "root, mlock within RLIMIT_MEMLOCK");
	check(sc(SYS_munlock, (long)m, 8 * pg, 0) == 0, "munlock");
	set_memlock(7, 10); /* LTP mlockall02 case 0 (2002 original: root) */
	check(sc(SYS_mlockall, MCL_CURRENT, 0, 0) == -ENOMEM,
	      "root, mlockall with rlimit 7: ENOMEM");

	/* Unprivileged (seteuid(nobody), LTP mlock02/mlockall02). */
	set_memlock(pg - 1, pg - 1);
	check(seteuid(65534) == 0, "seteuid(65534)");
	check(sc(SYS_mlock, (long)m, pg, 0) == -ENOMEM, "nobody, rlimit len-1: mlock ENOMEM");
	check(sc(SYS_mlockall, MCL_CURRENT, 0, 0) == -ENOMEM,
	      "nobody, rlimit < total_vm: mlockall ENOMEM");
	seteuid(0);
	set_memlock(0, 0);
	seteuid(65534);
	check(sc(SYS_mlock, (long)m, pg, 0) == -EPERM, "nobody, rlimit 0: mlock EPERM");
	check(sc(SYS_mlockall, MCL_CURRENT, 0, 0) == -EPERM, "nobody, rlimit 0: mlockall EPERM");
	check(sc(SYS_mlockall, 0, 0, 0) == -EINVAL, "nobody: mlockall(0) is EINVAL before EPERM");
	seteuid(0);
	set_memlock(RLIM_INFINITY, RLIM_INFINITY);
	seteuid(65534);
	check(sc(SYS_mlock, (long)m, pg, 0) == -EPERM,
	      "nobody, rlimit infinite: mlock EPERM (2.5)");
	check(sc(SYS_mlockall, MCL_CURRENT, 0, 0) == -EPERM, "nobody: mlockall EPERM");
	check(sc(SYS_munlockall, 0, 0, 0) == -EPERM,
	      "nobody: munlockall EPERM (2.5, munlockall02)");
	check(sc(SYS_munlock, (long)m, pg, 0) == 0, "nobody: munlock needs no privilege");
	void *ml = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	check(ml == MAP_FAILED && errno == EPERM, "nobody: MAP_LOCKED is EPERM");
	check(seteuid(0) == 0, "seteuid(0) back");

	return check_done();
}
