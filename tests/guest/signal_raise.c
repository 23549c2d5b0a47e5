/* Signal handlers: raise() delivers SIGUSR1/SIGUSR2 synchronously, sigaction with a mask, SIG_IGN.
 */
#include <stdio.h>
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t got_usr1, got_usr2, last_sig;

static void on_usr1(int sig)
{
	got_usr1++;
	last_sig = sig;
}

static void on_usr2(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	got_usr2++;
	last_sig = sig;
	if (info->si_signo != sig)
		got_usr2 += 100;
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	for (int i = 0; i < 5; i++)
		raise(SIGUSR1);
	printf("usr1 handled %d times, last %d\n", (int)got_usr1, (int)last_sig);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr2;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	printf("usr2 handled %d, last %d\n", (int)got_usr2, (int)last_sig);
	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	printf("ignored usr1, count still %d\n", (int)got_usr1);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, &old);
	raise(SIGUSR2);
	printf("blocked usr2, count still %d\n", (int)got_usr2);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("unblocked usr2, count now %d\n", (int)got_usr2);
	return 0;
}
