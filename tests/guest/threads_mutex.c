/* A mutex-protected counter incremented 100000 times by each of 4 threads, then a
 * producer/consumer handoff through a one-slot buffer with two condition variables: the
 * futex-based pthread primitives of glibc (futex(2): FUTEX_WAIT / FUTEX_WAKE). */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4
#define ITERS    100000
#define ITEMS    2000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *incr(void *arg)
{
	(void)arg;
	for (int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int slot, full;

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&m);
		while (full)
			pthread_cond_wait(&not_full, &m);
		slot = i;
		full = 1;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	long long *sum = arg;
	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&m);
		while (!full)
			pthread_cond_wait(&not_empty, &m);
		*sum += (long long)slot * i; /* in order: item i arrives i-th */
		full = 0;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NTHREADS];
	for (int i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, incr, NULL) != 0)
			return 1;
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	printf("counter %ld (expected %d)\n", counter, NTHREADS * ITERS);

	long long sum = 0;
	pthread_t p, c;
	if (pthread_create(&c, NULL, consumer, &sum) != 0 ||
	    pthread_create(&p, NULL, producer, NULL) != 0)
		return 1;
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	long long expect = 0;
	for (long long i = 1; i <= ITEMS; i++)
		expect += i * i;
	printf("handoff sum %lld (expected %lld)\n", sum, expect);
	return 0;
}
