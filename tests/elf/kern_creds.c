/* kern_creds.c [UID GID] - user and group ids and resource limits with 2.5 semantics.
 * Without arguments it runs as root (the default guest credentials, linux-2.5-syscalls.md
 * decision 5); with UID GID it checks that `pse386 --user UID:GID` started it with those ids,
 * unprivileged.  Facts: setresuid(2), setuid(2), seteuid(2), getrlimit(2) man pages; Linux 2.5
 * kernel/sys.c (sys_setresuid, sys_setrlimit: raising a hard limit needs CAP_SYS_RESOURCE);
 * RLIMIT_MEMLOCK is infinite by default in 2.5 (INIT_RLIMITS, linux-2.5-syscalls.md 1.2). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "kern_check.h"

static void as_root(void)
{
	uid_t r, e, s;
	CHECK(getuid() == 0 && geteuid() == 0 && getgid() == 0);
	struct rlimit rl;
	CHECK(getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur == RLIM_INFINITY &&
	      rl.rlim_max == RLIM_INFINITY);
	/* cur above max is EINVAL, for root too. */
	struct rlimit bad = {.rlim_cur = 200, .rlim_max = 100};
	errno = 0;
	CHECK(setrlimit(RLIMIT_MEMLOCK, &bad) == -1 && errno == EINVAL);
	/* Root may set all three ids to anything. */
	CHECK(setresuid(1000, 1001, 1002) == 0);
	CHECK(getresuid(&r, &e, &s) == 0 && r == 1000 && e == 1001 && s == 1002);
	/* Unprivileged now: the effective id may become the real or the saved one... */
	CHECK(seteuid(1000) == 0 && geteuid() == 1000);
	CHECK(seteuid(1002) == 0 && geteuid() == 1002);
	/* ...but not another one, and not root. */
	errno = 0;
	CHECK(seteuid(0) == -1 && errno == EPERM);
	errno = 0;
	CHECK(setuid(4242) == -1 && errno == EPERM);
	/* An unprivileged process lowers its hard limit but cannot raise it again. */
	struct rlimit low = {.rlim_cur = 4096, .rlim_max = 8192};
	CHECK(setrlimit(RLIMIT_MEMLOCK, &low) == 0);
	struct rlimit up = {.rlim_cur = 4096, .rlim_max = 16384};
	errno = 0;
	CHECK(setrlimit(RLIMIT_MEMLOCK, &up) == -1 && errno == EPERM);
	CHECK(getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_max == 8192);
}

static void as_user(uid_t uid, gid_t gid)
{
	uid_t r, e, s;
	CHECK(getresuid(&r, &e, &s) == 0 && r == uid && e == uid && s == uid);
	CHECK(getgid() == gid && getegid() == gid);
	errno = 0;
	CHECK(setuid(0) == -1 && errno == EPERM);
	errno = 0;
	CHECK(seteuid(0) == -1 && errno == EPERM);
}

int main(int argc, char **argv)
{
	if (argc == 3)
		as_user((uid_t)atoi(argv[1]), (gid_t)atoi(argv[2]));
	else
		as_root();
	return kern_failures;
}
