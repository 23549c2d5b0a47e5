/* clone(2) ERRORS: CLONE_THREAD without CLONE_SIGHAND, and CLONE_SIGHAND without CLONE_VM, are
 * EINVAL (raw system call 120, so that glibc's wrapper does not interfere). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *res(long r)
{
	return r == -1 && errno == EINVAL ? "EINVAL" : "other";
}

int main(void)
{
	static char stack[4096];
	long r = syscall(SYS_clone, CLONE_VM | CLONE_THREAD, stack + sizeof stack, 0, 0, 0);
	printf("CLONE_VM|CLONE_THREAD without CLONE_SIGHAND: %s\n", res(r));
	r = syscall(SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0);
	printf("CLONE_SIGHAND without CLONE_VM: %s\n", res(r));
	return 0;
}
