/* mlock_user.c - run with `pse386 --user 1000`: an unprivileged process cannot lock memory in
 * 2.5 (capable(CAP_IPC_LOCK) is euid 0; linux-2.5-syscalls.md 4.1-4.3, decision 4), but may
 * unlock.  One line per check; exit 0 only if all passed. */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check25.h"

static long sc(long nr, long a, long b)
{
	long r = syscall(nr, a, b);
	return r == -1 ? -errno : r;
}

int main(void)
{
	check(getuid() != 0 && geteuid() != 0, "running unprivileged (--user)");
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(sc(SYS_mlock, (long)m, 4096) == -EPERM, "mlock: EPERM");
	check(sc(SYS_mlockall, MCL_CURRENT, 0) == -EPERM, "mlockall(MCL_CURRENT): EPERM");
	check(sc(SYS_mlockall, 0, 0) == -EINVAL, "mlockall(0): EINVAL (flags first)");
	check(sc(SYS_munlockall, 0, 0) == -EPERM, "munlockall: EPERM");
	check(sc(SYS_munlock, (long)m, 4096) == 0, "munlock: allowed");
	void *l = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	check(l == MAP_FAILED && errno == EPERM, "mmap(MAP_LOCKED): EPERM");
	return check_done();
}
