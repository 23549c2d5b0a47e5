/* Thread identities: getpid() is the same in every thread of a process, gettid() differs per
 * thread and equals getpid() only in the main thread, pthread_self() differs per thread
 * (gettid(2), clone(2) CLONE_THREAD).  getppid() is the same too.  Only comparisons are printed,
 * never the ids themselves. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NTHREADS 3

struct ids {
	pid_t pid, tid, ppid;
	pthread_t self;
};

static struct ids seen[NTHREADS + 1];

static void record(struct ids *r)
{
	r->pid = getpid();
	r->tid = (pid_t)syscall(SYS_gettid);
	r->ppid = getppid();
	r->self = pthread_self();
}

static void *body(void *arg)
{
	record(arg);
	return NULL;
}

int main(void)
{
	pthread_t t[NTHREADS];
	record(&seen[0]);
	for (int i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, body, &seen[i + 1]) != 0)
			return 1;
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	printf("main: gettid == getpid: %d\n", seen[0].tid == seen[0].pid);
	for (int i = 1; i <= NTHREADS; i++) {
		printf("thread %d: same pid %d, same ppid %d, tid differs from pid %d, "
		       "pthread_self matches its handle %d\n",
		       i, seen[i].pid == seen[0].pid, seen[i].ppid == seen[0].ppid,
		       seen[i].tid != seen[i].pid, pthread_equal(seen[i].self, t[i - 1]) != 0);
		for (int j = 0; j < i; j++)
			printf("  vs %d: tid differs %d, pthread_self differs %d\n", j,
			       seen[i].tid != seen[j].tid,
			       !pthread_equal(seen[i].self, seen[j].self));
	}
	return 0;
}
