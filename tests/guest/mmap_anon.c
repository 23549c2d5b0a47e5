/* Anonymous mmap/munmap/mprotect/mremap and brk/sbrk: contents kept, holes fault, protections
 * enforced (SIGSEGV). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <signal.h>
#include <setjmp.h>
#include <unistd.h>
#include <sys/mman.h>

#define PAGE 4096

static sigjmp_buf env;
static volatile void *fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)ctx;
	fault_addr = info->si_addr;
	fault_code = info->si_code;
	siglongjmp(env, 1);
}

/* Writes one byte at P; returns 1 if it faulted (the handler jumps back here). */
static int try_write(volatile unsigned char *p)
{
	fault_addr = NULL;
	if (sigsetjmp(env, 1) == 0) {
		*p = 1;
		return 0;
	}
	return 1;
}

static int try_read(volatile unsigned char *p)
{
	fault_addr = NULL;
	if (sigsetjmp(env, 1) == 0) {
		(void)*p;
		return 0;
	}
	return 1;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);

	unsigned char *m =
	    mmap(NULL, 64 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return 1;
	int zero = 1;
	for (int i = 0; i < 64 * PAGE; i += 512)
		zero &= m[i] == 0;
	printf("fresh anonymous memory is zero: %d\n", zero);
	for (int i = 0; i < 64 * PAGE; i++)
		m[i] = (unsigned char)(i / PAGE + i);
	/* POSIX munmap: later references to the range generate SIGSEGV. */
	munmap(m + 16 * PAGE, 8 * PAGE);
	int f = try_read(m + 20 * PAGE);
	printf("read in hole faults %d, si_addr right %d, SEGV_MAPERR %d\n", f,
	       fault_addr == m + 20 * PAGE, fault_code == SEGV_MAPERR);
	printf("neighbours intact %d %d\n", m[16 * PAGE - 1] == (unsigned char)(15 + 16 * PAGE - 1),
	       m[24 * PAGE] == (unsigned char)(24 + 24 * PAGE));
	mprotect(m, 4 * PAGE, PROT_READ);
	f = try_write(m + 2 * PAGE + 5);
	printf("write to read-only faults %d, si_addr right %d, SEGV_ACCERR %d, value kept %d\n", f,
	       fault_addr == m + 2 * PAGE + 5, fault_code == SEGV_ACCERR,
	       m[2 * PAGE + 5] == (unsigned char)(2 + 2 * PAGE + 5));
	mprotect(m, 4 * PAGE, PROT_NONE);
	printf("read of PROT_NONE faults %d\n", try_read(m + PAGE));
	mprotect(m, 4 * PAGE, PROT_READ | PROT_WRITE);
	printf("after restoring: write faults %d, old value %d\n", try_write(m + 3 * PAGE),
	       m[3 * PAGE + 1] == (unsigned char)(3 + 3 * PAGE + 1));
	unsigned char *tail = m + 40 * PAGE;
	unsigned char *grown = mremap(tail, 24 * PAGE, 200 * PAGE, MREMAP_MAYMOVE);
	int kept = grown != MAP_FAILED;
	for (int i = 0; kept && i < 24 * PAGE; i += 97)
		kept &= grown[i] == (unsigned char)(40 + i / PAGE + 40 * PAGE + i);
	printf("mremap grow keeps contents %d, new part zero %d\n", kept,
	       grown != MAP_FAILED && grown[150 * PAGE] == 0);
	/* brk: the break moves up and down, memory between is usable. */
	char *b0 = sbrk(0);
	char *b1 = sbrk(300000);
	memset(b1, 0x42, 300000);
	char *b2 = sbrk(0);
	printf("sbrk grew by %ld, old break returned %d\n", (long)(b2 - b0), b1 == b0);
	sbrk(-200000);
	printf("sbrk shrank to +%ld, still readable %d\n", (long)((char *)sbrk(0) - b0),
	       b1[99999] == 0x42);
	return 0;
}
