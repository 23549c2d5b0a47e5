/* Futexes between processes (futex(2): a shared, non-private futex in a MAP_SHARED mapping is
 * the same futex for every process that maps it; pthread_mutexattr_setpshared(3)): a parent and
 * its forked child meet on a word of a shared anonymous mapping (a FUTEX_WAKE in the parent
 * wakes the child's FUTEX_WAIT), then count to 2 x 20000 under a process-shared mutex after a
 * process-shared condition variable has let the child start. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define ITERS 20000

struct shared {
	uint32_t word;
	int ready, passed;
	pthread_mutex_t m;
	pthread_cond_t c;
	int go;
	long counter;
};

static void count(struct shared *s)
{
	for (int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&s->m);
		s->counter++;
		pthread_mutex_unlock(&s->m);
	}
}

int main(void)
{
	struct shared *s =
	    mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		return 1;
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&s->m, &ma);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_cond_init(&s->c, &ca);

	pid_t child = fork();
	if (child == 0) {
		__atomic_store_n(&s->ready, 1, __ATOMIC_SEQ_CST);
		while (__atomic_load_n(&s->word, __ATOMIC_SEQ_CST) == 0)
			syscall(SYS_futex, &s->word, FUTEX_WAIT, 0, NULL, NULL, 0);
		__atomic_store_n(&s->passed, 1, __ATOMIC_SEQ_CST);
		pthread_mutex_lock(&s->m);
		while (!s->go)
			pthread_cond_wait(&s->c, &s->m);
		pthread_mutex_unlock(&s->m);
		count(s);
		_exit(0);
	}
	while (!__atomic_load_n(&s->ready, __ATOMIC_SEQ_CST))
		sched_yield();
	/* The word stays 0, so a woken child goes back to sleep: wake until one wake finds it. */
	int woke = 0;
	for (int tries = 0; tries < 20000 && !woke; tries++) {
		if (syscall(SYS_futex, &s->word, FUTEX_WAKE, 1, NULL, NULL, 0) == 1)
			woke = 1;
		else
			sched_yield();
	}
	printf("the parent's FUTEX_WAKE woke the child's FUTEX_WAIT: %d\n", woke);
	__atomic_store_n(&s->word, 1, __ATOMIC_SEQ_CST);
	for (int tries = 0; !__atomic_load_n(&s->passed, __ATOMIC_SEQ_CST); tries++) {
		if (tries == 20000) {
			printf("the child never left its FUTEX_WAIT\n");
			kill(child, SIGKILL);
			return 1;
		}
		syscall(SYS_futex, &s->word, FUTEX_WAKE, 1, NULL, NULL, 0);
		sched_yield();
	}
	pthread_mutex_lock(&s->m);
	s->go = 1;
	pthread_cond_broadcast(&s->c);
	pthread_mutex_unlock(&s->m);
	count(s);
	int st;
	waitpid(child, &st, 0);
	printf("child status %d, counter %ld (expected %d)\n", WEXITSTATUS(st), s->counter,
	       2 * ITERS);
	return 0;
}
