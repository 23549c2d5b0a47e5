/* kern_sigfpu.c - a signal handler starts with a clean x87 (Linux 2.5 arch/i386/kernel/i387.c
 * save_i387(): the state goes into the signal frame and used_math is cleared, so the handler's
 * first FPU use finds the FNINIT state), and sigreturn restores the interrupted FPU state. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "kern_check.h"

static sigjmp_buf back;
static volatile uint16_t handler_cw, handler_sw;
static volatile int handled;

static void on_fpe(int sig)
{
	(void)sig;
	uint16_t cw, sw;
	__asm__ volatile("fnstcw %0; fnstsw %1" : "=m"(cw), "=m"(sw));
	handler_cw = cw;
	handler_sw = sw;
	handled++;
	siglongjmp(back, 1);
}

static void on_usr1(int sig)
{
	(void)sig;
	/* Use the FPU in the handler: the interrupted code's registers must survive. */
	volatile double x = 1.0;
	for (int i = 0; i < 10; i++)
		x = x * 3.0 + 0.5;
	handled += x > 0;
}

int main(void)
{
	signal(SIGFPE, on_fpe);
	/* Unmask ZE (SDM vol. 1, 8.1.5): 1/0 is then an unmasked exception, reported as #MF at the
	 * next waiting x87 instruction (SDM vol. 1, 8.6), which Linux turns into SIGFPE. */
	uint16_t cw = 0x037b;
	if (sigsetjmp(back, 1) == 0) {
		/* DE F9 is FDIVP ST(1),ST(0) (SDM vol. 2, FDIV): ST(1) = 1 / 0.  Written as bytes
		 * because AT&T "fdivp" assembles to the reversed FDIVRP. */
		__asm__ volatile("fldcw %0; fld1; fldz; .byte 0xde, 0xf9; fwait" ::"m"(cw));
		CHECK(!"no SIGFPE");
	}
	CHECK(handled == 1);
	CHECK(handler_cw == 0x037f);     /* FNINIT control word: all exceptions masked */
	CHECK((handler_sw & 0x80) == 0); /* no pending exception (ES clear) */

	/* sigreturn gives back the interrupted FPU state (the value being computed survives). */
	uint16_t fresh = 0x037f;
	__asm__ volatile("fninit; fldcw %0" ::"m"(fresh));
	signal(SIGUSR1, on_usr1);
	volatile double v = 2.5;
	double before = v * 4.0;
	raise(SIGUSR1);
	double after = v * 4.0;
	CHECK(handled == 2);
	CHECK(before == after && after == 10.0);
	return kern_failures;
}
