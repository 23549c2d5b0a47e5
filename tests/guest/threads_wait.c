/* Multi-threaded children seen by their parent (wait(2), clone(2) CLONE_THREAD, exit_group(2)):
 * a child whose main thread ends alone (exit(2), system call 1) lives on in its other thread,
 * and the parent's waitpid returns only when that thread ends the process with exit(7); a fatal
 * signal raised in a child's second thread kills the whole child (status: killed by SIGTERM),
 * and so does a fault in a second thread (SIGSEGV); a child forked by a second thread is a
 * child of the whole process, so the main thread can wait for it. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int pipefd[2];

static void *late_exit(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200; i++)
		sched_yield(); /* the main thread is long gone by now */
	if (write(pipefd[1], "L", 1) != 1)
		_exit(1);
	exit(7);
}

static void *die_by_signal(void *arg)
{
	(void)arg;
	raise(SIGTERM);
	return NULL;
}

static void *fault(void *arg)
{
	*(volatile int *)arg = 1; /* arg is NULL: SIGSEGV */
	return NULL;
}

static void *forker(void *arg)
{
	pid_t *child = arg;
	*child = fork();
	if (*child == 0)
		_exit(9);
	return NULL;
}

static void report(const char *what, int st)
{
	if (WIFEXITED(st))
		printf("%s: exited with %d\n", what, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s: killed by signal %d\n", what, WTERMSIG(st));
	else
		printf("%s: status %#x\n", what, st);
}

int main(void)
{
	if (pipe(pipefd) != 0)
		return 1;
	pid_t c = fork();
	if (c == 0) {
		pthread_t t;
		if (pthread_create(&t, NULL, late_exit, NULL) != 0)
			_exit(1);
		/* The raw call, not pthread_exit: glibc's unwinding racing with the other
		 * thread's exit_group makes qemu-user, the reference, abort now and then. */
		syscall(SYS_exit, 0);
	}
	int st;
	if (waitpid(c, &st, 0) != c)
		return 1;
	char ch = 0;
	printf("the second thread wrote before the child ended: %d\n",
	       read(pipefd[0], &ch, 1) == 1 && ch == 'L');
	report("child whose main thread left first", st);

	c = fork();
	if (c == 0) {
		pthread_t t;
		if (pthread_create(&t, NULL, die_by_signal, NULL) != 0)
			_exit(1);
		pthread_join(t, NULL);
		_exit(0); /* not reached: SIGTERM killed every thread */
	}
	if (waitpid(c, &st, 0) != c)
		return 1;
	report("child with a thread that raised SIGTERM", st);

	c = fork();
	if (c == 0) {
		pthread_t t;
		if (pthread_create(&t, NULL, fault, NULL) != 0)
			_exit(1);
		pthread_join(t, NULL);
		_exit(0); /* not reached */
	}
	if (waitpid(c, &st, 0) != c)
		return 1;
	report("child with a thread that faulted", st);

	pthread_t t;
	pid_t grandchild = 0;
	if (pthread_create(&t, NULL, forker, &grandchild) != 0)
		return 1;
	pthread_join(t, NULL);
	if (waitpid(grandchild, &st, 0) != grandchild)
		return 1;
	report("child forked by a second thread, reaped by main", st);
	printf("no children left: %d\n", wait(&st) == -1);
	return 0;
}
