/*
 * check25.h - self-checking guest helpers: one line per check ("ok - ..." / "FAIL - ..."), a
 * final "N passed, N failed" line and exit status 0 only when every check passed; plus
 * /proc readers and a fault probe.  These guests use 2.5-only calls, so they are not compared
 * with a native run (tests/guest25/CMakeLists.txt).
 */
#ifndef PSE386_CHECK25_H
#define PSE386_CHECK25_H

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux25.h"

static int check_passed, check_failed;

__attribute__((format(printf, 2, 3))) static int check(int cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s - ", cond ? "ok" : "FAIL");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
	if (cond)
		check_passed++;
	else
		check_failed++;
	return cond;
}

/* A call that must fail with errno e. */
#define CHECK_ERR(call, e, what)                                                                   \
	do {                                                                                       \
		errno = 0;                                                                         \
		long r_ = (long)(call);                                                            \
		int e_ = errno;                                                                    \
		check(r_ == -1 && e_ == (e), "%s -> %s (got %ld, %s)", what, #e, r_,               \
		      strerror(e_));                                                               \
	} while (0)

static int check_done(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

/* The number after `key` on its line of the /proc text file `path`, or -1. */
static long proc_field(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	char line[256];
	long v = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, strlen(key)) == 0)
			v = strtol(line + strlen(key), NULL, 10);
	fclose(f);
	return v;
}

/* The value after `key` in /proc/meminfo, or -1. */
__attribute__((unused)) static long meminfo(const char *key)
{
	return proc_field("/proc/meminfo", key);
}

/* A field of /proc/self/status such as "VmLck:" (in kB), or -1. */
__attribute__((unused)) static long status_kb(const char *field)
{
	return proc_field("/proc/self/status", field);
}

__attribute__((unused)) static unsigned long hpage_size(void)
{
	return (unsigned long)meminfo("Hugepagesize:") * 1024;
}

__attribute__((unused)) static long read_nr_hugepages(void)
{
	FILE *f = fopen("/proc/sys/vm/nr_hugepages", "r");
	long v = -1;
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* Write text to /proc/sys/vm/nr_hugepages: 0, or -1 with errno. */
__attribute__((unused)) static int write_nr_hugepages(const char *text)
{
	FILE *f = fopen("/proc/sys/vm/nr_hugepages", "w");
	if (!f)
		return -1;
	int r = fputs(text, f) < 0 ? -1 : 0;
	if (fclose(f) != 0)
		r = -1;
	return r;
}

/* Whether reading (or writing) *p raises SIGSEGV. */
static sigjmp_buf probe_jmp;
static void probe_handler(int sig)
{
	(void)sig;
	siglongjmp(probe_jmp, 1);
}

__attribute__((unused)) static int faults(volatile char *p, int write)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = probe_handler;
	sigaction(SIGSEGV, &sa, &old);
	int faulted = 1;
	if (sigsetjmp(probe_jmp, 1) == 0) {
		if (write)
			*p = 1;
		else
			(void)*p;
		faulted = 0;
	}
	sigaction(SIGSEGV, &old, NULL);
	return faulted;
}

#endif
