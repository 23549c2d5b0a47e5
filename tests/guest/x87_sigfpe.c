/* x87_sigfpe.c - unmasked x87 exceptions: feenableexcept() clears mask bits in the control
 * word; the faulting operation only sets the flag, and the next waiting x87 instruction takes
 * #MF, which Linux turns into SIGFPE with an si_code from the unmasked flags (SDM vol. 1, 8.6;
 * Linux arch/i386/kernel/traps.c math_error()).  The handler leaves with siglongjmp. */
#define _GNU_SOURCE
#include <fenv.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static sigjmp_buf env;
static int handled;

/* The si_code is not printed: Linux 2.5 and current kernels derive it differently from C1/SF.
 * A kernel that returns to the handler with the exception still pending would fault again at
 * once; the counter turns that loop into a failure instead of a hang. */
static void on_fpe(int sig, siginfo_t *si, void *ctx)
{
	(void)si;
	(void)ctx;
	if (++handled > 3) {
		printf("  SIGFPE loop\n");
		fflush(stdout);
		_exit(3);
	}
	printf("  signal %d\n", sig);
	siglongjmp(env, 1);
}

static volatile double zero = 0, one = 1, big = 1e300;
static volatile double result;

int main(void)
{
	struct sigaction sa = {.sa_flags = SA_SIGINFO};
	sa.sa_sigaction = on_fpe;
	sigaction(SIGFPE, &sa, NULL);
	static const struct {
		const char *name;
		int exc;
	} k[] = {{"divbyzero", FE_DIVBYZERO}, {"invalid", FE_INVALID}, {"overflow", FE_OVERFLOW}};
	for (int i = 0; i < 3; i++) {
		printf("%s:\n", k[i].name);
		handled = 0;
		if (sigsetjmp(env, 1) == 0) {
			feclearexcept(FE_ALL_EXCEPT);
			feenableexcept(k[i].exc);
			switch (i) {
			case 0: result = one / zero; break;
			case 1: result = zero / zero; break;
			default: result = big * big; break;
			}
			printf("  no signal\n");
		}
		fedisableexcept(FE_ALL_EXCEPT);
		feclearexcept(FE_ALL_EXCEPT);
		printf("  masked again: %g\n", one / zero);
	}
	return 0;
}
