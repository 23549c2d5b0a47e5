/*
 * personality.h - which Linux version the kernel pretends to be (--kernel VERSION, Decisions 1
 * of linux-2.5-syscalls.md): uname's release, and the system calls that did not exist then.
 */
#ifndef PSE386_KERNEL_PERSONALITY_H
#define PSE386_KERNEL_PERSONALITY_H

#include <stddef.h>

struct kernel;

/* 0 when version is one the kernel can pretend to be ("2.4.N", "2.5.N", "2.6.N"), else -1 with
 * one line in err. */
int personality_check(const char *version, char *err, size_t errlen);

/* Whether system call nr exists in k's version (calls not in the table always do). */
int personality_has(const struct kernel *k, unsigned nr);

/* k's version as one number, major * 1000000 + minor * 1000 + patch (2.5.53 -> 2005053). */
long personality_version(const struct kernel *k);
#define KERNEL_VERSION_NUM(a, b, c) ((a)*1000000L + (b)*1000L + (c))

#endif
