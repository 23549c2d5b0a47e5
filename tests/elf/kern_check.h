/* kern_check.h - CHECK() for the self-checking kernel guests: prints each failed fact and
 * counts it; main returns the count (0 = every fact held). */
#ifndef KERN_CHECK_H
#define KERN_CHECK_H
#include <stdio.h>

static int kern_failures;
#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                     \
			kern_failures++;                                                           \
		}                                                                                  \
	} while (0)
#endif
