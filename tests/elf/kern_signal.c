/* kern_signal.c - signal delivery on the i386 signal frame (kernel core).
 * Facts from sigaction(2), sigprocmask(2), sigaltstack(2), signal(7), alarm(2), pause(2),
 * sigsuspend(2). */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kern_check.h"

static volatile int got_sig, got_code;
static void *volatile got_addr;
static char *volatile ro_page; /* read by the handler: must be in memory before the fault */
static sigjmp_buf jb;
static char altstack[65536];
static volatile int on_alt;

static void on_usr1(int sig)
{
	got_sig = sig;
}

static volatile int alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* SIGSEGV handler that repairs the fault: the faulting instruction is restarted (sigaction(2):
 * returning from the handler of a fault resumes at the faulting instruction). */
static void fixup(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	got_addr = si->si_addr;
	mprotect(ro_page, 4096, PROT_READ | PROT_WRITE);
}

static void jump_out(int sig)
{
	(void)sig;
	siglongjmp(jb, 1);
}

static void on_alt_handler(int sig)
{
	char here;
	(void)sig;
	on_alt = &here >= altstack && &here < altstack + sizeof altstack;
}

int main(void)
{
	/* kill(2) to self: the handler runs before kill returns (signal(7), a signal sent to the
	 * calling process is delivered before the call returns if not blocked). */
	signal(SIGUSR1, on_usr1);
	kill(getpid(), SIGUSR1);
	CHECK(got_sig == SIGUSR1);

	/* sigprocmask(2): a blocked signal stays pending until unblocked. */
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	got_sig = 0;
	CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
	raise(SIGUSR1);
	CHECK(got_sig == 0);
	sigset_t pend;
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	CHECK(got_sig == SIGUSR1);

	/* SIGSEGV with SA_SIGINFO: si_code SEGV_ACCERR for a write to a read-only mapping,
	 * si_addr the faulting address (sigaction(2)). */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fixup;
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
	ro_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	got_sig = 0;
	*(volatile char *)(ro_page + 100) = 42; /* volatile: the store stays before the checks */
	CHECK(got_sig == SIGSEGV && got_code == SEGV_ACCERR && got_addr == ro_page + 100);
	CHECK(ro_page[100] == 42);

	/* SEGV_MAPERR for an address with no mapping. */
	signal(SIGSEGV, jump_out);
	if (sigsetjmp(jb, 1) == 0) {
		*(volatile int *)0x1000 = 1;
		CHECK(0);
	}
	/* The handler's mask was restored by siglongjmp(savesigs=1): SIGSEGV is not blocked. */
	CHECK(sigprocmask(SIG_BLOCK, NULL, &old) == 0 && !sigismember(&old, SIGSEGV));

	/* sigaltstack(2): a handler with SA_ONSTACK runs on the alternate stack. */
	stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
	CHECK(sigaltstack(&ss, NULL) == 0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alt_handler;
	sa.sa_flags = SA_ONSTACK;
	CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
	raise(SIGUSR2);
	CHECK(on_alt == 1);
	stack_t small = {.ss_sp = altstack, .ss_size = 100, .ss_flags = 0};
	CHECK(sigaltstack(&small, NULL) == -1 && errno == ENOMEM); /* below MINSIGSTKSZ */

	/* alarm(2) + pause(2): SIGALRM arrives, pause returns -1 with EINTR after the handler. */
	signal(SIGALRM, on_alarm);
	alarm(1);
	CHECK(pause() == -1 && errno == EINTR && alarms == 1);
	/* alarm returns the seconds left of the previous alarm; 0 cancels it. */
	alarm(5);
	CHECK(alarm(0) == 5);

	/* sigsuspend(2): waits with a temporary mask, returns -1/EINTR after the handler and
	 * restores the original mask (SIGALRM stays blocked here). */
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_BLOCK, &set, &old);
	alarm(1);
	sigset_t during;
	sigemptyset(&during);
	CHECK(sigsuspend(&during) == -1 && errno == EINTR && alarms == 2);
	CHECK(sigprocmask(SIG_BLOCK, NULL, &set) == 0 && sigismember(&set, SIGALRM));
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* rt_sigaction on SIGKILL is EINVAL (sigaction(2)). */
	CHECK(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL);
	return kern_failures;
}
