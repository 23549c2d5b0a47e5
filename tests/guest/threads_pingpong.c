/* threads_pingpong [ROUNDS]: two threads of one process hand a turn back and forth ROUNDS times
 * through a futex word (futex(2): FUTEX_WAIT sleeps while the word holds the value it was
 * given, FUTEX_WAKE wakes a sleeper), so each side sleeps once per round.  The thread version
 * of tests/demo/pingpong.c; tests/threads_ctxswitch.py reads its statistics. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static int turn; /* 0: main's turn, 1: the other thread's */
static int rounds = 200;
static long passes[2];

static void wait_turn(int me)
{
	int t;
	while ((t = __atomic_load_n(&turn, __ATOMIC_SEQ_CST)) != me)
		syscall(SYS_futex, &turn, FUTEX_WAIT_PRIVATE, t, NULL, NULL, 0);
}

static void give_turn(int to)
{
	__atomic_store_n(&turn, to, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, &turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void play(int me)
{
	for (int i = 0; i < rounds; i++) {
		wait_turn(me);
		passes[me]++;
		give_turn(!me);
	}
}

static void *other(void *arg)
{
	(void)arg;
	play(1);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		rounds = atoi(argv[1]);
	pthread_t t;
	if (pthread_create(&t, NULL, other, NULL) != 0)
		return 1;
	play(0);
	pthread_join(t, NULL);
	printf("%ld and %ld passes, %d round trips\n", passes[0], passes[1], rounds);
	return 0;
}
