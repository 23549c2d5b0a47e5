/* A signal-handling thread (sigwait(3), sigtimedwait(2)): with SIGUSR1 and SIGUSR2 blocked in
 * every thread, a dedicated thread takes them with sigwaitinfo: one sent to the process with
 * kill() and one sent to that thread with pthread_kill(), both with the sender's pid (glibc's
 * sigtimedwait wrapper reports the kernel's SI_TKILL of the second as SI_USER, so both read
 * SI_USER).  sigtimedwait with a zero timeout, and with a 20 ms timeout when nothing comes,
 * fails with EAGAIN. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static sigset_t set;
static siginfo_t got[2];
static int ready;

static void *signal_thread(void *arg)
{
	(void)arg;
	__atomic_store_n(&ready, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < 2; i++)
		if (sigwaitinfo(&set, &got[i]) < 0)
			got[i].si_signo = -errno;
	return NULL;
}

static const char *code_name(int code)
{
	return code == SI_USER ? "SI_USER" : code == SI_TKILL ? "SI_TKILL" : "other";
}

int main(void)
{
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	struct timespec zero = {0, 0}, short_wait = {0, 20 * 1000 * 1000};
	int r = sigtimedwait(&set, NULL, &zero);
	printf("sigtimedwait, nothing pending, zero timeout: %s\n",
	       r < 0 && errno == EAGAIN ? "EAGAIN" : "other");
	r = sigtimedwait(&set, NULL, &short_wait);
	printf("sigtimedwait, nothing comes in 20 ms: %s\n",
	       r < 0 && errno == EAGAIN ? "EAGAIN" : "other");

	pthread_t t;
	if (pthread_create(&t, NULL, signal_thread, NULL) != 0)
		return 1;
	while (!__atomic_load_n(&ready, __ATOMIC_SEQ_CST))
		sched_yield();
	kill(getpid(), SIGUSR1);
	pthread_kill(t, SIGUSR2);
	pthread_join(t, NULL);
	if (got[0].si_signo > got[1].si_signo) { /* the order they are taken in may vary */
		siginfo_t tmp = got[0];
		got[0] = got[1];
		got[1] = tmp;
	}
	for (int i = 0; i < 2; i++)
		printf("taken: %s, %s, from this process: %d\n",
		       got[i].si_signo == SIGUSR1   ? "SIGUSR1"
		       : got[i].si_signo == SIGUSR2 ? "SIGUSR2"
		                                    : "other",
		       code_name(got[i].si_code), got[i].si_pid == getpid());
	return 0;
}
