/*
 * personality.c - the kernel's version personality (--kernel VERSION): a table of the system
 * calls that came and went during 2.4/2.5, so that a program sees -ENOSYS where that kernel's
 * sys_call_table held sys_ni_syscall (linux-2.5-syscalls.md Decisions 1, sections 1.3 and 3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "personality.h"

/* A version as one number: 2.5.53 -> 2005053. */
#define KV(a, b, c) ((a)*1000000L + (b)*1000L + (c))
#define KV_NEVER    KV(99, 0, 0)

static const struct syscall_era {
	unsigned nr;
	const char *name;
	long first; /* first version where it works */
	long gone;  /* first version where it returns -ENOSYS again */
} eras[] = {
    /* 2.5.36 commit 70c6b1ea93 wired them; 2.5.54 commit e16a2cf28b removed them (section 1.3);
     * 2.4.20 has the numbers but -ENOSYS (alloc_hugepages(2)). */
    {250, "alloc_hugepages", KV(2, 5, 36), KV(2, 5, 54)},
    {251, "free_hugepages", KV(2, 5, 36), KV(2, 5, 54)},
    /* 2.5.46 commit 1a1ec2db98 "sys_remap_file_pages" (section 3.1). */
    {257, "remap_file_pages", KV(2, 5, 46), KV_NEVER},
};

/* "A.B.C" with small decimal numbers, nothing after; -1 otherwise. */
static long parse_version(const char *s)
{
	long part[3];
	for (int i = 0; i < 3; i++) {
		if (*s < '0' || *s > '9')
			return -1;
		char *end;
		part[i] = strtol(s, &end, 10);
		if (end - s > 3)
			return -1;
		s = end;
		if (i < 2 && *s++ != '.')
			return -1;
	}
	if (*s)
		return -1;
	return KV(part[0], part[1], part[2]);
}

int personality_check(const char *version, char *err, size_t errlen)
{
	long v = parse_version(version);
	/* The kernels whose system-call tables the spec describes: 2.4.x, 2.5.x, 2.6.x. */
	if (v < KV(2, 4, 0) || v >= KV(2, 7, 0)) {
		snprintf(err, errlen, "--kernel %s: expected a version 2.4.N, 2.5.N or 2.6.N",
		         version);
		return -1;
	}
	return 0;
}

long personality_version(const struct kernel *k)
{
	return parse_version(k->version);
}

int personality_has(const struct kernel *k, unsigned nr)
{
	for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
		if (eras[i].nr != nr)
			continue;
		long v = parse_version(k->version);
		return v >= eras[i].first && v < eras[i].gone;
	}
	return 1;
}
