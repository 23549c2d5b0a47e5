/* futex(2) results that do not depend on timing, by raw system call 240: FUTEX_WAIT fails with
 * EAGAIN when the word differs, EINVAL on a misaligned word, EFAULT on an unmapped one,
 * ETIMEDOUT when its relative timeout passes (nothing wakes it); FUTEX_WAIT_BITSET takes an
 * absolute time and a non-zero bitset (EINVAL for 0); FUTEX_CLOCK_REALTIME is only for the
 * BITSET wait (ENOSYS otherwise); FUTEX_WAKE returns how many it woke (0 without sleepers);
 * FUTEX_CMP_REQUEUE checks its value (EAGAIN); FUTEX_WAKE_OP changes the second word; an
 * unknown operation is ENOSYS.  Then two threads sleep on one word and are woken, and a signal
 * handler (without SA_RESTART) interrupts a FUTEX_WAIT: EINTR. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long fx(void *uaddr, int op, uint32_t val, const void *ts, void *uaddr2, uint32_t val3)
{
	long r = syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
	return r < 0 ? -errno : r;
}

static const char *name(long r)
{
	static char buf[32];
	switch (r) {
	case -EAGAIN: return "EAGAIN";
	case -EINVAL: return "EINVAL";
	case -EFAULT: return "EFAULT";
	case -ETIMEDOUT: return "ETIMEDOUT";
	case -ENOSYS: return "ENOSYS";
	case -EINTR: return "EINTR";
	default: snprintf(buf, sizeof buf, "%ld", r); return buf;
	}
}

static uint32_t word __attribute__((aligned(8)));
static uint32_t word2;
static int sleepers;

static void *sleeper(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&sleepers, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&word, __ATOMIC_SEQ_CST) == 0)
		fx(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	return NULL;
}

static volatile sig_atomic_t interrupted, handled;
static pthread_t main_thread;

static void on_usr1(int sig)
{
	(void)sig;
	handled = 1;
}

/* Keep signalling the main thread until one signal has interrupted its FUTEX_WAIT. */
static void *signaller(void *arg)
{
	(void)arg;
	while (!interrupted) {
		pthread_kill(main_thread, SIGUSR1);
		usleep(1000);
	}
	return NULL;
}

static void wait_for_eintr(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_usr1; /* no SA_RESTART */
	sigaction(SIGUSR1, &sa, NULL);
	main_thread = pthread_self();
	uint32_t never = 0;
	pthread_t t;
	if (pthread_create(&t, NULL, signaller, NULL) != 0)
		return;
	long r;
	while ((r = fx(&never, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0)) == 0)
		; /* a spurious wake-up, allowed by futex(2): wait again */
	interrupted = 1;
	pthread_join(t, NULL);
	printf("WAIT interrupted by a handler: %s, handler ran: %d\n", name(r), handled);
}

int main(void)
{
	struct timespec rel = {0, 20 * 1000 * 1000}; /* 20 ms */
	struct timespec past = {1, 0};               /* long gone on CLOCK_MONOTONIC */
	word = 1;
	printf("WAIT, word differs: %s\n", name(fx(&word, FUTEX_WAIT, 2, NULL, NULL, 0)));
	printf("WAIT, misaligned: %s\n", name(fx((char *)&word + 1, FUTEX_WAIT, 1, NULL, NULL, 0)));
	printf("WAIT, unmapped: %s\n", name(fx((void *)16, FUTEX_WAIT, 1, NULL, NULL, 0)));
	printf("WAIT, relative timeout: %s\n", name(fx(&word, FUTEX_WAIT, 1, &rel, NULL, 0)));
	printf("WAIT_PRIVATE, relative timeout: %s\n",
	       name(fx(&word, FUTEX_WAIT_PRIVATE, 1, &rel, NULL, 0)));
	printf("WAIT_BITSET, absolute time passed: %s\n",
	       name(fx(&word, FUTEX_WAIT_BITSET, 1, &past, NULL, FUTEX_BITSET_MATCH_ANY)));
	struct timespec soon;
	clock_gettime(CLOCK_REALTIME, &soon);
	soon.tv_nsec += 20 * 1000 * 1000;
	if (soon.tv_nsec >= 1000000000) {
		soon.tv_sec++;
		soon.tv_nsec -= 1000000000;
	}
	printf("WAIT_BITSET|CLOCK_REALTIME, absolute 20 ms ahead: %s\n",
	       name(fx(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 1, &soon, NULL,
	               FUTEX_BITSET_MATCH_ANY)));
	printf("WAIT_BITSET, bitset 0: %s\n", name(fx(&word, FUTEX_WAIT_BITSET, 1, NULL, NULL, 0)));
	printf("WAIT|CLOCK_REALTIME: %s\n",
	       name(fx(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 1, &rel, NULL, 0)));
	printf("WAKE, nobody sleeps: %s\n", name(fx(&word, FUTEX_WAKE, 1, NULL, NULL, 0)));
	printf("WAKE_BITSET, bitset 0: %s\n", name(fx(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0)));
	printf("CMP_REQUEUE, value differs: %s\n",
	       name(fx(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, &word2, 5)));
	printf("CMP_REQUEUE, value matches, nobody sleeps: %s\n",
	       name(fx(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, &word2, 1)));
	word2 = 10;
	/* op ADD 5 to word2, compare old value == 10: wake on both words (nobody sleeps). */
	uint32_t op = FUTEX_OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_EQ, 10);
	long r = fx(&word, FUTEX_WAKE_OP, 1, (void *)1, &word2, op);
	printf("WAKE_OP ADD 5: %s, word2 now %u\n", name(r), word2);
	printf("unknown operation 99: %s\n", name(fx(&word, 99, 1, NULL, NULL, 0)));

	word = 0;
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, sleeper, NULL) != 0)
			return 1;
	while (__atomic_load_n(&sleepers, __ATOMIC_SEQ_CST) < 2)
		sched_yield();
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
	long woken = fx(&word, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL, NULL, 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("both sleepers woken and joined; one wake woke at most 2: %d\n",
	       woken >= 0 && woken <= 2);
	wait_for_eintr();
	return 0;
}
