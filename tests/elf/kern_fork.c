/* kern_fork.c - fork, copy-on-write, shared anonymous memory, wait, execve (kernel core).
 * Facts from the man pages fork(2), mmap(2), wait(2), execve(2), proc(5). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kern_check.h"

static int global = 1;

int main(int argc, char **argv)
{
	if (argc > 1) /* the execve'd copy: exit with a code the parent checks */
		return strcmp(argv[1], "again") == 0 && getenv("KERN") &&
		               !strcmp(getenv("KERN"), "x")
		           ? 42
		           : 1;
	char *heap = malloc(64 * 1024);
	strcpy(heap, "parent");
	int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(shared != MAP_FAILED);
	*shared = 5;
	pid_t parent = getpid();
	pid_t p = fork();
	if (p == 0) {
		/* fork(2): the child's memory is a copy; writes do not reach the parent. */
		global = 2;
		strcpy(heap, "child");
		/* mmap(2) MAP_SHARED: updates are visible to other processes mapping the region. */
		*shared = 7;
		_exit(getppid() == parent ? 9 : 1);
	}
	CHECK(p > 0);
	int st = 0;
	CHECK(waitpid(p, &st, 0) == p);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9);
	CHECK(global == 1);
	CHECK(strcmp(heap, "parent") == 0);
	CHECK(*shared == 7);
	/* wait(2): ECHILD when there is no child left. */
	CHECK(waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD);

	/* A child killed by a signal: WIFSIGNALED, WTERMSIG = SIGSEGV (signal(7): default action
	 * of SIGSEGV terminates the process). */
	p = fork();
	if (p == 0) {
		*(volatile int *)(uintptr_t)getpagesize() = 1; /* page 1 is never mapped */
		_exit(0);
	}
	CHECK(waitpid(p, &st, 0) == p && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);

	/* WNOHANG returns 0 while the child runs (wait(2)). */
	int pipefd[2];
	CHECK(pipe(pipefd) == 0);
	p = fork();
	if (p == 0) {
		char c;
		close(pipefd[1]);
		_exit(read(pipefd[0], &c, 1) == 1 ? 3 : 4); /* blocks until the parent writes */
	}
	close(pipefd[0]);
	CHECK(waitpid(p, &st, WNOHANG) == 0);
	CHECK(write(pipefd[1], "x", 1) == 1);
	CHECK(waitpid(p, &st, 0) == p && WEXITSTATUS(st) == 3);

	/* execve(2) of the program itself (/proc/self/exe, proc(5)) with new argv and envp. */
	p = fork();
	if (p == 0) {
		char *args[] = {"kern_fork", "again", NULL};
		char *env[] = {"KERN=x", NULL};
		execve("/proc/self/exe", args, env);
		_exit(2);
	}
	CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 42);
	char *none[] = {"x", NULL};
	CHECK(execve("/no/such/file", none, none) == -1 && errno == ENOENT);

	/* kill(2) with signal 0 checks existence; ESRCH for a pid that does not exist. */
	CHECK(kill(getpid(), 0) == 0);
	CHECK(kill(99999, 0) == -1 && errno == ESRCH);
	return kern_failures;
}
