/* More of glibc's futex-based synchronisation across threads (pthread_barrier_wait(3),
 * sem_wait(3), pthread_rwlock_rdlock(3), pthread_once(3), pthread_cond_timedwait(3),
 * pthread_cancel(3)): a barrier releases all 4 threads of each of 3 phases together, a
 * semaphore hands out 4 tokens among 4 threads, readers and writers keep a pair consistent, an
 * init routine runs once, a timed wait on a condition nobody signals times out (ETIMEDOUT), and
 * a thread blocked in pthread_cond_wait is cancelled (PTHREAD_CANCELED). */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

#define NTHREADS 4
#define PHASES   3

static pthread_barrier_t barrier;
static int arrived[PHASES];
static int phase_ok = 1;

static void *phases(void *arg)
{
	(void)arg;
	for (int p = 0; p < PHASES; p++) {
		__atomic_add_fetch(&arrived[p], 1, __ATOMIC_SEQ_CST);
		pthread_barrier_wait(&barrier);
		/* Past the barrier, every thread has arrived at this phase. */
		if (__atomic_load_n(&arrived[p], __ATOMIC_SEQ_CST) != NTHREADS)
			phase_ok = 0;
		pthread_barrier_wait(&barrier);
	}
	return NULL;
}

static sem_t sem;
static int tokens_taken;

static void *take_token(void *arg)
{
	(void)arg;
	sem_wait(&sem);
	__atomic_add_fetch(&tokens_taken, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long pair_a, pair_b;
static int torn;

static void *rw_worker(void *arg)
{
	long id = (long)arg;
	for (int i = 0; i < 2000; i++) {
		if (id == 0) {
			pthread_rwlock_wrlock(&rw);
			pair_a++;
			sched_yield(); /* a reader must not see the pair half-updated */
			pair_b++;
			pthread_rwlock_unlock(&rw);
		} else {
			pthread_rwlock_rdlock(&rw);
			if (pair_a != pair_b)
				torn = 1;
			pthread_rwlock_unlock(&rw);
		}
	}
	return NULL;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_runs;

static void init_once(void)
{
	init_runs++;
}

static void *call_once(void *arg)
{
	(void)arg;
	pthread_once(&once, init_once);
	return NULL;
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;

static void *wait_forever(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	for (;;)
		pthread_cond_wait(&never, &m);
	return NULL;
}

static void unlock_on_cancel(void *arg)
{
	pthread_mutex_unlock(arg);
}

static void *wait_forever_cleanly(void *arg)
{
	pthread_cleanup_push(unlock_on_cancel, &m);
	wait_forever(arg);
	pthread_cleanup_pop(0);
	return NULL;
}

static void run_all(void *(*fn)(void *))
{
	pthread_t t[NTHREADS];
	for (long i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, fn, (void *)i);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
}

int main(void)
{
	pthread_barrier_init(&barrier, NULL, NTHREADS);
	run_all(phases);
	printf("barrier: %d phases, all threads together: %d\n", PHASES, phase_ok);

	sem_init(&sem, 0, 0);
	pthread_t t[NTHREADS];
	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, take_token, NULL);
	for (int i = 0; i < NTHREADS; i++)
		sem_post(&sem);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	int left = -1;
	sem_getvalue(&sem, &left);
	printf("semaphore: %d tokens taken, %d left\n", tokens_taken, left);

	run_all(rw_worker);
	printf("rwlock: pair %ld/%ld, a reader saw it torn: %d\n", pair_a, pair_b, torn);

	run_all(call_once);
	printf("once: init ran %d time(s)\n", init_runs);

	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 30 * 1000 * 1000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&m);
	int r = pthread_cond_timedwait(&never, &m, &ts);
	pthread_mutex_unlock(&m);
	printf("cond_timedwait nobody signals: %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : "other");

	pthread_t w;
	pthread_create(&w, NULL, wait_forever_cleanly, NULL);
	for (int i = 0; i < 50; i++)
		sched_yield();
	pthread_cancel(w);
	void *ret = NULL;
	pthread_join(w, &ret);
	printf("cancelled in cond_wait: %d, mutex free again: %d\n", ret == PTHREAD_CANCELED,
	       pthread_mutex_trylock(&m) == 0);
	return 0;
}
