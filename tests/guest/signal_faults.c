/* Synchronous hardware signals caught by handlers: SIGSEGV (null page), SIGFPE (integer division by
 * zero), SIGILL (ud2). */
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <setjmp.h>

static sigjmp_buf env;
static volatile int got_sig, got_code;

static void handler(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	got_sig = sig;
	got_code = info->si_code;
	siglongjmp(env, 1);
}

static volatile int zero = 0;
static volatile int *volatile null_ptr = 0;

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	for (int round = 0; round < 3; round++) {
		if (sigsetjmp(env, 1) == 0)
			(void)*null_ptr;
		printf("null read: SIGSEGV %d SEGV_MAPERR %d\n", got_sig == SIGSEGV,
		       got_code == SEGV_MAPERR);
		got_sig = 0;
		if (sigsetjmp(env, 1) == 0)
			*null_ptr = 5;
		printf("null write: SIGSEGV %d\n", got_sig == SIGSEGV);
		got_sig = 0;
		if (sigsetjmp(env, 1) == 0)
			printf("not reached %d\n", 100 / zero);
		/* The #DE of DIV/IDIV is reported as SIGFPE with FPE_INTDIV (siginfo(2)). */
		printf("divide by zero: SIGFPE %d FPE_INTDIV %d\n", got_sig == SIGFPE,
		       got_code == FPE_INTDIV);
		got_sig = 0;
		if (sigsetjmp(env, 1) == 0)
			__asm__ volatile("ud2");
		printf("ud2: SIGILL %d ILL_ILLOPN %d\n", got_sig == SIGILL, got_code == ILL_ILLOPN);
		got_sig = 0;
	}
	return 0;
}
