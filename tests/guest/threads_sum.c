/* Four POSIX threads each sum a quarter of an array; the main thread joins them (pthread_join
 * waits on the CLONE_CHILD_CLEARTID word, clone(2)) and prints the partial sums and the total.
 * Each thread also writes a __thread variable: thread-local storage is per thread (CLONE_SETTLS).
 */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4
#define N        40000

static unsigned arr[N];
static unsigned long long part[NTHREADS];
static __thread unsigned tls_slot;

static void *sum_slice(void *arg)
{
	long i = (long)arg;
	unsigned long long s = 0;
	tls_slot = (unsigned)i + 100;
	for (long j = i * (N / NTHREADS); j < (i + 1) * (N / NTHREADS); j++)
		s += arr[j];
	part[i] = s + (tls_slot - (unsigned)i - 100); /* the TLS slot still holds this thread's */
	return (void *)(long)(s & 0x7fffffff);
}

int main(void)
{
	pthread_t t[NTHREADS];
	for (unsigned i = 0; i < N; i++)
		arr[i] = i * 2654435761u >> 7;
	tls_slot = 7;
	for (long i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, sum_slice, (void *)i) != 0) {
			puts("pthread_create failed");
			return 1;
		}
	unsigned long long total = 0;
	for (int i = 0; i < NTHREADS; i++) {
		void *ret;
		if (pthread_join(t[i], &ret) != 0) {
			puts("pthread_join failed");
			return 1;
		}
		printf("thread %d: sum %llu, returned %ld\n", i, part[i], (long)ret);
		total += part[i];
	}
	printf("total %llu, main's tls %u\n", total, tls_slot);
	return 0;
}
