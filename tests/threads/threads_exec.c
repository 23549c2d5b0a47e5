/* execve from a second thread (execve(2), effect on multithreaded processes): every other
 * thread of the process is destroyed, the new program runs as the only thread with the
 * process's pid (gettid() == getpid()), the same parent, and whatever status it exits with is
 * the process's (3).  argv[0] is only used to find the program again, never printed. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char *self_path;
static char pid_text[16], ppid_text[16];

static void *run_exec(void *arg)
{
	(void)arg;
	char *argv[] = {self_path, "after", pid_text, ppid_text, NULL};
	char *envp[] = {NULL};
	execve(self_path, argv, envp);
	printf("execve failed\n");
	exit(1);
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "after") == 0) {
		printf("after execve: same pid %d, same parent %d, tid == pid %d\n",
		       atoi(argv[2]) == getpid(), atoi(argv[3]) == getppid(),
		       (pid_t)syscall(SYS_gettid) == getpid());
		return 3;
	}
	self_path = argv[0];
	snprintf(pid_text, sizeof pid_text, "%d", (int)getpid());
	snprintf(ppid_text, sizeof ppid_text, "%d", (int)getppid());
	printf("before execve\n");
	fflush(stdout);
	pthread_t t;
	if (pthread_create(&t, NULL, run_exec, NULL) != 0)
		return 1;
	for (;;)
		pause(); /* the main thread waits to be destroyed by the other's execve */
}
