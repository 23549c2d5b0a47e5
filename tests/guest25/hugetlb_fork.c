/*
 * hugetlb_fork.c: huge segments across fork (linux-2.5-syscalls.md Decisions 2 and 2.4.3):
 * a shared (key > 0) segment is inherited and really shared (no COW), a private (key 0) one is
 * absent in the child; pages return to the pool only when the last user, child included, let go.
 * Run with --hugepages 8.
 */
#include <sys/wait.h>

#include "check25.h"

#define RW (PROT_READ | PROT_WRITE)

int main(void)
{
	unsigned long H = hpage_size();
	long free0 = meminfo("HugePages_Free:");
	char *shared = alloc_hugepages(3, NULL, H, RW, IPC_CREAT);
	char *priv = alloc_hugepages(0, NULL, H, RW, 0);
	check(shared != (void *)-1 && priv != (void *)-1, "a shared and a private segment");
	if (shared == (void *)-1 || priv == (void *)-1)
		return check_done();
	strcpy(shared, "from the parent");
	priv[0] = 7;

	pid_t pid = fork();
	if (pid == 0) {
		/* Child: reports through its exit status, bit per failed expectation. */
		int bad = 0;
		if (strcmp(shared, "from the parent") != 0)
			bad |= 1;
		strcpy(shared + 1000, "from the child");
		if (meminfo("HugePages_Free:") != free0 - 2)
			bad |= 2; /* fork takes no new pages */
		_exit(bad);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && (WEXITSTATUS(st) & 1) == 0, "the child sees the parent's data");
	check(WIFEXITED(st) && (WEXITSTATUS(st) & 2) == 0, "fork takes no pages from the pool");
	check(strcmp(shared + 1000, "from the child") == 0,
	      "the parent sees the child's write (shared, no COW: section 2.4.3)");
	check(meminfo("HugePages_Free:") == free0 - 2, "the child's exit released no page");

	pid = fork();
	if (pid == 0) {
		(void)*(volatile char *)priv; /* no mapping here: SIGSEGV */
		_exit(0);
	}
	waitpid(pid, &st, 0);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	      "touching the private segment in a child kills it with SIGSEGV (not inherited)");
	check(priv[0] == 7, "the parent's private segment is intact");

	pid = fork();
	if (pid == 0) {
		/* The child frees its attach; the parent's stays. */
		int r = free_hugepages(shared);
		char *again = alloc_hugepages(3, NULL, H, RW, 0);
		_exit(r == 0 && again != (void *)-1 && strcmp(again, "from the parent") == 0 ? 0
		                                                                             : 1);
	}
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "a child frees its copy and re-attaches key 3 without IPC_CREAT");
	check(meminfo("HugePages_Free:") == free0 - 2 && strcmp(shared, "from the parent") == 0,
	      "the parent's segment and the pool are unchanged");

	pid = fork();
	if (pid == 0) {
		sleep(0);
		_exit(strcmp(shared + 1000, "from the child") == 0 ? 0 : 1);
	}
	check(free_hugepages(shared) == 0, "the parent frees key 3 while a child still maps it");
	check(meminfo("HugePages_Free:") == free0 - 2, "the page stays in use for the child");
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child still read the data");
	check(meminfo("HugePages_Free:") == free0 - 1, "its exit returned the last user's page");
	CHECK_ERR(alloc_hugepages(3, NULL, H, RW, 0), ENOENT, "key 3 is gone");

	pid = fork();
	if (pid == 0) {
		/* A child's own private segment, left mapped at exit. */
		char *c = alloc_hugepages(0, NULL, 2 * H, RW, 0);
		if (c == (void *)-1)
			_exit(1);
		c[H] = 1;
		_exit(meminfo("HugePages_Free:") == free0 - 3 ? 0 : 2);
	}
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "a child allocates 2 private pages of its own");
	check(meminfo("HugePages_Free:") == free0 - 1, "its exit returns them to the pool");
	check(free_hugepages(priv) == 0 && meminfo("HugePages_Free:") == free0, "all pages back");
	return check_done();
}
